"""Claims credited backwards, and twice: a sentence that credits the sentence before it.

- "A. That's according to X." credits A to X (``according_to``, cue "according to"); what
  follows X after a comma is the writer's ("…, who asked not to be named").
- "A. That's according to X, Y reports." credits A to X, and A through X to Y: two
  attributions, the first nested in the second, both kept; the second's cue is Y's verb.
- "A. This was reported (on Tuesday) by X[, citing …]." credits A to X, cue "reported".
- "A. X reports." (a sentence of a name and the verb alone) credits A to X.
- "A. X said this [at a press conference], Y reports." credits A to X (cue "said"), and A
  through the end of X's sentence before the comma to Y.

A is the sentence before, in the same paragraph, without its dateline ("VILNIUS, June 3
(Meridian) -"). Whatever the other finders drafted inside the crediting sentence (a content
"That's", a claim "the Financial Courier reported") goes; drafts inside A stay (they are
nested in it).
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Span as SpacySpan

from reportedly.extract.attributions.boundaries import DATELINE
from reportedly.extract.attributions.draft import (
    Context,
    CueRange,
    Draft,
    Range,
    trim_writers_edges,
)
from reportedly.extract.attributions.grammar import np_span
from reportedly.reporting_verbs import is_reporting_verb

# A verb by which a publication credits a report to itself, and its lemma.
_REPORTS = r"(?P<verb>reports|reported|writes|wrote|informs|informed|says|said)"
_LEMMAS = {"reports": "report", "reported": "report", "writes": "write", "wrote": "write",
           "informs": "inform", "informed": "inform", "says": "say", "said": "say"}
_ACCORDING = re.compile(r"^(?:That|This|It)(?:'s|’s|\s+is)\s+(?P<cue>according\s+to)\s+")
_BY_WHOM = re.compile(r",\s+(?P<who>(?:the\s+)?[A-Z][^,]{0,80}?)\s+" + _REPORTS + r"\b[^,]{0,40}$")
_PASSIVE = re.compile(r"^(?:This|That|It)\s+(?:was|has\s+been|is)\s+"
                      r"(?P<verb>reported|stated|announced|written)\b[^,.]{0,40}?\s+by\s+"
                      r"(?P<who>[^,]{1,80}?)\s*(?:,|$)")
_NAME_REPORTS = re.compile(r"^(?P<who>[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,4})\s+"
                           r"(?P<verb>reports|reported|writes|wrote)$")
# What keeps "X said this at a briefing" from "X understood this because …": the verb is the
# sentence's own, "this" its object right after it, and no clause hangs on the verb.
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "xcomp", "conj"})


def credit_backwards(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: the claims credited backwards (the rule in this module's docstring)."""
    sentences = list(ctx.parsed.doc.sents)
    for before, sent in pairwise(sentences):
        claim = _claim(ctx, before, sent)
        if claim is None:
            continue
        found = _credits(ctx, sent, claim)
        if not found:
            continue
        whole = Range(sent.start_char, sent.end_char)
        drafts = [d for d in drafts if not _within(d.content, whole)
                  and not (d.cue is not None and _within(d.cue[:2], whole))] + found
    return sorted(drafts, key=lambda d: (d.content.start, d.content.end))


def _within(inner: tuple[int, int], outer: Range) -> bool:
    return outer.start <= inner[0] and inner[1] <= outer.end


def _claim(ctx: Context, before: SpacySpan, sent: SpacySpan) -> Range | None:
    """Sentence A, when it stands right before ``sent`` in the same paragraph."""
    text = ctx.text
    if "\n" in text[before.end_char:sent.start_char]:
        return None
    start = max(before.start_char, text.rfind("\n", 0, before.end_char) + 1)
    if dateline := DATELINE.match(text, start):
        start = dateline.end()
    claim = trim_writers_edges(text, start, before.end_char)
    return claim if claim.end > claim.start else None


def _credits(ctx: Context, sent: SpacySpan, claim: Range) -> list[Draft]:
    text = ctx.text
    start = sent.start_char
    body = trim_writers_edges(text, start, sent.end_char)
    said = text[body.start:body.end]
    if not text[body.end:sent.end_char].lstrip().startswith("."):
        # "X reports:" introduces what follows; only a sentence ending in a full stop credits
        # the one before it.
        return []
    if m := _ACCORDING.match(said):
        cue = CueRange(start + m.start("cue"), start + m.end("cue"), "according to")
        rest = said[m.end():]
        by = _BY_WHOM.search(rest)
        who_end = len(rest) if by is None else by.start()
        who_end = min(who_end, rest.find(",") if "," in rest else len(rest))
        source = Range(start + m.end(), start + m.end() + who_end)
        inner = Draft("according_to", claim, source, cue)
        if by is None:
            return [inner]
        at = start + m.end()
        outer = Draft("according_to", Range(claim.start, source.end),
                      Range(at + by.start("who"), at + by.end("who")),
                      CueRange(at + by.start("verb"), at + by.end("verb"),
                               _LEMMAS[by.group("verb")]))
        return [inner, outer]
    if m := _PASSIVE.match(said):
        return [Draft("according_to", claim, Range(start + m.start("who"), start + m.end("who")),
                      CueRange(start + m.start("verb"), start + m.end("verb"), "report"))]
    if m := _NAME_REPORTS.match(said):
        return [Draft("according_to", claim, Range(start + m.start("who"), start + m.end("who")),
                      CueRange(start + m.start("verb"), start + m.end("verb"),
                               _LEMMAS[m.group("verb")]))]
    return _said_this(ctx, sent, claim)


def _said_this(ctx: Context, sent: SpacySpan, claim: Range) -> list[Draft]:
    """"X said this at …[, Y reports]": A credited to X, and A with X's sentence to Y."""
    text = ctx.text
    for token in sent:
        verb = token.head
        # The sentence's own verb, or the one a trailing ", Y reports" hangs it on.
        own = verb.dep_ == "ROOT" or (verb.dep_ == "ccomp" and verb.head.dep_ == "ROOT"
                                      and verb.head.i > verb.i)
        if token.lower_ != "this" or token.dep_ != "dobj" or verb.i != token.i - 1 or \
                not own or not is_reporting_verb(verb.lemma_):
            continue
        if any(c.dep_ in _CLAUSE_DEPS and not (c.i > token.i and c.lower_ in _LEMMAS)
               for c in verb.children):
            return []
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON":
            return []
        found = [Draft("indirect", claim, np_span(subject),
                       CueRange(verb.idx, verb.idx + len(verb), verb.lemma_))]
        body = trim_writers_edges(text, sent.start_char, sent.end_char)
        said = text[body.start:body.end]
        if (by := _BY_WHOM.search(said)) and by.start() > verb.idx + len(verb) - body.start:
            at = body.start
            found.append(Draft(
                "according_to", Range(claim.start, at + by.start()),
                Range(at + by.start("who"), at + by.end("who")),
                CueRange(at + by.start("verb"), at + by.end("verb"), _LEMMAS[by.group("verb")])))
        return found
    return []



