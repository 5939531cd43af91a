"""Reported speech: what a source is said to have said, without quotation marks.

"Peskov told reporters that the visit would continue", "Kim is expected to visit Vladivostok, officials said",
"According to TASS, Kim visited an aviation plant". Most of what news stories attribute is paraphrased (in PolNeAR,
71 % of the attributions have no quotation marks), and a fact-checker needs to know whom each claim rests on.

Only sentences that hold a speech verb (:data:`~newsweave.nlp.speakers.SPEECH_VERBS`) or "according to" are looked
at, and spaCy parses those alone (:func:`~newsweave.nlp.spacy_model.parse`). In each parse:

* a speech verb with a subject and a clausal complement (``ccomp``): the complement is what was said, the subject
  who said it. The parser gives both word orders this shape: "X said the visit would continue" and "The visit will
  continue, X said";
* "according to X": X said the clause that the phrase modifies.

A statement that is mostly a direct quotation newsweave keeps (:mod:`newsweave.nlp.quotes`) is left to the
quotation; one that merely holds a quoted word or phrase ("X said Machado was “disgusting” and “a con”") is kept,
marks and all. The speaker is named as a quotation's is
(:meth:`~newsweave.nlp.speakers.Attributor.reported_speaker`): pronouns resolved, names resolved to their entity,
short descriptions ("officials") kept as written. A statement of fewer
than ``MIN_WORDS`` words, or one with no speaker, is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.model import ArticleId, Mention, Quote, Sentence
from newsweave.nlp.entities import EntityIndex
from newsweave.nlp.quotemarks import find_marked
from newsweave.nlp.sentences import Span
from newsweave.nlp.spacy_model import parse
from newsweave.nlp.speakers import CUE, SPEECH_VERBS, Attributor, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MIN_WORDS = 4  # a reported statement shorter than this says too little to cross-check
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_CLAUSE_SUBJECTS = _SUBJECTS | {"expl", "csubj", "csubjpass"}  # a reported clause states something of a subject
_RELATIVE = frozenset({"who", "which", "that", "whom"})  # "the minister, who said …": the subject is elsewhere
# The words a subject's name runs on with: "South Korea and the United States", and a name right after its
# description with no comma between ("the group Marrow Strait Trust"), which spaCy attaches as an apposition.
_NAME_PARTS = frozenset({"cc", "conj", "compound", "det", "amod", "flat", "appos"})
_QUESTION_WORDS = frozenset({"whether", "if", "how", "what", "why", "when", "where", "who", "which"})
# Not a source anyone can check: "according to reports", "media reports said".
_VAGUE = frozenset({"reports", "report", "media reports", "media", "reporting", "sources"})


@dataclass(frozen=True)
class _Statement:
    """One reported statement in a parsed sentence; offsets are into the sentence."""

    content: tuple[int, int]
    speaker: tuple[int, int]
    cue: str


def parse_candidates(articles: Sequence[Sequence[Sentence]]) -> list[dict[int, Doc]]:
    """For each article's sentences, the parses of those that may report speech (a speech verb or "according to"),
    keyed by sentence index: one batched parser pass over every article, so that spaCy's batching pays off."""
    candidates = [[s for s in sentences if CUE.search(s.text)] for sentences in articles]
    parsed = iter(parse([s.text for sentences in candidates for s in sentences]))
    return [{s.index: next(parsed) for s in sentences} for sentences in candidates]


def find_reported(
    article_id: ArticleId,
    text: str,
    paragraphs: Sequence[Span],
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    index: EntityIndex,
    parses: Mapping[int, Doc],
    quotes: Sequence[Quote] = (),
) -> tuple[Quote, ...]:
    """The reported statements of one article, in reading order; ``parses`` are its :func:`parse_candidates` and
    ``quotes`` its direct quotations."""
    attributor = Attributor(text, paragraphs, sentences, mentions, index, find_marked(text, paragraphs))
    quoted = sorted(part for quote in quotes for part in quote.parts or ((quote.start, quote.end),))
    found: list[Quote] = []
    latest: tuple[Speaker, Sentence] | None = None  # the source of the statement before, and where it was
    for sentence in sentences:
        doc = parses.get(sentence.index)
        for statement in _statements(doc) if doc is not None else ():
            first, last = (sentence.start + offset for offset in statement.speaker)
            speaker = attributor.reported_speaker(first, last, statement.cue) or _same_source(
                text[first:last], first, statement.cue, sentence, latest
            )
            start, end = (sentence.start + offset for offset in statement.content)
            if speaker is None or not speaker.name or speaker.name.casefold() in _VAGUE:
                continue
            if len(text[start:end].split()) < MIN_WORDS or _mostly_quoted(start, end, quoted):
                continue
            latest = (speaker, sentence)
            found.append(
                Quote(
                    article_id=article_id,
                    text=text[start:end],
                    speaker=speaker.name,
                    start=start,
                    end=end,
                    sentences=(sentence.index,),
                    speaker_start=speaker.start,
                    speaker_end=speaker.end,
                    cue=statement.cue,
                    parts=((start, end),),
                    direct=False,
                )
            )
    return tuple(found)


def _same_source(
    pronoun: str, position: int, cue: str, sentence: Sentence, latest: tuple[Speaker, Sentence] | None
) -> Speaker | None:
    """ "It said" / "they said" in the sentence after a statement of an organisation or group, in the same
    paragraph: that source again ("The coastguard said … . It said …"). Only then: elsewhere the antecedent of "it"
    or "they" is a guess, and a person is never "it"."""
    if pronoun.casefold() not in ("it", "they") or latest is None:
        return None
    source, where = latest
    if source.person or where.paragraph != sentence.paragraph or sentence.index - where.index > 1:
        return None
    return Speaker(source.name, position, position + len(pronoun), cue, False)


def _mostly_quoted(start: int, end: int, quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether direct quotations cover at least half of ``text[start:end]``: then the statement is the quotation."""
    covered = sum(max(0, min(end, b) - max(start, a)) for a, b in quoted)
    return covered * 2 >= end - start


def _statements(doc: Doc) -> list[_Statement]:
    out = []
    for token in doc:
        folded = token.text.casefold()
        if folded in SPEECH_VERBS:
            subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if subject is None or clause is None or subject.text.casefold() in _RELATIVE:
                continue
            if not any(c.dep_ in _CLAUSE_SUBJECTS for c in clause.children):
                continue  # "warned North Korea would pay": the parse split the clause from its subject
            if any(c.dep_ == "neg" for c in token.children):  # "did not say how many were on board"
                continue
            content, speaker = _clause(clause), _subject(subject)
            if content[1] <= token.idx and "," not in doc.text[content[1] : speaker[0]]:
                continue  # "… cargo was fruit and parts bound for …, an agent said": the parse lost the subject
            out.append(_Statement(content, speaker, token.text))
        elif folded == "according":
            to = next((c for c in token.children if c.text.casefold() == "to"), None)
            source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if source is not None and token.head is not token:
                out.append(_Statement(_clause(token.head, token), _subject(source), "according to"))
    return [s for s in out if s.content[0] < s.content[1] and not _question(doc.text[s.content[0] : s.content[1]])]


def _question(clause: str) -> bool:
    """An indirect question ("whether the captain held one") reports what was asked or not known, not a claim."""
    return clause.split(maxsplit=1)[0].casefold() in _QUESTION_WORDS


def _clause(head: Token, attribution: Token | None = None) -> tuple[int, int]:
    """Character span of ``head``'s clause without the ``attribution`` phrase inside it ("according to X"), a
    leading "that" and edge punctuation; a quotation opened inside the clause is followed to its closing mark."""
    left_out = {t.i for t in attribution.subtree} if attribution is not None else set()
    kept = [t for t in head.subtree if t.i not in left_out]
    while kept and (kept[0].is_punct or (kept[0].dep_ == "mark" and kept[0].text.casefold() == "that")):
        kept.pop(0)
    while kept and kept[-1].is_punct:
        kept.pop()
    if not kept:
        return (0, 0)
    start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
    return start, _past_open_quotation(head.doc.text, start, end)


def _past_open_quotation(text: str, start: int, end: int) -> int:
    """``end``, or the end of the closing mark of a quotation the span opens but does not close (“a few more days”)."""
    piece = text[start:end]
    unclosed = piece.count("“") > piece.count("”") or piece.count('"') % 2 == 1
    if not unclosed:
        return end
    closing = min((i for i in (text.find("”", end), text.find('"', end)) if i >= 0), default=-1)
    return closing + 1 if closing >= 0 else end


def _subject(subject: Token) -> tuple[int, int]:
    """The subject's words up to its head, any coordinated names and a name in close apposition: "Kremlin spokesman
    Dmitry Peskov", "South Korea and the United States", "the operator Islink Ferries"; not an apposition set off by
    a comma or a relative clause after it (", who is visiting Seoul,"): the loop stops at the first punctuation."""
    last = subject
    for token in subject.doc[subject.i + 1 : subject.right_edge.i + 1]:
        if token.dep_ not in _NAME_PARTS:
            break
        last = token
    return subject.left_edge.idx, last.idx + len(last.text)
