"""Scanning: numbers in digits and in words, with the scale, unit and currency written around
them. A number the text around it shows to be no figure (:mod:`.not_figures`) is not read."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import cache
from itertools import accumulate

from reportedly.extract.quantities import lexicon as lex
from reportedly.extract.quantities.bounds import past_plus
from reportedly.extract.quantities.figure import FRACTION_UNIT, LOOK, Figure, prev_word
from reportedly.extract.quantities.not_figures import not_a_figure
from reportedly.extract.quantities.plurals import (
    is_time_unit,
    plural_scale_after,
    vague_plurals,
)
from reportedly.extract.quantities.ranges import RATE_GAP

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
_GAP = r"[ \u00a0\u202f]*"
# "minus 30", "-5%"; not "plus or minus 4 points" (a margin) nor a range dash after a digit
_MINUS = re.compile(r"(?:(?<!or )(?<!/)\bminus[ \u00a0]+|(?<![\w.,%)/])[-−])$", re.IGNORECASE)

SCALE_GLUED_ONLY = frozenset({"k", "m", "b"})  # "$5m" is five million, "5 m" is five metres

# "a 10-point lead": the points a difference is counted in (not "a five-point plan")
_POINT_DIFFERENCE = re.compile(r"-point (\w+)", re.IGNORECASE)

_RATE_AFTER = re.compile(RATE_GAP, re.IGNORECASE)


def _word_number_re() -> re.Pattern[str]:
    words = [w for w, (_, kind) in lex.number_words().items()
             if len(w) > 2 and w not in ("mln", "bln", "trn") and kind != "plural"]
    alt = "|".join(sorted(words, key=len, reverse=True))
    word = rf"(?:{alt})"
    joint = r"[\s-]+(?:and[\s-]+)?(?:(?:a|an)[\s-]+)?"
    # "a quarter of a million": a share of a scale word is one number
    of_scale = r"\s+of\s+(?:a|an)\s+(?=(?:hundred|thousand|million|billion|trillion)\b)"
    return re.compile(rf"\b(?:(?:a|an)\s+)?{word}(?:(?:{joint}|{of_scale}){word})*\b",
                      re.IGNORECASE)


_WORD_NUMBER = _word_number_re()


def scan(text: str) -> list[Figure]:
    # Phone numbers as a set of blocked offsets (they never overlap), looked up per number.
    blocked = {i for m in _PHONE.finditer(text) for i in range(m.start(), m.end())}
    found: list[Figure] = []
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
    # "hundreds of", "dozens of": read last, where no number before took the plural word
    taken = [(f.start, f.end) for f in found]
    found.extend(_with_currency_of(text, v) for v in vague_plurals(text)
                 if not any(s < v.end and v.start < e for s, e in taken))
    found.sort(key=lambda f: f.start)
    return found


def _with_currency_of(text: str, fig: Figure) -> Figure:
    """"billions of dollars", "millions of rubles": the currency named after the "of"."""
    of = re.match(r"[ \u00a0]+of(?=[ \u00a0])", text[fig.end:fig.end + LOOK])
    named = _currency_after(text, fig.end + of.end()) if of else None
    if named is None:
        return fig
    code, end = named
    return replace(fig, end=end, currency=code, unit=code.lower())


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


_FEET_INCHES = re.compile(r"['’′](\d{1,2})(?:\"|”|″|'')")


def _read_digits(text: str, start: int, end: int) -> Figure | None:
    if re.match(r"(?:st|nd|rd|th|s)\b", text[end:end + LOOK]):
        return None  # ordinals ("21st") and decades ("1990s")
    height = _FEET_INCHES.match(text, end)
    if height and re.fullmatch(r"\d{1,2}", text[start:end]):
        # 6'3": feet and inches, one length in feet
        feet = int(text[start:end]) + int(height.group(1)) / 12
        return Figure(start=start, end=height.end(), num_start=start, num_end=end,
                      value=feet, unit="ft")
    scale, after_scale = _scale_after(text, end)
    plural_currency = None
    plural = plural_scale_after(text, end) if after_scale == end else None
    if plural is not None:  # "15 U.S. billions": a translation's plural scale word
        scale, plural_currency, after_scale = plural
    if after_scale == end and re.match(r"[A-Za-z]", text[end:end + 1]) and \
            _unit_after(text, end) is None:
        return None  # letters glued to the digits that are neither scale nor unit: an identifier
    value = _parse_digits(text[start:end], scaled=scale > 1)
    if value is None:
        return None
    fig = _complete(text, start, end, value, scale, after_scale,
                    plain_integer=bool(re.fullmatch(r"\d+", text[start:end])),
                    currency=plural_currency)
    minus = _MINUS.search(text[max(0, start - 10):start])
    if fig is not None and minus is not None and fig.currency is None:
        # "minus 30 degrees", "-5%": a sign, not a range dash (that follows a digit)
        fig = replace(fig, value=-fig.value, start=min(fig.start, start - len(minus.group(0))))
    return fig


def _read_words(text: str, start: int, end: int) -> Figure | None:
    tokens = [t.lower() for t in re.split(r"[\s-]+", text[start:end]) if t]
    words = lex.number_words()
    if tokens[0] in ("a", "an") and words[tokens[1]][1] in ("unit", "ten"):
        # "a ten-point lead": the article is not part of the number
        article = re.match(r"\w+\s+", text[start:end])
        assert article is not None  # _WORD_NUMBER has a space after a leading "a" or "an"
        start = start + len(article.group(0))
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
    if (tokens == ["one"] and not _rate_follows(text, end) and not _long_duration(text, end)) \
            or tokens == ["zero"]:
        return None  # "one of the soldiers": a pronoun, not a figure ("one in four" is a rate)
    if fraction:
        # "half" and "a quarter" are shares only when they take a whole: "half of the town"
        if not re.match(r"\s+(?:of|a|an)\b", text[end:end + LOOK]) and \
                tokens[-1] in ("half", "quarter", "quarters"):
            return None
        if prev_word(text, start) in ("the", "first", "second", "third", "fourth", "last"):
            return None
    scale, pos, plural_currency = 1.0, end, None
    plural = plural_scale_after(text, end)
    if plural is not None and not fraction:  # "fifteen U.S. billions", "a dozen hundreds"
        scale, plural_currency, pos = plural
    fig = _complete(text, start, end, value, scale, pos, plain_integer=False,
                    currency=plural_currency)
    if fig is not None and fraction and fig.unit is None and fig.currency is None:
        # "half a percentage point", "a third of a mile": a share of one unit is that unit
        article = re.match(r"\s+(?:of\s+)?(?:a|an)\s+", text[end:end + LOOK])
        unit = _unit_after(text, end + article.end()) if article else None
        if unit is not None:
            return replace(fig, end=unit[1], unit=unit[0].unit)
        fig = replace(fig, unit=FRACTION_UNIT, fraction=True)
    return fig


def _complete(text: str, start: int, end: int, value: float, scale: float, pos: int,
              plain_integer: bool, currency: str | None = None) -> Figure | None:
    """Read the currency, unit and percent sign around a number and scale ending at ``pos``;
    ``currency`` is one the scale words named ("U.S. billions")."""
    if not_a_figure(text, start, end):
        return None
    named_currency = currency
    fig_start, fig_end = start, pos
    unit: str | None = None
    currency = None
    before = _currency_before(text, start)
    if before:
        currency, fig_start = before
    after_currency = _currency_after(text, pos)
    unit_after = _unit_after(text, pos)
    if after_currency and after_currency[0] == "GBP" and \
            re.search(r"\bweigh", text[max(0, start - 40):start], re.IGNORECASE):
        after_currency = None  # "weighs 236 pounds": a weight, not sterling
        pounds = re.match(r"\s*\w+", text[pos:pos + LOOK])
        assert pounds is not None  # every name or code of GBP starts with a word character
        unit_after = (lex.units()["lb"], pos + len(pounds.group(0)))
    if currency is None and after_currency and \
            (unit_after is None or after_currency[1] >= unit_after[1]):
        currency, fig_end = after_currency
    elif unit_after and currency is None:
        info, fig_end = unit_after
        unit = info.unit
    elif currency is None and (point := _POINT_DIFFERENCE.match(text, pos)) and \
            point.group(1).lower() in lex.point_nouns():
        unit, fig_end = "point", point.end(0) - len(point.group(1)) - 1  # "a 10-point lead"
    if currency is None and named_currency is not None:
        currency = named_currency
    if unit is None and currency is None and past_plus(text, pos) != pos:
        plus_unit = _unit_after(text, past_plus(text, pos))
        if plus_unit is not None and is_time_unit(plus_unit[0].unit):
            unit = plus_unit[0].unit  # "200-plus days": the "-plus" is a bound, read later
    if currency:
        unit = currency.lower()
        # "$5m" written with the scale after a currency code: "USD 340 million" is read above.
    if plain_integer and unit is None and currency is None and scale == 1.0 and \
            _unit_after(text, end) is None:
        digits = text[start:end]
        if len(digits) == 4 and 1800 <= int(digits) <= 2100:
            return None
    return Figure(start=fig_start, end=fig_end, num_start=start, num_end=end,
                  value=value * scale, scale=scale, unit=unit, currency=currency)


def _long_duration(text: str, end: int) -> bool:
    """"one year", "one month" are durations; "one day" is as often "some day"."""
    unit = _unit_after(text, end)
    return unit is not None and is_time_unit(unit[0].unit) and unit[0].unit != "day" and \
        text[end:unit[1]].strip()[:1].isalpha()


def _rate_follows(text: str, end: int) -> bool:
    """"one in four": a number comes after "in" ("endorsed one in July" is no rate)."""
    gap = _RATE_AFTER.match(text, end)
    return gap is not None and (text[gap.end():gap.end() + 1].isdigit()
                                or _WORD_NUMBER.match(text, gap.end()) is not None)
