"""The headline credited after a dash: "Russia, Ecuador close to deal on drug production —
ambassador", "Ukraine restored 70% of lost generation – Energy Minister".

Agencies put the source of a headline's claim after a dash at its end. The article's first line,
when it ends in a dash and a few words (no more than :data:`MAX_SOURCE_WORDS`, no full stop)
after a claim of at least :data:`MIN_CLAIM_WORDS` words, is one attribution: the claim before
the dash, its source the words after it, no cue. Only the first line: a related article's
headline of the same form further down is page furniture (:mod:`.furniture`).
"""

from __future__ import annotations

import re

from reportedly.extract.attributions.draft import (
    Context,
    Draft,
    Range,
    trim_writers_edges,
    widen_to_quotes,
)

MAX_SOURCE_WORDS = 4
MIN_CLAIM_WORDS = 4
_DASH_SOURCE = re.compile(r"\s[—–-]\s+(?P<who>[^\s.!?—–-][^.!?—–]*?)\s*$")


def add_dash_headline(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: the first line's claim credited to the words after its final dash."""
    text = ctx.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    m = _DASH_SOURCE.search(text, start, end)
    if m is None or len(m.group("who").split()) > MAX_SOURCE_WORDS:
        return drafts
    claim = trim_writers_edges(text, start, m.start())
    if len(text[claim.start:claim.end].split()) < MIN_CLAIM_WORDS:
        return drafts
    line = Range(start, end)
    if any(d.cue is not None and line.start <= d.cue.start < line.end for d in drafts):
        return drafts
    c_start, c_end, inside = widen_to_quotes(claim.start, claim.end, ctx.quotes)
    kept = [d for d in drafts if not (line.start <= d.content.start < line.end)]
    headline = Draft("indirect", Range(c_start, c_end), Range(m.start("who"), m.end("who")),
                     quotes=inside)
    return sorted([*kept, headline], key=lambda d: (d.content.start, d.content.end))
