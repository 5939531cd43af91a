"""The brief as one self-contained HTML page: inline CSS, no scripts, no external assets.

Article text is untrusted (it comes from arbitrary web pages), so the template is rendered with autoescaping
on and the page carries a Content-Security-Policy that forbids scripts even if something slipped through.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from newsweave.render.schema import Brief
from newsweave.render.view import BriefView, entity_kind, highlight, paragraphs, when, word_count

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsweave.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        csp=CONTENT_SECURITY_POLICY,
        highlight=highlight,
        when=when,
        entity_kind=entity_kind,
        paragraphs=paragraphs,
        word_count=word_count,
        is_web_url=_is_web_url,
    )
    return env


def render_html(brief: Brief) -> str:
    """The whole brief as one HTML5 document; the same brief always gives the same bytes."""
    return _environment().get_template("brief.html").render(brief=brief, view=BriefView(brief))


def _is_web_url(url: str | None) -> bool:
    """Only http(s) URLs become links: a ``javascript:`` URL from a hostile page must stay plain text."""
    return bool(url) and url.lower().startswith(("http://", "https://"))
