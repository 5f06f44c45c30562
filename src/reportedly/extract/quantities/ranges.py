"""Ranges and rates: two neighbouring numbers read as one figure ("5-7%", "between 5 and 7
percent", "one in four")."""

from __future__ import annotations

import re
from typing import Literal

from reportedly.document import Parsed
from reportedly.extract.quantities import lexicon as lex
from reportedly.extract.quantities.figure import FRACTION_UNIT, LOOK, Figure

_RANGE_GAP = re.compile(r"^\s*(?:[-–—]|to|and)\s*$", re.IGNORECASE)
# "one in four", "1 in 10", "one of every nine", "two out of every three": a rate
RATE_GAP = r"\s+(?:in(?:\s+every)?|(?:out\s+)?of\s+every)\s+"
# Past forms of the verbs of change whose stem the suffix rules in _after_change_verb miss.
_IRREGULAR_PAST = {"rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
                   "grew": "grow", "grown": "grow", "went": "go", "gone": "go",
                   "shrank": "shrink", "slid": "slide"}


def join_ranges(parsed: Parsed, figures: list[Figure]) -> list[Figure]:
    text = parsed.text
    out: list[Figure] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        second = figures[i + 1] if i + 1 < len(figures) else None
        if second is not None:
            joined = _as_rate(text, first, second) or _as_range(text, first, second)
            if joined == "drop":
                i += 2
                continue
            if isinstance(joined, Figure):
                out.append(joined)
                i += 2
                continue
        out.append(first)
        i += 1
    return out


def _as_rate(text: str, a: Figure, b: Figure) -> Figure | None:
    """"one in four residents": one figure, the share 0.25."""
    # No bound is read yet (bounds come after ranges), so a bare figure is one without unit or
    # currency; "at least one in four" takes its bound once joined.
    bare = all(f.unit is None and f.currency is None for f in (a, b))
    if not bare or not re.fullmatch(RATE_GAP, text[a.end:b.start], re.IGNORECASE) or \
            not 0 < a.value < b.value:
        return None
    return Figure(start=a.start, end=b.end, num_start=a.num_start, num_end=b.num_end,
                  value=a.value / b.value, unit=FRACTION_UNIT, fraction=True)


def _as_range(text: str, a: Figure, b: Figure) -> Figure | Literal["drop"] | None:
    gap = text[a.end:b.start]
    m = _RANGE_GAP.match(gap)
    if not m:
        return None
    word = gap.strip().lower()
    lead_from = max(0, a.start - LOOK)  # the match's offsets are in the text from here
    lead = re.search(r"\b(between|from)\s+$", text[lead_from:a.start], re.IGNORECASE)
    if word == "and" and not (lead and lead.group(1).lower() == "between"):
        return None
    if word == "to" and lead and lead.group(1).lower() == "from" and \
            _after_change_verb(text, lead_from + lead.start()):
        return None  # "rose from 5 to 7 percent": a start and an end, not a range
    lo, hi = a, b
    lo_value = lo.value
    if lo.scale == 1.0 and hi.scale > 1.0 and lo.unit is None and lo.currency is None:
        lo_value = lo.value * hi.scale  # "40-50 million euros"
    if word in "-–—" and lo.unit is None and hi.unit is None and lo_value >= hi.value:
        return "drop"  # "beat Arsenal 3-1": a score
    if lo_value >= hi.value:
        return None
    unit = hi.unit if lo.unit is None else lo.unit
    currency = hi.currency if lo.currency is None else lo.currency
    if lo.unit is not None and hi.unit is not None and lo.unit != hi.unit:
        return None
    start = lead_from + lead.start(1) if lead else lo.start
    return Figure(start=start, end=hi.end, num_start=lo.num_start, num_end=hi.num_end,
                  value=lo_value, value_max=hi.value, scale=hi.scale, unit=unit,
                  currency=currency, bound="range")


def _after_change_verb(text: str, pos: int) -> bool:
    clause = re.split(r"[.!?;\n]", text[max(0, pos - 40):pos])[-1]
    words = re.findall(r"[A-Za-z]+", clause)[-3:]
    changes = lex.change_verbs()
    for w in words:
        w = w.lower()
        stems = {w, w[:-1], w[:-2], w[:-3], w[:-2] + "e", w[:-3] + "e", w[:-1] + "e"}
        if w.endswith("ied"):
            stems.add(w[:-3] + "y")
        stems.add(_IRREGULAR_PAST.get(w, w))
        if stems & changes:
            return True
    return False
