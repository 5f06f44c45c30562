"""Content boundaries in agency syntax: appositions in a subject, parenthetical cues, datelines,
"according to" inside a quote, and a claim credited twice in one sentence."""

from __future__ import annotations

from reportedly import analyze

from .agency_support import only_by_source


def test_subject_with_an_apposition_keeps_the_whole_clause() -> None:
    text = ("Turkish imports of titanium, a metal used in jet engines, rose by 40% last year, "
            "according to trade data.\n")
    found = only_by_source(analyze(text), "trade data")
    assert found.content.text == ("Turkish imports of titanium, a metal used in jet engines, "
                                  "rose by 40% last year")


def test_parenthetical_cue_content_in_two_parts_without_the_connective() -> None:
    text = "The minister spoke for an hour. The agreement, he noted, could be signed in spring.\n"
    found = only_by_source(analyze(text), "he")
    assert [p.text for p in found.content_parts] == ["The agreement", "could be signed in spring"]
    text = "The talks went on. But, she added, the unions will be consulted next week.\n"
    found = only_by_source(analyze(text), "she")
    assert found.content.text == "the unions will be consulted next week"


def test_a_dateline_is_not_part_of_the_claim() -> None:
    text = ("TALLINN, 3 March (Balticwire) – Freight traffic through the port will fall by a "
            "fifth this year, according to the forecast of the port authority.\n")
    analysis = analyze(text)
    analysis.check_spans()
    found = [a for a in analysis.attributions if a.source and "port authority" in a.source.text]
    assert [a.content.text[:15] for a in found] == ["Freight traffic"]


def test_according_to_inside_a_quote_does_not_take_the_quote() -> None:
    text = ('Most residents support the plan. "Support has grown by 6 points, according to our '
            'data. People trust it," pollster Anna Kivi said.\n')
    analysis = analyze(text)
    analysis.check_spans()
    quote = text[text.index('"'):text.index(',"') + 2]
    owners = [a for a in analysis.attributions if a.content.text == quote]
    assert [a.source.text for a in owners if a.source] == ["pollster Anna Kivi"]


def test_credited_twice_in_one_sentence_runs_through_the_first_source() -> None:
    text = ("Trust in the cabinet has fallen to 21%, its lowest in a decade, according to a "
            "survey by Baltpoll, the broadcaster LRT reported.\n")
    outer = only_by_source(analyze(text), "the broadcaster LRT")
    assert outer.content.text.endswith("according to a survey by Baltpoll")
    assert outer.content.start == 0
