"""The migrations build exactly the tables the code defines, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from reportedly.store import Store
from reportedly.store.schema import metadata

from .store_support import BACKENDS, POSTGRES_URL, database

#: Full-text search objects live outside the table definitions (see the first migration).
FULL_TEXT = {"articles_fts", "ix_articles_fts"}


def _not_full_text(obj: object, name: str | None, type_: str, *_: object) -> bool:
    return not (name in FULL_TEXT or (name or "").startswith("articles_fts_"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrated_database_matches_the_table_definitions(backend: str, tmp_path: Path) -> None:
    if backend == "postgresql" and not POSTGRES_URL:
        pytest.skip("REPORTEDLY_TEST_POSTGRES_URL is not set")
    store = Store(database(backend, tmp_path))
    with store.engine.connect() as c:
        context = MigrationContext.configure(c, opts={"include_object": _not_full_text})
        assert compare_metadata(context, metadata) == []
        tables = set(inspect(c).get_table_names())
        assert context.get_current_revision() is not None
    assert set(metadata.tables) <= tables
    if backend == "sqlite":
        assert "articles_fts" in tables
    Store(store.url).close()  # opening a current store again migrates nothing and fails not
    store.close()


def test_sqlite_store_uses_write_ahead_logging(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "wal.db"))
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()
