"""Checks over the figures of one article, reported as diagnostics.

- A paired conversion (``€10bn (about $11bn)``) is compared with the yearly average exchange rate
  (``data/quantities/exchange_rates.tsv``): a deviation over 15% is flagged, a plausible pair is
  reported as checked, naming the year whose rate it fits.
- A part larger than its whole (``500 out of 400 voters``; with the whole first, ``of the 400
  voters, 500 …`` and ``400 voters, 500 of whom …``).
- A percentage over 100 where a share of a whole is meant (``120% of the votes cast``).
- A scale word in the plural after its number (``fifteen U.S. billions``), a translation
  artefact: ``mt_plural_scale``, on the wording.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from reportedly.document import Parsed
from reportedly.extract.quantities import lexicon as lex
from reportedly.extract.quantities.figure import CONVERSION_GAP, LOOK
from reportedly.extract.quantities.plurals import ends_in_plural_scale, plural_scale_wordings
from reportedly.model import Diagnostic, Quantity

MAX_CONVERSION_DEVIATION = 0.15
_PART_WHOLE_GAP = re.compile(
    r"^\s*(?:[a-z]+\s+){0,2}?(?:out\s+of|of)\s+(?:the|its|their|his|her|our|a|an)?\s*"
    r"(?:[a-z]+\s+)?$", re.IGNORECASE)
# The whole named first: "Of the 300 prisoners released, 450 were …" (the sentence opens with
# "of" or "out of" and the whole), and "40 protesters, 55 of whom …" / "80 trucks, 20 of them …".
_WHOLE_FIRST_LEAD = re.compile(
    r"(?:^|[.!?;:]\s+|\n\s*)(?:out\s+)?of\s+(?:the|its|their|his|her|our|these|those|all)?\s*$",
    re.IGNORECASE)
_WHOLE_FIRST_GAP = re.compile(r"^[^.;:!?,]{0,80},\s*$")
_OF_WHOM_AFTER = re.compile(r"^\s+of\s+(?:whom|them|which|those|these)\b", re.IGNORECASE)
_SHARE_OF = re.compile(r"^\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?((?:[\w-]+\s+){0,2}[\w-]+)",
                       re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def check_quantities(parsed: Parsed, quantities: Sequence[Quantity],
                     published: str | None = None) -> list[Diagnostic]:
    """Consistency checks over the figures (conversions, parts and wholes, shares).

    ``published`` is the article's publication date (ISO, as in ``Meta.published``): a conversion
    with no year in its sentence is checked against that year's exchange rates."""
    year = re.match(r"(\d{4})(?:\D|$)", published or "")
    return [*run_checks(parsed, quantities, int(year.group(1)) if year else None),
            *plural_scale_diagnostics(parsed, quantities)]


def plural_scale_diagnostics(parsed: Parsed, quantities: Sequence[Quantity]) -> list[Diagnostic]:
    """"fifteen U.S. billions": a scale word in the plural after its number, the wording a
    translation leaves (the figure is read as "15 billion US dollars")."""
    found = []
    for q in quantities:
        for start, end in plural_scale_wordings(q.span.text):
            wording = parsed.span(q.span.start + start, q.span.start + end)
            found.append(Diagnostic(
                kind="mt_plural_scale", span=wording,
                message=f"\"{wording.text}\" after a number: a scale word in the plural, as a "
                        f"translation writes it; read as {q.value:,} {q.unit or ''}".rstrip()))
    return found


def run_checks(parsed: Parsed, quantities: Sequence[Quantity],
               published: int | None = None) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    ordered = sorted(quantities, key=lambda q: q.span.start)
    for a, b in itertools.pairwise(ordered):
        gap = parsed.text[a.span.end:b.span.start]
        if a.currency and b.currency and a.currency != b.currency and CONVERSION_GAP.match(gap):
            found.append(conversion_check(parsed, a, b, published))
        elif _PART_WHOLE_GAP.match(gap) and not re.search(r"[.;!?]", gap) and \
                not ends_in_plural_scale(a.span.text):
            found.extend(_part_whole(parsed, a, b))
        elif _whole_first(parsed.text, a, b, gap):
            found.extend(_part_whole(parsed, b, a))
    found.extend(d for q in ordered if (d := _share_over_100(parsed, q)) is not None)
    return found


# -- conversions ----------------------------------------------------------------------------

def per_usd(currency: str, year: int) -> float | None:
    if currency == "USD":
        return 1.0
    return lex.exchange_rates().get(currency, {}).get(year)


def implied_rate(a: Quantity, b: Quantity) -> float:
    """Units of ``b``'s currency per unit of ``a``'s, as the article writes them."""
    return _amount(b) / _amount(a)


def _amount(q: Quantity) -> float:
    if q.value_max is not None:
        return (float(q.value) + float(q.value_max)) / 2
    return float(q.value)


def _candidate_years(parsed: Parsed, around: Quantity, published: int | None) -> list[int]:
    """The years a conversion may refer to: those written in the figure's sentence, else the
    publication year, else the years written anywhere in the article, else every year known."""
    known = {y for rates in lex.exchange_rates().values() for y in rates}
    sentence = next((s for s in parsed.doc.sents
                     if s.start_char <= around.span.start < s.end_char), None)
    scopes: list[set[int]] = []
    if sentence is not None:
        scopes.append({int(y) for y in _YEAR.findall(sentence.text)})
    if published is not None:
        scopes.append({published})
    scopes.append({int(y) for y in _YEAR.findall(parsed.text)})
    for years in scopes:
        if years & known:
            return sorted(years & known)
    return sorted(known)


def conversion_check(parsed: Parsed, a: Quantity, b: Quantity,
                     published: int | None = None) -> Diagnostic:
    """Compare a written conversion with the yearly averages of the years it may refer to."""
    span = parsed.span(a.span.start, b.span.end)
    rate = implied_rate(a, b)
    years = _candidate_years(parsed, a, published)
    scored = []
    for y in years:
        ra, rb = per_usd(a.currency or "", y), per_usd(b.currency or "", y)
        if ra is None or rb is None:
            continue
        reference = rb / ra
        scored.append((abs(rate / reference - 1), y, reference))
    pair = f"{a.currency}->{b.currency}"
    if not scored:
        return Diagnostic("conversion_unchecked", span,
                          f"{pair}: no reference exchange rate for these currencies")
    written = f"{a.span.text} ~ {b.span.text} implies {rate:.4g} {b.currency} per {a.currency}"
    deviation, best_year, reference = min(scored)
    if deviation > MAX_CONVERSION_DEVIATION:
        return Diagnostic("conversion_mismatch", span,
                          f"{written}; the {best_year} average was {reference:.4g} "
                          f"({deviation:.0%} off, more than {MAX_CONVERSION_DEVIATION:.0%})")
    plausible = sorted(y for d, y, _ in scored if d <= MAX_CONVERSION_DEVIATION)
    detail = ", ".join(f"{y}: {r:.4g}" for d, y, r in sorted(scored, key=lambda s: s[1])
                       if d <= MAX_CONVERSION_DEVIATION)
    return Diagnostic("conversion_checked", span,
                      f"{written}; plausible (within {MAX_CONVERSION_DEVIATION:.0%}) for "
                      f"{_year_ranges(plausible)} (yearly averages {detail})")


def _year_ranges(years: list[int]) -> str:
    """[2015, 2016, 2017, 2019] -> "2015-2017, 2019"."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


# -- parts and wholes -----------------------------------------------------------------------

def _comparable(a: Quantity, b: Quantity) -> tuple[float, float] | None:
    """Both values in one unit, or None when they measure different things."""
    if a.unit == b.unit:
        return float(a.value), float(b.value)
    units = lex.unit_by_name()
    ua, ub = units.get(a.unit or ""), units.get(b.unit or "")
    if ua is None or ub is None or ua.dimension != ub.dimension:
        return None
    import pint

    registry = _registry()
    try:
        converted = (float(a.value) * registry.parse_units(ua.pint)).to(
            registry.parse_units(ub.pint)).magnitude
    except pint.DimensionalityError:
        return None
    return float(converted), float(b.value)


@cache
def _registry() -> Any:
    """pint's unit registry, built once and only when two different units are compared."""
    import pint

    return pint.UnitRegistry()


def _whole_first(text: str, whole: Quantity, part: Quantity, gap: str) -> bool:
    """``whole`` then ``part`` in one of the constructions that name the whole first."""
    if not _WHOLE_FIRST_GAP.match(gap):
        return False
    if _OF_WHOM_AFTER.match(text[part.span.end:part.span.end + LOOK]):
        return True
    return bool(_WHOLE_FIRST_LEAD.search(text[max(0, whole.span.start - 200):whole.span.start]))


def _part_whole(parsed: Parsed, part: Quantity, whole: Quantity) -> list[Diagnostic]:
    if part.unit is None and whole.unit is not None and part.span.start > whole.span.start:
        # "40 protesters, 55 of whom": a part after its whole counts the whole's things.
        part = replace(part, unit=whole.unit)
    values = _comparable(part, whole)
    if values is None or part.bound == "range" or whole.bound == "range":
        return []
    if values[0] <= values[1]:
        return []
    first, last = sorted((part.span, whole.span), key=lambda sp: sp.start)
    return [Diagnostic("part_exceeds_whole", parsed.span(first.start, last.end),
                       f"the part ({part.span.text}) is larger than the whole "
                       f"({whole.span.text})")]


# -- shares ---------------------------------------------------------------------------------

def _share_over_100(parsed: Parsed, q: Quantity) -> Diagnostic | None:
    if q.unit != "percent" or max(float(q.value), float(q.value_max or 0)) <= 100:
        return None
    m = _SHARE_OF.match(parsed.text[q.span.end:q.span.end + LOOK])
    if not m:
        return None  # "prices rose 150%": a change, not a share
    words = [w.lower() for w in m.group(1).split()]
    if any(w in lex.ratio_bases() for w in words):
        return None  # "140% of GDP": a level relative to a reference, not a share
    return Diagnostic("share_over_100", q.span,
                      f"{q.span.text} of {m.group(1)} is a share of a whole over 100%")
