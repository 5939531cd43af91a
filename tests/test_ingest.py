"""Reading: every format, every kind of bad input (made in tmp_path), ids that are stable and unique."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import re
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.config import Settings
from newsweave.ingest import read_paths, read_records
from newsweave.ingest.html import fragment_lines, parse_html
from newsweave.model import RawArticle, Skipped

SETTINGS = Settings()

STORY = (
    "The harbour council of Westmere approved a plan on Tuesday to rebuild the old ferry pier before winter.",
    "Councillors voted nine to two in favour after a debate that lasted most of the afternoon session.",
    "The pier has been closed since a storm damaged its supports last March, cutting the island route.",
    "Engineers told the council that repairs would take about four months and cost less than expected.",
    "Ferry operators welcomed the decision and said they hoped to restore a daily timetable by December.",
)
TEXT = "\n\n".join(STORY)
CONTENT_ID = re.compile(r"^a-[0-9a-f]{12}$")


def page(title: str = "Westmere backs pier rebuild", paragraphs: tuple[str, ...] = STORY) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{title} | Westmere Gazette</title>"
        f'<meta property="og:title" content="{title}">'
        '<meta property="og:site_name" content="Westmere Gazette">'
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2024-03-05T08:15:00Z">'
        '</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Westmere Gazette</footer></body></html>"
    )


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_one(path: Path, settings: Settings = SETTINGS) -> tuple[list[RawArticle], list[Skipped]]:
    return read_paths([path], settings)


def only_skip(path: Path, settings: Settings = SETTINGS) -> Skipped:
    articles, skipped = read_one(path, settings)
    assert articles == []
    assert len(skipped) == 1
    return skipped[0]


# --- plain text ---------------------------------------------------------------------------------------------------


def test_txt_reads_lines_title_and_id(tmp_path: Path) -> None:
    path = write(tmp_path / "pier-vote.txt", "Westmere Backs Pier Rebuild\n\n  " + TEXT + "  \n")
    [article], skipped = read_one(path)
    assert skipped == []
    assert article.id == "pier-vote"
    assert article.format == "txt"
    assert article.title == "Westmere Backs Pier Rebuild"
    assert article.lines == ("Westmere Backs Pier Rebuild", *STORY)
    assert article.path == str(path)


def test_txt_title_skips_page_furniture_and_finds_the_outlet(tmp_path: Path) -> None:
    text = "Support The Westmere Gazette!\n\nMonday, June 3\n\nWestmere Backs Pier Rebuild\n\n" + TEXT
    [article], _ = read_one(write(tmp_path / "a.txt", text))
    assert article.title == "Westmere Backs Pier Rebuild"
    assert article.source == "The Westmere Gazette"


def test_txt_without_a_headline_has_no_title(tmp_path: Path) -> None:
    [article], _ = read_one(write(tmp_path / "a.txt", TEXT))
    assert article.title is None
    assert article.lines == STORY


def test_txt_wire_dateline_names_the_source(tmp_path: Path) -> None:
    text = "Pier Vote\n\nLISBON (Reuters) - " + TEXT
    [article], _ = read_one(write(tmp_path / "a.txt", text))
    assert article.source == "Reuters"


@pytest.mark.parametrize("name", ["a.txt", "000_4f2a.txt", "draft_pier.txt"])
def test_txt_without_cues_has_no_source(tmp_path: Path, name: str) -> None:
    [article], _ = read_one(write(tmp_path / name, "Pier Vote\n\n" + TEXT))
    assert article.source is None


def test_txt_outlet_from_the_file_naming_convention(tmp_path: Path) -> None:
    [article], _ = read_one(write(tmp_path / "westmere-gazette_pier-vote.txt", "Pier Vote\n\n" + TEXT))
    assert article.source == "Westmere Gazette"
    assert article.id == "westmere-gazette_pier-vote"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    [article], _ = read_one(write(tmp_path / "a.txt", "\ufeffPier Vote\n" + TEXT))
    assert article.title == "Pier Vote"


# --- HTML ---------------------------------------------------------------------------------------------------------


def test_parse_html_keeps_paragraphs_and_metadata() -> None:
    article = parse_html(page(), article_id="x", url="https://www.westmere.example/news/pier")
    assert article.lines[-len(STORY) :] == STORY
    assert article.title == "Westmere backs pier rebuild"
    assert article.source == "Westmere Gazette"
    assert article.author == "Jane Roe"
    assert article.published == dt.date(2024, 3, 5)
    assert article.url == "https://www.westmere.example/news/pier"
    assert article.format == "html"
    assert article.extracted  # a short result from a page means a failed extraction (clean.corpus.too_short)


def test_only_text_found_in_a_whole_page_counts_as_extracted() -> None:
    records = [{"title": "Pier", "text": TEXT}, {"html": page()}, {"html": "<p>" + "</p><p>".join(STORY) + "</p>"}]
    articles, skipped = read_records(records, SETTINGS)
    assert skipped == []
    assert [a.extracted for a in articles] == [False, True, False]


def test_parse_html_without_main_text_gives_no_lines() -> None:
    assert parse_html("<html><body><div></div></body></html>", article_id="x").lines == ()


def test_html_file_is_read_with_its_stem_as_id(tmp_path: Path) -> None:
    [article], skipped = read_one(write(tmp_path / "pier.html", page()))
    assert skipped == []
    assert article.id == "pier"
    assert STORY[0] in article.lines


def test_html_without_main_text_is_skipped(tmp_path: Path) -> None:
    html = "<html><head><title>Menu</title></head><body><div><p></span></div><script>go()</script></body>"
    skipped = only_skip(write(tmp_path / "nav.htm", html))
    assert skipped.path.endswith("nav.htm")
    assert "no main text" in skipped.reason


def test_fragment_lines_split_blocks_and_breaks() -> None:
    fragment = "<p>First <b>para</b>.</p><p>Second<br>line</p><script>x()</script><ul><li>one</li></ul>"
    assert fragment_lines(fragment) == ("First para.", "Second", "line", "one")


# --- JSON and JSON Lines ------------------------------------------------------------------------------------------


def test_json_single_record_uses_stem_or_own_id(tmp_path: Path) -> None:
    record = {"title": "Pier Vote", "body": TEXT, "outlet": "Westmere Gazette", "pubDate": "2024-03-05"}
    [article], _ = read_one(write(tmp_path / "one.json", json.dumps(record)))
    assert (article.id, article.title, article.source, article.published) == (
        "one",
        "Pier Vote",
        "Westmere Gazette",
        dt.date(2024, 3, 5),
    )
    assert article.lines == STORY
    assert article.format == "json"
    [article], _ = read_one(write(tmp_path / "own.json", json.dumps({**record, "id": "pier-1"})))
    assert article.id == "pier-1"


def test_json_list_without_ids_gets_content_hashes(tmp_path: Path) -> None:
    records = [{"title": "Pier Vote", "text": TEXT}, {"title": "Other", "text": STORY[1]}]
    articles, _ = read_one(write(tmp_path / "many.json", json.dumps(records)))
    assert len(articles) == 2
    assert all(CONTENT_ID.match(a.id) for a in articles)
    assert articles[0].id != articles[1].id


def test_json_api_response_wrapping_a_list(tmp_path: Path) -> None:
    data = {"status": "ok", "articles": [{"title": "Pier Vote", "content": TEXT, "source": {"name": "Gazette"}}]}
    [article], _ = read_one(write(tmp_path / "api.json", json.dumps(data)))
    assert article.source == "Gazette"


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    skipped = only_skip(write(tmp_path / "bad.json", '{"title": "x",\n  "text": oops}'))
    assert "malformed JSON at line 2, column" in skipped.reason


def test_json_of_the_wrong_shape_is_skipped(tmp_path: Path) -> None:
    assert "expected a JSON object" in only_skip(write(tmp_path / "n.json", "42")).reason


def test_jsonl_bad_lines_are_skipped_and_the_rest_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "title": "Pier Vote", "text": TEXT}),
        '{"id": "b", "title": "broken"',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "c", "title": "No text"}),
        json.dumps({"id": "d", "title": "Other", "text": STORY[2]}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines))
    articles, skipped = read_one(path)
    assert [a.id for a in articles] == ["a", "d"]
    assert [s.path for s in skipped] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert "malformed JSON" in skipped[0].reason
    assert "expected an object" in skipped[1].reason
    assert "no article text" in skipped[2].reason


# --- records (Python and web API) ---------------------------------------------------------------------------------


def test_records_field_aliases_and_url_domain() -> None:
    records = [
        {"headline": "Pier Vote", "article": TEXT, "link": "https://www.westmere.example/p", "published_at": 0},
        {"title": "Pier", "html": "<p>" + "</p><p>".join(STORY) + "</p>", "authors": ["Jane Roe", "Tom Poe"]},
    ]
    articles, skipped = read_records(records, SETTINGS)
    assert skipped == []
    first, second = articles
    assert first.format == "record"
    assert (first.title, first.source, first.published) == ("Pier Vote", "westmere.example", dt.date(1970, 1, 1))
    assert second.lines == STORY
    assert second.author == "Jane Roe, Tom Poe"


def test_records_that_cannot_be_used_are_skipped_by_position() -> None:
    articles, skipped = read_records([{"title": "x"}, "text", {"text": TEXT}], SETTINGS, origin="api")  # type: ignore[list-item]
    assert len(articles) == 1
    assert [s.path for s in skipped] == ["api[0]", "api[1]"]


def test_record_date_that_cannot_be_read_is_noted() -> None:
    [article], _ = read_records([{"text": TEXT, "date": "whenever"}], SETTINGS)
    assert article.published is None
    assert any("whenever" in note for note in article.notes)


def test_record_ids_are_content_hashes_stable_across_runs() -> None:
    first, _ = read_records([{"title": "Pier", "text": TEXT}], SETTINGS)
    again, _ = read_records([{"title": "Pier", "text": TEXT}], SETTINGS)
    other, _ = read_records([{"title": "Pier", "text": TEXT + " More."}], SETTINGS)
    assert first[0].id == again[0].id
    assert CONTENT_ID.match(first[0].id)
    assert other[0].id != first[0].id


def test_record_text_above_the_size_limit_is_skipped() -> None:
    _, skipped = read_records([{"text": TEXT}], Settings(max_bytes=100))
    assert "above the limit" in skipped[0].reason


# --- feeds --------------------------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Westmere Gazette</title><link>https://www.westmere.example/</link>
<item><title>Pier Vote</title><link>https://www.westmere.example/news/pier</link>
<pubDate>Tue, 05 Mar 2024 08:15:00 GMT</pubDate><author>jane@westmere.example (Jane Roe)</author>
<description><![CDATA[<p>{0}</p><p>{1}</p>]]></description></item>
<item><title>Ferry Timetable</title><link>https://news.other.example/ferry</link>
<description>{2}</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Island Post</title><link href="https://islandpost.example/"/>
<id>urn:x</id><updated>2024-03-06T10:00:00Z</updated>
<entry><title>Pier Works Begin</title><link href="https://islandpost.example/pier"/><id>urn:x:1</id>
<updated>2024-03-06T10:00:00Z</updated><content type="html">&lt;p&gt;{0}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries_are_articles(tmp_path: Path) -> None:
    path = write(tmp_path / "gazette.rss", RSS.format(*STORY))
    articles, skipped = read_one(path)
    assert skipped == []
    first, second = articles
    assert (first.title, first.url, first.source) == (
        "Pier Vote",
        "https://www.westmere.example/news/pier",
        "westmere.example",
    )
    assert first.published == dt.date(2024, 3, 5)
    assert first.lines == STORY[:2]
    assert second.source == "news.other.example"
    assert all(CONTENT_ID.match(a.id) and a.path == str(path) for a in articles)


def test_atom_feed_in_an_xml_file(tmp_path: Path) -> None:
    [article], _ = read_one(write(tmp_path / "post.xml", ATOM.format(STORY[0])))
    assert article.title == "Pier Works Begin"
    assert article.lines == (STORY[0],)
    assert article.published == dt.date(2024, 3, 6)


def test_xml_that_is_not_a_feed_is_skipped(tmp_path: Path) -> None:
    skipped = only_skip(write(tmp_path / "data.xml", "<?xml version='1.0'?><catalog><book/></catalog>"))
    assert "feed" in skipped.reason


# --- WARC ---------------------------------------------------------------------------------------------------------


def warc(path: Path, responses: list[tuple[str, str, bytes, str]]) -> Path:
    """Write a WARC of (url, content type, body, status) responses; gzip-compressed when the name says so."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for url, content_type, body, status in responses:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_are_articles(tmp_path: Path, name: str) -> None:
    path = warc(
        tmp_path / name,
        [
            ("https://westmere.example/pier", "text/html; charset=utf-8", page().encode(), "200 OK"),
            ("https://westmere.example/logo.png", "image/png", b"\x89PNG....", "200 OK"),
            ("https://westmere.example/gone", "text/html", b"<html>gone</html>", "404 Not Found"),
            ("https://westmere.example/ferry", "text/html", page("Ferry", STORY[::-1]).encode(), "200 OK"),
        ],
    )
    articles, skipped = read_one(path)
    assert skipped == []
    assert [a.url for a in articles] == ["https://westmere.example/pier", "https://westmere.example/ferry"]
    assert all(CONTENT_ID.match(a.id) and a.format == "html" for a in articles)
    assert STORY[0] in articles[0].lines


def test_warc_page_above_the_limit_is_skipped_and_others_read(tmp_path: Path) -> None:
    small = "<html><body><p>" + STORY[0] + "</p></body></html>"
    path = warc(
        tmp_path / "c.warc",
        [
            ("https://a.example/big", "text/html", page().encode(), "200 OK"),
            ("https://a.example/small", "text/html", small.encode(), "200 OK"),
        ],
    )
    articles, skipped = read_one(path, Settings(max_bytes=len(small) + 200))
    assert [a.url for a in articles] == ["https://a.example/small"]
    assert skipped[0].path == f"{path}#https://a.example/big"
    assert "above the limit" in skipped[0].reason


def test_file_that_is_not_a_warc_is_skipped(tmp_path: Path) -> None:
    assert "WARC" in only_skip(write(tmp_path / "x.warc", b"this is not an archive\n" * 5)).reason


# --- bad input of every kind --------------------------------------------------------------------------------------


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    skipped = only_skip(write(tmp_path / "blob.txt", b"\x00\x01\x02binary\x00data" * 20))
    assert skipped.path == str(tmp_path / "blob.txt")
    assert "binary" in skipped.reason


def test_known_binary_format_is_named(tmp_path: Path) -> None:
    assert "PDF" in only_skip(write(tmp_path / "doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")).reason


@pytest.mark.parametrize(("content", "word"), [(b"", "empty"), (b"  \n\t\n ", "whitespace")])
def test_empty_and_blank_files_are_skipped(tmp_path: Path, content: bytes, word: str) -> None:
    assert word in only_skip(write(tmp_path / "a.txt", content)).reason


def test_invalid_utf8_says_where_and_suggests_the_encoding(tmp_path: Path) -> None:
    text = "Pier Vote\nThe café owner on the quay said the décor of the old pier would be restored soon enough.\n"
    path = write(tmp_path / "latin.txt", (text * 3).encode("cp1252"))
    skipped = only_skip(path)
    assert "not valid UTF-8 at line 2, column 8" in skipped.reason
    assert "Settings.encoding=" in skipped.reason
    [article], _ = read_one(path, Settings(encoding="cp1252"))
    assert "café" in article.lines[1]


def test_utf16_text_gets_the_encoding_to_set(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.txt", ("Pier Vote\n" + TEXT).encode("utf-16"))
    assert "utf-16" in only_skip(path).reason
    [article], _ = read_one(path, Settings(encoding="utf-16"))
    assert article.title == "Pier Vote"


def test_unknown_forced_encoding_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", TEXT)
    assert "unknown encoding" in only_skip(path, Settings(encoding="no-such-codec")).reason


def test_file_above_max_bytes_is_skipped_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "big.txt", TEXT)

    def never(self: Path) -> bytes:
        raise AssertionError("a file above the limit must not be read")

    monkeypatch.setattr(Path, "read_bytes", never)
    skipped = only_skip(path, Settings(max_bytes=100))
    assert "above the limit of 100 bytes" in skipped.reason
    assert f"{len(TEXT.encode())} bytes" in skipped.reason
    assert "Settings.max_bytes" in skipped.reason


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", TEXT)

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert "permission denied" in only_skip(path).reason


def test_empty_folder_is_skipped_with_what_was_looked_for(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    write(folder / "notes.docx", b"PK\x03\x04")
    skipped = only_skip(folder)
    assert skipped.path == str(folder)
    assert skipped.reason.startswith("no articles found (looked for .txt, .html")


def test_unknown_extensions_are_ignored_in_folders_but_skipped_when_named(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "Pier Vote\n" + TEXT)
    image = write(tmp_path / "in" / "photo.jpg", b"\xff\xd8\xff")
    articles, skipped = read_one(tmp_path / "in")
    assert [a.id for a in articles] == ["a"] and skipped == []
    skipped_one = only_skip(image)
    assert "unknown file type '.jpg'" in skipped_one.reason


def test_missing_path_is_skipped(tmp_path: Path) -> None:
    assert only_skip(tmp_path / "nowhere").reason == "no such file or folder"


def test_one_bad_file_does_not_stop_the_run(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Pier Vote\n" + TEXT)
    write(tmp_path / "b.txt", b"")
    write(tmp_path / "c.json", "{")
    write(tmp_path / "d.txt", "Ferry\n" + TEXT)
    articles, skipped = read_one(tmp_path)
    assert [a.id for a in articles] == ["a", "d"]
    assert [Path(s.path).name for s in skipped] == ["b.txt", "c.json"]


# --- order and ids ------------------------------------------------------------------------------------------------


def test_folders_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b/z.txt", "a/y.txt", "c.txt", "a/x.txt", ".hidden/h.txt"):
        write(tmp_path / name, f"Title {name}\n" + TEXT)
    first, _ = read_one(tmp_path)
    again, _ = read_one(tmp_path)
    assert [a.id for a in first] == ["x", "y", "z", "c"]
    assert first == again


def test_id_clash_gets_a_suffix_and_a_note(tmp_path: Path) -> None:
    one = write(tmp_path / "a" / "pier.txt", "Pier Vote\n" + TEXT)
    write(tmp_path / "b" / "pier.txt", "Pier Again\n" + TEXT)
    write(tmp_path / "c" / "pier-2.txt", "Pier Third\n" + TEXT)
    articles, _ = read_one(tmp_path)
    assert [a.id for a in articles] == ["pier", "pier-3", "pier-2"]
    assert "already used by" in articles[1].notes[0] and str(one) in articles[1].notes[0]


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Pier Vote\n" + TEXT)
    articles, _ = read_paths([path, tmp_path], SETTINGS)
    assert [a.id for a in articles] == ["a"]


def test_record_id_clash_in_one_batch() -> None:
    articles, _ = read_records([{"id": "x", "text": TEXT}, {"id": "x", "text": STORY[0]}], SETTINGS)
    assert [a.id for a in articles] == ["x", "x-2"]
    assert articles[1].notes


def test_gzip_text_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", gzip.compress(TEXT.encode()))
    assert "gzip" in only_skip(path).reason


def test_special_file_is_skipped_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert only_skip(fifo).reason == "not a regular file"
    articles, skipped = read_one(tmp_path)
    assert articles == [] and skipped[0].reason.startswith("no articles found")
