"""A figure while it is being read, and the small helpers every step shares."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from reportedly.document import Parsed

# How far the scanner and the checks read either side of a number: the words that decide what it
# is are close, and reading to the text's end (or from its start) for every number would make
# them quadratic in the text's length. A word or gap longer than this is cut at it.
LOOK = 200

PERSON_UNIT = "person"
FRACTION_UNIT = "fraction"

# Gaps between two neighbouring figures, read by more than one step.
PARTITIVE = re.compile(r"^\s*(?:out\s+of|of)\s+(?:the|its|their|his|her|our|a|an|some)?\s*"
                       r"(?:\w+\s+)?$", re.IGNORECASE)
CONVERSION_GAP = re.compile(r"^\s*(?:[(\[]|,\s*or\s|or\s|[—–]|-\s)\s*$")


@dataclass(frozen=True)
class Figure:
    """A figure while it is being read; becomes a :class:`Quantity` at the end."""

    start: int  # the whole figure: bound words, currency, number, scale, unit
    end: int
    num_start: int  # the number itself
    num_end: int
    value: float
    value_max: float | None = None
    scale: float = 1.0
    unit: str | None = None
    currency: str | None = None
    bound: str = "exact"
    fraction: bool = False
    counted_noun: tuple[int, int] | None = None  # token indices [i, j) of what is counted
    measure: str | None = None  # what the figure measures, read last


def token_index(parsed: Parsed, offset: int) -> int:
    """The token that holds (or last starts before) character ``offset``."""
    return max(0, bisect.bisect_right(parsed.doc, offset, key=lambda t: t.idx) - 1)


def next_word(text: str, pos: int) -> str:
    m = re.match(r"[\s-]*([\w.'’-]+)", text[pos:pos + LOOK])
    return m.group(1).lower().rstrip(",;") if m else ""


def prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w.]+)[\s]*$", text[max(0, pos - LOOK):pos])
    return m.group(1).lower() if m else ""


def as_number(value: float) -> float | int:
    value = float(f"{value:.12g}")  # "$65.4 billion" is 65400000000, not ...0.00001
    if value == int(value) and abs(value) < 1e18:
        return int(value)
    return round(value, 6)
