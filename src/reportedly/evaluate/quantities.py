"""Scoring figures against a gold set, for reportedly and for the quantulum3 baseline.

The gold set is JSON lines: ``{"id", "text", "figures": [{"start", "end", "span", "value",
"value_max", "unit", "currency", "bound"}]}``. A predicted figure matches a gold one when their
spans overlap and the compared fields agree (values within 0.1%). Matching is one-to-one, so a
figure found twice counts once. Three levels are scored: value, value + unit, and
value + unit + bound (the bound includes ``value_max`` for ranges).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from reportedly.extract.quantities import lexicon as lex

LEVELS = ("value", "value+unit", "value+unit+bound")
REL_TOLERANCE = 1e-3


@dataclass(frozen=True, slots=True)
class Figure:
    start: int
    end: int
    value: float
    unit: str | None = None
    bound: str = "exact"
    value_max: float | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    figures: tuple[Figure, ...]


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class SystemResult:
    name: str
    scores: dict[str, Scores] = field(default_factory=dict)
    # (sentence id, text, missed gold figures, spurious predictions) at the strictest level
    errors: list[tuple[str, str, list[Figure], list[Figure]]] = field(default_factory=list)


# -- gold -----------------------------------------------------------------------------------

def default_gold_path() -> Path:
    return Path(str(resources.files("reportedly").joinpath("data", "gold", "quantities.jsonl")))


def heldout_gold_path() -> Path:
    """Sentences annotated apart from the development gold set, to check rules generalise."""
    return default_gold_path().with_name("quantities_heldout.jsonl")


def load_gold(path: str | Path | None = None) -> list[GoldSentence]:
    path = Path(path) if path is not None else default_gold_path()
    sentences = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = row["text"]
        figures = []
        for f in row["figures"]:
            if text[f["start"]:f["end"]] != f["span"]:
                raise ValueError(f"{path}: {row['id']}: span {f['span']!r} does not match")
            figures.append(Figure(f["start"], f["end"], float(f["value"]), f.get("unit"),
                                  f.get("bound", "exact"),
                                  None if f.get("value_max") is None else float(f["value_max"]),
                                  f["span"]))
        sentences.append(GoldSentence(row["id"], text, tuple(figures)))
    return sentences


# -- matching -------------------------------------------------------------------------------

def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= REL_TOLERANCE * max(abs(a), abs(b), 1e-9)


def agrees(gold: Figure, pred: Figure, level: str) -> bool:
    if not (pred.start < gold.end and gold.start < pred.end):
        return False
    if not _close(gold.value, pred.value):
        return False
    if level in ("value+unit", "value+unit+bound") and gold.unit != pred.unit:
        return False
    if level == "value+unit+bound":
        return gold.bound == pred.bound and _close(gold.value_max, pred.value_max)
    return True


def match(gold: Sequence[Figure], pred: Sequence[Figure],
          level: str) -> tuple[int, list[Figure], list[Figure]]:
    """(matched count, missed gold figures, spurious predictions), matching one-to-one."""
    unused = list(pred)
    missed = []
    for g in gold:
        hit = next((p for p in unused if agrees(g, p, level)), None)
        if hit is None:
            missed.append(g)
        else:
            unused.remove(hit)
    return len(gold) - len(missed), missed, unused


def score(gold: Sequence[GoldSentence], predictions: Sequence[Sequence[Figure]],
          name: str) -> SystemResult:
    result = SystemResult(name, {level: Scores() for level in LEVELS})
    for sentence, pred in zip(gold, predictions, strict=True):
        for level in LEVELS:
            tp, missed, spurious = match(sentence.figures, pred, level)
            s = result.scores[level]
            s.tp += tp
            s.fn += len(missed)
            s.fp += len(spurious)
            if level == LEVELS[-1] and (missed or spurious):
                result.errors.append((sentence.id, sentence.text, missed, spurious))
    return result


# -- systems --------------------------------------------------------------------------------

def reportedly_figures(texts: Iterable[str]) -> list[list[Figure]]:
    from reportedly.analyze import analyze_many

    out = []
    for analysis in analyze_many(list(texts)):
        out.append([Figure(q.span.start, q.span.end, float(q.value), q.unit, q.bound,
                           None if q.value_max is None else float(q.value_max), q.span.text)
                    for q in analysis.quantities])
    return out


def quantulum_unit(unit: Any) -> str | None:
    """quantulum3's unit in reportedly's stable names, so the two are scored alike."""
    if unit.entity.name == "currency":
        code = getattr(unit, "currency_code", None)
        return code.lower() if code else unit.name
    if unit.name == "dimensionless":
        return None
    if unit.name == "percentage":
        return "percent"
    table = lex.units()
    for surface in (unit.name, *getattr(unit, "surfaces", ()), *getattr(unit, "symbols", ())):
        info = table.get(str(surface).lower())
        if info is not None:
            return info.unit
    return unit.name


def quantulum_figures(texts: Iterable[str]) -> list[list[Figure]]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        out = []
        for text in texts:
            figures = []
            for q in parser.parse(text):
                start, end = q.span
                if q.uncertainty:
                    figures.append(Figure(start, end, q.value - q.uncertainty,
                                          quantulum_unit(q.unit), "range",
                                          q.value + q.uncertainty, q.surface))
                else:
                    figures.append(Figure(start, end, float(q.value), quantulum_unit(q.unit),
                                          "exact", None, q.surface))
            out.append(figures)
    return out


SYSTEMS: dict[str, Callable[[Iterable[str]], list[list[Figure]]]] = {
    "reportedly": reportedly_figures,
    "quantulum3": quantulum_figures,
}


def evaluate(gold: Sequence[GoldSentence],
             systems: Sequence[str] = ("reportedly", "quantulum3")) -> list[SystemResult]:
    texts = [s.text for s in gold]
    return [score(gold, SYSTEMS[name](texts), name) for name in systems]


def format_table(results: Sequence[SystemResult], n_sentences: int, n_figures: int) -> str:
    lines = [f"gold: {n_sentences} sentences, {n_figures} figures",
             f"{'system':<12} {'level':<18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} "
             f"{'fn':>5}"]
    for r in results:
        for level in LEVELS:
            s = r.scores[level]
            lines.append(f"{r.name:<12} {level:<18} {s.precision:6.3f} {s.recall:6.3f} "
                         f"{s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    return "\n".join(lines)


def format_errors(result: SystemResult) -> str:
    def show(f: Figure) -> str:
        value = f"{f.value:g}" + (f"-{f.value_max:g}" if f.value_max is not None else "")
        return f"{f.text!r}={value} {f.unit} {f.bound}"

    lines = [f"== {result.name}: {len(result.errors)} sentences with errors"]
    for sid, text, missed, spurious in result.errors:
        lines.append(f"{sid}: {text}")
        lines.extend(f"    missed   {show(f)}" for f in missed)
        lines.extend(f"    spurious {show(f)}" for f in spurious)
    return "\n".join(lines)
