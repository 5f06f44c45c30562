"""Matching predicted to gold contents, and the scores: character offsets without whitespace,
one-to-one greedy matching at each level, source, cue and speaker accuracy, and two
annotators' agreement by the same matching."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportedly.brat import Fragment, annotation_files
from reportedly.evaluate.attributions.gold import (
    GoldArticle,
    check_layout,
    read_gold_attributions,
)
from reportedly.model import Analysis, Attribution, Entity, Source
from reportedly.names import fold, same_name

#: Matching levels: name -> minimum gold coverage (None: exact match).
LEVELS: dict[str, float | None] = {"loose": 0.3, "strict": 0.8, "exact": None}
#: A matching prediction must lie at least this much inside the gold span.
MIN_INSIDE = 0.5
#: Characters dropped at either end of a content before an exact comparison.
EDGE_PUNCTUATION = frozenset("\"'“”‘’«»„‚‹›`,.…")

Offsets = frozenset[int]


def offsets(text: str, fragments: Iterable[tuple[int, int]]) -> Offsets:
    """The non-whitespace character offsets the fragments cover."""
    return frozenset(i for start, end in fragments for i in range(start, end)
                     if not text[i].isspace())


def fragment_offsets(text: str, fragments: Iterable[Fragment]) -> Offsets:
    """The non-whitespace character offsets of a gold span's fragments."""
    return offsets(text, [(f.start, f.end) for f in fragments])


def trimmed(text: str, chars: Offsets) -> Offsets:
    """``chars`` without the quote marks, commas and periods at either end."""
    ordered = sorted(chars)
    lo, hi = 0, len(ordered)
    while lo < hi and text[ordered[lo]] in EDGE_PUNCTUATION:
        lo += 1
    while hi > lo and text[ordered[hi - 1]] in EDGE_PUNCTUATION:
        hi -= 1
    return frozenset(ordered[lo:hi])


def fragment_text(text: str, fragments: Sequence[Fragment]) -> str:
    return " … ".join(text[f.start:f.end] for f in fragments)


def accepts(pred: Offsets, gold: Offsets, threshold: float) -> bool:
    """Whether ``pred`` matches ``gold`` at a coverage threshold (and lies mostly inside it)."""
    if not pred or not gold:
        return False
    overlap = len(pred & gold)
    return overlap / len(gold) >= threshold and overlap / len(pred) >= MIN_INSIDE


def match_one_to_one(gold: Sequence[Offsets], pred: Sequence[Offsets],
                     accept: Callable[[int, int], bool]) -> dict[int, int]:
    """gold index -> prediction index: acceptable pairs taken greedily by overlap, descending
    (ties by gold order, then prediction order), each side used once."""
    pairs = sorted((-len(g & p), gi, pi) for gi, g in enumerate(gold)
                   for pi, p in enumerate(pred) if g & p and accept(gi, pi))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


def match_contents(text: str, gold: Sequence[Offsets], pred: Sequence[Offsets],
                   level: str) -> dict[int, int]:
    """The one-to-one matching of predicted to gold contents at one of :data:`LEVELS`."""
    threshold = LEVELS[level]
    if threshold is None:
        g_trim = [trimmed(text, g) for g in gold]
        p_trim = [trimmed(text, p) for p in pred]

        def accept(gi: int, pi: int) -> bool:
            return bool(g_trim[gi]) and g_trim[gi] == p_trim[pi]
    else:
        def accept(gi: int, pi: int) -> bool:
            return accepts(pred[pi], gold[gi], threshold)
    return match_one_to_one(gold, pred, accept)


@dataclass(frozen=True, slots=True)
class Prediction:
    attribution: Attribution
    content: Offsets
    source: Offsets  # empty when there is no source
    # The other mentions of the source's entity, or the description an unnamed source stands
    # for ("who" after "a senior official"): either identifies the source as well as its span.
    source_mentions: tuple[Offsets, ...]
    cue: Offsets
    # What names the source's referent: its entity's name, aliases and mentions when it is
    # linked to one, else the description it stands for (``refers_to``).
    speaker_names: tuple[str, ...] = ()
    linked: bool = False
    has_source: bool = False


def is_nested(a: Attribution, attributions: Sequence[Attribution]) -> bool:
    """Whether ``a`` lies inside another attribution's content ("Reuters reported that officials
    believe …": the officials' belief)."""
    return any(b is not a and b.content.start <= a.content.start and a.content.end <= b.content.end
               and (b.content.start, b.content.end) != (a.content.start, a.content.end)
               for b in attributions)


#: A gold set in which fewer contents than this overlap another is flat (PolNeAR: 0.09%).
FLAT_GOLD_MAX_OVERLAP = 0.01


def is_flat(gold: Sequence[GoldArticle]) -> bool:
    """Whether the gold annotates one layer only, so nested predictions cannot match it."""
    total = overlapping = 0
    for article in gold:
        contents = [fragment_offsets(article.text, g.content)
                    for g in article.attributions]
        for i, c in enumerate(contents):
            total += 1
            overlapping += any(j != i and c & other for j, other in enumerate(contents))
    return total == 0 or overlapping / total < FLAT_GOLD_MAX_OVERLAP


def predictions_of(analysis: Analysis, nested: bool = False) -> tuple[list[Prediction], int]:
    """The predictions to score, and how many nested ones were set aside. PolNeAR's annotation
    is flat (each token has one label; 18 of 19,832 train contents overlap another), so an
    attribution inside another's content is never gold there: unless ``nested``, only the
    outermost layer is scored."""
    text = analysis.text
    mentions = {e.id: e.mentions for e in analysis.entities}
    entities = {e.id: e for e in analysis.entities}
    attributions = list(analysis.attributions)
    if not nested:
        attributions = [a for a in attributions if not is_nested(a, analysis.attributions)]
    out = []
    for a in attributions:
        src = a.source
        others = (*mentions.get(src.entity_id or "", ()),
                  *((src.refers_to,) if src.refers_to else ())) if src else ()
        out.append(Prediction(
            a, offsets(text, [(p.start, p.end) for p in a.parts]),
            offsets(text, [(src.start, src.end)]) if src else frozenset(),
            tuple(offsets(text, [(m.start, m.end)]) for m in others),
            offsets(text, [(a.cue.start, a.cue.end)]) if a.cue else frozenset(),
            speaker_names_of(src, entities),
            bool(src and src.entity_id in entities), src is not None))
    return out, len(analysis.attributions) - len(attributions)


def speaker_names_of(source: Source | None, entities: dict[str, Entity]) -> tuple[str, ...]:
    if source is None:
        return ()
    if (entity := entities.get(source.entity_id or "")) is not None:
        return (entity.name, *entity.aliases, *(m.text for m in entity.mentions))
    return (source.refers_to.text,) if source.refers_to else ()


def names_speaker(prediction: Prediction, speaker: str) -> bool:
    """Whether the prediction's source refers to the gold's canonical speaker: the entity it is
    linked to (or the description it stands for) has the speaker's name (spelling variants
    allowed) or a mention that holds the speaker's full name ("Russian Ambassador to Ecuador
    Dmitry Selivanov" for "Dmitry Selivanov"); for a speaker the article never names ("-"), a
    source linked to no entity."""
    if speaker == "-":
        return prediction.has_source and not prediction.linked
    whole = f" {fold(speaker)} "
    several_words = len(whole.split()) > 1
    return any(same_name(name, speaker) or (several_words and whole in f" {fold(name)} ")
               for name in prediction.speaker_names)


@dataclass
class ArticleScore:
    gold: GoldArticle
    predictions: list[Prediction]
    gold_content: list[Offsets]
    matches: dict[str, dict[int, int]]  # level -> gold index -> prediction index
    source_checked: int = 0
    source_correct: int = 0
    cue_checked: int = 0
    cue_correct: int = 0
    speaker_checked: int = 0
    speaker_correct: int = 0
    nested_set_aside: int = 0


def score_article(gold: GoldArticle, analysis: Analysis, nested: bool = False) -> ArticleScore:
    if analysis.text != gold.text:
        raise ValueError(f"{gold.name}: the analysis is of another text")
    text = gold.text
    golds = [fragment_offsets(text, g.content) for g in gold.attributions]
    preds, set_aside = predictions_of(analysis, nested)
    pred_content = [p.content for p in preds]
    matches = {level: match_contents(text, golds, pred_content, level) for level in LEVELS}
    result = ArticleScore(gold, preds, golds, matches, nested_set_aside=set_aside)
    for gi, pi in matches["loose"].items():
        g, p = gold.attributions[gi], preds[pi]
        if g_source := fragment_offsets(text, g.source):
            result.source_checked += 1
            result.source_correct += bool(p.source & g_source) or any(
                m & g_source for m in p.source_mentions)
        if g_cue := fragment_offsets(text, g.cue):
            result.cue_checked += 1
            result.cue_correct += bool(p.cue & g_cue)
        if g.speaker is not None:
            result.speaker_checked += 1
            result.speaker_correct += names_speaker(p, g.speaker)
    return result


def prf(matched: int, n_gold: int, n_pred: int) -> dict[str, float | int]:
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"matched": matched, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f, 4)}


def share(correct: int, total: int) -> dict[str, float | int]:
    return {"correct": correct, "total": total,
            "accuracy": round(correct / total, 4) if total else 0.0}


def annotator_agreement(gold_dir: str | Path, splits: Sequence[str]) -> dict[str, Any]:
    """How far two annotators of the same articles agree, by this scorer's own matching: the
    second annotator's contents scored as predictions against the first's. It bounds what any
    system can be expected to reach on the gold."""
    gold_dir = Path(gold_dir)
    articles, counts = 0, {level: [0, 0, 0] for level in LEVELS}
    for split in splits:
        if check_layout(gold_dir, split) is not None:
            continue
        annotations = annotation_files(gold_dir / split / "attributions")
        for text_path in sorted((gold_dir / split / "text").glob("*.txt")):
            files = annotations.get(text_path.stem, [])
            if len(files) < 2:
                continue
            text = text_path.read_text(encoding="utf-8")
            first, second = (read_gold_attributions(f, text)[0] for f in files[:2])
            gold = [c for a in first if (c := fragment_offsets(text, a.content))]
            pred = [c for a in second if (c := fragment_offsets(text, a.content))]
            articles += 1
            for level in LEVELS:
                counts[level][0] += len(match_contents(text, gold, pred, level))
                counts[level][1] += len(gold)
                counts[level][2] += len(pred)
    return {"articles": articles,
            "levels": {level: prf(*c) for level, c in counts.items()}}
