"""What is not a figure: dates, times, ages, durations in hours, minutes or decades (days to
years are figures, :mod:`.plurals`), identifiers, numbers in names, list markers, pronouns
("the two") and intensifiers ("100 percent wrong").

Two kinds of rule: the text around a number (read while scanning, :func:`not_a_figure`), and
the parse (the stages :func:`drop_times_and_names` and :func:`drop_non_figures`)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from reportedly.document import Parsed, entity_at
from reportedly.extract.quantities import lexicon as lex
from reportedly.extract.quantities.bounds import is_age_limit_bound, past_plus
from reportedly.extract.quantities.counted import is_person
from reportedly.extract.quantities.figure import LOOK, Figure, next_word, token_index
from reportedly.extract.quantities.plurals import not_a_duration, time_unit_follows

_DATE_OR_TIME_AFTER = re.compile(r"^[/:]\d")
_SPAN_BEFORE = re.compile(r"([\w.]+[ \u00a0]+)\d{1,3}\s*(?:-|–|to|and)\s*$")
# "14 to 15 May", "two to three weeks", "18- to 24-year-old", "four, five years": the far end
# decides for both
_SPAN_AFTER = re.compile(r"-?\s*(?:-|–|to|and|or|,)\s*(?:\d{1,3}(?:st|nd|rd|th)?|[a-z]+)"
                         r"(?=[\s-])")


# -- the text around a number ---------------------------------------------------------------

def _after_reason(text: str, end: int) -> str | None:
    """Why the word after ``end`` makes the number before it a non-figure, if it does."""
    context = lex.not_figure_words()["after"]
    end = past_plus(text, end)  # "15-plus years": the word after "plus" decides
    after = next_word(text, end)
    after_first = re.split(r"-", after.strip("-"))[0] if after else ""
    raw_after = re.match(r"[\s-]*([\w.'’-]+)", text[end:end + LOOK])
    for word in (after, after.rstrip("."), after_first.rstrip("."), "-" + after.strip("-")):
        reason = context.get(word)
        if reason is None or reason == "address":
            continue
        if reason == "date" and raw_after and not raw_after.group(1)[:1].isupper():
            continue
        return reason
    return None


def _before_reason(before_text: str) -> str | None:
    """Why the word ending ``before_text`` makes the next number a non-figure, if it does."""
    m = re.search(r"([\w.]+)[ \u00a0]*$", before_text)
    if not m:
        return None
    word = m.group(1)
    context = lex.not_figure_words()
    if word.lower() == "of":
        # "at the age of 17", "between the ages of 17 and 20"
        owner = re.search(r"([\w.]+)[ \u00a0]+of[ \u00a0]*$", before_text)
        if owner and context["before"].get(owner.group(1).lower()) == "age":
            return "age"
        return None
    reason = context["before"].get(word.lower()) or context["before"].get(word.lower().rstrip("."))
    if reason is None and word[:1].isupper():
        # abbreviated months ("Sept. 11") are listed for the number's other side
        reason = context["after"].get(word.lower().rstrip("."))
        reason = reason if reason == "date" else None
    if reason == "date" and word[:1].isupper():
        return reason
    if reason == "age" or (reason == "identifier" and (word[:1].isupper()
                                                       or word.lower() in ("no.", "number"))):
        return reason
    return None


def not_a_figure(text: str, start: int, end: int) -> bool:
    """Dates, times, ages, durations and identifiers around the number at ``start:end``."""
    if _DATE_OR_TIME_AFTER.match(text[end:end + LOOK]) or \
            re.search(r"\d[/:]$", text[max(0, start - LOOK):start]):
        return True
    if text[start - 1:start] == "[" and text[end:end + 1] == "]":
        return True  # "[538]", "[12]": a reference mark, not a figure
    if _after_reason(text, end) is not None:
        return True
    if not_a_duration(text, start, end):
        return True  # "45 years old", "three years ago", "a 10-year plan"
    if re.match(r"[ \u00a0]+(?:(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))[ \u00a0]+){1,3}"
                r"(?:Street|Avenue|Road|Square|Lane)\b",
                text[end:end + LOOK]):
        return True
    if _before_reason(text[max(0, start - 30):start]) is not None:
        return True
    # "July 11-12", "ages 55 to 65": the second end of a span of dates or ages
    window = text[max(0, start - 40):start]
    span_before = _SPAN_BEFORE.search(window)
    if span_before and _before_reason(window[:span_before.end(1)]) is not None:
        return True
    # "Smith, 40, a teacher", "The president, 64, said": an age in apposition
    if re.search(r"\b[A-Za-z][\w.’'-]*,[ \u00a0]*$", text[max(0, start - 40):start]) and \
            re.match(r"\s*[,―—–]", text[end:end + LOOK]) and \
            re.fullmatch(r"\d{1,3}", text[start:end]):
        return True
    # long digit strings without separators are identifiers (timestamps, ids), not counts
    if re.fullmatch(r"\d{7,}", text[start:end]) or text[max(0, start - 2):start] == '="':
        return True
    # "14 to 15 May": the first day of a span of dates
    far_end = _SPAN_AFTER.match(text[end:end + LOOK])
    if far_end is None or not (far_end.group(0).strip()[-1:].isdigit()
                               or far_end.group(0).split()[-1].lower() in lex.number_words()):
        return False
    if re.search(r",|\bor\b", far_end.group(0)) and time_unit_follows(text, end + far_end.end()):
        return True  # "four, five years", "two or three years": the far end read with the unit
    far = end + far_end.end()
    if not_a_duration(text, far, far):
        return True  # "18- to 24-year-olds", "two to three years ago": the far end decides
    return _after_reason(text, end + far_end.end()) is not None


# -- the parse -------------------------------------------------------------------------------

def drop_times_and_names(parsed: Parsed, figures: list[Figure]) -> list[Figure]:
    return [f for f in figures if not _in_time_entity(parsed, f) and not _in_a_name(parsed, f)]


def drop_non_figures(parsed: Parsed, figures: list[Figure]) -> list[Figure]:
    return [f for f in figures if _reads_as_figure(parsed, f)]


def _in_time_entity(parsed: Parsed, fig: Figure) -> bool:
    tok = parsed.doc[token_index(parsed, fig.num_start)]
    return tok.ent_type_ == "TIME" and fig.unit is None and fig.currency is None


# Names a number can be part of: "Fortune 500", "Intermediate School 285", "Group of 7".
_NAME_ENTITIES = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


def _in_a_name(parsed: Parsed, fig: Figure) -> bool:
    """A bare number inside a named entity, after a capitalised word of that name."""
    if fig.unit is not None or fig.currency:
        return False
    tok = parsed.doc[token_index(parsed, fig.num_start)]
    if tok.ent_type_ in _NAME_ENTITIES:
        entity = entity_at(tok.doc, tok.i)
        if entity is not None and any(t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN")
                                      for t in tok.doc[entity.start:tok.i]):
            return True
    if not parsed.text[fig.num_start:fig.num_end][:1].isdigit() or tok.i == 0:
        return False
    # English counts precede their noun: a number after the capitalised name it belongs to
    # labels ("School 117", "Fortune 500 firms", "Boeing 737 jets"); "In Texas 300 died" counts
    # (a plural name before a number is a group and its count: "the Republicans 222")
    prev = tok.nbor(-1)
    if tok.dep_ == "nummod" and tok.head.i < tok.i and tok.head.text[:1].isupper() and \
            tok.head.tag_ == "NNP":
        return True
    return prev.tag_ == "NNP" and prev.text[:1].isupper() and \
        prev.dep_ in ("compound", "nmod") and prev.head in (tok, tok.head)


# Words that stand for people before "under 30", "over 65": the number is then an age.
_AGE_HOLDERS = frozenset({"those", "anyone", "anybody", "everyone", "everybody", "nobody",
                          "someone", "somebody", "all"})
_SUBJECT_PRONOUNS = frozenset({"who", "he", "she", "i", "you", "we", "they"})


def _reads_as_figure(parsed: Parsed, fig: Figure) -> bool:
    """False for bare numbers the parse shows to be something else: a pronoun ("the two"),
    a list marker ("one, ..., and two, ..."), an age ("who is 70", "people under 30"), or an
    intensifier ("100 percent wrong")."""
    if fig.unit == "percent":
        return not _intensifier(parsed, fig)
    if fig.unit is not None or fig.currency or fig.value_max is not None:
        return True
    if float(fig.value).is_integer() and fig.value <= 120 and _an_age_limit(parsed, fig):
        return False
    if fig.counted_noun is not None:
        return True
    tok = parsed.doc[token_index(parsed, fig.num_end - 1)]
    spelled = not any(c.isdigit() for c in parsed.text[fig.num_start:fig.num_end])
    if spelled and fig.bound == "exact" and _stands_for_a_noun(tok):
        return False
    if spelled and _list_marker(parsed, fig, tok):
        return False
    return not (float(fig.value).is_integer() and fig.value <= 120 and _an_age(parsed, fig, tok))


def _stands_for_a_noun(tok: Token) -> bool:
    """"those two", "the two turned vicious": a number used as a noun phrase of its own, under a
    demonstrative or definite article, refers back to things already counted."""
    if tok.dep_ == "nummod" or (tok.dep_ == "pobj" and tok.head.lower_ == "of"):
        return False  # "three of the five": the whole a part is taken from is still a figure
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in tok.lefts)


def _list_marker(parsed: Parsed, fig: Figure, tok: Token) -> bool:
    """"one, his temperament, and two, his language": counting off points, each number followed by
    a comma, the one before it written earlier in the sentence the same way."""
    if not re.match(r"[ \u00a0]*,", parsed.text[fig.end:fig.end + LOOK]):
        return False
    previous = {w for w, (v, kind) in lex.number_words().items()
                if kind == "unit" and v == fig.value - 1}
    previous |= {"first", "firstly"} if fig.value == 2 else set()
    before = parsed.text[tok.sent.start_char:fig.start].lower()
    return any(re.search(rf"\b{w},", before) for w in previous)


def _an_age_limit(parsed: Parsed, fig: Figure) -> bool:
    """"people under 30", "voters over 65": a bare limit put on people is an age."""
    if not is_age_limit_bound(parsed.text, fig):
        return False
    i = token_index(parsed, fig.start) - 1
    doc = parsed.doc
    return i >= 0 and (doc[i].lower_ in _AGE_HOLDERS or is_person(doc[i]))


def _an_age(parsed: Parsed, fig: Figure, tok: Token) -> bool:
    """"Trump, who is 70", "she turned 65": a bare number said of a person, or turned."""
    head = tok.head
    if (tok.dep_, head.lemma_) == ("dobj", "turn"):
        return True  # "the singer turned 80", "the firm turns 100": whoever turns it, an age
    if (tok.dep_, head.lower_) == ("pobj", "at") and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # "even now at 86 she still says": said of the verb's subject
    elif (tok.dep_, head.lemma_) != ("attr", "be"):
        return False
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(_one_person(s) for s in subjects)


def _one_person(subject: Token) -> bool:
    """An age is said of one person: "she", "the senator, who"; "casualties were 45" counts."""
    if subject.lower_ == "who" and subject.head.dep_ == "relcl":
        subject = subject.head.head  # the person the relative clause is about
    if subject.tag_ in ("NNS", "NNPS") or subject.lower_ in ("they", "we", "you"):
        return False
    return subject.lower_ in _SUBJECT_PRONOUNS or subject.ent_type_ == "PERSON" or \
        is_person(subject)


def _intensifier(parsed: Parsed, fig: Figure) -> bool:
    """"100 percent wrong", "110 percent committed": a percentage of 100 or more that qualifies
    an adjective or participle is emphasis, not a share ("20 percent higher" is a figure)."""
    if fig.value < 100 or fig.bound != "exact":
        return False
    doc = parsed.doc
    unit = doc[token_index(parsed, fig.end - 1)]
    i = unit.i + 1
    while i < len(doc) and doc[i].is_space:
        i += 1  # a no-break space is a token of its own
    if i >= len(doc) or doc[i].tag_ in ("JJR", "RBR") or doc[i].lower_ == "of":
        return False
    qualifies = unit.dep_ in ("npadvmod", "advmod") and unit.head.i == i
    return qualifies or doc[i].tag_ in ("JJ", "VBN", "RB")
