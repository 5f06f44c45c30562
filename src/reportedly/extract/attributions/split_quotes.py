"""Stages that join one statement split into pieces: “A,” she said, “B.” (the frame between the
pieces), “A,” she said. “B.” (the next sentence or paragraph, a quote alone), “A,” he said,
adding that X. “B.” (a report nested in the frame stepped over), and "He said X. “B.”" (the
speaker going on). The gap limits between pieces stand side by side below; the rules-versus-
tagger merge reads :func:`is_second_piece` to keep a quote's second piece the rules'."""

from __future__ import annotations

import re
from dataclasses import replace

from reportedly.document import Parsed
from reportedly.extract.attributions.draft import (
    Context,
    Draft,
    Range,
    overlaps,
    pieces_then,
)

# Words a frame between two pieces of one quote may have ("said Jane Doe, a nurse, on Monday").
MAX_SPLIT_GAP_WORDS = 12
# Words a split quote's gap may hold besides its frame ("said on Tuesday") when they run into
# another sentence; within the frame's own sentence there is no limit.
MAX_SPLIT_FRAME_EXTRA_WORDS = 6
# Words of the writer's that may lead from a split quote's frame into its next piece
# ("Jordan said, and still “…”"): part of the statement.
MAX_PIECE_LEAD_WORDS = 3


def is_second_piece(text: str, draft: Draft, rules: list[Draft]) -> bool:
    """Whether a quote is the second piece of one split by its frame (“A,” she said, “B.”)."""
    return any(r is not draft and r.quotes and r.content[1] <= draft.content[0]
               and "\n" not in text[r.content[1]:draft.content[0]]
               and len(text[r.content[1]:draft.content[0]].split()) <= MAX_SPLIT_GAP_WORDS
               for r in rules)


def _join_split_quotes(parsed: Parsed, drafts: list[Draft]) -> list[Draft]:
    """One statement split by its frame (“A,” she said. “B.”) is one attribution: its content
    runs from the first quote to the last, and ``quotes`` holds the pieces."""
    out: list[Draft] = []
    for d in drafts:
        k = len(out) - 1
        # Step over reports nested in the frame between the pieces ("said X, who noted that …"),
        # but not over the speaker going on ("“A,” he said, adding that X. “B.”": B is what
        # he added).
        while k > 0 and not out[k].quotes and out[k].content[0] >= out[k - 1].content[1] \
                and not _is_speaker_going_on(parsed, out[k - 1], out[k], d):
            k -= 1
        prev = out[k] if out else None
        if prev is not None and k > 0 and not prev.quotes and _unframed_beside(prev, d) \
                and d.type == "direct" and _is_speaker_going_on(
                    parsed, out[k - 1], prev, d):
            out[k] = replace(prev, content=Range(prev.content[0], d.content[1]), quotes=d.quotes,
                             parts=pieces_then(prev, d.content))
            continue
        if prev is not None and d.cue is not None and prev.quotes and d.quotes \
                and ((prev.cue is None and prev.source is None)
                     or (prev.cue is not None and prev.cue[:2] == d.cue[:2])) \
                and prev.quotes[-1].end == prev.content[1] \
                and d.quotes[0].start == d.content[0] \
                and prev.content[1] <= d.cue[0] and d.cue[1] <= d.content[0] \
                and _within_one_sentence(parsed, prev.content[1], d.content[0]):
            # The frame between the pieces went to the second (“A,” X said, “B.”); a word or
            # two after it may lead into the second piece (“A,” X said, and still “B.”).
            start = _piece_start(parsed.text, replace(prev, source=d.source, cue=d.cue),
                                 d.content[0])
            # A quoted fragment after the frame does not make the whole statement one.
            out[k] = replace(d, type=prev.type if d.type == "partial" else d.type,
                             content=Range(prev.content[0], d.content[1]),
                             quotes=prev.quotes + d.quotes,
                             parts=pieces_then(prev, Range(start, d.content[1])))
            continue
        lead = _lead_into_piece(parsed, prev, d) if prev is not None else None
        if prev is not None and _unframed_beside(prev, d) \
                and d.type in ("direct", "partial") \
                and prev.quotes and prev.quotes[-1].end == prev.content[1] \
                and prev.content[1] <= d.content[0] \
                and (lead is not None or _carries_on(parsed, prev, d)):
            piece = Range(
                lead if lead is not None else _piece_start(parsed.text, prev, d.content[0]),
                d.content[1])
            out[k] = replace(prev, content=Range(prev.content[0], d.content[1]),
                             quotes=prev.quotes + d.quotes,
                             parts=pieces_then(prev, piece))
            continue
        out.append(d)
    return out


def _join_speaker_going_on(text: str, drafts: list[Draft]) -> list[Draft]:
    """A quote standing alone right after a framed statement on its line is that speaker going
    on under the same cue ("He said the plan would fail. “It is over.”"): one statement in
    pieces, as the split quotes :func:`_join_split_quotes` joins."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if prev is not None and d.type == "direct" and _unframed_beside(prev, d) \
                and prev.source is not None and prev.cue is not None \
                and prev.content[1] <= d.content[0] \
                and "\n" not in text[prev.content[0]:d.content[0]] \
                and _only_frame_between(text, prev, d.content[0]):
            out[-1] = replace(prev, content=Range(prev.content[0], d.content[1]),
                              quotes=prev.quotes + d.quotes, parts=pieces_then(prev, d.content))
            continue
        out.append(d)
    return out


def _unframed_beside(prev: Draft, d: Draft) -> bool:
    """Whether ``d`` has no frame of its own beside ``prev``: none at all, or only the cue (and
    source) of ``prev``'s frame, which it took as the frame nearest to it."""
    if d.cue is None and d.source is None:
        return True
    return d.cue is not None and prev.cue is not None and overlaps(d.cue[:2], prev.cue[:2]) \
        and (d.source is None or prev.source is None or overlaps(d.source, prev.source))


def _only_frame_between(text: str, prev: Draft, start: int) -> bool:
    """Whether nothing but ``prev``'s own frame and a few words of it ("on Tuesday") stands
    between its content and ``start``: no sentence of the writer's."""
    gap = prev.content[1]
    frame = sorted(r[:2] for r in (prev.source, prev.cue) if r is not None
                   and gap <= r[0] and r[1] <= start)
    rest, at = [], gap
    for a, b in frame:
        rest.append(text[at:a])
        at = b
    rest.append(text[at:start])
    words = " ".join(rest)
    return len(words.split()) <= MAX_SPLIT_FRAME_EXTRA_WORDS \
        and not re.search(r"[.!?]\s+\S", words.strip())


def _lead_into_piece(parsed: Parsed, prev: Draft, d: Draft) -> int | None:
    """Where a quoted fragment that carries on a framed quote starts, when the writer leads
    into it with a word or two in the next sentence (“A,” she said. Now, “B …”): at those
    words; None when it does not carry on ``prev`` that way."""
    if d.type != "partial" or not prev.quotes or prev.cue is None \
            or not prev.quotes[-1].end <= prev.cue[0] < d.content[0]:
        return None
    text = parsed.text
    gap = text[prev.content[1]:d.content[0]]
    if "\n" in gap or any(ch in gap for ch in "“”\"«»"):
        return None
    stop = max(gap.rfind(". "), gap.rfind("? "), gap.rfind("! "))
    if stop < 0:
        return None
    lead = _short_lead(text, prev.content[1] + stop + 2, d.content[0])
    if lead is None \
            or not _within_one_sentence(parsed, prev.content[1], prev.content[1] + stop + 1):
        return None
    return lead


def _piece_start(text: str, prev: Draft, start: int) -> int:
    """Where the piece of a split statement after its frame starts: at its quote, or at the
    few words after the frame's last comma that lead into it ("said, and still “…”")."""
    frame_end = max([r[1] for r in (prev.source, prev.cue) if r is not None
                     and prev.content[1] <= r[0] < start], default=None)
    if frame_end is None:
        return start
    comma = text.rfind(",", frame_end, start)
    if comma < 0 or re.search(r"[.!?:;]", text[comma + 1:start]):
        return start
    lead = _short_lead(text, comma + 1, start)
    return start if lead is None else lead


def _short_lead(text: str, start: int, end: int) -> int | None:
    """Where the writer's words from ``start`` to ``end`` that lead into a piece begin, when
    there are some and no more than :data:`MAX_PIECE_LEAD_WORDS`; else None."""
    lead = text[start:end]
    if not lead.strip() or len(lead.split()) > MAX_PIECE_LEAD_WORDS:
        return None
    return start + len(lead) - len(lead.lstrip())


def _is_speaker_going_on(parsed: Parsed, first: Draft, report: Draft, quote: Draft) -> bool:
    """Whether ``report`` is the speaker of ``first`` going on in its frame (a participle on
    its cue whose content is a clause: "he said, adding that …") and the unframed ``quote``
    follows right after it. A participle with a thing for its content ("said, referring to the
    budget.") reports no words of its own: the quote after it is the speaker going on."""
    if first.cue is None or report.cue is None or not first.quotes:
        return False
    words = parsed.doc.char_span(report.cue[0], report.cue[1], alignment_mode="expand")
    if words is None:
        return False
    verb = next((t for t in words if t.pos_ == "VERB"), None)
    if verb is None or verb.tag_ != "VBG" or not (first.cue[0] <= verb.head.idx < first.cue[1]):
        return False
    content = parsed.doc.char_span(*report.content, alignment_mode="expand")
    if content is None or content.root.pos_ not in ("VERB", "AUX"):
        return False
    between = parsed.text[report.content[1]:quote.content[0]]
    return not between.strip(" .,;:") and "\n" not in between


def _carries_on(parsed: Parsed, prev: Draft, d: Draft) -> bool:
    """Whether the unframed quote ``d`` carries on the statement ``prev``: in its paragraph
    with only ``prev``'s frame between (“A,” she said. “B.”), or as the next paragraph when it
    is a quote alone there and ``prev``'s frame ends its own paragraph."""
    text = parsed.text
    gap = (prev.content[1], d.content[0])
    between = text[gap[0]:gap[1]]
    if any(ch in between for ch in "“”\"«»"):
        return False
    frame = [r for r in (prev.source, prev.cue[:2] if prev.cue else None) if r]
    if not frame:
        # A run of paragraphs that are each a quote alone is one statement going on.
        return not between.strip() and "\n" in between and prev.type == "direct" \
            and _alone_in_paragraph(text, prev.content) and _alone_in_paragraph(text, d.content)
    if "\n" in between:
        if not _alone_in_paragraph(text, d.content):
            return False
        head, rest = between.split("\n", 1)
        if rest.strip():
            return False  # a paragraph of the writer's between the pieces
        if not head.strip():
            return True  # "She said: “A.” ¶ “B.”"
        gap = (gap[0], gap[0] + len(head))
    if not all(gap[0] <= r[0] and r[1] <= gap[1] for r in frame):
        return False
    # Words of the gap outside the frame ("on Tuesday"): a long appositive source is fine,
    # another sentence between the pieces is not.
    extra = len(text[gap[0]:min(r[0] for r in frame)].split()) + \
        len(text[max(r[1] for r in frame):gap[1]].split())
    if _within_one_sentence(parsed, *gap):
        return True
    # The parser may cut a frame off its quote ("“A,” | he said."): a few words with no full
    # stop inside still frame one statement.
    return extra <= MAX_SPLIT_FRAME_EXTRA_WORDS and \
        not re.search(r"[.!?]\s+\S", text[gap[0]:gap[1]].strip())


def _alone_in_paragraph(text: str, content: tuple[int, int]) -> bool:
    line_start = text.rfind("\n", 0, content[0]) + 1
    line_end = text.find("\n", content[1])
    after = text[content[1]:len(text) if line_end < 0 else line_end]
    return not text[line_start:content[0]].strip() and not after.strip(" .,;:!?…")


def _within_one_sentence(parsed: Parsed, start: int, end: int) -> bool:
    """Whether the words from ``start`` to ``end`` belong to one sentence: the frame of a split
    quote with a long appositive or adverbial ("said X, who …, on Tuesday.") but no other
    sentence of the writer's."""
    # A paragraph break always starts a sentence, though the space token holding it may
    # belong to neither side.
    if "\n" in parsed.text[start:end]:
        return False
    words = parsed.doc.char_span(start, end, alignment_mode="contract")
    if words is None:
        return False
    tokens = [t for t in words if not t.is_space]
    return bool(tokens) and len({t.sent.start for t in tokens}) == 1


def join_split_quotes(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: “A,” she said, “B.” and its kin made one attribution."""
    return _join_split_quotes(ctx.parsed, drafts)


def join_speaker_going_on(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: "He said X. “B.”": the lone quote after a framed statement joins it."""
    return _join_speaker_going_on(ctx.text, drafts)
