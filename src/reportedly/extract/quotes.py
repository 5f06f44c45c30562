"""Quotation marks paired into quoted stretches, robust to the damage real news carries.

Handles curly, straight, guillemet and low-9 double quotes, mixed styles, nested quotes, a
quote that runs across paragraphs (no closing mark at the paragraph's end, an opening mark at the
next one's start), stray opening marks inside an open quote, and quotes left unclosed at a
paragraph's end. Single quotes (‘…’) are paired only where they cannot be apostrophes. Doubled
apostrophes (''…'') and TeX-style openers (``) count as double marks, as some archives write them.
Pure text work: no parse needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“„«‟"
CLOSING = "”»"
STRAIGHT = '"'
# Two-character double marks: doubled apostrophes and backticks (``…'').
DOUBLED_STRAIGHT = "''"
DOUBLED_OPENING = "``"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
ALL_DOUBLE = OPENING + CLOSING + STRAIGHT

NEVER_CLOSED = "opening quotation mark never closed"
NEVER_OPENED = "closing quotation mark never opened"
OPENED_INSIDE = "opening quotation mark inside an open quote"
MISMATCHED = "closing double quotation mark after an opening single one"

# Markup left in extracted text (<tweet author="…">): its quotation marks quote nothing.
_MARKUP_TAG = re.compile(r"<[A-Za-z/][^<>\n]*>")

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*\S)")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    # False when a mark was missing (unclosed at a paragraph's end, or a closing mark alone).
    balanced: bool = True
    # Paragraph breaks inside: a multi-paragraph quote.
    paragraphs: int = 1


@dataclass(frozen=True, slots=True)
class StrayMark:
    """A quotation mark that could not be paired."""

    offset: int
    mark: str
    reason: str


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: lines separated by line breaks."""
    bounds, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _direction(text: str, i: int, width: int = 1) -> str:
    """'open' or 'close' for the straight double quote at ``i``, from its neighbours."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isspace() or before in "([{—–-/" or i == 0:
        return "open"
    if after.isspace() or after in ".,;:!?)]}—–-" or i + width == len(text):
        return "close"
    return "open" if before in OPENING else "close"


def _marks(text: str, start: int, end: int) -> list[tuple[int, str, int]]:
    """The double-quote marks of one paragraph as (offset, 'open'|'close', width)."""
    in_markup = set()
    if "<" in text[start:end]:
        for m in _MARKUP_TAG.finditer(text, start, end):
            in_markup.update(range(m.start(), m.end()))
    marks = []
    i = start
    while i < end:
        ch = text[i]
        pair = text[i:i + 2]
        if i in in_markup:
            pass
        elif pair == DOUBLED_OPENING:
            marks.append((i, "open", 2))
            i += 1
        elif pair == DOUBLED_STRAIGHT and text[i + 2:i + 3] != "'" and i + 1 < end:
            marks.append((i, _direction(text, i, 2), 2))
            i += 1
        elif ch in OPENING:
            marks.append((i, "open", 1))
        elif ch in CLOSING:
            marks.append((i, "close", 1))
        elif ch == STRAIGHT:
            marks.append((i, _direction(text, i), 1))
        i += 1
    return marks


def find_quotes(text: str) -> tuple[list[Quote], list[StrayMark]]:
    """Pair the article's quotation marks; returns quotes in text order and the unpaired marks."""
    quotes: list[Quote] = []
    strays: list[StrayMark] = []
    paragraphs = _paragraphs(text)
    # (open offset, paragraphs so far, mark width) of a quote running on between paragraphs
    carried: tuple[int, int, int] | None = None
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        marks = _marks(text, p_start, p_end)
        open_at: int | None = None
        open_width = 1
        span_paragraphs = 1
        if carried is not None:
            # A quote ran on from the previous paragraph: this one must reopen it at its start.
            if marks and marks[0][1] == "open" and not text[p_start:marks[0][0]].strip():
                open_at, span_paragraphs, open_width = carried[0], carried[1] + 1, carried[2]
                marks = marks[1:]
            else:
                prev_end = paragraphs[p_index - 1][1]
                quotes.append(_quote(text, carried[0], prev_end, balanced=False,
                                     paragraphs=carried[1], open_width=carried[2]))
                strays.append(StrayMark(carried[0], text[carried[0]],
                                        NEVER_CLOSED))
            carried = None
        depth_marks: list[int] = []  # opening marks inside the running quote
        for offset, role, width in marks:
            if role == "open":
                if open_at is None:
                    open_at, open_width = offset, width
                else:
                    depth_marks.append(offset)
                continue
            if open_at is None:
                # A closing mark with nothing open: a single mark opened it ('… ") when one
                # stands open before it in the paragraph; else the quote began at the
                # paragraph's start when nothing but text precedes it; else it is a stray.
                single = _single_opener(text, max(p_start, quotes[-1].end if quotes else 0),
                                        offset)
                if single is not None:
                    quotes.append(Quote(single, offset + width, single + 1, offset,
                                        balanced=False))
                    strays.append(StrayMark(offset, text[offset], MISMATCHED))
                    continue
                if not quotes or quotes[-1].end <= p_start:
                    first = _first_char(text, p_start, offset)
                    if first is not None and first < offset:
                        quotes.append(Quote(first, offset + width, first, offset,
                                            balanced=False))
                strays.append(StrayMark(offset, text[offset], NEVER_OPENED))
                continue
            if depth_marks:
                inner_open = depth_marks.pop()
                # A nested quote with its own closing mark: inside the outer one, kept implicit.
                if _has_later_close(marks, offset):
                    continue
                # Otherwise the inner opening was a stray mark inside the running quote.
                strays.append(StrayMark(inner_open, text[inner_open],
                                        OPENED_INSIDE))
                for extra in depth_marks:
                    strays.append(StrayMark(extra, text[extra],
                                            OPENED_INSIDE))
                depth_marks.clear()
            quotes.append(_quote(text, open_at, offset + width, balanced=True,
                                 paragraphs=span_paragraphs, open_width=open_width,
                                 close_width=width))
            open_at, span_paragraphs = None, 1
        for extra in depth_marks:
            strays.append(StrayMark(extra, text[extra], OPENED_INSIDE))
        if open_at is not None:
            carried = (open_at, span_paragraphs, open_width)
    if carried is not None:
        last_end = paragraphs[-1][1] if paragraphs else len(text)
        quotes.append(_quote(text, carried[0], last_end, balanced=False, paragraphs=carried[1],
                             open_width=carried[2]))
        strays.append(StrayMark(carried[0], text[carried[0]], NEVER_CLOSED))
    quotes.extend(_single_quotes(text))
    quotes.sort(key=lambda q: (q.start, -q.end))
    strays.sort(key=lambda s: s.offset)
    return quotes, strays


def _has_later_close(marks: list[tuple[int, str, int]], offset: int) -> bool:
    return any(role == "close" and o > offset for o, role, _ in marks)


def _first_char(text: str, start: int, end: int) -> int | None:
    for i in range(start, end):
        if not text[i].isspace():
            return i
    return None


def _quote(text: str, start: int, end: int, *, balanced: bool, paragraphs: int,
           open_width: int = 1, close_width: int = 1) -> Quote:
    """A quote from its opening mark to ``end`` (after the closing mark, or the text's end)."""
    inner_end = end - close_width if balanced else end
    while inner_end > start + open_width and text[inner_end - 1].isspace():
        inner_end -= 1
    if not balanced:
        end = inner_end
    return Quote(start, end, start + open_width, inner_end, balanced, paragraphs)


# A single mark opening a quote: at a word start after a space, a bracket, a dash or a colon.
_SINGLE_OPENER = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–:]))['‘](?=[\w\[])")
# A single mark closing one: at a word end, before a space, punctuation or the end.
_SINGLE_CLOSER = re.compile(r"(?<=[\w.,!?…])['’](?=[\s.,;:!?)\]—–]|$)")


def _single_opener(text: str, start: int, end: int) -> int | None:
    """The last single quote mark in ``text[start:end]`` that opens a quote left unclosed
    before ``end``, or None. A closer after it ("the workers' union") means it was closed or
    was an apostrophe, and nothing is claimed."""
    openers = [m.start() for m in _SINGLE_OPENER.finditer(text, start, end)]
    if not openers:
        return None
    last = openers[-1]
    if _SINGLE_CLOSER.search(text, last + 1, end):
        return None
    return last


_SINGLE = re.compile(r"(?<![\w’'])‘([^‘’\n]{2,}?[^\s])’(?![\w])")


def _single_quotes(text: str) -> list[Quote]:
    """‘…’ pairs whose marks cannot be apostrophes: opening at a word start, closing at a
    word end."""
    found = []
    for m in _SINGLE.finditer(text):
        found.append(Quote(m.start(), m.end(), m.start(1), m.end(1)))
    return found
