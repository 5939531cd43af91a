"""The wire dateline that opens a story: "MOSCOW/SEOUL (Reuters) - ", "KYIV, Ukraine (AP) - ", "(Reuters) - ".

Only the prefix goes; the sentence it opens is story text. The agency in parentheses is a reliable outlet cue.
A dateline without an agency ("MOSCOW - ") is left alone: an upper-case word and a dash also open ordinary
sentences ("NATO - the alliance - said ..."), and losing story words is worse than keeping a place name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACE = r"[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?"
_DATELINE = re.compile(rf"^(?:{_PLACE}\s*)?\((?P<agency>[A-Z][\w .&'-]{{1,30}})\)\s*[-–—]{{1,2}}\s*(?=\S)")

AGENCIES = {
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "reuters": "Reuters",
    "afp": "AFP",
    "upi": "UPI",
    "dpa": "dpa",
    "bloomberg": "Bloomberg",
    "cnn": "CNN",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "yonhap": "Yonhap",
}


@dataclass(frozen=True)
class Dateline:
    prefix: str  # the text removed, as written
    rest: str  # the sentence it opened
    agency: str  # the outlet it names, canonical where known


def split_dateline(line: str) -> Dateline | None:
    match = _DATELINE.match(line.lstrip())
    if match is None:
        return None
    raw_agency = match.group("agency").strip()
    agency = AGENCIES.get(raw_agency.casefold(), raw_agency)
    text = line.lstrip()
    return Dateline(text[: match.end()].rstrip(), text[match.end() :], agency)
