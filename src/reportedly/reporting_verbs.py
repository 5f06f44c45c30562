"""The reporting-verb lexicon: which words report, what each may introduce, its kind, and the
stance it signals (``data/reporting_verbs.tsv``, ``data/cue_prepositions.tsv``).

Read by the attribution rules, the tagger's features and the diagnostics alike, so it sits
below all three."""

from __future__ import annotations

from functools import cache

from reportedly.lexicons import tsv_rows, word_list

LEXICON = "reporting_verbs.tsv"


@cache
def reporting_verbs() -> dict[str, tuple[str, str]]:
    """lemma -> (stance, kind) for every reporting verb in the lexicon."""
    return {row["lemma"]: (row["stance"], row["kind"]) for row in tsv_rows(LEXICON)}


@cache
def frame_modes() -> dict[str, str]:
    """lemma -> what the verb may introduce on its own: ``any``, ``clause`` or ``none``."""
    return {row["lemma"]: row.get("frames") or "any" for row in tsv_rows(LEXICON)}


def verb_kind(lemma: str) -> str:
    """The lexicon's kind of a reporting verb (speech, belief, report, position, intention;
    "report" for a listed verb with no kind), or "" for a word not in the lexicon."""
    entry = reporting_verbs().get(lemma.lower())
    return (entry[1] or "report") if entry else ""


def frame_mode(lemma: str) -> str:
    """``any`` (clause, quote or stated object), ``clause`` (clause or quote only), ``none``
    (not a frame opener: in the lexicon for its stance only), or "" for a word not in it."""
    return frame_modes().get(lemma.lower(), "")


@cache
def cue_prepositions() -> dict[str, frozenset[str]]:
    """verb lemma -> the prepositions through which it reports content ("call for")."""
    pairs: dict[str, set[str]] = {}
    for row in tsv_rows("cue_prepositions.tsv"):
        pairs.setdefault(row["lemma"], set()).add(row["preposition"])
    return {lemma: frozenset(preps) for lemma, preps in pairs.items()}


def is_reporting_verb(lemma: str) -> bool:
    """A verb that reports on its own; the lexicon's stance-only verbs ("make", "go") do not."""
    return frame_mode(lemma) in ("any", "clause")


def stance_of(lemma: str | None) -> str | None:
    """The stance a cue signals; ``according to`` and other non-verbal cues are neutral."""
    if lemma is None:
        return None
    if lemma.lower() in word_list("belief_adjectives.txt"):
        return "believing"
    entry = reporting_verbs().get(lemma.lower())
    if entry is None and " " in lemma:
        # "call for", "warn against": the verb's stance.
        entry = reporting_verbs().get(lemma.lower().split()[0])
    return entry[0] if entry else "neutral"
