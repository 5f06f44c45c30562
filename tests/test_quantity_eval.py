"""The quantity evaluation: matching, scoring, the gold sets and the command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from reportedly.cli import main
from reportedly.evaluate.quantities import (
    Figure,
    GoldSentence,
    Scores,
    agrees,
    default_gold_path,
    heldout_gold_path,
    load_gold,
    match,
    score,
)
from reportedly.model import BOUNDS

HELDOUT = heldout_gold_path()


def test_agreement_levels() -> None:
    gold = Figure(10, 20, 400.0, "km2", "exact")
    assert agrees(gold, Figure(15, 25, 400.0, "km2", "exact"), "value+unit+bound")
    assert agrees(gold, Figure(10, 20, 400.0, None, "exact"), "value")
    assert not agrees(gold, Figure(10, 20, 400.0, None, "exact"), "value+unit")
    assert not agrees(gold, Figure(10, 20, 400.0, "km2", "approx"), "value+unit+bound")
    assert not agrees(gold, Figure(20, 30, 400.0, "km2", "exact"), "value")  # no overlap
    assert not agrees(gold, Figure(10, 20, 401.0, "km2", "exact"), "value")
    ranged = Figure(0, 5, 5.0, "percent", "range", 7.0)
    assert not agrees(ranged, Figure(0, 5, 5.0, "percent", "range", 8.0), "value+unit+bound")


def test_matching_is_one_to_one() -> None:
    gold = [Figure(0, 3, 5.0), Figure(10, 13, 5.0)]
    tp, missed, spurious = match(gold, [Figure(0, 13, 5.0)], "value")
    assert (tp, len(missed), len(spurious)) == (1, 1, 0)


def test_scores() -> None:
    s = Scores(tp=8, fp=2, fn=8)
    assert (s.precision, s.recall) == (0.8, 0.5)
    assert s.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert Scores().f1 == 0.0
    sentences = [GoldSentence("a", "x", (Figure(0, 1, 1.0, None),)),
                 GoldSentence("b", "y", ())]
    result = score(sentences, [[Figure(0, 1, 1.0, "km")], [Figure(0, 1, 2.0)]], "sys")
    assert result.scores["value"].tp == 1 and result.scores["value"].fp == 1
    assert result.scores["value+unit"].tp == 0 and result.scores["value+unit"].fn == 1


@pytest.mark.parametrize("path", [default_gold_path(), HELDOUT])
def test_gold_sets_are_well_formed(path: Path) -> None:
    gold = load_gold(path)  # raises when a span does not select its text
    for s in gold:
        for f in s.figures:
            assert f.bound in BOUNDS
            assert (f.value_max is not None) == (f.bound == "range")


def test_gold_covers_every_construction() -> None:
    gold = load_gold()
    assert len(gold) >= 150
    figures = [f for s in gold for f in s.figures]
    bounds = Counter(f.bound for f in figures)
    assert all(bounds[b] >= 3 for b in BOUNDS)
    units = Counter(f.unit for f in figures)
    for unit in ("person", "percent", "km2", "km", "kg", "t", "fraction", "eur", "usd", "gbp",
                 "rub", "uah", "jpy", "cny", "chf"):
        assert units[unit] >= 1, unit
    texts = [f.text for f in figures]
    assert any("'" in t for t in texts) and any(" 000" in t for t in texts)  # separators
    assert any(t.endswith(("bn", "m", "mn")) for t in texts)  # glued scales
    assert any(t.split()[0].isalpha() and t[0].isupper() for t in texts)  # number words
    assert sum(1 for s in gold if not s.figures) >= 20  # dates, times, ages, ordinals, years


def test_command_prints_both_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("quantulum3")
    gold = tmp_path / "gold.jsonl"
    text = "Rescuers found 12 survivors and 3 tonnes of supplies."
    rows = [{"id": "t1", "text": text, "figures": [
        {"start": 15, "end": 17, "span": "12", "value": 12, "unit": "person",
         "currency": None, "bound": "exact", "value_max": None},
        {"start": 32, "end": 40, "span": "3 tonnes", "value": 3, "unit": "t",
         "currency": None, "bound": "exact", "value_max": None}]}]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["evaluate-quantities", str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["systems"]) == {"reportedly", "quantulum3"}
    assert report["systems"]["reportedly"]["value+unit+bound"]["f1"] == 1.0
    # quantulum3 has no notion of people: it gets the tonnes, not the survivors' unit
    assert report["systems"]["quantulum3"]["value+unit"]["tp"] == 1


@pytest.mark.slow
@pytest.mark.parametrize("which", [[], ["--heldout"]])
def test_f1_on_gold_sets(which: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate-quantities", *which, "--system", "reportedly", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    expected = load_gold(HELDOUT if which else None)
    assert report["sentences"] == len(expected)
    assert report["systems"]["reportedly"]["value+unit+bound"]["f1"] >= 0.90


def test_gold_file_and_heldout_are_exclusive(tmp_path: Path) -> None:
    assert main(["evaluate-quantities", str(tmp_path / "g.jsonl"), "--heldout"]) == 2
