"""Quantities: value, unit, currency, bound and measure of every figure, linked to its source.

A figure is found in three steps. The text is scanned for numbers (digits in several separator
conventions, or number words) and what is written around them (currency symbols and codes, scale
words, units, bound words); numbers that are dates, times, ages, durations, ordinals, years or
identifiers are dropped. Neighbouring figures are then read together: ranges (``5-7%``, ``between
5 and 7 percent``) and pairs that share a unit left out of one of them (``400 km² out of more than
100,000``). Last, the parse says what each figure counts (``measure``) and whether a count is of
people, and the attributions say who gave it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate

from spacy.tokens import Token

from reportedly.extract import Parsed, entity_at
from reportedly.extract import quantity_lexicon as lex
from reportedly.model import Attribution, Diagnostic, Quantity

# How far the scanner reads either side of a number: the words that decide what it is are
# close, and reading to the text's end (or from its start) for every number would make the scan
# quadratic in the text's length. A word or gap longer than this is cut at it.
LOOK = 200

# Digits, with the thousands separators news in English and in translation use: 1,250 / 1.200.000
# / 1 500 000 / 12'500; a lone comma or dot followed by one or two digits is a decimal mark.
_DIGITS = (r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?"
           r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?"
           r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
           r"|\d{1,3}(?:['’]\d{3})+(?!\d)"
           r"|\d+(?:[.,]\d+)?)")
_DIGIT_NUMBER = re.compile(r"(?<![\w./:'’′])" + _DIGITS)
_HYPHEN_LETTER = re.compile(r"[A-Za-z]-$")
# A phone or reference number: a leading zero and groups of digits.
_PHONE = re.compile(r"(?<![\w.,])(?:\+?\(?0\d{2,}\)?(?:[ -]\d{2,})+|\(?\d{3}\)?[ -]\d{3}-\d{4}\b)")
_DATE_OR_TIME_AFTER = re.compile(r"^[/:]\d")
_GAP = r"[ \u00a0\u202f]*"
# "minus 30", "-5%"; not "plus or minus 4 points" (a margin) nor a range dash after a digit
_MINUS = re.compile(r"(?:(?<!or )(?<!/)\bminus[ \u00a0]+|(?<![\w.,%)/])[-−])$", re.IGNORECASE)
_SPAN_BEFORE = re.compile(r"([\w.]+[ \u00a0]+)\d{1,3}\s*(?:-|–|to|and)\s*$")
# "14 to 15 May", "two to three weeks", "18- to 24-year-old", "four, five years": the far end
# decides for both
_SPAN_AFTER = re.compile(r"-?\s*(?:-|–|to|and|or|,)\s*(?:\d{1,3}(?:st|nd|rd|th)?|[a-z]+)"
                         r"(?=[\s-])")

SCALE_GLUED_ONLY = frozenset({"k", "m", "b"})  # "$5m" is five million, "5 m" is five metres
PERSON_UNIT = "person"
FRACTION_UNIT = "fraction"
DIMENSION_NOUNS = {"area": "area", "length": "distance", "mass": "weight", "volume": "volume",
                   "volume_rate": "output", "power": "power", "energy": "energy",
                   "speed": "speed", "temperature": "temperature", "money": "money"}
_PARTITIVE = re.compile(r"^\s*(?:out\s+of|of)\s+(?:the|its|their|his|her|our|a|an|some)?\s*"
                        r"(?:\w+\s+)?$", re.IGNORECASE)
_CONVERSION_GAP = re.compile(r"^\s*(?:[(\[]|,\s*or\s|or\s|[—–]|-\s)\s*$")
# Words that set a second figure against the first, leaving its unit out: "4.1% from 4.5",
# "€2.4bn, up from 1.9bn", "6% compared with 4"; after a comma closing the first figure's clause
# also "4,500 hectares burned, more than twice the 2,000 lost".
_COMPARED = (r"(?:up|down)\s+from|compared\s+(?:with|to)"
             r"|(?:(?:far|much|well|slightly|nearly|almost)\s+)?"
             r"(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater)\s+than"
             r"(?:\s+(?:twice|double|triple|three\s+times|half))?")
_BEFORE_SECOND = r"(?:\s+(?:the|its|their|a|an))?\s*$"
_COMPARISON_GAP = re.compile(
    rf"^\s*,?\s*(?:from|against|versus|vs\.?|{_COMPARED}){_BEFORE_SECOND}", re.IGNORECASE)
_COMPARISON_AFTER_CLAUSE = re.compile(
    rf"^[^.;:!?,()\[\]]{{0,60}},\s*(?:{_COMPARED}){_BEFORE_SECOND}", re.IGNORECASE)


@dataclass(frozen=True)
class _Figure:
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


# -- public ---------------------------------------------------------------------------------

def extract_quantities(parsed: Parsed, attributions: Sequence[Attribution]) -> list[Quantity]:
    """Every figure in the article, linked (``attribution_id``) to the attribution holding it."""
    text = parsed.text
    figures = _scan(text)
    figures = [f for f in figures if not _in_time_entity(parsed, f) and not _in_a_name(parsed, f)]
    figures = _join_ranges(text, figures)
    figures = [_with_bound(text, f) for f in figures]
    figures = [_with_counted_noun(parsed, f) for f in figures]
    figures = [f for f in figures if _reads_as_figure(parsed, f)]
    figures = _carry_units(parsed, figures)
    measures = _measures(parsed, figures)
    holders = _Holders(attributions)
    quantities = []
    for k, (fig, measure) in enumerate(zip(figures, measures, strict=True)):
        quantities.append(Quantity(
            id=f"Q{k + 1}", span=parsed.span(fig.start, fig.end), value=_number(fig.value),
            unit=fig.unit, currency=fig.currency, bound=fig.bound, measure=measure,
            attribution_id=holders.holder(fig),
            value_max=None if fig.value_max is None else _number(fig.value_max)))
    return quantities


def check_quantities(parsed: Parsed, quantities: Sequence[Quantity],
                     published: str | None = None) -> list[Diagnostic]:
    """Consistency checks over the figures (conversions, parts and wholes, shares).

    ``published`` is the article's publication date (ISO, as in ``Meta.published``): a conversion
    with no year in its sentence is checked against that year's exchange rates."""
    from reportedly.extract.quantity_checks import run_checks

    year = re.match(r"(\d{4})(?:\D|$)", published or "")
    return run_checks(parsed, quantities, int(year.group(1)) if year else None)


# -- scanning -------------------------------------------------------------------------------

def _word_number_re() -> re.Pattern[str]:
    words = [w for w, (_, kind) in lex.number_words().items()
             if len(w) > 2 and w not in ("mln", "bln", "trn")]
    alt = "|".join(sorted(words, key=len, reverse=True))
    word = rf"(?:{alt})"
    joint = r"[\s-]+(?:and[\s-]+)?(?:(?:a|an)[\s-]+)?"
    # "a quarter of a million": a share of a scale word is one number
    of_scale = r"\s+of\s+(?:a|an)\s+(?=(?:hundred|thousand|million|billion|trillion)\b)"
    return re.compile(rf"\b(?:(?:a|an)\s+)?{word}(?:(?:{joint}|{of_scale}){word})*\b",
                      re.IGNORECASE)


_WORD_NUMBER = _word_number_re()


def _scan(text: str) -> list[_Figure]:
    # Phone numbers as a set of blocked offsets (they never overlap), looked up per number.
    blocked = {i for m in _PHONE.finditer(text) for i in range(m.start(), m.end())}
    found: list[_Figure] = []
    for m in _DIGIT_NUMBER.finditer(text):
        if m.start() in blocked:
            continue
        if _HYPHEN_LETTER.search(text[max(0, m.start() - 2):m.start()]):
            continue
        if text.startswith("-to-", m.end()) and text[m.end() + 4:m.end() + 5].isdecimal():
            continue  # "a 2-to-1 vote": a tally, like the score "5-4"
        fig = _read_digits(text, m.start(), m.end())
        if fig is not None:
            found.append(fig)
    # Whether a number word overlaps a figure found before, without a scan of them all per
    # word (quadratic): the digit figures sorted by start, with the furthest end among those
    # starting before each; the word figures, which start before the next word, by their
    # furthest end.
    by_start = sorted(found, key=lambda f: f.start)
    digit_starts = [f.start for f in by_start]
    furthest_end = list(accumulate((f.end for f in by_start), max))
    word_end = -1
    for m in _WORD_NUMBER.finditer(text):
        k = bisect.bisect_left(digit_starts, m.end())
        if (k > 0 and furthest_end[k - 1] > m.start()) or word_end > m.start():
            continue
        if _HYPHEN_LETTER.search(text[max(0, m.start() - 2):m.start()]):
            continue  # "high-five", "Catch-twenty-two": part of a word
        fig = _read_words(text, m.start(), m.end())
        if fig is not None:
            found.append(fig)
            word_end = max(word_end, fig.end)
    found.sort(key=lambda f: f.start)
    return found


def _parse_digits(s: str, scaled: bool) -> float | None:
    s = re.sub(r"[ \u00a0\u202f'’]", "", s)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        return float(s.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", s):
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d+", s):
        return float(s.replace(",", "."))
    m = re.fullmatch(r"(\d{1,3})\.(\d{3})", s)
    if m and m.group(1) != "0" and not scaled:
        # "1.300 workers": a dot before exactly three digits marks thousands (not "1.125 billion")
        return float(m.group(1) + m.group(2))
    try:
        return float(s)
    except ValueError:
        return None


def _scale_after(text: str, pos: int) -> tuple[float, int]:
    """Scale words right after ``pos`` ("billion", "bn", "lakh crore"): (factor, end)."""
    factor, end = 1.0, pos
    words = lex.number_words()
    while True:
        m = re.match(r"([ \u00a0\u202f]*|-)([A-Za-z]+)\b", text[end:end + LOOK])  # "$400-million"
        if not m:
            break
        word = m.group(2).lower()
        value, kind = words.get(word, (0.0, ""))
        glued = not m.group(1)
        if kind != "scale" or (word in SCALE_GLUED_ONLY and not glued) \
                or (word == "dozen" and factor > 1) or (word in ("m", "b", "k") and end != pos):
            break
        factor *= value
        end += m.end()
    return factor, end


def _unit_after(text: str, pos: int) -> tuple[lex.UnitInfo, int] | None:
    """The unit written right after ``pos``, longest surface first."""
    m = re.match(r"([ \u00a0\u202f]*|-)", text[pos:pos + LOOK])
    gap = m.group(1) if m else ""
    rest = text[pos + len(gap):pos + len(gap) + 40]
    best: tuple[lex.UnitInfo, int] | None = None
    low = rest.lower()
    for surface, info in lex.units().items():
        if not low.startswith(surface):
            continue
        end_rel = len(surface)
        if end_rel < len(low) and (low[end_rel].isalnum() or low[end_rel] in "²³") \
                and surface[-1].isalnum():
            continue
        if len(surface) <= 2 and surface.isalpha() and gap == "-":
            continue
        if surface == "c" and gap:
            continue  # "41C" is Celsius, "41 c" is not
        if best is None or end_rel > best[1]:
            best = (info, end_rel)
    if best is None:
        return None
    return best[0], pos + len(gap) + best[1]


def _currency_after(text: str, pos: int) -> tuple[str, int] | None:
    m = re.match(r"[ \u00a0\u202f]+", text[pos:pos + LOOK])
    if not m:
        return None
    start = pos + m.end()
    rest = text[start:start + 40]
    best: tuple[str, int] | None = None
    for surface, (code, kind) in lex.currencies().items():
        if kind == "symbol":
            continue
        candidate = rest if kind == "code" else rest.lower()
        if candidate.startswith(surface) and \
                not (len(candidate) > len(surface) and candidate[len(surface)].isalnum()) \
                and (best is None or len(surface) > best[1]):
            best = (code, len(surface))
    if best is None:
        return None
    return best[0], start + best[1]


@cache
def _currency_before_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(ISO code, pattern) of each currency written before a number, compiled once (they are
    tried before every number)."""
    patterns = []
    for surface, (code, kind) in lex.currencies().items():
        if kind == "name":
            continue
        pattern = re.escape(surface) + (_GAP if kind == "symbol" else r"[ \u00a0\u202f]+") + "$"
        if kind == "code":
            pattern = r"\b" + pattern
        patterns.append((code, re.compile(pattern)))
    return patterns


def _currency_before(text: str, pos: int) -> tuple[str, int] | None:
    before = text[max(0, pos - 12):pos]
    best: tuple[str, int] | None = None
    for code, pattern in _currency_before_patterns():
        m = pattern.search(before)
        if m and (best is None or len(m.group(0)) > best[1]):
            best = (code, len(m.group(0)))
    if best is None:
        return None
    return best[0], pos - best[1]


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"[\s-]*([\w.'’-]+)", text[pos:pos + LOOK])
    return m.group(1).lower().rstrip(",;") if m else ""


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w.]+)[\s]*$", text[max(0, pos - LOOK):pos])
    return m.group(1).lower() if m else ""


def _after_reason(text: str, end: int) -> str | None:
    """Why the word after ``end`` makes the number before it a non-figure, if it does."""
    context = lex.not_figure_words()["after"]
    plus = re.match(r"-?plus\b", text[end:end + LOOK], re.IGNORECASE)
    if plus:
        end += plus.end()  # "15-plus years": the word after "plus" decides
    after = _next_word(text, end)
    after_first = re.split(r"-", after.strip("-"))[0] if after else ""
    raw_after = re.match(r"[\s-]*([\w.'’-]+)", text[end:end + LOOK])
    for word in (after, after.rstrip("."), after_first.rstrip("."), "-" + after.strip("-")):
        reason = context.get(word)
        if reason is None or reason == "address":
            continue
        if reason == "date" and raw_after and not raw_after.group(1)[:1].isupper():
            continue
        return reason
    return None


def _before_reason(before_text: str) -> str | None:
    """Why the word ending ``before_text`` makes the next number a non-figure, if it does."""
    m = re.search(r"([\w.]+)[ \u00a0]*$", before_text)
    if not m:
        return None
    word = m.group(1)
    context = lex.not_figure_words()
    if word.lower() == "of":
        # "at the age of 17", "between the ages of 17 and 20"
        owner = re.search(r"([\w.]+)[ \u00a0]+of[ \u00a0]*$", before_text)
        if owner and context["before"].get(owner.group(1).lower()) == "age":
            return "age"
        return None
    reason = context["before"].get(word.lower()) or context["before"].get(word.lower().rstrip("."))
    if reason is None and word[:1].isupper():
        # abbreviated months ("Sept. 11") are listed for the number's other side
        reason = context["after"].get(word.lower().rstrip("."))
        reason = reason if reason == "date" else None
    if reason == "date" and word[:1].isupper():
        return reason
    if reason == "age" or (reason == "identifier" and (word[:1].isupper()
                                                       or word.lower() in ("no.", "number"))):
        return reason
    return None


def _not_a_figure(text: str, start: int, end: int) -> bool:
    """Dates, times, ages, durations and identifiers around the number at ``start:end``."""
    if _DATE_OR_TIME_AFTER.match(text[end:end + LOOK]) or \
            re.search(r"\d[/:]$", text[max(0, start - LOOK):start]):
        return True
    if text[start - 1:start] == "[" and text[end:end + 1] == "]":
        return True  # "[538]", "[12]": a reference mark, not a figure
    if _after_reason(text, end) is not None:
        return True
    if re.match(r"[ \u00a0]+(?:(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))[ \u00a0]+){1,3}"
                r"(?:Street|Avenue|Road|Square|Lane)\b",
                text[end:end + LOOK]):
        return True
    if _before_reason(text[max(0, start - 30):start]) is not None:
        return True
    # "July 11-12", "ages 55 to 65": the second end of a span of dates or ages
    window = text[max(0, start - 40):start]
    span_before = _SPAN_BEFORE.search(window)
    if span_before and _before_reason(window[:span_before.end(1)]) is not None:
        return True
    # "Smith, 40, a teacher", "The president, 64, said": an age in apposition
    if re.search(r"\b[A-Za-z][\w.’'-]*,[ \u00a0]*$", text[max(0, start - 40):start]) and \
            re.match(r"\s*[,―—–]", text[end:end + LOOK]) and \
            re.fullmatch(r"\d{1,3}", text[start:end]):
        return True
    # long digit strings without separators are identifiers (timestamps, ids), not counts
    if re.fullmatch(r"\d{7,}", text[start:end]) or text[max(0, start - 2):start] == '="':
        return True
    # "14 to 15 May": the first day of a span of dates
    far_end = _SPAN_AFTER.match(text[end:end + LOOK])
    if far_end is None or not (far_end.group(0).strip()[-1:].isdigit()
                               or far_end.group(0).split()[-1].lower() in lex.number_words()):
        return False
    return _after_reason(text, end + far_end.end()) is not None


_FEET_INCHES = re.compile(r"['’′](\d{1,2})(?:\"|”|″|'')")


def _read_digits(text: str, start: int, end: int) -> _Figure | None:
    if re.match(r"(?:st|nd|rd|th|s)\b", text[end:end + LOOK]):
        return None  # ordinals ("21st") and decades ("1990s")
    height = _FEET_INCHES.match(text, end)
    if height and re.fullmatch(r"\d{1,2}", text[start:end]):
        # 6'3": feet and inches, one length in feet
        value = int(text[start:end]) + int(height.group(1)) / 12
        return _Figure(start=start, end=height.end(), num_start=start, num_end=end,
                       value=value, unit="ft")
    scale, after_scale = _scale_after(text, end)
    if after_scale == end and re.match(r"[A-Za-z]", text[end:end + 1]) and \
            _unit_after(text, end) is None:
        return None  # letters glued to the digits that are neither scale nor unit: an identifier
    value = _parse_digits(text[start:end], scaled=scale > 1)
    if value is None:
        return None
    fig = _complete(text, start, end, value, scale, after_scale,
                    plain_integer=bool(re.fullmatch(r"\d+", text[start:end])))
    minus = _MINUS.search(text[max(0, start - 10):start])
    if fig is not None and minus is not None and fig.currency is None:
        # "minus 30 degrees", "-5%": a sign, not a range dash (that follows a digit)
        fig = replace(fig, value=-fig.value, start=min(fig.start, start - len(minus.group(0))))
    return fig


def _read_words(text: str, start: int, end: int) -> _Figure | None:
    tokens = [t.lower() for t in re.split(r"[\s-]+", text[start:end]) if t]
    words = lex.number_words()
    if tokens[0] in ("a", "an") and words[tokens[1]][1] in ("unit", "ten"):
        # "a ten-point lead": the article is not part of the number
        start = start + len(re.match(r"\w+\s+", text[start:end]).group(0))
        tokens = tokens[1:]
    if all(words[t][1] == "scale" for t in tokens if t not in ("a", "an", "and")) \
            and tokens[0] not in ("a", "an"):
        return None  # "those billion people", "hundreds": a scale word alone is no figure
    total, current, fraction = 0.0, 0.0, False
    numerator: float | None = None
    seen_number = False
    for i, word in enumerate(tokens):
        if word in ("a", "an", "and", "of"):
            continue
        value, kind = words[word]
        if kind in ("unit", "ten"):
            current += value
            seen_number = True
        elif kind == "fraction" and tokens[max(0, i - 2):i] == ["and", "a"] and current:
            current += value  # "four and a half"
        elif kind == "fraction":
            counted = current if current else (1.0 if i > 0 and tokens[i - 1] in ("a", "an")
                                               else 0.0)
            if word in ("half", "halves") and not counted:
                counted = 1.0
            if not counted:
                return None  # "third", "quarter" alone are ordinals or periods
            numerator = counted * value
            current = 0.0
            fraction = True
            seen_number = True
        elif word == "hundred" or word == "dozen":
            current = (current or numerator or 1.0) * value  # "half a dozen", "three hundred"
            numerator, fraction = None, False
            seen_number = True
        else:
            base = current or numerator or 1.0
            total += base * value
            current, numerator, fraction = 0.0, None, False
            seen_number = True
    if not seen_number:
        return None
    value = total + current + (numerator or 0.0)
    if (tokens == ["one"] and not _rate_follows(text, end)) or tokens == ["zero"]:
        return None  # "one of the soldiers": a pronoun, not a figure ("one in four" is a rate)
    if fraction:
        # "half" and "a quarter" are shares only when they take a whole: "half of the town"
        if not re.match(r"\s+(?:of|a|an)\b", text[end:end + LOOK]) and \
                tokens[-1] in ("half", "quarter", "quarters"):
            return None
        if _prev_word(text, start) in ("the", "first", "second", "third", "fourth", "last"):
            return None
    fig = _complete(text, start, end, value, 1.0, end, plain_integer=False)
    if fig is not None and fraction and fig.unit is None and fig.currency is None:
        # "half a percentage point", "a third of a mile": a share of one unit is that unit
        article = re.match(r"\s+(?:of\s+)?(?:a|an)\s+", text[end:end + LOOK])
        unit = _unit_after(text, end + article.end()) if article else None
        if unit is not None:
            return replace(fig, end=unit[1], unit=unit[0].unit)
        fig = replace(fig, unit=FRACTION_UNIT, fraction=True)
    return fig


def _complete(text: str, start: int, end: int, value: float, scale: float, pos: int,
              plain_integer: bool) -> _Figure | None:
    """Read the currency, unit and percent sign around a number and scale ending at ``pos``."""
    if _not_a_figure(text, start, end):
        return None
    fig_start, fig_end = start, pos
    unit: str | None = None
    currency: str | None = None
    before = _currency_before(text, start)
    if before:
        currency, fig_start = before
    after_currency = _currency_after(text, pos)
    unit_after = _unit_after(text, pos)
    if after_currency and after_currency[0] == "GBP" and \
            re.search(r"\bweigh", text[max(0, start - 40):start], re.IGNORECASE):
        after_currency = None  # "weighs 236 pounds": a weight, not sterling
        unit_after = (lex.units()["lb"],
                      pos + len(re.match(r"\s*\w+", text[pos:pos + LOOK]).group(0)))
    if currency is None and after_currency and \
            (unit_after is None or after_currency[1] >= unit_after[1]):
        currency, fig_end = after_currency
    elif unit_after and currency is None:
        info, fig_end = unit_after
        unit = info.unit
    elif currency is None and (point := _POINT_DIFFERENCE.match(text, pos)) and \
            point.group(1).lower() in lex.point_nouns():
        unit, fig_end = "point", point.end(0) - len(point.group(1)) - 1  # "a 10-point lead"
    if currency:
        unit = currency.lower()
        # "$5m" written with the scale after a currency code: "USD 340 million" is read above.
    if plain_integer and unit is None and currency is None and scale == 1.0 and \
            _unit_after(text, end) is None:
        digits = text[start:end]
        if len(digits) == 4 and 1800 <= int(digits) <= 2100:
            return None
    return _Figure(start=fig_start, end=fig_end, num_start=start, num_end=end,
                   value=value * scale, scale=scale, unit=unit, currency=currency)


# -- ranges and bounds ----------------------------------------------------------------------

# "a 10-point lead": the points a difference is counted in (not "a five-point plan")
_POINT_DIFFERENCE = re.compile(r"-point (\w+)", re.IGNORECASE)

_RANGE_GAP = re.compile(r"^\s*(?:[-–—]|to|and)\s*$", re.IGNORECASE)
# "one in four", "1 in 10", "one of every nine", "two out of every three": a rate
_RATE_GAP = r"\s+(?:in(?:\s+every)?|(?:out\s+)?of\s+every)\s+"
_RATE_AFTER = re.compile(_RATE_GAP, re.IGNORECASE)


def _rate_follows(text: str, end: int) -> bool:
    """"one in four": a number comes after "in" ("endorsed one in July" is no rate)."""
    gap = _RATE_AFTER.match(text, end)
    return gap is not None and (text[gap.end():gap.end() + 1].isdigit()
                                or _WORD_NUMBER.match(text, gap.end()) is not None)


def _join_ranges(text: str, figures: list[_Figure]) -> list[_Figure]:
    out: list[_Figure] = []
    i = 0
    while i < len(figures):
        first = figures[i]
        second = figures[i + 1] if i + 1 < len(figures) else None
        if second is not None:
            joined = _as_rate(text, first, second) or _as_range(text, first, second)
            if joined == "drop":
                i += 2
                continue
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(first)
        i += 1
    return out


def _as_rate(text: str, a: _Figure, b: _Figure) -> _Figure | None:
    """"one in four residents": one figure, the share 0.25."""
    bare = all(f.unit is None and f.currency is None and f.bound == "exact" for f in (a, b))
    if not bare or not re.fullmatch(_RATE_GAP, text[a.end:b.start], re.IGNORECASE) or \
            not 0 < a.value < b.value:
        return None
    return _Figure(start=a.start, end=b.end, num_start=a.num_start, num_end=b.num_end,
                   value=a.value / b.value, unit=FRACTION_UNIT, fraction=True)


def _as_range(text: str, a: _Figure, b: _Figure) -> _Figure | str | None:
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
    return _Figure(start=start, end=hi.end, num_start=lo.num_start, num_end=hi.num_end,
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
        irregular = {"rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
                     "grew": "grow", "grown": "grow", "went": "go", "gone": "go",
                     "shrank": "shrink", "slid": "slide"}
        stems.add(irregular.get(w, w))
        if stems & changes:
            return True
    return False


@cache
def _bound_before_patterns() -> list[re.Pattern[str]]:
    """The pattern of each bound phrase written before a figure, compiled once."""
    return [re.compile(r"(?<![\w-])" + re.escape(phrase) + r"[ \u00a0]+$")
            for phrase, _ in lex.bound_phrases()["before"]]


def _with_bound(text: str, fig: _Figure) -> _Figure:
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


# -- the parse: counted nouns, people, shared units, measures ---------------------------------

def _token_index(parsed: Parsed, offset: int) -> int:
    """The token that holds (or last starts before) character ``offset``."""
    return max(0, bisect.bisect_right(parsed.doc, offset, key=lambda t: t.idx) - 1)


def _in_time_entity(parsed: Parsed, fig: _Figure) -> bool:
    tok = parsed.doc[_token_index(parsed, fig.num_start)]
    return tok.ent_type_ == "TIME" and fig.unit is None and fig.currency is None


# Names a number can be part of: "Fortune 500", "Intermediate School 285", "Group of 7".
_NAME_ENTITIES = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


def _in_a_name(parsed: Parsed, fig: _Figure) -> bool:
    """A bare number inside a named entity, after a capitalised word of that name."""
    if fig.unit is not None or fig.currency:
        return False
    tok = parsed.doc[_token_index(parsed, fig.num_start)]
    if tok.ent_type_ in _NAME_ENTITIES:
        entity = entity_at(tok.doc, tok.i)
        if entity is not None and any(t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN")
                                      for t in tok.doc[entity.start:tok.i]):
            return True
    if not parsed.text[fig.num_start:fig.num_end][:1].isdigit() or tok.i == 0:
        return False
    # English counts precede their noun: a number after the capitalised name it belongs to
    # labels ("School 117", "Fortune 500 firms", "Boeing 737 jets"); "In Texas 300 died" counts
    # (a plural name before a number is a group and its count: "the Republicans 222")
    prev = tok.nbor(-1)
    if tok.dep_ == "nummod" and tok.head.i < tok.i and tok.head.text[:1].isupper() and \
            tok.head.tag_ == "NNP":
        return True
    return prev.tag_ == "NNP" and prev.text[:1].isupper() and \
        prev.dep_ in ("compound", "nmod") and prev.head in (tok, tok.head)


_NOUN_RUN_POS = frozenset({"ADJ", "NOUN", "PROPN"})


def _noun_run(parsed: Parsed, offset: int) -> tuple[int, int] | None:
    """Tokens right after a figure that name what it counts ("Ukrainian soldiers")."""
    doc = parsed.doc
    i = _token_index(parsed, offset)
    if i < len(doc) and doc[i].idx < offset:
        i += 1
    j = i
    last_noun = None
    # A participle belongs to the run only as a modifier of what follows ("3 wounded
    # soldiers"), not as the verb of the figure ("the 2,000 lost last summer").
    while j < len(doc) and (doc[j].pos_ in _NOUN_RUN_POS
                            or (doc[j].tag_ == "VBN" and doc[j].head.i > j)
                            or (doc[j].tag_ == "VBG" and j + 1 < len(doc)
                                and doc[j + 1].pos_ == "NOUN")
                            or (doc[j].tag_ == "HYPH" and j > i and j + 1 < len(doc)
                                and doc[j + 1].pos_ in _NOUN_RUN_POS)):
        if doc[j].pos_ in ("NOUN", "PROPN"):
            last_noun = j
        if doc[j].pos_ in ("NOUN", "PROPN") and (j + 1 >= len(doc)
                                                or (doc[j + 1].pos_ not in ("NOUN", "PROPN")
                                                    and doc[j + 1].tag_ != "HYPH")):
            break
        j += 1
    if last_noun is None:
        return None
    if doc[last_noun].lemma_.lower() in ("other", "more"):
        return None
    if doc[i].lower_ in ("last", "next", "this", "every", "each"):
        return None  # "turned 80 last week": a time phrase follows, nothing is counted
    return i, last_noun + 1


def _with_counted_noun(parsed: Parsed, fig: _Figure) -> _Figure:
    if fig.unit == "point" and parsed.text[fig.end:fig.end + 1] == " ":
        run = _noun_run(parsed, fig.end)  # "a 10-point lead": the lead is what is measured
        return replace(fig, counted_noun=run) if run else fig
    if (fig.unit is not None and fig.unit != FRACTION_UNIT) or fig.currency:
        return fig
    if fig.fraction:
        # "one in four residents": a rate measures the noun after it, still a share
        run = _noun_run(parsed, fig.end)
        return replace(fig, counted_noun=run) if run else fig
    # "40-plus workers"
    plus = re.match(r"-?plus\b", parsed.text[fig.end:fig.end + LOOK], re.IGNORECASE)
    run = _noun_run(parsed, fig.end + (plus.end() if plus else 0))
    if run is None:
        prev = parsed.doc[_token_index(parsed, fig.num_start)]
        for head in (prev.head, prev.head.head):
            if head.lower_ == "of" and head.head.lemma_.lower() in lex.crowd_nouns():
                return replace(fig, unit=PERSON_UNIT)
        # "the cholera killed more than 10,000", "30 were evacuated": only people undergo these
        number = parsed.doc[_token_index(parsed, fig.num_end - 1)]
        if number.dep_ in ("dobj", "nsubjpass") and \
                number.head.lemma_.lower() in lex.person_verbs():
            return replace(fig, unit=PERSON_UNIT)
        return fig
    fig = replace(fig, counted_noun=run)
    head = parsed.doc[run[1] - 1]
    if _is_person(head):
        fig = replace(fig, unit=PERSON_UNIT)
    return fig


# Words that stand for people before "under 30", "over 65": the number is then an age.
_AGE_HOLDERS = frozenset({"those", "anyone", "anybody", "everyone", "everybody", "nobody",
                          "someone", "somebody", "all"})
_AGE_BOUNDS = re.compile(r"(?:under|over|above|below)[ \u00a0]", re.IGNORECASE)
_SUBJECT_PRONOUNS = frozenset({"who", "he", "she", "i", "you", "we", "they"})


def _reads_as_figure(parsed: Parsed, fig: _Figure) -> bool:
    """False for bare numbers the parse shows to be something else: a pronoun ("the two"),
    a list marker ("one, ..., and two, ..."), an age ("who is 70", "people under 30"), or an
    intensifier ("100 percent wrong")."""
    if fig.unit == "percent":
        return not _intensifier(parsed, fig)
    if fig.unit is not None or fig.currency or fig.value_max is not None:
        return True
    if float(fig.value).is_integer() and fig.value <= 120 and _an_age_limit(parsed, fig):
        return False
    if fig.counted_noun is not None:
        return True
    tok = parsed.doc[_token_index(parsed, fig.num_end - 1)]
    spelled = not any(c.isdigit() for c in parsed.text[fig.num_start:fig.num_end])
    if spelled and fig.bound == "exact" and _stands_for_a_noun(tok):
        return False
    if spelled and _list_marker(parsed, fig, tok):
        return False
    return not (float(fig.value).is_integer() and fig.value <= 120 and _an_age(parsed, fig, tok))


def _stands_for_a_noun(tok: Token) -> bool:
    """"those two", "the two turned vicious": a number used as a noun phrase of its own, under a
    demonstrative or definite article, refers back to things already counted."""
    if tok.dep_ == "nummod" or (tok.dep_ == "pobj" and tok.head.lower_ == "of"):
        return False  # "three of the five": the whole a part is taken from is still a figure
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in tok.lefts)


def _list_marker(parsed: Parsed, fig: _Figure, tok: Token) -> bool:
    """"one, his temperament, and two, his language": counting off points, each number followed by
    a comma, the one before it written earlier in the sentence the same way."""
    if not re.match(r"[ \u00a0]*,", parsed.text[fig.end:fig.end + LOOK]):
        return False
    previous = {w for w, (v, kind) in lex.number_words().items()
                if kind == "unit" and v == fig.value - 1}
    previous |= {"first", "firstly"} if fig.value == 2 else set()
    before = parsed.text[tok.sent.start_char:fig.start].lower()
    return any(re.search(rf"\b{w},", before) for w in previous)


def _an_age_limit(parsed: Parsed, fig: _Figure) -> bool:
    """"people under 30", "voters over 65": a bare limit put on people is an age."""
    if fig.bound not in ("less_than", "more_than") or \
            not _AGE_BOUNDS.match(parsed.text[fig.start:fig.num_start]):
        return False
    i = _token_index(parsed, fig.start) - 1
    doc = parsed.doc
    return i >= 0 and (doc[i].lower_ in _AGE_HOLDERS or _is_person(doc[i]))


def _an_age(parsed: Parsed, fig: _Figure, tok: Token) -> bool:
    """"Trump, who is 70", "she turned 65": a bare number said of a person, or turned."""
    head = tok.head
    if (tok.dep_, head.lemma_) == ("dobj", "turn"):
        return True  # "the singer turned 80", "the firm turns 100": whoever turns it, an age
    if (tok.dep_, head.lower_) == ("pobj", "at") and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # "even now at 86 she still says": said of the verb's subject
    elif (tok.dep_, head.lemma_) != ("attr", "be"):
        return False
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(_one_person(s) for s in subjects)


def _one_person(subject: Token) -> bool:
    """An age is said of one person: "she", "the senator, who"; "casualties were 45" counts."""
    if subject.lower_ == "who" and subject.head.dep_ == "relcl":
        subject = subject.head.head  # the person the relative clause is about
    if subject.tag_ in ("NNS", "NNPS") or subject.lower_ in ("they", "we", "you"):
        return False
    return subject.lower_ in _SUBJECT_PRONOUNS or subject.ent_type_ == "PERSON" or \
        _is_person(subject)


def _intensifier(parsed: Parsed, fig: _Figure) -> bool:
    """"100 percent wrong", "110 percent committed": a percentage of 100 or more that qualifies
    an adjective or participle is emphasis, not a share ("20 percent higher" is a figure)."""
    if fig.value < 100 or fig.bound != "exact":
        return False
    doc = parsed.doc
    unit = doc[_token_index(parsed, fig.end - 1)]
    i = unit.i + 1
    while i < len(doc) and doc[i].is_space:
        i += 1  # a no-break space is a token of its own
    if i >= len(doc) or doc[i].tag_ in ("JJR", "RBR") or doc[i].lower_ == "of":
        return False
    qualifies = unit.dep_ in ("npadvmod", "advmod") and unit.head.i == i
    return qualifies or doc[i].tag_ in ("JJ", "VBN", "RB")


def _is_person(tok: Token) -> bool:
    persons = lex.person_nouns()
    lemma = tok.lemma_.lower()
    text = tok.lower_
    if lemma in persons or text in persons or text.rstrip("s") in persons:
        return True
    compound = f"{tok.nbor(-1).lower_} {lemma}" if tok.i > 0 else ""
    return compound in persons or (tok.ent_type_ == "NORP" and tok.tag_ == "NNPS")


def _carry_units(parsed: Parsed, figures: list[_Figure]) -> list[_Figure]:
    """Give a unit-less figure the unit of the figure it is paired with."""
    out = list(figures)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        gap = parsed.text[a.end:b.start]
        if "\n" in gap or re.search(r"[.;!?]", gap):
            continue
        partitive = bool(_PARTITIVE.match(gap))
        from_to = bool(re.fullmatch(r"\s*to\s*", gap)) and \
            re.search(r"\bfrom\s+$", parsed.text[max(0, a.start - LOOK):a.start],
                      re.IGNORECASE) is not None
        coordinated = bool(re.search(r"\b(?:and|or)\b|,", gap)) and not partitive
        if partitive or from_to:
            if _bare(a) and not _bare(b):
                out[k] = replace(a, unit=b.unit, currency=b.currency)
            elif _bare(b) and not _bare(a):
                out[k + 1] = replace(b, unit=a.unit, currency=a.currency)
        elif coordinated and _bare(b) and b.counted_noun is None and a.unit == PERSON_UNIT \
                and _same_sentence(parsed, a, b):
            out[k + 1] = replace(b, unit=a.unit)
        elif (_COMPARISON_GAP.match(gap) or _COMPARISON_AFTER_CLAUSE.match(gap)) and \
                _bare(b) and not _bare(a) and \
                (a.unit is not None or a.currency is not None) and not a.fraction:
            out[k + 1] = replace(b, unit=a.unit, currency=a.currency)
    return out


def _bare(fig: _Figure) -> bool:
    return fig.unit is None and fig.currency is None and fig.counted_noun is None


def _same_sentence(parsed: Parsed, a: _Figure, b: _Figure) -> bool:
    doc = parsed.doc
    return doc[_token_index(parsed, a.num_start)].sent.start == \
        doc[_token_index(parsed, b.num_start)].sent.start


def _measures(parsed: Parsed, figures: list[_Figure]) -> list[str | None]:
    measures: list[str | None] = [_measure(parsed, f) for f in figures]
    for k in range(1, len(figures)):
        a, b = figures[k - 1], figures[k]
        if a.currency and b.currency and a.currency != b.currency and \
                _CONVERSION_GAP.match(parsed.text[a.end:b.start]):
            measures[k] = measures[k - 1]  # "€10bn (about $11bn)": the same amount, converted
    for k in range(len(figures) - 1):
        gap = parsed.text[figures[k].end:figures[k + 1].start]
        fig = figures[k]
        bare = measures[k] is None or (fig.counted_noun is None and fig.currency is None
                                       and fig.unit in (None, PERSON_UNIT))
        if bare and (_PARTITIVE.match(gap) or re.fullmatch(r"\s*to\s*", gap)) and \
                measures[k + 1] is not None:
            measures[k] = measures[k + 1]  # "500 out of 400 voters", "from 5 to 7 percent"
    return measures


def _participle(verb: Token) -> str:
    lemma = verb.lemma_.lower()
    table = lex.participles()
    if lemma in table:
        return table[lemma]
    if verb.tag_ == "VBN" or (verb.tag_ == "VBD" and lemma == verb.lower_):
        return verb.lower_  # already a participle, or a past form the lemmatiser did not know
    stem = verb.lower_[:-3] if verb.tag_ == "VBG" and verb.lower_.endswith("ing") else ""
    if stem and stem not in (lemma, lemma[:-1]) and not stem.endswith("i"):
        return stem + "ed"  # the lemmatiser cut a letter the -ing form keeps ("installing")
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", lemma):
        return lemma + lemma[-1] + "ed"  # one syllable ending consonant-vowel-consonant
    return lemma + "ed"


def _phrase(head: Token) -> str:
    """A noun with its adjectives and compounds, without determiners or numbers."""
    keep = [t for t in head.lefts if t.dep_ in ("amod", "compound", "nmod", "poss")
            and t.pos_ not in ("NUM", "PRON")
            and t.ent_type_ not in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT")]
    words: list[Token] = []
    for t in keep:
        words.extend(w for w in t.subtree if (w.pos_ not in ("DET", "NUM", "PUNCT")
                                              or w.tag_ == "HYPH") and w.tag_ != "POS")
    return _as_written([*words, head])


def _as_written(tokens: Sequence[Token]) -> str:
    """Tokens joined as the text spaces them ("coal-producer"), one space across any gap."""
    out = ""
    for k, t in enumerate(tokens):
        if k and (tokens[k - 1].i + 1 != t.i or tokens[k - 1].whitespace_):
            out += " "
        out += t.text
    return out


def _verb_part(tok: Token) -> str | None:
    """The verb a noun is the object (or passive subject) of, as a participle."""
    if tok.dep_ in ("dobj", "nsubjpass", "pobj" if tok.head.dep_ == "agent" else "-") and \
            tok.head.pos_ in ("VERB", "AUX"):
        # "has 987 subsidiaries": having, like being, says nothing of what is counted
        return None if tok.head.lemma_ in ("have", "be") else _participle(tok.head)
    for child in tok.rights:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agents = [c for c in child.rights if c.dep_ == "agent"]
            objects = [o for a in agents for o in a.children if o.dep_ == "pobj"]
            if objects:  # "wounded by a bomb": the agent's noun phrase, without what it joins
                return f"{child.text} by {_phrase(objects[0])}"
            return child.text
    return None


def _measure(parsed: Parsed, fig: _Figure) -> str | None:
    doc = parsed.doc
    if fig.counted_noun is not None:
        i, j = fig.counted_noun
        head = doc[j - 1]
        noun = doc[i:j].text  # as written: "plain-clothes officers"
        verb = _verb_part(head)
        return f"{noun} {verb}" if verb else noun
    anchor = doc[_token_index(parsed, max(fig.num_start, fig.end - 1))]
    # "tonnes of cocaine", "percent of the vote": what the unit measures follows "of"
    for child in anchor.rights:
        takes_whole = child.lower_ == "of" or (child.lower_ == "in" and fig.currency)
        if child.dep_ == "prep" and takes_whole:
            # not a number ("12 of the 30") nor a pronoun ("40 percent of whom")
            objects = [c for c in child.children if c.dep_ == "pobj"
                       and c.pos_ not in ("NUM", "PRON", "DET") and c.tag_ not in ("WP", "WDT")]
            if objects:
                return _phrase(objects[0])
    # "an amount of 10 billion euros", "a loss of $1.2bn": the figure is the noun's complement
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and \
            anchor.head.head.pos_ == "NOUN" and not fig.start <= anchor.head.head.idx < fig.end:
        owner = anchor.head.head
        verb = _verb_part(owner)
        return f"{_phrase(owner)} {verb}" if verb else _phrase(owner)
    info = lex.unit_by_name().get(fig.unit or "")
    dimension = "money" if fig.currency else (info.dimension if info else None)
    verb = _verb_part(anchor)
    if dimension in DIMENSION_NOUNS and verb:
        return f"{DIMENSION_NOUNS[dimension]} {verb}"
    # "The bank raised its rate by 0.25 points", "The economy grew by 2.4 percent": the thing
    # that changed, object first
    governor = anchor.head if anchor.dep_ != "pobj" else anchor.head.head
    if governor.pos_ in ("VERB", "AUX"):
        outside = [c for c in governor.children if not fig.start <= c.idx < fig.end
                   and c.pos_ in ("NOUN", "PROPN") and c.lower_ not in lex.units()]
        objects = [c for c in outside if c.dep_ == "dobj"]
        if objects:
            return f"{_phrase(objects[0])} {_participle(governor)}"
        subjects = [c for c in outside if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and governor.lemma_ in ("be", "have"):
            return _phrase(subjects[0])  # "the sample is 834": the copula adds nothing
        if subjects:
            return f"{_phrase(subjects[0])} {governor.text}"
    if dimension in DIMENSION_NOUNS:
        return DIMENSION_NOUNS[dimension]
    return None


# -- links ----------------------------------------------------------------------------------

class _Holders:
    """The attributions by where their content starts, to find the one holding a figure without
    a scan of them all per figure (quadratic in a long article)."""

    def __init__(self, attributions: Sequence[Attribution]) -> None:
        self.by_start = sorted(attributions, key=lambda a: a.content.start)
        self.starts = [a.content.start for a in self.by_start]
        self.order = {id(a): k for k, a in enumerate(attributions)}
        self.longest = max((a.content.end - a.content.start for a in attributions), default=0)

    def holder(self, fig: _Figure) -> str | None:
        """The innermost attribution whose content holds the figure's number (the first
        given, of equally long ones)."""
        # Only contents starting at most ``longest`` before the number can hold it.
        lo = bisect.bisect_left(self.starts, fig.num_start - self.longest)
        hi = bisect.bisect_right(self.starts, fig.num_start)
        holders = [a for a in self.by_start[lo:hi] if fig.num_end <= a.content.end]
        if not holders:
            return None
        return min(holders, key=lambda a: (a.content.end - a.content.start,
                                           self.order[id(a)])).id


def _number(value: float) -> float | int:
    value = float(f"{value:.12g}")  # "$65.4 billion" is 65400000000, not ...0.00001
    if value == int(value) and abs(value) < 1e18:
        return int(value)
    return round(value, 6)
