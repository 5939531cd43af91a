"""Which outlet published an article, when its metadata does not say.

In order: the URL's domain, then cues in the text that name the outlet unambiguously (a wire dateline, a
"Support The Moscow Times!" appeal, a copyright line), then for plain-text files the "outlet-name_story.txt" naming
convention. Nothing else: a wrong outlet would mislead the copy and independence checks, so an article with no clear
cue has no source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from newsweave.clean.dateline import split_dateline

_DATELINE_LINES = 6  # the wire dateline opens the story, so only the first lines are looked at
_NAME = r"(?:The )?[A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,4}"
_OUTLET_WORD = re.compile(
    r"\b(?:Times|Post|News|Journal|Herald|Guardian|Tribune|Telegraph|Independent|Daily|Press|Gazette|Observer"
    r"|Mail|Express|Chronicle|Review|Magazine|Insider|Standard|Sun|Star|Mirror|Monitor|Wire|Today|Reuters)\b"
)
# (pattern, outlet): the outlet is the pattern's "outlet" group when the second item is None.
_CUES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(rf"^Support (?P<outlet>{_NAME})!$"), None),
    (re.compile(r"\bfollow other Independent readers\b"), "The Independent"),
    (
        re.compile(rf"^(?:©|Copyright)\s*(?:\d{{4}}\s+)?(?P<outlet>{_NAME})\.?(?: All rights reserved\.?)?$"),
        None,
    ),
)
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")


def source_from_url(url: str | None) -> str | None:
    """The site's domain without "www.": "https://www.reuters.com/world/..." gives "reuters.com"."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host if "." in host else None


def source_from_filename(path: Path) -> str | None:
    """The outlet a file's name starts with, by the convention "outlet-name_story.txt" ("Outlet Name").

    Only a hyphenated slug counts ("kessford-courier_ship.txt"): a bare prefix such as "000_" or "draft_" says
    nothing about the outlet.
    """
    prefix, underscore, _ = path.stem.partition("_")
    if not underscore or not _SLUG.match(prefix):
        return None
    return " ".join(word.capitalize() for word in prefix.split("-"))


def source_from_text(lines: Sequence[str]) -> str | None:
    for line in lines[:_DATELINE_LINES]:
        dateline = split_dateline(line)
        if dateline is not None:
            return dateline.agency
    for line in lines:
        text = line.strip()
        for pattern, outlet in _CUES:
            match = pattern.search(text)
            if match is None:
                continue
            name = outlet or match.group("outlet")
            if outlet or _OUTLET_WORD.search(name):
                return name
    return None
