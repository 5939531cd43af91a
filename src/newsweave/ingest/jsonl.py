"""JSON files (one record, a list of records, or an API response wrapping a list) and JSON Lines files.

A malformed line of a JSON Lines file costs that line only: it is skipped as "path:LINE" and the rest is read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsweave.config import Settings
from newsweave.ingest.base import BadInput, ReadResult, skip
from newsweave.ingest.decode import read_text
from newsweave.ingest.records import TEXT_FIELDS, raw_from_record
from newsweave.model import RawArticle, Skipped

_LIST_KEYS = ("articles", "items", "records", "data", "results")  # {"articles": [...]} as APIs return them


def read_json(path: Path, settings: Settings) -> ReadResult:
    try:
        data = json.loads(read_text(path, settings))
    except json.JSONDecodeError as err:
        raise BadInput(f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    records = _unwrap(data)
    if records is None:
        return [raw_from_record(data, settings, fmt="json", path=str(path), fallback_id=path.stem)], []
    if not records:
        raise BadInput("the JSON list holds no records")
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for index, record in enumerate(records):
        _read_one(record, settings, path, f"{path}[{index}]", articles, skipped)
    return articles, skipped


def read_jsonl(path: Path, settings: Settings) -> ReadResult:
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for number, line in enumerate(read_text(path, settings).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            skipped.append(skip(where, f"malformed JSON at column {err.colno}: {err.msg}"))
            continue
        _read_one(record, settings, path, where, articles, skipped)
    if not articles and not skipped:
        raise BadInput("the file holds no records")
    return articles, skipped


def _unwrap(data: Any) -> list[Any] | None:
    """The list of records a JSON document holds, or None when it is a single record."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and not any(key.casefold() in TEXT_FIELDS for key in data):
        for key in _LIST_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
    if isinstance(data, dict):
        return None
    raise BadInput(f"expected a JSON object or a list of objects, got {type(data).__name__}")


def _read_one(
    record: Any,
    settings: Settings,
    path: Path,
    where: str,
    articles: list[RawArticle],
    skipped: list[Skipped],
) -> None:
    try:
        articles.append(raw_from_record(record, settings, fmt="json", path=str(path)))
    except BadInput as err:
        skipped.append(skip(where, str(err)))
