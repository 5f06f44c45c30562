"""The files ``reportedly spark`` reads are read as ``reportedly analyze`` reads them: each
file's bytes go to the project's own reader (no Spark needed for this)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from reportedly.cli import main
from reportedly.ingest import ReadFailure, read_inputs
from reportedly.spark import display_name, read_file_bytes

from .test_ingest import page, write_warc


def _corpus(root: Path) -> list[Path]:
    (root / "note.txt").write_text("The minister said prices would fall.\n", encoding="utf-8")
    (root / "story.html").write_text(page(), encoding="utf-8")
    (root / "feed.jsonl").write_text(
        json.dumps({"id": "f1", "text": "Officials said so.", "outlet": "Courier"})
        + "\n{broken\n", encoding="utf-8")
    (root / "rows.csv").write_text('id,text\nc1,"He said, ""no."""\nc2,\n', encoding="utf-8")
    write_warc(root / "crawl.warc.gz", [
        ("https://courier.example/ferry", "text/html; charset=utf-8", page().encode()),
        ("https://courier.example/logo.png", "image/png", b"\x89PNG\x00\x00")])
    return sorted(root.iterdir())


def _same(item: object) -> object:
    """An item with its file name left out (the readers name the file as they were given it)."""
    if isinstance(item, ReadFailure):
        return ("failure", item.where, item.reason)
    extra = {k: v for k, v in item.meta.extra.items() if k != "source_file"}
    return (item.doc_id, item.text, item.meta.url, item.meta.title, item.meta.outlet, extra)


def test_file_bytes_are_read_by_the_readers_of_analyze(tmp_path: Path) -> None:
    for path in _corpus(tmp_path):
        expected = [_same(i) for i in read_inputs([path])]
        got = list(read_file_bytes(f"file:{path}", path.read_bytes()))
        assert [_same(i) for i in got] == expected, path.name
        for item in got:  # named by the file, not by any copy of its bytes
            name = item.name if isinstance(item, ReadFailure) else item.meta.extra["source_file"]
            assert name == str(path)


def test_gzipped_jsonl_is_unpacked_and_unknown_files_are_no_input(tmp_path: Path) -> None:
    lines = json.dumps({"id": "g1", "text": "Officials said so."}) + "\n"
    [article] = read_file_bytes("hdfs://nn/corpus/feed.jsonl.gz", gzip.compress(lines.encode()))
    assert (article.doc_id, article.text) == ("g1", "Officials said so.")
    [failure] = read_file_bytes("hdfs://nn/corpus/feed.jsonl.gz", b"not gzip")
    assert isinstance(failure, ReadFailure) and "gzip" in failure.reason
    assert list(read_file_bytes("s3a://bucket/logo.png", b"\x89PNG")) == []
    assert display_name("file:/data/a.txt") == "/data/a.txt"
    assert display_name("s3a://bucket/a.txt") == "s3a://bucket/a.txt"


def test_usage_errors_are_one_line_before_spark_starts(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    (tmp_path / "in").mkdir()
    assert main(["spark", str(tmp_path / "in"), "--output", str(tmp_path / "in" / "out")]) == 2
    assert "lies inside the input" in capsys.readouterr().err
    assert main(["spark", str(tmp_path / "in"), "--output", str(tmp_path / "out"),
                 "--partitions", "0"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "--partitions must be at least 1" in line
