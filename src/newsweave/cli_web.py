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
    read_only: bool = typer.Option(False, "--read-only", help="Refuse new articles (POST /api/articles)."),
    allow_url_fetch: bool = typer.Option(
        False, "--allow-url-fetch", help="Let clients send bare URLs for the server to fetch (public addresses only)."
    ),
) -> None:
    """Serve the corpus: browse stories, articles and entities, brief pasted articles, and the REST API (/docs)."""
    import uvicorn

    from newsweave.store.errors import StoreError
    from newsweave.web import create_app

    loopback = host in LOOPBACK
    try:
        web_app = create_app(
            db, read_only=read_only, allow_url_fetch=allow_url_fetch, allowed_hosts=LOOPBACK if loopback else None
        )
    except StoreError as error:
        say(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(1) from None
    if not loopback:
        say(f"[yellow]note:[/] listening on {escape(host)}: anyone who can reach it can read the corpus")
    uvicorn.run(web_app, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)
