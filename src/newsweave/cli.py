"""The ``newsweave`` command.

Exit codes: 0 = done (some inputs may have been skipped; they are listed), 1 = no article could be briefed,
2 = usage error (bad option or argument), 3 = the store's database cannot be used, 4 = the Dask cluster cannot be
used (not installed, or its scheduler unreachable).
"""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from newsweave import __version__

if TYPE_CHECKING:
    from newsweave.config import Settings
    from newsweave.pipeline import Progress
    from newsweave.render.schema import Brief

app = typer.Typer(
    help="Many articles from many outlets in, one cross-checked, fully attributed brief of each event out.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXIT_NO_ARTICLES = 1
EXIT_NO_CLUSTER = 4


def say(text: str) -> None:
    """A message on standard error, unwrapped, so that a path or URL stays on one line (and can be grepped)."""
    err.print(text, highlight=False, soft_wrap=True)


class Format(StrEnum):
    md = "md"
    json = "json"
    html = "html"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsweave {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    from newsweave.ingest.base import SKIP_LOG

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    SKIP_LOG.setLevel(logging.ERROR)  # the commands list skipped inputs themselves, once, and not at all with -q


def _brief(
    paths: list[Path],
    fmt: Format,
    output: Path | None,
    quiet: bool,
    max_mb: float | None,
    encoding: str | None,
    dask: str | None = None,
) -> None:
    from newsweave.config import Settings
    from newsweave.pipeline import NoArticlesError
    from newsweave.render import render
    from newsweave.scale import ClusterUnavailableError

    overrides = {}
    if max_mb is not None:
        overrides["max_bytes"] = int(max_mb * 1024 * 1024)
    if encoding:
        overrides["encoding"] = encoding
    settings = Settings(**overrides)
    try:
        if quiet:
            result = _run_brief(paths, settings, None, dask)
        else:
            with err.status("reading") as status:
                result = _run_brief(paths, settings, lambda message: status.update(message), dask)
    except ClusterUnavailableError as exc:
        say(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_NO_CLUSTER) from None
    except NoArticlesError as exc:
        for skipped in exc.skipped:
            say(f"[yellow]skipped[/] {escape(str(skipped.path))}: {escape(skipped.reason)}")
        say(f"[red]error:[/] no article could be briefed from {escape(', '.join(map(str, paths)))}")
        raise typer.Exit(EXIT_NO_ARTICLES) from None
    if not quiet:
        for skipped in result.skipped:
            say(f"[yellow]skipped[/] {escape(str(skipped.path))}: {escape(skipped.reason)}")
    text = render(result, fmt.value)
    if output:
        output.write_text(text, encoding="utf-8")
        if not quiet:
            say(f"wrote {escape(str(output))} ({len(result.articles)} articles, {len(result.stories)} stories)")
    else:
        sys.stdout.write(text)


def _run_brief(paths: list[Path], settings: Settings, progress: Progress | None, dask: str | None) -> Brief:
    """In this process, or as tasks on a Dask cluster when ``dask`` names one."""
    from newsweave.pipeline import brief

    if dask is None:
        return brief(paths, settings, progress)
    from newsweave.scale import brief_on_dask, connect

    with connect(dask) as client:
        return brief_on_dask(paths, client, settings, progress)


@app.command("brief")
def brief_command(
    paths: list[Path] = typer.Argument(..., help="Article files (.txt, .html, .json, .jsonl, feeds, WARC) or folders."),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or skipped-file messages."),
    max_mb: float | None = typer.Option(None, "--max-mb", help="Skip files larger than this (default 10 MB)."),
    encoding: str | None = typer.Option(None, "--encoding", help="Read text files in this encoding, not UTF-8."),
    dask: str | None = typer.Option(
        None,
        "--dask",
        metavar="ADDRESS",
        help="Run the stages as tasks on a Dask cluster: 'local' or 'local:N' (N worker processes here) or a "
        "scheduler address (tcp://host:8786). Needs newsweave[scale].",
    ),
) -> None:
    """Cross-check articles about one or more events and write their brief."""
    _brief(paths, fmt, output, quiet, max_mb, encoding, dask)


@app.command()
def demo(
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress messages."),
) -> None:
    """Brief the project's own example corpus (a fictional event from seven fictional outlets)."""
    if not EXAMPLES.is_dir():
        say(f"[red]error:[/] the example corpus is not at {escape(str(EXAMPLES))}; run from a clone of the repository")
        raise typer.Exit(EXIT_NO_ARTICLES)
    _brief([EXAMPLES], fmt, output, quiet, None, None)


@app.command()
def schema() -> None:
    """Print the JSON Schema of `newsweave brief --format json`."""
    from newsweave.render.schema import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n")


# The corpus commands (ingest, stories, show, export) and `serve` register themselves on `app`.
from newsweave import cli_store, cli_web  # noqa: E402,F401
