"""`newsweave serve`: its options, a clear error for a bad database, and a real server answering on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from typer.testing import CliRunner

from newsweave.cli import app


def test_serve_options():
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--read-only", "--allow-url-fetch", "127.0.0.1", "8000"):
        assert option in result.output


def test_serve_says_why_a_database_cannot_be_opened(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing-folder" / "x.db")])
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_serve_answers_on_loopback(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-c", "from newsweave.cli import app; app()", "serve", "--db", str(tmp_path / "c.db"),
         "--port", str(port)],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        body = _get(f"http://127.0.0.1:{port}/api/stories", deadline=time.monotonic() + 60)
        assert body.startswith(b'{"total":0')
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
