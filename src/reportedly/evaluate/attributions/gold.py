"""Reading the gold: each article of a PolNeAR-layout split with its first annotator's
attributions (the BRAT files themselves are read by :mod:`reportedly.brat`)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportedly.brat import Fragment, annotation_files, read_ann


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    id: str  # the E line's id
    content: tuple[Fragment, ...]
    source: tuple[Fragment, ...] = ()
    cue: tuple[Fragment, ...] = ()
    # The person or body the source refers to, by its fullest name in the article, from the
    # split's speakers file; "-" when the source refers to no one the article names; None when
    # the split has no speakers file.
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str
    annotation_file: str
    publisher: str
    attributions: tuple[GoldAttribution, ...]
    unscored: int = 0  # attributions without a content


@dataclass
class GoldSet:
    articles: list[GoldArticle]
    skipped: list[str] = field(default_factory=list)  # "NAME: why" for articles left out


def read_gold_attributions(path: Path, text: str) -> tuple[list[GoldAttribution], int]:
    """The attributions of one .ann file (in E-line order) and how many lack a content."""
    annotations = read_ann(path, len(text))
    spans = {sid: span.fragments for sid, span in annotations.spans.items()}
    attributions, unscored = [], 0
    for event in annotations.events:
        parts: dict[str, list[Fragment]] = {"Content": [], "Source": [], "Cue": []}
        for role, ref in event.arguments:
            if ref not in spans:
                raise annotations.error(
                    event.line, f"{event.id} refers to {ref}, which no T line defines")
            base = role.rstrip("0123456789")  # Content2: a second stretch of the content
            if base in parts:
                parts[base].extend(spans[ref])
        if not parts["Content"]:
            unscored += 1
            continue
        content, source, cue = (tuple(sorted(set(parts[k]), key=lambda f: (f.start, f.end)))
                                for k in ("Content", "Source", "Cue"))
        attributions.append(GoldAttribution(event.id, content, source, cue))
    return attributions, unscored


def read_publishers(gold_dir: Path) -> dict[str, str]:
    """Article name -> publisher from ``GOLD_DIR/metadata.tsv`` (columns filename, publisher)."""
    path = gold_dir / "metadata.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t")
        if not rows.fieldnames or not {"filename", "publisher"} <= set(rows.fieldnames):
            return {}
        return {row["filename"]: row["publisher"] for row in rows if row.get("publisher")}


#: The speakers file of an article: ``SPLIT/speakers/NAME_speakers.tsv``, a header row, then one
#: row per gold source: its T-id, start, end, text and canonical speaker.
SPEAKERS_DIR = "speakers"


def read_speakers(path: Path) -> dict[tuple[int, int], str]:
    """Source offsets -> canonical speaker, from one article's speakers file."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t")
        return {(int(row["start"]), int(row["end"])): row["speaker"] for row in rows}


def with_speakers(attributions: list[GoldAttribution], speakers: dict[tuple[int, int], str]
                  ) -> list[GoldAttribution]:
    """The attributions with the canonical speaker of their source, where the file names one."""
    out = []
    for g in attributions:
        speaker = None
        if g.source:
            first = g.source[0]
            speaker = speakers.get((first.start, first.end))
        out.append(replace(g, speaker=speaker))
    return out


def check_layout(gold_dir: Path, split: str) -> str | None:
    """Why ``gold_dir/split`` is not a gold split, or None when it is."""
    base = gold_dir / split
    missing = [d for d in ("text", "attributions") if not (base / d).is_dir()]
    if missing:
        return (f"{base} is not a gold split: it lacks {' and '.join(d + '/' for d in missing)} "
                "(expected SPLIT/text/NAME.txt and SPLIT/attributions/NAME_ANNOTATOR.ann)")
    return None


def load_gold(gold_dir: str | Path, split: str = "dev", limit: int | None = None) -> GoldSet:
    """Every annotated article of one split, in name order (the first ``limit`` of them)."""
    gold_dir = Path(gold_dir)
    if (problem := check_layout(gold_dir, split)) is not None:
        raise FileNotFoundError(problem)
    text_dir, ann_dir = gold_dir / split / "text", gold_dir / split / "attributions"
    annotations = annotation_files(ann_dir)
    publishers = read_publishers(gold_dir)
    gold = GoldSet([])
    for text_path in sorted(text_dir.glob("*.txt")):
        name = text_path.stem
        if limit is not None and len(gold.articles) >= limit:
            break
        if name not in annotations:
            gold.skipped.append(f"{name}: no annotation file")
            continue
        try:
            text = text_path.read_text(encoding="utf-8")
        except OSError as e:
            gold.skipped.append(f"{name}: cannot read the text: {e.strerror or e}")
            continue
        ann = annotations[name][0]  # the first annotator, by file name
        attributions, unscored = read_gold_attributions(ann, text)
        speakers_file = gold_dir / split / SPEAKERS_DIR / f"{name}_speakers.tsv"
        if speakers_file.is_file():
            attributions = with_speakers(attributions, read_speakers(speakers_file))
        gold.articles.append(GoldArticle(name, text, ann.name,
                                         publishers.get(name) or name.split("_", 1)[0],
                                         tuple(attributions), unscored))
    return gold
