"""Statement lists with no cue: each paragraph under "IN BRIEF: X talks to reporters" or
"Below are X's key statements:" is one statement of X's, until the list visibly ends."""

from __future__ import annotations

from reportedly import analyze
from reportedly.model import Attribution

BRIEF = """IN BRIEF: Finance Minister Olga Teremova talks to reporters about budget, taxes and bonds

VILNIUS, June 2. Finance Minister of Lithuania Olga Teremova answered questions from \
journalists after the cabinet meeting on Monday.

The budget deficit will stay below three percent of the economy next year.

"We will not raise the value added tax. Families have carried enough."

The ministry will place the first green bonds on the market before the end of the summer.

"The auditors found no violations," the minister added.

"Nobody should doubt our figures."

Read also: Parliament to debate pension reform in autumn

Opposition leader Marius Kalnas said the plan was unrealistic.
"""

KEY = """Pilots union warns of summer strikes

RIGA. The head of the pilots union, Janis Berzkalns, met the press on Tuesday.

Below are Berzkalns's key statements:

The airline owes its pilots overtime pay for eleven months.

"We do not want a strike. But we are ready for one."

Transport minister Edgars Liepa said later that the government would not interfere.

Salaries at the airline are a third lower than in Estonia.
"""


def _statements(text: str, source: str) -> list[Attribution]:
    analysis = analyze(text)
    analysis.check_spans()
    return [a for a in analysis.attributions if a.source and a.source.text == source]


def test_in_brief_paragraphs_are_statements_of_the_speaker_in_the_dateline() -> None:
    found = _statements(BRIEF, "Finance Minister of Lithuania Olga Teremova")
    contents = [a.content.text for a in found]
    assert contents == [
        "The budget deficit will stay below three percent of the economy next year",
        "\"We will not raise the value added tax. Families have carried enough.\"",
        "The ministry will place the first green bonds on the market before the end of the "
        "summer",
        "\"Nobody should doubt our figures.\""]
    assert [a.type for a in found] == ["indirect", "direct", "indirect", "direct"]
    assert all(a.cue is None for a in found)


def test_the_list_keeps_a_framed_paragraph_and_ends_at_furniture() -> None:
    analysis = analyze(BRIEF)
    by_content = {a.content.text: a for a in analysis.attributions}
    framed = by_content["\"The auditors found no violations,\""]
    assert framed.cue is not None and framed.source is not None \
        and framed.source.text == "the minister"
    assert not any("Parliament" in a.content.text for a in analysis.attributions)
    # The writer's paragraph after the list keeps its own speaker.
    opposition = [a for a in analysis.attributions if "unrealistic" in a.content.text]
    assert opposition and opposition[0].source is not None \
        and opposition[0].source.text == "Opposition leader Marius Kalnas"
    # The lead line is no attribution.
    assert not any(a.content.start < BRIEF.index("\n") for a in analysis.attributions)


def test_key_statements_list_ends_at_a_paragraph_with_another_speaker() -> None:
    found = _statements(KEY, "Berzkalns")
    assert [a.content.text for a in found] == [
        "The airline owes its pilots overtime pay for eleven months",
        "\"We do not want a strike. But we are ready for one.\""]
    assert not any("a third lower" in a.content.text and a.source
                   and a.source.text == "Berzkalns" for a in analyze(KEY).attributions)
