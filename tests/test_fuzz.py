"""Property tests: any bytes in a reader give Articles or ReadFailures, never an exception; any
text through ``analyze`` gives an Analysis whose every span selects its own text, the same
each time. The budget is fixed (``derandomize``: the same examples on every run, so CI stays
fast and a failure reproduces)."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportedly import analyze
from reportedly.ingest import ReadFailure, read_path
from reportedly.limits import Limits
from reportedly.model import Article

FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
ANALYZE = settings(FUZZ, max_examples=40)
SMALL = Limits(max_input_bytes=1024 * 1024, max_record_bytes=256 * 1024, max_chars=20_000,
               time_budget=0)

# Pieces that the readers and the extractors treat specially, mixed with arbitrary text.
MARKS = ["\u201c", "\u201d", '"', "'", "\u00ab", "\u00bb", "\u2018", "\u2019", "''", "``",
         "(", ")", "[", "]", "\n", "\n\n", "\r\n", " ", ".", ",", ":", "\u2013", "$", "%"]
WORDS = ["said", "told", "according to", "He", "she", "the minister", "Anna Varga", "NATO",
         "at least", "more than", "about", "40", "1,500", "3.5", "billion", "rubles", "euros",
         "\u00c3\u00a9", "percent", "He completed.", "that", "will", "not", "Kyiv", "\u00e9t\u00e9"]
text_pieces = st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS),
                        st.text(max_size=12))
article_texts = st.lists(text_pieces, max_size=60).map(" ".join)

# Bytes that look a little like each format, so that the fuzzing gets past the first check.
PREFIXES = {
    ".txt": [b"", b"\xef\xbb\xbf", b"\xff\xfe"],
    ".html": [b"<html><body><p>", b"<!DOCTYPE html><meta charset='latin-1'><p>", b""],
    ".jsonl": [b'{"text": "', b'{"id": 1, "text": ', b"["],
    ".csv": [b"text\n", b"id,text\n1,\"", b""],
    ".warc": [b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n", b""],
}


def _is_item(item: object) -> bool:
    if isinstance(item, ReadFailure):
        return isinstance(item.reason, str) and bool(item.reason)
    if isinstance(item, Article):
        # Everything a reader hands on can be written out as UTF-8 (as JSON output will be).
        json.dumps({"doc_id": item.doc_id, "text": item.text,
                    "meta": item.meta.to_dict()}, ensure_ascii=False).encode("utf-8")
        return bool(item.text.strip())
    return False


def _read(ending: str, data: bytes) -> list[object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{ending}"
        path.write_bytes(data)
        return list(read_path(path, SMALL))


@FUZZ
@given(ending=st.sampled_from(sorted(PREFIXES)), data=st.data(), body=st.binary(max_size=600),
       text=article_texts)
def test_any_bytes_give_articles_or_failures(ending: str, data: st.DataObject, body: bytes,
                                             text: str) -> None:
    prefix = data.draw(st.sampled_from(PREFIXES[ending]))
    mixed = data.draw(st.sampled_from([body, text.encode("utf-8", "surrogatepass"),
                                       text.encode("utf-8", "surrogatepass") + body]))
    items = _read(ending, prefix + mixed)
    assert all(_is_item(i) for i in items)
    if ending in (".txt", ".html"):  # one article each, or why not
        assert len(items) == 1


@FUZZ
@given(body=st.binary(max_size=400), text=article_texts)
def test_any_gzip_archive_gives_articles_or_failures(body: bytes, text: str) -> None:
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\n"
              b"Content-Length: %d\r\n\r\n" % (len(body) + len(text)))
    payload = record + body + text.encode("utf-8", "surrogatepass")
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb") as f:
        f.write(payload)
    compressed = out.getvalue()
    for data in (compressed, compressed[: len(compressed) // 2], compressed + body):
        items = _read(".warc.gz", data)
        assert all(_is_item(i) for i in items)


def _spans_hold(analysis_json: str, text: str) -> None:
    """Every object with start, end and text in the output selects that text."""
    def walk(node: object) -> None:
        if isinstance(node, dict):
            if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
                assert text[node["start"]:node["end"]] == node["text"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(analysis_json))


@ANALYZE
@given(text=article_texts)
def test_analyze_any_text_keeps_the_span_contract_and_is_deterministic(text: str) -> None:
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates are refused earlier
    if not text.strip():
        return
    first = analyze(text, use_tagger=False)
    first.check_spans()
    _spans_hold(first.to_json(), text)
    assert analyze(text, use_tagger=False).to_json() == first.to_json()


@settings(ANALYZE, max_examples=10)
@given(text=article_texts)
def test_analyze_with_the_tagger_keeps_the_span_contract(text: str) -> None:
    text = text.encode("utf-8", "replace").decode("utf-8")
    if not text.strip():
        return
    first = analyze(text)
    first.check_spans()
    assert analyze(text).to_json() == first.to_json()
