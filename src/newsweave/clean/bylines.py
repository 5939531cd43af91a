"""Who wrote the article, when the page printed it as a line of the text.

Two shapes are recognised: "By Jane Doe" (optionally ", Reuters" or "| Staff writer" after the names), and a
line that is only a person's name, which counts only where it sits right above a date line, as bylines do; a
lone capitalised line anywhere else could just as well be a subheading.
"""

from __future__ import annotations

import re

from newsweave.clean.text import plain, word_count

_PARTICLE = r"(?:de|da|di|van|von|der|den|bin|al|el|la|le|du|dos|del)"
_NAME_WORD = r"(?-i:[A-Z])[\w.'-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_PARTICLE})){{1,4}}"
_BY = re.compile(
    rf"^by\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)(?:\s*[,|/-]\s*(?P<rest>[^.!?]{{0,60}}))?$",
    re.IGNORECASE,
)
_NAME_ONLY = re.compile(rf"^{_NAME}$")
# A part after a comma that names a role or an agency, not another author: "By Jane Doe, Staff Reporter".
_ROLE = re.compile(
    r"\b(?:reporter|correspondent|editor|writer|staff|journalist|columnist|contributor|bureau|chief|producer"
    r"|analyst|reuters|ap|afp|associated press|bloomberg)s?\b",
    re.IGNORECASE,
)
_MAX_WORDS = 14


def byline_author(line: str) -> str | None:
    """The author named by a "By ..." line, or None when the line is not one."""
    text = plain(line)
    if word_count(text) > _MAX_WORDS:
        return None
    match = _BY.match(text)
    if match is None:
        return None
    names: list[str] = []
    for part in match.group("names").split(","):
        if _ROLE.search(part):
            break
        names.append(part.strip())
    return ", ".join(names) or None


def is_name_line(line: str) -> bool:
    """A line that is only a personal name of two to five words ("Jane Doe", "Anna van der Berg")."""
    text = plain(line)
    return word_count(text) <= 5 and _NAME_ONLY.match(text) is not None
