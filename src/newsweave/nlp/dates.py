"""Time expressions resolved to calendar dates against the article's own date.

Candidates are found with regular expressions first (dateparser is far too slow to run over every sentence), then
resolved: full dates ("15 September 2023", "Sept. 15") by dateparser, everything relative by the rules below.

* Weekdays ("on Friday", "Thursday night", "Wednesday’s summit"): the most recent such day on or before the
  reference date, or the next one on or after it when the clause speaks of the future ("will", "is expected to",
  "plans to", "next"); "last Friday" / "next Friday" are strictly before / after it.
* "today", "tonight", "yesterday", "tomorrow"; "N days/weeks/months/years ago".
* "this/last/next week" (Monday to Sunday), "earlier this week", "this/last weekend"; the same for month and year.
* A month alone ("in October"): the latest such month up to the reference month, or the next from it in future
  context; a month with a year ("July 2000") or a year after a preposition ("in 2002") needs no reference.
* Month and day without a year take the year by the same past/future rule.

Not dates: ages ("Kim, 39"), amounts and models ("2,000 km", "Su-35"), bare numbers, and decades ("the 1950s"), which
are skipped because a ten-year span would only blur a timeline and could not decide a conflict between reports.
Without a reference date only expressions that carry their own year are resolved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from dateparser.date import DateDataParser

from newsweave.model import DateMention, Sentence

Granularity = Literal["day", "week", "month", "year"]

_MONTH_NAMES = [name for name in calendar.month_name if name]
_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.casefold(): number for number, name in enumerate(calendar.day_name)}
_NUMBERS = dict(
    zip("a an one two three four five six seven eight nine ten".split(), [1, 1, *range(1, 11)], strict=True)
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTH_DOT = rf"{_MONTH}(?:\.|\b)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d"
_PREP = (
    r"(?:(?:early|late|mid|earlier|later)[\s-]+(?:on|in)?\s*"
    r"|(?:on|in|since|until|till|by|from|during|through|before|after|of)\s+)"
)
_DAY_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_END = r"(?![\w,.]?\d)"  # not followed by more digits: "2,000", "2002.5"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("full", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH_DOT},?\s+{_YEAR}\b{_END}")),
    ("full", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH_DOT}\s*{_DAY},?\s+{_YEAR}\b{_END}")),
    ("full", re.compile(rf"\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])\b")),
    ("month_year", re.compile(rf"\b{_PREP}?(?P<month>{_MONTH_DOT}),?\s+(?:of\s+)?(?P<year>{_YEAR})\b{_END}")),
    ("day_month", re.compile(rf"\b{_PREP}?(?:{_WEEKDAY},?\s+)?{_MONTH_DOT}\s*{_DAY}\b{_END}")),
    ("day_month", re.compile(rf"\b{_PREP}?(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH_DOT}")),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
    (
        "span",
        re.compile(
            r"\b(?:(?:earlier|later)\s+(?:this|in\s+the)\s+|(?P<which>this|last|next)\s+)"
            r"(?P<unit>weekend|week|month|year)\b",
            re.I,
        ),
    ),
    (
        "word",
        re.compile(
            r"\b(?P<word>today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening))\b"
            rf"{_DAY_PART}",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+|{_PREP})?(?P<weekday>{_WEEKDAY})"
            rf"\b{_DAY_PART}"
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+|(?P<prep>{_PREP}))?"
            rf"(?P<month>{'|'.join(_MONTH_NAMES)})\b(?!\s+\d)(?!['’]s\b)"
        ),
    ),
    ("year", re.compile(rf"\b{_PREP}(?P<year>{_YEAR})\b{_END}(?!s\b|['’]s\b)")),
]
_ANY_DAY = dt.date(2000, 1, 1)  # the parser's base for full dates, which carry every part themselves
_AMBIGUOUS_MONTHS = frozenset({"May", "March", "August"})  # also a verb, a noun or a name

_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|expected|scheduled|slated|plans?|planning|planned|intends?|upcoming|next|hopes?"
    r"|aims?|would|is\s+to|are\s+to|going\s+to|set\s+to|due\s+(?:on|in|back|to\s+(?!the\b|an?\b)\w+))\b"
    r"|['’]ll\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:said|says|was|were|had|did|told|met|left|took|made|held|went|came|saw|gave|began|spent|flew|won|lost"
    r"|ago|last|earlier|already|\w+ed)\b",
    re.I,
)
_FUTURE_OVERRIDDEN = re.compile(r"\b(?:had\s+been|was|were)\s+$", re.I)  # "had been expected to", "was due"
_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s(?:and|but|while|whereas|after|before)\s")


@dataclass(frozen=True)
class _Found:
    kind: str
    match: re.Match[str]


def resolve_dates(sentences: Sequence[Sentence], reference: dt.date | None) -> list[DateMention]:
    """Every time expression in the sentences, resolved against ``reference`` (None: only self-dated ones)."""
    mentions = []
    for sentence in sentences:
        for found in _candidates(sentence.text):
            resolved = _resolve(found, sentence.text, reference)
            if resolved is None:
                continue
            start, end, granularity = resolved
            match = found.match
            mentions.append(
                DateMention(
                    article_id=sentence.article_id,
                    sentence=sentence.index,
                    text=match.group(),
                    start=start,
                    end=end,
                    granularity=granularity,
                    start_char=sentence.start + match.start(),
                    end_char=sentence.start + match.end(),
                )
            )
    return mentions


def _candidates(text: str) -> Iterator[_Found]:
    """Non-overlapping expressions, earlier patterns (the more specific ones) first."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if kind == "month" and not _plausible_month(match):
                continue
            taken.append(match.span())
            found.append(_Found(kind, match))
    return iter(sorted(found, key=lambda f: f.match.start()))


def _plausible_month(match: re.Match[str]) -> bool:
    if match.group("which") or match.group("prep"):
        return True
    following = match.string[match.end() : match.end() + 2]
    return match.group("month") not in _AMBIGUOUS_MONTHS and not re.match(r"\s[A-Z]", following)


def _resolve(found: _Found, text: str, reference: dt.date | None) -> tuple[dt.date, dt.date, Granularity] | None:
    match, kind = found.match, found.kind
    if kind == "full":
        day = _parse(match.group(), reference or _ANY_DAY, future=False)
        return (day, day, "day") if day else None
    if kind == "month_year":
        return _month(int(match.group("year")), _MONTHS[match.group("month").rstrip(".").casefold()])
    if kind == "year":
        year = int(match.group("year"))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if reference is None:
        return None
    future = _is_future(text, match.start(), match.end())
    if kind == "day_month":
        day = _parse(match.group(), reference, future)
        return (day, day, "day") if day else None
    if kind == "weekday":
        day = _weekday(reference, _WEEKDAYS[match.group("weekday").casefold()], match.group("which"), future)
        return day, day, "day"
    if kind == "month":
        return _bare_month(reference, _MONTHS[match.group("month").casefold()], match.group("which"), future)
    if kind == "word":
        offset = {"yesterday": -1, "tomorrow": 1}.get(match.group("word").casefold(), 0)
        day = reference + dt.timedelta(days=offset)
        return day, day, "day"
    if kind == "span":
        return _span(reference, match.group("unit").casefold(), (match.group("which") or "this").casefold())
    return _ago(reference, match.group("n").casefold(), match.group("unit").casefold())


@functools.lru_cache(maxsize=64)
def _parser(reference: dt.date) -> DateDataParser:
    base = dt.datetime(reference.year, reference.month, reference.day)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    return DateDataParser(languages=["en"], settings=settings)


def _parse(expression: str, reference: dt.date, future: bool) -> dt.date | None:
    """A day by dateparser; without a year, the latest on or before the reference (or the next, in future)."""
    words = re.sub(rf"^{_PREP}", "", expression, flags=re.I)
    parsed = _parser(reference).get_date_data(words).date_obj
    if parsed is None:
        return None
    day = parsed.date()
    if future and day < reference and not re.search(_YEAR, expression):
        day = _shift_year(day, 1)
    return day


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _weekday(reference: dt.date, weekday: int, which: str | None, future: bool) -> dt.date:
    which = (which or "").casefold()
    back = (reference.weekday() - weekday) % 7
    ahead = (weekday - reference.weekday()) % 7
    if which == "last":
        return reference - dt.timedelta(days=back or 7)
    if which == "next":
        return reference + dt.timedelta(days=ahead or 7)
    return reference + dt.timedelta(days=ahead) if future or which == "coming" else reference - dt.timedelta(days=back)


def _month(year: int, month: int) -> tuple[dt.date, dt.date, Granularity]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month"


def _bare_month(
    reference: dt.date, month: int, which: str | None, future: bool
) -> tuple[dt.date, dt.date, Granularity]:
    which = (which or "").casefold()
    if which == "this":
        return _month(reference.year, month)
    if which == "last" or (not future and which != "next" and which != "coming"):
        return _month(
            reference.year - (month > reference.month or (which == "last" and month == reference.month)), month
        )
    return _month(reference.year + (month < reference.month or (which == "next" and month == reference.month)), month)


def _span(reference: dt.date, unit: str, which: str) -> tuple[dt.date, dt.date, Granularity]:
    step = {"this": 0, "last": -1, "next": 1}[which]
    if unit in ("week", "weekend"):
        monday = reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(weeks=step)
        if unit == "weekend":
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week"
        return monday, monday + dt.timedelta(days=6), "week"
    if unit == "month":
        index = reference.year * 12 + reference.month - 1 + step
        return _month(index // 12, index % 12 + 1)
    year = reference.year + step
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _ago(reference: dt.date, amount: str, unit: str) -> tuple[dt.date, dt.date, Granularity]:
    n = int(amount) if amount.isdigit() else _NUMBERS[amount]
    if unit == "day":
        day = reference - dt.timedelta(days=n)
        return day, day, "day"
    if unit == "week":
        monday = reference - dt.timedelta(days=reference.weekday(), weeks=n)
        return monday, monday + dt.timedelta(days=6), "week"
    if unit == "month":
        index = reference.year * 12 + reference.month - 1 - n
        return _month(index // 12, index % 12 + 1)
    return dt.date(reference.year - n, 1, 1), dt.date(reference.year - n, 12, 31), "year"


def _is_future(text: str, start: int, end: int) -> bool:
    """Whether the clause around an expression speaks of the future: the nearest tense cue decides."""
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    following = _CLAUSE_BREAK.search(text, end)
    clause_end = following.start() if following else len(text)
    before = text[clause_start:start]
    cues = [
        (m.start(), "future") for m in _FUTURE.finditer(before) if not _FUTURE_OVERRIDDEN.search(before[: m.start()])
    ]
    cues += [(m.start(), "past") for m in _PAST.finditer(before) if not _FUTURE.fullmatch(m.group())]
    if cues:
        return max(cues)[1] == "future"
    after = text[end:clause_end]
    cues = [(m.start(), "future") for m in _FUTURE.finditer(after)]
    cues += [(m.start(), "past") for m in _PAST.finditer(after) if not _FUTURE.fullmatch(m.group())]
    return min(cues)[1] == "future" if cues else False
