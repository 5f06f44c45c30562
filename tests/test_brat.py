"""The one BRAT reader: what evaluation scores and what training learns come from one reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.brat import BratFormatError, annotation_files, read_ann
from reportedly.evaluate.attributions.gold import read_gold_attributions
from reportedly.tagger.labels import gold_spans

TEXT = '"We will rebuild," the mayor said. Officials believe the work is\nnearly done.'


def span(part: str) -> str:
    start = TEXT.index(part)
    return f"{start} {start + len(part)}"


def write_ann(path: Path) -> Path:
    quote = '"We will rebuild,"'
    lines = [f"T1\tContent {span(quote)}\t{quote}",
             f"T2\tSource {span('the mayor')}\tthe mayor",
             f"T3\tCue {span('said')}\tsaid",
             f"T4\tAttribution {span('said')}\tsaid",
             "E1\tAttribution:T4 Content:T1 Source:T2 Cue:T3",
             f"T5\tSource {span('Officials')}\tOfficials",
             f"T6\tCue {span('believe')}\tbelieve",
             f"T7\tContent {span('the work is')};{span('nearly done')}\tthe work is\nnearly done",
             f"T8\tAttribution {span('believe')}\tbelieve",
             "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
             "#1\tAnnotatorNotes T1\ta note"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_evaluation_and_training_read_the_same_spans(tmp_path: Path) -> None:
    ann = write_ann(tmp_path / "story_a.ann")
    attributions, unscored = read_gold_attributions(ann, TEXT)
    learned = gold_spans(read_ann(ann, len(TEXT)))
    assert unscored == 0
    scored = {(role, tuple((f.start, f.end) for f in fragments))
              for a in attributions
              for role, fragments in (("CONTENT", a.content), ("SOURCE", a.source),
                                      ("CUE", a.cue))}
    assert scored == {(s.role, s.fragments) for s in learned}
    assert len(learned) == 6  # the Attribution trigger spans are not learned
    for s in learned:
        assert all(TEXT[a:b].strip() for a, b in s.fragments)


def test_a_span_past_the_text_is_refused_with_the_file_and_line(tmp_path: Path) -> None:
    ann = write_ann(tmp_path / "story_a.ann")
    with pytest.raises(BratFormatError, match=r"story_a\.ann:1: span .* outside the text"):
        read_ann(ann, 10)
    assert len(read_ann(ann).spans) == 8  # without the text's length nothing is checked


def test_annotation_files_group_annotators_by_article(tmp_path: Path) -> None:
    for name in ("b_2020_x_zz.ann", "b_2020_x_aa.ann", "a_1_k.ann", "noannotator.ann"):
        (tmp_path / name).write_text("", encoding="utf-8")
    files = annotation_files(tmp_path)
    assert list(files) == ["a_1", "b_2020_x"]
    assert [p.name for p in files["b_2020_x"]] == ["b_2020_x_aa.ann", "b_2020_x_zz.ann"]
