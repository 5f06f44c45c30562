"""Attributions: direct, partial, mixed and indirect quotes and "according to" claims.

Rules over the dependency parse and the paired quotation marks:

1. *Frames*: a reporting verb (from the lexicon) or belief adjective with a source (its subject,
   the agent of a passive, or the subject inherited from the verb it depends on) and a content:
   its clausal complement, or a quotation right after it ("admitted this “…”", "he said: “…”",
   "He added. “…”"), or right before its subject ("“…” the minister told reporters").
2. *According to*: "according to X" (and "figures/a report from/by X") credits the clause it
   modifies to X.
3. *Quotes with no frame*: a whole-sentence quote after "Name:" or in a paragraph following a
   speaker goes to that speaker with no cue; a fragment in the writer's own sentence is a partial
   quote, with no source when nothing names one (scare quotes).

Types follow DESIGN.md: content that is one quote is direct, content with quoted stretches is
mixed, content with none is indirect.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from itertools import pairwise

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from reportedly.extract import Parsed
from reportedly.extract.quotes import Quote, find_quotes
from reportedly.extract.stance import cue_prepositions, frame_mode, reporting_verbs, stance_of
from reportedly.lexicons import tsv_column, word_list
from reportedly.model import Attribution, Cue, Source, Span
from reportedly.tagger import TaggedRun, tag_article

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
CONTENT_DEPS = ("ccomp",)
# Verbs of necessity whose "to" complement is not the subject's own aim ("have to seek").
OBLIGATION_VERBS = ("have", "need", "be", "ought")
# How many tokens may stand between a cue and the quote it introduces ("admitted this “…”").
MAX_GAP_TO_QUOTE = 4
# A sentence this short that is only "Subject Verb." can introduce the next quote ("He added.").
MAX_BARE_FRAME_TOKENS = 6
# Quotes at least this long (in words) are statements rather than a quoted term.
MIN_STATEMENT_WORDS = 4
# A noun-phrase object shorter than this, with no verb in it, is not taken as content.
MIN_OBJECT_WORDS = 3
#: Entity types that can speak or be spoken for: people, bodies, nations, governments.
_SPEAKER_ENTITY_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass
class _Draft:
    """An attribution under construction, before ids and entity links are final."""

    type: str
    content: tuple[int, int]
    source: tuple[int, int] | None = None
    cue: tuple[int, int, str] | None = None
    quotes: list[Quote] = field(default_factory=list)
    # Where a parenthetical frame ("as X put it") begins: no other content runs through it.
    aside: int | None = None
    # The pieces of a content with its own frame inside it (“A,” she said, “B.”); empty when
    # the content is one piece (or its frame is found at the end, :func:`_around_own_frame`).
    parts: tuple[tuple[int, int], ...] = ()


def extract_attributions(parsed: Parsed, *, use_tagger: bool = True
                         ) -> tuple[list[Attribution], list[bool]]:
    """Attributions by the rules, completed by the tagger (``use_tagger=False``: rules only),
    their speakers not linked yet, and for each whether it was drafted as a direct quote (what
    :func:`reportedly.extract.entities.link_speakers` reads besides)."""
    quotes, _ = find_quotes(parsed.text)
    drafts = [_settle(parsed.text, d, quotes)
              for d in _frames(parsed, quotes) + _prepositional_frames(parsed, quotes)
              + _according_to(parsed)]
    drafts = _separate(parsed.text, drafts)
    drafts = _nearest_frame(parsed, drafts)
    drafts += _unframed_quotes(parsed, quotes, drafts)
    drafts += _colon_lines(parsed, drafts)
    runs = tag_article(parsed) if use_tagger else []
    tagged = [_settle(parsed.text, d, quotes) for d in _tagged(parsed, runs)]
    drafts = _combine(parsed, drafts, tagged)
    if use_tagger:
        drafts = [d for d in drafts if _tagger_reads_content(d, runs)]
    drafts = _dedupe(parsed, drafts)
    drafts.sort(key=lambda d: (d.content[0], d.content[1], d.cue[0] if d.cue else -1))
    # A quote's frame, found by the tagger or by the verb it hangs on, is known before its
    # pieces are joined: “A,” X said of Y. “B.” is one statement only once “A,” has X's frame.
    drafts = [_fill_frame(parsed, _governed_fragment(parsed, d, quotes), runs) for d in drafts]
    drafts = _join_split_quotes(parsed, drafts)
    drafts = _join_going_on(parsed.text, drafts)
    drafts = [_without_trailing_aside(parsed, d) for d in drafts]
    return _finish(parsed, drafts, quotes)


# -- frames: reporting verbs and belief adjectives --------------------------------------------

def _is_cue_word(token: Token) -> bool:
    if token.lemma_ == "put":
        # "as X put it": the idiom credits the nearby quote to X.
        return any(c.lower_ == "it" and c.dep_ == "dobj" for c in token.children)
    if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ != "aux"):
        return frame_mode(token.lemma_) in ("any", "clause")
    return token.pos_ == "ADJ" and token.lower_ in word_list("belief_adjectives.txt")


def _kind(token: Token) -> str:
    """speech, belief or report, from the lexicon ("" for a word not in it)."""
    return reporting_verbs().get(token.lemma_.lower(), ("", ""))[1]


def _subject(token: Token) -> tuple[Token | None, bool]:
    """The source token of a cue and whether the clause was passive without a named agent."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    if token.pos_ == "ADJ" or token.dep_ == "acomp":
        # "officials are convinced that": the adjective's subject sits on the copula.
        head = token.head if token.dep_ in ("acomp", "amod") else token
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c, False
        return None, False
    if passive:
        for c in token.children:
            if c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, False
        # "X is convinced that …": with a belief verb, the patient holds the belief.
        if _kind(token) == "belief":
            return next((c for c in token.children if c.dep_ == "nsubjpass"), None), False
        return None, True
    for c in token.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, False
    if _misattached_conjunct_frame(token):
        return _subject(token.head.head)
    # Participles and coordinated verbs share their governor's subject
    # ("…, noting that …", "smiled and said …").
    if token.dep_ in ("advcl", "conj", "xcomp") and token.head is not token:
        subject, passive = _subject(token.head)
        return subject, passive
    if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.dep_ in ("dobj", "pobj"):
        # "issued a statement saying …": the statement's issuer says it.
        noun = token.head
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        if verb.pos_ in ("VERB", "AUX") and verb is not token:
            return _subject(verb)
    if token.tag_ == "VBG" and token.i > 0 and token.nbor(-1).text == ",":
        # ", noting …" attached to a noun by the parser still credits the clause's speaker.
        for ancestor in token.ancestors:
            if ancestor.pos_ in ("VERB", "AUX") and _is_cue_word(ancestor):
                return _subject(ancestor)
    return None, False


def _is_role_or_title(token: Token) -> bool:
    """A noun that describes a person or body by role or title ("officials", "the governor")."""
    lemma = token.lemma_.lower()
    return lemma in tsv_column("role_nouns.tsv", "lemma") or lemma in word_list("person_titles.txt")


def _may_speak(token: Token) -> bool:
    """Whether a subject can be a speaker: a person or body, a pronoun, a role ("officials")."""
    return token.ent_type_ in _SPEAKER_ENTITY_TYPES or token.pos_ == "PRON" \
        or _is_role_or_title(token)


def _misattached_conjunct_frame(token: Token) -> bool:
    """A reporting verb that the parser conjoins to the clause another reporting verb reports,
    where that clause's subject cannot speak ("The minister said the bridge would reopen and
    added that …"): the second verb is the speaker's, coordinated with the first."""
    clause = token.head
    if token.dep_ != "conj" or clause.dep_ != "ccomp" or not _is_cue_word(token) \
            or _is_cue_word(clause) or not _is_cue_word(clause.head):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return False
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and not _may_speak(subject)


def _np_span(token: Token) -> tuple[int, int]:
    """The character range of the noun phrase headed by ``token``, appositions included."""
    left, right = token.left_edge, token.right_edge
    start, end = left.idx, right.idx + len(right)
    return start, end


def _cue_span(token: Token) -> tuple[int, int, str]:
    """The cue word with its particle ("point out"), and its lemma."""
    end = token.idx + len(token)
    lemma = token.lemma_.lower()
    for c in token.children:
        if c.dep_ == "prt" and c.i == token.i + 1:
            end = c.idx + len(c)
            lemma = f"{lemma} {c.lower_}"
    if token.pos_ == "ADJ":
        lemma = token.lower_
    return token.idx, end, lemma


def _is_nested_frame(token: Token) -> bool:
    """A phrase inside a clause that attributes the clause itself: "according to X",
    "…, he added", "as X put it", "even as aides report …"."""
    if token.lower_ == "according":
        return True
    if token.dep_ == "parataxis":
        return _is_cue_word(token)
    if _misattached_conjunct_frame(token):
        return True
    # A participle or clause that modifies a noun inside the claim ("tweets accusing her of …")
    # is part of it; only one set off by a comma ("…, noting that …") is a frame of its own.
    left = token.left_edge
    set_off = left.i > 0 and left.nbor(-1).text in (",", "—", "–", "(")
    return token.dep_ in ("advcl", "acl") and set_off and _is_cue_word(token)


def _clause_span(token: Token) -> tuple[int, int]:
    """The clause headed by ``token``, without nested attribution phrases at its edges: the
    longest run of its tokens around the head that no such phrase interrupts."""
    removed: set[int] = set()
    for t in token.subtree:
        if t is not token and _is_nested_frame(t):
            removed.update(d.i for d in t.subtree)
    tokens = list(token.subtree)
    left = right = next(k for k, t in enumerate(tokens) if t is token)
    while left > 0 and tokens[left - 1].i not in removed \
            and tokens[left - 1].i == tokens[left].i - 1:
        left -= 1
    while right + 1 < len(tokens) and tokens[right + 1].i not in removed \
            and tokens[right + 1].i == tokens[right].i + 1:
        right += 1
    first, last = tokens[left], tokens[right]
    return first.idx, last.idx + len(last)


def _with_conjoined_clauses(cue: Token, clause: Token,
                            content: tuple[int, int]) -> tuple[int, int]:
    """Extend a clause content over the "that" clauses conjoined to it ("said that A, but that
    B"), which the parser often hangs on the cue verb instead of on the first clause."""
    end = content[1]
    for c in cue.children:
        if c.dep_ == "conj" and c.i > clause.i and c.pos_ in ("VERB", "AUX") \
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) \
                and not _is_cue_word(c):
            end = max(end, _clause_span(c)[1])
    return content[0], end


def _with_trailing_modifiers(cue: Token, content: tuple[int, int], copy: str
                             ) -> tuple[int, int]:
    """Carry a content over the conditions and phrases that follow it but hang on the cue
    ("promised to take bold action should he win", "seeking millions from the state"): they
    qualify what was said. Other frames and reports stay out. ``copy`` is the parsed text
    (``doc.text``, which spaCy rebuilds from every token on each read)."""
    end = content[1]
    for c in cue.children:
        if c.idx < end or c.dep_ not in ("advcl", "prep") or _is_cue_word(c) \
                or _is_nested_frame(c) or any(_is_cue_word(t) for t in c.subtree):
            continue
        if c.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree):
            continue  # "on Sunday": when it was said
        # Only what follows the content directly, or after a comma.
        if copy[end:c.left_edge.idx].strip(" ") not in ("", ","):
            continue
        end = _clause_span(c)[1]
    return content[0], end


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


def _object_content(token: Token) -> tuple[int, int] | None:
    """What a verb like "announced", "denied", "noting" takes as its object, when that object
    is what was said rather than whom it was said to."""
    if token.pos_ == "ADJ":
        return None
    if token.lemma_.lower() in word_list("object_not_content.txt"):
        return _addressed_content(token)
    # Beliefs count with a clause only ("fears that …"); an intention ("hopes to win") is not
    # a statement.
    deps = ("dobj", "oprd") if _kind(token) == "belief" else ("dobj", "oprd", "xcomp")
    objects = [c for c in token.children if c.dep_ in deps and c.i > token.i]
    if not objects or all(o.pos_ == "PRON" and o.n_lefts + o.n_rights == 0 for o in objects):
        return None
    start = _clause_span(objects[0])[0]
    end = max(_clause_span(o)[1] for o in objects)
    # "described the deal as a betrayal": what the object was said to be is part of it.
    as_phrase = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "as"
                      and c.i > objects[-1].i), None)
    if as_phrase is not None:
        objects = [*objects, as_phrase]
        end = max(end, _clause_span(as_phrase)[1])
    words = [t for o in objects for t in o.subtree if not t.is_punct]
    # A stand taken for or against someone named: "endorsed Trump", "opposes NATO".
    if (_kind(token) == "position" or stance_of(token.lemma_) == "approving") \
            and any(t.ent_type_ in _SPEAKER_ENTITY_TYPES for t in words):
        return start, end
    if len(words) < MIN_OBJECT_WORDS and not any(t.pos_ in ("VERB", "AUX") for t in words):
        # "released the information", "hired a gun": a short bare noun phrase names a thing,
        # not something said.
        return None
    return start, end


def _addressed_content(token: Token) -> tuple[int, int] | None:
    """For a verb whose object is whom it addresses or targets: "urged voters to stay home"
    reports the object with what they were urged to do; "criticized the plan's cost" reports
    a thing criticised, while "criticized the minister" names only a target."""
    objects = [c for c in token.children if c.dep_ == "dobj" and c.i > token.i]
    if not objects:
        return None
    obj = objects[0]
    xcomp = next((c for c in token.children if c.dep_ == "xcomp" and c.i > obj.i), None)
    if xcomp is not None:
        return _clause_span(obj)[0], _clause_span(xcomp)[1]
    # "called the plan a disaster", "criticized the pope as a politician": the object with
    # what it was called.
    named_as = next((c for c in token.children if c.i > obj.i and
                     (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"))), None)
    if named_as is not None:
        return _clause_span(obj)[0], _clause_span(named_as)[1]
    if stance_of(token.lemma_) not in ("critical", "approving"):
        return None
    preps = cue_prepositions().get(token.lemma_.lower(), frozenset())
    if any(c.dep_ == "prep" and c.lower_ in preps for c in (*token.children, *obj.children)):
        return None  # "accused the mayor of lying": the preposition carries the content
    words = [t for t in obj.subtree if not t.is_punct]
    # A person, however described ("the governor of Texas", "a senior official"), is a target.
    if obj.pos_ != "NOUN" or obj.ent_type_ or len(words) < MIN_OBJECT_WORDS \
            or _is_role_or_title(obj):
        return None
    return _clause_span(obj)


def _as_source(parsed: Parsed, token: Token) -> tuple[int, int] | None:
    """The speaker in "as X put it" / "as X said": the words between "as" and the cue."""
    sent = token.sent
    for k in range(token.i - 1, max(sent.start, token.i - 20) - 1, -1):
        word = parsed.doc[k]
        if word.lower_ == "as":
            between = parsed.doc[k + 1:token.i]
            if len(between) and not any(t.pos_ in ("VERB", "AUX") for t in between) and \
                    any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in between):
                return _trim(parsed.text, between.start_char, between.end_char)
            return None
        if word.pos_ in ("VERB", "AUX") or (word.is_punct and word.text in ".;"):
            return None
    return None


def _quote_after(parsed: Parsed, token: Token, quotes: list[Quote]) -> Quote | None:
    """A quote that opens within a few tokens after the cue, in its sentence or just after a
    bare "Subject Verb." sentence."""
    sent = token.sent
    doc = parsed.doc
    limit = token.i + 1
    # Skip the cue's own dependents that come before the quote (objects, particles, "on this").
    stop = min(len(doc), token.i + 1 + MAX_GAP_TO_QUOTE + 1)
    bare_sentence = len([t for t in sent if not t.is_punct and not t.is_space]) \
        <= MAX_BARE_FRAME_TOKENS and token.i >= sent.end - 3
    if bare_sentence:
        stop = min(len(doc), sent.end + 3)
    for quote in quotes:
        if quote.start < doc[limit - 1].idx + len(doc[limit - 1]):
            continue
        if stop < len(doc) and quote.start > doc[stop - 1].idx + len(doc[stop - 1]):
            return None
        between = parsed.text[doc[limit - 1].idx + len(doc[limit - 1]):quote.start]
        if not bare_sentence and quote.start >= sent.end_char:
            return None
        if any(ch in between for ch in "”\"") or len(between.split()) > MAX_GAP_TO_QUOTE:
            return None
        return quote
    return None


def _quote_ending_clause(parsed: Parsed, token: Token, quotes: list[Quote]) -> Quote | None:
    """A quote that ends the cue's sentence with no other verb in between
    ("aides report his belief in victory “a phantom.”")."""
    sent = token.sent
    tail = parsed.text[token.idx + len(token):sent.end_char]
    for quote in quotes:
        if not (token.idx < quote.start < sent.end_char):
            continue
        if parsed.text[quote.end:sent.end_char].strip(" .,;:!?…\n"):
            return None
        between = parsed.doc.char_span(token.idx + len(token), quote.start,
                                       alignment_mode="contract")
        if between is None or any(t.pos_ in ("VERB", "AUX") for t in between):
            return None
        return quote if len(tail.split()) <= 16 else None
    return None


def _quote_before(parsed: Parsed, start: int, quotes: list[Quote]) -> Quote | None:
    """A quote that closes right before the frame, which starts at ``start``
    ("“…” the minister said")."""
    for quote in reversed(quotes):
        if quote.end <= start:
            gap = parsed.text[quote.end:start]
            # A frame that opens a paragraph does not take the last paragraph's quote.
            return quote if not gap.strip(" ,—–-") else None
    return None


#: How the writer's own words end before a quote they do not lead into: a full stop, a colon,
#: or a dash ("Nobody was impressed - “Born rich,” Mr. Ames said").
_LEAD_BREAKS = (".", ":", "!", "?", " -", "--", "—", "–")


def _lead_before_quote(parsed: Parsed, quote: Quote) -> int:
    """Where the content of "X shows that NATO must “act now,” the minister said" starts: at
    the sentence start when the writer's words lead into the quote, else at the quote."""
    span = parsed.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return quote.start
    sent_start = span[0].sent.start_char
    lead = parsed.text[sent_start:quote.start]
    if len(lead.split()) >= 3 and not any(ch in lead for ch in "“”\"«»") \
            and not lead.rstrip().endswith(_LEAD_BREAKS):
        return _trim(parsed.text, sent_start, quote.start)[0]
    return quote.start


def _quote_before_frame(parsed: Parsed, cue: Token, subject: Token | None,
                        quotes: list[Quote]) -> Quote | None:
    """The quote that closes right before a frame, which starts at its subject when the
    subject comes first ("“…” the minister said") and else at the cue ("“…” said X")."""
    frame_start = subject.left_edge.idx if subject is not None and subject.i < cue.i \
        else cue.idx
    return _quote_before(parsed, frame_start, quotes)


def _from_quote_before_frame(parsed: Parsed, cue: Token, subject: Token | None,
                             content: tuple[int, int], quotes: list[Quote]) -> tuple[int, int]:
    """A clause content that ends in the quote right before its frame, after a break in the
    writer's words ("Nobody was impressed - “Born rich,” Mr. Ames said"), starts at the quote:
    the parser often hangs the writer's sentence before the dash on the cue too. Words that
    lead into the quote ("Mills “got immunity,” Jordan said") stay."""
    quote = _quote_before_frame(parsed, cue, subject, quotes)
    if quote is not None and content[0] < quote.start < content[1] <= quote.end \
            and parsed.text[content[0]:quote.start].rstrip().endswith(_LEAD_BREAKS):
        return quote.start, content[1]
    return content


def _frames(parsed: Parsed, quotes: list[Quote]) -> list[_Draft]:
    drafts = []
    copy = parsed.doc.text
    for token in parsed.doc:
        if not _is_cue_word(token) or _inside_quote(token.idx, quotes):
            continue
        as_source = _as_source(parsed, token)
        if as_source is not None:
            quote = next((q for q in reversed(quotes)
                          if q.end <= as_source[0] and q.start >= token.sent.start_char), None)
            if quote is not None:
                gap = parsed.text[quote.end:as_source[0]].lower()
                as_word = quote.end + gap.rfind("as")
                drafts.append(_Draft("indirect", (quote.start, quote.end), as_source,
                                     _cue_span(token), aside=as_word))
                continue
        if _kind(token) == "intention" and token.dep_ == "xcomp" \
                and (token.head.lemma_ in OBLIGATION_VERBS or _kind(token.head) == "intention"):
            # "will have to seek a deal" states a necessity, not anyone's aim; "wants to seek a
            # deal" is one aim, reported by its first verb.
            continue
        subject, passive_no_agent = _subject(token)
        if passive_no_agent:
            continue
        if subject is not None and _inside_quote(subject.idx, quotes):
            # A quote misparsed as the subject ("“… mode,” said X"): the speaker is elsewhere.
            subject = next((c for c in token.children if c.dep_ in SUBJECTS
                            and not _inside_quote(c.idx, quotes)), None)
        content: tuple[int, int] | None = None
        object_range_used = False
        clause = _content_child(token)
        if clause is not None:
            content = _with_conjoined_clauses(token, clause, _clause_span(clause))
            content = _from_quote_before_frame(parsed, token, subject, content, quotes)
        else:
            quote = _quote_after(parsed, token, quotes)
            # A verb that needs a clause ("maintained the road") states nothing by its object.
            clause_only = frame_mode(token.lemma_) == "clause"
            object_range = None if clause_only else _object_content(token)
            closing = None if clause_only else _quote_ending_clause(parsed, token, quotes)
            if object_range is not None and closing is not None \
                    and closing.end > object_range[1]:
                content = (object_range[0], closing.end)
            elif object_range is not None and (quote is None or object_range[1] >= quote.end):
                content = object_range
                object_range_used = True
            elif quote is not None:
                content = (quote.start, quote.end)
            elif closing is not None:
                content = (parsed.doc[token.i + 1].idx, closing.end)
            else:
                # "“…” the minister said" and the inverted "“…” said the minister".
                quote = _quote_before_frame(parsed, token, subject, quotes)
                if quote is not None:
                    content = (_lead_before_quote(parsed, quote), quote.end)
        if content is None and subject is not None and token.dep_ == "parataxis":
            parenthetical = _around_parenthetical(parsed, token)
            if parenthetical is not None:
                drafts.append(_Draft("indirect", parenthetical[0],
                                     _np_span(_credited_source(subject)), _cue_span(token),
                                     parts=parenthetical[1]))
            continue
        if content is not None and (clause is not None or object_range_used):
            content = _with_trailing_modifiers(token, content, copy)
        if content is None or (subject is None and clause is None):
            continue
        if subject is not None and _overlaps((subject.idx, subject.idx + 1), content):
            continue
        source = _np_span(_credited_source(subject)) if subject is not None else None
        drafts.append(_Draft("indirect", content, source, _cue_span(token)))
    return drafts


def _prepositional_frames(parsed: Parsed, quotes: list[Quote]) -> list[_Draft]:
    """"X called for a ceasefire", "X spoke about the economy": the object of the verb's
    preposition is the content, for the verb-preposition pairs in the lexicon."""
    drafts = []
    pairs = cue_prepositions()
    copy = parsed.doc.text
    for token in parsed.doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in pairs \
                or _inside_quote(token.idx, quotes):
            continue
        if any(c.dep_ in CONTENT_DEPS for c in token.children):
            continue  # "warned about the risk that …": the clause frame reports it
        # The preposition hangs off the verb, or off its object ("accused the mayor of …").
        heads = [token] + [c for c in token.children if c.dep_ == "dobj"]
        prep = next((c for h in heads for c in h.children if c.dep_ in ("prep", "prt")
                     and c.lower_ in pairs[token.lemma_.lower()] and c.i > token.i), None)
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) \
            if prep is not None else None
        if obj is None:
            continue
        subject, passive_no_agent = _subject(token)
        if subject is None or passive_no_agent or _inside_quote(subject.idx, quotes):
            continue
        content = _clause_span(obj)
        words = [t for t in obj.subtree if not t.is_punct]
        if obj.pos_ == "PRON" and len(words) == 1:
            continue  # "talked about it": the content is elsewhere
        content = _with_trailing_modifiers(token, content, copy)
        lemma = f"{token.lemma_.lower()} {prep.lower_}"
        target = next((c for c in token.children if c.dep_ == "dobj" and c.i < prep.i), None)
        if target is not None:
            # "accused the mayor of lying": the charge is made against the mayor, so the
            # content is "the mayor of lying" and the cue the verb alone.
            content = (_clause_span(target)[0], content[1])
            cue = (token.idx, token.idx + len(token), lemma)
        else:
            cue = (token.idx, prep.idx + len(prep), lemma)
        drafts.append(_Draft("indirect", content, _np_span(_credited_source(subject)), cue))
    return drafts


def _around_parenthetical(parsed: Parsed, token: Token
                          ) -> tuple[tuple[int, int], tuple[tuple[int, int], ...]] | None:
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
        content = _trim(text, sent.start_char, frame_start)
        parts: tuple[tuple[int, int], ...] = ()
    else:
        content = _trim(text, sent.start_char, sent.end_char)
        parts = (_trim(text, content[0], frame_start), _trim(text, frame_end, content[1]))
    if len(text[content[0]:content[1]].split()) < 3:
        return None
    return content, parts


def _inside_quote(offset: int, quotes: list[Quote]) -> bool:
    return any(q.start < offset < q.end for q in quotes)


# -- "according to X" ---------------------------------------------------------------------------

def _according_to(parsed: Parsed) -> list[_Draft]:
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
        source = _credited_source(pobj)
        phrase = (token.idx, to.right_edge.idx + len(to.right_edge))
        content = _clause_without(parsed, _claim_clause(token), phrase)
        if content is None:
            continue
        cue = (token.idx, to.idx + len(to), "according to")
        drafts.append(_Draft("according_to", content, _np_span(source), cue))
    return drafts + _in_a_document(parsed)


# Documents that speak for themselves: "In a poll by X, 40 percent …" credits the poll.
_FINDING_NOUNS = frozenset({"poll", "survey", "study", "report", "analysis", "census", "audit",
                            "review", "estimate", "tally", "count", "ranking", "index"})


def _in_a_document(parsed: Parsed) -> list[_Draft]:
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
        if any(_is_cue_word(t) and t.pos_ == "VERB" and not phrase[0] <= t.idx < phrase[1]
               for t in sent):
            continue
        content = _clause_without(parsed, sent, phrase)
        if content is None:
            continue
        source = _credited_source(pobj)
        cue = (token.idx, token.idx + len(token), "in")
        drafts.append(_Draft("according_to", content, _np_span(source), cue))
    return drafts


def _credited_source(pobj: Token) -> Token:
    """"the latest figures from the ministry" credits the ministry; "Reuters" credits Reuters."""
    if pobj.lemma_.lower() in word_list("source_nouns.txt") or \
            pobj.lower_ in word_list("source_nouns.txt"):
        for prep in pobj.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if inner is not None:
                    return _credited_source(inner)
    return pobj


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
                    phrase: tuple[int, int]) -> tuple[int, int] | None:
    """The sentence minus the "according to …" phrase: the side of it that carries the claim."""
    before = (sent.start_char, phrase[0])
    after = (phrase[1], sent.end_char)
    text = parsed.text
    words_before = len(text[before[0]:before[1]].split())
    words_after = len(text[after[0]:after[1]].split())
    side = before if words_before >= words_after else after
    start, end = _trim(text, *side)
    return (start, end) if len(text[start:end].split()) >= 3 else None


# -- what the tagger found ---------------------------------------------------------------------

# Tokens that may stand between two content runs of one statement.
_JOINING_PUNCT = frozenset(",;:—–-\"“”'‘’…")


def _tagged(parsed: Parsed, runs: list[TaggedRun]) -> list[_Draft]:
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
    cues = [r for r in runs if r.role == "CUE" and _is_cue_run(parsed, r)]
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
        cue = min(governors or near, key=lambda c: (_run_gap(c, group), c.start), default=None)
        source = _tagged_source(parsed, cue, sources, group) if cue is not None else None
        span = (span[0], _clause_end(parsed, group[0].start, group[-1].end, runs))
        confidence = sum(r.confidence * (r.end - r.start) for r in group) / sum(
            r.end - r.start for r in group)
        if confidence >= MIN_TAGGED_CONFIDENCE and _plausible(parsed, span, cue) \
                and not (source is None and _unheld_impression(parsed, span, cue)):
            drafts.append(_Draft("indirect", span, source,
                                 _tagged_cue(parsed, cue) if cue else None))
    return _around_tagged_frames(parsed, drafts)


def _pieces_then(first: _Draft, piece: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """The pieces of ``first``'s content (itself when it is one), then ``piece``: a statement
    joined across the frame between them."""
    return (*(first.parts or (first.content,)), piece)


def _around_tagged_frames(parsed: Parsed, drafts: list[_Draft]) -> list[_Draft]:
    """Two tagged contents on either side of the one frame that takes them both are one
    statement ("The plan, she said, will fail"; “A,” said X, a lawyer. “B.”): one content
    from the first to the last, as the rules make of a content around its own frame."""
    out: list[_Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if prev is not None and d.cue is not None and prev.cue is not None \
                and d.cue[:2] == prev.cue[:2] and d.source == prev.source \
                and prev.content[1] <= d.cue[0] and d.cue[1] <= d.content[0] \
                and (d.source is None or prev.content[1] <= d.source[0] < d.content[0]) \
                and "\n" not in parsed.text[prev.content[1]:d.content[0]]:
            out[-1] = replace(prev, content=(prev.content[0], d.content[1]),
                              parts=_pieces_then(prev, d.content))
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
        after.head.i in inside or _is_cue_word(after.head))
    if governs_inside:
        top = after
    elif last in after.ancestors and not _is_cue_word(last):
        top = last
    else:
        return own_end
    limit = min([after.sent.end - 1] + [r.start - 1 for r in runs if r.start > after.i])
    right = doc[min(top.right_edge.i, limit)]
    while right.i > after.i and (right.is_punct or right.is_space):
        right = doc[right.i - 1]
    return max(own_end, right.idx + len(right))


#: Below this mean confidence a tagged content the rules did not find is left out (on the
#: held-out fifth: loose precision 0.765 -> 0.776, recall 0.729 -> 0.721, F1 +0.002; 0.6 to 0.7
#: score alike, 0.8 costs recall).
MIN_TAGGED_CONFIDENCE = 0.65


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
    if any(_kind(t) == "intention" and t.dep_ == "xcomp"
           and (t.head.lemma_ in OBLIGATION_VERBS or _kind(t.head) == "intention")
           for t in parsed.doc[cue.start:cue.end]):
        return False
    if verb.lemma_.lower() not in word_list("object_not_content.txt"):
        return True
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is not None and obj.left_edge.idx == content[0]:
        return _addressed_content(verb) is not None
    return True


def _unheld_impression(parsed: Parsed, content: tuple[int, int], cue: TaggedRun | None) -> bool:
    """A verb of seeming or knowing with nobody holding the view and a bare noun phrase for
    content ("The day seemed long"): the writer's description, not an attributed belief (on a
    held-out fifth of PolNeAR train, 3 of 24 such drafts were gold)."""
    verb = _run_verb(parsed, cue) if cue is not None else None
    if verb is None or _kind(verb) != "belief":
        return False
    words = parsed.doc.char_span(*content, alignment_mode="expand")
    return words is not None and not any(t.pos_ in ("VERB", "AUX") for t in words)


PUNCT_CUE = False


def _is_cue_run(parsed: Parsed, run: TaggedRun) -> bool:
    """A tagged cue that can stand as one: it has a word (a dash or colon that ties a speaker
    to a quote is no cue), and it is not "so-called", the writer keeping a term at a distance."""
    if not PUNCT_CUE and all(t.is_punct for t in parsed.doc[run.start:run.end]):
        return False
    return parsed.text[max(0, run.first_char - 3):run.first_char].lower() != "so-"


def _run_gap(run: TaggedRun, group: list[TaggedRun]) -> int:
    """Tokens between a run and a content group (0 when they touch)."""
    if run.end <= group[0].start:
        return group[0].start - run.end
    return max(0, run.start - group[-1].end)


def _run_verb(parsed: Parsed, run: TaggedRun) -> Token | None:
    """The main verb of a tagged cue ("said" in "has said"), if it has one."""
    words = parsed.doc[run.start:run.end]
    return next((t for t in reversed(words) if t.pos_ == "VERB"),
                next((t for t in reversed(words) if t.pos_ == "AUX"), None))


def _tagged_cue(parsed: Parsed, run: TaggedRun) -> tuple[int, int, str]:
    words = parsed.doc[run.start:run.end]
    if len(words) == 1 and words[0].pos_ in ("VERB", "AUX", "ADJ"):
        return _cue_span(words[0])
    # "was asked", "has said": the auxiliaries are not part of the cue's lemma.
    lemma = " ".join(t.lemma_.lower() for t in words if not t.is_punct
                     and not (t.pos_ == "AUX" and t.dep_ in ("aux", "auxpass")))
    return run.first_char, run.end_char, lemma or words.text.lower()


def _tagged_source(parsed: Parsed, cue: TaggedRun, sources: list[TaggedRun],
                   group: list[TaggedRun]) -> tuple[int, int] | None:
    doc = parsed.doc
    sent = doc[cue.start].sent
    span = (group[0].first_char, group[-1].end_char)
    near = [s for s in sources if sent.start <= s.start < sent.end
            and not (span[0] <= s.first_char < span[1])]
    if near:
        best = min(near, key=lambda s: (_run_gap(s, [cue]), s.start))
        return best.first_char, best.end_char
    verb = _run_verb(parsed, cue)
    if verb is None:
        return None
    subject, _ = _subject(verb)
    if subject is None or span[0] <= subject.idx < span[1]:
        return None
    return _np_span(_credited_source(subject))


def _continues_quote(text: str, draft: _Draft, rules: list[_Draft]) -> bool:
    """Whether a quote is the second piece of one split by its frame (“A,” she said, “B.”)."""
    return any(r is not draft and r.quotes and r.content[1] <= draft.content[0]
               and "\n" not in text[r.content[1]:draft.content[0]]
               and len(text[r.content[1]:draft.content[0]].split()) <= MAX_SPLIT_GAP_WORDS
               for r in rules)


# Words a frame between two pieces of one quote may have ("said Jane Doe, a nurse, on Monday").
MAX_SPLIT_GAP_WORDS = 12


def _combine(parsed: Parsed, rules: list[_Draft], tagged: list[_Draft]) -> list[_Draft]:
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
                  and not _continues_quote(text, r, rules)))]
    absorbed: set[int] = set()
    accepted = []
    for t in tagged:
        if t.cue is None or t.content[1] <= t.content[0]:
            continue
        touched = [q for q in kept if _overlaps(t.content, q.content)]
        if touched and not all(_absorbs(parsed, t, q) for q in touched):
            continue
        outer = [q for q in touched if q.cue is None or not _holds(t.content, q.cue[:2])]
        framed = next((q for q in outer if q.cue is not None), None)
        if framed is not None:
            t = replace(t, cue=framed.cue, source=framed.source)
        absorbed.update(id(q) for q in outer)
        accepted.append(t)
    kept = [q for q in kept if id(q) not in absorbed]
    tagged = accepted
    others = [r for r in rules if not any(r is q for q in kept) and id(r) not in absorbed]
    out, displaced = [], set()
    for t in tagged:
        overlapping = [r for r in others if _overlaps(t.content, r.content)]
        if overlapping:
            # The rule attribution this content stands for: the most alike. One that holds it
            # whole is an outer attribution (nested ones) and stays.
            rule = max(overlapping, key=lambda r: _alike(t.content, r.content))
            displaced.update(id(r) for r in overlapping
                             if r is rule or not _holds(r.content, rule.content))
            if rule.cue is not None:
                kind = rule.type if rule.type == "according_to" else t.type
                t = replace(t, type=kind, cue=rule.cue, source=rule.source)
        out.append(t)
    return kept + out + [r for r in others if id(r) not in displaced]


def _tagger_reads_content(draft: _Draft, runs: list[TaggedRun]) -> bool:
    """Whether the tagger marks any word of a draft's content as content, or the draft is one
    the rules find more precisely than the tagger (quotes, "according to", a parenthetical
    frame, a cue-less "Speaker: statement" line). A reporting verb's object the tagger leaves
    wholly unmarked is mostly the writer's own description ("offered a crucial edge", "showed
    how contentious it was"): the tagger learned from annotated news which objects are
    something said (on a held-out fifth of PolNeAR train, 94 such rule attributions were
    dropped, 19 of them gold: loose F1 0.7513 -> 0.7552, strict 0.6781 -> 0.6817)."""
    if draft.cue is None or draft.quotes or draft.type == "according_to" \
            or draft.aside is not None:
        return True
    return any(r.role == "CONTENT" and _overlaps((r.first_char, r.end_char), draft.content)
               for r in runs)


def _absorbs(parsed: Parsed, tagged: _Draft, rule: _Draft) -> bool:
    """Whether a tagged content may stand for a rule attribution it overlaps: the rule's
    content is one quoted fragment that carries on the writer's sentence, lying inside the
    tagged content ("called Trump a “liar” who is “amoral”": the whole is what was said, the
    quotes are its words). A quote opening its sentence may be half of a split quote."""
    if len(rule.quotes) != 1 or rule.aside is not None or rule.type == "according_to":
        return False
    quote = rule.quotes[0]
    return rule.content == (quote.start, quote.end) and _holds(tagged.content, rule.content) \
        and not _is_whole_sentence(parsed, quote) and _continues_writer(parsed.text, rule, quote)


def _holds_own_cue(draft: _Draft) -> bool:
    """A content around its own frame ("The bridge, the engineer said, will reopen")."""
    return draft.cue is not None and draft.content[0] < draft.cue[0] < draft.content[1]


def _alike(a: tuple[int, int], b: tuple[int, int]) -> float:
    """How much two ranges coincide: shared length over joint length."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared / (max(a[1], b[1]) - min(a[0], b[0]))


def _holds(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer != inner and outer[0] <= inner[0] and inner[1] <= outer[1]


def _fill_frame(parsed: Parsed, draft: _Draft, runs: list[TaggedRun]) -> _Draft:
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
            and _is_cue_run(parsed, r)]
    cue = min(cues, key=lambda c: (_run_gap(c, group), c.start), default=None)
    if cue is None:
        return draft
    source = draft.source
    if source is None:
        source = _tagged_source(parsed, cue, [r for r in runs if r.role == "SOURCE"], group)
    return replace(draft, cue=_tagged_cue(parsed, cue), source=source)


# -- quotes no frame claimed ------------------------------------------------------------------

def _unframed_quotes(parsed: Parsed, quotes: list[Quote], drafts: list[_Draft]) -> list[_Draft]:
    out: list[_Draft] = []
    for quote in quotes:
        if any(d.content[0] <= quote.start and quote.end <= d.content[1] for d in drafts + out):
            continue
        if _is_whole_sentence(parsed, quote):
            source = _colon_speaker(parsed, quote) or _dash_speaker(parsed, quote)
            out.append(_Draft("direct", (quote.start, quote.end), source, None, [quote]))
        elif _word_count(parsed.text, quote) >= 1 and not _is_title(parsed.text, quote):
            out.append(_Draft("partial", (quote.start, quote.end), None, None, [quote]))
    return out


def _governed_fragment(parsed: Parsed, draft: _Draft, quotes: list[Quote]) -> _Draft:
    """A quoted fragment left with no frame takes the reporting verb it hangs on, and that
    verb's subject as its source."""
    if draft.type != "partial" or draft.cue is not None or draft.source is not None \
            or len(draft.quotes) != 1:
        return draft
    verb = _governing_cue(parsed, draft.quotes[0], quotes)
    if verb is None:
        return draft
    subject, _ = _subject(verb)
    if subject is None or _inside_quote(subject.idx, quotes):
        return draft
    return replace(draft, source=_np_span(_credited_source(subject)), cue=_cue_span(verb))


def _governing_cue(parsed: Parsed, quote: Quote, quotes: list[Quote]) -> Token | None:
    """The reporting verb a quoted fragment hangs on ('has described him as “a menace”',
    'called for “a revolution”'): the nearest verb above the fragment in its sentence, when
    the lexicon knows it; a verb of the writer's own in between credits nobody."""
    words = parsed.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if words is None:
        return None
    root = words.root
    for ancestor in root.ancestors:
        if ancestor.sent.start != root.sent.start:
            break
        if _inside_quote(ancestor.idx, quotes) or ancestor.pos_ not in ("VERB", "AUX"):
            continue
        return ancestor if _is_cue_word(ancestor) else None
    return None


# A line that opens with a speaker and a colon: "Bill Clinton: Hillary thinks …" (headlines,
# interview transcripts: "TAPPER: And obviously …").
_COLON_LINE = re.compile(r"(?m)^[ \t]*([^:\n]{2,60}?):[ \t]+(\S[^\n]*)$")
# Labels before a colon that are no speaker: a page's furniture ("BYLINE: …", "EMAIL: …",
# "Read more: …").
_NOT_SPEAKERS = frozenset({
    "update", "updated", "watch", "photo", "photos", "video", "note", "editor's note", "related",
    "read more", "see also", "source", "sources", "q", "a", "caption", "byline", "dateline",
    "email", "e-mail", "contact", "credit", "credits", "correction", "clarification", "tags",
    "filed under", "subscribe", "share", "follow", "length", "section"})


def _colon_lines(parsed: Parsed, drafts: list[_Draft]) -> list[_Draft]:
    """Unquoted statements after a named speaker and a colon, alone on their line; the cue is
    null, as for a bare quote after a speaker."""
    out = []
    for m in _COLON_LINE.finditer(parsed.text):
        lead = (m.start(1), m.end(1))
        label = parsed.text[lead[0]:lead[1]].strip()
        if label.lower() in _NOT_SPEAKERS:
            continue
        words = parsed.doc.char_span(*lead, alignment_mode="expand")
        if words is None or len(words) > 6:
            continue
        transcript = label.isupper() and label.replace(" ", "").isalpha() and len(label) > 2
        named = any(e.label_ in _SPEAKER_ENTITY_TYPES and e.end == words.end
                    for e in words.ents)
        # (The tagger reads an all-capitals label as anything, a verb included.)
        if not (transcript or (named and not any(t.pos_ in ("VERB", "AUX") for t in words))):
            continue
        content = _trim(parsed.text, m.start(2), m.end(2))
        # Reports inside the line nest in it ("Bill Clinton: Hillary thinks …"); a line that
        # is already part of another attribution is left to it.
        if content[1] - content[0] < 10 or \
                any(d.content[0] < content[0] < d.content[1] or
                    (d.content[0] == content[0] and d.content[1] >= content[1]) for d in drafts):
            continue
        out.append(_Draft("indirect", content, _trim(parsed.text, *lead), None))
    return out


# Words a split quote's gap may hold besides its frame ("said on Tuesday") when they run into
# another sentence; within the frame's own sentence there is no limit.
MAX_SPLIT_FRAME_EXTRA_WORDS = 6


def _join_split_quotes(parsed: Parsed, drafts: list[_Draft]) -> list[_Draft]:
    """One statement split by its frame (“A,” she said. “B.”) is one attribution: its content
    runs from the first quote to the last, and ``quotes`` holds the pieces."""
    out: list[_Draft] = []
    for d in drafts:
        k = len(out) - 1
        # Step over reports nested in the frame between the pieces ("said X, who noted that …"),
        # but not over the speaker going on ("“A,” he said, adding that X. “B.”": B is what
        # he added).
        while k > 0 and not out[k].quotes and out[k].content[0] >= out[k - 1].content[1] \
                and not _goes_on(parsed, out[k - 1], out[k], d):
            k -= 1
        prev = out[k] if out else None
        if prev is not None and k > 0 and not prev.quotes and _unframed_beside(prev, d) \
                and d.type == "direct" and _goes_on(
                    parsed, out[k - 1], prev, d):
            out[k] = replace(prev, content=(prev.content[0], d.content[1]), quotes=d.quotes,
                             parts=_pieces_then(prev, d.content))
            continue
        if prev is not None and d.cue is not None and prev.quotes and d.quotes \
                and ((prev.cue is None and prev.source is None)
                     or (prev.cue is not None and prev.cue[:2] == d.cue[:2])) \
                and prev.quotes[-1].end == prev.content[1] \
                and d.quotes[0].start == d.content[0] \
                and prev.content[1] <= d.cue[0] and d.cue[1] <= d.content[0] \
                and _within_one_sentence(parsed, prev.content[1], d.content[0]):
            # The frame between the pieces went to the second (“A,” X said, “B.”); a word or
            # two after it may lead into the second piece (“A,” X said, and still “B.”).
            start = _piece_start(parsed.text, replace(prev, source=d.source, cue=d.cue),
                                 d.content[0])
            # A quoted fragment after the frame does not make the whole statement one.
            out[k] = replace(d, type=prev.type if d.type == "partial" else d.type,
                             content=(prev.content[0], d.content[1]),
                             quotes=prev.quotes + d.quotes,
                             parts=_pieces_then(prev, (start, d.content[1])))
            continue
        lead = _lead_into_piece(parsed, prev, d) if prev is not None else None
        if prev is not None and _unframed_beside(prev, d) \
                and d.type in ("direct", "partial") \
                and prev.quotes and prev.quotes[-1].end == prev.content[1] \
                and prev.content[1] <= d.content[0] \
                and (lead is not None or _continues(parsed, prev, d)):
            piece = (lead if lead is not None else _piece_start(parsed.text, prev, d.content[0]),
                     d.content[1])
            out[k] = replace(prev, content=(prev.content[0], d.content[1]),
                             quotes=prev.quotes + d.quotes,
                             parts=_pieces_then(prev, piece))
            continue
        out.append(d)
    return out


def _join_going_on(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """A quote standing alone right after a framed statement on its line is that speaker going
    on under the same cue ("He said the plan would fail. “It is over.”"): one statement in
    pieces, as the split quotes :func:`_join_split_quotes` joins."""
    out: list[_Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if prev is not None and d.type == "direct" and _unframed_beside(prev, d) \
                and prev.source is not None and prev.cue is not None \
                and prev.content[1] <= d.content[0] \
                and "\n" not in text[prev.content[0]:d.content[0]] \
                and _only_frame_between(text, prev, d.content[0]):
            out[-1] = replace(prev, content=(prev.content[0], d.content[1]),
                              quotes=prev.quotes + d.quotes, parts=_pieces_then(prev, d.content))
            continue
        out.append(d)
    return out


def _unframed_beside(prev: _Draft, d: _Draft) -> bool:
    """Whether ``d`` has no frame of its own beside ``prev``: none at all, or only the cue (and
    source) of ``prev``'s frame, which it took as the frame nearest to it."""
    if d.cue is None and d.source is None:
        return True
    return d.cue is not None and prev.cue is not None and _overlaps(d.cue[:2], prev.cue[:2]) \
        and (d.source is None or prev.source is None or _overlaps(d.source, prev.source))


def _only_frame_between(text: str, prev: _Draft, start: int) -> bool:
    """Whether nothing but ``prev``'s own frame and a few words of it ("on Tuesday") stands
    between its content and ``start``: no sentence of the writer's."""
    gap = prev.content[1]
    frame = sorted(r[:2] for r in (prev.source, prev.cue) if r is not None
                   and gap <= r[0] and r[1] <= start)
    rest, at = [], gap
    for a, b in frame:
        rest.append(text[at:a])
        at = b
    rest.append(text[at:start])
    words = " ".join(rest)
    return len(words.split()) <= MAX_SPLIT_FRAME_EXTRA_WORDS \
        and not re.search(r"[.!?]\s+\S", words.strip())


def _lead_into_piece(parsed: Parsed, prev: _Draft, d: _Draft) -> int | None:
    """Where a quoted fragment that carries on a framed quote starts, when the writer leads
    into it with a word or two in the next sentence (“A,” she said. Now, “B …”): at those
    words; None when it does not carry on ``prev`` that way."""
    if d.type != "partial" or not prev.quotes or prev.cue is None \
            or not prev.quotes[-1].end <= prev.cue[0] < d.content[0]:
        return None
    text = parsed.text
    gap = text[prev.content[1]:d.content[0]]
    if "\n" in gap or any(ch in gap for ch in "“”\"«»"):
        return None
    stop = max(gap.rfind(". "), gap.rfind("? "), gap.rfind("! "))
    if stop < 0:
        return None
    lead = _short_lead(text, prev.content[1] + stop + 2, d.content[0])
    if lead is None \
            or not _within_one_sentence(parsed, prev.content[1], prev.content[1] + stop + 1):
        return None
    return lead


# Words of the writer's that may lead from a split quote's frame into its next piece
# ("Jordan said, and still “…”"): part of the statement.
MAX_PIECE_LEAD_WORDS = 3


def _piece_start(text: str, prev: _Draft, start: int) -> int:
    """Where the piece of a split statement after its frame starts: at its quote, or at the
    few words after the frame's last comma that lead into it ("said, and still “…”")."""
    frame_end = max([r[1] for r in (prev.source, prev.cue) if r is not None
                     and prev.content[1] <= r[0] < start], default=None)
    if frame_end is None:
        return start
    comma = text.rfind(",", frame_end, start)
    if comma < 0 or re.search(r"[.!?:;]", text[comma + 1:start]):
        return start
    lead = _short_lead(text, comma + 1, start)
    return start if lead is None else lead


def _short_lead(text: str, start: int, end: int) -> int | None:
    """Where the writer's words from ``start`` to ``end`` that lead into a piece begin, when
    there are some and no more than :data:`MAX_PIECE_LEAD_WORDS`; else None."""
    lead = text[start:end]
    if not lead.strip() or len(lead.split()) > MAX_PIECE_LEAD_WORDS:
        return None
    return start + len(lead) - len(lead.lstrip())


def _goes_on(parsed: Parsed, first: _Draft, report: _Draft, quote: _Draft) -> bool:
    """Whether ``report`` is the speaker of ``first`` going on in its frame (a participle on
    its cue whose content is a clause: "he said, adding that …") and the unframed ``quote``
    follows right after it. A participle with a thing for its content ("said, referring to the
    budget.") reports no words of its own: the quote after it is the speaker going on."""
    if first.cue is None or report.cue is None or not first.quotes:
        return False
    words = parsed.doc.char_span(report.cue[0], report.cue[1], alignment_mode="expand")
    if words is None:
        return False
    verb = next((t for t in words if t.pos_ == "VERB"), None)
    if verb is None or verb.tag_ != "VBG" or not (first.cue[0] <= verb.head.idx < first.cue[1]):
        return False
    content = parsed.doc.char_span(*report.content, alignment_mode="expand")
    if content is None or content.root.pos_ not in ("VERB", "AUX"):
        return False
    between = parsed.text[report.content[1]:quote.content[0]]
    return not between.strip(" .,;:") and "\n" not in between


def _continues(parsed: Parsed, prev: _Draft, d: _Draft) -> bool:
    """Whether the unframed quote ``d`` carries on the statement ``prev``: in its paragraph
    with only ``prev``'s frame between (“A,” she said. “B.”), or as the next paragraph when it
    is a quote alone there and ``prev``'s frame ends its own paragraph."""
    text = parsed.text
    gap = (prev.content[1], d.content[0])
    between = text[gap[0]:gap[1]]
    if any(ch in between for ch in "“”\"«»"):
        return False
    frame = [r for r in (prev.source, prev.cue[:2] if prev.cue else None) if r]
    if not frame:
        # A run of paragraphs that are each a quote alone is one statement going on.
        return not between.strip() and "\n" in between and prev.type == "direct" \
            and _alone_in_paragraph(text, prev.content) and _alone_in_paragraph(text, d.content)
    if "\n" in between:
        if not _alone_in_paragraph(text, d.content):
            return False
        head, rest = between.split("\n", 1)
        if rest.strip():
            return False  # a paragraph of the writer's between the pieces
        if not head.strip():
            return True  # "She said: “A.” ¶ “B.”"
        gap = (gap[0], gap[0] + len(head))
    if not all(gap[0] <= r[0] and r[1] <= gap[1] for r in frame):
        return False
    # Words of the gap outside the frame ("on Tuesday"): a long appositive source is fine,
    # another sentence between the pieces is not.
    extra = len(text[gap[0]:min(r[0] for r in frame)].split()) + \
        len(text[max(r[1] for r in frame):gap[1]].split())
    if _within_one_sentence(parsed, *gap):
        return True
    # The parser may cut a frame off its quote ("“A,” | he said."): a few words with no full
    # stop inside still frame one statement.
    return extra <= MAX_SPLIT_FRAME_EXTRA_WORDS and \
        not re.search(r"[.!?]\s+\S", text[gap[0]:gap[1]].strip())


def _alone_in_paragraph(text: str, content: tuple[int, int]) -> bool:
    line_start = text.rfind("\n", 0, content[0]) + 1
    line_end = text.find("\n", content[1])
    after = text[content[1]:len(text) if line_end < 0 else line_end]
    return not text[line_start:content[0]].strip() and not after.strip(" .,;:!?…")


def _within_one_sentence(parsed: Parsed, start: int, end: int) -> bool:
    """Whether the words from ``start`` to ``end`` belong to one sentence: the frame of a split
    quote with a long appositive or adverbial ("said X, who …, on Tuesday.") but no other
    sentence of the writer's."""
    # A paragraph break always starts a sentence, though the space token holding it may
    # belong to neither side.
    if "\n" in parsed.text[start:end]:
        return False
    words = parsed.doc.char_span(start, end, alignment_mode="contract")
    if words is None:
        return False
    tokens = [t for t in words if not t.is_space]
    return bool(tokens) and len({t.sent.start for t in tokens}) == 1


_MINOR_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "for", "to",
                          "with", "by", "from"})


def _is_title(text: str, quote: Quote) -> bool:
    """A quoted name of a show, book or campaign (“Fox News Sunday”, “Contract with
    America”): every word capitalised but the minor ones. Nobody is quoted."""
    words = text[quote.inner_start:quote.inner_end].strip(" .,;:!?").split()
    significant = [w for w in words if w.lower() not in _MINOR_WORDS]
    return bool(significant) and all(w[:1].isupper() or w[:1].isdigit() for w in significant)


def _word_count(text: str, quote: Quote) -> int:
    return len(text[quote.inner_start:quote.inner_end].split())


def _is_whole_sentence(parsed: Parsed, quote: Quote) -> bool:
    """True when the quote makes up its sentence(s): nothing but punctuation or a "Name:"
    lead-in outside it, and it reads as a statement rather than a quoted term."""
    doc = parsed.doc
    first = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if first is None:
        return False
    if _word_count(parsed.text, quote) < MIN_STATEMENT_WORDS and \
            not any(t.pos_ in ("VERB", "AUX") for t in first):
        return False
    sent_start = first[0].sent.start_char
    sent_end = first[-1].sent.end_char
    before = parsed.text[sent_start:quote.start].strip()
    after = parsed.text[quote.end:sent_end].strip()
    if _DASH_SPEAKER.fullmatch(before) or before.endswith(":"):
        before = ""
    if _DASH_SPEAKER_AFTER.fullmatch(after):
        after = ""
    return not before and not after.strip(".,;:!?…—– ")


# "The minister — “…”" and "“…” ― Name": a dash ties a short name to the quote.
_DASHES = "―—–"
_DASH_SPEAKER = re.compile(rf"[^\n{_DASHES}]{{1,60}}\s[{_DASHES}]")
_DASH_SPEAKER_AFTER = re.compile(rf"[{_DASHES}]\s*[^\n{_DASHES}“”\"]{{1,60}}")


def _dash_speaker(parsed: Parsed, quote: Quote) -> tuple[int, int] | None:
    """The short name that a dash joins to a whole-sentence quote, before or after it."""
    text = parsed.text
    line_start = text.rfind("\n", 0, quote.start) + 1
    before = text[line_start:quote.start].rstrip()
    if before and before[-1] in _DASHES and _DASH_SPEAKER.fullmatch(before.strip()):
        return _named(parsed, line_start, len(before) - 1 + line_start)
    line_end = text.find("\n", quote.end)
    line_end = len(text) if line_end < 0 else line_end
    after = text[quote.end:line_end]
    stripped = after.lstrip()
    if stripped and stripped[0] in _DASHES:
        match = _DASH_SPEAKER_AFTER.match(stripped)
        if match is not None:
            dash = quote.end + (len(after) - len(stripped))
            return _named(parsed, dash + 1, dash + len(match[0]))
    return None


def _named(parsed: Parsed, start: int, end: int) -> tuple[int, int] | None:
    """``text[start:end]`` trimmed, when it is a short name or noun phrase."""
    start, end = _trim(parsed.text, start, end)
    span = parsed.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not 0 < len(span) <= 8 or \
            not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in span) or \
            any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    return start, end


def _colon_speaker(parsed: Parsed, quote: Quote) -> tuple[int, int] | None:
    """The name in a "Name: “…”" lead-in."""
    # The character before the quote's lead-in whitespace, found by walking back (a copy of the
    # text before every quote would be quadratic in a text of many quotes).
    text = parsed.text
    head_end = quote.start
    while head_end > 0 and text[head_end - 1].isspace():
        head_end -= 1
    if head_end == 0 or text[head_end - 1] != ":":
        return None
    colon = head_end - 1
    span = parsed.doc.char_span(colon, colon + 1, alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    words = [t for t in parsed.doc[sent.start:span[0].i] if not t.is_space]
    if not words or len(words) > 6 or \
            not any(t.pos_ in ("PROPN", "PRON", "NOUN") for t in words):
        return None
    return _trim(parsed.text, words[0].idx, colon)


# -- the writer's additions at the end of a content ---------------------------------------------

_WH_WORDS = frozenset({"which", "who", "whom", "whose", "where"})


def _without_trailing_aside(parsed: Parsed, draft: _Draft) -> _Draft:
    """End an unquoted content before a non-restrictive relative clause or apposition that the
    writer hangs on its last words (", which makes him an outlier", ", the presumed
    favourite"): the writer's gloss, not what was said. Quoted words stay whole. (On a held-out
    part of PolNeAR train, cutting these helps; cutting participle clauses, "but" clauses or
    contrasts does not: annotators keep them as often as not. Nor does cutting what hangs on
    the cue past the content, "said … on Tuesday", "said …, adding": the parse attaches such
    phrases to the cue about as often wrongly as rightly, and loose F1 fell 0.007.)"""
    if draft.cue is None or draft.type in ("direct", "according_to"):
        return draft
    start, end = draft.content
    after_quotes = max([start, *(q.end for q in draft.quotes)])
    doc = parsed.doc
    words = doc.char_span(start, end, alignment_mode="expand")
    if words is None or len(words) <= MIN_OBJECT_WORDS:
        return draft
    last = words[-1]
    while last.i > words.start and (last.is_punct or last.is_space):
        last = doc[last.i - 1]
    cuts = [phrase.left_edge.i for phrase in words if _is_trailing_aside(
        phrase, words.start, last.i, after_quotes)]
    if not cuts:
        return draft
    cut = doc[min(cuts) - 1]
    new_start, new_end = _trim(parsed.text, start, cut.idx + len(cut))
    if new_end <= new_start:
        return draft
    return replace(draft, content=(new_start, new_end),
                   quotes=[q for q in draft.quotes if q.end <= new_end])


def _is_trailing_aside(phrase: Token, content_start: int, content_last: int,
                       after_quotes: int) -> bool:
    """A relative clause or apposition, set off by a comma or dash, on a word of the content,
    that runs to the content's end and leaves a few words of it before."""
    first = phrase.left_edge
    if phrase.right_edge.i < content_last or first.i - content_start < MIN_OBJECT_WORDS \
            or first.idx < after_quotes or phrase.head.i < content_start:
        return False
    if phrase.doc[first.i - 1].text not in (",", "—", "–"):
        return False
    return phrase.dep_ == "appos" or (phrase.dep_ == "relcl" and first.lower_ in _WH_WORDS)


# -- assembling ---------------------------------------------------------------------------------

def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# A word that only links to what follows, left at the end when a content stops short: a
# conjunction ("would reopen in May and") or a relative pronoun whose clause was cut off
# ("an overhaul of the justice system, which").
_DANGLING_CONJUNCTION = re.compile(r"\s(?:and|but|or|nor|which|whose|whom)$", re.IGNORECASE)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip whitespace and the writer's punctuation at the edges, and a conjunction or relative
    pronoun left dangling at the end; quotation marks stay."""
    edge = " \t\n,;:—–-"
    while start < end and text[start] in edge:
        start += 1
    while True:
        while end > start and (text[end - 1] in edge or text[end - 1] in ".!?"):
            end -= 1
        dangling = _DANGLING_CONJUNCTION.search(text, start, end)
        if dangling is None:
            return start, end
        end = dangling.start()


def _separate(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Keep one attribution's frame (source and cue) out of another's content, unless the
    other's content holds that attribution whole (a nested attribution)."""
    # Each content looks only at the frames that start inside it, found by bisection in the
    # frames ordered by their start (every pair would be quadratic in a long article), and
    # takes them in the drafts' own order, since whether a frame cuts depends on the cuts
    # made before it.
    frame_starts = [_frame_start(b) for b in drafts]
    framed = sorted((f, j) for j, f in enumerate(frame_starts) if f is not None)
    starts = [f for f, _ in framed]
    out = []
    for a in drafts:
        start, end = a.content
        inside = framed[bisect_right(starts, start):bisect_left(starts, end)]
        for j, frame_start in sorted((j, f) for f, j in inside):
            b = drafts[j]
            if b is a:
                continue
            nested = start <= b.content[0] and b.content[1] <= end
            if nested and b.aside is None:
                continue
            if start < frame_start < end:
                end = frame_start
        if (start, end) != a.content:
            start, end = _trim(text, start, end)
            if end <= start:
                continue
            a = replace(a, content=(start, end), quotes=[q for q in a.quotes if q.end <= end])
        out.append(a)
    return out


def _frame_start(draft: _Draft) -> int | None:
    """Where a draft's frame begins (its aside's start, else its source's or cue's, whichever
    comes first); None when it has neither source nor cue."""
    frame = [r for r in (draft.source, draft.cue[:2] if draft.cue else None) if r is not None]
    if not frame:
        return None
    return draft.aside if draft.aside is not None else min(r[0] for r in frame)


def _nearest_frame(parsed: Parsed, drafts: list[_Draft]) -> list[_Draft]:
    """Of several frames claiming the same quoted content, the one in the content's own sentence
    wins ("Cruz spoke. ¶ “…,” Trump said": Trump's); frames as near as each other all stay."""
    by_content: dict[tuple[int, int], list[_Draft]] = {}
    for d in drafts:
        if d.cue is not None and d.quotes:
            by_content.setdefault(d.content, []).append(d)
    losers: set[int] = set()
    for content, group in by_content.items():
        if len(group) < 2:
            continue
        distance = [_sentence_distance(parsed, content, d.cue[0]) for d in group]
        nearest = min(distance)
        losers.update(id(d) for d, n in zip(group, distance, strict=True) if n > nearest)
    return [d for d in drafts if id(d) not in losers]


def _sentence_distance(parsed: Parsed, content: tuple[int, int], offset: int) -> int:
    """How many sentences lie between a cue and the content's sentences (0: inside them)."""
    span = parsed.doc.char_span(content[0], content[1], alignment_mode="expand")
    cue = parsed.doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or cue is None:
        return 0
    first, last = span[0].sent.start, span[-1].sent.start
    sent = cue[0].sent.start
    if first <= sent <= last:
        return 0
    # The sentence starts between the two (a list of every sentence per call would be
    # quadratic in a long article).
    a, b = sorted((sent, first if sent < first else last))
    return sum(1 for t in parsed.doc[a:b] if t.is_sent_start)


def _cue_governs(parsed: Parsed, draft: _Draft) -> bool:
    """Whether a word of the draft's cue is an ancestor of a word of its content in the parse
    ("said" over "that … fail")."""
    if draft.cue is None:
        return False
    doc = parsed.doc
    cue = doc.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
    words = doc.char_span(*draft.content, alignment_mode="expand")
    if cue is None or words is None:
        return False
    own = {t.i for t in cue}
    return any(a.i in own for t in words for a in t.ancestors)


def _dedupe(parsed: Parsed, drafts: list[_Draft]) -> list[_Draft]:
    """One attribution per cue: of two separate contents claiming one cue, the one the cue
    governs in the parse, else the earlier (on a held-out fifth of PolNeAR train, preferring
    the governed one raised loose, strict and exact F1 and cue accuracy, each by under 0.001);
    of two readings of one cue where one content holds the other, the whole ("accused X of a
    “flip-flop”" over the quote alone). The same content and source once."""
    drafts = sorted(drafts, key=lambda d: not _cue_governs(parsed, d))
    widest: dict[tuple[int, int], _Draft] = {}
    for d in drafts:
        if d.cue is None:
            continue
        kept = widest.get(d.cue[:2])
        if kept is None or _holds(d.content, kept.content):
            widest[d.cue[:2]] = d
    drafts = [d for d in drafts if d.cue is None or widest[d.cue[:2]] is d
              or not _holds(widest[d.cue[:2]].content, d.content)]
    seen_cues, seen, out = set(), set(), []
    for d in drafts:
        if d.cue and d.cue[:2] in seen_cues:
            continue
        key = (d.content, d.source)
        if key in seen:
            continue
        if d.cue:
            seen_cues.add(d.cue[:2])
        seen.add(key)
        out.append(d)
    return out


def _widen_to_quotes(start: int, end: int, quotes: list[Quote]) -> tuple[int, int, list[Quote]]:
    """Extend a content range over every quote it cuts into, so quotes stay whole."""
    changed = True
    while changed:
        changed = False
        for q in quotes:
            if q.start < end and start < q.end and (q.start < start or q.end > end):
                start, end = min(start, q.start), max(end, q.end)
                changed = True
    inside = [q for q in quotes if start <= q.start and q.end <= end]
    return start, end, inside


def _type_of(parsed: Parsed, draft: _Draft, start: int, end: int, inside: list[Quote]) -> str:
    if draft.type in ("according_to", "partial"):
        return draft.type
    if not inside:
        return "indirect"
    # What is left of the content outside its quotes and its own frame ("“A,” she said. “B.”").
    outside = [True] * (end - start)
    frame = [r[:2] for r in (draft.source, draft.cue) if r is not None]
    # The words between two pieces of one split quote are the frame ("“A,” she said in X, “B.”").
    gaps = [(q.end, n.start) for q, n in pairwise(inside)
            if any(q.end <= a and b <= n.start for a, b in frame)]
    for a, b in [(q.start, q.end) for q in inside] + frame + gaps:
        for i in range(max(a, start), min(b, end)):
            outside[i - start] = False
    unquoted = "".join(ch for ch, out in zip(parsed.text[start:end], outside, strict=True) if out)
    if unquoted.strip(" .,;:!?…—–-\n"):
        return "mixed"
    if len(inside) == 1 and not _is_whole_sentence(parsed, inside[0]):
        if _continues_writer(parsed.text, draft, inside[0]):
            return "partial"
        # A lone quoted term credited to someone ("“stalemate”, as X put it") is a fragment.
        words = parsed.doc.char_span(start, end, alignment_mode="expand")
        if words is not None and not any(t.pos_ in ("VERB", "AUX") for t in words):
            return "partial"
    return "direct"


def _continues_writer(text: str, draft: _Draft, quote: Quote) -> bool:
    """Whether a quote carries on the writer's own words ("called the plan “a disaster”")
    rather than standing after a lead-in ("said: “…”", "admitted this “…”", "he said “…”")."""
    # Read by walking back from the quote (a copy of the text before every quote would be
    # quadratic in a text of many quotes); a last word longer than WORD_LOOK is no lead-in word.
    end = quote.start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if "\n" in text[end:quote.start]:
        return False  # the quote opens a paragraph
    # An earlier quote that closes its sentence ('… the line.” “This …') ends the writer's words.
    while end > 0 and text[end - 1] in "”’\"»)]":
        end -= 1
    if end == 0 or text[end - 1] in ":,;—–-.!?…\n":
        return False
    word_end = end
    while word_end > 0 and text[word_end - 1].isspace():
        word_end -= 1
    word_start = word_end
    while word_start > 0 and not text[word_start - 1].isspace() and \
            word_end - word_start <= WORD_LOOK:
        word_start -= 1
    if word_end == 0:  # only spaces before: str.split() finds no word, as it always did
        last_word = text[:end].split()[-1].lower()
    else:
        last_word = text[word_start:word_end].lower()
    if draft.cue is not None and last_word == text[draft.cue[0]:draft.cue[1]].split()[-1].lower():
        return False
    return last_word not in _LEAD_IN_WORDS


# The longest word read before a quote (longer ones are no lead-in word nor a cue's).
WORD_LOOK = 200

# Words a machine translation leaves between a cue and its quote ("admitted this “…”",
# "insisted on this “…”"): not part of what was said.
_LEAD_IN_WORDS = frozenset({"this", "these", "on", "of", "following"})


def _settle(text: str, draft: _Draft, quotes: list[Quote]) -> _Draft:
    """Final content range: quotes it cuts into made whole, the writer's edges trimmed."""
    start, end, inside = _widen_to_quotes(*draft.content, quotes)
    if inside:
        lead = text[start:inside[0].start]
        if lead.strip() and all(w.strip(",:") in _LEAD_IN_WORDS for w in lead.lower().split()):
            start = inside[0].start
    if not inside or inside[-1].end != end:
        start, end = _trim(text, start, end)
    elif inside[0].start != start:
        start, _ = _trim(text, start, end)
    return replace(draft, content=(start, end), quotes=inside)


def _finish(parsed: Parsed, drafts: list[_Draft], quotes: list[Quote]
            ) -> tuple[list[Attribution], list[bool]]:
    """The attributions, their sources not linked to any entity yet, and for each whether its
    draft was a direct quote: the speaker linking
    (:func:`reportedly.extract.entities.coreference.link_speakers`) gives such a quote with no
    source of its own the last speaker."""
    text = parsed.text
    attributions: list[Attribution] = []
    drafted_direct: list[bool] = []
    for draft in drafts:
        (start, end), inside = draft.content, draft.quotes
        if end <= start:
            continue
        source: Source | None = None
        cue = Cue(draft.cue[0], draft.cue[1], text[draft.cue[0]:draft.cue[1]], draft.cue[2]) \
            if draft.cue else None
        if draft.source is not None:
            s_start, s_end = _trim(text, *draft.source)
            source = Source(s_start, s_end, text[s_start:s_end])
        kind = _type_of(parsed, draft, start, end, inside)
        attributions.append(Attribution(
            id=f"A{len(attributions) + 1}", type=kind, content=Span.of(text, start, end),
            source=source, cue=cue, stance=stance_of(cue.lemma) if cue else None,
            quotes=tuple(Span.of(text, q.start, q.end) for q in inside),
            content_parts=tuple(Span.of(text, a, b) for a, b in _content_parts(parsed, draft))))
        drafted_direct.append(draft.type == "direct")
    return attributions, drafted_direct


# -- the pieces of a content with its own frame inside ----------------------------------------

# The writer's punctuation at the edges of a piece: not part of what was said.
_PIECE_EDGES = " \n,;:—–-"
# Punctuation that ends a frame set into its content ("the minister said on Tuesday, …").
_FRAME_ENDS = frozenset(",;—–(“\"«")


def _content_parts(parsed: Parsed, draft: _Draft) -> tuple[tuple[int, int], ...]:
    """The pieces of a content without the frame inside it, or () when it is one piece."""
    start, end = draft.content
    pieces = []
    for a, b in draft.parts or _around_own_frame(parsed, draft):
        a, b = max(a, start), min(b, end)
        while a < b and parsed.text[a] in _PIECE_EDGES:
            a += 1
        while b > a and parsed.text[b - 1] in _PIECE_EDGES:
            b -= 1
        if b > a:
            pieces.append((a, b))
    return tuple(pieces) if len(pieces) > 1 else ()


def _around_own_frame(parsed: Parsed, draft: _Draft) -> tuple[tuple[int, int], ...]:
    """A content that runs through its own cue and source ("The test, North Korea said on
    Friday, was its biggest"): the pieces before the frame and after it, the frame running
    from its source or cue to the punctuation that closes it."""
    start, end = draft.content
    if draft.cue is None or not start < draft.cue[0] < end:
        return ()
    frame = [draft.cue[:2]] + ([draft.source] if draft.source is not None
                               and start <= draft.source[0] < end else [])
    frame_start, frame_end = min(f[0] for f in frame), max(f[1] for f in frame)
    words = parsed.doc.char_span(frame_end, end, alignment_mode="expand")
    if words is None:
        return ()
    for token in words:
        if token.text in _FRAME_ENDS or token.is_quote:
            break
        if token.sent.start != words[0].sent.start:
            return ()  # the frame closes its sentence: nothing of the content follows it
        frame_end = token.idx + len(token)
    else:
        return ()
    return (start, frame_start), (frame_end, end)
