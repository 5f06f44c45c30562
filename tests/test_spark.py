"""``reportedly spark`` on a real Spark (``local[2]``): the tables against ``analyze``, a WARC,
errors kept, a re-run, and the output loaded into the store.

Needs pyspark and a Java runtime; skipped without them, unless ``REPORTEDLY_REQUIRE_SPARK=1``
(as in CI), which makes their absence a failure. One Spark session and one analysis run serve
the module, so that the model loads once per Python worker.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from reportedly import Article, analyze
from reportedly.cli import main
from reportedly.ingest import read_inputs
from reportedly.model import Analysis
from reportedly.nlp import load_nlp
from reportedly.store import Store, iter_analyses
from reportedly.store.spark_output import is_spark_output, read_errors

from .test_ingest import page, write_warc

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DEVSET_TEXTS = ROOT / "devset" / "dev" / "text"


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -e '.[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (java) for Spark"
    return None


@pytest.fixture(scope="module")
def spark() -> Any:
    missing = _spark_missing()
    if missing:
        if os.environ.get("REPORTEDLY_REQUIRE_SPARK") == "1":
            pytest.fail(f"REPORTEDLY_REQUIRE_SPARK=1 but {missing}")
        pytest.skip(missing)
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("reportedly-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "16").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _devset() -> list[tuple[str, str]]:
    """Twenty articles: the development set's own ten, and the first half of each."""
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(DEVSET_TEXTS.glob("*.txt"))]
    assert len(texts) >= 10
    halves = []
    for name, text in texts:
        paragraphs = text.split("\n\n")
        halves.append((f"{name}.half", "\n\n".join(paragraphs[: max(1, len(paragraphs) // 2)])))
    return texts + halves


#: Over the limit of characters per document (5,000,000): refused before it is parsed, while
#: the articles before it in its partition are still being analysed.
TOO_LONG = "The minister said so. " * (5_000_000 // 22 + 1)


PARQUET_TEXT = "“The ferry will run again on Monday,” the harbour master said."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for name, text in _devset():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    web = root / "web"
    web.mkdir()
    write_warc(web / "crawl.warc.gz", [
        ("https://courier.example/ferry", "text/html; charset=utf-8", page().encode()),
        ("https://courier.example/logo.png", "image/png", b"\x89PNG\x00\x00")])
    (root / "empty.txt").write_text("  \n", encoding="utf-8")
    (root / "toolong.txt").write_text(TOO_LONG, encoding="utf-8")
    (root / "feed.jsonl").write_text(
        json.dumps({"id": "feed-1", "text": "“Prices will fall,” the minister said.",
                    "outlet": "Courier"}) + "\n{not json\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def output(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from reportedly.spark import run

    out = tmp_path_factory.mktemp("spark") / "out"
    table = corpus.parent / "table.parquet"  # named explicitly: read as Parquet, not as a file
    pq.write_table(pa.table({"id": [7], "text": [PARQUET_TEXT], "outlet": ["Gazette"],
                             "section": ["metro"]}), table)
    counts = run(spark, [str(corpus), str(table)], str(out), partitions=4)
    assert counts["articles"] > 20
    return out


def _table(out: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(out / name).to_pylist()


def test_attributions_equal_analyze_for_the_same_texts(output: Path) -> None:
    load_nlp()
    rows = _table(output, "attributions")
    assert all(r["content_text"] is not None for r in rows)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    analyses = {r["doc_id"]: Analysis.from_json(r["analysis_json"])
                for r in _table(output, "articles")}
    devset = _devset()
    assert len(devset) == 20
    for name, text in devset:
        expected = analyze(Article(doc_id=name, text=text))
        got = sorted(by_doc.get(name, []), key=lambda r: r["ordinal"])
        assert [(r["type"], r["content_start"], r["content_end"], r["content_text"],
                 r["source_text"], r["cue_lemma"], r["stance"]) for r in got] == [
            (a.type, a.content.start, a.content.end, a.content.text,
             a.source.text if a.source else None, a.cue.lemma if a.cue else None, a.stance)
            for a in expected.attributions], name
        for r in got:
            assert text[r["content_start"]:r["content_end"]] == r["content_text"]
        # The whole Analysis, as the store will load it.
        assert analyses[name].text == text
        assert analyses[name].attributions == expected.attributions
        assert analyses[name].entities == expected.entities
        assert analyses[name].quantities == expected.quantities


def test_tables_have_the_columns_of_the_export(output: Path) -> None:
    from reportedly.store.export import table_query
    from reportedly.store.spark_output import TABLE_COLUMNS

    for name in ("attributions", "quantities", "diagnostics", "mentions"):
        exported = [c.name for c in table_query(name).selected_columns]
        written = [c for c, _ in TABLE_COLUMNS[name]]
        store_ids = {"article_entity_id"}
        assert [c for c in exported if c not in store_ids] == \
            [c for c in written if c not in store_ids], name
    articles = _table(output, "articles")
    assert {r["content_hash"] for r in articles} and all(
        len(r["content_hash"]) == 64 for r in articles)
    entities = _table(output, "entities")
    assert all(json.loads(e["mentions"]) for e in entities)


def test_warc_html_record_is_an_article_and_the_image_is_not(output: Path, corpus: Path
                                                              ) -> None:
    [expected] = [a for a in read_inputs([corpus / "web" / "crawl.warc.gz"])
                  if isinstance(a, Article)]
    web = [r for r in _table(output, "articles") if r["doc_id"].startswith("crawl:")]
    assert [r["doc_id"] for r in web] == [expected.doc_id] == ["crawl:2"]
    [row] = web
    assert row["text"] == expected.text
    assert row["url"] == "https://courier.example/ferry"
    meta = json.loads(row["meta"])
    assert meta["warc_date"] and meta["source_file"].endswith("crawl.warc.gz")
    assert Analysis.from_json(row["analysis_json"]).attributions == \
        analyze(expected).attributions


def test_parquet_rows_are_articles_with_their_columns_as_meta(output: Path) -> None:
    [row] = [r for r in _table(output, "articles") if r["doc_id"] == "7"]
    assert (row["text"], row["outlet"]) == (PARQUET_TEXT, "Gazette")
    assert json.loads(row["meta"])["section"] == "metro"
    assert Analysis.from_json(row["analysis_json"]).attributions == \
        analyze(Article(doc_id="7", text=PARQUET_TEXT)).attributions


def test_documents_that_fail_are_errors_with_their_reason(output: Path) -> None:
    errors = _table(output, "errors")
    by_input = {(r["input"] or "").rsplit("/", 1)[-1]: r for r in errors}
    assert "empty document" in by_input["empty.txt"]["reason"]
    assert by_input["toolong.txt"]["doc_id"] == "toolong"
    assert "analysis failed" in by_input["toolong.txt"]["reason"]
    assert "over the limit of 5,000,000 characters" in by_input["toolong.txt"]["reason"]
    assert "invalid JSON" in by_input["feed.jsonl (line 2)"]["reason"]
    assert len(errors) == 3
    articles = {r["doc_id"]: r for r in _table(output, "articles")}
    assert articles["feed-1"]["outlet"] == "Courier"
    assert "toolong" not in articles and "empty" not in articles


def test_output_loads_into_the_store_without_analysing(output: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    assert is_spark_output(output) and not is_spark_output(output / "articles")
    db = str(tmp_path / "corpus.db")
    assert main(["ingest", str(output), "--db", db]) == 1  # the run's errors are failures
    written = {Analysis.from_json(r["analysis_json"]).doc_id: r
               for r in _table(output, "articles")}
    store = Store(db)
    with store.connect() as c:
        stored = {a.doc_id: a for a in iter_analyses(c)}
    counts = store.counts()
    store.close()
    assert stored.keys() == written.keys()
    for doc_id, analysis in stored.items():
        assert analysis == Analysis.from_json(written[doc_id]["analysis_json"])
    assert counts["failures"] == len(list(read_errors(output))) == 3
    capsys.readouterr()
    assert main(["query", "speakers", "--db", db, "--format", "json"]) == 0
    speakers = json.loads(capsys.readouterr().out)
    assert speakers and all(s["attributions"] > 0 for s in speakers)
    main(["ingest", str(output), "--db", db])
    assert f"0 stored, {len(written)} already stored" in capsys.readouterr().err


def test_analyze_frame_takes_meta_columns(spark: Any) -> None:
    from reportedly.spark import analyze_frame

    text = "“The bridge will reopen in May,” the engineer said."
    df = spark.createDataFrame([("a1", text, "Courier", "2024-05-01")],
                               "doc_id string, text string, outlet string, published string")
    tables = analyze_frame(df, partitions=1)
    [row] = tables["attributions"].collect()
    assert (row.doc_id, row.outlet, row.published) == ("a1", "Courier", "2024-05-01")
    expected = analyze(Article(doc_id="a1", text=text))
    assert row.content_text == expected.attributions[0].content.text
    assert tables["errors"].count() == 0


def test_a_rerun_replaces_the_tables_and_json_lines_load_alike(spark: Any, tmp_path: Path
                                                               ) -> None:
    from reportedly.spark import run
    from reportedly.store.spark_output import read_analyses

    out, lines = tmp_path / "out", tmp_path / "lines"
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.txt").write_text("The minister said prices would fall.\n")
    for _ in range(2):
        counts = run(spark, [str(tmp_path / "one")], str(out), partitions=1)
    assert counts["articles"] == 1 and len(_table(out, "articles")) == 1
    counts = run(spark, [str(tmp_path / "one")], str(lines), partitions=1, fmt="jsonl")
    assert counts["articles"] == 1 and counts["errors"] == 0
    assert is_spark_output(lines)
    assert list(read_analyses(lines)) == list(read_analyses(out))
    assert list(read_errors(lines)) == []
