"""Page furniture: the lines a scraper leaves inside an article's text ("Advertisement", "JOIN
US ON TELEGRAM", "Read also: <a related article's headline>", "Photo: …", a credit line).

The lines are data (``data/page_furniture.tsv``, its header says how each kind matches). One
rule is not: a heading alone on its line ("Other Topics of Interest", "Read also") is followed
by related articles' headlines, one a line, and every line right after it is furniture too, up
to a blank line or a line that ends a sentence (a headline has no full stop). Furniture never
becomes a source or a content: :func:`drop_page_furniture` removes any draft that has either
in it, and :mod:`reportedly.extract.diagnostics` reports each line as ``page_furniture``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reportedly.extract.attributions.draft import Context, Draft, Range, overlaps
from reportedly.lexicons import tsv_rows

#: A credit or "phrase" line longer than this is prose that happens to hold the words.
MAX_FURNITURE_WORDS = 30
_EDGE = " \t\r.:;!|-–—"
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]*$")


@dataclass(frozen=True)
class FurnitureLine:
    """One line of page furniture, its characters without the spaces at its edges."""

    start: int
    end: int
    why: str


@cache
def _table() -> dict[str, tuple[str, ...]]:
    kinds: dict[str, list[str]] = {}
    for row in tsv_rows("page_furniture.tsv"):
        kinds.setdefault(row["kind"], []).append(row["text"].strip().lower())
    return {kind: tuple(texts) for kind, texts in kinds.items()}


def _why(line: str) -> tuple[str, bool] | None:
    """Why a line is furniture and whether headlines follow it, or None."""
    table = _table()
    bare = line.strip(_EDGE).lower()
    if not bare:
        return None
    if bare in table.get("line", ()):
        return f"a page line ({line.strip()!r})", False
    if bare in table.get("heading", ()) or bare in table.get("label", ()):
        return f"a heading over related articles ({line.strip()!r})", True
    lowered = line.strip().lower()
    for label in table.get("label", ()):
        if re.match(re.escape(label) + r"\s*:", lowered):
            return f"a label ({label!r}) and what follows it on its line", False
    short = len(lowered.split()) <= MAX_FURNITURE_WORDS
    if short and any(lowered.startswith(credit) for credit in table.get("credit", ())):
        return "a credit line", False
    if short and any(phrase in lowered for phrase in table.get("phrase", ())):
        return "a call to follow or subscribe", False
    return None


def furniture_lines(text: str) -> list[FurnitureLine]:
    """The lines of ``text`` that are page furniture, in text order."""
    found: list[FurnitureLine] = []
    lines, start = [], 0
    for line in text.split("\n"):
        lines.append((start, start + len(line)))
        start += len(line) + 1
    headlines_follow = False
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            headlines_follow = False
            continue
        why = _why(line)
        if why is None and headlines_follow and not _SENTENCE_END.search(line.strip()):
            why = ("a related article's headline under a heading", True)
        headlines_follow = why is not None and why[1]
        if why is None:
            continue
        lead = len(line) - len(line.lstrip())
        found.append(FurnitureLine(start + lead, start + len(line.rstrip()), why[0]))
    return found


def drop_page_furniture(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """No source and no content in page furniture: a draft with either in it goes."""
    spans = [Range(f.start, f.end) for f in furniture_lines(ctx.text)]
    if not spans:
        return drafts
    return [d for d in drafts
            if not any(overlaps(d.content, s) or (d.source is not None and overlaps(d.source, s))
                       for s in spans)]
