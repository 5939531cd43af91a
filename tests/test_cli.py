"""The command line: formats, exit codes, bad input, and the schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from newsweave.cli import EXIT_NO_ARTICLES, app

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "examples" / "aurelia-bay"
STORY = (
    "The regional ferry service between Port Alder and the island of Skerra was suspended on Thursday after a storm "
    "damaged the main pier. Officials said repairs would take at least two weeks and that a temporary landing stage "
    "was being considered. The harbour master said no one was injured when a section of the pier collapsed. "
)


def test_schema_is_valid_json_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert {"articles", "stories", "skipped"} <= set(schema["properties"])


def test_brief_json_validates_against_the_schema(tmp_path):
    out = tmp_path / "brief.json"
    result = runner.invoke(app, ["brief", str(CORPUS), "--format", "json", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert document["stories"][0]["summary"]


def test_html_output_is_one_escaped_file(tmp_path):
    article = tmp_path / "evil.json"
    article.write_text(json.dumps({"title": "<script>alert(1)</script> Pier collapses", "text": STORY}), "utf-8")
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["brief", str(article), "--format", "html", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bad_inputs_are_skipped_by_name_and_the_run_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Ferry service suspended after storm\n\n" + STORY, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(("Caf\xe9 owners protest\n\n" + STORY).encode("latin-1"))
    (tmp_path / "broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (tmp_path / "broken.html").write_text("<html><body><div>", encoding="utf-8")
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "nothing").mkdir()
    paths = [
        str(tmp_path / name)
        for name in (
            "good.txt",
            "binary.txt",
            "empty.txt",
            "latin1.txt",
            "broken.json",
            "broken.html",
            "huge.txt",
            "nothing",
        )
    ]
    out = tmp_path / "brief.json"
    result = runner.invoke(app, ["brief", *paths, "--format", "json", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in document["articles"]] == ["good"]
    skipped = {Path(s["path"]).name: s["reason"] for s in document["skipped"]}
    assert set(skipped) == {
        "binary.txt",
        "empty.txt",
        "latin1.txt",
        "broken.json",
        "broken.html",
        "huge.txt",
        "nothing",
    }
    assert all(reason for reason in skipped.values())


def _stderr_of_brief(*args: str) -> str:
    """The command's own standard error, from a new process: logging is set up once per process, so the CLI
    runner (inside pytest's logging capture) cannot show what a user sees."""
    done = subprocess.run(
        [sys.executable, "-c", "from newsweave.cli import app; app()", "brief", *args],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return done.stderr


def test_each_skipped_input_is_said_once_and_not_at_all_when_quiet(tmp_path):
    (tmp_path / "good.txt").write_text("Ferry service suspended after storm\n\n" + STORY, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = str(tmp_path / "brief.md")
    loud = _stderr_of_brief(str(tmp_path), "-o", out)
    assert loud.count("empty.txt") == 1, loud  # not once by the library's log and once by the command
    assert "skipped" in loud
    quiet = _stderr_of_brief(str(tmp_path), "-o", out, "--quiet")
    assert "empty.txt" not in quiet, quiet


def test_no_usable_article_exits_non_zero_with_a_message(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["brief", str(tmp_path)])
    assert result.exit_code == EXIT_NO_ARTICLES
    assert "no article could be briefed" in result.output
    assert "empty.txt" in result.output


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_demo_runs_in_every_format(fmt):
    result = runner.invoke(app, ["demo", "--format", fmt, "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Aurelia Bay" in result.stdout


def test_another_language_is_briefed_with_a_note(tmp_path):
    text = (
        "Fährverbindung nach Skerra nach Sturm eingestellt\n\n"
        "Die Fährverbindung zwischen Port Alder und der Insel Skerra ist am Donnerstag eingestellt worden, nachdem "
        "ein Sturm den Hauptanleger beschädigt hatte. Die Reparaturen dauern nach Angaben der Behörden mindestens "
        "zwei Wochen.\n\n„Niemand wurde verletzt, als ein Teil des Anlegers einstürzte“, sagte der Hafenmeister."
    )
    (tmp_path / "bericht.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["brief", str(tmp_path), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["articles"][0]
    assert article["language"] == "de"
    assert any("English only" in note for note in article["notes"])
