"""Stages that tidy the drafts: contents settled on whole quotes, one attribution's frame kept
out of another's content, the nearest of several frames on one quote, one attribution per cue,
position order, and the writer's trailing asides cut off a content."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.extract.attributions.draft import (
    Context,
    Draft,
    Range,
    holds_strictly,
    trim_writers_edges,
    widen_to_quotes,
)
from reportedly.extract.attributions.grammar import MIN_OBJECT_WORDS
from reportedly.extract.attributions.quoting import LEAD_IN_WORDS
from reportedly.quotes import Quote


def settle_draft(text: str, draft: Draft, quotes: Sequence[Quote]) -> Draft:
    """Final content range: quotes it cuts into made whole, the writer's edges trimmed."""
    start, end, inside = widen_to_quotes(*draft.content, quotes)
    if inside:
        lead = text[start:inside[0].start]
        if lead.strip() and all(w.strip(",:") in LEAD_IN_WORDS for w in lead.lower().split()):
            start = inside[0].start
    if not inside or inside[-1].end != end:
        start, end = trim_writers_edges(text, start, end)
    elif inside[0].start != start:
        start, _ = trim_writers_edges(text, start, end)
    return replace(draft, content=Range(start, end), quotes=inside)


def _separate(text: str, drafts: list[Draft]) -> list[Draft]:
    """Keep one attribution's frame (source and cue) out of another's content, unless the
    other's content holds that attribution whole (a nested attribution)."""
    # Each content looks only at the frames that start inside it, found by bisection in the
    # frames ordered by their start (every pair would be quadratic in a long article), and
    # takes them in the drafts' own order, since whether a frame cuts depends on the cuts
    # made before it.
    frame_starts = [_frame_start(b) for b in drafts]
    framed = sorted((f, j) for j, f in enumerate(frame_starts) if f is not None)
    starts = [f for f, _ in framed]
    out = []
    for a in drafts:
        start, end = a.content
        inside = framed[bisect_right(starts, start):bisect_left(starts, end)]
        for j, frame_start in sorted((j, f) for f, j in inside):
            b = drafts[j]
            if b is a:
                continue
            nested = start <= b.content[0] and b.content[1] <= end
            if nested and b.aside is None:
                continue
            if start < frame_start < end:
                end = frame_start
        if (start, end) != a.content:
            start, end = trim_writers_edges(text, start, end)
            if end <= start:
                continue
            a = replace(a, content=Range(start, end), quotes=[q for q in a.quotes if q.end <= end])
        out.append(a)
    return out


def _frame_start(draft: Draft) -> int | None:
    """Where a draft's frame begins (its aside's start, else its source's or cue's, whichever
    comes first); None when it has neither source nor cue."""
    frame = [r for r in (draft.source, draft.cue[:2] if draft.cue else None) if r is not None]
    if not frame:
        return None
    return draft.aside if draft.aside is not None else min(r[0] for r in frame)


def _nearest_frame(parsed: Parsed, drafts: list[Draft]) -> list[Draft]:
    """Of several frames claiming the same quoted content, the one in the content's own sentence
    wins ("Cruz spoke. ¶ “…,” Trump said": Trump's); frames as near as each other all stay."""
    # content -> the drafts claiming it, with where each one's cue starts
    by_content: dict[tuple[int, int], list[tuple[Draft, int]]] = {}
    for d in drafts:
        if d.cue is not None and d.quotes:
            by_content.setdefault(d.content, []).append((d, d.cue[0]))
    losers: set[int] = set()
    for content, claims in by_content.items():
        if len(claims) < 2:
            continue
        group = [d for d, _ in claims]
        distance = [_sentence_distance(parsed, content, cue_start) for _, cue_start in claims]
        nearest = min(distance)
        losers.update(id(d) for d, n in zip(group, distance, strict=True) if n > nearest)
    return [d for d in drafts if id(d) not in losers]


def _sentence_distance(parsed: Parsed, content: tuple[int, int], offset: int) -> int:
    """How many sentences lie between a cue and the content's sentences (0: inside them)."""
    span = parsed.doc.char_span(content[0], content[1], alignment_mode="expand")
    cue = parsed.doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or cue is None:
        return 0
    first, last = span[0].sent.start, span[-1].sent.start
    sent = cue[0].sent.start
    if first <= sent <= last:
        return 0
    # The sentence starts between the two (a list of every sentence per call would be
    # quadratic in a long article).
    a, b = sorted((sent, first if sent < first else last))
    return sum(1 for t in parsed.doc[a:b] if t.is_sent_start)


def _cue_governs(parsed: Parsed, draft: Draft) -> bool:
    """Whether a word of the draft's cue is an ancestor of a word of its content in the parse
    ("said" over "that … fail")."""
    if draft.cue is None:
        return False
    doc = parsed.doc
    cue = doc.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
    words = doc.char_span(*draft.content, alignment_mode="expand")
    if cue is None or words is None:
        return False
    own = {t.i for t in cue}
    return any(a.i in own for t in words for a in t.ancestors)


def _dedupe(parsed: Parsed, drafts: list[Draft]) -> list[Draft]:
    """One attribution per cue: of two separate contents claiming one cue, the one the cue
    governs in the parse, else the earlier (on a held-out fifth of PolNeAR train, preferring
    the governed one raised loose, strict and exact F1 and cue accuracy, each by under 0.001);
    of two readings of one cue where one content holds the other, the whole ("accused X of a
    “flip-flop”" over the quote alone). The same content and source once."""
    drafts = sorted(drafts, key=lambda d: not _cue_governs(parsed, d))
    widest: dict[tuple[int, int], Draft] = {}
    for d in drafts:
        if d.cue is None:
            continue
        kept = widest.get(d.cue[:2])
        if kept is None or holds_strictly(d.content, kept.content):
            widest[d.cue[:2]] = d
    drafts = [d for d in drafts if d.cue is None or widest[d.cue[:2]] is d
              or not holds_strictly(widest[d.cue[:2]].content, d.content)]
    seen_cues, seen, out = set(), set(), []
    for d in drafts:
        if d.cue and d.cue[:2] in seen_cues:
            continue
        key = (d.content, d.source)
        if key in seen:
            continue
        if d.cue:
            seen_cues.add(d.cue[:2])
        seen.add(key)
        out.append(d)
    return out


_WH_WORDS = frozenset({"which", "who", "whom", "whose", "where"})


def _without_trailing_aside(parsed: Parsed, draft: Draft) -> Draft:
    """End an unquoted content before a non-restrictive relative clause or apposition that the
    writer hangs on its last words (", which makes him an outlier", ", the presumed
    favourite"): the writer's gloss, not what was said. Quoted words stay whole. (On a held-out
    part of PolNeAR train, cutting these helps; cutting participle clauses, "but" clauses or
    contrasts does not: annotators keep them as often as not. Nor does cutting what hangs on
    the cue past the content, "said … on Tuesday", "said …, adding": the parse attaches such
    phrases to the cue about as often wrongly as rightly, and loose F1 fell 0.007.)"""
    if draft.cue is None or draft.type in ("direct", "according_to"):
        return draft
    start, end = draft.content
    after_quotes = max([start, *(q.end for q in draft.quotes)])
    doc = parsed.doc
    words = doc.char_span(start, end, alignment_mode="expand")
    if words is None or len(words) <= MIN_OBJECT_WORDS:
        return draft
    last = words[-1]
    while last.i > words.start and (last.is_punct or last.is_space):
        last = doc[last.i - 1]
    cuts = [phrase.left_edge.i for phrase in words if _is_trailing_aside(
        phrase, words.start, last.i, after_quotes)]
    if not cuts:
        return draft
    cut = doc[min(cuts) - 1]
    new_start, new_end = trim_writers_edges(parsed.text, start, cut.idx + len(cut))
    if new_end <= new_start:
        return draft
    return replace(draft, content=Range(new_start, new_end),
                   quotes=[q for q in draft.quotes if q.end <= new_end])


def _is_trailing_aside(phrase: Token, content_start: int, content_last: int,
                       after_quotes: int) -> bool:
    """A relative clause or apposition, set off by a comma or dash, on a word of the content,
    that runs to the content's end and leaves a few words of it before."""
    first = phrase.left_edge
    if phrase.right_edge.i < content_last or first.i - content_start < MIN_OBJECT_WORDS \
            or first.idx < after_quotes or phrase.head.i < content_start:
        return False
    if phrase.doc[first.i - 1].text not in (",", "—", "–"):
        return False
    return phrase.dep_ == "appos" or (phrase.dep_ == "relcl" and first.lower_ in _WH_WORDS)


def settle(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: each content settled (:func:`settle_draft`)."""
    return [settle_draft(ctx.text, d, ctx.quotes) for d in drafts]


def separate_frames(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: one attribution's frame kept out of another's content (:func:`_separate`)."""
    return _separate(ctx.text, drafts)


def keep_nearest_frame(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: of several frames on one quote, the one in its sentence (:func:`_nearest_frame`)."""
    return _nearest_frame(ctx.parsed, drafts)


def dedupe(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: one attribution per cue, one per content and source (:func:`_dedupe`)."""
    return _dedupe(ctx.parsed, drafts)


def sort_by_position(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: the drafts in text order: by content, then by cue."""
    return sorted(drafts, key=lambda d: (d.content[0], d.content[1], d.cue[0] if d.cue else -1))


def cut_trailing_asides(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: the writer's gloss at the end of an unquoted content cut off
    (:func:`_without_trailing_aside`)."""
    return [_without_trailing_aside(ctx.parsed, d) for d in drafts]
