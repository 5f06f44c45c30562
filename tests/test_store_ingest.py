"""Ingest end to end on tiny articles: analysis, idempotence, failures, a killed run resumed,
and the ingest/query/export commands."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reportedly.cli import main
from reportedly.ingest import ReadFailure
from reportedly.store import Store, ingest

from .store_support import BACKENDS, POSTGRES_URL, database, dump, tiny_articles

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 30


def run_ingest(db: str, items: list[object], jobs: int = 1, batch_size: int = 3):
    store = Store(db)
    with store.connect() as c:
        report = ingest(c, items, jobs=jobs, batch_size=batch_size)
    store.close()
    return report


def backend_db(backend: str, tmp_path: Path, name: str = "corpus") -> str:
    if backend == "postgresql" and not POSTGRES_URL:
        pytest.skip("REPORTEDLY_TEST_POSTGRES_URL is not set")
    return database(backend, tmp_path, name)


@pytest.mark.parametrize("backend", BACKENDS)
def test_ingest_stores_new_articles_once_and_records_failures(backend: str,
                                                              tmp_path: Path) -> None:
    db = backend_db(backend, tmp_path)
    articles = tiny_articles(5)
    items = [*articles[:3], ReadFailure("broken.html", "no article text found"),
             articles[0], *articles[3:]]
    first = run_ingest(db, items)
    assert (first.stored, first.skipped) == (5, 1)
    assert first.failures == [("broken.html", "no article text found")]
    second = run_ingest(db, items)
    assert (second.stored, second.skipped) == (0, 6)
    counts = Store(db).counts()
    assert counts["articles"] == 5
    assert counts["failures"] == 1
    assert counts["attributions"] >= 5  # each item has a "said" and a quote


@pytest.mark.parametrize("jobs", [1, 2])
def test_ingest_stores_what_analyze_many_gives_and_records_a_failed_analysis(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    import importlib

    from reportedly.analyze import analyze_many
    from reportedly.store import iter_analyses

    articles = tiny_articles(4)
    expected = [a.to_json() for a in analyze_many(articles)]
    # The package exports the function ``analyze``; the module is reached by its full name.
    analyze_module = importlib.import_module("reportedly.analyze")
    build = analyze_module.build_analysis

    def failing_on_the_second(article, *args, **kwargs):  # type: ignore[no-untyped-def]
        if article.doc_id == articles[1].doc_id:
            raise RuntimeError("extractor bug")
        return build(article, *args, **kwargs)

    monkeypatch.setattr(analyze_module, "build_analysis", failing_on_the_second)
    db = database("sqlite", tmp_path, "corpus")
    report = run_ingest(db, articles, jobs=jobs, batch_size=2)
    assert (report.stored, report.skipped) == (3, 0)
    assert report.failures == [(articles[1].doc_id, "analysis failed: RuntimeError: extractor bug")]
    store = Store(db)
    with store.connect() as c:
        stored = [a.to_json() for a in iter_analyses(c)]
    assert store.counts()["failures"] == 1
    store.close()
    assert stored == [expected[0], *expected[2:]]
    monkeypatch.setattr(analyze_module, "build_analysis", build)
    again = run_ingest(db, articles, jobs=jobs)
    assert (again.stored, again.skipped) == (1, 3)  # the failed article is analysed again


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_article_the_database_rejects_is_recorded_and_the_rest_stored(
        backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import insert

    from reportedly.store import pipeline as store_ingest
    from reportedly.store.schema import articles

    real_save = store_ingest.save_analysis

    def save_or_fail(connection, analysis, resolver, digest=None):
        article_id = real_save(connection, analysis, resolver, digest)
        if analysis.doc_id == "item-001":
            # The database itself refuses a row after part of the article is written (a
            # second article with the same content hash); PostgreSQL then aborts the whole
            # transaction unless the article's savepoint is rolled back.
            connection.execute(insert(articles).values(
                content_hash=digest, doc_id="again", language="en", meta={},
                schema_version=1, text=analysis.text))
        return article_id

    monkeypatch.setattr(store_ingest, "save_analysis", save_or_fail)
    db = backend_db(backend, tmp_path)
    report = run_ingest(db, tiny_articles(4))
    assert report.stored == 3
    assert [name for name, _ in report.failures] == ["item-001"]
    assert report.failures[0][1].startswith("storing failed: ")
    stored = dump(db)
    assert not any('"item-001"' in a for a in stored["analyses"])
    assert len(stored["analyses"]) == 3
    monkeypatch.setattr(store_ingest, "save_analysis", real_save)
    assert run_ingest(db, tiny_articles(4)).stored == 1  # a re-run retries it


def test_an_error_during_a_parallel_ingest_is_raised_and_committed_batches_stay(
        tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")

    def stop_at_seven(report) -> None:
        if report.seen == 7:
            raise RuntimeError("the caller gave up")

    store = Store(db)
    with store.connect() as c, pytest.raises(RuntimeError, match="gave up"):
        ingest(c, tiny_articles(20), jobs=2, batch_size=3, on_item=stop_at_seven)
    store.close()
    assert Store(db).counts()["articles"] == 6  # two batches of three committed
    assert run_ingest(db, tiny_articles(20), jobs=2).stored == 14


_KILLED_RUN = textwrap.dedent("""
    import multiprocessing, os, signal, sys
    from store_support import tiny_articles
    from reportedly.ingest import ReadFailure
    from reportedly.store import Store, ingest

    db, n, kill_at, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    articles = tiny_articles(n)

    def items():
        for i, article in enumerate(articles):
            if i == kill_at:
                with open(workers, "w") as f:
                    f.write(" ".join(str(p.pid) for p in multiprocessing.active_children()))
                # As hard as it gets: no clean-up, mid-stream; the parsing workers are left
                # to end by themselves.
                os.kill(os.getpid(), signal.SIGKILL)
            if i == 4:
                yield ReadFailure("unreadable.warc", "truncated record")
            yield article

    store = Store(db)
    with store.connect() as c:
        ingest(c, items(), jobs=2, batch_size=3)
""")


def running(pid: int) -> bool:
    """Whether a process runs (an ended one not yet reaped, a zombie, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_killed_ingest_resumed_equals_an_uninterrupted_one(backend: str,
                                                             tmp_path: Path) -> None:
    if backend == "postgresql" and not POSTGRES_URL:
        pytest.skip("REPORTEDLY_TEST_POSTGRES_URL is not set")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])}

    workers = tmp_path / "workers"

    def killable(db: str, kill_at: int) -> int:
        return subprocess.run([sys.executable, "-c", _KILLED_RUN, db, str(N_ARTICLES),
                               str(kill_at), str(workers)], env=env, start_new_session=True,
                              timeout=300).returncode

    db = database(backend, tmp_path, "resumed")
    assert killable(db, N_ARTICLES * 3 // 4) == -signal.SIGKILL
    stored_before = Store(db).counts()["articles"]
    assert 0 < stored_before < N_ARTICLES  # killed half-way, some batches committed
    orphans = [int(pid) for pid in workers.read_text().split()]
    assert len(orphans) == 2
    deadline = time.monotonic() + 30
    while any(map(running, orphans)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(running, orphans))  # the parsing workers ended with their parent
    assert killable(db, N_ARTICLES + 1) == 0  # the re-run, not killed
    resumed = dump(db)

    db = database(backend, tmp_path, "whole")
    items = tiny_articles(N_ARTICLES)
    items.insert(4, ReadFailure("unreadable.warc", "truncated record"))
    report = run_ingest(db, items, jobs=1)
    assert report.stored == N_ARTICLES
    uninterrupted = dump(db)

    assert resumed == uninterrupted
    assert len(uninterrupted["analyses"]) == N_ARTICLES
    assert uninterrupted["failures"] == [("unreadable.warc", "truncated record")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_commands_ingest_query_and_export(backend: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    articles = tiny_articles(6)
    for a in articles:
        (inputs / f"{a.doc_id}.txt").write_text(a.text, encoding="utf-8")
    meta = tmp_path / "meta.tsv"
    meta.write_text("filename\tpublisher\tpublication_date\ttitle\n" + "".join(
        f"{a.doc_id}\t{a.meta.outlet}\t{a.meta.published}\tItem {i}\n"
        for i, a in enumerate(articles)), encoding="utf-8")
    db = backend_db(backend, tmp_path, "cli")
    files = sorted(str(p) for p in inputs.iterdir())

    assert main(["ingest", *files, "--db", db, "--jobs", "1", "--meta", str(meta)]) == 0
    assert "6 stored" in capsys.readouterr().err
    assert main(["ingest", *files, "--db", db, "--jobs", "1"]) == 0
    assert "0 stored, 6 already stored" in capsys.readouterr().err

    assert main(["query", "speakers", "--db", db, "--format", "json"]) == 0
    speakers = {r["speaker"]: r for r in json.loads(capsys.readouterr().out)}
    kovalenko = speakers["Anna Kovalenko"]
    # Items 0 and 4: the full name says, the surname tells; both North Post.
    assert kovalenko["attributions"] >= 2
    assert kovalenko["outlets"].startswith("North Post")

    assert main(["query", "quotes", "--speaker", "Kovalenko", "--db", db,
                 "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("published,outlet,doc_id")
    assert all("North Post" in line for line in lines[1:]) and len(lines) > 2

    assert main(["query", "search", "repairs Odesa", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "item-001" in table and "item-000" not in table

    out = tmp_path / "all.jsonl"
    assert main(["export", "--db", db, "--format", "jsonl", "-o", str(out)]) == 0
    capsys.readouterr()
    again = str(tmp_path / "again.db")
    assert main(["ingest", str(out), "--db", again]) == 0
    assert dump(again)["analyses"] == dump(db)["analyses"]


def test_a_directory_s_metadata_table_is_applied_without_being_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "text").mkdir(parents=True)
    articles = tiny_articles(2)
    for a in articles:
        (corpus / "text" / f"{a.doc_id}.txt").write_text(a.text, encoding="utf-8")
    (corpus / "metadata.tsv").write_text(
        "filename\tpublisher\tpublication_date\n"
        f"{articles[0].doc_id}\tEast Herald\t2016-05-01\n"
        f"{articles[1].doc_id}\tWest Gazette\t2016-06-02\n", encoding="utf-8")
    db = str(tmp_path / "dir.db")

    assert main(["ingest", str(corpus), "--db", db, "--jobs", "1"]) == 0
    assert "metadata.tsv" in capsys.readouterr().err
    stored = {a["doc_id"]: (a["meta"]["outlet"], a["meta"]["published"])
              for a in map(json.loads, dump(db)["analyses"])}
    assert stored == {articles[0].doc_id: ("East Herald", "2016-05-01"),
                      articles[1].doc_id: ("West Gazette", "2016-06-02")}
