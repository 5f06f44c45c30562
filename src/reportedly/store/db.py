"""Opening a store: database URLs, engines (SQLite in WAL mode) and schema migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

DEFAULT_DB = "reportedly.db"
MIGRATIONS = Path(__file__).with_name("migrations")


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
    # WAL: readers never block the ingest writer; a killed writer leaves the last commit intact.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


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
    """Bring the database to the newest schema (creating it when empty)."""
    config = alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.begin() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
