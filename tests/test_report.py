"""The text report, on Analyses built by hand (independent of what the extractors find)."""

from __future__ import annotations

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
)
from reportedly.report import format_report

TEXT = ('"We will rebuild every school before the winter comes, whatever it costs," Mayor Ana '
        'Reyes said on Tuesday. She insisted that the cost, about 4 million euros, was fair. '
        'Some residents told the radio that they doubted it. The plan is a "fantasy". '
        'the council Claimed that 12 to 15 schools were damaged.')


def span(fragment: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(fragment, start + 1)
    return Span.of(TEXT, start, start + len(fragment))


def source(fragment: str, entity_id: str | None) -> Source:
    s = span(fragment)
    return Source(s.start, s.end, s.text, entity_id)


def cue(fragment: str, lemma: str) -> Cue:
    s = span(fragment)
    return Cue(s.start, s.end, s.text, lemma)


def build() -> Analysis:
    reyes = Entity("E1", "Ana Reyes", "PERSON", titles=("Mayor",), aliases=("Reyes",),
                   mentions=(span("Ana Reyes"),))
    council = Entity("E2", "the council", "ORG", mentions=(span("the council"),))
    quote = span('"We will rebuild every school before the winter comes, whatever it costs,"')
    attributions = (
        Attribution("A1", "direct", quote, source("Mayor Ana Reyes", "E1"), cue("said", "say"),
                    "neutral", (quote,)),
        Attribution("A2", "indirect", span("that the cost, about 4 million euros, was fair"),
                    source("She", "E1"), cue("insisted", "insist"), "distancing"),
        Attribution("A3", "indirect", span("that they doubted it"),
                    source("Some residents", None), cue("told", "tell"), "neutral"),
        Attribution("A4", "partial", span('"fantasy"'), None, None, None,
                    (span('"fantasy"'),)),
        Attribution("A5", "indirect", span("that 12 to 15 schools were damaged"),
                    source("the council", "E2"), cue("Claimed", "claim"), "distancing"),
    )
    quantities = (
        Quantity("Q1", span("about 4 million euros"), 4_000_000.0, "eur", "EUR", "approx",
                 "the cost", "A2"),
        Quantity("Q2", span("12 to 15 schools"), 12, "school", None, "range",
                 "schools damaged", "A5", value_max=15),
    )
    diagnostics = (
        Diagnostic("mt_capitalised_after_quote", span("Claimed"),
                   "capitalised word straight after a quote", repair="claimed"),
        Diagnostic("sentence_fragment", span("The plan is a"), "a fragment"),
    )
    return Analysis("school-plan", TEXT,
                    Meta(title="Mayor promises new schools", outlet="Valley Post",
                         published="2023-10-03"),
                    entities=(reyes, council), attributions=attributions,
                    quantities=quantities, diagnostics=diagnostics)


def section(report: str, heading: str) -> str:
    """The block of the report under ``heading``, up to the next blank line."""
    rest = report[report.index(heading):]
    return rest.split("\n\n", 1)[0]


def flat(text: str) -> str:
    """The report with line breaks and indentation undone, to look for wrapped text."""
    return " ".join(text.split())


def test_header_names_the_article_and_its_metadata() -> None:
    report = format_report(build())
    header = report.split("\n\n")[0]
    assert "school-plan" in header
    assert "Mayor promises new schools" in header
    assert "Valley Post" in header and "2023-10-03" in header
    assert "5 attributions" in header and "2 figures" in header


def test_attributions_are_grouped_under_their_entity() -> None:
    report = format_report(build())
    reyes = section(report, "Ana Reyes")
    council = section(report, "the council (ORG")
    # both of the mayor's statements, under whichever mention, sit under her name
    assert "A1" in reyes and "A2" in reyes and "A5" not in reyes
    assert "'Mayor Ana Reyes'" in reyes and "'She'" in reyes
    assert "A5" in council and "A1" not in council
    heading = next(line for line in report.splitlines() if line.startswith("Ana Reyes"))
    assert "PERSON" in heading and "Mayor" in heading and "Reyes" in heading
    assert "2 statements" in heading


def test_each_attribution_shows_type_cue_stance_and_exact_content() -> None:
    analysis = build()
    report = format_report(analysis)
    lines = report.splitlines()
    a2 = next(line for line in lines if line.strip().startswith("A2 "))
    assert "indirect" in a2 and "insisted" in a2 and "insist" in a2 and "distancing" in a2
    for attribution in analysis.attributions:
        assert flat(attribution.content.text) in flat(report)
        assert f"[{attribution.content.start}:{attribution.content.end}]" in report


def test_unlinked_and_sourceless_statements_have_their_own_sections() -> None:
    report = format_report(build())
    unlinked = section(report, "Some residents (not linked to an entity)")
    sourceless = section(report, "No source named")
    assert "A3" in unlinked and "'Some residents'" in unlinked and "A4" not in unlinked
    assert "A4" in sourceless and "no cue word" in sourceless
    assert report.index("Some residents (not") > report.index("the council (ORG")
    assert report.index("No source named") > report.index("Some residents (not")


def test_sources_without_entity_are_grouped_by_their_words() -> None:
    text = "The coach said they won. Fans cheered. the coach said it was easy."
    first, second = (Span.of(text, i, i + 9) for i in (0, 39))
    said = [text.index("said"), text.index("said", 30)]
    analysis = Analysis("match", text, attributions=tuple(
        Attribution(f"A{n + 1}", "indirect",
                    Span.of(text, said[n] + 5, text.index(".", said[n])),
                    Source(s.start, s.end, s.text), Cue(said[n], said[n] + 4, "said", "say"),
                    "neutral")
        for n, s in enumerate((first, second))))
    analysis.check_spans()
    report = format_report(analysis)
    group = section(report, "The coach (not linked to an entity): 2 statements")
    assert "A1" in group and "A2" in group and "'the coach'" in group


def test_figures_show_value_unit_bound_measure_and_source() -> None:
    figures = section(format_report(build()), "FIGURES")
    q1, q2 = figures.split("Q2")
    assert "4,000,000 eur (about)" in q1  # the currency not said twice
    assert "the cost" in q1 and "Ana Reyes (A2)" in q1
    assert "12 to 15" in q2 and "school" in q2 and "range" in q2
    assert "the council (A5)" in q2


def test_diagnostics_show_kind_span_message_and_repair() -> None:
    analysis = build()
    diagnostics = section(format_report(analysis), "DIAGNOSTICS")
    claimed = analysis.diagnostics[0].span
    assert f"mt_capitalised_after_quote at [{claimed.start}:{claimed.end}] 'Claimed'" \
        in diagnostics
    assert "'claimed'" in diagnostics
    assert "sentence_fragment" in diagnostics and "a fragment" in diagnostics


@pytest.mark.parametrize("width", [40, 60, 88])
def test_lines_fit_the_width_unless_a_single_word_is_longer(width: int) -> None:
    report = format_report(build(), width=width)
    for line in report.splitlines():
        assert len(line) <= width or " " not in line.strip(), line
    assert flat(build().attributions[0].content.text) in flat(report)


def test_empty_analysis_says_so_and_skips_empty_sections() -> None:
    report = format_report(Analysis("nothing", "The weather was fine."))
    assert "(none found)" in report
    assert "FIGURES" not in report and "DIAGNOSTICS" not in report
    assert report.endswith("\n")


def test_a_pronoun_for_an_unnamed_source_is_grouped_with_its_description() -> None:
    text = ("A senior official said the talks had stalled. He added that they would resume. "
            "The plan was a \"fantasy\".")
    official = Span.of(text, 0, 17)
    he = text.index("He")
    added, said = text.index("added"), text.index("said")
    fantasy = Span.of(text, text.index('"fantasy"'), text.index('"fantasy"') + 9)
    analysis = Analysis("talks", text, attributions=(
        Attribution("A1", "indirect", Span.of(text, said + 5, text.index(".")),
                    Source(0, 17, official.text), Cue(said, said + 4, "said", "say"),
                    "neutral"),
        Attribution("A2", "indirect", Span.of(text, added + 6, text.index(".", added)),
                    Source(he, he + 2, "He", None, official),
                    Cue(added, added + 5, "added", "add"), "neutral"),
        Attribution("A3", "partial", fantasy, None, None, None, (fantasy,))))
    analysis.check_spans()
    report = format_report(analysis)
    group = section(report, "A senior official (not linked to an entity): 2 statements")
    assert "A1" in group and "A2" in group and "A3" not in group
    assert f"'He' [{he}:{he + 2}], standing for 'A senior official' [0:17]" in flat(group)
    assert "A3" in section(report, "No source named")
