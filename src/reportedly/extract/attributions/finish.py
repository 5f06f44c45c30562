"""The drafts made attributions: ids, cue and source objects (not yet linked to entities: that
is :func:`reportedly.extract.entities.link_speakers`, run after), the type read from the quotes
inside, and the pieces of a content around its own frame."""

from __future__ import annotations

from itertools import pairwise

from reportedly.document import Parsed
from reportedly.extract.attributions.draft import Draft, trim_writers_edges
from reportedly.extract.attributions.quoting import (
    continues_writers_sentence,
    is_whole_sentence,
)
from reportedly.model import Attribution, Cue, Source, Span
from reportedly.quotes import Quote
from reportedly.reporting_verbs import stance_of


def finish(parsed: Parsed, drafts: list[Draft]) -> tuple[list[Attribution], list[bool]]:
    """The attributions, their sources not linked to any entity yet, and for each whether its
    draft was a direct quote: the speaker linking
    (:func:`reportedly.extract.entities.coreference.link_speakers`) gives such a quote with no
    source of its own the last speaker."""
    text = parsed.text
    attributions: list[Attribution] = []
    drafted_direct: list[bool] = []
    for draft in drafts:
        (start, end), inside = draft.content, draft.quotes
        if end <= start:
            continue
        source: Source | None = None
        cue = Cue(draft.cue[0], draft.cue[1], text[draft.cue[0]:draft.cue[1]], draft.cue[2]) \
            if draft.cue else None
        if draft.source is not None:
            s_start, s_end = trim_writers_edges(text, *draft.source)
            source = Source(s_start, s_end, text[s_start:s_end])
        kind = _type_of(parsed, draft, start, end, inside)
        attributions.append(Attribution(
            id=f"A{len(attributions) + 1}", type=kind, content=Span.of(text, start, end),
            source=source, cue=cue, stance=stance_of(cue.lemma) if cue else None,
            quotes=tuple(Span.of(text, q.start, q.end) for q in inside),
            content_parts=tuple(Span.of(text, a, b) for a, b in _content_parts(parsed, draft))))
        drafted_direct.append(draft.type == "direct")
    return attributions, drafted_direct


def _type_of(parsed: Parsed, draft: Draft, start: int, end: int, inside: list[Quote]) -> str:
    if draft.type in ("according_to", "partial"):
        return draft.type
    if not inside:
        return "indirect"
    # What is left of the content outside its quotes and its own frame ("“A,” she said. “B.”").
    outside = [True] * (end - start)
    frame = [r[:2] for r in (draft.source, draft.cue) if r is not None]
    # The words between two pieces of one split quote are the frame ("“A,” she said in X, “B.”").
    gaps = [(q.end, n.start) for q, n in pairwise(inside)
            if any(q.end <= a and b <= n.start for a, b in frame)]
    for a, b in [(q.start, q.end) for q in inside] + frame + gaps:
        for i in range(max(a, start), min(b, end)):
            outside[i - start] = False
    unquoted = "".join(ch for ch, out in zip(parsed.text[start:end], outside, strict=True) if out)
    if unquoted.strip(" .,;:!?…—–-\n"):
        return "mixed"
    if len(inside) == 1 and not is_whole_sentence(parsed, inside[0]):
        if continues_writers_sentence(parsed.text, draft, inside[0]):
            return "partial"
        # A lone quoted term credited to someone ("“stalemate”, as X put it") is a fragment.
        words = parsed.doc.char_span(start, end, alignment_mode="expand")
        if words is not None and not any(t.pos_ in ("VERB", "AUX") for t in words):
            return "partial"
    return "direct"


# The writer's punctuation at the edges of a piece: not part of what was said.
_PIECE_EDGES = " \n,;:—–-"


# Punctuation that ends a frame set into its content ("the minister said on Tuesday, …").
_FRAME_ENDS = frozenset(",;—–(“\"«")


def _content_parts(parsed: Parsed, draft: Draft) -> tuple[tuple[int, int], ...]:
    """The pieces of a content without the frame inside it, or () when it is one piece."""
    start, end = draft.content
    pieces = []
    for a, b in draft.parts or _around_own_frame(parsed, draft):
        a, b = max(a, start), min(b, end)
        while a < b and parsed.text[a] in _PIECE_EDGES:
            a += 1
        while b > a and parsed.text[b - 1] in _PIECE_EDGES:
            b -= 1
        if b > a:
            pieces.append((a, b))
    return tuple(pieces) if len(pieces) > 1 else ()


def _around_own_frame(parsed: Parsed, draft: Draft) -> tuple[tuple[int, int], ...]:
    """A content that runs through its own cue and source ("The test, North Korea said on
    Friday, was its biggest"): the pieces before the frame and after it, the frame running
    from its source or cue to the punctuation that closes it."""
    start, end = draft.content
    if draft.cue is None or not start < draft.cue[0] < end:
        return ()
    frame = [draft.cue[:2]] + ([draft.source] if draft.source is not None
                               and start <= draft.source[0] < end else [])
    frame_start, frame_end = min(f[0] for f in frame), max(f[1] for f in frame)
    words = parsed.doc.char_span(frame_end, end, alignment_mode="expand")
    if words is None:
        return ()
    for token in words:
        if token.text in _FRAME_ENDS or token.is_quote:
            break
        if token.sent.start != words[0].sent.start:
            return ()  # the frame closes its sentence: nothing of the content follows it
        frame_end = token.idx + len(token)
    else:
        return ()
    return (start, frame_start), (frame_end, end)

