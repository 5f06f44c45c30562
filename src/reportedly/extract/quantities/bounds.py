"""Bounds: the one place the bound words around a figure are read ("at least 40", "about
$5m", "1,400 people or more"), from ``data/quantities/bounds.tsv``.

A range's bound is set where it is joined (:mod:`.ranges`). Other steps ask here about the bound
words, and read nothing of them themselves: :mod:`.not_figures` whether a limit is written
"under" or "over" ("people under 30" is an age), it and :mod:`.counted` where the word after a
"-plus" starts ("15-plus years", "40-plus workers")."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from reportedly.document import Parsed
from reportedly.extract.quantities import lexicon as lex
from reportedly.extract.quantities.figure import LOOK, Figure
from reportedly.extract.quantities.plurals import is_time_unit, over_is_a_span

# "under 30", "over 65": the bound words that, put on people, make the number an age
_AGE_LIMIT_WORDS = re.compile(r"(?:under|over|above|below)[ \u00a0]", re.IGNORECASE)


def read_bounds(parsed: Parsed, figures: list[Figure]) -> list[Figure]:
    return [read_bound(parsed.text, f) for f in figures]


@cache
def _bound_before_patterns() -> list[re.Pattern[str]]:
    """The pattern of each bound phrase written before a figure, compiled once."""
    return [re.compile(r"(?<![\w-])" + re.escape(phrase) + r"[ \u00a0]+$")
            for phrase, _ in lex.bound_phrases()["before"]]


def read_bound(text: str, fig: Figure) -> Figure:
    if fig.bound == "range":
        return fig
    phrases = lex.bound_phrases()
    window_start = max(0, fig.start - 40)
    before = text[window_start:fig.start].lower()
    for (phrase, bound), pattern in zip(phrases["before"], _bound_before_patterns(),
                                        strict=True):
        m = pattern.search(before)
        if m and phrase == "past" and re.search(r"\b(?:the|these|those|its|his|her|their|our)"
                                                r"[ \u00a0]+$", before[:m.start()]):
            continue  # "in the past nine elections", "these past eight years": an adjective
        if m and phrase == "over" and is_time_unit(fig.unit) and \
                over_is_a_span(before[:m.start()]):
            continue  # "$1bn over 10 years": a span of time, not "more than"
        if m and fig.bound == "at_least" and bound in ("approx", "exact"):
            continue  # "talking about hundreds of names": "hundreds of" keeps its own bound
        if m and (m.start() > 0 or window_start == 0 or not text[window_start - 1].isalnum()):
            fig = replace(fig, start=window_start + m.start(), bound=bound)
            break
    after = text[fig.end:fig.end + 40].lower()
    for phrase, bound in phrases["after"]:
        # "1,400 people or more": the bound may follow the counted noun
        glue = "" if phrase.startswith("-") else r"(?:[ \u00a0]+[a-z]+){0,2}?[ \u00a0]+"
        m = re.match(glue + re.escape(phrase) + r"\b", after)
        if m and fig.bound == "exact":
            return replace(fig, bound=bound)
    return fig


def is_age_limit_bound(text: str, fig: Figure) -> bool:
    """A lower or upper bound written "under", "over", "above" or "below" ("voters over 65"),
    not "more than" or "fewer than"."""
    return fig.bound in ("less_than", "more_than") and \
        _AGE_LIMIT_WORDS.match(text[fig.start:fig.num_start]) is not None


def past_plus(text: str, end: int) -> int:
    """Where the word after a figure ending at ``end`` starts: past a "-plus" written right
    after it ("40-plus workers"), else ``end``."""
    plus = re.match(r"-?plus\b", text[end:end + LOOK], re.IGNORECASE)
    return end + plus.end() if plus else end
