"""Who said a quotation: the name, pronoun or description next to a speech verb.

Patterns, tried in this order for each quotation:

0. the speaker label of a quoted transcript's turn ("PENCE: …), written in capitals and read as a name ("Pence");
1. after it, in its sentence: “…,” X said / “…,” said X / “…,” X told reporters (the verb within a dozen words,
   or further when X is a name followed by an apposition) / “…” ― X (a signature after a dash);
2. before it, in its sentence: X said: “…” / X told reporters: “…” / X emphasised …, recalling, “…” (the speech
   verb nearest the quotation; its subject is the speaker);
3. the previous quotation's speaker, when this one follows it in the same paragraph, or opens the paragraph right
   after a paragraph that ended with an attributed quotation (“…,” he said. / “…”);
4. for a quotation that opens its sentence: the sentence before (in its paragraph, or ending the paragraph before
   when the quotation opens a paragraph), when that sentence holds no quotation of its own: the subject of its
   speech verb, or else – when it is in the same paragraph or ends with a colon – its first person in subject
   position ("Spokeswoman Marit Quell described the scene. “The bow is …”").

A speaker is a named entity (or a capitalised name) at the subject position, a pronoun, or a description such as
"the Russian government" or "the ad’s narrator", kept as written without its article. Pronouns ("she said", "it
said") resolve to the most recent earlier person (he, she) or organisation or described speaker (it, they) in
subject position outside quotations: opening its clause (past titles and descriptors), not a possessive.

A speaker's offsets are those of the words that attribute the quotation: the name or description, or the pronoun
itself for "she said" (its resolved name is the speaker); a quotation that inherits its speaker points at the
earlier attribution.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.model import Mention, Sentence
from newsweave.nlp.entities import EntityIndex
from newsweave.nlp.names import ROLES, has_honorific, strip_article, strip_possessive
from newsweave.nlp.quotemarks import LABEL, Marked
from newsweave.nlp.sentences import Span

_STEMS = """say tell add state note explain declare insist warn write recall emphasize emphasise stress ask reply
respond continue announce argue claim acknowledge admit confirm comment observe remark suggest tweet post quip joke
caution concede predict promise vow pledge urge reiterate repeat conclude boast complain counter shout express
describe call demand wonder answer recount muse lament testify charge contend maintain assert allege exclaim yell
scream cry sigh laugh scoff retort interject remind assure inform advise propose reflect reason speculate confess
deny dispute object protest grumble plead beg implore question challenge rebut affirm proclaim accuse blast slam
criticize criticise praise hail thunder brag swear threaten mention elaborate clarify summarize summarise email
text inquire underline underscore highlight report""".split()
# Only past forms of the stems above: "states", "report", "claims", "warning" or "call" are as often nouns. These
# other forms are verbs often enough to count.
_OTHER_FORMS = """said says say told tells tell wrote writes write swore cried adds add asks ask explains insists
warns argues recalls continues reads read saying adding noting telling explaining recalling insisting stressing
emphasizing emphasising arguing asking describing calling tweeting chanting""".split()


def _past(stem: str) -> str:
    if stem.endswith("e"):
        return stem + "d"
    return stem[:-1] + "ied" if stem.endswith("y") and stem[-2] not in "aeiou" else stem + "ed"


_VERBS = sorted(
    {_past(stem) for stem in _STEMS if stem not in ("say", "tell", "write", "swear")} | set(_OTHER_FORMS),
    key=len,
    reverse=True,
)
CUE = re.compile(r"\b(?:according to|" + "|".join(_VERBS) + r")\b", re.IGNORECASE)
SPEECH_VERBS = frozenset(_VERBS)  # the verb forms CUE matches, lower-case
# Verbs that may come before their subject: “…,” said Denis Manturov / according to the ministry.
_INVERTED = frozenset(
    "said says added adds asked asks wrote writes continued explained insisted replied recalled noted".split()
)
SPEAKER_NOUNS = frozenset(
    """government ministry department office spokesman spokeswoman spokesperson spokespeople official officials
    agency police army military embassy council committee commission authorities administration leader leaders
    president minister governor mayor diplomat diplomats analyst analysts expert experts source sources aide
    aides adviser advisers advisor advisors lawmaker lawmakers senator campaign company firm group organisation
    organization service media newspaper channel broadcaster residents witnesses officer officers commander
    prosecutor prosecutors lawyer lawyers attorney court judge secretary chief head director staff party
    parliament union alliance palace bank board regulator watchdog kremlin statement report""".split()
)
MAX_WORDS_BEFORE_VERB = 12  # “…,” <at most this many words> said
MAX_DESCRIPTION_WORDS = 6  # “…,” <a description this long> said
MAX_ATTRIBUTION_WORDS = 6  # “…?” <a sentence this short that attributes the quotation>
LOOKBACK_PARAGRAPHS = 4  # a pronoun's antecedent is looked for this far back (counting its own paragraph)
# Capitalised words that start sentences without being names.
_NOT_NAMES = frozenset(
    """the a an but and or so yet however moreover also meanwhile it this that these those he she they we i you
    after before when while if as in on at for with since although though because then now still later earlier
    asked speaking instead indeed even only just there here what why how where who both all some many most one
    two three mr mrs ms dr""".split()
)
_CLAUSE_STARTS = frozenset(
    """and but or while that when as because after before although though since if then so whereas where
    meanwhile also later earlier""".split()
)
_TOKEN = re.compile(r"[\w’'.-]+|[^\w\s]")
_PRONOUN_END = re.compile(r"\b(he|she|it|they)$", re.IGNORECASE)
_PRONOUN_START = re.compile(r"(he|she|it|they)\b", re.IGNORECASE)
_PRONOUN_OPENING = re.compile(r"(?:(?:but|and|then|so|yet)\s+)?(he|she|it|they)\b", re.IGNORECASE)
_FILLER_END = re.compile(
    r"(?:\s+|^)(?:also|later|then|earlier|again|has|have|had|would|will|previously|separately|further"
    r"|reportedly|once|recently|publicly|privately|repeatedly|subsequently|often"
    r"|frequently|always|(?:on|last|this)\s+[A-Z][a-z]+day"
    r"(?:\s+(?:morning|afternoon|evening|night))?)$"
)
_NAME_END = re.compile(r"(?:[A-Z][\w.’'-]*\s+)*[A-Z][\w.’'-]*$")
_NAME_START = re.compile(r"[A-Z][\w’'-]*(?:\.?\s+[A-Z][\w’'-]*)*")
_SIGNATURE = re.compile(r"[\s,]*[―—–-]+\s*(?=[A-Z])")
_WORD = re.compile(r"[\w’'.-]+")
_AFTER_CUT = re.compile(r"[,;:!?()—–]|\s(?:who|which|in|on|at|to|after|before|during|as|when|that)\s")
_ARTICLES = ("the ", "a ", "an ")
_DETERMINERS = frozenset("the a an another one his her their its our my your some several many two three four".split())
_FUNCTION_WORDS = frozenset("the a an of and or to in on at for with by he she it they we i you who that".split())
_CLAUSE_OPENERS = tuple(":,;—–-(")


@dataclass(frozen=True)
class Speaker:
    """The speaker of a quotation as read from the text."""

    name: str | None  # resolved name; None when nobody is named
    start: int | None  # where the attribution names the speaker: the name, description or pronoun as written
    end: int | None
    cue: str | None
    person: bool = False


@dataclass(frozen=True)
class _Referent:
    start: int
    end: int
    name: str
    person: bool


class Attributor:
    """Finds the speakers of one text's quotations, which must be attributed in reading order."""

    def __init__(
        self,
        text: str,
        paragraphs: Sequence[Span],
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        index: EntityIndex,
        quotes: Sequence[Marked],
    ) -> None:
        self.text, self.paragraphs, self.sentences, self.index = text, paragraphs, sentences, index
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self._mention_starts = [m.start for m in self.mentions]
        self.quotes = quotes
        self._sentence_starts = [s.start for s in sentences]
        self._paragraph_starts = [start for start, _ in paragraphs]
        self._inside = sorted((q.open_mark, q.end) for q in quotes)
        self._spoken: list[_Referent] = []  # speakers found so far, in reading order
        self._found: dict[int, Speaker] = {}  # quotation number -> its speaker

    def attribute(self, number: int) -> tuple[Speaker | None, bool]:
        """The speaker of quotation ``number``, and whether a speech verb (or signature) was next to it.

        A fragment inside running text is only attributed through a speech verb in its own sentence: a title or
        a scare quote next to somebody else's quotation is not theirs.
        """
        quote = self.quotes[number]
        direct = self._turn(quote) or self._after(quote, number) or self._before(quote, number)
        speaker = direct
        if direct is None and self.is_clause(quote, number):
            speaker = self._inherited(quote, number) or self._lead_in(quote)
        if speaker and speaker.name and speaker.start is not None and speaker.end is not None:
            self._spoken.append(_Referent(speaker.start, speaker.end, speaker.name, speaker.person))
            self._found[number] = speaker
        return speaker, direct is not None

    def reported_speaker(self, start: int, end: int, cue: str) -> Speaker | None:
        """The speaker named by a speech verb's subject, written at ``text[start:end]``: a pronoun resolved to its
        antecedent, a name resolved to its entity, or a short description kept as written ("officials", "the
        Kremlin"). None for "I" or "we" (a columnist's own view), for anything longer than a description, and for
        "it" and "they": their antecedents (an outlet, a government, "diplomats" two sentences back) are too often
        guessed wrong, and a statement pinned on the wrong source is worse than one left out."""
        written = self.text[start:end].strip()
        offset = start + self.text[start:end].index(written)
        folded = written.casefold()
        if folded in ("i", "we", "it", "they"):
            return None
        if folded in ("he", "she"):
            spoken = self._pronoun(written, offset, cue)
            return spoken if spoken.name else None
        if " and " in written and len(written.split()) <= 2 * MAX_DESCRIPTION_WORDS:  # "South Korea and the US"
            return Speaker(strip_article(written), offset, offset + len(written), cue, False)
        name = _NAME_END.search(written)  # the name the phrase ends on: "the environmental group Marrow Strait Trust"
        if name is not None and name.group(0).casefold() not in _NOT_NAMES:
            return self._named(offset + name.start(), offset + name.end(), cue, False)
        if len(written.split()) > MAX_DESCRIPTION_WORDS:
            return None
        return Speaker(strip_article(written), offset, offset + len(written), cue, False)

    def is_clause(self, quote: Marked, number: int) -> bool:
        """Whether a quotation stands as a clause (not a fragment inside running text)."""
        start, end = self.pre(quote, number)
        before = self.text[start:end].rstrip()
        if not before or before.endswith(_CLAUSE_OPENERS):
            return True
        return self.text[quote.start].isupper() and CUE.search(before) is not None

    def pre(self, quote: Marked, number: int) -> Span:
        """The text before a quotation in its sentence, after any earlier quotation there."""
        start = self._sentence(quote.open_mark).start
        if number and (previous := self.quotes[number - 1]).close_mark is not None:
            start = max(start, previous.close_mark + 1)
        return start, quote.open_mark

    # --- patterns ----------------------------------------------------------------------------------------------

    def _turn(self, quote: Marked) -> Speaker | None:
        label = LABEL.match(self.text, quote.open_mark + 1, quote.start)
        if label is None:
            return None
        written = label.group(1)
        name = written.title() if written.isupper() else written  # entities are known by their usual spelling
        entity = self.index.lookup(name)
        return Speaker(entity.name if entity else name, label.start(1), label.end(1), None, True)

    def _after(self, quote: Marked, number: int) -> Speaker | None:
        if quote.close_mark is None:
            return None
        start = quote.close_mark + 1
        sentence = self._sentence(quote.close_mark)
        end = sentence.end
        if not self.text[start:end].strip() and (following := self._next_in_paragraph(sentence)):
            if signature := self._signature(following.start, following.end):
                return signature
            if len(following.text.split()) <= MAX_ATTRIBUTION_WORDS:  # “…?” Vitter demanded.
                start, end = following.start, following.end
        if number + 1 < len(self.quotes):
            end = min(end, self.quotes[number + 1].open_mark)
        if signature := self._signature(start, end):
            return signature
        cue = CUE.search(self.text, start, end)
        if cue is None:
            return None
        before = self.text[start : cue.start()]
        if not before.strip(" ,\u00a0—–-"):
            return self._subject_after(cue.end(), end, cue.group())
        if len(_WORD.findall(before)) > MAX_WORDS_BEFORE_VERB and not self._apposition(start, cue.start()):
            return None
        return self._subject_before(start, cue.start(), cue.group(), first_person=True) or self._description(
            start, cue.start(), cue.group()
        )

    def _next_in_paragraph(self, sentence: Sentence) -> Sentence | None:
        following = sentence.index + 1
        if following < len(self.sentences) and self.sentences[following].paragraph == sentence.paragraph:
            return self.sentences[following]
        return None

    def _signature(self, start: int, end: int) -> Speaker | None:
        """A name alone after a dash that ends the sentence: “…” ― Sonya Herridge."""
        dash = _SIGNATURE.match(self.text, start, end)
        name = _NAME_START.match(self.text, dash.end(), end) if dash else None
        if (
            name is None
            or name.group().split()[0].casefold() in _NOT_NAMES
            or self.text[name.end() : end].strip(" .\u00a0")
        ):
            return None
        return self._named(name.start(), name.end(), None, False)

    def _before(self, quote: Marked, number: int) -> Speaker | None:
        start, end = self.pre(quote, number)
        cues = list(CUE.finditer(self.text, start, end))
        if not cues:
            return None
        cue = cues[-1]
        at_start = start == self._sentence(quote.open_mark).start
        if speaker := self._subject_before(start, cue.start(), cue.group(), first_person=at_start):
            return speaker
        opens_clause = not self.text[start : cue.start()].strip(" ,;:\u00a0—–-")
        if opens_clause and (speaker := self._subject_after(cue.end(), end, cue.group())):
            return speaker
        earlier = self._found.get(number - 1)  # Kim expressed “…” for Putin, describing it as “…”
        return (
            None
            if at_start or earlier is None
            else Speaker(earlier.name, earlier.start, earlier.end, cue.group(), earlier.person)
        )

    def _inherited(self, quote: Marked, number: int) -> Speaker | None:
        last = self._found.get(number - 1)
        if last is None:
            return None
        previous = self.quotes[number - 1]
        here, there = self._paragraph(quote.open_mark), self._paragraph(previous.end)
        follows = here == there or (
            here == there + 1
            and self._starts_paragraph(quote)
            and self._sentence(previous.end).index == self._last_sentence(there).index
        )
        return Speaker(last.name, last.start, last.end, None, last.person) if follows else None

    def _lead_in(self, quote: Marked) -> Speaker | None:
        """The speaker named in the sentence before a quotation that opens its own sentence."""
        sentence = self._sentence(quote.open_mark)
        position = bisect.bisect_right(self._sentence_starts, sentence.start) - 1
        if position < 1 or self.text[sentence.start : quote.open_mark].strip():
            return None
        previous = self.sentences[position - 1]
        same_paragraph = previous.paragraph == sentence.paragraph
        if not same_paragraph and (previous.paragraph != sentence.paragraph - 1 or not self._starts_paragraph(quote)):
            return None
        if any(q.open_mark < previous.end and previous.start < q.end for q in self.quotes):
            return None  # a quotation there: its own attribution (or the lack of one) is not about this one
        cues = list(CUE.finditer(self.text, previous.start, previous.end))
        if cues:
            cue = cues[-1]
            return self._subject_before(previous.start, cue.start(), cue.group(), first_person=True)
        if same_paragraph or previous.text.rstrip().endswith(":"):
            subjects = [m for m in self._mentions_in(previous.start, previous.end) if self._subject_like(m)]
            people = [m for m in subjects if m.kind == "PERSON"]
            if people:
                return self._named(people[0].start, people[0].end, None, True)
            if previous.text.rstrip().endswith(":"):  # The Daily Ledger reports: “…”
                return self._opening_name(previous, subjects)
        return None

    # --- subjects ----------------------------------------------------------------------------------------------

    def _subject_before(self, start: int, end: int, cue: str, first_person: bool) -> Speaker | None:
        """The speaker written just before a speech verb; else, if ``first_person``, the window's first person."""
        window = self.text[start:end].rstrip()
        while (filler := _FILLER_END.search(window)) and filler.start() > 0:
            window = window[: filler.start()].rstrip()
        end = start + len(window)
        if not window:
            return None
        if pronoun := _PRONOUN_END.search(window):
            return self._pronoun(pronoun.group(1), start + pronoun.start(), cue)
        if mention := self._mention_ending(start, end):
            return self._named(mention.start, mention.end, cue, mention.kind == "PERSON")
        if nominal := self._nominal(start, end, cue):
            return nominal
        if name := _NAME_END.search(window):
            begin = start + name.start()
            for word in name.group().split():
                if word.casefold() not in _NOT_NAMES:
                    return self._named(self.text.index(word, begin), end, cue, False)
                begin += len(word)
        if described := self._description(start, end, cue):
            return described
        if not first_person:
            return None
        if pronoun := _PRONOUN_OPENING.match(window):  # He then defended the remark, saying, “…”
            return self._pronoun(pronoun.group(1), start + pronoun.start(1), cue)
        return self._first_person(start, end, cue)

    def _subject_after(self, start: int, end: int, cue: str) -> Speaker | None:
        """The speaker written just after a speech verb ("said Russia's minister Denis Manturov, who ...")."""
        if cue.casefold() not in _INVERTED and cue.casefold() != "according to":
            return None
        while start < end and self.text[start].isspace():
            start += 1
        cut = _AFTER_CUT.search(self.text, start, end)
        end = cut.start() if cut else end
        window = self.text[start:end].rstrip(" .")
        end = start + len(window)
        if not window:
            return None
        if pronoun := _PRONOUN_START.match(window):
            return self._pronoun(pronoun.group(1), start, cue)
        inside = self._mentions_in(start, end)
        people = [m for m in inside if m.kind == "PERSON"]
        if people or inside:
            chosen = (people or inside)[-1]
            return self._named(chosen.start, chosen.end, cue, chosen.kind == "PERSON")
        if nominal := self._nominal(start, end, cue):
            return nominal
        if (name := _NAME_START.match(window)) and name.group().split()[0].casefold() not in _NOT_NAMES:
            return self._named(start, start + name.end(), cue, False)
        return self._description(start, end, cue)

    def _opening_name(self, sentence: Sentence, subjects: list[Mention]) -> Speaker | None:
        """The first subject of a sentence, or the capitalised name it opens with when no entity was found."""
        if subjects:
            return self._named(subjects[0].start, subjects[0].end, None, False)
        start = sentence.start
        if article := re.match(r"(?:the|a|an)\s+", sentence.text, re.IGNORECASE):
            start += article.end()
        name = _NAME_START.match(self.text, start, sentence.end)
        if name is None or name.group().split()[0].casefold() in _NOT_NAMES:
            return None
        return self._named(name.start(), name.end(), None, False)

    def _nominal(self, start: int, end: int, cue: str) -> Speaker | None:
        """A description ending in a speaker noun: "the Russian government", "Russia’s government"."""
        tokens = list(_WORD.finditer(self.text, start, end))
        if not tokens or tokens[-1].group().casefold() not in SPEAKER_NOUNS:
            return None
        first = len(tokens) - 1
        while first > 0 and tokens[first - 1].group()[0].isupper():
            first -= 1
        recent = [i for i in range(max(0, len(tokens) - MAX_DESCRIPTION_WORDS), len(tokens) - 1)]
        determiners = [i for i in recent if tokens[i].group().casefold() in _DETERMINERS]
        if determiners:  # "the regional government", "the town’s union"
            first = min(first, determiners[-1])
        begin = tokens[first].start()
        if self.text[begin : tokens[-1].end()].casefold().startswith(_ARTICLES):
            begin = tokens[first + 1].start()
        named = self.text[begin : tokens[-1].end()]
        if begin == tokens[-1].start() and named[0].isupper() and (entity := self.index.lookup(named)):
            return Speaker(entity.name, begin, tokens[-1].end(), cue, entity.kind == "PERSON")
        return Speaker(strip_article(named), begin, tokens[-1].end(), cue, False)

    def _description(self, start: int, end: int, cue: str) -> Speaker | None:
        """A short description right before a verb, kept as written: “…,” the ad’s narrator says."""
        window = self.text[start:end].rstrip(" ,\u00a0—–-")
        phrase = re.split(r"[,;:()“”\"—–]", window)[-1].strip()
        words = phrase.split()
        if not words or len(words) > MAX_DESCRIPTION_WORDS or words[0].casefold() not in _DETERMINERS:
            return None
        if len(words) == 1 or words[-1].casefold() in _FUNCTION_WORDS:
            return None
        finish = start + len(window)
        described = strip_article(phrase)
        return Speaker(described, finish - len(described), finish, cue, False)

    def _named(self, start: int, end: int, cue: str | None, person: bool) -> Speaker:
        written = self.text[start:end]
        entity = self.index.lookup(written)
        name = entity.name if entity else strip_possessive(strip_article(" ".join(written.split())))
        person = person or has_honorific(written) or bool(entity and entity.kind == "PERSON")
        return Speaker(name, start, end, cue, person)

    def _first_person(self, start: int, end: int, cue: str | None) -> Speaker | None:
        inside = self._mentions_in(start, end)
        people = [m for m in inside if m.kind == "PERSON"]
        if people:
            return self._named(people[0].start, people[0].end, cue, True)
        opening = [m for m in inside if self.text[start : m.start].strip(' \u00a0,“”"').casefold() in ("", "the")]
        return self._named(opening[0].start, opening[0].end, cue, False) if opening else None

    def _pronoun(self, pronoun: str, position: int, cue: str) -> Speaker:
        person = pronoun.casefold() in ("he", "she")
        referent = self._antecedent(position, person)
        if referent is None:
            return Speaker(None, None, None, cue, person)
        return Speaker(referent.name, position, position + len(pronoun), cue, referent.person)

    def _antecedent(self, position: int, person: bool) -> _Referent | None:
        horizon = self.paragraphs[max(0, self._paragraph(position) - LOOKBACK_PARAGRAPHS + 1)][0]
        candidates = [r for r in self._spoken if horizon <= r.start < position and r.person == person]
        wanted = ("PERSON",) if person else ("ORG", "GPE")
        others = []  # the right kind, but not in subject position: used only when nothing better is there
        for mention in self.mentions:
            if mention.start >= position:
                break
            if mention.start < horizon or mention.kind not in wanted or self._quoted(mention.start):
                continue
            speaker = self._named(mention.start, mention.end, None, person)
            referent = _Referent(mention.start, mention.end, speaker.name or mention.text, person)
            (candidates if self._subject_like(mention) else others).append(referent)
        return max(candidates or others, key=lambda r: r.start, default=None)

    # --- positions ---------------------------------------------------------------------------------------------

    def _apposition(self, start: int, end: int) -> bool:
        """Whether a long stretch before a verb is a name and its apposition: “…,” Jane Doe, the director of …, said."""
        first = next(iter(self._mentions_in(start, end)), None)
        return (
            first is not None
            and first.kind == "PERSON"
            and not self.text[start : first.start].strip(" ,\u00a0")
            and self.text[first.end : first.end + 1] == ","
        )

    def _subject_like(self, mention: Mention) -> bool:
        """Whether a mention opens its clause (past any titles and descriptors): a subject, not an object."""
        if self.text.startswith(("'s", "’s", "'", "’"), mention.end):
            return False
        sentence = self._sentence(mention.start)
        for token in reversed(_TOKEN.findall(self.text, sentence.start, mention.start)):
            folded = token.casefold()
            if token[0].isupper() or folded in ROLES or folded in _DETERMINERS or folded.endswith(("'s", "’s")):
                continue  # "Salvage master Olek Brandt", "the Kremlin's spokesman Dmitry Peskov"
            return not token[0].isalnum() or folded in _CLAUSE_STARTS
        return True

    def _mention_ending(self, start: int, end: int) -> Mention | None:
        at_end = [m for m in self._mentions_in(start, end) if m.end == end]
        return max(at_end, key=lambda m: (m.kind == "PERSON", m.end - m.start), default=None)

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        first = bisect.bisect_left(self._mention_starts, start)
        last = bisect.bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[first:last] if m.end <= end]

    def _quoted(self, position: int) -> bool:
        index = bisect.bisect_right(self._inside, (position, position)) - 1
        return index >= 0 and self._inside[index][0] <= position < self._inside[index][1]

    def _sentence(self, position: int) -> Sentence:
        return self.sentences[max(bisect.bisect_right(self._sentence_starts, position) - 1, 0)]

    def _paragraph(self, position: int) -> int:
        return max(bisect.bisect_right(self._paragraph_starts, position) - 1, 0)

    def _last_sentence(self, paragraph: int) -> Sentence:
        return self._sentence(self.paragraphs[paragraph][1] - 1)

    def _starts_paragraph(self, quote: Marked) -> bool:
        start = self.paragraphs[self._paragraph(quote.open_mark)][0]
        return not self.text[start : quote.open_mark].strip()
