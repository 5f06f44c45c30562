"""Training the attribution tagger from gold BRAT annotations (PolNeAR layout)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite
from spacy.tokens import Doc

from reportedly.extract import Parsed
from reportedly.nlp import load_nlp
from reportedly.repair import prepare
from reportedly.tagger.features import article_features
from reportedly.tagger.labels import GoldSpan, bio_labels, first_annotation, read_brat_spans

#: Defaults chosen on the development split: L1 keeps the model small, L2 keeps it smooth.
DEFAULT_C1 = 1.0
DEFAULT_C2 = 0.01
DEFAULT_MAX_ITERATIONS = 100
# Features seen fewer times than this in training are dropped.
DEFAULT_MIN_FREQ = 2


class _Trainer(pycrfsuite.Trainer):
    """A trainer that reports each L-BFGS iteration."""

    progress: Callable[[str], None] | None = None
    max_iterations = 0

    def message(self, message: str) -> None:
        # The base class prints raw solver output; only the iterations are worth reporting.
        event = self.logparser.feed(message)
        if event == "iteration" and self.progress is not None:
            info = self.logparser.last_iteration
            self.progress(f"iteration {info['num']}/{self.max_iterations}: "
                          f"loss {info['loss']:.1f}, {info['time']:.1f}s")


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    spans: list[GoldSpan]


def read_gold(gold_dir: Path, split: str | None = "train",
              limit: int | None = None) -> list[GoldArticle]:
    """Articles of ``gold_dir/split`` (or ``gold_dir`` itself) with their first annotator's
    spans, in sorted name order."""
    root = gold_dir / split if split else gold_dir
    if not (root / "text").is_dir():
        raise FileNotFoundError(f"no text/ directory under {root}")
    articles = []
    for path in sorted((root / "text").glob("*.txt")):
        ann = first_annotation(root, path.stem)
        if ann is None:
            continue
        articles.append(GoldArticle(path.stem, path.read_text(encoding="utf-8"),
                                    read_brat_spans(ann.read_text(encoding="utf-8"))))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def parse_articles(articles: Iterable[GoldArticle]) -> Iterator[tuple[GoldArticle, Parsed]]:
    """Each article parsed exactly as :func:`reportedly.analyze` parses it."""
    items = list(articles)
    nlp = load_nlp()
    docs: Iterable[Doc] = nlp.pipe((prepare(a.text)[0] for a in items), batch_size=16)
    for article, doc in zip(items, docs, strict=True):
        yield article, Parsed(article.text, doc)


def sequences(parsed: Parsed, spans: list[GoldSpan]) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, labels) of each paragraph."""
    for tokens, feats in article_features(parsed):
        yield feats, bio_labels(tokens, spans)


def train(data: Iterable[tuple[list[list[str]], list[str]]], model: Path, *,
          c1: float = DEFAULT_C1, c2: float = DEFAULT_C2,
          max_iterations: int = DEFAULT_MAX_ITERATIONS, min_freq: int = DEFAULT_MIN_FREQ,
          progress: Callable[[str], None] | None = None) -> None:
    """Fit a CRF (L-BFGS) on the sequences and write it to ``model``."""
    trainer = _Trainer(verbose=False)
    trainer.progress = progress
    trainer.max_iterations = max_iterations
    for feats, labels in data:
        trainer.append(feats, labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations,
                        "feature.minfreq": min_freq,
                        "feature.possible_transitions": True})
    model.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model))


def train_from_gold(gold_dir: Path, model: Path, *, split: str | None = "train",
                    limit: int | None = None, c1: float = DEFAULT_C1, c2: float = DEFAULT_C2,
                    max_iterations: int = DEFAULT_MAX_ITERATIONS,
                    min_freq: int = DEFAULT_MIN_FREQ,
                    progress: Callable[[str], None] | None = None) -> int:
    """Parse the gold articles, train and write the model; returns how many articles."""
    say = progress or (lambda message: print(message, file=sys.stderr))
    articles = read_gold(gold_dir, split, limit)
    say(f"{len(articles)} articles")
    data = []
    for k, (article, parsed) in enumerate(parse_articles(articles), start=1):
        data.extend(sequences(parsed, article.spans))
        if k % 50 == 0 or k == len(articles):
            say(f"parsed {k}/{len(articles)}")
    train(data, model, c1=c1, c2=c2, max_iterations=max_iterations, min_freq=min_freq,
          progress=say)
    say(f"wrote {model}")
    return len(articles)
