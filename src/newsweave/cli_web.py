"""The ``newsweave serve`` command: the web UI and REST API on uvicorn.

It lives apart from :mod:`newsweave.cli` so that the web stack (FastAPI, uvicorn) is imported only when serving.
"""

from __future__ import annotations

import typer
from rich.markup import escape

from newsweave.cli import app, say

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    db: str | None = typer.Option(
        None, "--db", help="Database URL or SQLite file (default: $NEWSWEAVE_DB, else newsweave.db)."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    read_only: bool = typer.Option(
        False, "--read-only",
        help="Write nothing to the database: refuse new articles (POST /api/articles), cache no briefs, and run no "
        "background analysis.",
    ),
    allow_url_fetch: bool = typer.Option(
        False, "--allow-url-fetch", help="Let clients send bare URLs for the server to fetch (public addresses only)."
    ),
    no_background_analysis: bool = typer.Option(
        False, "--no-background-analysis",
        help="Brief stories only when opened. By default the server, while idle, runs the rewrite check of articles "
        "still waiting for it, then briefs stories newest first, so that entity pages come to know every story; "
        "never with --read-only, which writes nothing.",
    ),
) -> None:
    """Serve the corpus: browse stories, articles and entities, brief pasted articles, and the REST API (/docs)."""
    import uvicorn

    from newsweave.store.errors import StoreError
    from newsweave.web import create_app

    loopback = host in LOOPBACK
    try:
        web_app = create_app(
            db,
            read_only=read_only,
            allow_url_fetch=allow_url_fetch,
            allowed_hosts=LOOPBACK if loopback else None,
            background_analysis=not no_background_analysis,
        )
    except StoreError as error:
        say(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(1) from None
    if read_only and not no_background_analysis:
        say("[yellow]note:[/] read-only: no background analysis; entity pages know only the stories briefed before")
    if not loopback:
        say(f"[yellow]note:[/] listening on {escape(host)}: anyone who can reach it can read the corpus")
    uvicorn.run(web_app, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)
