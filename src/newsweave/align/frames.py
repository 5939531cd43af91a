"""Event frames: who did what to what, when — read off a dependency parse of one sentence.

A conflict is two sources saying different things about the *same* event, so sentences are compared frame by frame:
two frames are about the same event when their verbs belong to one event class (leave = depart, give = gift =
present) and their participants are compatible; only then does a difference in the day, the number or the thing
given count as a disagreement. Parses are noisy, so every slot is read conservatively: a slot newsweave is unsure of
is left empty, and an empty slot never produces a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

# Verbs that name the same kind of event. Anything else is its own class (its lemma).
EVENT_CLASSES: dict[str, tuple[str, ...]] = {
    "depart": ("leave", "depart", "exit", "set off", "quit"),
    "arrive": ("arrive", "reach", "land", "enter"),
    "give": ("give", "gift", "present", "hand", "donate", "offer", "award", "bestow"),
    "receive": ("receive", "get", "accept"),
    "meet": ("meet", "hold talks", "sit down"),
    "visit": ("visit", "tour", "inspect"),
    "kill": ("kill", "die"),
    "injure": ("injure", "wound", "hurt"),
    "sink": ("sink", "capsize", "founder"),
    "ground": ("run aground", "ground", "strand", "go aground", "stick", "hit"),
    "close": ("close", "shut"),
    "open": ("open", "reopen"),
    "sign": ("sign", "conclude", "ink"),
    "announce": ("announce", "declare", "unveil"),
    "ban": ("ban", "prohibit", "forbid"),
    "rescue": ("rescue", "save", "evacuate"),
}
SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "claim",
        "note",
        "state",
        "report",
        "confirm",
        "write",
        "insist",
        "argue",
        "recall",
        "emphasize",
        "emphasise",
        "mention",
        "explain",
        "warn",
        "ask",
        "reply",
        "describe",
        "call",
        "express",
    }
)
_CLASS_OF = {verb: name for name, verbs in EVENT_CLASSES.items() for verb in verbs}
_ORIGIN_PREPS = frozenset({"from", "out"})
_PLACE_PREPS = frozenset({"in", "at", "to", "into", "near", "outside", "inside", "toward", "towards", "from"})
_NON_THEME_PREPS = frozenset(
    {
        "on",
        "in",
        "at",
        "during",
        "before",
        "after",
        "as",
        "since",
        "until",
        "by",
        "for",
        "to",
        "into",
        "via",
        "through",
        "near",
        "about",
        "over",
        "under",
        "upon",
        "amid",
        "despite",
        "like",
    }
)
_TRANSFER = frozenset({"give", "receive"})
_PARTICLES = frozenset({"aground", "off", "down", "out"})
_NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor"})


@dataclass(frozen=True)
class Theme:
    """A thing acted on: "rifle"; with what it is part of, when the text says so ("glove" from "space suit")."""

    head: str  # normalised lemma of the head noun: "rifle"
    compound: str  # with its compounds joined: "spacesuit", "qualityrifle"
    phrase: str  # as written: "a glove from a space suit"
    part_of: str | None = None  # normalised: "spacesuit"


@dataclass(frozen=True)
class Frame:
    verb: str  # lemma
    event: str  # event class
    verb_text: str
    subject: str | None
    subject_phrase: str | None
    themes: tuple[Theme, ...] = ()
    recipient: str | None = None
    places: tuple[str, ...] = ()
    negated: bool = False
    modal: bool = False  # "would", "will", "could": an intention or forecast, not a report of what happened
    span: tuple[int, int] = (0, 0)  # character span of the clause within the sentence
    when: tuple[tuple[int, int], ...] = ()  # character spans of the time expressions this verb governs
    numbers: tuple[tuple[float, str, str], ...] = field(default=())  # (value, unit lemma, as written)

    @property
    def is_speech(self) -> bool:
        return self.verb in SPEECH_VERBS


def normalise(text: str) -> str:
    """Join compounds and fold case so that "space suit", "space-suit" and "spacesuit" compare equal."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def event_class(lemma: str, particle: str | None = None) -> str:
    phrase = f"{lemma} {particle}" if particle else lemma
    return _CLASS_OF.get(phrase) or _CLASS_OF.get(lemma) or lemma


_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "president",
        "governor",
        "minister",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "mayor",
        "senator",
        "general",
        "gen",
        "prime",
        "deputy",
    }
)


def _compound_head(token: Token) -> str:
    parts = [c.text for c in token.lefts if c.dep_ == "compound" and c.lower_.rstrip(".") not in _TITLES]
    parts.append(token.lemma_ if token.pos_ == "NOUN" else token.text)
    return normalise(" ".join(parts))


def _phrase(token: Token) -> str:
    """The noun phrase of ``token``: determiners, modifiers and "of/from" complements, without relative clauses."""
    words = [t for t in token.subtree if not _in_clause(t, token)]
    start, end = words[0].i, words[-1].i
    return token.doc[start : end + 1].text.strip(' ,“”"')


def _in_clause(t: Token, root: Token) -> bool:
    node = t
    while node != root:
        if node.dep_ in {"relcl", "acl", "advcl", "ccomp", "punct", "conj", "cc", "appos"}:
            return True
        node = node.head
    return False


def _clause_of(token: Token) -> Token | None:
    """The nearest verb governing ``token`` (itself, when it is one)."""
    node = token
    while True:
        if node.pos_ in {"VERB", "AUX"} and node.dep_ != "amod":
            return node
        if node.head == node:
            return None
        node = node.head


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return _subject(verb.head)
    return None


def _subject_key(subject: Token | None) -> str | None:
    """Proper names with their compounds ("vladimirputin"), common nouns by their head ("vessel"); None for pronouns."""
    if subject is None or subject.pos_ == "PRON":
        return None
    if subject.pos_ == "PROPN":
        return _compound_head(subject)
    return normalise(subject.lemma_)


def _themes(verb: Token) -> tuple[tuple[Theme, ...], str | None]:
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    recipient = next((_phrase(c) for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"), None)
    if len(objects) >= 2:  # double object: "gifted the leader a glove"
        recipient, objects = _phrase(objects[0]), objects[1:]
    elif (
        objects and objects[0].pos_ == "PROPN" and any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
    ):  # "presented Kim with a rifle"
        recipient, objects = _phrase(objects[0]), []
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        if prep.lower_ == "with" and recipient is not None:
            objects.extend(c for c in prep.children if c.dep_ == "pobj")
        elif prep.lower_ == "to" and verb.lemma_ in _CLASS_OF and _CLASS_OF[verb.lemma_] == "give":
            recipient = next((_phrase(c) for c in prep.children if c.dep_ == "pobj"), recipient)
    heads: list[Token] = []
    for obj in objects:
        heads.append(obj)
        heads.extend(_conjuncts(obj))
    heads.extend(
        t
        for t in verb.subtree
        if t.dep_ == "conj"
        and t.pos_ == "NOUN"
        and t.head.pos_ in {"VERB", "AUX"}
        and t.head != verb
        and _clause_of(t.head) is not None
        and t.i > verb.i
        and t not in heads
    )
    themes = tuple(
        _theme(h, _detached_whole(verb, h)) for h in heads if h.pos_ in {"NOUN", "PROPN"} and h.lower_ not in _NEGATORS
    )
    return themes, recipient


def _detached_whole(verb: Token, head: Token) -> Token | None:
    """A "from" phrase the parser hung on a giving verb right after the object: "gifted her a wheel | from a bicycle".

    Only for verbs that hand things over: after "approaching Kessford", "from the north" is where, not a whole.
    """
    if _CLASS_OF.get(verb.lemma_.lower()) not in _TRANSFER or head.pos_ != "NOUN":
        return None
    end = max(t.i for t in head.subtree)
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "from" and prep.i == end + 1:
            return next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
    return None


def _conjuncts(token: Token) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(_conjuncts(child))
    return out


def _theme(head: Token, detached_whole: Token | None = None) -> Theme:
    part_of = _compound_head(detached_whole) if detached_whole is not None else None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            whole = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if whole is not None and whole.pos_ == "NOUN":
                part_of = _compound_head(whole)
    head_word = head.lemma_ if head.pos_ == "NOUN" else head.text
    phrase = _phrase(head)
    if detached_whole is not None:
        phrase = head.doc[min(t.i for t in head.subtree) : max(t.i for t in detached_whole.subtree) + 1].text
    return Theme(normalise(head_word), _compound_head(head), phrase, part_of)


def _places(verb: Token) -> tuple[str, ...]:
    places = [_phrase(c) for c in verb.children if c.dep_ in {"dobj", "obj"} and c.ent_type_ in {"GPE", "LOC", "FAC"}]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS:
            places.extend(
                _phrase(c) for c in prep.children if c.dep_ == "pobj" and c.ent_type_ in {"GPE", "LOC", "FAC"}
            )
    return tuple(places)


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(
        c.dep_ in {"nsubj", "nsubjpass", "dobj"} and any(g.lower_ == "no" for g in c.children) for c in verb.children
    )


def _numbers(verb: Token) -> tuple[tuple[float, str, str], ...]:
    found = []
    for t in verb.subtree:
        if (
            t.dep_ == "nummod"
            and t.like_num
            and t.ent_type_ not in {"DATE", "TIME", "ORDINAL", "PERCENT"}
            and _clause_of(t) == verb
        ):
            value = _number_value(t.text)
            if value is not None and t.head.pos_ == "NOUN":
                found.append((value, t.head.lemma_.lower(), f"{t.text} {t.head.text}"))
    return tuple(found)


_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}


def _number_value(text: str) -> float | None:
    cleaned = text.replace(",", "").lower()
    if cleaned in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[cleaned])
    try:
        return float(cleaned)
    except ValueError:
        return None


def _when(verb: Token) -> tuple[tuple[int, int], ...]:
    spans = []
    for ent in verb.doc.ents:
        if ent.label_ in {"DATE", "TIME"} and _clause_of(ent.root) == verb:
            spans.append((ent.start_char, ent.end_char))
    return tuple(spans)


def frames_of(doc: Doc) -> tuple[Frame, ...]:
    """Every verb's frame in a parsed sentence."""
    out = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.dep_ in {"amod", "aux", "auxpass"}:
            continue
        particle = next(
            (c.lower_ for c in verb.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES)),
            None,
        )
        lemma, verb_text = verb.lemma_.lower(), verb.text
        state = next((c for c in verb.children if c.dep_ == "acomp"), None)
        if lemma in {"become", "get"} and state is not None:  # "became stuck" is the event "stick"
            lemma, particle, verb_text = state.lemma_.lower(), None, f"{verb.text} {state.text}"
        elif particle:
            verb_text = f"{verb.text} {particle}"
        subject = _subject(verb)
        themes, recipient = _themes(verb)
        span_tokens = [t for t in verb.subtree if _clause_of(t) == verb]
        out.append(
            Frame(
                verb=lemma,
                event=event_class(lemma, particle),
                verb_text=verb_text,
                subject=_subject_key(subject),
                subject_phrase=_phrase(subject) if subject is not None else None,
                themes=themes,
                recipient=recipient,
                places=_places(verb),
                negated=_negated(verb),
                modal=any(c.tag_ == "MD" for c in verb.children),
                span=(span_tokens[0].idx, span_tokens[-1].idx + len(span_tokens[-1])) if span_tokens else (0, 0),
                numbers=_numbers(verb),
                when=_when(verb),
            )
        )
    return tuple(out)


_CACHE: dict[str, tuple[Frame, ...]] = {}
_CACHE_LIMIT = 50_000


def parse_frames_many(sentences: Iterable[str]) -> dict[str, tuple[Frame, ...]]:
    """Frames of many sentences, parsed in one batched spaCy pass (cached per process by text)."""
    from newsweave.nlp.spacy_model import load_spacy

    wanted = list(dict.fromkeys(sentences))
    missing = [text for text in wanted if text not in _CACHE]
    if missing:
        if len(_CACHE) + len(missing) > _CACHE_LIMIT:
            _CACHE.clear()
        for text, doc in zip(missing, load_spacy().pipe(missing, batch_size=64), strict=True):
            _CACHE[text] = frames_of(doc)
    return {text: _CACHE[text] for text in wanted}


def parse_frames(sentence: str) -> tuple[Frame, ...]:
    """Frames of one sentence."""
    return parse_frames_many([sentence])[sentence]
