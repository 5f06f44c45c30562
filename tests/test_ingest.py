"""Readers: every format on small files written here, and every kind of failure."""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path

import pytest

from reportedly.ingest import ReadFailure, format_of, read_inputs
from reportedly.model import Article

# Real news, read at run time only (tests/conftest.py: beside the checkout, else skipped).
from .conftest import POLNEAR

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>Ferry service resumes | Harbour Courier</title>
<meta property="og:site_name" content="Harbour Courier">
<meta name="date" content="2022-08-19">
<link rel="canonical" href="https://courier.example/ferry"></head>
<body><nav>Home | Local | Sport | Weather</nav>
<article><h1>Ferry service resumes</h1>
<p>"The crossing is safe again," the harbour master told reporters on Thursday morning,
after divers finished checking the pier that was damaged in the spring storms.</p>
<p>The operator said that {word} timetables would return next week and that fares would
stay the same for the rest of the summer season.</p></article>
<footer>Contact us | Privacy</footer></body></html>
"""


def page(charset: str = "utf-8", word: str = "winter") -> str:
    return PAGE.format(charset=charset, word=word)


def read(*paths: Path | str) -> list[Article | ReadFailure]:
    return list(read_inputs(paths))


def articles(items: list[Article | ReadFailure]) -> list[Article]:
    return [x for x in items if isinstance(x, Article)]


def failures(items: list[Article | ReadFailure]) -> list[ReadFailure]:
    return [x for x in items if isinstance(x, ReadFailure)]


# -- plain text --------------------------------------------------------------------------------

def test_text_file_is_one_article_named_by_its_stem(tmp_path: Path) -> None:
    f = tmp_path / "council-vote.txt"
    f.write_text("The council voted on Monday.\nMembers said it was close.\n", encoding="utf-8")
    [article] = read(f)
    assert isinstance(article, Article)
    assert article.doc_id == "council-vote"
    assert article.text == "The council voted on Monday.\nMembers said it was close.\n"
    assert article.meta.extra["source_file"] == str(f)


def test_text_is_kept_as_written_but_for_the_byte_order_mark(tmp_path: Path) -> None:
    f = tmp_path / "crlf.txt"
    f.write_bytes(b"\xef\xbb\xbfFirst line.\r\nSecond line.\rThird.")
    [article] = read(f)
    assert article.text == "First line.\r\nSecond line.\rThird."


def test_real_articles_read_exactly_as_their_files() -> None:
    """Offsets of annotations made on the files must stay valid for the read texts."""
    texts = POLNEAR / "dev" / "text"
    if not texts.is_dir():
        pytest.skip("the PolNeAR data is not beside the checkout")
    items = read(texts)
    assert not failures(items)
    files = sorted(texts.glob("*.txt"))
    assert [a.doc_id for a in articles(items)] == [f.stem for f in files]
    for article, file in zip(articles(items), files, strict=True):
        assert article.text == file.read_text(encoding="utf-8")


def test_text_with_utf16_byte_order_mark_is_read(tmp_path: Path) -> None:
    f = tmp_path / "wide.txt"
    f.write_bytes("Die Ministerin sagte, es sei genug.".encode("utf-16"))
    [article] = read(f)
    assert article.text == "Die Ministerin sagte, es sei genug."


@pytest.mark.parametrize(("content", "reason"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("Le café a fermé, a dit le maire.".encode("latin-1"), "not UTF-8"),
    (b"  \n\n\t ", "empty"),
    (b"", "empty"),
])
def test_unreadable_text_is_a_failure_naming_the_file(tmp_path: Path, content: bytes,
                                                      reason: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    [failure] = read(f)
    assert isinstance(failure, ReadFailure)
    assert failure.name == str(f)
    assert reason in failure.reason
    assert str(f) in str(failure)


def test_missing_path_is_a_failure(tmp_path: Path) -> None:
    [failure] = read(tmp_path / "nowhere.txt")
    assert isinstance(failure, ReadFailure)
    assert "no such file" in failure.reason


def test_unreadable_file_is_a_failure(tmp_path: Path) -> None:
    f = tmp_path / "locked.txt"
    f.write_text("The mayor said nothing.", encoding="utf-8")
    f.chmod(0)
    try:
        if f.stat().st_mode & 0o444 == 0 and _can_read(f):
            pytest.skip("running with privileges that ignore file permissions")
        [failure] = read(f)
        assert isinstance(failure, ReadFailure)
        assert "ermission" in failure.reason
    finally:
        f.chmod(0o644)


def _can_read(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


# -- HTML --------------------------------------------------------------------------------------

def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "ferry.html"
    f.write_text(page(), encoding="utf-8")
    [article] = read(f)
    assert isinstance(article, Article)
    assert article.doc_id == "ferry"
    assert "the harbour master told reporters" in article.text
    assert "winter timetables" in article.text
    assert "Privacy" not in article.text and "Weather" not in article.text
    assert article.meta.title == "Ferry service resumes"
    assert article.meta.outlet == "Harbour Courier"
    assert article.meta.published == "2022-08-19"
    assert article.meta.url == "https://courier.example/ferry"


def test_html_in_a_declared_legacy_charset_is_decoded_and_recorded(tmp_path: Path) -> None:
    f = tmp_path / "legacy.htm"
    f.write_bytes(page(charset="iso-8859-1", word="café").encode("latin-1"))
    [article] = read(f)
    assert isinstance(article, Article), article
    assert "café timetables" in article.text
    assert article.meta.extra["encoding"] == "cp1252"


def test_html_labelled_latin1_is_read_as_browsers_do(tmp_path: Path) -> None:
    f = tmp_path / "quotes.html"
    # curly quotes exist in windows-1252 only; browsers read a Latin-1 label that way
    f.write_bytes(page(charset="ISO-8859-1", word="\u201cnew\u201d").encode("cp1252"))
    [article] = read(f)
    assert isinstance(article, Article)
    assert "\u201cnew\u201d timetables" in article.text


def test_html_not_utf8_and_declaring_nothing_is_a_failure(tmp_path: Path) -> None:
    f = tmp_path / "undeclared.html"
    f.write_bytes(page(word="café").replace('<meta charset="utf-8">', "").encode("latin-1"))
    [failure] = read(f)
    assert isinstance(failure, ReadFailure)
    assert "not UTF-8" in failure.reason


def test_empty_html_is_a_failure(tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text(" \n", encoding="utf-8")
    [failure] = read(f)
    assert isinstance(failure, ReadFailure) and failure.reason == "empty document"


def test_html_without_article_text_is_a_failure(tmp_path: Path) -> None:
    f = tmp_path / "blank.html"
    f.write_text("<html><head><title>Nothing</title></head><body><script>var n = 1;</script>"
                 "<img src='photo.jpg'></body></html>", encoding="utf-8")
    [failure] = read(f)
    assert isinstance(failure, ReadFailure)
    assert "no article text" in failure.reason


# -- JSONL -------------------------------------------------------------------------------------

def test_jsonl_one_article_per_line_with_ids_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "wire.jsonl"
    lines = [
        {"id": "w-17", "text": "The agency said rain was expected.", "title": "Rain",
         "url": "https://wire.example/17", "outlet": "Wire", "published": "2021-03-02",
         "desk": "weather"},
        {"text": "A spokesperson declined to comment."},
        {"id": 42, "text": "Officials confirmed the closure."},
    ]
    f.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    first, second, third = read(f)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert isinstance(third, Article)
    assert first.doc_id == "w-17"
    assert (first.meta.title, first.meta.url, first.meta.outlet, first.meta.published) == \
        ("Rain", "https://wire.example/17", "Wire", "2021-03-02")
    assert first.meta.extra["desk"] == "weather"
    assert second.doc_id == "wire:2" and second.text == "A spokesperson declined to comment."
    assert third.doc_id == "42"


def test_jsonl_bad_lines_are_failures_and_the_rest_go_on(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_bytes(b"\n".join([
        b'{"text": "The first article is fine."}',
        b'{"text": "unterminated',
        b'["a", "list"]',
        b'{"title": "no text here"}',
        b'{"text": "   "}',
        b'{"text": 12}',
        b'',
        '{"text": "caf\xe9"}'.encode("latin-1"),
        b'{"text": "The last article is fine too."}',
    ]) + b"\n")
    items = read(f)
    assert [a.doc_id for a in articles(items)] == ["mixed:1", "mixed:9"]
    assert [(x.where, x.name) for x in failures(items)] == [
        (f"line {n}", str(f)) for n in (2, 3, 4, 5, 6, 8)]
    reasons = [x.reason for x in failures(items)]
    assert "invalid JSON" in reasons[0]
    assert "object" in reasons[1]
    assert "'text'" in reasons[2]
    assert "empty" in reasons[3]
    assert "string" in reasons[4]
    assert "not UTF-8" in reasons[5]
    # failures come in their place between the articles
    assert isinstance(items[0], Article) and isinstance(items[-1], Article)


def test_jsonl_with_byte_order_mark(tmp_path: Path) -> None:
    f = tmp_path / "bom.jsonl"
    f.write_bytes(b'\xef\xbb\xbf{"text": "The judge said no."}\r\n{"text": "She left."}\r\n')
    assert [a.text for a in articles(read(f))] == ["The judge said no.", "She left."]


# -- CSV ---------------------------------------------------------------------------------------

def test_csv_rows_are_articles_with_multiline_cells(tmp_path: Path) -> None:
    f = tmp_path / "desk.csv"
    f.write_text('id,title,outlet,text\n'
                 'c1,Bridge,Gazette,"The engineer said, after a pause,\n'
                 'that the bridge was sound."\n'
                 ',,,The second row has no id.\n', encoding="utf-8")
    first, second = read(f)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.doc_id == "c1"
    assert first.text == "The engineer said, after a pause,\nthat the bridge was sound."
    assert (first.meta.title, first.meta.outlet, first.meta.url) == ("Bridge", "Gazette", None)
    assert second.doc_id == "desk:4"  # the row starts on line 4, after the two-line cell


def test_csv_row_problems_are_failures_with_their_line(tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    f.write_text("id,text\n"
                 "r1,\n"
                 "r2,Too,many\n"
                 "r3,This row is fine.\n", encoding="utf-8")
    items = read(f)
    assert [a.doc_id for a in articles(items)] == ["r3"]
    assert [(x.where, x.reason) for x in failures(items)] == [
        ("line 2", "empty text"), ("line 3", "3 fields where the header has 2")]


def test_csv_without_text_column_or_in_another_encoding_fails(tmp_path: Path) -> None:
    no_text = tmp_path / "no-text.csv"
    no_text.write_text("id,body\n1,Something happened.\n", encoding="utf-8")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,text\n1,The chef said the café would open.\n".encode("latin-1"))
    [missing] = read(no_text)
    [undecodable] = read(latin)
    assert isinstance(missing, ReadFailure) and "'text' column" in missing.reason
    assert isinstance(undecodable, ReadFailure) and "not UTF-8" in undecodable.reason


# -- WARC --------------------------------------------------------------------------------------

def write_warc(path: Path, responses: list[tuple[str, str, bytes]]) -> None:
    """A WARC with a request record, then one response record per (url, content type, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warc_record(
            responses[0][0], "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        for url, content_type, body in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_articles(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    write_warc(f, [("https://courier.example/ferry", "text/html; charset=utf-8",
                    page().encode()),
                   ("https://courier.example/logo.png", "image/png", b"\x89PNG\x00\x00"),
                   ("https://courier.example/empty", "text/html", b"<html><body></body></html>"),
                   ("https://courier.example/legacy", "text/html; charset=windows-1252",
                    page(charset="windows-1252", word="café").encode("cp1252"))])
    items = read(f)
    assert format_of(f) in (".warc", ".warc.gz")
    ok = articles(items)
    assert [a.doc_id for a in ok] == ["crawl:2", "crawl:5"]
    assert ok[0].meta.url == "https://courier.example/ferry"
    assert ok[0].meta.title == "Ferry service resumes"
    assert "harbour master" in ok[0].text
    assert "café timetables" in ok[1].text and ok[1].meta.extra["encoding"] == "cp1252"
    [empty] = failures(items)
    assert (empty.where, empty.reason) == ("record 4", "no article text found in the HTML")


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
@pytest.mark.parametrize("keep", [0.2, 0.5, 0.97])
def test_truncated_warc_is_a_failure(tmp_path: Path, name: str, keep: float) -> None:
    good = tmp_path / ("good" + name.removeprefix("cut"))
    write_warc(good, [("https://courier.example/ferry", "text/html", page().encode())])
    cut = tmp_path / name
    cut.write_bytes(good.read_bytes()[: int(good.stat().st_size * keep)])
    items = read(cut)
    assert not articles(items)
    [failure] = failures(items)
    assert failure.where in ("record 1", "record 2")
    assert "truncated" in failure.reason or "damaged" in failure.reason


@pytest.mark.parametrize("content", ["this is not an archive\n", "garbage", "{}"])
def test_file_that_is_not_a_warc_is_a_failure(tmp_path: Path, content: str) -> None:
    fake = tmp_path / "fake.warc"
    fake.write_text(content, encoding="utf-8")
    [failure] = read(fake)
    assert isinstance(failure, ReadFailure) and "not a WARC archive" in failure.reason


# -- directories and stdin ---------------------------------------------------------------------

def test_directories_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ("b/two.txt", "a/deep/one.txt", "a/zero.txt", "top.txt", ".hidden/x.txt"):
        (tmp_path / rel).write_text(f"The file {rel} says hello.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Not an input format.", encoding="utf-8")
    (tmp_path / "a" / "list.jsonl").write_text('{"text": "Listed."}\n', encoding="utf-8")
    ids = [a.doc_id for a in articles(read(tmp_path))]
    assert ids == ["one", "list:1", "zero", "two", "top"]
    assert ids == [a.doc_id for a in articles(read(tmp_path))]  # stable


def test_skip_leaves_out_a_file_in_a_walked_directory(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("The mayor spoke.", encoding="utf-8")
    (tmp_path / "out.jsonl").write_text('{"text": "An earlier result."}\n', encoding="utf-8")
    items = list(read_inputs([tmp_path], skip=[tmp_path / "out.jsonl"]))
    assert [a.doc_id for a in articles(items)] == ["in"]


def test_named_file_with_unknown_ending_is_read_as_text(tmp_path: Path) -> None:
    f = tmp_path / "article.md"
    f.write_text("The minister said yes.", encoding="utf-8")
    [article] = read(f)
    assert isinstance(article, Article) and article.doc_id == "article"


def test_stdin_text_and_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"The coach said we won.")))
    [text] = read("-")
    assert isinstance(text, Article)
    assert (text.doc_id, text.text) == ("stdin", "The coach said we won.")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(page().encode())))
    [html] = read("-")
    assert isinstance(html, Article) and html.meta.title == "Ferry service resumes"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02")))
    [binary] = read("-")
    assert isinstance(binary, ReadFailure) and binary.name == "-"


def test_readers_stream_instead_of_reading_everything_first(tmp_path: Path) -> None:
    """Through a pipe: the second line is only written once the first article has come out,
    which can only happen if the reader yields before it has seen the whole input."""
    fifo = tmp_path / "live.jsonl"
    os.mkfifo(fifo)
    first_read = threading.Event()
    waited: list[bool] = []

    def writer() -> None:
        with fifo.open("w", encoding="utf-8") as out:
            out.write(json.dumps({"text": "The first report said little."}) + "\n")
            out.flush()
            waited.append(first_read.wait(timeout=10))
            out.write(json.dumps({"text": "The second report said more."}) + "\n")

    thread = threading.Thread(target=writer)
    thread.start()
    stream = read_inputs([fifo])
    first = next(stream)
    first_read.set()
    rest = list(stream)
    thread.join()
    assert isinstance(first, Article) and first.doc_id == "live:1"
    assert [a.doc_id for a in articles(rest)] == ["live:2"]
    assert waited == [True]
