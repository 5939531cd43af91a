"""The table of line patterns that are not story text, each with the reason shown to the reader.

A rule matches a whole line (patterns are searched in :func:`~newsweave.clean.text.plain` text,
case-insensitive unless a pattern says ``(?-i:...)``). ``max_words`` keeps the table safe: a long line that
happens to contain a prompt's wording is a story sentence, so a rule only fires on lines up to that length.
Adding a case means adding a row here, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.clean.text import plain, word_count

DONATION = "donation appeal"
COMMENT = "comment prompt"
LOGIN = "login prompt"
PAYWALL = "paywall prompt"
RELATED = "related-links list"
CAPTION = "photo caption"
CREDIT = "photo credit"

# Photo agencies and credit words that end a caption.
_AGENCY = (
    r"AP|AFP|EPA(?:-EFE)?|EFE|PA|Reuters|REUTERS|TASS|Xinhua|Sputnik|Anadolu|Bloomberg|Getty(?: Images)?"
    r"|Shutterstock|Alamy|Handout|kremlin\.ru|NurPhoto|SOPA Images|ZUMA(?: Press)?|Yonhap|KCNA"
)


@dataclass(frozen=True)
class LineRule:
    reason: str
    pattern: re.Pattern[str]
    max_words: int | None

    def matches(self, plain_line: str, words: int) -> bool:
        if self.max_words is not None and words > self.max_words:
            return False
        return self.pattern.search(plain_line) is not None


def _rules(reason: str, max_words: int | None, *patterns: str) -> tuple[LineRule, ...]:
    return tuple(LineRule(reason, re.compile(p, re.IGNORECASE), max_words) for p in patterns)


RULES: tuple[LineRule, ...] = (
    # Wording this specific is an appeal however long the paragraph around it.
    *_rules(
        DONATION,
        None,
        r"^[….\s]*we have a (?:small )?favou?r to ask\b",
        r"\bsupport(?:ing)? us (?:monthly|today|now|from|with a)\b",
        r"\b(?:support|donat|contribut)\w*\b.{0,80}\bfrom (?:just|as little as) [$£€]\s?\d",
        r"\bwe need your (?:help|support) to (?:continue|keep)\b.*\b(?:journalism|mission|reporting|work)\b",
        r"^support (?:the |our )?[\w' ]{1,40} from (?:just|only|as little as)\b",
    ),
    *_rules(
        DONATION,
        12,
        r"^support (?:the )?(?-i:[A-Z])[\w'.&-]*(?: [\w'.&-]+){0,5}!$",
        r"\bnot ready to (?:support|donate|contribute)\b",
        r"^remind me (?:later|next month)\W*$",
        r"\bpa[iy]e?m[ae]nt (?:methods?|options?)\b",
        r"^(?:donate|contribute|make a donation|become a (?:member|supporter|patron))(?: now| today)?\W*$",
        r"\bmake a (?:one[- ]off |one[- ]time |monthly |small )?(?:donation|contribution) (?:to|today|now)\b",
        r"^before you go\W*$",
    ),
    *_rules(
        COMMENT,
        25,
        r"^(?:\d+\s+)?comments?(?:\s*\(\d+\))?\W*$",
        r"^(?:view|show|read|see|load|hide) (?:all )?(?:\d+ )?comments?\b",
        r"^join (?:our|the) (?:commenting forum|conversation|discussion)\b",
        r"^join thought-provoking conversations\b",
        r"\bfollow other [\w ]{1,30} readers and see their replies\b",
        r"^leave a (?:reply|comment)\b",
        r"\bleave a (?:comment|reply) below\b",
        r"\b(?:tell|let) us (?:know )?(?:what you think )?(?:in the comments|below)\b",
        r"\byour email address will not be published\b",
        r"\brequired fields are marked\b",
        r"^(?:add|post|write) (?:a|your) comment\b",
        r"\bcomments? (?:are|have been) (?:closed|disabled)\b",
    ),
    *_rules(
        LOGIN,
        30,
        r"\bthank you for registering\b",
        r"\bplease refresh (?:the page|your browser)\b",
        r"\bto be (?:automatically )?logged in\b",
        r"^(?:log ?in|sign ?in)(?: to| with)? ?(?:your account|continue)?\W*$",
        r"\balready have an account\b",
        r"^create (?:a free |an |your )?account\b",
        r"\bforgot (?:your )?password\b",
        r"^(?:log ?in|sign ?in|register)(?: or (?:log ?in|sign ?in|register))? to (?:join|comment|continue|post)\b",
    ),
    # Before the paywall rules: "Click here to subscribe to our newsletter" is not a paywall.
    *_rules(
        "newsletter prompt",
        25,
        r"\bsign up (?:for|to) (?:our|the) [\w ',-]{0,40}newsletters?\b",
        r"\bsubscribe to (?:our|the) [\w ',-]{0,40}newsletters?\b",
        r"^follow us on\b",
        r"\bget (?:the|our) [\w' ]{0,40}newsletter\b",
        r"\bsign up (?:free|now|here|today)\b",
    ),
    *_rules(
        PAYWALL,
        25,
        r"^to read the full (?:story|article)\b",
        r"\bare you already a (?:subscriber|member)\b",
        r"^click (?:here )?to (?:log ?in|sign ?in|subscribe)\b",
        r"\bsubscribe (?:now )?to (?:continue|keep) reading\b",
        r"^(?:already a subscriber|subscribers only|exclusive to subscribers)\b",
        r"\byou(?:'ve| have) reached your (?:free )?(?:article|monthly|story) limit\b",
        r"^start your free trial\b",
        r"\bthis (?:article|story|content) is (?:only )?(?:available|reserved) (?:to|for)"
        r" (?:subscribers|members)\b",
        r"^subscribe(?: now| today)?\W*$",
    ),
    *_rules(
        PAYWALL,
        40,
        r"\byou(?:'ve| have) read \d+ of (?:your )?\d+ free (?:articles|stories)\b",
        r"\bsubscribe\b.{0,40}\bfor unlimited access\b",
    ),
    *_rules(
        RELATED,
        30,
        r"^also read\s*[:\-]",
        r"^read (?:more|also|next)\b\s*(?:[:\-]|$)",
        r"^related(?: articles| stories| news| content| coverage| links| topics| reading)?\s*(?::|$)",
        r"^(?:see|watch|listen) also\s*:",
        r"^more (?:from|on|about) [^.!?]{1,60}:$",
        r"^recommended(?: for you| stories| articles| reading)?\s*:?$",
        r"^you (?:may|might) also (?:like|be interested)\b",
        r"^(?:most (?:read|popular|viewed|shared)|trending(?: now)?|top stories|latest news|more stories)\s*(?::|$)",
    ),
    *_rules(
        "share prompt",
        12,
        r"^share (?:this|on)\b",
        r"^click to tweet$",
        r"^(?:share|tweet|email|print|facebook|twitter|whatsapp|linkedin|copy link)"
        r"(?:\s*[|/•,]\s*(?:share|tweet|email|print|facebook|twitter|whatsapp|linkedin|copy link))*$",
    ),
    *_rules(
        "tip-line prompt",
        30,
        r"^got a (?:story|news tip|tip)\b",
        r"\bemail (?:the|our) [\w ]{0,30}newsroom\b",
        r"\bsend (?:us )?(?:your )?(?:news )?tips\b",
        r"\bcontact (?:the|our) newsroom\b",
    ),
    *_rules(
        "outlet promotion",
        40,
        r"\blisten (?:live|again|now) (?:on|at)\b",
        r"\bwill have more on this (?:story|developing story)\b",
        r"\b(?:download|get) (?:our|the [\w' ]{1,30}) app\b",
        r"\bfollow (?:our|the) live (?:coverage|updates|blog)\b",
    ),
    *_rules("advertisement", 4, r"^(?:advertisement|sponsored(?: content)?|ad|story continues below)\W*$"),
    *_rules("separator line", None, r"^[\W_]+$"),
    *_rules("copyright notice", 25, r"^(?:©|\(c\)|copyright\b)", r"\ball rights reserved\b"),
    *_rules(
        CAPTION,
        60,
        # "... (AP)", "(via REUTERS)", "(Government of Russia via Telegram/Handout via REUTERS)",
        # "(AP Photo/Name)"
        rf"\((?:[^()]*\bvia\b[^()]*|(?-i:{_AGENCY})(?: Photos?| Images)?(?:\s*/[^()]*)?)\)$",
        # "<caption sentence>. TASS", "... . Reuters/Handout"
        rf"[.!?]\s+(?-i:{_AGENCY})(?:\s*(?:/|via)\s*[\w .]+)?$",
        # "<caption sentence>. (TPA)": an unknown agency's initials after the caption's full stop
        r"[.!?]\s*\((?-i:[A-Z]{2,6})\)$",
        # "... (Photo: Name/Outlet)", "(Picture by Name)"
        r"\((?:photo|photograph|image|picture)s?\s*(?::|by\b)[^()]*\)$",
    ),
    *_rules(CAPTION, 40, r"^(?:photo|photograph|image|picture|pictured|caption)s?\s*:"),
    *_rules(
        CREDIT,
        8,
        r"^(?:photo |image )?credits?\s*:",
        rf"^(?-i:{_AGENCY})(?: Photos?| Images| via Getty Images)?(?:\s*/\s*[\w .]+)?$",
    ),
    *_rules(
        "editor's note",
        30,
        r"^updated (?:with|to (?:add|include|reflect))\b",
        r"^editors?'?s? note\b",
        r"^(?:correction|clarification)\s*:",
        r"^this (?:article|story|report) (?:has been|was) (?:updated|corrected|amended)\b",
    ),
    *_rules(
        "contributor credit",
        30,
        r"^\(?(?:additional )?reporting by\b",
        r"^\(?(?:writing|editing|compiled|produced) by\b",
        r"\bcontributed (?:additional )?(?:reporting|to this (?:report|story|article))\W*$",
    ),
)


def match_line(line: str) -> str | None:
    """The reason the whole line is not story text, or None when no rule in the table matches it."""
    text = plain(line)
    words = word_count(text)
    for rule in RULES:
        if rule.matches(text, words):
            return rule.reason
    return None
