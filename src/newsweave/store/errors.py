"""Database faults turned into messages a user can act on.

Every fault that reaches the user is a :class:`StoreError` subclass whose message names the database, says what
happened and what to do; all of them mean that nothing committed before was lost (each batch is one transaction).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL

KEPT = "everything committed before is kept; run the same command again to resume"


class StoreError(RuntimeError):
    """A fault of the store's database, with a message for people."""


class StoreLockedError(StoreError):
    """Another process holds the database's write lock for longer than the store waits."""


class StoreReadOnlyError(StoreError):
    """The database can be read but not written."""


class StoreUnavailableError(StoreError):
    """The database server cannot be reached, or the connection to it was lost."""


def describe(url: URL) -> str:
    """The database as a user named it, without a password."""
    return url.render_as_string(hide_password=True)


@contextmanager
def translated(url: URL, doing: str) -> Iterator[None]:
    """Re-raise database errors met while ``doing`` something as StoreErrors with a clear message."""
    try:
        yield
    except StoreError:
        raise
    except sa_exc.DBAPIError as err:
        raise classify(err, url, doing) from err
    except sa_exc.NoSuchModuleError as err:
        raise StoreError(f"cannot use the database {describe(url)}: {err}") from err


def classify(err: sa_exc.DBAPIError, url: URL, doing: str) -> StoreError:
    where = describe(url)
    text = str(err.orig).lower() if err.orig is not None else str(err).lower()
    if "database is locked" in text or "lock timeout" in text or "canceling statement due to lock" in text:
        return StoreLockedError(
            f"the database {where} is locked by another process (while {doing}); wait for it to finish "
            f"and try again; {KEPT}"
        )
    if "readonly database" in text or "read-only" in text or "read only" in text:
        return StoreReadOnlyError(
            f"the database {where} is read-only (while {doing}): give this user write access to the file and its "
            f"folder, or open a copy; {KEPT}"
        )
    if url.get_backend_name() == "sqlite" and "unable to open database" in text:
        return StoreError(f"cannot open the database file {where}: check that its folder exists and is writable")
    if err.connection_invalidated or isinstance(err, sa_exc.OperationalError | sa_exc.InterfaceError):
        return StoreUnavailableError(
            f"lost the database {where} (while {doing}): {_first_line(err)}; check that the server is running "
            f"and reachable; {KEPT}"
        )
    return StoreError(f"database error on {where} while {doing}: {_first_line(err)}")


def _first_line(err: sa_exc.DBAPIError) -> str:
    message = str(err.orig) if err.orig is not None else str(err)
    return message.strip().splitlines()[0] if message.strip() else type(err).__name__
