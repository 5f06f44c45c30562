"""The store under faults, on SQLite and (when REPORTEDLY_TEST_POSTGRES_URL is set) PostgreSQL:
`reportedly ingest` processes racing into one new database, a query while a writer holds the
store's write lock, and ingests killed outright. Real processes, real locks; the assertions are
about the outcome (every article stored exactly once, no error reaching the user, the store
intact), which holds however the processes interleave."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import OperationalError

from reportedly.cli import main
from reportedly.store import Store
from reportedly.store.db import retrying, writing
from reportedly.store.records import record_failure
from reportedly.store.schema import articles

from .store_support import BACKENDS, POSTGRES_URL, database, dump, tiny_articles

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 12
#: What a store error looks like when it reaches the user.
STORE_ERRORS = ("Traceback", "locked", "UniqueViolation", "SerializationFailure",
                "IntegrityError", "storing failed", "the store")


class Command:
    """``python -m reportedly ARGS`` running in the background, its output kept in files."""

    def __init__(self, tmp_path: Path, name: str, *args: str) -> None:
        self.out, self.err = tmp_path / f"{name}.out", tmp_path / f"{name}.err"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.process = subprocess.Popen([sys.executable, "-m", "reportedly", *args],
                                            env=env, stdout=out, stderr=err,
                                            start_new_session=True)

    def wait(self, timeout: float = 600) -> int:
        return self.process.wait(timeout)

    def running(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(60)

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    def succeeded(self) -> bool:
        """Ended with 0 and said nothing about a store error."""
        code, said = self.wait(), self.stderr()
        assert code == 0, said[-2000:]
        assert not [e for e in STORE_ERRORS if e in said], said[-2000:]
        return True

    def counts(self) -> tuple[int, int, int]:
        """(stored, already stored, failed) as the ingest summed them up."""
        found = re.search(r"(\d+) stored, (\d+) already stored, (\d+) failed", self.stderr())
        assert found, self.stderr()[-2000:]
        return int(found[1]), int(found[2]), int(found[3])


def backend_db(backend: str, tmp_path: Path, name: str = "corpus") -> str:
    if backend == "postgresql" and not POSTGRES_URL:
        pytest.skip("REPORTEDLY_TEST_POSTGRES_URL is not set")
    return database(backend, tmp_path, name)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The articles, one file each, in input order."""
    folder = tmp_path_factory.mktemp("articles")
    files = []
    for article in tiny_articles(N_ARTICLES):
        path = folder / f"{article.doc_id}.txt"
        path.write_text(article.text, encoding="utf-8")
        files.append(str(path))
    return files


@pytest.fixture(scope="module")
def uninterrupted(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The store one ingest of every input, alone and not interrupted, makes."""
    db = str(tmp_path_factory.mktemp("alone") / "alone.db")
    assert main(["ingest", *inputs, "--db", db, "--jobs", "1", "--no-count"]) == 0
    return dump(db)


def stored_articles(db: str) -> tuple[int, int]:
    """(rows, distinct content hashes) in ``articles``."""
    store = Store(db)
    with store.connect() as c:
        rows, hashes = c.execute(select(func.count(), func.count(
            articles.c.content_hash.distinct()))).one()
    store.close()
    return rows, hashes


def integrity(db: str) -> str:
    """SQLite's own check of the file; PostgreSQL keeps no file of ours to check."""
    if "://" in db:
        return "ok"
    with sqlite3.connect(db) as c:
        return " ".join(row[0] for row in c.execute("PRAGMA integrity_check"))


@pytest.mark.slow  # `reportedly ingest` processes, each loading the NLP model
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("database_is", ["new", "there"])
def test_two_ingests_at_once_store_every_article_exactly_once(
        backend: str, database_is: str, tmp_path: Path, inputs: list[str],
        uninterrupted: dict) -> None:
    db = backend_db(backend, tmp_path)
    if database_is == "there":
        Store(db).close()  # else both processes race to create the schema first
    # Overlapping inputs; small batches, so the two writers interleave many times.
    first, second = inputs[:9], inputs[3:]
    ingests = [Command(tmp_path, name, "ingest", *files, "--db", db, "--jobs", "1",
                       "--batch-size", "2", "--no-count")
               for name, files in (("first", first), ("second", second))]
    assert all(ingest.succeeded() for ingest in ingests)
    (stored_1, skipped_1, _), (stored_2, skipped_2, _) = (i.counts() for i in ingests)
    assert stored_1 + stored_2 == N_ARTICLES  # each article stored by exactly one of them
    assert skipped_1 + skipped_2 == len(first) + len(second) - N_ARTICLES
    assert stored_articles(db) == (N_ARTICLES, N_ARTICLES)
    assert integrity(db) == "ok"
    # Writers took turns: the corpus, entities included, is the one a single ingest makes.
    assert dump(db) == uninterrupted


@pytest.mark.slow  # `reportedly ingest` processes, each loading the NLP model
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_query_answers_while_a_writer_holds_the_store_and_a_waiting_ingest_goes_on(
        backend: str, tmp_path: Path, inputs: list[str], uninterrupted: dict) -> None:
    db = backend_db(backend, tmp_path)
    half = N_ARTICLES // 2
    assert main(["ingest", *inputs[:half], "--db", db, "--jobs", "1", "--no-count"]) == 0
    store = Store(db)
    with store.connect() as writer, writing(writer):
        # A writer mid-transaction, holding the write lock, with a write not yet committed.
        record_failure(writer, "pending.html", "not committed yet")
        ingest = Command(tmp_path, "ingest", "ingest", *inputs, "--db", db, "--jobs", "1",
                         "--batch-size", "2", "--no-count")
        query = Command(tmp_path, "query", "query", "search", "bridge", "--db", db,
                        "--format", "json", "--limit", "100")
        assert query.succeeded()
        found = json.loads(query.out.read_text(encoding="utf-8"))
        assert sorted(row["doc_id"] for row in found) == [f"item-{i:03d}" for i in range(half)]
        # The ingest cannot have written: it waits for the lock (or is still parsing).
        assert ingest.running()
        writer.rollback()
    store.close()
    assert ingest.succeeded()
    assert ingest.counts() == (N_ARTICLES - half, half, 0)
    assert dump(db) == uninterrupted


@pytest.mark.slow  # `reportedly ingest` processes, each loading the NLP model
@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_ingests_leave_an_intact_store_that_a_rerun_completes(
        backend: str, tmp_path: Path, inputs: list[str], uninterrupted: dict) -> None:
    db = backend_db(backend, tmp_path)
    args = ("ingest", *inputs, "--db", db, "--jobs", "2", "--batch-size", "2", "--no-count")
    watcher = Store(db)  # the schema too, so that it can be watched from the start

    def stored_now() -> int:
        with watcher.connect() as c:
            return int(c.execute(select(func.count()).select_from(articles)).scalar_one())

    kills, stored = 0, 0
    for attempt in range(2):
        ingest = Command(tmp_path, f"killed-{attempt}", *args)
        deadline = time.monotonic() + 600
        # Killed outright as soon as it has stored something more: mid-run, between or
        # during its writes.
        while ingest.running() and time.monotonic() < deadline and stored_now() <= stored:
            time.sleep(0.01)
        if ingest.running():
            ingest.kill()
            kills += 1
        else:
            assert ingest.succeeded()
        rows, hashes = stored_articles(db)
        assert rows == hashes and rows >= stored
        assert integrity(db) == "ok"
        stored = rows
    watcher.close()
    assert kills >= 1, "no ingest was still running to be killed"
    rerun = Command(tmp_path, "rerun", *args)
    assert rerun.succeeded()
    assert rerun.counts()[0] == N_ARTICLES - stored
    assert stored_articles(db) == (N_ARTICLES, N_ARTICLES)
    assert integrity(db) == "ok"
    assert dump(db) == uninterrupted


def test_a_transaction_that_meets_a_held_lock_is_run_again_and_any_other_error_is_raised(
        tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    Store(str(db)).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, mid-transaction
    impatient = create_engine(f"sqlite:///{db}", connect_args={"timeout": 0})  # no waiting
    tries: list[int] = []

    def write() -> int:
        tries.append(1)
        if len(tries) == 3:
            holder.execute("ROLLBACK")
        with impatient.connect() as c:
            c.exec_driver_sql("INSERT INTO failures (source, reason) VALUES ('a', 'b')")
            c.commit()
        return len(tries)

    def broken() -> None:
        tries.append(1)
        with impatient.connect() as c:
            c.exec_driver_sql("SELECT * FROM no_such_table")

    assert retrying(write) == 3  # "database is locked" twice, then the lock was free
    tries.clear()
    with pytest.raises(OperationalError, match="no such table"):
        retrying(broken)
    assert len(tries) == 1
    impatient.dispose()
    holder.close()
