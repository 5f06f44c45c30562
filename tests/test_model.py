from __future__ import annotations

from dataclasses import replace

import pytest

from reportedly.model import (
    Analysis,
    Attribution,
    Cue,
    Diagnostic,
    Entity,
    Meta,
    Quantity,
    Source,
    Span,
    SpanMismatchError,
)

TEXT = "Jens Stoltenberg said that at least 103,000 soldiers died."


def sample() -> Analysis:
    name = Span.of(TEXT, 0, 16)
    return Analysis(
        doc_id="d1", text=TEXT,
        meta=Meta(title="T", outlet="X", extra={"author": "A"}),
        entities=(Entity("E1", "Jens Stoltenberg", "PERSON", ("Secretary General",),
                         ("Stoltenberg",), (name,)),),
        attributions=(Attribution("A1", "indirect", Span.of(TEXT, 27, 57),
                                  Source(0, 16, "Jens Stoltenberg", "E1"),
                                  Cue(17, 21, "said", "say"), "neutral"),),
        quantities=(Quantity("Q1", Span.of(TEXT, 27, 43), 103000, "person", None, "at_least",
                             "soldiers", "A1"),),
        diagnostics=(Diagnostic("x", Span.of(TEXT, 0, 4), "m", "j"),),
    )


def test_json_round_trip_is_lossless() -> None:
    a = sample()
    again = Analysis.from_json(a.to_json())
    assert again == a
    assert again.to_json() == a.to_json()
    assert again.to_dict()["meta"]["author"] == "A"


def test_span_of_cuts_its_text_and_rejects_bad_offsets() -> None:
    assert Span.of(TEXT, 5, 16).text == "Stoltenberg"
    with pytest.raises(SpanMismatchError):
        Span.of(TEXT, 5, 999)


def test_check_spans_catches_a_mismatch() -> None:
    sample().check_spans()
    bad = Analysis("d", TEXT, entities=(Entity("E1", "x", "PERSON",
                                                mentions=(Span(0, 4, "Jenz"),)),))
    with pytest.raises(SpanMismatchError, match="entity E1"):
        bad.check_spans()


def test_unknown_schema_version_is_refused() -> None:
    d = sample().to_dict()
    d["schema_version"] = 99
    with pytest.raises(ValueError, match="schema_version"):
        Analysis.from_dict(d)


def test_a_source_standing_for_an_unnamed_one_keeps_its_description() -> None:
    text = "A senior official said talks stalled. He added that they would resume."
    official = Span.of(text, 0, 17)
    he = Source(38, 40, "He", None, official)
    a = Analysis("d2", text, attributions=(
        Attribution("A1", "indirect", Span.of(text, 23, 36), Source(0, 17, official.text),
                    Cue(18, 22, "said", "say")),
        Attribution("A2", "indirect", Span.of(text, 47, 70), he, Cue(41, 46, "added", "add"))))
    a.check_spans()
    assert a.to_dict()["attributions"][1]["source"]["refers_to"] == \
        {"start": 0, "end": 17, "text": "A senior official"}
    assert a.to_dict()["attributions"][0]["source"]["refers_to"] is None
    assert Analysis.from_json(a.to_json()) == a
    bad = replace(a, attributions=(a.attributions[0], replace(
        a.attributions[1], source=replace(he, refers_to=Span(0, 17, "A senior officer")))))
    with pytest.raises(SpanMismatchError, match="A2 source refers to"):
        bad.check_spans()


def test_content_parts_round_trip_and_are_checked() -> None:
    text = "“Yes,” she said. “No.”"
    whole = Span.of(text, 0, len(text))
    pieces = (Span.of(text, 0, 6), Span.of(text, 17, len(text)))
    a = Attribution("A1", "direct", whole, content_parts=pieces)
    analysis = Analysis("d", text, attributions=(a,))
    back = Analysis.from_json(analysis.to_json())
    assert back == analysis and back.attributions[0].parts == pieces
    # One piece is the whole content: written out as such, read back as no split.
    one = Attribution("A1", "direct", whole)
    assert one.to_dict()["content_parts"] == [whole.to_dict()]
    assert Attribution.from_dict(one.to_dict()) == one
    bad = Analysis("d", text, attributions=(replace(a, content_parts=(Span(0, 6, "“Yez,”"),
                                                                      pieces[1])),))
    with pytest.raises(SpanMismatchError, match="content part"):
        bad.check_spans()
