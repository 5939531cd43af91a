"""Named-entity mentions, tidied so that they name one thing in the words the article used.

spaCy's spans are adjusted before anything else sees them: a leading "the" and a trailing possessive are dropped
("the Kremlin", "Russia’s" -> "Kremlin", "Russia"), and so is a role in front of a person ("Spokeswoman Jana Bell"
-> "Jana Bell"); a person's span stops at an inner possessive ("Kim’s Maybach" -> "Kim"); a span cut at a hyphen
is completed ("Komsomolsk" + "-on-Amur"); an honorific in front of a person is taken in ("Mr Kim"), which also
finds people the recogniser missed after "Mr" or "Dr". A name after "the city of" or shaped like "X-on-Y" is a
place even when the small model calls it an organisation, and a two- or three-word name right after a role
("spokeswoman Marit Quell") is a person.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from newsweave.model import ArticleId, Mention, Sentence
from newsweave.nlp.names import HONORIFICS, NON_PERSON_HEADS, ORGANISATION_HEADS, PLACE_HEADS, ROLES
from newsweave.nlp.sentences import Span
from newsweave.nlp.spacy_model import EntitySpan

_HONORIFIC = r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof)\.?"
_HONORIFIC_BEFORE = re.compile(rf"\b{_HONORIFIC}\s+$")
_HONORIFIC_NAME = re.compile(rf"\b{_HONORIFIC}\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_HYPHEN_TAIL = re.compile(r"(?:-[a-z]+)+-[A-Z]\w*")  # "-on-Amur"; not "-sanctioned" of "UN-sanctioned"
_PLACE_BEFORE = re.compile(
    r"\b(?:city|town|village|port|capital|region|province|county|district|state|oblast|island|coast|outskirts"
    r"|north|south|east|west) of\s+$",
    re.IGNORECASE,
)
# Words after which a lone capitalised word is a place, not a person: "in or out of Kessford", "near Saltcombe".
_PLACE_PREPOSITION = re.compile(
    r"\b(?:in|into|out of|near|outside|inside|towards?|across|around|below|beyond|approaching|off)\s+$",
    re.IGNORECASE,
)
_NAME_GOES_ON = re.compile(r"\s*(?:['’]s\b|[A-Z])")  # a possessive or another capitalised word follows
_PLACE_NAME = re.compile(r"\w-(?:on|upon|sur|am|an|en|le|la)-\w")  # Komsomolsk-on-Amur, Frankfurt-am-Main
_INNER_POSSESSIVE = re.compile(r"['’]s\b")
_TRAILING_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_EDGE_JUNK = ' \t\n\u00a0,;:“”"‘’()[]'
_THE = re.compile(r"(?i:the)\s+")
_LEADING_WORD = re.compile(r"([A-Za-z]+)\.?\s+(?=\S+\s*\S)")  # a first word with more name after it
_TITLES = ROLES - HONORIFICS
_WORD_BEFORE = re.compile(r"\b([A-Za-z]+)\s+$")
_LOWER_TAIL = re.compile(r"(?:\s+(?:[a-z][\w’'-]*|[-–—]+))+$")  # a name ends with a capitalised word or a number


def find_mentions(
    article_id: ArticleId,
    text: str,
    paragraphs: Sequence[Span],
    entities: Sequence[Sequence[EntitySpan]],
    sentences: Sequence[Sentence],
) -> tuple[Mention, ...]:
    """Mentions of one text from its paragraphs' entity spans (offsets relative to each paragraph)."""
    spans: list[EntitySpan] = []
    for (p_start, _), found in zip(paragraphs, entities, strict=True):
        for start, end, label in found:
            tidy = _tidy(text, p_start + start, p_start + end, label)
            if tidy is not None:
                spans.append(tidy)
    for p_start, p_end in paragraphs:
        for match in _HONORIFIC_NAME.finditer(text, p_start, p_end):
            end = match.start() + len(_TRAILING_POSSESSIVE.sub("", match.group()))
            if not any(s < end and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), end, "PERSON"))
    starts = [sentence.start for sentence in sentences]
    mentions = []
    for start, end, label in sorted(set(spans)):
        index = max(bisect.bisect_right(starts, start) - 1, 0)
        mentions.append(Mention(text[start:end], label, article_id, sentences[index].index, start, end))
    return tuple(mentions)


def _tidy(text: str, start: int, end: int, label: str) -> EntitySpan | None:
    if label == "PERSON" and (inner := _INNER_POSSESSIVE.search(text, start, end)) and inner.end() < end:
        end = inner.start()
    if tail := _HYPHEN_TAIL.match(text, end):
        end = tail.end()
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    if the := _THE.match(text, start, end):
        start = the.end()
    span = text[start:end]
    span = _TRAILING_POSSESSIVE.sub("", span.rstrip(_EDGE_JUNK)).rstrip(_EDGE_JUNK)
    span = _LOWER_TAIL.sub("", span)
    end = start + len(span)
    if label == "PERSON":
        while (title := _LEADING_WORD.match(text, start, end)) and title.group(1).casefold() in _TITLES:
            start = title.end()  # "Spokeswoman Jana Bell" -> "Jana Bell": a role is not part of a name
        if honorific := _HONORIFIC_BEFORE.search(text, max(0, start - 8), start):
            start = honorific.start()
    if end - start < 2 or not any(char.isupper() for char in text[start:end]):
        return None
    if label in ("ORG", "FAC", "LOC") and (
        _PLACE_NAME.search(text, start, end) or _PLACE_BEFORE.search(text, max(0, start - 30), start)
    ):
        label = "GPE"
    elif label == "ORG" and _looks_like_person(text, start, end):
        label = "PERSON"
    elif label == "PERSON":
        label = _not_a_person(text, start, end) or label
    return start, end, label


def _not_a_person(text: str, start: int, end: int) -> str | None:
    """The label of a name the small model called a PERSON but whose words or place say otherwise, else None."""
    tokens = text[start:end].split()
    head = tokens[-1].casefold()
    if len(tokens) > 1 and head in ORGANISATION_HEADS:
        return "ORG"
    if len(tokens) > 1 and head in PLACE_HEADS:
        return "LOC"
    before = text[max(0, start - 30) : start]
    alone = not _NAME_GOES_ON.match(text, end, end + 4)
    if alone and (_PLACE_BEFORE.search(before) or (len(tokens) == 1 and _PLACE_PREPOSITION.search(before))):
        return "GPE"
    return None


def _looks_like_person(text: str, start: int, end: int) -> bool:
    """Two or three capitalised words right after a role: "spokeswoman Marit Quell", "Minister Ivo Rask"."""
    tokens = text[start:end].split()
    role = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return (
        2 <= len(tokens) <= 3
        and all(token[0].isupper() and token.replace("-", "").isalpha() for token in tokens)
        and tokens[-1].casefold() not in NON_PERSON_HEADS
        and role is not None
        and role.group(1).casefold() in ROLES
    )
