"""The rules-versus-tagger policy, all of it: where the tagger's output overrides a rule.

The rules keep what they find more precisely than the tagger:

- attributions with quotes (paired marks, speakers carried over, split quotes), except a quoted
  fragment nobody is named for, which inside a tagged content is a quote within reported
  speech (a tagged content holding such a fragment of the writer's sentence stands for it);
- "according to" claims (the side of the sentence that carries the claim);
- contents around their own frame ("The bridge, the engineer said, will reopen") and
  parenthetical frames ("as X put it").

Elsewhere the tagger's content boundaries win: a tagged content displaces the rule attribution
most alike it and takes that one's frame (cue, source, and the "according_to" type), which the
rules find more precisely; an outer rule attribution that holds it whole stays (nested
attributions). Rule attributions the tagger does not touch stay, and the tagger adds what the
rules miss (nominal cues, paraphrase, content over several sentences).

Two more overrides: when the tagger ran, a rule content without quotes that it marks no word
of ("offered a crucial edge") is left out, being mostly the writer's own description
(:func:`drop_unread_by_tagger`); and a rule draft with no cue takes the tagger's cue next to
its content (:func:`fill_cue_from_tagger`). Which tagged drafts are made at all (confidence,
plausible content) is :mod:`.tagged`'s business.
"""

from __future__ import annotations

from dataclasses import replace

from reportedly.document import Parsed
from reportedly.extract.attributions.draft import (
    Context,
    Draft,
    holds_strictly,
    overlaps,
)
from reportedly.extract.attributions.quoting import (
    continues_writers_sentence,
    is_whole_sentence,
)
from reportedly.extract.attributions.split_quotes import is_second_piece
from reportedly.extract.attributions.tagged import (
    is_cue_run,
    run_gap,
    tagged_cue,
    tagged_source,
)
from reportedly.tagger import TaggedRun


def _combine(parsed: Parsed, rules: list[Draft], tagged: list[Draft]) -> list[Draft]:
    """Rules and tagger together, each where it measures better. Attributions with quotes,
    "according to" claims (the side of the sentence that carries the claim) and those around a
    parenthetical frame ("The bridge, the engineer said, will reopen") are the rules' (paired
    marks, speakers carried over, split quotes), but for a quoted fragment
    nobody is named for: inside a tagged content it is a quote within reported speech.
    Elsewhere the tagger's content boundaries win: a tagged content displaces the rule
    attribution most alike it and keeps that one's frame (cue, source, type), which the rules
    find more precisely; an outer rule attribution that holds that one whole stays (nested
    attributions). Rule attributions the tagger does not touch stay."""
    text = parsed.text
    kept = [r for r in rules if r.aside is not None or r.type == "according_to"
              or _holds_own_cue(r) or (r.quotes and not (
                  r.type == "partial" and r.source is None
                  and not is_second_piece(text, r, rules)))]
    absorbed: set[int] = set()
    accepted = []
    for t in tagged:
        if t.cue is None or t.content[1] <= t.content[0]:
            continue
        touched = [q for q in kept if overlaps(t.content, q.content)]
        if touched and not all(_may_stand_for(parsed, t, q) for q in touched):
            continue
        outer = [q for q in touched if q.cue is None or not holds_strictly(t.content, q.cue[:2])]
        framed = next((q for q in outer if q.cue is not None), None)
        if framed is not None:
            t = replace(t, cue=framed.cue, source=framed.source)
        absorbed.update(id(q) for q in outer)
        accepted.append(t)
    kept = [q for q in kept if id(q) not in absorbed]
    tagged = accepted
    others = [r for r in rules if not any(r is q for q in kept) and id(r) not in absorbed]
    out: list[Draft] = []
    displaced: set[int] = set()
    for t in tagged:
        overlapping = [r for r in others if overlaps(t.content, r.content)]
        if overlapping:
            # The rule attribution this content stands for: the most alike. One that holds it
            # whole is an outer attribution (nested ones) and stays.
            rule = max(overlapping, key=lambda r: _alike(t.content, r.content))
            displaced.update(id(r) for r in overlapping
                             if r is rule or not holds_strictly(r.content, rule.content))
            if rule.cue is not None:
                kind = rule.type if rule.type == "according_to" else t.type
                t = replace(t, type=kind, cue=rule.cue, source=rule.source)
        out.append(t)
    return kept + out + [r for r in others if id(r) not in displaced]


def _may_stand_for(parsed: Parsed, tagged: Draft, rule: Draft) -> bool:
    """Whether a tagged content may stand for a rule attribution it overlaps: the rule's
    content is one quoted fragment that carries on the writer's sentence, lying inside the
    tagged content ("called Trump a “liar” who is “amoral”": the whole is what was said, the
    quotes are its words). A quote opening its sentence may be half of a split quote."""
    if len(rule.quotes) != 1 or rule.aside is not None or rule.type == "according_to":
        return False
    quote = rule.quotes[0]
    return rule.content == (quote.start, quote.end) \
        and holds_strictly(tagged.content, rule.content) \
        and not is_whole_sentence(parsed, quote) \
        and continues_writers_sentence(parsed.text, rule, quote)


def _alike(a: tuple[int, int], b: tuple[int, int]) -> float:
    """How much two ranges coincide: shared length over joint length."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared / (max(a[1], b[1]) - min(a[0], b[0]))


def _tagger_reads_content(draft: Draft, runs: list[TaggedRun]) -> bool:
    """Whether the tagger marks any word of a draft's content as content, or the draft is one
    the rules find more precisely than the tagger (quotes, "according to", a parenthetical
    frame, a cue-less "Speaker: statement" line). A reporting verb's object the tagger leaves
    wholly unmarked is mostly the writer's own description ("offered a crucial edge", "showed
    how contentious it was"): the tagger learned from annotated news which objects are
    something said (on a held-out fifth of PolNeAR train, 94 such rule attributions were
    dropped, 19 of them gold: loose F1 +0.004)."""
    if draft.cue is None or draft.quotes or draft.type == "according_to" \
            or draft.aside is not None:
        return True
    return any(r.role == "CONTENT" and overlaps((r.first_char, r.end_char), draft.content)
               for r in runs)


def _fill_cue(parsed: Parsed, draft: Draft, runs: list[TaggedRun]) -> Draft:
    """A rule attribution with no cue takes the tagger's cue next to its content (and that
    cue's source when it has none)."""
    if draft.cue is not None:
        return draft
    doc = parsed.doc
    words = doc.char_span(*draft.content, alignment_mode="expand")
    if words is None:
        return draft
    group = [TaggedRun("CONTENT", words.start, words.end, *draft.content)]
    lowest = words[0].sent.start
    highest = words[-1].sent.end
    cues = [r for r in runs if r.role == "CUE" and lowest <= r.start < highest
            and not (draft.content[0] <= r.first_char < draft.content[1])
            and is_cue_run(parsed, r)]
    cue = min(cues, key=lambda c: (run_gap(c, group), c.start), default=None)
    if cue is None:
        return draft
    source = draft.source
    if source is None:
        source = tagged_source(parsed, cue, [r for r in runs if r.role == "SOURCE"], group)
    return replace(draft, cue=tagged_cue(parsed, cue), source=source)


def _holds_own_cue(draft: Draft) -> bool:
    """A content around its own frame ("The bridge, the engineer said, will reopen")."""
    return draft.cue is not None and draft.content[0] < draft.cue[0] < draft.content[1]


def merge_tagged(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: the rules' drafts and the tagger's merged by the policy above (:func:`_combine`).
    Returns the rules' drafts kept whole, then the tagger's accepted ones, then the rules'
    others: :func:`.tidy.dedupe` keeps the earlier of two, so the order is part of the policy."""
    rules = [d for d in drafts if d.origin == "rules"]
    tagged = [d for d in drafts if d.origin == "tagger"]
    return _combine(ctx.parsed, rules, tagged)


def drop_unread_by_tagger(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: when the tagger ran (even finding nothing), a rule content it marks no word of
    goes (:func:`_tagger_reads_content`); with the tagger off, every draft stays."""
    if ctx.runs is None:
        return drafts
    runs = ctx.runs
    return [d for d in drafts if _tagger_reads_content(d, runs)]


def fill_cue_from_tagger(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: a draft with no cue takes the tagger's cue next to its content (:func:`_fill_cue`)."""
    return [_fill_cue(ctx.parsed, d, ctx.runs or []) for d in drafts]
