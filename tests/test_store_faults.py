"""Faults: a process killed mid-batch, a locked, read-only or unreachable database, a PostgreSQL that goes away.

Each must give a clear error, keep everything committed before, and let the same ingest run again to completion.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import sqlalchemy as sa

from newsweave.config import Settings
from newsweave.dedup.near import lsh_shape
from newsweave.store import Store, StoreError, StoreLockedError, StoreReadOnlyError, StoreUnavailableError
from tests.test_store_support import CORPUS, FERRY, TRAM, pg_url, postgres_admin, store_url  # noqa: F401

KILLER = textwrap.dedent(
    """
    import json, os, signal, sys
    from newsweave.store import Store, prepare
    from tests.test_store_faults import fake_vectors

    prepare.article_vectors = fake_vectors

    url, records = sys.argv[1], json.loads(open(sys.argv[2], encoding="utf-8").read())
    seen = []

    def progress(stage, done, total):
        if stage == "storing":
            seen.append(done)
            if len(seen) == 2:  # inside the second batch's transaction, before its commit
                os.kill(os.getpid(), signal.SIGKILL)

    Store.open(url).ingest(records, progress=progress, batch_size=3)
    """
)


def fake_vectors(titles: list[str], leads: list[str]) -> np.ndarray:
    """Deterministic unit vectors instead of the embedding model: these tests are about transactions, and without
    the model a killed process costs seconds, not a model load."""
    rows = [np.frombuffer(hashlib.shake_256((t + lead).encode()).digest(384), dtype=np.uint8) for t, lead in
            zip(titles, leads, strict=True)]
    matrix = np.stack(rows).astype(np.float32) - 127.5
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _consistent(url: str) -> int:
    """Check that every stored article is whole (story row, LSH bands, search entry); returns how many there are."""
    engine = sa.create_engine(url)
    bands, _ = lsh_shape(Settings().near_duplicate_jaccard, Settings().minhash_permutations)
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar()
        orphans = conn.execute(
            sa.text("SELECT count(*) FROM articles a LEFT JOIN stories s ON s.id = a.story_id WHERE s.id IS NULL")
        ).scalar()
        band_rows = conn.execute(sa.text("SELECT count(*) FROM lsh_bands")).scalar()
        if engine.dialect.name == "sqlite":
            searchable = conn.execute(sa.text("SELECT count(*) FROM article_fts")).scalar()
            assert searchable == count
    engine.dispose()
    assert orphans == 0
    assert band_rows == count * bands
    return count


def test_a_process_killed_mid_batch_loses_nothing_committed_and_a_rerun_resumes(
    store_url, tmp_path, monkeypatch  # noqa: F811
):
    records = tmp_path / "records.json"
    records.write_text(json.dumps(CORPUS), encoding="utf-8")
    script = tmp_path / "ingest_and_die.py"
    script.write_text(KILLER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    monkeypatch.setattr("newsweave.store.prepare.article_vectors", fake_vectors)
    done = subprocess.run([sys.executable, str(script), store_url, str(records)], env=env, capture_output=True,
                          timeout=600)
    assert done.returncode == -9, done.stderr.decode()[-2000:]
    assert _consistent(store_url) == 3  # the first batch, whole; nothing of the second
    with Store.open(store_url) as store:
        report = store.ingest(CORPUS, batch_size=3)
        assert [r.stored_id for r in report.duplicates] == [a["id"] for a in CORPUS[:3]]
        assert sorted(report.added) == sorted(a["id"] for a in CORPUS[3:])
        assert sum(s.article_count for s in store.list_stories(limit=100)) == 9
    assert _consistent(store_url) == 9


def test_a_locked_sqlite_database_gives_a_clear_error_and_keeps_its_data(tmp_path):
    path = tmp_path / "store.db"
    url = f"sqlite:///{path}"
    with Store.open(url) as store:
        store.ingest(FERRY)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with Store.open(url, lock_timeout=0.2) as store, pytest.raises(StoreLockedError) as caught:
            store.ingest(TRAM)
        assert "locked by another process" in str(caught.value)
        assert "run the same command again" in str(caught.value)
        with Store.open(url, lock_timeout=0.2) as store:
            assert store.count_stories() == 1  # reading still works while locked
    finally:
        blocker.rollback()
        blocker.close()
    with Store.open(url) as store:
        assert sorted(store.ingest(TRAM).added) == sorted(a["id"] for a in TRAM)
        assert store.count_stories() == 2


def test_a_read_only_database_can_be_read_but_not_written(tmp_path):
    path = tmp_path / "store.db"
    with Store.open(f"sqlite:///{path}") as store:
        store.ingest(FERRY)
    with Store.open(f"sqlite:///file:{path}?mode=ro&uri=true") as store:
        assert store.count_stories() == 1
        with pytest.raises(StoreReadOnlyError) as caught:
            store.ingest(TRAM)
        assert "read-only" in str(caught.value)
        assert store.count_stories() == 1
    with Store.open(f"sqlite:///{path}") as store:
        assert store.count_stories() == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files; the mode=ro test covers this")
def test_a_database_file_without_write_permission_gives_a_clear_error(tmp_path):
    path = tmp_path / "store.db"
    with Store.open(f"sqlite:///{path}") as store:
        store.ingest(FERRY)
    for name in ("store.db", "store.db-wal", "store.db-shm"):
        if (tmp_path / name).exists():
            (tmp_path / name).chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with Store.open(f"sqlite:///{path}") as store, pytest.raises(StoreError):
            store.ingest(TRAM)
    finally:
        tmp_path.chmod(0o755)


def test_a_missing_folder_and_a_bad_url_give_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(f"sqlite:///{tmp_path / 'nowhere' / 'store.db'}")
    with pytest.raises(StoreError, match="not a database URL"):
        Store.open("postgresql://user@host:notaport/db")
    with pytest.raises(StoreError, match="cannot use the database"):
        Store.open("nosuchdb://host/db")


def test_an_unreachable_postgresql_gives_a_clear_error():
    with pytest.raises(StoreUnavailableError, match="check that the server is running"):
        Store.open("postgresql+psycopg://postgres@127.0.0.1:9/newsweave", lock_timeout=2)


def test_a_postgresql_that_goes_away_mid_batch_loses_nothing_committed(pg_url, monkeypatch):  # noqa: F811
    monkeypatch.setattr("newsweave.store.prepare.article_vectors", fake_vectors)
    _, admin = postgres_admin()
    database = sa.make_url(pg_url).database
    seen = []

    def cut(stage: str, done: int, total: int) -> None:
        if stage == "storing":
            seen.append(done)
            if len(seen) == 2:  # the server drops every connection of this database mid-transaction
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,)
                )

    try:
        with Store.open(pg_url) as store, pytest.raises(StoreUnavailableError) as caught:
            store.ingest(CORPUS, progress=cut, batch_size=3)
    finally:
        admin.close()
    assert "run the same command again" in str(caught.value)
    assert _consistent(pg_url) == 3
    with Store.open(pg_url) as store:
        report = store.ingest(CORPUS, batch_size=3)
        assert len(report.added) == 6 and len(report.duplicates) == 3
    assert _consistent(pg_url) == 9


def test_a_postgresql_store_busy_with_another_writer_gives_a_clear_error(pg_url, monkeypatch):  # noqa: F811
    from newsweave.store.engine import _ADVISORY_KEY

    monkeypatch.setattr("newsweave.store.prepare.article_vectors", fake_vectors)
    with Store.open(pg_url) as store:
        store.ingest(FERRY)
    other = sa.create_engine(pg_url)
    holder = other.connect()
    holder.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _ADVISORY_KEY})  # another ingest is writing
    try:
        with Store.open(pg_url, lock_timeout=0.5) as store, pytest.raises(StoreLockedError) as caught:
            store.ingest(TRAM)
        assert "locked by another process" in str(caught.value)
    finally:
        holder.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _ADVISORY_KEY})
        holder.close()
        other.dispose()
    with Store.open(pg_url) as store:
        assert len(store.ingest(TRAM).added) == 3
