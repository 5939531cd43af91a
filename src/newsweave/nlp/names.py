"""How a written name is reduced to the form names are compared by.

"Mr Kim", "Kim’s", "the Kremlin", "Kim Jong-un" and "U.S." are compared as "kim", "kim", "kremlin", "kim jong un"
and "us": possessives, a leading "the", honorifics, dots, hyphens, apostrophes and case do not make a different
name. Leading job titles ("President Vladimir Putin") are dropped too, but only from person names: "General Motors"
and "Foreign Ministry" are not titled people. Titles are stripped only for matching; the spellings shown to users
stay as written.
"""

from __future__ import annotations

import re

HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame prof madam monsieur mme".split())
# Words that stand before a person's name as a title or role ("President Vladimir Putin", "Deputy Prime Minister
# Denis Manturov"; "Kremlin spokesman Dmitry Peskov" keeps "kremlin" and is matched by its tail).
TITLES = HONORIFICS | frozenset(
    """president vice deputy prime minister foreign defence defense finance interior trade industry secretary
    governor gov senator sen representative rep congressman congresswoman mayor chancellor premier king queen
    prince princess emperor pope cardinal bishop archbishop rev reverend father sheikh judge justice chief
    chairman chairwoman chair ceo director ambassador envoy general gen colonel col lieutenant lt major maj captain
    capt sergeant sgt admiral adm commander cmdr marshal officer spokesman spokeswoman spokesperson leader
    dictator former late acting then""".split()
)
# Words naming a role, written in front of a person's name ("salvage master Olek Brandt").
ROLES = TITLES | frozenset(
    """master owner coordinator manager founder head analyst economist professor researcher engineer skipper
    fisherman fisherwoman resident volunteer worker farmer teacher doctor nurse lawyer attorney chef executive
    official officer adviser advisor aide negotiator envoy activist campaigner historian scientist""".split()
)
# Words that end the names of organisations and places and never a person's: a name spaCy calls a PERSON that ends
# on one of these is not a person ("Brightwater Salvage", "Northsea Wire", "Hallam Harbour").
ORGANISATION_HEADS = frozenset(
    """ministry council office department agency trust group party lines wire news times radio company corporation
    corp inc ltd university institute committee commission authority association services salvage navy army police
    airlines shipping coastguard foundation network media tv channel club team school college hospital bakery
    ferries cooperative""".split()
)
PLACE_HEADS = frozenset("strait islands island harbour harbor".split())
# Words that end the names of organisations and places rather than people, but are also surnames ("Frank Church",
# "Michael Bay"): a role in front still does not make such a name a person, yet spaCy's PERSON is trusted.
NON_PERSON_HEADS = (
    ORGANISATION_HEADS
    | PLACE_HEADS
    | frozenset("bank post court union house port plant center centre fund press guard fleet church bay".split())
)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_DROP = re.compile(r"[.'’‘`´]")  # dots and apostrophes vanish: "U.S." -> "us", "O’Brien" -> "obrien"
_SPLIT = re.compile(r"[^\w]+")  # hyphens, dashes and other punctuation separate words


def strip_possessive(name: str) -> str:
    """ "Kim’s" -> "Kim", "Jenkins’" -> "Jenkins"."""
    return _POSSESSIVE.sub("", name.strip())


def strip_article(name: str) -> str:
    """ "the Kremlin" -> "Kremlin"."""
    return _THE.sub("", name.strip())


def words(name: str) -> list[str]:
    """The lower-cased words of a name, with possessive, leading "the", dots and apostrophes removed."""
    cleaned = _DROP.sub("", strip_possessive(strip_article(name)).casefold())
    return [word for word in _SPLIT.split(cleaned) if word]


def match_key(name: str, person: bool = False) -> str:
    """The form two spellings of one name share: lower case, no punctuation, no leading honorific (or title)."""
    tokens = words(name)
    strip = TITLES if person else HONORIFICS
    while len(tokens) > 1 and tokens[0] in strip:
        tokens = tokens[1:]
    return " ".join(tokens)


def has_honorific(name: str) -> bool:
    """Whether the name as written starts with "Mr", "Mrs", "Dr"...: a sign that it names a person."""
    tokens = words(name)
    return len(tokens) > 1 and tokens[0] in HONORIFICS
