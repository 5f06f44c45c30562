"""Finders: "according to X" (and "figures from X") credits the side of the sentence that
carries the claim to X; "In a poll by X, …" credits the poll."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.extract.attributions.draft import (
    Context,
    CueRange,
    Draft,
    Range,
    trim_writers_edges,
)
from reportedly.extract.attributions.grammar import credited_source, is_cue_word, np_span


def according_to(ctx: Context) -> list[Draft]:
    """Finder: "according to X" and "figures from X"."""
    return _according_to(ctx.parsed)


def in_a_document(ctx: Context) -> list[Draft]:
    """Finder: "In the latest NBC poll, Trump leads": the poll's claim."""
    return _in_a_document(ctx.parsed)


def _according_to(parsed: Parsed) -> list[Draft]:
    drafts = []
    for token in parsed.doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < len(parsed.doc) and parsed.doc[token.i + 1].lower_ == "to":
            to = parsed.doc[token.i + 1]
        if to is None:
            continue
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        source = credited_source(pobj)
        phrase = (token.idx, to.right_edge.idx + len(to.right_edge))
        content = _clause_without(parsed, _claim_clause(token), phrase)
        if content is None:
            continue
        cue = CueRange(token.idx, to.idx + len(to), "according to")
        drafts.append(Draft("according_to", content, np_span(source), cue))
    return drafts


# Documents that speak for themselves: "In a poll by X, 40 percent …" credits the poll.
_FINDING_NOUNS = frozenset({"poll", "survey", "study", "report", "analysis", "census", "audit",
                            "review", "estimate", "tally", "count", "ranking", "index"})


def _in_a_document(parsed: Parsed) -> list[Draft]:
    """"In the latest NBC poll, Trump leads by four points": the claim is the poll's. Left
    alone when a reporting verb in the sentence names who said it ("In a report, X warned")."""
    drafts = []
    for token in parsed.doc:
        if token.lower_ != "in" or token.dep_ != "prep":
            continue
        pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in _FINDING_NOUNS:
            continue
        if pobj.tag_ in ("NNS", "NNPS"):
            # "leading in the polls", "ahead in national polls": where someone stands, not a
            # document credited with the sentence.
            continue
        sent = token.sent
        phrase = (token.idx, pobj.right_edge.idx + len(pobj.right_edge))
        if any(is_cue_word(t) and t.pos_ == "VERB" and not phrase[0] <= t.idx < phrase[1]
               for t in sent):
            continue
        content = _clause_without(parsed, sent, phrase)
        if content is None:
            continue
        source = credited_source(pobj)
        cue = CueRange(token.idx, token.idx + len(token), "in")
        drafts.append(Draft("according_to", content, np_span(source), cue))
    return drafts


def _claim_clause(token: Token) -> SpacySpan:
    """The stretch an "according to" phrase credits: its sentence, or, when it hangs on the
    second of two conjoined verbs ("X praised A, and won B, according to exit polls"), that
    verb's own conjunct."""
    head = token.head
    sent = token.sent
    if head.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and head.head.i < head.i:
        edge = head.left_edge.i
        doc = sent.doc
        # The conjunct starts after the conjunction and comma that join it.
        while edge < head.i and (doc[edge].dep_ == "cc" or doc[edge].is_punct):
            edge += 1
        return doc[edge:sent.end]
    return sent


def _clause_without(parsed: Parsed, sent: SpacySpan,
                    phrase: tuple[int, int]) -> Range | None:
    """The sentence minus the "according to …" phrase: the side of it that carries the claim."""
    before = (sent.start_char, phrase[0])
    after = (phrase[1], sent.end_char)
    text = parsed.text
    words_before = len(text[before[0]:before[1]].split())
    words_after = len(text[after[0]:after[1]].split())
    side = before if words_before >= words_after else after
    start, end = trim_writers_edges(text, *side)
    return Range(start, end) if len(text[start:end].split()) >= 3 else None

