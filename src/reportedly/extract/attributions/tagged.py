"""Stage: the tagger's drafts, from its runs, and the filters a tagged draft must pass
(enough confidence, the rules' own limits on what content is, an impression nobody holds)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.extract.attributions.draft import Context, CueRange, Draft, Range, pieces_then
from reportedly.extract.attributions.grammar import (
    MIN_OBJECT_WORDS,
    addressed_content,
    credited_source,
    cue_span,
    is_cue_word,
    is_dependent_aim,
    np_span,
    subject_of,
)
from reportedly.extract.attributions.tidy import settle_draft
from reportedly.lexicons import word_list
from reportedly.reporting_verbs import verb_kind
from reportedly.tagger import TaggedRun

# Tokens that may stand between two content runs of one statement.
_JOINING_PUNCT = frozenset(",;:—–-\"“”'‘’…")


#: Below this mean confidence a tagged content the rules did not find is left out (on the
#: held-out fifth: loose F1 +0.002; 0.6 to 0.7 score alike, 0.8 costs recall).
MIN_TAGGED_CONFIDENCE = 0.65


def _drafts_from_runs(parsed: Parsed, runs: list[TaggedRun]) -> list[Draft]:
    """Drafts from the tagger's runs: each content (runs joined across punctuation) with the
    nearest cue in its sentences or the one before, and the source nearest that cue (else the
    cue's grammatical subject)."""
    doc = parsed.doc
    contents: list[list[TaggedRun]] = []
    for run in runs:
        if run.role != "CONTENT":
            continue
        if contents:
            gap = doc[contents[-1][-1].end:run.start]
            if all(t.is_space or t.text in _JOINING_PUNCT for t in gap) \
                    and "\n" not in gap.text and all(r.role == "CONTENT" or r.end <= gap.start
                                                    or r.start >= gap.end for r in runs):
                contents[-1].append(run)
                continue
        contents.append([run])
    cues = [r for r in runs if r.role == "CUE" and is_cue_run(parsed, r)]
    sources = [r for r in runs if r.role == "SOURCE"]
    drafts = []
    for group in contents:
        first, last = doc[group[0].start], doc[group[-1].end - 1]
        lowest = first.sent.start
        if lowest > 0:
            lowest = doc[lowest - 1].sent.start
        span = (group[0].first_char, group[-1].end_char)
        near = [c for c in cues if lowest <= c.start < last.sent.end
                and not (span[0] <= c.first_char < span[1])]
        governors = _governing_runs(parsed, group, near)
        cue = min(governors or near, key=lambda c: (run_gap(c, group), c.start), default=None)
        source = tagged_source(parsed, cue, sources, group) if cue is not None else None
        span = Range(span[0], _clause_end(parsed, group[0].start, group[-1].end, runs))
        confidence = sum(r.confidence * (r.end - r.start) for r in group) / sum(
            r.end - r.start for r in group)
        if confidence >= MIN_TAGGED_CONFIDENCE and _plausible(parsed, span, cue) \
                and not (source is None and _unheld_impression(parsed, span, cue)):
            drafts.append(Draft("indirect", span, source,
                                tagged_cue(parsed, cue) if cue else None, origin="tagger"))
    return _around_tagged_frames(parsed, drafts)


def _around_tagged_frames(parsed: Parsed, drafts: list[Draft]) -> list[Draft]:
    """Two tagged contents on either side of the one frame that takes them both are one
    statement ("The plan, she said, will fail"; “A,” said X, a lawyer. “B.”): one content
    from the first to the last, as the rules make of a content around its own frame."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if prev is not None and d.cue is not None and prev.cue is not None \
                and d.cue[:2] == prev.cue[:2] and d.source == prev.source \
                and prev.content[1] <= d.cue[0] and d.cue[1] <= d.content[0] \
                and (d.source is None or prev.content[1] <= d.source[0] < d.content[0]) \
                and "\n" not in parsed.text[prev.content[1]:d.content[0]]:
            out[-1] = replace(prev, content=Range(prev.content[0], d.content[1]),
                              parts=pieces_then(prev, d.content))
            continue
        out.append(d)
    return out


def _governing_runs(parsed: Parsed, group: list[TaggedRun],
                    cues: list[TaggedRun]) -> list[TaggedRun]:
    """The cues that govern a content in the parse: a word of the cue is an ancestor of the
    content's top word ("said" over "that … fail"), or the content hangs on the cue's noun."""
    doc = parsed.doc
    words = [t for r in group for t in doc[r.start:r.end]]
    inside = {t.i for t in words}
    tops = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    out = []
    for cue in cues:
        own = set(range(cue.start, cue.end))
        if any(a.i in own for top in tops for a in top.ancestors):
            out.append(cue)
    return out


def _clause_end(parsed: Parsed, start: int, end: int, runs: list[TaggedRun]) -> int:
    """Where a tagged content ends once a clause it cuts short is whole again: the word right
    after it governs words inside it and is itself governed from inside it or by the cue
    ("warned of layoffs if the plant | closed"), or it hangs on the content's last word
    ("Measles is | so contagious that …"). Runs no further than the sentence and no other
    run."""
    doc = parsed.doc
    last = doc[end - 1]
    own_end = last.idx + len(last)
    if end >= len(doc) or doc[end].is_punct or doc[end].is_space:
        return own_end
    after = doc[end]
    if any(r.start <= after.i < r.end for r in runs) or after.sent.start != last.sent.start:
        return own_end
    inside = range(start, end)
    governs_inside = any(t.head.i == after.i for t in doc[start:end]) and (
        after.head.i in inside or is_cue_word(after.head))
    if governs_inside:
        top = after
    elif last in after.ancestors and not is_cue_word(last):
        top = last
    else:
        return own_end
    limit = min([after.sent.end - 1] + [r.start - 1 for r in runs if r.start > after.i])
    right = doc[min(top.right_edge.i, limit)]
    while right.i > after.i and (right.is_punct or right.is_space):
        right = doc[right.i - 1]
    return max(own_end, right.idx + len(right))


def _plausible(parsed: Parsed, content: tuple[int, int], cue: TaggedRun | None) -> bool:
    """The rules' own limits, applied to a tagged attribution: content that says something
    (a clause, or a noun phrase of a few words, or fewer when they name something and have a
    cue), not an obligation taken for an aim, not the person a verb addresses or targets
    ("told reporters", "criticized the governor"). Whether another verb's object is something
    said is left to the tagger, which learned it from annotated objects: on held-out articles
    the rules' test of such objects cost recall and gained no precision."""
    words = parsed.doc.char_span(*content, alignment_mode="expand")
    if words is None:
        return False
    meaningful = [t for t in words if not t.is_punct and not t.is_space]
    if len(meaningful) < MIN_OBJECT_WORDS and not any(t.pos_ in ("VERB", "AUX") for t in words) \
            and not (cue is not None and any(t.pos_ in ("NOUN", "PROPN") for t in meaningful)):
        # A pronoun alone ("talked about it") says nothing a reader can use. A short noun
        # phrase on a cue ("backed the plan") passes on the tagger's usual bar: asking more
        # of it (0.8) cost loose F1 0.003 on a held-out fifth of PolNeAR train.
        return False
    if cue is None:
        return True
    verb = _run_verb(parsed, cue)
    if verb is None:
        return True
    if any(is_dependent_aim(t) for t in parsed.doc[cue.start:cue.end]):
        return False
    if verb.lemma_.lower() not in word_list("object_not_content.txt"):
        return True
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is not None and obj.left_edge.idx == content[0]:
        return addressed_content(verb) is not None
    return True


def _unheld_impression(parsed: Parsed, content: tuple[int, int], cue: TaggedRun | None) -> bool:
    """A verb of seeming or knowing with nobody holding the view and a bare noun phrase for
    content ("The day seemed long"): the writer's description, not an attributed belief (on a
    held-out fifth of PolNeAR train, 3 of 24 such drafts were gold)."""
    verb = _run_verb(parsed, cue) if cue is not None else None
    if verb is None or verb_kind(verb.lemma_) != "belief":
        return False
    words = parsed.doc.char_span(*content, alignment_mode="expand")
    return words is not None and not any(t.pos_ in ("VERB", "AUX") for t in words)


def is_cue_run(parsed: Parsed, run: TaggedRun) -> bool:
    """A tagged cue that can stand as one: it has a word (a dash or colon that ties a speaker
    to a quote is no cue), and it is not "so-called", the writer keeping a term at a distance."""
    if all(t.is_punct for t in parsed.doc[run.start:run.end]):
        return False
    return parsed.text[max(0, run.first_char - 3):run.first_char].lower() != "so-"


def run_gap(run: TaggedRun, group: list[TaggedRun]) -> int:
    """Tokens between a run and a content group (0 when they touch)."""
    if run.end <= group[0].start:
        return group[0].start - run.end
    return max(0, run.start - group[-1].end)


def _run_verb(parsed: Parsed, run: TaggedRun) -> Token | None:
    """The main verb of a tagged cue ("said" in "has said"), if it has one."""
    words = parsed.doc[run.start:run.end]
    return next((t for t in reversed(words) if t.pos_ == "VERB"),
                next((t for t in reversed(words) if t.pos_ == "AUX"), None))


def tagged_cue(parsed: Parsed, run: TaggedRun) -> CueRange:
    words = parsed.doc[run.start:run.end]
    if len(words) == 1 and words[0].pos_ in ("VERB", "AUX", "ADJ"):
        return cue_span(words[0])
    # "was asked", "has said": the auxiliaries are not part of the cue's lemma.
    lemma = " ".join(t.lemma_.lower() for t in words if not t.is_punct
                     and not (t.pos_ == "AUX" and t.dep_ in ("aux", "auxpass")))
    return CueRange(run.first_char, run.end_char, lemma or words.text.lower())


def tagged_source(parsed: Parsed, cue: TaggedRun, sources: list[TaggedRun],
                   group: list[TaggedRun]) -> Range | None:
    doc = parsed.doc
    sent = doc[cue.start].sent
    span = (group[0].first_char, group[-1].end_char)
    near = [s for s in sources if sent.start <= s.start < sent.end
            and not (span[0] <= s.first_char < span[1])]
    if near:
        best = min(near, key=lambda s: (run_gap(s, [cue]), s.start))
        return Range(best.first_char, best.end_char)
    verb = _run_verb(parsed, cue)
    if verb is None:
        return None
    subject, _ = subject_of(verb)
    if subject is None or span[0] <= subject.idx < span[1]:
        return None
    return np_span(credited_source(subject))


def add_tagged(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: the tagger's drafts (``origin="tagger"``), settled, after the rules' own."""
    return drafts + [settle_draft(ctx.text, d, ctx.quotes)
                     for d in _drafts_from_runs(ctx.parsed, ctx.runs or [])]
