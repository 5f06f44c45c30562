"""Hostile inputs: bombs, endless lines, link loops, names that are not UTF-8, documents over
the limits. Each is one named failure, bounded in memory and time, and the good inputs beside
it are still read or analysed. The bombs are made here, small, with small caps."""

from __future__ import annotations

import contextlib
import gzip
import importlib
import io
import json
import os
import time
import tracemalloc
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from reportedly.analyze import analyze_many
from reportedly.cli import main
from reportedly.ingest import ReadFailure, printable_name, read_inputs
from reportedly.limits import ENV, LimitExceeded, Limits, parse_limit, time_budget
from reportedly.model import Analysis, Article

# The module, not the function the package exports under the same name.
analyze_module = importlib.import_module("reportedly.analyze")

GOOD = "The harbour master said on Thursday that the ferry would run again."
MiB = 1024 * 1024
SMALL = Limits(max_input_bytes=4 * MiB, max_record_bytes=MiB, max_chars=100_000,
               time_budget=60)


@pytest.fixture(autouse=True)
def default_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI writes its limit options to the environment: undone after each test.
    for variable in ENV.values():
        monkeypatch.setenv(variable, "")


def zeros_gz(n_bytes: int) -> bytes:
    """A gzip member of ``n_bytes`` zeros, compressed as it is made (about 1000:1)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb") as f:
        block = bytes(MiB)
        for _ in range(n_bytes // MiB):
            f.write(block)
    return out.getvalue()


def warc_with(path: Path, payloads: list[bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for i, payload in enumerate(payloads):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.org/{i}", "response", payload=io.BytesIO(payload),
                http_headers=headers))


def page(text: str) -> bytes:
    return (f"<html><head><title>T</title></head><body><article><p>{text}</p>"
            f"<p>{text}</p></article></body></html>").encode()


def read_bounded(paths: list[Path], limits: Limits) -> tuple[list, int]:
    """The items read, and the peak of Python's memory while reading them (the readers'
    libraries imported first: their modules are not what is measured)."""
    from reportedly.ingest.html import article_from_html

    assert isinstance(article_from_html(page(GOOD), "warm-up", "warm-up"), Article)
    tracemalloc.start()
    try:
        items = list(read_inputs(paths, limits=limits))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return items, peak


# -- bombs ----------------------------------------------------------------------------------------

def test_a_gzip_bomb_warc_stops_at_the_input_cap_in_bounded_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.warc.gz"
    bomb.write_bytes(zeros_gz(64 * MiB))
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    started = time.monotonic()
    items, peak = read_bounded([bomb, good], SMALL)
    assert time.monotonic() - started < 10
    [failure, article] = items
    assert isinstance(failure, ReadFailure) and failure.name == str(bomb)
    assert "over the limit" in failure.reason and "REPORTEDLY_MAX_" in failure.reason
    assert isinstance(article, Article) and article.text == GOOD
    assert peak < 8 * MiB  # of a 64 MiB bomb


def test_a_bomb_inside_one_warc_record_is_that_record_only(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    # 16 MiB of short lines: over the 1 MiB record cap, not the line cap nor the input cap.
    warc_with(archive, [page(GOOD), b"<p>0</p>\n" * (16 * MiB // 9), page(GOOD)])
    assert archive.stat().st_size < MiB
    items, peak = read_bounded([archive], replace(SMALL, max_input_bytes=64 * MiB))
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"]
    assert items[1].where == "record 2" and "per document" in items[1].reason
    assert peak < 8 * MiB  # the 16 MiB record is never held whole


def test_a_warc_over_the_input_cap_reports_it_after_the_records_within(tmp_path: Path) -> None:
    archive = tmp_path / "big.warc"
    warc_with(archive, [page(GOOD), page("x" * 800_000), page("y " * 800_000)])
    items = list(read_inputs([archive], limits=Limits(max_input_bytes=2 * MiB)))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], ReadFailure) and "per input file" in items[-1].reason


def test_a_jsonl_line_without_end_is_one_failure_and_the_next_line_is_read(
        tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("wb") as f:
        f.write(json.dumps({"text": GOOD}).encode() + b"\n")
        f.write(b'{"text": "' + b"a" * (16 * MiB) + b'"}\n')
        f.write(json.dumps({"text": GOOD, "id": "last"}).encode() + b"\n")
    items, peak = read_bounded([corpus], replace(SMALL, max_input_bytes=64 * MiB))
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"]
    assert items[1].where == "line 2" and items[2].doc_id == "last"
    assert peak < 4 * MiB  # the 16 MiB line is never held whole


def test_a_csv_line_without_end_stops_that_file_with_a_reason(tmp_path: Path) -> None:
    table = tmp_path / "rows.csv"
    table.write_text("id,text\n1," + GOOD + "\n2," + "b" * (2 * MiB) + "\n")
    items = list(read_inputs([table], limits=SMALL))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], ReadFailure) and "REPORTEDLY_MAX_RECORD_BYTES" in items[1].reason


def test_a_text_file_over_the_document_cap_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (MiB // 2))
    [failure] = read_inputs([big], limits=Limits(max_record_bytes=MiB))
    assert isinstance(failure, ReadFailure) and "1 MiB per document" in failure.reason


def test_standard_input_over_the_document_cap_is_refused(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2048)))
    [failure] = read_inputs(["-"], limits=Limits(max_record_bytes=1024))
    assert isinstance(failure, ReadFailure) and failure.name == "-"


# -- paths that cannot be walked -----------------------------------------------------------------

def test_link_loops_and_dangling_links_are_named_failures(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD)
    (corpus / "loop.txt").symlink_to("loop.txt")
    (corpus / "a.txt").symlink_to("b.txt")
    (corpus / "b.txt").symlink_to("a.txt")
    (corpus / "gone.txt").symlink_to("nowhere.txt")
    (corpus / "self").symlink_to(".")  # a directory loop: not followed
    items = list(read_inputs([corpus, corpus / "loop.txt", corpus / "self"]))
    failures = {Path(i.name).name: i.reason for i in items if isinstance(i, ReadFailure)}
    assert [i.doc_id for i in items if isinstance(i, Article)] == ["good", "good"]
    assert set(failures) == {"a.txt", "b.txt", "loop.txt", "gone.txt"}
    assert "loop" in failures["a.txt"] and "loop" in failures["loop.txt"]
    assert "dangling" in failures["gone.txt"] and "nowhere.txt" in failures["gone.txt"]


def test_a_directory_loop_named_directly_is_one_failure(tmp_path: Path) -> None:
    (tmp_path / "x").symlink_to("y")
    (tmp_path / "y").symlink_to("x")
    (tmp_path / "good.txt").write_text(GOOD)
    items = list(read_inputs([tmp_path / "x", tmp_path / "good.txt"]))
    assert isinstance(items[0], ReadFailure) and "loop" in items[0].reason
    assert isinstance(items[1], Article)


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not stop root, as tests run in CI")
def test_unreadable_files_and_directories_are_named_failures(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "secret.txt").write_text(GOOD)
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "inside.txt").write_text(GOOD)
    (tmp_path / "closed").chmod(0)
    try:
        items = list(read_inputs([tmp_path]))
    finally:
        (tmp_path / "closed").chmod(0o755)
    failures = {Path(i.name).name for i in items if isinstance(i, ReadFailure)}
    assert failures == {"secret.txt", "closed"}
    assert [i.doc_id for i in items if isinstance(i, Article)] == ["good"]


def test_a_name_that_is_not_utf8_gives_an_escaped_doc_id(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9 \\ report.txt")
    (tmp_path / name).write_text(GOOD)
    [article] = read_inputs([tmp_path])
    assert article.doc_id == "caf\\xe9 \\ report"
    assert article.meta.extra["source_file"].endswith("caf\\xe9 \\ report.txt")
    assert printable_name("café") == "café"


def test_a_name_that_is_not_utf8_gives_valid_json_on_stdout_and_in_a_file(
        tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / os.fsdecode(b"\xff\xfe.txt")).write_text(GOOD)
    (corpus / "plain.txt").write_text(GOOD)
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(corpus), "-o", str(out)]) == 0
    lines = out.read_bytes().decode("utf-8").splitlines()
    assert sorted(json.loads(line)["doc_id"] for line in lines) == ["\\xff\\xfe", "plain"]
    capsysbinary.readouterr()
    assert main(["analyze", str(corpus / os.fsdecode(b"\xff\xfe.txt"))]) == 0
    printed = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert printed["doc_id"] == "\\xff\\xfe"


def test_a_text_with_a_lone_surrogate_is_refused_by_name(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"text": "Bad \\ud800 text."}\n' + json.dumps({"text": GOOD}) + "\n")
    failure, article = read_inputs([corpus])
    assert isinstance(failure, ReadFailure) and failure.where == "line 1"
    assert "surrogate" in failure.reason and isinstance(article, Article)


# -- limits on documents ------------------------------------------------------------------------

def test_a_document_over_the_character_cap_is_reported_and_the_batch_goes_on() -> None:
    errors: list[tuple[str, Exception]] = []
    done = list(analyze_many(["x" * 150, GOOD], limits=Limits(max_chars=len(GOOD)),
                             on_error=lambda a, e: errors.append((a.doc_id, e))))
    assert [a.doc_id for a in done] == ["text:2"]
    [(doc_id, error)] = errors
    assert doc_id == "text:1" and isinstance(error, LimitExceeded)
    assert "150 characters" in str(error) and "REPORTEDLY_MAX_CHARS" in str(error)
    with pytest.raises(LimitExceeded):  # without on_error, as any failure
        list(analyze_many(["x" * 50], limits=Limits(max_chars=10)))


def test_the_time_budget_interrupts_work_that_catches_every_exception() -> None:
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"time budget of 0\.2 s"), time_budget(0.2):
        while True:
            # An extractor's own handler must not swallow the overrun.
            with contextlib.suppress(Exception):
                time.sleep(0.05)
    assert time.monotonic() - started < 2
    with time_budget(5):  # within it, nothing happens, and no timer is left behind
        pass
    time.sleep(0.01)


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_document_over_the_time_budget_is_reported_and_the_batch_goes_on(
        monkeypatch: pytest.MonkeyPatch, n_process: int) -> None:
    build = analyze_module.build_analysis

    def slow_on_request(article: Article, *args: object, **kwargs: object) -> Analysis:
        if "SLOW" in article.text:
            time.sleep(120)
        return build(article, *args, **kwargs)

    analyze_module.analyze(GOOD)  # the tagger loads before the clock starts
    monkeypatch.setattr(analyze_module, "build_analysis", slow_on_request)
    errors: list[tuple[str, str]] = []
    started = time.monotonic()
    done = list(analyze_many([GOOD, "SLOW. " + GOOD, GOOD], n_process=n_process,
                             limits=Limits(time_budget=20), batch_size=1,
                             on_error=lambda a, e: errors.append((a.doc_id, str(e)))))
    assert time.monotonic() - started < 100
    assert [a.doc_id for a in done] == ["text:1", "text:3"]
    assert errors == [("text:2", "took longer than the time budget of 20 s per document "
                                 "(REPORTEDLY_TIME_BUDGET)")]


def test_the_cli_names_a_document_over_a_limit_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "long.txt").write_text(GOOD + " " + GOOD)
    (tmp_path / "short.txt").write_text(GOOD)
    code = main(["analyze", str(tmp_path), "--max-chars", str(len(GOOD) + 5)])
    out, err = capsys.readouterr()
    assert code == 1
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["short"]
    [line] = [m for m in err.splitlines() if "long" in m]
    assert line.startswith("reportedly: long: ") and "REPORTEDLY_MAX_CHARS" in line


def test_limits_come_from_the_environment_and_bad_values_are_one_line(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REPORTEDLY_MAX_RECORD_BYTES", "2M")
    monkeypatch.setenv("REPORTEDLY_TIME_BUDGET", "0")
    limits = Limits.from_env()
    assert limits.max_record_bytes == 2 * MiB and limits.time_budget == 0
    assert limits.max_chars == Limits().max_chars
    assert parse_limit("max_input_bytes", "1.5G") == 3 * 1024**3 // 2
    monkeypatch.setenv("REPORTEDLY_MAX_CHARS", "lots")
    assert main(["analyze", "-"]) == 2
    assert capsys.readouterr().err.strip() == (
        "reportedly: REPORTEDLY_MAX_CHARS='lots': expected a whole number, optionally with "
        "K, M, G or T")
    assert main(["analyze", "-", "--time-budget", "-1"]) == 2
    assert "--time-budget -1" in capsys.readouterr().err


def test_zlib_damage_in_a_warc_gz_is_a_named_failure(tmp_path: Path) -> None:
    archive = tmp_path / "damaged.warc.gz"
    warc_with(archive, [page(GOOD)])
    data = bytearray(archive.read_bytes())
    data[30:60] = bytes(30)
    archive.write_bytes(bytes(data))
    items = list(read_inputs([archive]))
    assert items and all(isinstance(i, ReadFailure) for i in items)
    assert zlib  # the damage is zlib's to find: any of its errors is one failure


def test_a_response_record_without_a_target_uri_is_a_named_failure(tmp_path: Path) -> None:
    # Found by tests/test_fuzz.py: warcio raised AttributeError on it.
    archive = tmp_path / "bare.warc"
    archive.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n")
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    failure, article = read_inputs([archive, good])
    assert isinstance(failure, ReadFailure) and "malformed archive" in failure.reason
    assert isinstance(article, Article)


def test_ingest_records_a_document_over_a_limit_and_stores_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "long.txt").write_text(GOOD + " " + GOOD)
    (tmp_path / "short.txt").write_text(GOOD)
    db = str(tmp_path / "corpus.db")
    code = main(["ingest", str(tmp_path / "long.txt"), str(tmp_path / "short.txt"), "--db", db,
                 "--jobs", "1", "--max-chars", str(len(GOOD) + 5)])
    err = capsys.readouterr().err
    assert code == 1
    assert "1 stored, 0 already stored, 1 failed" in err
    [failed] = [line for line in err.splitlines() if line.startswith("  failed:")]
    assert "long" in failed and "REPORTEDLY_MAX_CHARS" in failed
