"""Entity index speed and source-linking rates over real news (say, PolNeAR's dev texts).

Run: PYTHONPATH=src python benchmarks/entities_speed.py CORPUS_DIR [LIMIT]
Prints the time the entity index takes per article (the parse excluded), how many attribution
sources end up linked to an entity, and the entity types found.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from reportedly.analyze import build_analysis
from reportedly.document import Parsed
from reportedly.extract.entities import extract_entities
from reportedly.model import Article
from reportedly.nlp import load_nlp
from reportedly.repair import prepare

PRONOUNS = {"he", "she", "they", "it", "him", "her", "them"}


def main() -> None:
    if len(sys.argv) < 2:
        print("usage: entities_speed.py CORPUS_DIR [LIMIT] (a directory of .txt articles, "
              "such as PolNeAR's dev/text)")
        return
    corpus = Path(sys.argv[1])
    if not corpus.is_dir():
        print(f"no corpus at {corpus}")
        return
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    files = sorted(corpus.glob("*.txt"))[:limit]
    nlp = load_nlp()
    counts: Counter[str] = Counter()
    index_seconds = 0.0
    for path in files:
        text = path.read_text(encoding="utf-8")
        copy, repairs = prepare(text)
        doc = nlp(copy)
        started = time.perf_counter()
        extract_entities(Parsed(text, doc)).entities()
        index_seconds += time.perf_counter() - started
        analysis = build_analysis(Article(path.stem, text), doc, repairs)
        analysis.check_spans()
        for a in analysis.attributions:
            if a.source is None:
                continue
            pronoun = a.source.text.lower() in PRONOUNS
            counts["sources"] += 1
            counts["sources linked"] += a.source.entity_id is not None
            counts["pronoun sources"] += pronoun
            counts["pronoun sources linked"] += pronoun and a.source.entity_id is not None
        for e in analysis.entities:
            counts[f"entities {e.type}"] += 1
    print(f"{len(files)} articles; entity index {1000 * index_seconds / max(1, len(files)):.1f}"
          " ms/article (parse excluded)")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")


if __name__ == "__main__":
    main()
