"""Running the pipeline over a gold split and scoring it: ``evaluate``."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reportedly.evaluate.attributions.gold import GoldArticle, load_gold
from reportedly.evaluate.attributions.lexicon import cue_texts, lexicon_coverage
from reportedly.evaluate.attributions.matching import annotator_agreement, is_flat, score_article
from reportedly.evaluate.attributions.report import report
from reportedly.model import Analysis, Article


def analyse(gold: Sequence[GoldArticle], jobs: int = 1, progress: bool | None = None,
            use_tagger: bool = True) -> Iterator[tuple[GoldArticle, Analysis]]:
    """Each gold article with the pipeline's Analysis of its text, in order; a progress bar on
    stderr when it is a terminal (or when ``progress`` says so)."""
    from tqdm import tqdm

    from reportedly.analyze import analyze_many

    show = sys.stderr.isatty() if progress is None else progress
    articles = (Article(doc_id=a.name, text=a.text) for a in gold)
    analyses = analyze_many(articles, n_process=jobs, use_tagger=use_tagger)
    with tqdm(total=len(gold), desc="analysing", unit=" articles", file=sys.stderr,
              disable=not show, leave=False) as bar:
        for article, analysis in zip(gold, analyses, strict=True):
            bar.update()
            yield article, analysis


def evaluate(gold_dir: str | Path, split: str = "dev", *, jobs: int = 1, samples: int = 10,
             limit: int | None = None, coverage_split: str | None = None,
             progress: bool | None = None, nested: bool = False,
             use_tagger: bool = True, agreement_splits: Sequence[str] | None = None,
             ) -> dict[str, Any]:
    """Run the pipeline over one gold split and build the report (with the agreement of two
    annotators on the articles of ``agreement_splits``, by default the split scored)."""
    gold = load_gold(gold_dir, split, limit)
    nested = nested or not is_flat(gold.articles)
    scores = [score_article(g, a, nested)
              for g, a in analyse(gold.articles, jobs, progress, use_tagger=use_tagger)]
    lexicon = [lexicon_coverage(cue_texts(gold.articles), split)]
    if coverage_split and coverage_split != split:
        lexicon.append(lexicon_coverage(cue_texts(load_gold(gold_dir, coverage_split).articles),
                                        coverage_split))
    result = report(scores, samples=samples, lexicon={"coverage": lexicon},
                    skipped=gold.skipped)
    agreement = annotator_agreement(gold_dir, agreement_splits or [split])
    agreement["splits"] = list(agreement_splits or [split])
    return {"gold_dir": str(gold_dir), "split": split, "tagger": use_tagger, **result,
            "agreement": agreement}
