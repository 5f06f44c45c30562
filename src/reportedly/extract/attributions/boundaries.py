"""Content boundaries in agency syntax.

- *Datelines.* "MINSK, 14 November (BelTA) – The economy will grow …": the dateline is the
  agency's, not the claim; a content that begins with one starts after it.
- *"according to" inside a quote.* "“This figure fell by 4 points, according to our data,”
  the director said.": the quote is the director's statement; an "according to" inside its
  words credits nothing that the gold or a reader would take apart from it (attributions inside
  a direct quote's words are not drawn), so a draft crediting the whole quote to it goes.
- *Credited twice in one sentence.* "A, according to X, Y reported.": Y's content runs through
  X (X's attribution nested in it), as "A. That's according to X, Y reports." does
  (:mod:`.backwards`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from reportedly.extract.attributions.draft import Context, Draft, Range, inside_quote

# "VILNIUS, June 3 (Meridian) - ", "MINSK, 14 November (BelTA) – ", "MOSCOW, March 4. /TASS/. ":
# a place in capitals, a comma, a date and agency, and a dash or the agency's slashes.
DATELINE = re.compile(r"[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+)*,\s[^\n]{0,40}?"
                      r"(?:\s[-–—]\s+|/[A-Z]+/\.\s+)")


def cut_datelines(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: a content that begins with a dateline starts after it."""
    out = []
    for d in drafts:
        m = DATELINE.match(ctx.text, d.content.start)
        line_start = ctx.text.rfind("\n", 0, d.content.start) + 1
        if m is None or line_start != d.content.start or m.end() >= d.content.end:
            out.append(d)
            continue
        parts = tuple(Range(max(p[0], m.end()), p[1]) for p in d.parts if p[1] > m.end())
        out.append(replace(d, content=Range(m.end(), d.content.end), parts=parts))
    return out


def drop_quoted_according_to(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: no "according to" inside a quote's words credits the quote it stands in."""
    def credits_its_quote(d: Draft) -> bool:
        if d.cue is None or d.cue.lemma != "according to" or \
                not inside_quote(d.cue.start, ctx.quotes):
            return False
        return any(q.start < d.cue.start < q.end and d.content.start <= q.start
                   and q.end <= d.content.end for q in ctx.quotes)
    return [d for d in drafts if not credits_its_quote(d)]


def extend_through_according_to(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: "A, according to X, Y reported.": Y's content, cut at A, runs through X."""
    out = []
    for d in drafts:
        if d.cue is None or d.source is None or d.parts or not d.content.end <= d.cue.start:
            out.append(d)
            continue
        between = [e for e in drafts if e is not d and e.cue is not None
                   and e.cue.lemma == "according to" and e.source is not None
                   and e.content.start == d.content.start
                   and d.content.end <= e.cue.start and e.source.end <= d.source.start
                   and e.source.end <= d.cue.start
                   and not re.search(r"[.!?]\s", ctx.text[d.content.end:e.source.end])]
        if between:
            end = max(e.source.end for e in between if e.source is not None)
            out.append(replace(d, content=Range(d.content.start, end)))
        else:
            out.append(d)
    return out
