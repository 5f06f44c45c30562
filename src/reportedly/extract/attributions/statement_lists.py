"""Statement lists: "IN BRIEF: X talks to reporters about …" or "Below are X's key statements:",
then one paragraph per statement of X's, quoted or not, with no verb of saying.

The rule, as a reader of the output needs it:

- *The lead.* A line "IN BRIEF: X talks to reporters about …" (the dateline paragraph after it,
  when it names X again, is part of the lead and holds the source: X's mention there, with its
  titles), or a line ending in a colon that says "Below are X's key statements", "Here are the
  main points of X's speech", "X's main statements" (the words are data:
  ``data/statement_lists.tsv``). The source is X's mention in the lead (without "'s").
- *The statements.* Every paragraph (a line of text) after the lead is one statement of X's:
  ``direct`` when it is one quote, ``mixed`` when it holds quotes, ``indirect`` when it holds
  none; no cue. Whatever the finders drafted inside such a paragraph without a cue of its own
  goes (a quote with no frame, a fragment), the paragraph's statement replaces it.
- *A paragraph with its own cue* ("“…,” the diplomat added.") keeps its own attribution; when
  its source is X again (a pronoun, a description "the diplomat", X's surname), the list goes on
  after it.
- *The end of the list.* Page furniture ("Other Topics of Interest", "Read also: …"), a new
  dateline, a new lead, or a paragraph with a cue whose source is someone else: the writer is
  speaking again, and the list is over.
- The lead line itself is no attribution ("talks to reporters about …" names topics).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from reportedly.extract.attributions.draft import (
    Context,
    Draft,
    Range,
    overlaps,
    trim_writers_edges,
    widen_to_quotes,
)
from reportedly.extract.attributions.furniture import furniture_lines
from reportedly.lexicons import tsv_rows

#: A speaker named in a lead has at most this many words ("Russian Deputy Foreign Minister …").
MAX_SPEAKER_WORDS = 10
_SAME_SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her"})
# "MOSCOW, March 4. /TASS/.", "KYIV, Ukrinform", "MINSK, 14 November (BelTA) –": a place in
# capitals and a comma opening a paragraph starts a new story.
_DATELINE = re.compile(r"^[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*,\s")
_NAME = rf"(?P<who>[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){{0,{MAX_SPEAKER_WORDS - 1}}}?)"


@cache
def _words(kind: str) -> str:
    words = sorted((r["word"] for r in tsv_rows("statement_lists.tsv") if r["kind"] == kind),
                   key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"


@cache
def _leads() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """The headline lead ("IN BRIEF: X talks to reporters") and the colon leads ("Below are X's
    key statements:", "Here are the key points of X's speech:"), each with its speaker as group
    ``who``."""
    brief = re.compile(rf"^\s*{_words('brief')}\s*[:.–—-]\s*{_NAME}\s+{_words('talk')}\s+"
                       rf"(?:to|with)\s+{_words('audience')}\b", re.IGNORECASE)
    adjective, noun, occasion = _words("adjective"), _words("noun"), _words("occasion")
    its = r"(?:'s?|’s?)"
    colons = (
        rf"^\s*(?:(?:below|here)\s+(?:are|is)\s+)?{_NAME}{its}\s+{adjective}\s+{noun}\s*:\s*$",
        rf"^\s*(?:below|here)\s+(?:are|is)\s+(?:the\s+)?{adjective}\s+{noun}\s+(?:of|by|from)\s+"
        rf"{_NAME}(?:{its}\s+{occasion})?\s*:\s*$",
    )
    return brief, tuple(re.compile(c, re.IGNORECASE) for c in colons)


def _colon_lead(text: str) -> re.Match[str] | None:
    for colon in _leads()[1]:
        if (m := colon.match(text)) and _capitalised(text, m) and \
                m.group("who").lower() not in ("below", "here"):
            return m
    return None


def _lines(text: str) -> list[Range]:
    """The lines of ``text`` that hold something, without the spaces at their edges."""
    out, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append(Range(start + lead, start + len(line.rstrip())))
        start += len(line) + 1
    return out


def _capitalised(text: str, who: re.Match[str]) -> bool:
    return text[who.start("who")].isupper()


def _mention_in(ctx: Context, line: Range, surname: str) -> Range | None:
    """The speaker's mention in the paragraph after a headline lead: the noun phrase of the
    surname's first occurrence, up to the surname, its titles before it ("Minister of Finance of
    Lithuania Olga Teremova": up through "of" to the title the name hangs on)."""
    found = re.search(rf"\b{re.escape(surname)}\b", ctx.text[line.start:line.end])
    if found is None:
        return None
    at = line.start + found.start()
    token = next((t for t in ctx.parsed.doc if t.idx == at), None)
    if token is None:
        return None
    while token.dep_ in ("pobj", "prep", "compound", "flat") and token.head.i < token.i:
        token = token.head
    start = max(token.left_edge.idx, line.start)
    return Range(start, at + len(surname))


def _lead_at(ctx: Context, lines: list[Range], k: int) -> tuple[Range, Range, int] | None:
    """A lead at line ``k``: the lead's range (what is no attribution), the source, and the
    index of the first statement's line."""
    brief = _leads()[0]
    line = lines[k]
    text = ctx.text[line.start:line.end]
    if (m := brief.match(text)) and _capitalised(text, m):
        source = Range(line.start + m.start("who"), line.start + m.end("who"))
        surname = m.group("who").split()[-1]
        if k + 1 < len(lines) and (mention := _mention_in(ctx, lines[k + 1], surname)):
            return line, mention, k + 2
        return line, source, k + 1
    if m := _colon_lead(text):
        return line, Range(line.start + m.start("who"), line.start + m.end("who")), k + 1
    return None


def _same_speaker(ctx: Context, source: Range | None, speaker: Range) -> bool:
    """Whether a cue's source in the list refers to the list's speaker again, as far as words
    tell before speakers are linked: a pronoun, a description ("the diplomat"), a word of the
    speaker's name."""
    if source is None:
        return True
    words = ctx.text[source.start:source.end].split()
    if not words:
        return True
    name = {w.strip(".,'’s").lower() for w in ctx.text[speaker.start:speaker.end].split()
            if w[:1].isupper()}
    return words[0].lower() in _SAME_SPEAKER_PRONOUNS or words[0].lower() == "the" or \
        any(w.strip(".,'’s").lower() in name for w in words if w[:1].isupper())


def _within(inner: tuple[int, int], outer: Range) -> bool:
    return outer.start <= inner[0] and inner[1] <= outer.end


def add_statement_lists(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: each paragraph of a statement list one statement of the lead's speaker (the rule
    in this module's docstring)."""
    lines = _lines(ctx.text)
    furniture = [Range(f.start, f.end) for f in furniture_lines(ctx.text)]
    brief = _leads()[0]
    k = 0
    while k < len(lines):
        lead = _lead_at(ctx, lines, k)
        if lead is None:
            k += 1
            continue
        lead_line, speaker, k = lead
        drafts = [d for d in drafts if not _within(d.content, lead_line)]
        while k < len(lines):
            line = lines[k]
            line_text = ctx.text[line.start:line.end]
            if any(overlaps(line, f) for f in furniture) or _DATELINE.match(line_text) \
                    or brief.match(line_text) or _colon_lead(line_text):
                break
            framed = [d for d in drafts if d.cue is not None and _within(d.cue[:2], line)]
            if framed:
                if not all(_same_speaker(ctx, d.source, speaker) for d in framed):
                    break
                k += 1
                continue
            drafts = [cut for d in drafts if not _within(d.content, line)
                      for cut in _cut_before(d, line)]
            drafts.append(_statement(ctx, line, speaker))
            k += 1
    return sorted(drafts, key=lambda d: (d.content.start, d.content.end))


def _cut_before(draft: Draft, line: Range) -> list[Draft]:
    """A statement joined from pieces that runs into a list's paragraph, cut back to its pieces
    before that paragraph (none left: it goes)."""
    if not overlaps(draft.content, line) or draft.content.start >= line.start:
        return [draft]
    kept = tuple(p for p in (draft.parts or (draft.content,)) if p[1] <= line.start)
    if not kept:
        return []
    content = Range(kept[0][0], kept[-1][1])
    return [replace(draft, content=content, parts=kept if len(kept) > 1 else (),
                    quotes=[q for q in draft.quotes if q.end <= content.end])]


def _statement(ctx: Context, line: Range, speaker: Range) -> Draft:
    start, end = trim_writers_edges(ctx.text, line.start, line.end)
    start, end, inside = widen_to_quotes(start, end, ctx.quotes)
    whole_quote = len(inside) == 1 and (inside[0].start, inside[0].end) == (start, end)
    return Draft("direct" if whole_quote else "indirect", Range(start, end), source=speaker,
                 quotes=inside)
