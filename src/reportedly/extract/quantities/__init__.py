"""Quantities: value, unit, currency, bound and measure of every figure, linked to its source.

A figure is found in three steps. The text is scanned for numbers (digits in several separator
conventions, or number words) and what is written around them (currency symbols and codes, scale
words, units, bound words; a duration in days, weeks, months or years is a figure, and plural
scale words are read as :mod:`.plurals` says); numbers that are dates, times, ages, durations in
hours or decades, ordinals, years or identifiers are dropped. Neighbouring figures are then
read together: ranges (``5-7%``, ``between 5 and 7 percent``) and pairs that share a unit left
out of one of them (``400 km² out of more than 100,000``). Last, the parse says what each figure
counts (``measure``) and whether a count is of people, and the attributions say who gave it.

After the scan, every step is a stage ``stage(parsed, figures) -> figures``; :data:`STAGES` lists
them in the order they run. The checks over the finished figures are :mod:`.checks`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportedly.document import Parsed
from reportedly.extract.quantities.bounds import read_bounds
from reportedly.extract.quantities.checks import check_quantities
from reportedly.extract.quantities.counted import carry_units, find_counted_nouns
from reportedly.extract.quantities.figure import Figure, as_number
from reportedly.extract.quantities.holders import Holders
from reportedly.extract.quantities.measures import read_measures
from reportedly.extract.quantities.not_figures import drop_non_figures, drop_times_and_names
from reportedly.extract.quantities.ranges import join_ranges
from reportedly.extract.quantities.scan import scan
from reportedly.model import Attribution, Quantity

__all__ = ["STAGES", "Stage", "check_quantities", "extract_quantities"]

Stage = Callable[[Parsed, list[Figure]], list[Figure]]

STAGES: tuple[Stage, ...] = (
    drop_times_and_names,  # a number in a TIME entity or in a name ("Fortune 500") is no figure
    join_ranges,           # "5-7%", "between 5 and 7", "one in four": two numbers, one figure
    read_bounds,           # "at least", "about", "or more": the bound words around each figure
    find_counted_nouns,    # what a bare figure counts, and whether it counts people
    drop_non_figures,      # the parse shows a pronoun, list marker, age or intensifier
    carry_units,           # a unit left out of one of a pair: "400 km² out of 100,000"
    read_measures,         # what each figure measures ("drones shot", "money")
)


def extract_quantities(parsed: Parsed, attributions: Sequence[Attribution]) -> list[Quantity]:
    """Every figure in the article, linked (``attribution_id``) to the attribution holding it."""
    figures = scan(parsed.text)
    for stage in STAGES:
        figures = stage(parsed, figures)
    holders = Holders(attributions)
    quantities = []
    for k, fig in enumerate(figures):
        quantities.append(Quantity(
            id=f"Q{k + 1}", span=parsed.span(fig.start, fig.end), value=as_number(fig.value),
            unit=fig.unit, currency=fig.currency, bound=fig.bound, measure=fig.measure,
            attribution_id=holders.holder(fig),
            value_max=None if fig.value_max is None else as_number(fig.value_max)))
    return quantities
