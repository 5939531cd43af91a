"""HTML pages: trafilatura finds the main text and the page's metadata; paragraphs stay one per line.

Also turns HTML fragments (feed entries, "html" fields of records) into lines, where a full-page extractor
would discard the short text as "not an article".
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import trafilatura
from lxml.etree import ParserError

from newsweave.clean.dates import parse_date_value
from newsweave.config import Settings
from newsweave.ingest.base import BadInput, ReadResult
from newsweave.ingest.decode import read_text
from newsweave.ingest.outlet import source_from_text, source_from_url
from newsweave.model import RawArticle

_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article figcaption dd dt".split()
)
_DROP = frozenset({"script", "style", "noscript", "template"})


def parse_html(html: str, *, article_id: str, path: str | None = None, url: str | None = None) -> RawArticle:
    """The main text of a page (one paragraph per line) with its title, date, author and site name.

    A page where the extractor finds no main text gives an article with no lines; readers skip it, benchmarks
    can score it as an empty extraction.
    """
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return RawArticle(id=article_id, lines=(), path=path, format="html", url=url, extracted=True)
    lines = split_lines(doc.text or "")
    page_url = url or doc.url
    sitename = (doc.sitename or "").lstrip("@").strip() or None
    return RawArticle(
        id=article_id,
        lines=lines,
        path=path,
        format="html",
        title=(doc.title or "").strip() or None,
        source=sitename or source_from_url(page_url) or source_from_text(lines),
        url=page_url,
        published=parse_date_value(doc.date) if doc.date else None,
        author=(doc.author or "").strip() or None,
        extracted=True,
    )


def read_html(path: Path, settings: Settings) -> ReadResult:
    article = parse_html(read_text(path, settings), article_id=path.stem, path=str(path))
    require_text(article)
    return [article], []


def require_text(article: RawArticle) -> None:
    if not article.lines:
        raise BadInput("no main text found in the HTML (is it an article page? it may be empty or malformed)")


def fragment_lines(fragment: str) -> tuple[str, ...]:
    """The text of an HTML fragment, one block (paragraph, list item, heading, <br> line) per line."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return split_lines(fragment)
    for element in [e for e in root.iter() if isinstance(e.tag, str) and e.tag in _DROP]:
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            if element.tag != "br":
                element.text = "\n" + (element.text or "")
    return split_lines(root.text_content())


def split_lines(text: str) -> tuple[str, ...]:
    """Non-empty lines with their whitespace runs collapsed."""
    return tuple(" ".join(line.split()) for line in text.splitlines() if line.strip())
