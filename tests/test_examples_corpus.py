"""The demo corpus is well-formed and matches the ground truth its README documents.

The pipeline's behaviour on the corpus is tested elsewhere; these tests keep the corpus itself honest, so that
a failing end-to-end test points at the code and not at a typo in an article.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

JSONL_FIELDS = {"id", "title", "text", "url", "source", "published"}
VOID = {"meta", "link", "br", "img", "hr", "input", "source", "wbr"}


class _Page(HTMLParser):
    """The metadata and story paragraphs of one example page, read with the standard library only."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self.times: list[str] = []
        self.paragraphs: list[str] = []
        self.open: list[str] = []
        self._in_body = False
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta[key] = attributes.get("content", "")
        if tag in VOID:
            return
        self.open.append(tag)
        if tag == "time":
            self.times.append(attributes.get("datetime", ""))
        if tag == "div" and attributes.get("class") in {"story-body", "article-body"}:
            self._in_body = True
        if tag in {"p", "title"}:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"unbalanced </{tag}>"
        self.open.pop()
        if tag == "title" and self._text is not None:
            self.title = "".join(self._text)
        if tag == "p" and self._in_body and self._text is not None:
            self.paragraphs.append("".join(self._text))
        if tag == "div" and self._in_body and "div" not in self.open:
            self._in_body = False
        if tag in {"p", "title"}:
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def _corpus(examples_dir: Path) -> Path:
    return examples_dir / "aurelia-bay"


def _txt_paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _readme(examples_dir: Path) -> str:
    return (examples_dir / "README.md").read_text(encoding="utf-8")


def _section(readme: str, heading: str) -> str:
    return readme.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def _rows(section: str) -> list[list[str]]:
    """Table rows (header and rule excluded) as lists of cells."""
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _articles(examples_dir: Path) -> dict[str, tuple[str, str | None, str]]:
    """name -> (outlet, published, body) for every article; the name is the file, or file#record for JSONL."""
    articles: dict[str, tuple[str, str | None, str]] = {}
    for path in sorted(_corpus(examples_dir).iterdir()):
        if path.suffix == ".txt":
            paragraphs = _txt_paragraphs(path)
            date = next((p for p in paragraphs[1:5] if re.search(r"\b2025\b", p)), None)
            articles[path.name] = (path.name.split("_", 1)[0], date, "\n\n".join(paragraphs[1:]))
        elif path.suffix == ".html":
            page = _page(path)
            published = page.meta.get("article:published_time")
            articles[path.name] = (page.meta["og:site_name"], published, "\n\n".join(page.paragraphs))
        elif path.suffix == ".jsonl":
            for record in _records(path):
                articles[f"{path.name}#{record['id']}"] = (
                    record["source"],
                    record["published"],
                    record["text"],
                )
    return articles


def test_every_file_is_a_supported_format(examples_dir: Path) -> None:
    files = sorted(p.name for p in _corpus(examples_dir).iterdir())
    suffixes = [Path(name).suffix for name in files]
    assert suffixes.count(".txt") >= 3 and suffixes.count(".html") == 2 and suffixes.count(".jsonl") == 1
    assert set(suffixes) == {".txt", ".html", ".jsonl"}


def test_text_files_start_with_a_title(examples_dir: Path) -> None:
    for path in sorted(_corpus(examples_dir).glob("*.txt")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.strip() and not first.endswith(".") and len(first.split()) >= 5, path.name


def test_html_pages_carry_title_date_author_and_outlet(examples_dir: Path) -> None:
    for path in sorted(_corpus(examples_dir).glob("*.html")):
        page = _page(path)
        assert page.open == [], path.name
        assert page.title and page.meta["og:title"] in page.title
        assert page.meta["author"] and page.meta["og:site_name"]
        published = dt.datetime.fromisoformat(page.meta["article:published_time"])
        assert page.times == [page.meta["article:published_time"]]
        assert published.date() >= dt.date(2025, 3, 10)
        assert len(page.paragraphs) >= 8


def test_jsonl_records_have_every_field(examples_dir: Path) -> None:
    (path,) = _corpus(examples_dir).glob("*.jsonl")
    records = _records(path)
    assert len(records) == 2
    for record in records:
        assert set(record) == JSONL_FIELDS
        assert record["url"].startswith("https://") and ".example.com/" in record["url"]
        if record["published"] is not None:
            dt.date.fromisoformat(record["published"])


def test_seven_outlets_eight_articles_of_news_length(examples_dir: Path) -> None:
    articles = _articles(examples_dir)
    assert len(articles) == 8
    assert len({outlet for outlet, _, _ in articles.values()}) == 7
    for name, (_, _, body) in articles.items():
        assert 250 <= len(body.split()) <= 600, name


def test_exactly_one_article_has_no_date(examples_dir: Path) -> None:
    undated = [name for name, (_, published, _) in _articles(examples_dir).items() if published is None]
    assert undated == ["feeds_radio-marrow-viraltide.jsonl#radio-marrow-containers-hallam"]


def test_readme_table_lists_exactly_the_corpus_files(examples_dir: Path) -> None:
    rows = _rows(_section(_readme(examples_dir), "Files"))
    listed = {re.search(r"`([^`]+)`", row[0]).group(1) for row in rows}
    on_disk = {f"aurelia-bay/{p.name}" for p in _corpus(examples_dir).iterdir()}
    assert listed == on_disk
    assert all((examples_dir / name).is_file() for name in listed)
    assert len({row[1] for row in rows}) >= 6


def test_documented_boilerplate_is_in_its_file(examples_dir: Path) -> None:
    rows = _rows(_section(_readme(examples_dir), "Boilerplate, line by line"))
    file_name = ""
    checked = 0
    for row in rows:
        if row[0]:
            file_name = re.search(r"`([^`]+)`", row[0]).group(1)
        text = (_corpus(examples_dir) / file_name).read_text(encoding="utf-8")
        for snippet in re.findall(r"`([^`]+)`", row[1]):
            for piece in snippet.split("…"):
                assert piece.strip() in text, (file_name, piece)
                checked += 1
    assert checked >= 30


def test_the_outlet_repeats_a_line_in_both_its_articles(examples_dir: Path) -> None:
    first, second = sorted(_corpus(examples_dir).glob("kessford-courier_*.txt"))
    shared = set(_txt_paragraphs(first)) & set(_txt_paragraphs(second))
    assert shared == {
        "By Hanna Brell, Harbour Reporter",
        "Got a story about the harbour? Email the Courier newsroom at tips@courier.example.com.",
    }


def test_a_headline_is_glued_to_a_last_sentence(examples_dir: Path) -> None:
    text = (_corpus(examples_dir) / "strait-observer_port-stays-shut.txt").read_text(encoding="utf-8")
    assert "since 2009.Council approves new parking charges for Kessford seafront" in text


def test_duplicate_repeats_the_wire_story_word_for_word(examples_dir: Path) -> None:
    corpus = _corpus(examples_dir)
    wire = _txt_paragraphs(corpus / "northsea-wire_ship-aground.txt")[
        3:-1
    ]  # title, byline, date; credit line
    herald = _page(corpus / "coastal-herald_ship-aground.html").paragraphs
    assert herald[1:-1] == wire  # the Herald adds a caption before and a newsletter line after
    assert wire[0].startswith("KESSFORD (Northsea Wire) – ")


def test_rewrite_restates_with_little_verbatim_overlap(examples_dir: Path) -> None:
    corpus = _corpus(examples_dir)
    original = "\n\n".join(_txt_paragraphs(corpus / "kessford-courier_ship-aground.txt")[5:16])
    rewrite = next(
        r for r in _records(corpus / "feeds_radio-marrow-viraltide.jsonl") if r["source"] == "ViralTide"
    )
    a, b = _shingles(original), _shingles(rewrite["text"])
    assert len(a & b) / len(a | b) < 0.05
    for fact in ("42 containers", "4:40", "23", "Tallow Bank", "Brightwater Salvage", "Hallam Islands", "40"):
        assert fact in original and fact in rewrite["text"], fact


@pytest.mark.parametrize(
    ("file_name", "phrase"),
    [
        ("kessford-courier_ship-aground.txt", "42 containers had fallen overboard"),
        ("northsea-wire_ship-aground.txt", "42 containers had gone overboard"),
        ("strait-observer_port-stays-shut.txt", "42 containers went overboard"),
        ("maritime-ledger_kessford-closure.html", "24 containers fell overboard"),
        ("strait-observer_port-stays-shut.txt", "in the early hours of Sunday"),
        ("kessford-courier_ship-refloated.txt", "at about 4:40 a.m. yesterday"),
        ("kessford-courier_ship-aground.txt", "at about 4:40 a.m. on Monday"),
    ],
)
def test_conflicting_statements_are_where_the_readme_says(
    examples_dir: Path, file_name: str, phrase: str
) -> None:
    assert phrase in (_corpus(examples_dir) / file_name).read_text(encoding="utf-8")
    conflicts = _section(_readme(examples_dir), "Conflicts")
    assert "**Sunday 9 March 2025**" in conflicts and "**24**" in conflicts


def test_the_corpus_uses_only_example_domains(examples_dir: Path) -> None:
    for path in sorted(_corpus(examples_dir).iterdir()):
        text = path.read_text(encoding="utf-8")
        for host in re.findall(r"https?://([^/\"'\s]+)", text):
            assert host.endswith(".example.com"), (path.name, host)
