"""What a figure counts: the noun after it, whether it counts people, and the unit a figure
takes from the one it is paired with ("400 km² out of more than 100,000")."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.extract.quantities import lexicon as lex
from reportedly.extract.quantities.bounds import past_plus
from reportedly.extract.quantities.figure import (
    FRACTION_UNIT,
    LOOK,
    PARTITIVE,
    PERSON_UNIT,
    Figure,
    token_index,
)
from reportedly.extract.quantities.plurals import ends_in_plural_scale

# Words that set a second figure against the first, leaving its unit out: "4.1% from 4.5",
# "€2.4bn, up from 1.9bn", "6% compared with 4"; after a comma closing the first figure's clause
# also "4,500 hectares burned, more than twice the 2,000 lost".
_COMPARED = (r"(?:up|down)\s+from|compared\s+(?:with|to)"
             r"|(?:(?:far|much|well|slightly|nearly|almost)\s+)?"
             r"(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater)\s+than"
             r"(?:\s+(?:twice|double|triple|three\s+times|half))?")
_BEFORE_SECOND = r"(?:\s+(?:the|its|their|a|an))?\s*$"
_COMPARISON_GAP = re.compile(
    rf"^\s*,?\s*(?:from|against|versus|vs\.?|{_COMPARED}){_BEFORE_SECOND}", re.IGNORECASE)
_COMPARISON_AFTER_CLAUSE = re.compile(
    rf"^[^.;:!?,()\[\]]{{0,60}},\s*(?:{_COMPARED}){_BEFORE_SECOND}", re.IGNORECASE)


def find_counted_nouns(parsed: Parsed, figures: list[Figure]) -> list[Figure]:
    return [_with_counted_noun(parsed, f) for f in figures]


_NOUN_RUN_POS = frozenset({"ADJ", "NOUN", "PROPN"})


def _noun_run(parsed: Parsed, offset: int) -> tuple[int, int] | None:
    """Tokens right after a figure that name what it counts ("Ukrainian soldiers")."""
    doc = parsed.doc
    i = token_index(parsed, offset)
    if i < len(doc) and doc[i].idx < offset:
        i += 1
    j = i
    last_noun = None
    # A participle belongs to the run only as a modifier of what follows ("3 wounded
    # soldiers"), not as the verb of the figure ("the 2,000 lost last summer").
    while j < len(doc) and (doc[j].pos_ in _NOUN_RUN_POS
                            or (doc[j].tag_ == "VBN" and doc[j].head.i > j)
                            or (doc[j].tag_ == "VBG" and j + 1 < len(doc)
                                and doc[j + 1].pos_ == "NOUN")
                            or (doc[j].tag_ == "HYPH" and j > i and j + 1 < len(doc)
                                and doc[j + 1].pos_ in _NOUN_RUN_POS)):
        if doc[j].pos_ in ("NOUN", "PROPN"):
            last_noun = j
        if doc[j].pos_ in ("NOUN", "PROPN") and (j + 1 >= len(doc)
                                                or (doc[j + 1].pos_ not in ("NOUN", "PROPN")
                                                    and doc[j + 1].tag_ != "HYPH")):
            break
        j += 1
    if last_noun is None:
        return None
    if doc[last_noun].lemma_.lower() in ("other", "more"):
        return None
    if doc[i].lower_ in ("last", "next", "this", "every", "each"):
        return None  # "turned 80 last week": a time phrase follows, nothing is counted
    return i, last_noun + 1


def _with_counted_noun(parsed: Parsed, fig: Figure) -> Figure:
    if fig.unit == "point" and parsed.text[fig.end:fig.end + 1] == " ":
        run = _noun_run(parsed, fig.end)  # "a 10-point lead": the lead is what is measured
        return replace(fig, counted_noun=run) if run else fig
    if (fig.unit is not None and fig.unit != FRACTION_UNIT) or fig.currency:
        return fig
    if fig.fraction:
        # "one in four residents": a rate measures the noun after it, still a share
        run = _noun_run(parsed, fig.end)
        return replace(fig, counted_noun=run) if run else fig
    run = _noun_run(parsed, _past_plural_of(parsed.text, fig) or
                    past_plus(parsed.text, fig.end))  # "40-plus workers"
    if run is None:
        prev = parsed.doc[token_index(parsed, fig.num_start)]
        for head in (prev.head, prev.head.head):
            if head.lower_ == "of" and head.head.lemma_.lower() in lex.crowd_nouns():
                return replace(fig, unit=PERSON_UNIT)
        # "the cholera killed more than 10,000", "30 were evacuated": only people undergo these
        number = parsed.doc[token_index(parsed, fig.num_end - 1)]
        if number.dep_ in ("dobj", "nsubjpass") and \
                number.head.lemma_.lower() in lex.person_verbs():
            return replace(fig, unit=PERSON_UNIT)
        return fig
    fig = replace(fig, counted_noun=run)
    head = parsed.doc[run[1] - 1]
    if is_person(head):
        fig = replace(fig, unit=PERSON_UNIT)
    return fig


def _past_plural_of(text: str, fig: Figure) -> int | None:
    """"hundreds of civilians", "a dozen of drones" (a translation's "of"): a plural scale word,
    or "dozen", counts the noun after its "of"; where that noun starts, else None."""
    figure_text = text[fig.num_start:fig.end]
    if not (ends_in_plural_scale(figure_text) or figure_text.lower().endswith("dozen")):
        return None
    of = re.match(r"[ \u00a0]+of[ \u00a0]+", text[fig.end:fig.end + LOOK])
    return fig.end + of.end() if of else None


def is_person(tok: Token) -> bool:
    persons = lex.person_nouns()
    lemma = tok.lemma_.lower()
    text = tok.lower_
    if lemma in persons or text in persons or text.rstrip("s") in persons:
        return True
    compound = f"{tok.nbor(-1).lower_} {lemma}" if tok.i > 0 else ""
    return compound in persons or (tok.ent_type_ == "NORP" and tok.tag_ == "NNPS")


def carry_units(parsed: Parsed, figures: list[Figure]) -> list[Figure]:
    """Give a unit-less figure the unit of the figure it is paired with."""
    out = list(figures)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        gap = parsed.text[a.end:b.start]
        if "\n" in gap or re.search(r"[.;!?]", gap):
            continue
        # "hundreds of $12-an-hour workers": what a plural scale counts, not a whole
        partitive = bool(PARTITIVE.match(gap)) and \
            not ends_in_plural_scale(parsed.text[a.num_start:a.end])
        from_to = bool(re.fullmatch(r"\s*to\s*", gap)) and \
            re.search(r"\bfrom\s+$", parsed.text[max(0, a.start - LOOK):a.start],
                      re.IGNORECASE) is not None
        coordinated = bool(re.search(r"\b(?:and|or)\b|,", gap)) and not partitive
        if partitive or from_to:
            if _bare(a) and not _bare(b):
                out[k] = replace(a, unit=b.unit, currency=b.currency)
            elif _bare(b) and not _bare(a):
                out[k + 1] = replace(b, unit=a.unit, currency=a.currency)
        elif coordinated and _bare(b) and b.counted_noun is None and a.unit == PERSON_UNIT \
                and _same_sentence(parsed, a, b):
            out[k + 1] = replace(b, unit=a.unit)
        elif (_COMPARISON_GAP.match(gap) or _COMPARISON_AFTER_CLAUSE.match(gap)) and \
                _bare(b) and not _bare(a) and \
                (a.unit is not None or a.currency is not None) and not a.fraction:
            out[k + 1] = replace(b, unit=a.unit, currency=a.currency)
    return out


def _bare(fig: Figure) -> bool:
    return fig.unit is None and fig.currency is None and fig.counted_noun is None


def _same_sentence(parsed: Parsed, a: Figure, b: Figure) -> bool:
    doc = parsed.doc
    return doc[token_index(parsed, a.num_start)].sent.start == \
        doc[token_index(parsed, b.num_start)].sent.start
