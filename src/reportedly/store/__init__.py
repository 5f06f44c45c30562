"""The corpus store: Analyses kept in SQLite (default ``./reportedly.db``, WAL mode) or
PostgreSQL, with corpus-level entities, full-text search and the corpus queries.

Use::

    store = Store("corpus.db")            # or "postgresql://user@host/db"
    with store.connect() as connection:
        report = ingest(connection, read_inputs(paths), jobs=2)
        queries.speakers(connection)
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from reportedly.store import queries
from reportedly.store.db import DEFAULT_DB, database_url, make_engine, migrate
from reportedly.store.pipeline import IngestReport, ingest, store_analyses
from reportedly.store.records import iter_analyses, load_analysis, save_analysis
from reportedly.store.schema import metadata

__all__ = ["DEFAULT_DB", "IngestReport", "Store", "ingest", "iter_analyses", "load_analysis",
           "queries", "save_analysis", "store_analyses"]


class Store:
    """A database holding Analyses; opening it brings its schema up to date."""

    def __init__(self, db: str | None = None) -> None:
        self.url = database_url(db)
        self.engine = make_engine(self.url)
        migrate(self.engine)

    def connect(self) -> Connection:
        return self.engine.connect()

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self.connect() as connection:
            return {name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                    for name, table in metadata.tables.items()}

    def close(self) -> None:
        self.engine.dispose()
