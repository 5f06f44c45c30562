"""Noun-phrase grammar the entity rules read off the parse: where a phrase starts, what it is
about, whether a name in it names the phrase or something it belongs to, and where it stands."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from reportedly.extract.entities.lexicon import (
    QUANTIFIERS,
    RELATIVE_PRONOUNS,
    role_nouns,
)
from reportedly.lexicons import word_list
from reportedly.pronouns import antecedent_pronouns


def belongs_to_thing(token: Token, span: SpacySpan) -> bool:
    """True for a name that modifies a common noun in the phrase ("Sanders's campaign
    manager", "the Sanders campaign"): the phrase names the manager or the campaign."""
    while token.i != span.root.i and token.head.i != token.i \
            and span.start <= token.head.i < span.end:
        if token.dep_ in ("poss", "compound") and token.head.pos_ == "NOUN":
            return True
        token = token.head
    return False


def clean_name(text: str) -> str:
    """A name as written, without brackets, stray quotes and line breaks."""
    for ch in "[]()“”\"":
        text = text.replace(ch, "")
    return " ".join(text.split()).strip(" ,;:")


def in_prep_object(token: Token, span: SpacySpan) -> bool:
    """True for a name that is the object of a preposition hanging on the phrase's head ("the
    mayor of Gdansk", "a spokesman for Nordwind", "parents in Harlow Fields", "some in Ivre"):
    it names what the head belongs to or where it is, not the head. A name set beside that
    object ("… of the armed forces, General X") is not inside it; nor is the author of a
    document ("a statement by X"). Names joined to the object are in it too ("lawyers for
    both Donald and Ivana Trump")."""
    while token.dep_ in ("compound", "flat", "conj") and span.start <= token.head.i < span.end \
            and token.head.i != token.i:
        token = token.head
    prep = token.head
    if token.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.i != span.root.i:
        return False
    head = prep.head
    if head.pos_ == "NOUN":
        return head.lemma_.lower() not in word_list("source_nouns.txt")
    return head.pos_ == "PRON"


def phrase_start(head: Token) -> int:
    """The first token of the noun phrase headed by ``head``, before any clause or appositive."""
    first = head.i
    for child in head.lefts:
        first = min(first, child.left_edge.i)
    return first


_SOURCE_DEPS = frozenset({"nsubj", "nsubjpass", "appos"})
_SOURCE_PREPOSITIONS = frozenset({"by", "from", "to", "of"})


def source_position(token: Token) -> bool:
    """Whether a noun phrase stands where a source of a statement can stand."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ in _SOURCE_DEPS:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in _SOURCE_PREPOSITIONS


# A noun phrase counting more people than this is a figure ("103,000 soldiers"), not a source.
MAX_COUNTED_SOURCE = 12


def counted(head: Token) -> bool:
    for child in head.children:
        if child.dep_ == "nummod" and child.like_num:
            digits = child.text.replace(",", "").replace(".", "")
            if digits.isdigit():
                return int(digits) > MAX_COUNTED_SOURCE
            # "two officials" is a source; "thousands of soldiers", "100 million" are figures.
            return any(child.lower_.startswith(big) or child.lower_.endswith(big)
                       for big in ("dozen", "hundred", "thousand", "million", "billion"))
    return False


def is_pronoun(text: str) -> bool:
    word = text.strip().lower()
    return word in antecedent_pronouns() or word in RELATIVE_PRONOUNS


def relative_antecedent(token: Token) -> Token | None:
    if token.lower_ not in RELATIVE_PRONOUNS:
        return None
    clause = token.head
    if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return partitive_head(clause.head)
    return None


def partitive_head(head: Token) -> Token:
    """"some of his aides" is about the aides."""
    if head.lower_ in QUANTIFIERS:
        of = of_phrase(head)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if obj is not None:
            return obj
    return head


def of_phrase(head: Token) -> Token | None:
    return next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)


def common_noun_group(span: SpacySpan) -> bool:
    """Whether a span the recogniser took for a name is a common-noun phrase: no proper noun
    in it, and headed by a role or source noun that is plural ("Aides", "Western Officials",
    "Media Reports") or written in lower case ("the white supremacist group"). Capitals at a
    sentence start, in a headline or in a machine-translated fragment make no name of it; a
    capitalised singular head may be a name's own word ("the Republican party")."""
    head = span[-1]
    if any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in span):
        return False
    lemma = head.lemma_.lower()
    if not ({lemma, head.lower_} & (set(role_nouns()) | word_list("source_nouns.txt"))):
        return False
    return head.tag_ == "NNS" or not any(t.text[:1].isupper() for t in span)
