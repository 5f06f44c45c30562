"""What a figure measures (``measure``): the counted noun and its verb, the whole a unit is
taken of, or the thing that changed by the figure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.extract.quantities import lexicon as lex
from reportedly.extract.quantities.figure import (
    CONVERSION_GAP,
    PARTITIVE,
    PERSON_UNIT,
    Figure,
    token_index,
)

DIMENSION_NOUNS = {"area": "area", "length": "distance", "mass": "weight", "volume": "volume",
                   "volume_rate": "output", "power": "power", "energy": "energy",
                   "speed": "speed", "temperature": "temperature", "money": "money",
                   "time": "duration"}


def read_measures(parsed: Parsed, figures: list[Figure]) -> list[Figure]:
    return [replace(f, measure=m) for f, m in zip(figures, _measures(parsed, figures), strict=True)]


def _measures(parsed: Parsed, figures: list[Figure]) -> list[str | None]:
    measures: list[str | None] = [_measure(parsed, f) for f in figures]
    for k in range(1, len(figures)):
        a, b = figures[k - 1], figures[k]
        if a.currency and b.currency and a.currency != b.currency and \
                CONVERSION_GAP.match(parsed.text[a.end:b.start]):
            measures[k] = measures[k - 1]  # "€10bn (about $11bn)": the same amount, converted
    for k in range(len(figures) - 1):
        gap = parsed.text[figures[k].end:figures[k + 1].start]
        fig = figures[k]
        bare = measures[k] is None or (fig.counted_noun is None and fig.currency is None
                                       and fig.unit in (None, PERSON_UNIT))
        if bare and (PARTITIVE.match(gap) or re.fullmatch(r"\s*to\s*", gap)) and \
                measures[k + 1] is not None:
            measures[k] = measures[k + 1]  # "500 out of 400 voters", "from 5 to 7 percent"
    return measures


def _participle(verb: Token) -> str:
    lemma = verb.lemma_.lower()
    table = lex.participles()
    if lemma in table:
        return table[lemma]
    if verb.tag_ == "VBN" or (verb.tag_ == "VBD" and lemma == verb.lower_):
        return verb.lower_  # already a participle, or a past form the lemmatiser did not know
    stem = verb.lower_[:-3] if verb.tag_ == "VBG" and verb.lower_.endswith("ing") else ""
    if stem and stem not in (lemma, lemma[:-1]) and not stem.endswith("i"):
        return stem + "ed"  # the lemmatiser cut a letter the -ing form keeps ("installing")
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", lemma):
        return lemma + lemma[-1] + "ed"  # one syllable ending consonant-vowel-consonant
    return lemma + "ed"


def _phrase(head: Token) -> str:
    """A noun with its adjectives and compounds, without determiners or numbers."""
    keep = [t for t in head.lefts if t.dep_ in ("amod", "compound", "nmod", "poss")
            and t.pos_ not in ("NUM", "PRON")
            and t.ent_type_ not in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT")]
    words: list[Token] = []
    for t in keep:
        words.extend(w for w in t.subtree if (w.pos_ not in ("DET", "NUM", "PUNCT")
                                              or w.tag_ == "HYPH") and w.tag_ != "POS")
    return _as_written([*words, head])


def _as_written(tokens: Sequence[Token]) -> str:
    """Tokens joined as the text spaces them ("coal-producer"), one space across any gap."""
    out = ""
    for k, t in enumerate(tokens):
        if k and (tokens[k - 1].i + 1 != t.i or tokens[k - 1].whitespace_):
            out += " "
        out += t.text
    return out


def _verb_part(tok: Token) -> str | None:
    """The verb a noun is the object (or passive subject) of, as a participle."""
    if tok.dep_ in ("dobj", "nsubjpass", "pobj" if tok.head.dep_ == "agent" else "-") and \
            tok.head.pos_ in ("VERB", "AUX"):
        # "has 987 subsidiaries": having, like being, says nothing of what is counted
        return None if tok.head.lemma_ in ("have", "be") else _participle(tok.head)
    for child in tok.rights:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agents = [c for c in child.rights if c.dep_ == "agent"]
            objects = [o for a in agents for o in a.children if o.dep_ == "pobj"]
            if objects:  # "wounded by a bomb": the agent's noun phrase, without what it joins
                return f"{child.text} by {_phrase(objects[0])}"
            return child.text
    return None


def _measure(parsed: Parsed, fig: Figure) -> str | None:
    doc = parsed.doc
    if fig.counted_noun is not None:
        i, j = fig.counted_noun
        head = doc[j - 1]
        noun = doc[i:j].text  # as written: "plain-clothes officers"
        verb = _verb_part(head)
        return f"{noun} {verb}" if verb else noun
    anchor = doc[token_index(parsed, max(fig.num_start, fig.end - 1))]
    # "tonnes of cocaine", "percent of the vote": what the unit measures follows "of"
    for child in anchor.rights:
        takes_whole = child.lower_ == "of" or (child.lower_ == "in" and fig.currency)
        if child.dep_ == "prep" and takes_whole:
            # not a number ("12 of the 30") nor a pronoun ("40 percent of whom")
            objects = [c for c in child.children if c.dep_ == "pobj"
                       and c.pos_ not in ("NUM", "PRON", "DET") and c.tag_ not in ("WP", "WDT")]
            if objects:
                return _phrase(objects[0])
    # "an amount of 10 billion euros", "a loss of $1.2bn": the figure is the noun's complement
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and \
            anchor.head.head.pos_ == "NOUN" and not fig.start <= anchor.head.head.idx < fig.end:
        owner = anchor.head.head
        verb = _verb_part(owner)
        return f"{_phrase(owner)} {verb}" if verb else _phrase(owner)
    info = lex.unit_by_name().get(fig.unit or "")
    dimension = "money" if fig.currency else (info.dimension if info else None)
    verb = _verb_part(anchor)
    if dimension in DIMENSION_NOUNS and verb:
        return f"{DIMENSION_NOUNS[dimension]} {verb}"
    # "The bank raised its rate by 0.25 points", "The economy grew by 2.4 percent": the thing
    # that changed, object first
    governor = anchor.head if anchor.dep_ != "pobj" else anchor.head.head
    if governor.pos_ in ("VERB", "AUX"):
        outside = [c for c in governor.children if not fig.start <= c.idx < fig.end
                   and c.pos_ in ("NOUN", "PROPN") and c.lower_ not in lex.units()]
        objects = [c for c in outside if c.dep_ == "dobj"]
        if objects:
            return f"{_phrase(objects[0])} {_participle(governor)}"
        subjects = [c for c in outside if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and governor.lemma_ in ("be", "have"):
            return _phrase(subjects[0])  # "the sample is 834": the copula adds nothing
        if subjects:
            return f"{_phrase(subjects[0])} {governor.text}"
    if dimension in DIMENSION_NOUNS:
        return DIMENSION_NOUNS[dimension]
    return None
