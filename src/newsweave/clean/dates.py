"""Lines that are only a date: the page's publication stamp, or a site header showing today's date.

A stamp with a year ("Friday 15 September 2023 11:09 BST") is the article's publication date. A date without a
year ("Friday, May 24") is what many sites print in their header on the day the page was fetched: it says
nothing about the article, so it is removed but never used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

from newsweave.clean.text import plain, word_count

_MAX_WORDS = 10
_HINT = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s|,|$)"
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\b"
    r"|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"^(?:(?:first |last )?(?:published|posted|updated|modified)|date)(?:\s+on)?\s*[:|-]?\s*", re.IGNORECASE
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b")
_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@dataclass(frozen=True)
class DateLine:
    date: dt.date
    has_year: bool


def parse_date_line(line: str) -> DateLine | None:
    """The date a line consists of, or None when the line holds more than a date (with time and zone)."""
    text = _PREFIX.sub("", plain(line)).strip(" .|")
    if not text or word_count(text) > _MAX_WORDS or not _HINT.search(text):
        return None
    parsed = dateparser.parse(text, languages=["en"], settings=_SETTINGS)
    if parsed is None:
        return None
    return DateLine(parsed.date(), bool(_YEAR.search(text)))


def parse_date_value(value: str) -> dt.date | None:
    """A date from a metadata field: ISO first (exact and fast), then any English date dateparser can read."""
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    parsed = dateparser.parse(text, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None
