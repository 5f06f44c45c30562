"""Cue stance comes from the reporting-verb lexicon file, not from code."""

from __future__ import annotations

import re

import pytest

from reportedly import analyze
from reportedly import reporting_verbs as stance
from reportedly.lexicons import data_text, tsv_rows


def documented_stances() -> set[str]:
    """The stances the lexicon's header explains: the block of ``# name  what it signals``
    lines under ``# stance``, up to the first blank comment line."""
    header = [ln for ln in data_text(stance.LEXICON).splitlines() if ln.startswith("#")]
    start = next(i for i, ln in enumerate(header) if re.match(r"#\s+stance\s{2,}what", ln)) + 1
    found = set()
    for ln in header[start:]:
        m = re.match(r"#\s([a-z]+)\s+\S", ln)
        if m is None:
            break
        found.add(m.group(1))
    return found


def test_every_lexicon_row_has_a_documented_stance_kind_and_frame() -> None:
    rows = tsv_rows(stance.LEXICON)
    assert len(rows) > 100
    allowed = documented_stances()
    assert {"neutral", "distancing", "conceding", "denying"} <= allowed
    lemmas = [r["lemma"] for r in rows]
    assert len(lemmas) == len(set(lemmas)), "a lemma is listed twice"
    for row in rows:
        assert row["stance"] in allowed, row
        assert row["kind"] in {"speech", "belief", "report", "position", "intention"}, row
        assert (row.get("frames") or "any") in {"any", "clause", "none"}, row


def test_stance_of_reads_the_lexicon_row() -> None:
    for row in tsv_rows(stance.LEXICON):
        assert stance.stance_of(row["lemma"]) == row["stance"], row["lemma"]
    assert stance.stance_of("warn against") == stance.stance_of("warn")
    assert stance.stance_of("according to") == "neutral"
    assert stance.stance_of(None) is None


def test_editing_the_lexicon_changes_the_stance(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = tuple({**r, "stance": "tentative"} if r["lemma"] == "say" else r
                 for r in tsv_rows(stance.LEXICON))
    monkeypatch.setattr(stance, "tsv_rows", lambda name: rows if name == stance.LEXICON
                        else tsv_rows(name))
    stance.reporting_verbs.cache_clear()
    try:
        assert stance.stance_of("say") == "tentative"
    finally:
        monkeypatch.undo()
        stance.reporting_verbs.cache_clear()
    assert stance.stance_of("say") == "neutral"


def test_every_cue_in_an_analysis_carries_its_lexicon_stance() -> None:
    text = ("The harbour authority conceded that two cranes had failed. Its director, Ilse "
            "Maartens, rejected calls to resign. \u201cWe acted quickly,\u201d she insisted. "
            "Dock workers alleged that warnings had been ignored for months.")
    analysis = analyze(text)
    by_cue = {a.cue.text: a for a in analysis.attributions if a.cue}
    assert {"conceded", "rejected", "insisted", "alleged"} <= set(by_cue)
    for a in by_cue.values():
        assert a.stance == stance.stance_of(a.cue.lemma), a
    assert by_cue["conceded"].stance == "conceding"
    assert by_cue["rejected"].stance == "denying"
    assert by_cue["alleged"].stance == "distancing"
