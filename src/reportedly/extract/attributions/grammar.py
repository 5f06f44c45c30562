"""Parse predicates the finders and stages share: which word is a cue, its kind, its
subject, whether that subject may speak, and the character ranges of a noun phrase, a cue and a
clause without the frames nested in it."""

from __future__ import annotations

from spacy.tokens import Token

from reportedly.extract.attributions.draft import CueRange, Range
from reportedly.lexicons import tsv_column, word_list
from reportedly.reporting_verbs import cue_prepositions, frame_mode, stance_of, verb_kind

# Verbs of necessity whose "to" complement is not the subject's own aim ("have to seek").
OBLIGATION_VERBS = ("have", "need", "be", "ought")


# A noun-phrase object shorter than this, with no verb in it, is not taken as content.
MIN_OBJECT_WORDS = 3


#: Entity types that can speak or be spoken for: people, bodies, nations, governments.
SPEAKER_ENTITY_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def is_cue_word(token: Token) -> bool:
    if token.lemma_ == "put":
        # "as X put it": the idiom credits the nearby quote to X.
        return any(c.lower_ == "it" and c.dep_ == "dobj" for c in token.children)
    if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ != "aux"):
        return frame_mode(token.lemma_) in ("any", "clause")
    return token.pos_ == "ADJ" and token.lower_ in word_list("belief_adjectives.txt")


def is_dependent_aim(token: Token) -> bool:
    """An intention verb in the "to" complement of a verb of necessity or of another intention:
    "will have to seek a deal" states a necessity, not anyone's aim; "wants to seek a deal" is
    one aim, reported by its first verb."""
    return verb_kind(token.lemma_) == "intention" and token.dep_ == "xcomp" \
        and (token.head.lemma_ in OBLIGATION_VERBS or verb_kind(token.head.lemma_) == "intention")


def subject_of(token: Token) -> tuple[Token | None, bool]:
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
        if verb_kind(token.lemma_) == "belief":
            return next((c for c in token.children if c.dep_ == "nsubjpass"), None), False
        return None, True
    for c in token.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, False
    if _misattached_conjunct_frame(token):
        return subject_of(token.head.head)
    # Participles and coordinated verbs share their governor's subject
    # ("…, noting that …", "smiled and said …").
    if token.dep_ in ("advcl", "conj", "xcomp") and token.head is not token:
        subject, passive = subject_of(token.head)
        return subject, passive
    if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.dep_ in ("dobj", "pobj"):
        # "issued a statement saying …": the statement's issuer says it.
        noun = token.head
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        if verb.pos_ in ("VERB", "AUX") and verb is not token:
            return subject_of(verb)
    if token.tag_ == "VBG" and token.i > 0 and token.nbor(-1).text == ",":
        # ", noting …" attached to a noun by the parser still credits the clause's speaker.
        for ancestor in token.ancestors:
            if ancestor.pos_ in ("VERB", "AUX") and is_cue_word(ancestor):
                return subject_of(ancestor)
    return None, False


def is_role_or_title(token: Token) -> bool:
    """A noun that describes a person or body by role or title ("officials", "the governor")."""
    lemma = token.lemma_.lower()
    return lemma in tsv_column("role_nouns.tsv", "lemma") or lemma in word_list("person_titles.txt")


def _may_speak(token: Token) -> bool:
    """Whether a subject can be a speaker: a person or body, a pronoun, a role ("officials")."""
    return token.ent_type_ in SPEAKER_ENTITY_TYPES or token.pos_ == "PRON" \
        or is_role_or_title(token)


def _misattached_conjunct_frame(token: Token) -> bool:
    """A reporting verb that the parser conjoins to the clause another reporting verb reports,
    where that clause's subject cannot speak ("The minister said the bridge would reopen and
    added that …"): the second verb is the speaker's, coordinated with the first."""
    clause = token.head
    if token.dep_ != "conj" or clause.dep_ != "ccomp" or not is_cue_word(token) \
            or is_cue_word(clause) or not is_cue_word(clause.head):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return False
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and not _may_speak(subject)


def np_span(token: Token) -> Range:
    """The character range of the noun phrase headed by ``token``, appositions included."""
    left, right = token.left_edge, token.right_edge
    start, end = left.idx, right.idx + len(right)
    return Range(start, end)


def cue_span(token: Token) -> CueRange:
    """The cue word with its particle ("point out"), and its lemma."""
    end = token.idx + len(token)
    lemma = token.lemma_.lower()
    for c in token.children:
        if c.dep_ == "prt" and c.i == token.i + 1:
            end = c.idx + len(c)
            lemma = f"{lemma} {c.lower_}"
    if token.pos_ == "ADJ":
        lemma = token.lower_
    return CueRange(token.idx, end, lemma)


def is_nested_frame(token: Token) -> bool:
    """A phrase inside a clause that attributes the clause itself: "according to X",
    "…, he added", "as X put it", "even as aides report …"."""
    if token.lower_ == "according":
        return True
    if token.dep_ == "parataxis":
        return is_cue_word(token)
    if _misattached_conjunct_frame(token):
        return True
    # A participle or clause that modifies a noun inside the claim ("tweets accusing her of …")
    # is part of it; only one set off by a comma ("…, noting that …") is a frame of its own.
    left = token.left_edge
    set_off = left.i > 0 and left.nbor(-1).text in (",", "—", "–", "(")
    return token.dep_ in ("advcl", "acl") and set_off and is_cue_word(token)


def clause_span(token: Token) -> Range:
    """The clause headed by ``token``, without nested attribution phrases at its edges: the
    longest run of its tokens around the head that no such phrase interrupts."""
    removed: set[int] = set()
    for t in token.subtree:
        if t is not token and is_nested_frame(t):
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
    return Range(first.idx, last.idx + len(last))


def addressed_content(token: Token) -> Range | None:
    """For a verb whose object is whom it addresses or targets: "urged voters to stay home"
    reports the object with what they were urged to do; "criticized the plan's cost" reports
    a thing criticised, while "criticized the minister" names only a target."""
    objects = [c for c in token.children if c.dep_ == "dobj" and c.i > token.i]
    if not objects:
        return None
    obj = objects[0]
    xcomp = next((c for c in token.children if c.dep_ == "xcomp" and c.i > obj.i), None)
    if xcomp is not None:
        return Range(clause_span(obj)[0], clause_span(xcomp)[1])
    # "called the plan a disaster", "criticized the pope as a politician": the object with
    # what it was called.
    named_as = next((c for c in token.children if c.i > obj.i and
                     (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"))), None)
    if named_as is not None:
        return Range(clause_span(obj)[0], clause_span(named_as)[1])
    if stance_of(token.lemma_) not in ("critical", "approving"):
        return None
    preps = cue_prepositions().get(token.lemma_.lower(), frozenset())
    if any(c.dep_ == "prep" and c.lower_ in preps for c in (*token.children, *obj.children)):
        return None  # "accused the mayor of lying": the preposition carries the content
    words = [t for t in obj.subtree if not t.is_punct]
    # A person, however described ("the governor of Texas", "a senior official"), is a target.
    if obj.pos_ != "NOUN" or obj.ent_type_ or len(words) < MIN_OBJECT_WORDS \
            or is_role_or_title(obj):
        return None
    return clause_span(obj)


def credited_source(pobj: Token) -> Token:
    """"the latest figures from the ministry" credits the ministry; "Reuters" credits Reuters."""
    if pobj.lemma_.lower() in word_list("source_nouns.txt") or \
            pobj.lower_ in word_list("source_nouns.txt"):
        for prep in pobj.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if inner is not None:
                    return credited_source(inner)
    return pobj

