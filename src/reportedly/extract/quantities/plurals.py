"""Scale words in the plural and durations: the figures agency copy and its translations write
in words.

- A plural scale word after a number is a translation artefact ("fifteen U.S. billions",
  "one hundred U.S. millions", "a dozen hundreds"): it multiplies the number as its singular
  would, and a currency named before it ("U.S.", "USD") is the figure's currency. The wording is
  reported as the diagnostic ``mt_plural_scale`` (:func:`plural_scale_wordings`).
- A plural scale word alone, before "of" ("dozens of", "hundreds of", "tens of thousands of"), is
  a vague figure: at least two of what it names (24, 200, 20,000), bound ``at_least``.
- A duration in days, weeks, months or years is a figure with that unit ("900 days", "three
  years"), except where it is an age ("45 years old"), a point in time ("three years ago", the
  translated "in 2023 year") or a compound adjective ("a 10-year plan", "a two-week truce").
"""

from __future__ import annotations

import re
from functools import cache

from reportedly.extract.quantities import lexicon as lex
from reportedly.extract.quantities.figure import LOOK, Figure
from reportedly.lexicons import tsv_rows

TIME_DIMENSION = "time"


@cache
def _plural_words() -> dict[str, float]:
    return {w: value for w, (value, kind) in lex.number_words().items() if kind == "plural"}


@cache
def _currency_markers() -> dict[str, str]:
    """Surface -> ISO code of what a translation writes before a plural scale ("U.S.", "USD")."""
    markers = {r["surface"]: r["code"] for r in tsv_rows(lex.DIR + "currency_adjectives.tsv")}
    for surface, (code, kind) in lex.currencies().items():
        if kind == "code":
            markers.setdefault(surface, code)
    return markers


@cache
def _plural_after_re() -> re.Pattern[str]:
    markers = "|".join(re.escape(m) for m in sorted(_currency_markers(), key=len, reverse=True))
    plurals = "|".join(sorted(_plural_words(), key=len, reverse=True))
    return re.compile(rf"[ \u00a0]+(?:(?P<marker>{markers})[ \u00a0]+)?"
                      rf"(?P<plural>(?i:{plurals}))\b")


def plural_scale_after(text: str, pos: int) -> tuple[float, str | None, int] | None:
    """A plural scale word (after a currency marker) right after a number ending at ``pos``:
    (factor, ISO code or None, end)."""
    m = _plural_after_re().match(text, pos, min(len(text), pos + LOOK))
    if m is None or m.group("plural").lower() == "tens":
        return None  # "two tens" is no English scale a translation leaves
    marker = m.group("marker")
    code = _currency_markers()[marker] if marker else None
    return _plural_words()[m.group("plural").lower()], code, m.end()


@cache
def _vague_re() -> re.Pattern[str]:
    plurals = "|".join(sorted(_plural_words(), key=len, reverse=True))
    scales = "thousands|millions|billions|trillions"
    return re.compile(rf"\b(?P<first>{plurals})(?:\s+of\s+(?P<second>{scales}))?(?=\s+of\b)",
                      re.IGNORECASE)


def vague_plurals(text: str) -> list[Figure]:
    """"dozens of", "hundreds of", "tens of thousands of": at least two of the scale named."""
    found = []
    for m in _vague_re().finditer(text):
        first = m.group("first").lower()
        if first == "tens" and m.group("second") is None:
            continue  # "tens of" alone is no English figure
        value = 2 * _plural_words()[first]
        if m.group("second"):
            value *= _plural_words()[m.group("second").lower()]
        found.append(Figure(start=m.start(), end=m.end(), num_start=m.start(),
                            num_end=m.end(), value=value, bound="at_least"))
    return found


@cache
def _wording_re() -> re.Pattern[str]:
    markers = "|".join(re.escape(m) for m in sorted(_currency_markers(), key=len, reverse=True))
    plurals = "|".join(sorted(_plural_words(), key=len, reverse=True))
    return re.compile(rf"(?:(?:{markers})[ \u00a0]+)?(?i:{plurals})\b")


def plural_scale_wordings(span_text: str) -> list[tuple[int, int]]:
    """Where, in a figure's text, a plural scale word follows its number (the translation
    artefact): offsets of the wording, currency marker included ("U.S. billions")."""
    found = []
    for m in _wording_re().finditer(span_text):
        before = span_text[:m.start()].rstrip()
        if before and (before[-1].isdigit() or before.split()[-1].lower() in lex.number_words()):
            found.append((m.start(), m.end()))
    return found


def ends_in_plural_scale(figure_text: str) -> bool:
    """"hundreds", "a dozen hundreds": the "of" after such a figure leads to what it counts
    ("hundreds of $12-an-hour workers"), never to a whole it is a part of."""
    last = re.search(r"(\w+)$", figure_text)
    return last is not None and last.group(1).lower() in _plural_words()


def is_time_unit(unit: str | None) -> bool:
    info = lex.unit_by_name().get(unit or "")
    return info is not None and info.dimension == TIME_DIMENSION


# "45 years old", "years of age", "three years ago": an age or a point in time, not a duration
_AGE_OR_POINT_AFTER = re.compile(r"[ \u00a0]+(?:old|of[ \u00a0]+age|ago|earlier[ \u00a0]+"
                                 r"than|prior)\b", re.IGNORECASE)
_TIME_WORD_AFTER = re.compile(r"(?P<gap>[ \u00a0]*-?)(?P<word>(?:day|week|month|year)s?)\b",
                              re.IGNORECASE)


def time_unit_follows(text: str, pos: int) -> bool:
    """A day, week, month or year written (after spaces) right after ``pos``."""
    m = _TIME_WORD_AFTER.match(text, pos, min(len(text), pos + LOOK))
    return m is not None and "-" not in m.group("gap")


def not_a_duration(text: str, start: int, end: int) -> bool:
    """The number at ``start:end`` is followed by a time unit but names an age, a point in time
    or a kind: "45 years old", "three years ago", "in 2023 year", "a 10-year plan"."""
    m = _TIME_WORD_AFTER.match(text, end, min(len(text), end + LOOK))
    if m is None:
        return False
    if "-" in m.group("gap"):
        return True  # "a 10-year plan", "a two-week truce": a compound adjective
    if _AGE_OR_POINT_AFTER.match(text, m.end(), min(len(text), m.end() + LOOK)):
        return True
    digits = text[start:end]
    # "in 2023 year": a calendar year (a translation keeps the noun after it)
    return bool(re.fullmatch(r"\d{4}", digits)) and 1800 <= int(digits) <= 2100


# A duration after "over" is a span of time ("cost $1bn over 10 years") unless the word before
# "over" asks how long ("lasted over 10 years", "for over 900 days"): then it is "more than".
_OVER_MEANS_MORE = frozenset({"for", "after", "in", "within", "of", "than", "lasted", "lasting",
                              "lasts", "last", "took", "take", "takes", "taken", "taking",
                              "spent", "spend", "spends", "spending", "already", "nearly"})


def over_is_a_span(text_before_over: str) -> bool:
    """Whether "over" before a duration, preceded by ``text_before_over``, means "during"."""
    m = re.search(r"([A-Za-z]+)[ \u00a0]*$", text_before_over)
    return m is None or m.group(1).lower() not in _OVER_MEANS_MORE
