"""The reporting-verb lexicon's coverage of the gold cues."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from reportedly.evaluate.attributions.gold import GoldArticle
from reportedly.evaluate.attributions.matching import fragment_text


def cue_texts(gold: Iterable[GoldArticle]) -> list[str]:
    """The text of every gold cue, one per attribution that has one."""
    return [fragment_text(a.text, g.cue).replace(" … ", " ")
            for a in gold for g in a.attributions if g.cue]


def lexicon_coverage(cues: Sequence[str], split: str, top: int = 15) -> dict[str, Any]:
    """The share of cue occurrences with a word whose lemma is in the reporting-verb lexicon,
    and the most frequent cue lemmas without one."""
    from reportedly.nlp import load_nlp
    from reportedly.reporting_verbs import reporting_verbs

    # "according to" is read by its own rule, with a neutral stance.
    verbs = {*reporting_verbs(), "accord"}
    counts = Counter(c.strip() for c in cues if c.strip())
    lemmas: dict[str, tuple[str, bool]] = {}
    verb_cues: dict[str, tuple[str, bool]] = {}
    nlp = load_nlp()
    # Each distinct cue is tagged on its own: the lemmatiser needs the part of speech only.
    unique = sorted(counts)
    for cue, doc in zip(unique, nlp.pipe(unique, disable=["parser", "ner",
                                                          "paragraph_boundaries"]), strict=True):
        words = [t.lemma_.lower() for t in doc if not t.is_space and not t.is_punct]
        verb_words = [t.lemma_.lower() for t in doc if t.pos_ == "VERB"]
        # A cue of punctuation alone (a colon lead-in) is listed as written.
        lemmas[cue] = (" ".join(words) or cue.lower(), any(w in verbs for w in words))
        verb_cues[cue] = (" ".join(verb_words), any(w in verbs for w in verb_words))
    out: dict[str, Any] = {"split": split, **_coverage(counts, lemmas, top)}
    # The verbs among the cues: what the reporting-verb lexicon is for (nominal cues, "according
    # to" and colons are read by other rules).
    verb_counts = Counter({c: n for c, n in counts.items() if verb_cues[c][0]})
    out["verbs"] = _coverage(verb_counts, verb_cues, top)
    return out


def _coverage(counts: Counter[str], lemmas: dict[str, tuple[str, bool]],
              top: int) -> dict[str, Any]:
    covered = sum(n for cue, n in counts.items() if lemmas[cue][1])
    uncovered: Counter[str] = Counter()
    for cue, n in counts.items():
        if not lemmas[cue][1]:
            uncovered[lemmas[cue][0]] += n
    total = sum(counts.values())
    return {"cues": total, "covered": covered,
            "coverage": round(covered / total, 4) if total else 0.0,
            "top_uncovered": [{"lemma": lemma, "count": n}
                              for lemma, n in sorted(uncovered.items(),
                                                     key=lambda kv: (-kv[1], kv[0]))[:top]]}
