"""The store's commands: ``ingest``, ``rewrites``, ``analyse``, ``stories``, ``show``, ``entity`` and ``export``
(registered on :data:`newsweave.cli.app`).

Exit codes as for ``brief``: 0 done, 1 nothing usable (no article in the inputs, no such story, no store),
2 usage error; and 3 when the database failed (locked, read-only, unreachable: the message says which and what to do;
nothing committed before is lost).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsweave.cli import EXIT_NO_ARTICLES, Format, app, err, say

if TYPE_CHECKING:
    from newsweave.store import CopyNote, IngestReport, Store
    from newsweave.store.records import EntityRecord, EntityRow

EXIT_DATABASE = 3
EXIT_USAGE = 2
DB_HELP = (
    "Database URL (sqlite:///FILE, postgresql+psycopg://...) or SQLite file; default $NEWSWEAVE_DB, else newsweave.db."
)


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD", param_hint=option) from None


def _open(db: str | None, must_exist: bool) -> Store:
    """Open the store, or exit with the reason; read commands do not create an empty database by accident."""
    from newsweave.store import Store, StoreError
    from newsweave.store.engine import resolve_url

    try:
        url = resolve_url(db)
        if must_exist and url.get_backend_name() == "sqlite" and url.database and not url.query.get("uri"):
            if not Path(url.database).expanduser().exists():
                say(f"[red]error:[/] no store at {escape(url.database)}; add articles with `newsweave ingest` first")
                raise typer.Exit(EXIT_NO_ARTICLES)
        return Store.open(db)
    except StoreError as exc:
        _fail(exc)


def _fail(exc: Exception) -> NoReturn:
    say(f"[red]error:[/] {escape(str(exc))}")
    raise typer.Exit(EXIT_DATABASE)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Article files (.txt, .html, .json, .jsonl, feeds, WARC) or folders."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    max_mb: float | None = typer.Option(None, "--max-mb", help="Skip files larger than this (default 10 MB)."),
    encoding: str | None = typer.Option(None, "--encoding", help="Read text files in this encoding, not UTF-8."),
    defer_rewrites: bool = typer.Option(
        False, "--defer-rewrites",
        help="Store and cluster now; leave the rewrite check (about half the ingest time on full-length articles) "
        "to `newsweave rewrites` or an idle `newsweave serve`.",
    ),
    analyse: bool = typer.Option(
        False, "--analyse", help="Then brief the stories this ingest changed, so that their entities are searchable."
    ),
) -> None:
    """Add articles to the store: duplicates are recognised, copies linked, stories kept current."""
    from newsweave.config import Settings
    from newsweave.store import StoreError

    overrides: dict[str, object] = {}
    if max_mb is not None:
        overrides["max_bytes"] = int(max_mb * 1024 * 1024)
    if encoding:
        overrides["encoding"] = encoding
    store = _open(db, must_exist=False)
    try:
        if quiet:
            report = store.ingest(paths, Settings(**overrides), defer_rewrites=defer_rewrites)
        else:
            with _bar() as bar:
                report = store.ingest(
                    paths, Settings(**overrides), progress=_progress(bar), defer_rewrites=defer_rewrites
                )
            _summary(report, store.url)
        if analyse and report.stories_touched:
            _analyse(store, report.stories_touched, quiet)
    except StoreError as exc:
        _fail(exc)
    finally:
        store.close()
    if not report.added and not report.duplicates:
        if quiet:
            for skipped in report.skipped:
                say(f"[yellow]skipped[/] {escape(skipped.path)}: {escape(skipped.reason)}")
        say(f"[red]error:[/] no article could be read from {escape(', '.join(map(str, paths)))}")
        raise typer.Exit(EXIT_NO_ARTICLES)


def _bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
        transient=True,
    )


def _progress(bar: Progress) -> Callable[[str, int, int], None]:
    tasks: dict[str, int] = {}
    labels = {"reading": "reading files", "adding": "adding articles", "regrouping": "regrouping stories",
              "rewrites": "checking for rewrites", "analysing": "analysing stories"}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in labels:
            return
        if stage not in tasks:
            tasks[stage] = bar.add_task(labels[stage], total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return update


def _summary(report: IngestReport, url: str) -> None:
    say(
        f"added {len(report.added)} articles to {escape(url)}; {len(report.stories_touched)} stories changed "
        f"({len(report.merged)} merged, {sum(len(v) for v in report.split.values())} split off)",
    )
    if report.duplicates:
        say(f"{len(report.duplicates)} already in the store (not added again)")
    found = [("duplicates", report.exact_duplicates), ("near-duplicates", report.near_duplicates),
             ("rewrites", report.rewrites)]
    for label, notes in found:
        if notes:
            say(f"{len(notes)} {label}: {_copy_list(notes)}")
    if report.rewrites_pending:
        say(f"{report.rewrites_pending} articles wait for the rewrite check: run `newsweave rewrites`")
    for renamed in report.renamed:
        say(
            f"[yellow]renamed[/] {escape(renamed.input)}: id {escape(repr(renamed.given_id))} belongs to another "
            f"article; stored as {escape(repr(renamed.stored_id))}",
        )
    if report.skipped:
        say(f"{len(report.skipped)} skipped:")
        for skipped in report.skipped:
            say(f"[yellow]skipped[/] {escape(skipped.path)}: {escape(skipped.reason)}")


@app.command()
def rewrites(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
) -> None:
    """Check the articles an `ingest --defer-rewrites` stored for rewrites of (or by) the rest of the corpus.

    Each chunk of articles is saved as soon as it is checked: an interrupted run keeps its work and the next one goes
    on from there.
    """
    from newsweave.store import StoreError

    store = _open(db, must_exist=True)
    try:
        if quiet:
            store.check_rewrites()
            return
        with _bar() as bar:
            report = store.check_rewrites(progress=_progress(bar))
        say(f"checked {report.checked} articles in {escape(store.url)}")
        for label, notes in (("rewrites", report.rewrites), ("near-duplicates", report.near_duplicates)):
            if notes:
                say(f"{len(notes)} {label}: {_copy_list(notes)}")
    except StoreError as exc:
        _fail(exc)
    finally:
        store.close()


def _copy_list(notes: Sequence[CopyNote]) -> str:
    """The first few links of a kind, as "derived of source"."""
    shown = escape(", ".join(f"{n.article} of {n.source}" for n in notes[:5]))
    return shown + (" ..." if len(notes) > 5 else "")


@app.command("analyse")
def analyse_command(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary (failures still shown)."),
) -> None:
    """Brief every story not briefed yet, newest first, so that entity pages and search know every story.

    Each story is saved as soon as it is done: an interrupted run keeps its work and the next one goes on from there.
    """
    from newsweave.store import StoreError

    store = _open(db, must_exist=True)
    try:
        _analyse(store, None, quiet)
    except StoreError as exc:
        _fail(exc)
    finally:
        store.close()


def _analyse(store: Store, story_ids: Iterable[str] | None, quiet: bool) -> None:
    """Run the analysis with a progress bar and a summary (``quiet``: neither); failures are always listed."""
    if quiet:
        report = store.analyse(story_ids)
    else:
        with _bar() as bar:
            report = store.analyse(story_ids, progress=_progress(bar))
        say(
            f"analysed {_stories(len(report.analysed))} in {escape(store.url)} "
            f"({_stories(report.up_to_date)} already up to date, {len(report.failed)} failed)"
        )
    for failed in report.failed:
        say(f"[yellow]failed[/] story {escape(failed.story_id)}: {escape(failed.reason)}")


def _stories(count: int) -> str:
    return f"{count} story" if count == 1 else f"{count} stories"


@app.command()
def stories(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    since: str | None = typer.Option(None, "--since", help="Stories with an article on or after this date."),
    until: str | None = typer.Option(None, "--until", help="Stories with an article on or before this date."),
    min_sources: int = typer.Option(1, "--min-sources", min=1, help="Stories told by at least this many outlets."),
    query: str | None = typer.Option(None, "--query", help="Full-text search in titles and article text."),
    outlet: str | None = typer.Option(None, "--outlet", help="Stories with an article from this outlet."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many stories."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """List stored stories, newest first."""
    from newsweave.store import StoreError

    since_date, until_date = _date(since, "--since"), _date(until, "--until")
    store = _open(db, must_exist=True)
    try:
        rows = store.list_stories(query=query, since=since_date, until=until_date, outlet=outlet,
                                  min_sources=min_sources, limit=limit)
    except StoreError as exc:
        _fail(exc)
    finally:
        store.close()
    if fmt is ListFormat.json:
        listing = [
            {"id": r.id, "title": r.title, "article_ids": list(r.article_ids),
             "first_date": r.first_date.isoformat() if r.first_date else None,
             "last_date": r.last_date.isoformat() if r.last_date else None,
             "source_count": r.source_count, "article_count": r.article_count}
            for r in rows
        ]
        sys.stdout.write(json.dumps(listing, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} stories")
    for column in ("id", "title", "dates", "sources", "articles"):
        table.add_column(column, justify="right" if column in ("sources", "articles") else "left")
    for r in rows:
        dates = " to ".join(sorted({d.isoformat() for d in (r.first_date, r.last_date) if d})) or "undated"
        table.add_row(r.id, r.title, dates, str(r.source_count), str(r.article_count))
    Console().print(table)


@app.command()
def show(
    story_id: str = typer.Argument(..., help="A story id from `newsweave stories`."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
) -> None:
    """The brief of one stored story (computed the first time, then cached until the story changes)."""
    from newsweave.render import render
    from newsweave.store import StoreError, UnknownStoryError

    store = _open(db, must_exist=True)
    try:
        live = store.resolve_story_id(story_id)
        if live is not None and live != story_id:
            say(escape(f"story {story_id} was merged into {live}"))
        brief = store.story_brief(story_id)
    except UnknownStoryError as exc:
        say(f"[red]error:[/] {escape(str(exc.args[0]))}")
        raise typer.Exit(EXIT_NO_ARTICLES) from None
    except StoreError as exc:
        _fail(exc)
    finally:
        store.close()
    text = render(brief, fmt.value)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command()
def entity(
    name: str = typer.Argument(..., help="An entity id, or part of a name or alias (case-insensitive)."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table (readable text) or json."),
) -> None:
    """Who said what: one person's or institution's stories, quotations and reported statements across the store.

    Entities are known from briefed stories; `newsweave analyse` briefs the rest. A name that matches several
    entities lists them with their ids.
    """
    from newsweave.store import StoreError

    store = _open(db, must_exist=True)
    try:
        record = store.entity(name)
        matches = [] if record else store.list_entities(query=name, limit=20)
        if record is None and len(matches) == 1:
            record = store.entity(matches[0].id)
        unanalysed = len(store.unanalysed())
    except StoreError as exc:
        _fail(exc)
    finally:
        store.close()
    if unanalysed:
        say(escape(f"{_stories(unanalysed)} not briefed yet, so not searched: `newsweave analyse` briefs them"))
    if record is None:
        _no_single_entity(name, matches)
    elif fmt is ListFormat.json:
        sys.stdout.write(json.dumps(_entity_json(record), indent=2, ensure_ascii=False) + "\n")
    else:
        _print_entity(record)


def _no_single_entity(name: str, matches: Sequence[EntityRow]) -> NoReturn:
    if not matches:
        say(f"[red]error:[/] {escape(f'no entity matches {name!r}')}")
        raise typer.Exit(EXIT_NO_ARTICLES)
    table = Table(title=f"{len(matches)} entities match {name!r}: give one id")
    for column in ("id", "name", "kind", "stories"):
        table.add_column(column, justify="right" if column == "stories" else "left", no_wrap=column == "id")
    for row in matches:
        table.add_row(row.id, row.name, row.kind, str(row.story_count))
    Console(stderr=True).print(table)
    raise typer.Exit(EXIT_USAGE)


def _entity_json(record: EntityRecord) -> dict[str, object]:
    said = [
        {"text": q.text, "speaker": q.speaker, "story_id": q.story_id, "article_ids": list(q.article_ids),
         "direct": q.direct}
        for q in record.quotes
    ]
    return {"id": record.id, "name": record.name, "kind": record.kind, "aliases": list(record.aliases),
            "stories": [{"id": sid, "title": title} for sid, title in record.stories], "quotes": said}


def _print_entity(record: EntityRecord) -> None:
    out = Console(highlight=False)
    out.print(f"[bold]{escape(record.name)}[/] ({escape(record.kind)}; {escape(record.id)})")
    if record.aliases:
        out.print("also written: " + escape(", ".join(record.aliases)))
    out.print(f"\n[bold]Stories[/] ({len(record.stories)})")
    for story_id, title in record.stories:
        out.print(f"  {escape(story_id)}  {escape(title)}")
    for heading, direct, mark in (("Quotes", True, "“{}”"), ("Reported statements", False, "{}")):
        said = [q for q in record.quotes if q.direct is direct]
        out.print(f"\n[bold]{heading}[/] ({len(said)})")
        for q in said:
            where = f"{q.story_id}: {', '.join(q.article_ids)}"
            out.print(f"  - {escape(mark.format(q.text))} [dim]({escape(where)})[/]")


@app.command("export")
def export_command(
    path: Path = typer.Argument(..., help="The file to write."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    fmt: ExportFormat | None = typer.Option(None, "--format", "-f", help="jsonl or parquet (default: by suffix)."),
) -> None:
    """Write every stored article, with its story and provenance, as JSON Lines or Parquet."""
    from newsweave.store import StoreError

    chosen = fmt or (ExportFormat.parquet if path.suffix.lower() == ".parquet" else ExportFormat.jsonl)
    store = _open(db, must_exist=True)
    try:
        count = store.export(path, chosen.value)
    except StoreError as exc:
        _fail(exc)
    except OSError as exc:
        say(f"[red]error:[/] {escape(f'cannot write {path}: {exc.strerror or exc}')}")
        raise typer.Exit(EXIT_NO_ARTICLES) from None
    finally:
        store.close()
    say(escape(f"wrote {count} articles to {path} ({chosen.value})"))
