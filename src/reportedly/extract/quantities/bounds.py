"""Bounds: the one place the bound words around a figure are read ("at least 40", "about
$5m", "1,400 people or more"), from ``data/quantities/bounds.tsv``.

A range's bound is set where it is joined (:mod:`.ranges`). The bound read here decides, in
:mod:`.not_figures`, two things that are not figures: "people under 30" is an age, and only an
exact "100 percent" can be emphasis."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from reportedly.extract import Parsed
from reportedly.extract.quantities import lexicon as lex
from reportedly.extract.quantities.figure import Figure


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
        if m and phrase == "past" and re.search(r"\bthe[ \u00a0]+$", before[:m.start()]):
            continue  # "in the past nine elections": "past" is an adjective here
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
