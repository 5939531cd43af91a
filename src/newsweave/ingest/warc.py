"""Web archives (.warc, .warc.gz): every successful HTML response is an article.

A WARC is streamed record by record, so ``Settings.max_bytes`` applies to each page rather than the whole
archive (crawls of gigabytes are normal). A damaged archive keeps the pages read before the damage.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from newsweave.config import Settings
from newsweave.ingest.base import BadInput, ReadResult, skip
from newsweave.ingest.decode import check_size
from newsweave.ingest.html import parse_html, require_text
from newsweave.ingest.ids import content_id
from newsweave.model import RawArticle, Skipped


def read_warc(path: Path, settings: Settings) -> ReadResult:
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    try:
        if path.stat().st_size == 0:
            raise BadInput("empty file (0 bytes)")
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                _read_record(record, path, settings, articles, skipped)
    except PermissionError:
        raise BadInput("cannot read the file: permission denied (check its permissions)") from None
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as err:
        if not articles and not skipped:
            raise BadInput(f"not a readable WARC archive: {err}") from None
        skipped.append(skip(str(path), f"damaged archive: {err}; the {len(articles)} pages before it are kept"))
    if not articles and not skipped:
        raise BadInput("no HTML responses in the WARC archive")
    return articles, skipped


def _read_record(
    record: ArcWarcRecord, path: Path, settings: Settings, articles: list[RawArticle], skipped: list[Skipped]
) -> None:
    if record.rec_type != "response" or record.http_headers is None:
        return
    content_type = record.http_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower() or record.http_headers.get_statuscode() != "200":
        return
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{path}#{url}"
    try:
        check_size(int(record.length or 0), settings, what="the page")
        html = _decode(record.content_stream().read(), content_type, settings)
        page = parse_html(html, article_id="", path=str(path), url=url)
        require_text(page)
    except BadInput as err:
        skipped.append(skip(where, str(err)))
        return
    articles.append(replace(page, id=content_id(page.title, page.lines)))


def _decode(body: bytes, content_type: str, settings: Settings) -> str:
    """The page's text in the charset its HTTP header declares, else ``Settings.encoding``, else UTF-8."""
    declared = content_type.lower().partition("charset=")[2].split(";")[0].strip(" \"'")
    encoding = declared or settings.encoding or "utf-8"
    try:
        return body.decode(encoding)
    except LookupError:
        raise BadInput(f"the page declares an unknown charset {declared!r}") from None
    except UnicodeDecodeError as err:
        raise BadInput(
            f"the page is not valid {encoding} at byte {err.start}: set Settings.encoding to its encoding"
        ) from None
