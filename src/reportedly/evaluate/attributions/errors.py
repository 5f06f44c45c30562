"""Error analysis: every gold content and prediction left unmatched, the kind of error each
is, its context, and a seeded sample of them to read."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Any

from reportedly.evaluate.attributions.matching import (
    LEVELS,
    ArticleScore,
    Offsets,
    accepts,
    fragment_text,
)

SAMPLE_SEED = 13
CONTEXT_CHARS = 60
SHOWN_CHARS = 240

#: Why a gold content went unmatched at the loose level, most to least found, with what
#: ``evaluate`` prints for each.
MISS_KINDS: dict[str, str] = {
    "taken": "the prediction that fits it matched another gold",
    "run_on": "inside a prediction that runs well past it",
    "fragment": "a prediction covers too little of it",
    "unseen": "no prediction overlaps it",
}
#: Why a prediction went unmatched at the loose level, in the same order.
FALSE_ALARM_KINDS: dict[str, str] = {
    "duplicate": "the gold it fits matched another prediction",
    "run_on": "runs well past the gold it covers",
    "fragment": "covers too little of a gold",
    "unannotated": "no gold overlaps it",
}


def _oneline(s: str) -> str:
    return re.sub(r"\s*\n\s*", " ¶ ", s)


def _shorten(s: str, limit: int = SHOWN_CHARS) -> str:
    s = _oneline(s)
    if len(s) <= limit:
        return s
    half = limit // 2 - 1
    return s[:half] + " … " + s[-half:]


def _context(text: str, start: int, end: int) -> str:
    before = _oneline(text[max(0, start - CONTEXT_CHARS):start])
    after = _oneline(text[end:end + CONTEXT_CHARS])
    return f"…{before}[{_shorten(text[start:end], 120)}]{after}…"


def _closest(mine: Offsets, others: Sequence[Offsets]) -> tuple[int, float, float] | None:
    """(index, coverage of mine, share of it inside mine) of the most overlapping other."""
    best = max(range(len(others)), key=lambda i: (len(mine & others[i]), -i), default=None)
    if best is None or not mine & others[best]:
        return None
    overlap = len(mine & others[best])
    return best, overlap / len(mine), overlap / len(others[best])


def _unmatched_kind(mine: Offsets, others: Sequence[Offsets], covers: Callable[[Offsets], bool],
                    fits: Callable[[Offsets], bool], kinds: Sequence[str]) -> str:
    """Which of ``kinds`` (most to least found, as :data:`MISS_KINDS`) an unmatched item is:
    an item of the other side ``fits`` it (and was matched elsewhere), one ``covers`` enough of
    the gold but lies mostly outside it, one overlaps it too little, or none overlaps it."""
    touching = [o for o in others if mine & o]
    if any(fits(o) for o in touching):
        return kinds[0]
    if any(covers(o) for o in touching):
        return kinds[1]
    return kinds[2] if touching else kinds[3]


def misses_and_false_alarms(scores: Sequence[ArticleScore]
                            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every gold content and prediction left unmatched at the loose level, in article order,
    each with the kind of error it is (:data:`MISS_KINDS`, :data:`FALSE_ALARM_KINDS`)."""
    threshold = LEVELS["loose"]
    assert threshold is not None
    miss_kinds, alarm_kinds = list(MISS_KINDS), list(FALSE_ALARM_KINDS)
    misses: list[dict[str, Any]] = []
    alarms: list[dict[str, Any]] = []
    for s in scores:
        text, name = s.gold.text, s.gold.name
        matched = s.matches["loose"]
        used = set(matched.values())
        pred_content = [p.content for p in s.predictions]
        for gi, g in enumerate(s.gold.attributions):
            if gi in matched:
                continue
            first, last = g.content[0], g.content[-1]
            gold = s.gold_content[gi]

            def covers_gold(p: Offsets, g: Offsets = gold) -> bool:
                return len(p & g) >= threshold * len(g)

            def fits_gold(p: Offsets, g: Offsets = gold) -> bool:
                return accepts(p, g, threshold)

            kind = _unmatched_kind(gold, pred_content, covers_gold, fits_gold, miss_kinds)
            item: dict[str, Any] = {
                "article": name, "start": first.start, "end": last.end, "kind": kind,
                "text": _shorten(fragment_text(text, g.content)),
                "source": fragment_text(text, g.source) or None,
                "cue": fragment_text(text, g.cue) or None,
                "context": _context(text, first.start, last.end)}
            if near := _closest(s.gold_content[gi], pred_content):
                closest = s.predictions[near[0]].attribution
                item["closest_prediction"] = {"text": _shorten(closest.content.text),
                                              "coverage": round(near[1], 3),
                                              "inside": round(near[2], 3)}
            misses.append(item)
        for pi, p in enumerate(s.predictions):
            if pi in used:
                continue
            a = p.attribution

            def covered(g: Offsets, c: Offsets = p.content) -> bool:
                return len(c & g) >= threshold * len(g)

            def fitted(g: Offsets, c: Offsets = p.content) -> bool:
                return accepts(c, g, threshold)

            kind = _unmatched_kind(p.content, s.gold_content, covered, fitted, alarm_kinds)
            item = {"article": name, "start": a.content.start, "end": a.content.end,
                    "kind": kind, "type": a.type, "text": _shorten(a.content.text),
                    "source": a.source.text if a.source else None,
                    "cue": a.cue.text if a.cue else None,
                    "context": _context(text, a.content.start, a.content.end)}
            if near := _closest(p.content, s.gold_content):
                item["closest_gold"] = {
                    "text": _shorten(fragment_text(text, s.gold.attributions[near[0]].content)),
                    "inside": round(near[1], 3), "coverage": round(near[2], 3)}
            alarms.append(item)
    return misses, alarms


def sample(items: Sequence[dict[str, Any]], n: int, seed: int = SAMPLE_SEED
           ) -> list[dict[str, Any]]:
    """A seeded sample of ``n`` items (all when fewer), shown in article and offset order."""
    picked = list(items) if len(items) <= n else random.Random(seed).sample(list(items), n)
    return sorted(picked, key=lambda d: (d["article"], d["start"], d["end"]))
