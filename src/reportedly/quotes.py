"""Quotation marks paired into quoted stretches, robust to the damage real news carries.

Handles curly, straight, guillemet and low-9 double quotes, mixed styles, nested quotes, a
quote that runs across paragraphs (no closing mark at the paragraph's end, an opening mark at the
next one's start), stray opening marks inside an open quote, and quotes left unclosed at a
paragraph's end. Doubled apostrophes (''…'') and TeX-style openers (``) count as double marks, as
some archives write them.

Single marks (' ‘ ’) are quotation marks only where they cannot be apostrophes: an opening one
stands at a word's start after a space, a bracket, a dash or a colon, a closing one at a word's
end before a space or punctuation, and the two pair within a paragraph (or run on into the next
one, which reopens them). Marks inside words (don't, o'clock), elisions (the '90s, rock 'n' roll)
and closing marks with nothing open (Jones' car, the students' union) are apostrophes. A document
whose quotes are double keeps straight single ones only as quotes nested inside them (curly ‘…’
on one line, which no apostrophe opens, still quote, as headlines do); a document whose quotes
are single keeps both. A quote nested in another stays implicit in the outer one. Pure text
work: no parse needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
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


def _markup(text: str, start: int, end: int) -> set[int]:
    """Offsets inside markup tags left in the text."""
    in_markup: set[int] = set()
    if "<" in text[start:end]:
        for m in _MARKUP_TAG.finditer(text, start, end):
            in_markup.update(range(m.start(), m.end()))
    return in_markup


def _marks(text: str, start: int, end: int) -> list[tuple[int, str, int]]:
    """The double-quote marks of one paragraph as (offset, 'open'|'close', width)."""
    in_markup = _markup(text, start, end)
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
    taken: set[int] = set()  # offsets of double marks, which no single mark can be
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        marks = _marks(text, p_start, p_end)
        for offset, _, width in marks:
            taken.update(range(offset, offset + width))
        open_at: int | None = None
        open_width = 1
        span_paragraphs = 1
        if carried is not None:
            # A quote ran on from the previous paragraph: this one must reopen it at its start,
            # with a mark of the same kind (a curly mark opens another quote after an excerpt
            # whose paragraphs each open with a straight one).
            if marks and marks[0][1] == "open" and not text[p_start:marks[0][0]].strip() \
                    and _same_kind(text[carried[0]], text[marks[0][0]]):
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
        singles: _SingleMarks | None = None  # the paragraph's single marks, found when needed
        # The paragraph's last closing mark: a nested quote has its own closing mark when one
        # comes later (one look-up, where a scan of the later marks at each closing mark would
        # be quadratic in a paragraph of stray marks).
        last_close = max((o for o, role, _ in marks if role == "close"), default=-1)
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
                if singles is None:
                    singles = _SingleMarks(text, p_start, p_end)
                single = singles.opener(max(p_start, quotes[-1].end if quotes else 0), offset)
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
                if last_close > offset:
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
    single_quotes, unclosed = _single_quotes(text, quotes, taken, paragraphs)
    # A quote nested in another (single in double, or double in single) stays implicit.
    quotes = _outermost(quotes + single_quotes + unclosed)
    kept = {q.start for q in quotes}
    strays.extend(StrayMark(q.start, text[q.start], NEVER_CLOSED) for q in unclosed
                  if q.start in kept)
    quotes.sort(key=lambda q: (q.start, -q.end))
    strays.sort(key=lambda s: s.offset)
    return quotes, strays


def _same_kind(mark: str, other: str) -> bool:
    """Whether two opening marks are of one kind: both a straight double mark ("), or
    neither (curly, guillemet, low-9 or doubled apostrophes)."""
    return (mark == STRAIGHT) == (other == STRAIGHT)


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


class _SingleMarks:
    """The single opening and closing marks of one paragraph, found once, so that asking for
    the opener before each of many closing marks stays linear in the paragraph's length."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.openers = [m.start() for m in _SINGLE_OPENER.finditer(text, start, end)]
        self.closers = [m.start() for m in _SINGLE_CLOSER.finditer(text, start, end)]

    def opener(self, start: int, end: int) -> int | None:
        """The last single quote mark in ``text[start:end]`` (``end`` at a double closing mark)
        that opens a quote left unclosed before ``end``, or None. A closer after it ("the
        workers' union") means it was closed or was an apostrophe, and nothing is claimed."""
        k = bisect_left(self.openers, end)
        if k == 0 or self.openers[k - 1] < start:
            return None
        last = self.openers[k - 1]
        # A closer before ``end - 1`` reads the same in the paragraph as in text[:end]; the
        # mark just before ``end`` closes only as the last character ("$"), so it is asked
        # of text[:end] itself.
        c = bisect_left(self.closers, last + 1)
        if c < len(self.closers) and self.closers[c] < end - 1:
            return None
        if _SINGLE_CLOSER.search(self.text, max(last + 1, end - 1), end):
            return None
        return last


# Elisions whose marks stand where quotation marks would: the '90s, class of '98, rock 'n' roll.
_ELISION = re.compile(r"['‘’]\d\d(?:s|['’]s)?(?!\w)|(?<!\S)['‘’]\w['’](?!\S)")
_SINGLE_MARK = re.compile(r"['‘’]")
# What may stand before a single opening mark besides a space: brackets, dashes, a colon, an
# opening double mark (a quote nested at the start of another).
_SINGLE_OPEN_AFTER = "([{—–-/:" + OPENING + STRAIGHT
# What may follow a single opening mark besides a letter or digit.
_SINGLE_OPEN_BEFORE = "([…$£€#"
# What may stand before a single closing mark besides a letter or digit.
_SINGLE_CLOSE_AFTER = ".,!?…%)]—–-"
# What may follow a single closing mark besides a space.
_SINGLE_CLOSE_BEFORE = ".,;:!?)]}—–-…" + CLOSING + STRAIGHT + "'"


def _single_role(text: str, i: int) -> str | None:
    """'open', 'close' or 'weak' (a closing mark that may be a plural's apostrophe: "the
    unions' claims") for the single mark at ``i``; None for an apostrophe."""
    mark = text[i]
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if mark != "’" and (before.isspace() or before in _SINGLE_OPEN_AFTER) \
            and (after.isalnum() or after in _SINGLE_OPEN_BEFORE):
        return "open"
    if mark != "‘" and (before.isalnum() or before in _SINGLE_CLOSE_AFTER) \
            and (after.isspace() or after in _SINGLE_CLOSE_BEFORE):
        if before in "sS" and after == " " and text[i + 2:i + 3].isalnum():
            return "weak"
        return "close"
    return None


def _single_marks(text: str, start: int, end: int, taken: set[int]) -> list[tuple[int, str]]:
    """The single marks of ``text[start:end]`` that may be quotation marks, with their roles;
    ``taken`` holds the offsets of double marks ('' is one)."""
    skip = _markup(text, start, end)
    for m in _ELISION.finditer(text, start, end):
        skip.update(i for i in range(m.start(), m.end()) if text[i] in "'‘’")
    marks = []
    for m in _SINGLE_MARK.finditer(text, start, end):
        if m.start() not in skip and m.start() not in taken:
            role = _single_role(text, m.start())
            if role is not None:
                marks.append((m.start(), role))
    return marks


def _pair_singles(text: str, paragraphs: list[tuple[int, int]], taken: set[int]
                  ) -> tuple[list[Quote], list[Quote]]:
    """Single-mark quotes: the paired ones, and those left open where a quote plainly opened
    (a paragraph's start, or after a colon) and the next paragraph did not reopen."""
    paired: list[Quote] = []
    unclosed: list[Quote] = []
    # (opening offset, paragraphs so far) of a quote running on into the next paragraph
    carried: tuple[int, int] | None = None
    last_end = 0
    for p_start, p_end in paragraphs:
        marks = _single_marks(text, p_start, p_end, taken)
        open_at: int | None = None
        span = 1
        if carried is not None:
            if marks and marks[0][1] == "open" and not text[p_start:marks[0][0]].strip():
                open_at, span = carried[0], carried[1] + 1
                marks = marks[1:]
            elif _plainly_opens(text, carried[0]):
                unclosed.append(_quote(text, carried[0], last_end, balanced=False,
                                       paragraphs=carried[1]))
            carried = None
        for k, (offset, role) in enumerate(marks):
            if role == "open":
                # An opening mark inside an open single quote is an elision ('em, 'cause):
                # single quotes nest in double ones, not in single ones.
                if open_at is None:
                    open_at = offset
                continue
            if open_at is None:
                continue  # a plural's apostrophe: the students' union
            if role == "weak" and k + 1 < len(marks) and marks[k + 1][1] != "open":
                continue  # a later mark closes the quote: 'the unions' claims'
            if any(ch.isalnum() for ch in text[open_at + 1:offset]):
                paired.append(_quote(text, open_at, offset + 1, balanced=True,
                                     paragraphs=span))
            open_at, span = None, 1
        if open_at is not None:
            carried = (open_at, span)
        last_end = p_end
    if carried is not None and _plainly_opens(text, carried[0]):
        unclosed.append(_quote(text, carried[0], last_end, balanced=False,
                               paragraphs=carried[1]))
    return paired, unclosed


def _plainly_opens(text: str, offset: int) -> bool:
    """Whether the single mark at ``offset`` starts its paragraph or follows a colon."""
    line_start = text.rfind("\n", 0, offset) + 1
    lead = text[line_start:offset].rstrip()
    return not lead or lead.endswith(":")


def _overlapping(quote: Quote, others: list[Quote], starts: list[int]) -> list[Quote]:
    """The quotes of ``others`` (disjoint, in text order; ``starts`` their starts) that
    overlap ``quote``."""
    k = bisect_left(starts, quote.end)
    out = []
    while k > 0 and others[k - 1].end > quote.start:
        k -= 1
        out.append(others[k])
    return out


def _within(inner: Quote, outer: Quote) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _single_quotes(text: str, doubles: list[Quote], taken: set[int],
                   paragraphs: list[tuple[int, int]]) -> tuple[list[Quote], list[Quote]]:
    """The single-mark quotes to keep, paired and unclosed. Where double marks quote more than
    single ones do, a straight single mark opens no quote outside a double quote (nested, it is
    kept implicit): only a curly opening one (‘) does, which no apostrophe is, as headlines
    quote ("Sanders: ‘It Is Not A Radical Idea’")."""
    if not _SINGLE_MARK.search(text):
        return [], []
    paired, unclosed = _pair_singles(text, paragraphs, taken)
    if not paired:
        return [], []
    doubles = _outermost(doubles)
    d_starts = [d.start for d in doubles]
    s_starts = [s.start for s in paired]
    double_top = sum(1 for d in doubles
                     if not any(_within(d, s) for s in _overlapping(d, paired, s_starts)))
    single_top = sum(1 for s in paired
                     if not any(_within(s, d) for d in _overlapping(s, doubles, d_starts)))
    if double_top > single_top:
        unclosed = []
        paired = [s for s in paired if text[s.start] == SINGLE_OPEN and s.paragraphs == 1]
    # A single quote crossing a double one is no quote, nor one that a double closing mark
    # already paired (its opening mark is that quote's start).
    opened = set(d_starts)
    keep = [s for s in paired + unclosed
            if s.start not in opened and all(_within(s, d) or _within(d, s)
                                             for d in _overlapping(s, doubles, d_starts))]
    return ([s for s in keep if s.balanced], [s for s in keep if not s.balanced])


def _outermost(quotes: list[Quote]) -> list[Quote]:
    """The quotes that no other quote contains."""
    quotes = sorted(quotes, key=lambda q: (q.start, -q.end))
    out: list[Quote] = []
    for q in quotes:
        if out and out[-1].start <= q.start and q.end <= out[-1].end:
            continue
        out.append(q)
    return out
