"""The report: everything ``reportedly evaluate`` prints, as one JSON-ready object, and as a
person reads it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from reportedly.evaluate.attributions.errors import (
    FALSE_ALARM_KINDS,
    MISS_KINDS,
    misses_and_false_alarms,
    sample,
)
from reportedly.evaluate.attributions.matching import LEVELS, ArticleScore, prf, share


def report(scores: Sequence[ArticleScore], *, samples: int = 10,
           lexicon: dict[str, Any] | None = None, skipped: Sequence[str] = ()
           ) -> dict[str, Any]:
    """Everything ``reportedly evaluate`` prints, as one JSON-ready object."""
    n_gold = sum(len(s.gold.attributions) for s in scores)
    n_pred = sum(len(s.predictions) for s in scores)
    out: dict[str, Any] = {
        "articles": len(scores), "gold": n_gold, "predicted": n_pred,
        "unscored_gold": sum(s.gold.unscored for s in scores),
        "nested_set_aside": sum(s.nested_set_aside for s in scores),
        "skipped": list(skipped),
        "levels": {level: prf(sum(len(s.matches[level]) for s in scores), n_gold, n_pred)
                   for level in LEVELS},
        "source": share(sum(s.source_correct for s in scores),
                        sum(s.source_checked for s in scores)),
        "cue": share(sum(s.cue_correct for s in scores), sum(s.cue_checked for s in scores)),
    }
    # Speaker accuracy where the gold names the canonical speaker of each source (a speakers
    # file beside the annotations): the linked entity, not just the source's words.
    has_speakers = any(g.speaker is not None for s in scores for g in s.gold.attributions)
    if has_speakers:
        out["speaker"] = share(sum(s.speaker_correct for s in scores),
                               sum(s.speaker_checked for s in scores))
    by_type: dict[str, Counter[str]] = {}
    for s in scores:
        loose, strict = (set(s.matches[lv].values()) for lv in ("loose", "strict"))
        for pi, p in enumerate(s.predictions):
            c = by_type.setdefault(p.attribution.type, Counter())
            c["predicted"] += 1
            c["loose"] += pi in loose
            c["strict"] += pi in strict
    out["by_type"] = {
        t: {"predicted": c["predicted"], "matched_loose": c["loose"],
            "precision_loose": round(c["loose"] / c["predicted"], 4),
            "matched_strict": c["strict"],
            "precision_strict": round(c["strict"] / c["predicted"], 4)}
        for t, c in sorted(by_type.items())}
    by_publisher: dict[str, list[ArticleScore]] = {}
    for s in scores:
        by_publisher.setdefault(s.gold.publisher, []).append(s)
    out["by_publisher"] = {}
    for pub, group in sorted(by_publisher.items()):
        n_gold_here = sum(len(s.gold.attributions) for s in group)
        n_pred_here = sum(len(s.predictions) for s in group)
        out["by_publisher"][pub] = {
            "articles": len(group), "gold": n_gold_here, "predicted": n_pred_here,
            **{level: prf(sum(len(s.matches[level]) for s in group), n_gold_here, n_pred_here)
               for level in ("loose", "strict")}}
        if has_speakers:
            out["by_publisher"][pub]["speaker"] = share(
                sum(s.speaker_correct for s in group), sum(s.speaker_checked for s in group))
    misses, alarms = misses_and_false_alarms(scores)
    for key, items, kinds in (("misses", misses, MISS_KINDS),
                              ("false_alarms", alarms, FALSE_ALARM_KINDS)):
        counts = Counter(item["kind"] for item in items)
        out[key] = {"total": len(items), "kinds": {k: counts[k] for k in kinds},
                    "sample": sample(items, samples)}
    if lexicon is not None:
        out["lexicon"] = lexicon
    return out


def format_text(r: dict[str, Any]) -> str:
    """The report as a person reads it."""
    lines = [f"{r['gold_dir']} / {r['split']}: {r['articles']} articles, {r['gold']} gold "
             f"attributions, {r['predicted']} predicted"
             + (f" ({r['unscored_gold']} gold attributions without content not scored)"
                if r["unscored_gold"] else "")]
    lines += [f"  skipped {s}" for s in r["skipped"]]
    if r.get("tagger") is False:
        lines.append("  attributions by the rules alone (--rules-only)")
    if r.get("nested_set_aside"):
        lines.append(f"  {r['nested_set_aside']} predictions nested inside another's content set "
                     "aside: the gold is flat (--score-nested scores them too)")
    # Four places, as the report keeps them: a figure checked against a target (0.80) must not
    # round up to it.
    lines += ["", f"{'content match':<22} {'P':>6} {'R':>6} {'F1':>6} {'matched':>8}"]
    labels = {"loose": "coverage >= 0.3", "strict": "coverage >= 0.8", "exact": "exact"}
    for level, s in r["levels"].items():
        lines.append(f"{labels[level]:<22} {s['precision']:6.4f} {s['recall']:6.4f} "
                     f"{s['f1']:6.4f} {s['matched']:8d}")
    for key, what in (("source", "source accuracy"), ("cue", "cue accuracy")):
        s = r[key]
        lines.append(f"{what:<22} {s['accuracy']:6.4f}   on {s['correct']}/{s['total']} "
                     "matched pairs (coverage >= 0.3) whose gold has one")
    if "speaker" in r:
        s = r["speaker"]
        lines.append(f"{'speaker accuracy':<22} {s['accuracy']:6.4f}   on {s['correct']}/"
                     f"{s['total']} matched pairs whose gold source has a canonical speaker "
                     "(the source's entity is that speaker)")
    agreement = r.get("agreement") or {}
    if agreement.get("articles"):
        f1 = " / ".join(f"{agreement['levels'][level]['f1']:.3f}" for level in LEVELS)
        lines.append(f"annotator agreement    F1 {f1} (coverage >= 0.3 / >= 0.8 / exact): a "
                     f"second annotator scored against the first on the "
                     f"{agreement['articles']} articles of {', '.join(agreement['splits'])} "
                     "that have two")
    lines += ["", "by predicted type (recall cannot be split by a predicted type)",
              f"  {'type':<14} {'predicted':>9} {'matched@.3':>10} {'P@.3':>6} "
              f"{'matched@.8':>10} {'P@.8':>6}"]
    for t, s in r["by_type"].items():
        lines.append(f"  {t:<14} {s['predicted']:9d} {s['matched_loose']:10d} "
                     f"{s['precision_loose']:6.3f} {s['matched_strict']:10d} "
                     f"{s['precision_strict']:6.3f}")
    speakers = "speaker" in r
    lines += ["", "by publisher",
              f"  {'publisher':<14} {'articles':>8} {'gold':>5} {'pred':>5} {'P@.3':>6} "
              f"{'R@.3':>6} {'F1@.3':>6} {'P@.8':>6} {'R@.8':>6} {'F1@.8':>6}"
              + (f" {'speaker':>7}" if speakers else "")]
    for pub, s in r["by_publisher"].items():
        lo, st = s["loose"], s["strict"]
        lines.append(f"  {pub:<14} {s['articles']:8d} {s['gold']:5d} {s['predicted']:5d} "
                     f"{lo['precision']:6.3f} {lo['recall']:6.3f} {lo['f1']:6.3f} "
                     f"{st['precision']:6.3f} {st['recall']:6.3f} {st['f1']:6.3f}"
                     + (f" {s['speaker']['accuracy']:7.3f}" if speakers else ""))
    for cov in r.get("lexicon", {}).get("coverage", []):
        lines += ["", f"reporting-verb lexicon coverage of gold cues ({cov['split']}): "
                      f"{cov['coverage']:.3f} ({cov['covered']}/{cov['cues']} cue occurrences "
                      "with a word whose lemma is in the lexicon)"]
        if cov["top_uncovered"]:
            lines.append("  most frequent uncovered cue lemmas: " + ", ".join(
                f"{u['lemma']} {u['count']}" for u in cov["top_uncovered"]))
        verbs = cov.get("verbs")
        if verbs:
            lines.append(f"  verb cues: {verbs['coverage']:.3f} ({verbs['covered']}/"
                         f"{verbs['cues']} cue occurrences with a verb)")
            if verbs["top_uncovered"]:
                lines.append("  most frequent uncovered cue verbs: " + ", ".join(
                    f"{u['lemma']} {u['count']}" for u in verbs["top_uncovered"]))
    for key, title, near_key, kinds in (
            ("misses", "misses (gold contents not matched at 0.3)", "closest_prediction",
             MISS_KINDS),
            ("false_alarms", "false alarms (predictions not matched at 0.3)", "closest_gold",
             FALSE_ALARM_KINDS)):
        block = r[key]
        lines += ["", f"{title}: {block['total']}"]
        total = block["total"] or 1
        lines += [f"  {n:6d} {n / total:6.1%}  {kinds[k]}" for k, n in block["kinds"].items()]
        lines.append(f"  a sample of {len(block['sample'])}:")
        for item in block["sample"]:
            head = f"- {item['article']} {item['start']}-{item['end']} ({item['kind']})"
            if "type" in item:
                head += f" [{item['type']}]"
            lines.append(f"{head} source={item['source']!r} cue={item['cue']!r}")
            lines.append(f"    text:    {item['text']}")
            lines.append(f"    context: {item['context']}")
            if near := item.get(near_key):
                lines.append(f"    closest {'prediction' if key == 'misses' else 'gold'} "
                             f"(coverage {near['coverage']:.2f}, inside {near['inside']:.2f}): "
                             f"{near['text']}")
    return "\n".join(lines)
