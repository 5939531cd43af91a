"""Connecting to the store's database and bringing its schema to the current migration.

SQLite is tuned for one writer and many readers: WAL journal (readers never wait for a writer), ``synchronous=NORMAL``
(a killed process loses nothing committed; only a power cut can lose the last transactions), foreign keys on, and a
busy timeout. pysqlite's own transaction handling is switched off so that writes can start with ``BEGIN IMMEDIATE``
(take the write lock first, then read: no deadlock between two ingests). On PostgreSQL every write transaction takes
one advisory lock, so two ingests into one database take turns batch by batch.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, Connection, Engine

from newsweave.store.errors import StoreError, describe, translated

log = logging.getLogger(__name__)

ENV_VAR = "NEWSWEAVE_DB"
DEFAULT_URL = "sqlite:///newsweave.db"
WRITE = "newsweave_write"  # execution option marking a connection whose transactions write
_ADVISORY_KEY = 0x6E657773  # "news": the PostgreSQL advisory lock every write transaction holds


def resolve_url(url: str | None = None) -> URL:
    """The argument, else ``NEWSWEAVE_DB``, else ``sqlite:///newsweave.db``; a bare path means a SQLite file."""
    given = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in given:
        given = f"sqlite:///{Path(given).expanduser()}"
    try:
        return sa.make_url(given)
    except (sa.exc.ArgumentError, ValueError) as err:
        raise StoreError(f"not a database URL: {given!r} (for example sqlite:///news.db or "
                         "postgresql+psycopg://user@host/db)") from err


def create_engine(url: URL, lock_timeout: float) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, lock_timeout)
    connect_args = {"connect_timeout": max(1, int(lock_timeout))} if url.get_backend_name() == "postgresql" else {}
    engine = sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE) and conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(lock_timeout * 1000)}ms'")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_KEY})")

    return engine


def _sqlite_engine(url: URL, lock_timeout: float) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not url.query.get("uri"):
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise StoreError(f"cannot create the database {describe(url)}: the folder {folder} does not exist")
    engine = sa.create_engine(url, connect_args={"timeout": lock_timeout})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by pysqlite
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except Exception as err:  # a read-only file cannot switch journal mode; reading still works
            log.debug("journal mode left as it is: %s", err)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

    return engine


@contextmanager
def writing(engine: Engine, doing: str) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back (nothing kept) when it raises."""
    with translated(engine.url, doing), engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: Engine, doing: str) -> Iterator[Connection]:
    """One read transaction: a consistent snapshot for the block."""
    with translated(engine.url, doing), engine.connect() as conn, conn.begin():
        yield conn


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; a database already there is only read (so read-only files open)."""
    config = Config()
    config.set_main_option("script_location", str(files("newsweave.store") / "migrations"))
    head = ScriptDirectory.from_config(config).get_current_head()
    with reading(engine, "reading the schema version") as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    log.info("migrating %s from %s to %s", describe(engine.url), current or "an empty database", head)
    with writing(engine, "creating or upgrading the schema") as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
