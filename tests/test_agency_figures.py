"""Figures as agency copy and its translations write them: plural scale words after a number
(flagged as a translation artefact), durations, and vague plurals ("hundreds of")."""

from __future__ import annotations

import pytest

from reportedly.analyze import analyze
from reportedly.model import Analysis, Quantity


def analysed(text: str) -> Analysis:
    analysis = analyze(text, use_tagger=False)
    analysis.check_spans()
    return analysis


def figures(text: str) -> list[Quantity]:
    return list(analysed(text).quantities)


def read(text: str) -> list[tuple[str, float, str | None, str]]:
    return [(q.span.text, q.value, q.unit, q.bound) for q in figures(text)]


# -- plural scale words after a number: a translation's wording -----------------------------

@pytest.mark.parametrize(("text", "span", "value", "currency", "wording"), [
    ("Grain sales abroad brought in twelve U.S. billions this season.",
     "twelve U.S. billions", 12_000_000_000, "USD", "U.S. billions"),
    ("The lender approved two and a half U.S. billions for the highway.",
     "two and a half U.S. billions", 2_500_000_000, "USD", "U.S. billions"),
    ("The region attracted three hundred US millions in investment.",
     "three hundred US millions", 300_000_000, "USD", "US millions"),
    ("The budget set aside 7 billions rubles for schools.",
     "7 billions rubles", 7_000_000_000, "RUB", "billions"),
    ("The mill ground a dozen hundreds of tonnes of flour.",
     "a dozen hundreds", 1200, None, "hundreds"),
])
def test_plural_scale_after_a_number_is_read_and_flagged(
        text: str, span: str, value: int, currency: str | None, wording: str) -> None:
    analysis = analysed(text)
    [q] = analysis.quantities
    assert (q.span.text, q.value, q.currency) == (span, value, currency)
    flagged = [d for d in analysis.diagnostics if d.kind == "mt_plural_scale"]
    assert [d.span.text for d in flagged] == [wording]
    assert q.span.start <= flagged[0].span.start and flagged[0].span.end <= q.span.end


def test_a_scale_in_the_singular_is_not_flagged() -> None:
    for text in ("Grain sales abroad brought in twelve billion dollars this season.",
                 "About one and a half thousand workers went on strike."):
        assert not [d for d in analysed(text).diagnostics if d.kind == "mt_plural_scale"]
    [q] = figures("About one and a half thousand workers went on strike.")
    assert (q.value, q.unit, q.bound) == (1500, "person", "approx")


# -- durations ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "unit"), [
    ("The blockade of the harbour lasted 870 days.", 870, "day"),
    ("Inspectors will return in three weeks.", 3, "week"),
    ("Construction of the bridge took eight months.", 8, "month"),
    ("The journalist was jailed for four years.", 4, "year"),
    ("The cosmonaut spent one year aboard the station.", 1, "year"),
])
def test_durations_are_figures(text: str, value: int, unit: str) -> None:
    [q] = figures(text)
    assert (q.value, q.unit, q.bound) == (value, unit, "exact")
    assert q.measure is not None


@pytest.mark.parametrize("text", [
    "A few days ago the delegation left for the capital.",
    "In recent years the port has doubled its traffic.",
    "Last week the council met in closed session.",
    "On the first day of the summit the leaders met alone.",
    "The region has lived through years of war.",
    "The mayor, 63 years old, opened the bridge.",
    "The treaty was signed four years ago.",
    "In 2021 year the plant doubled its output.",
    "Officials announced a 90-day moratorium on exports.",
    "The parties agreed a two-week truce.",
    "The talks lasted 11 hours.",
])
def test_what_is_not_a_duration_figure(text: str) -> None:
    assert figures(text) == []


def test_over_a_duration_is_a_span_or_a_bound() -> None:
    # "over" after a figure or a verb of change spans the time; after "for", "lasted" it bounds
    assert read("The fund will pay out $3 billion over five years.")[-1] == \
        ("five years", 5, "year", "exact")
    assert read("The dispute has lasted over six years.") == \
        [("over six years", 6, "year", "more_than")]


def test_a_range_of_durations() -> None:
    assert [(q.value, q.value_max, q.unit, q.bound)
            for q in figures("The works will take three to four weeks.")] == \
        [(3, 4, "week", "range")]


# -- "a dozen", "dozens of", "hundreds of" -------------------------------------------------

@pytest.mark.parametrize(("text", "span", "value", "bound", "unit"), [
    ("Dozens of trucks queued at the checkpoint.", "Dozens", 24, "at_least", None),
    ("Hundreds of pensioners signed the letter.", "Hundreds", 200, "at_least", "person"),
    ("Thousands of fans greeted the team.", "Thousands", 2000, "at_least", "person"),
    ("Tens of thousands of refugees reached the border.", "Tens of thousands", 20_000,
     "at_least", "person"),
    ("Hundreds of thousands of households lost heating.", "Hundreds of thousands", 200_000,
     "at_least", None),
    ("Billions of dollars were spent on the dam.", "Billions of dollars", 2_000_000_000,
     "at_least", "usd"),
    ("A dozen of sailors were rescued.", "A dozen", 12, "exact", "person"),
    ("Nearly a dozen soldiers were wounded.", "Nearly a dozen", 12, "approx", "person"),
])
def test_dozens_and_hundreds(text: str, span: str, value: int, bound: str,
                             unit: str | None) -> None:
    [q] = figures(text)
    assert (q.span.text, q.value, q.bound, q.unit) == (span, value, bound, unit)


@pytest.mark.parametrize("text", [
    "The toll rose, with dozens still unaccounted for.",  # no "of": what is counted is unsaid
    "Hundreds gathered outside.",
    "He counted in tens.",
])
def test_a_plural_scale_without_of_is_no_figure(text: str) -> None:
    assert figures(text) == []


def test_output_is_the_same_with_the_tagger() -> None:
    text = "The envoy said trade reached fifteen U.S. billions after 900 days of talks."
    assert analyze(text).quantities == analysed(text).quantities


def test_past_after_a_determiner_is_no_bound() -> None:
    assert read("Exports doubled over these past eight years.") == \
        [("eight years", 8, "year", "exact")]


def test_what_a_plural_scale_counts_is_no_whole() -> None:
    analysis = analysed("The minister blamed thousands of $9-an-hour clerks.")
    first = analysis.quantities[0]
    assert (first.span.text, first.bound) == ("thousands", "at_least")
    assert not [d for d in analysis.diagnostics if d.kind == "part_exceeds_whole"]


def test_two_or_three_years_is_read_at_its_far_end() -> None:
    # as before durations were figures: the near end of "two or three years" is not read alone
    assert read("Shortages will slow growth over the next four or five years.") == \
        [("five years", 5, "year", "exact")]


def test_about_before_hundreds_of_is_a_preposition() -> None:
    assert read("The envoy spoke about hundreds of stalled contracts.") == \
        [("hundreds", 200, None, "at_least")]


def test_durations_once_listed_as_no_figures() -> None:
    assert read("The siege has lasted 100-plus days.") == [("100", 100, "day", "more_than")]
    assert read("They have waited nearly four, five years for a verdict.") == \
        [("five years", 5, "year", "exact")]
    assert read("Repairs will take two to three weeks.") == \
        [("two to three weeks", 2, "week", "range")]
