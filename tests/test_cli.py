"""``reportedly analyze`` on good and bad input: output formats, order, stderr and exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportedly.cli import main
from reportedly.model import Analysis

SRC = Path(__file__).resolve().parents[1] / "src"

FERRY = "The harbour master said on Thursday that the ferry would run again."
BRIDGE = '"The bridge is safe," the engineer told reporters.'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["analyze", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def analyses_in(jsonl: str) -> list[Analysis]:
    found = [Analysis.from_json(line) for line in jsonl.splitlines()]
    for analysis in found:
        analysis.check_spans()
    return found


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A directory with good articles in three formats and three bad inputs."""
    root = tmp_path / "corpus"
    (root / "wire").mkdir(parents=True)
    (root / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (root / "wire" / "feed.jsonl").write_text(
        json.dumps({"id": "bridge", "text": BRIDGE}) + "\n{not json\n", encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    (root / "old.txt").write_bytes("The caf\xe9 owner said no.".encode("latin-1"))
    return root


def test_one_article_gives_one_json_object(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ferry.txt"
    f.write_text(FERRY, encoding="utf-8")
    code, out, err = run(capsys, str(f))
    assert code == 0, err
    analysis = Analysis.from_dict(json.loads(out))
    assert analysis.doc_id == "ferry" and analysis.text == FERRY
    analysis.check_spans()
    assert analysis.attributions  # the sentence reports what someone said


def test_directory_gives_jsonl_in_sorted_order_and_reports_bad_inputs(
        corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(corpus))
    assert code == 1
    assert [a.doc_id for a in analyses_in(out)] == ["ferry", "bridge"]
    assert [a.text for a in analyses_in(out)] == [FERRY, BRIDGE]
    assert f"{corpus / 'broken.txt'}: binary" in err
    assert f"{corpus / 'old.txt'}: not UTF-8" in err
    assert f"{corpus / 'wire' / 'feed.jsonl'} (line 2): invalid JSON" in err
    assert "3 inputs could not be read or analysed; 2 articles analysed" in err
    assert "analysing" not in err  # no progress bar when stderr is not a terminal


def test_several_files_with_format_json_give_an_array(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(FERRY, encoding="utf-8")
    b.write_text(BRIDGE, encoding="utf-8")
    code, out, _ = run(capsys, str(b), str(a), "--format", "json")
    assert code == 0
    assert [x["doc_id"] for x in json.loads(out)] == ["b", "a"]  # the order given


def test_jsonl_format_for_one_article(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ferry.txt"
    f.write_text(FERRY, encoding="utf-8")
    code, out, _ = run(capsys, str(f), "--format", "jsonl")
    assert code == 0
    assert len(out.splitlines()) == 1 and analyses_in(out)[0].doc_id == "ferry"


def test_text_format_prints_a_report_per_article(
        corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(corpus / "ferry.txt"), str(corpus / "wire"),
                       "--format", "text")
    assert code == 1  # the bad line in the JSONL file
    assert "== ferry ==" in out and "== bridge ==" in out
    assert out.index("== ferry ==") < out.index("== bridge ==")
    assert "ATTRIBUTIONS" in out
    assert "the engineer" in out and "told" in out


def test_output_file_is_written_whole_and_never_read_back(
        corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = corpus / "results.jsonl"
    for _ in range(2):  # the second run must not take the first run's output as input
        code, out, _ = run(capsys, str(corpus), "-o", str(target))
        assert code == 1 and out == ""
        assert [a.doc_id for a in analyses_in(target.read_text(encoding="utf-8"))] == \
            ["ferry", "bridge"]
    assert sorted(p.name for p in corpus.iterdir() if p.name.startswith(".")) == []


def test_unwritable_output_is_an_error(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ferry.txt"
    f.write_text(FERRY, encoding="utf-8")
    code, _, err = run(capsys, str(f), "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert code == 2 and "cannot write" in err


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(BRIDGE.encode())))
    code, out, _ = run(capsys, "-")
    assert code == 0
    assert json.loads(out)["doc_id"] == "stdin"


@pytest.mark.parametrize("make", ["missing", "empty-dir", "only-bad"])
def test_nothing_to_analyse_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  make: str) -> None:
    target = tmp_path / make
    if make == "empty-dir":
        target.mkdir()
    elif make == "only-bad":
        target = tmp_path / "empty.txt"
        target.write_text("   \n", encoding="utf-8")
    code, out, err = run(capsys, str(target))
    assert code == 1 and out == ""
    assert (str(target) in err) if make != "empty-dir" else ("no articles found" in err)


@pytest.mark.parametrize("argv", [[], ["x.txt", "--jobs", "0"], ["x.txt", "--format", "xml"]])
def test_usage_errors_exit_with_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", *argv])
    assert exit_.value.code == 2


@pytest.mark.parametrize("argv", [["analyze", "x.txt", "--jobs", "0"],
                                  ["analyze", "x.txt", "--threads", "two"],
                                  ["evaluate", "gold", "--limit", "-1"],
                                  ["serve", "--workers", "0"]])
def test_every_count_option_says_the_same_about_a_bad_count(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert f"a whole number of 1 or more, not {argv[-1]!r}" in capsys.readouterr().err


def test_python_dash_m_reportedly(tmp_path: Path) -> None:
    f = tmp_path / "bridge.txt"
    f.write_text(BRIDGE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])}
    ok = subprocess.run([sys.executable, "-m", "reportedly", "analyze", str(f)],
                        capture_output=True, text=True, env=env, check=False)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["doc_id"] == "bridge"
    bad = subprocess.run([sys.executable, "-m", "reportedly", "analyze", "--nonsense"],
                         capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 2 and "usage" in bad.stderr


def test_an_article_whose_analysis_fails_is_reported_and_the_rest_go_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    # The package exports the function ``analyze``; the module is reached by its full name.
    analyze_module = importlib.import_module("reportedly.analyze")
    real = analyze_module.extract_attributions

    def failing(parsed, *args):  # type: ignore[no-untyped-def]
        if "poison" in parsed.text:
            raise RuntimeError("extractor bug")
        return real(parsed, *args)

    monkeypatch.setattr(analyze_module, "extract_attributions", failing)
    (tmp_path / "a.txt").write_text(FERRY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("The poison was never found, the police said.",
                                    encoding="utf-8")
    (tmp_path / "c.txt").write_text(BRIDGE, encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path))
    assert code == 1
    assert [a.doc_id for a in analyses_in(out)] == ["a", "c"]
    assert "b: analysis failed: RuntimeError: extractor bug" in err


def test_named_files_bad_and_good_each_reported_and_the_good_ones_analysed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "ferry.txt"
    good.write_text(FERRY, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    latin = tmp_path / "old.txt"
    latin.write_bytes("Le maire a d\xe9clar\xe9 que tout va bien.".encode("latin-1"))
    binary = tmp_path / "scan.html"
    binary.write_bytes(b"<html>\x00\x00\xff\xfe")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "bridge", "text": BRIDGE}) + '\n{"id": "x", "text": 5}\n',
                    encoding="utf-8")
    missing = tmp_path / "gone.txt"
    code, out, err = run(capsys, str(missing), str(empty), str(good), str(latin), str(binary),
                         str(feed))
    assert code == 1
    assert [a.doc_id for a in analyses_in(out)] == ["ferry", "bridge"]
    assert f"{missing}: no such file or directory" in err
    assert f"{empty}: empty document" in err
    assert f"{latin}: not UTF-8" in err
    assert f"{binary}: binary file" in err
    assert f"{feed} (line 2):" in err
    assert "5 inputs could not be read or analysed; 2 articles analysed" in err


def test_progress_bar_on_a_terminal_for_many_articles(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(FERRY, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(capsys, str(tmp_path))
    assert code == 1
    assert [a.doc_id for a in analyses_in(out)] == ["a0", "a1", "a2"]
    assert "analysing" in err and "3 articles" in err  # the bar, on stderr only
    assert f"{tmp_path / 'bad.txt'}: binary" in err  # notes print above the bar
    assert "analysing" not in out
    # one article is no batch: no bar even on a terminal
    code, _, err = run(capsys, str(tmp_path / "a0.txt"))
    assert code == 0 and "analysing" not in err
