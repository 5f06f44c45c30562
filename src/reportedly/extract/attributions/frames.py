"""Finders: reporting verbs and belief adjectives with their source and content ("the minister
said that …", "“…,” she said", "as X put it"), and verbs that report through a preposition ("X
called for a ceasefire"); the pickers of a verb's content (clause, object, quote, the sentence
around a parenthetical frame)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.extract.attributions.draft import (
    Context,
    CueRange,
    Draft,
    Range,
    inside_quote,
    overlaps,
    trim_writers_edges,
)
from reportedly.extract.attributions.grammar import (
    MIN_OBJECT_WORDS,
    SPEAKER_ENTITY_TYPES,
    addressed_content,
    clause_span,
    credited_source,
    cue_span,
    is_cue_word,
    is_dependent_aim,
    is_nested_frame,
    np_span,
    subject_of,
)
from reportedly.extract.attributions.quoting import (
    from_quote_before_frame,
    lead_before_quote,
    quote_after,
    quote_before_frame,
    quote_ending_clause,
)
from reportedly.lexicons import word_list
from reportedly.quotes import Quote
from reportedly.reporting_verbs import cue_prepositions, frame_mode, stance_of, verb_kind

SUBJECTS = ("nsubj", "nsubjpass", "csubj")


CONTENT_DEPS = ("ccomp",)


def verb_frames(ctx: Context) -> list[Draft]:
    """Finder: reporting verbs and belief adjectives with a source and a content."""
    return _verb_frames(ctx.parsed, ctx.quotes)


def prepositional_frames(ctx: Context) -> list[Draft]:
    """Finder: "X called for a ceasefire", "X spoke about the economy"."""
    return _prepositional_frames(ctx.parsed, ctx.quotes)


def _verb_frames(parsed: Parsed, quotes: Sequence[Quote]) -> list[Draft]:
    drafts = []
    copy = parsed.doc.text
    for token in parsed.doc:
        if not is_cue_word(token) or inside_quote(token.idx, quotes):
            continue
        as_source = _as_source(parsed, token)
        if as_source is not None:
            quote = next((q for q in reversed(quotes)
                          if q.end <= as_source[0] and q.start >= token.sent.start_char), None)
            if quote is not None:
                gap = parsed.text[quote.end:as_source[0]].lower()
                as_word = quote.end + gap.rfind("as")
                drafts.append(Draft("indirect", Range(quote.start, quote.end), as_source,
                                     cue_span(token), aside=as_word))
                continue
        if is_dependent_aim(token):
            continue
        subject, passive_no_agent = subject_of(token)
        if passive_no_agent:
            continue
        if subject is not None and inside_quote(subject.idx, quotes):
            # A quote misparsed as the subject ("“… mode,” said X"): the speaker is elsewhere.
            subject = next((c for c in token.children if c.dep_ in SUBJECTS
                            and not inside_quote(c.idx, quotes)), None)
        content: Range | None = None
        object_range_used = False
        clause = _content_child(token)
        if clause is not None:
            content = _with_conjoined_clauses(token, clause, clause_span(clause))
            content = from_quote_before_frame(parsed, token, subject, content, quotes)
        else:
            quote = quote_after(parsed, token, quotes)
            # A verb that needs a clause ("maintained the road") states nothing by its object.
            clause_only = frame_mode(token.lemma_) == "clause"
            object_range = None if clause_only else _object_content(token)
            closing = None if clause_only else quote_ending_clause(parsed, token, quotes)
            if object_range is not None and closing is not None \
                    and closing.end > object_range[1]:
                content = Range(object_range[0], closing.end)
            elif object_range is not None and (quote is None or object_range[1] >= quote.end):
                content = object_range
                object_range_used = True
            elif quote is not None:
                content = Range(quote.start, quote.end)
            elif closing is not None:
                content = Range(parsed.doc[token.i + 1].idx, closing.end)
            else:
                # "“…” the minister said" and the inverted "“…” said the minister".
                quote = quote_before_frame(parsed, token, subject, quotes)
                if quote is not None:
                    content = Range(lead_before_quote(parsed, quote), quote.end)
        if content is None and subject is not None and token.dep_ == "parataxis":
            parenthetical = _around_parenthetical(parsed, token)
            if parenthetical is not None:
                drafts.append(Draft("indirect", parenthetical[0],
                                     np_span(credited_source(subject)), cue_span(token),
                                     parts=parenthetical[1]))
            continue
        if content is not None and (clause is not None or object_range_used):
            content = _with_trailing_modifiers(token, content, copy)
        if content is None or (subject is None and clause is None):
            continue
        if subject is not None and overlaps((subject.idx, subject.idx + 1), content):
            continue
        source = np_span(credited_source(subject)) if subject is not None else None
        drafts.append(Draft("indirect", content, source, cue_span(token)))
    return drafts


def _prepositional_frames(parsed: Parsed, quotes: Sequence[Quote]) -> list[Draft]:
    """"X called for a ceasefire", "X spoke about the economy": the object of the verb's
    preposition is the content, for the verb-preposition pairs in the lexicon."""
    drafts = []
    pairs = cue_prepositions()
    copy = parsed.doc.text
    for token in parsed.doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in pairs \
                or inside_quote(token.idx, quotes):
            continue
        if any(c.dep_ in CONTENT_DEPS for c in token.children):
            continue  # "warned about the risk that …": the clause frame reports it
        # The preposition hangs off the verb, or off its object ("accused the mayor of …").
        heads = [token] + [c for c in token.children if c.dep_ == "dobj"]
        prep = next((c for h in heads for c in h.children if c.dep_ in ("prep", "prt")
                     and c.lower_ in pairs[token.lemma_.lower()] and c.i > token.i), None)
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) \
            if prep is not None else None
        if prep is None or obj is None:
            continue
        subject, passive_no_agent = subject_of(token)
        if subject is None or passive_no_agent or inside_quote(subject.idx, quotes):
            continue
        content = clause_span(obj)
        words = [t for t in obj.subtree if not t.is_punct]
        if obj.pos_ == "PRON" and len(words) == 1:
            continue  # "talked about it": the content is elsewhere
        content = _with_trailing_modifiers(token, content, copy)
        lemma = f"{token.lemma_.lower()} {prep.lower_}"
        target = next((c for c in token.children if c.dep_ == "dobj" and c.i < prep.i), None)
        if target is not None:
            # "accused the mayor of lying": the charge is made against the mayor, so the
            # content is "the mayor of lying" and the cue the verb alone.
            content = Range(clause_span(target)[0], content[1])
            cue = CueRange(token.idx, token.idx + len(token), lemma)
        else:
            cue = CueRange(token.idx, prep.idx + len(prep), lemma)
        drafts.append(Draft("indirect", content, np_span(credited_source(subject)), cue))
    return drafts


def _around_parenthetical(parsed: Parsed, token: Token
                          ) -> tuple[Range, tuple[Range, ...]] | None:
    """The content around a frame set into the reported sentence ("Prices, the minister said,
    will fall"): the whole sentence, frame included, as one range, with the pieces either side
    of the frame; or the side before a frame that ends it."""
    frame = list(token.subtree)
    frame_start, frame_end = frame[0].idx, frame[-1].idx + len(frame[-1])
    sent = token.sent
    text = parsed.text
    before = text[sent.start_char:frame_start].strip(" ,;:—–-\n")
    after = text[frame_end:sent.end_char].strip(" ,.;:!?—–-\n")
    if len(before.split()) < 2:
        return None  # a frame that opens its sentence introduces what follows, not this
    if not after:
        content = trim_writers_edges(text, sent.start_char, frame_start)
        parts: tuple[Range, ...] = ()
    else:
        content = trim_writers_edges(text, sent.start_char, sent.end_char)
        parts = (trim_writers_edges(text, content[0], frame_start),
                 trim_writers_edges(text, frame_end, content[1]))
    if len(text[content[0]:content[1]].split()) < 3:
        return None
    return content, parts


def _as_source(parsed: Parsed, token: Token) -> Range | None:
    """The speaker in "as X put it" / "as X said": the words between "as" and the cue."""
    sent = token.sent
    for k in range(token.i - 1, max(sent.start, token.i - 20) - 1, -1):
        word = parsed.doc[k]
        if word.lower_ == "as":
            between = parsed.doc[k + 1:token.i]
            if len(between) and not any(t.pos_ in ("VERB", "AUX") for t in between) and \
                    any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in between):
                return trim_writers_edges(parsed.text, between.start_char, between.end_char)
            return None
        if word.pos_ in ("VERB", "AUX") or (word.is_punct and word.text in ".;"):
            return None
    return None


def _content_child(token: Token) -> Token | None:
    for c in token.children:
        if c.dep_ in CONTENT_DEPS:
            return c
    # "rejected the idea that …": the clause hangs off the object noun.
    for c in token.children:
        if c.dep_ == "dobj":
            for g in c.children:
                # "told a meeting of leaders that …": a "that" clause the parser hung on the
                # object as a relative clause, marked as a complement.
                if g.dep_ in ("acl", "ccomp", "relcl") \
                        and any(m.dep_ == "mark" for m in g.children):
                    return g
    return None


def _object_content(token: Token) -> Range | None:
    """What a verb like "announced", "denied", "noting" takes as its object, when that object
    is what was said rather than whom it was said to."""
    if token.pos_ == "ADJ":
        return None
    if token.lemma_.lower() in word_list("object_not_content.txt"):
        return addressed_content(token)
    # Beliefs count with a clause only ("fears that …"); an intention ("hopes to win") is not
    # a statement.
    deps = ("dobj", "oprd") if verb_kind(token.lemma_) == "belief" else ("dobj", "oprd", "xcomp")
    objects = [c for c in token.children if c.dep_ in deps and c.i > token.i]
    if not objects or all(o.pos_ == "PRON" and o.n_lefts + o.n_rights == 0 for o in objects):
        return None
    start = clause_span(objects[0])[0]
    end = max(clause_span(o)[1] for o in objects)
    # "described the deal as a betrayal": what the object was said to be is part of it.
    as_phrase = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "as"
                      and c.i > objects[-1].i), None)
    if as_phrase is not None:
        objects = [*objects, as_phrase]
        end = max(end, clause_span(as_phrase)[1])
    words = [t for o in objects for t in o.subtree if not t.is_punct]
    # A stand taken for or against someone named: "endorsed Trump", "opposes NATO".
    if (verb_kind(token.lemma_) == "position" or stance_of(token.lemma_) == "approving") \
            and any(t.ent_type_ in SPEAKER_ENTITY_TYPES for t in words):
        return Range(start, end)
    if len(words) < MIN_OBJECT_WORDS and not any(t.pos_ in ("VERB", "AUX") for t in words):
        # "released the information", "hired a gun": a short bare noun phrase names a thing,
        # not something said.
        return None
    return Range(start, end)


def _with_conjoined_clauses(cue: Token, clause: Token,
                            content: Range) -> Range:
    """Extend a clause content over the "that" clauses conjoined to it ("said that A, but that
    B"), which the parser often hangs on the cue verb instead of on the first clause."""
    end = content[1]
    for c in cue.children:
        if c.dep_ == "conj" and c.i > clause.i and c.pos_ in ("VERB", "AUX") \
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) \
                and not is_cue_word(c):
            end = max(end, clause_span(c)[1])
    return Range(content[0], end)


def _with_trailing_modifiers(cue: Token, content: tuple[int, int], copy: str
                             ) -> Range:
    """Carry a content over the conditions and phrases that follow it but hang on the cue
    ("promised to take bold action should he win", "seeking millions from the state"): they
    qualify what was said. Other frames and reports stay out. ``copy`` is the parsed text
    (``doc.text``, which spaCy rebuilds from every token on each read)."""
    end = content[1]
    for c in cue.children:
        if c.idx < end or c.dep_ not in ("advcl", "prep") or is_cue_word(c) \
                or is_nested_frame(c) or any(is_cue_word(t) for t in c.subtree):
            continue
        if c.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree):
            continue  # "on Sunday": when it was said
        # Only what follows the content directly, or after a comma.
        if copy[end:c.left_edge.idx].strip(" ") not in ("", ","):
            continue
        end = clause_span(c)[1]
    return Range(content[0], end)

