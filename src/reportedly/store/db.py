"""Opening a store: database URLs, engines (SQLite in WAL mode), schema migrations, and the
write lock that lets several processes write into one store at once.

Every write to a store is one short transaction that holds the store's write lock from its
first statement: on SQLite a ``BEGIN IMMEDIATE`` (waiting up to ``BUSY_TIMEOUT_MS`` for another
writer), on PostgreSQL a transaction-scoped advisory lock. Writers therefore take turns, each
sees every earlier commit before it decides what is new (the content-hash check, the entity
rule), and readers are never blocked (WAL on SQLite, MVCC on PostgreSQL). A transaction that
still fails for a passing reason (the lock not had in time, a serialization failure or a
deadlock) is rolled back and run again by :func:`retrying`.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, CursorResult, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError

DEFAULT_DB = "reportedly.db"
MIGRATIONS = Path(__file__).with_name("migrations")

#: How long a SQLite writer waits for another one to finish its transaction.
BUSY_TIMEOUT_MS = 30_000
#: The PostgreSQL advisory lock key of the store's write lock (any fixed 64-bit number).
PG_WRITE_LOCK = 0x7265706F72746564  # "reported"
#: Times a write transaction is tried before its error is given up to the caller.
WRITE_ATTEMPTS = 8
#: PostgreSQL errors that mean "try again": serialization failure, deadlock, lock not had.
_PG_TRANSIENT = frozenset({"40001", "40P01", "55P03"})
#: The execution option telling ``_sqlite_begin`` to take the write lock at BEGIN.
_IMMEDIATE = "reportedly_begin_immediate"
T = TypeVar("T")


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the one row an INSERT made."""
    key = result.inserted_primary_key
    if key is None:  # an INSERT of several rows, or one that made none
        raise ValueError("the statement inserted no single row")
    return int(key[0])


def database_url(db: str | None) -> str:
    """A SQLAlchemy URL for ``--db``: a URL as given (``postgresql://`` uses psycopg 3), or a
    file path for SQLite; default ``./reportedly.db``."""
    db = db or DEFAULT_DB
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # the driver's own implicit BEGIN off
    cursor = dbapi_connection.cursor()
    # First: switching a new database to WAL takes a lock that another process may hold.
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL: readers never block the ingest writer; a killed writer leaves the last commit intact.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A deferred BEGIN that reads first and writes later fails at once (no waiting) when
    # another process committed in between; a writer takes the lock at BEGIN instead.
    immediate = connection.get_execution_options().get(_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        # Transactions begin when SQLAlchemy says so, not when the driver guesses: savepoints
        # (one per stored article) and batched commits then mean what they say.
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it when empty). Processes opening a
    new database at once take turns: the first creates it, the others find it done."""
    config = alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()

    def current(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    def upgrade() -> None:
        with engine.connect() as connection, writing(connection):
            if current(connection) != head:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")

    with engine.connect() as connection:
        up_to_date = current(connection) == head
        connection.rollback()
    if not up_to_date:
        retrying(upgrade)


@contextmanager
def writing(connection: Connection) -> Iterator[None]:
    """One write transaction on ``connection`` holding the store's write lock throughout;
    committed at the end, rolled back on an error. A transaction open on ``connection`` (reads)
    is committed first, so that the write sees every commit made before it."""
    if connection.in_transaction():
        connection.commit()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.execution_options(**{_IMMEDIATE: True})
    try:
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": PG_WRITE_LOCK})
            yield
    finally:
        if sqlite:
            connection.execution_options(**{_IMMEDIATE: False})


def is_transient(error: BaseException) -> bool:
    """Whether a database error passes if the transaction is simply run again."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        message = str(original).lower()
        return "locked" in message or "busy" in message
    return getattr(original, "sqlstate", None) in _PG_TRANSIENT


def error_line(db: str | None, error: DBAPIError) -> str:
    """A one-line message for a database error that reached a command (after the retries)."""
    reason = " ".join(str(error.orig).split()) or type(error.orig).__name__
    db = db or DEFAULT_DB
    if "://" in db:  # a password in the URL is not repeated on the screen
        db = make_url(database_url(db)).render_as_string(hide_password=True)
    return f"reportedly: the store {db} failed: {reason}"


def retrying(transaction: Callable[[], T], attempts: int = WRITE_ATTEMPTS) -> T:
    """``transaction()``, run again after a transient error (it must roll itself back and be
    safe to repeat, as a :func:`writing` block is), waiting a little longer each time."""
    for attempt in range(1, attempts + 1):
        try:
            return transaction()
        except DBAPIError as e:
            if attempt == attempts or not is_transient(e):
                raise
        # Jittered so that two writers that collided do not collide again in step.
        time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")
