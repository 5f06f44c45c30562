"""How a pronoun or a role noun finds its person: every rule, and the speaker linking.

**Resolving a source** (:func:`resolve`, through :meth:`EntityIndex.resolve`), in this order:

1. *Partitive*: "some of his aides", "two of the officials" are about the aides, the officials.
2. *Relative pronoun* (the pronoun table's ``relative`` set: who, that, which, whom): it
   stands for the noun its clause hangs on ("officials who said" is the officials), read as in
   1, and that noun phrase is resolved instead.
3. *Pronoun* with a ``refers`` in ``data/pronouns.tsv`` (he, his, she, her, they, their, it,
   its …): an antecedent before it (:func:`_antecedent`), among the referents with an id.

   - It must fit: a ``person`` pronoun a person (or a lone capitalised word that spoke and may
     be a surname, "Stoltenberg claimed"), not a group, of its gender or of none known; a
     ``group`` pronoun a group (a plural role noun, a national group, an unnamed organisation)
     or an organisation; a ``thing`` pronoun an organisation or a country.
   - The last fitting *speaker* before it wins (speakers are recorded by
     :func:`link_speakers`); with no speaker yet, the latest fitting mention.
   - *Recent subject*: the latest fitting mention takes over from the last speaker when it
     stands in the pronoun's sentence or the one before, in any role but an object, a
     possessor, an attribute or an adverbial noun, and the pronoun has no gender or the
     mention's known gender is the pronoun's ("X said … Then Y proposed a plan. He said" is
     Y).
   - A gendered pronoun gives its gender to the chosen referent when none was known and it may
     be a person. Genders come earlier, from honorifics and gendered titles (:mod:`.named`,
     :mod:`.descriptions`), a listed first name and a lone he/she after one person
     (:mod:`.genders`).
4. *A name or a description found while the index was built*: the referent owning the
   phrase's head. For an unnamed person's description, a named person in the phrase is meant
   instead ("the Supreme Commander of X, General Y" is Y). With no owner, a named person in the
   phrase, unless the name belongs to a noun ("Sanders's campaign manager", "the Sanders
   campaign") or is the object of a preposition on the head ("the mayor of Gdansk"); else the
   head's nearest named child.
5. *A title or a role noun read now* (:func:`.descriptions.describe`): a title is the named
   person set beside it ("the NATO chief, Jens Stoltenberg"), else the named person holding
   it, mentioned before, with no conflicting affiliation ("the NATO chief" after "NATO
   Secretary General Jens Stoltenberg"), else a new unnamed person; a role noun is the named
   entity set beside it ("the airline Nordwind"), else an earlier referent written the same
   way, or for a definite phrase ("the ministry") the latest with that head noun, else a new
   unnamed referent. A referent made now takes the next id, so ids follow the order in which
   sources are resolved.

**Linking the speakers** (:func:`link_speakers`), once, after the attributions are found,
attribution by attribution in text order:

- each source is resolved as above, and recorded as a mention of its referent and as a
  speaker (which guides later pronouns, makes a place that speaks an organisation, and lets a
  lone word that spoke be a person);
- a personal pronoun (the table's ``personal`` set: he, she, they, him, her, them) left
  unresolved is the last speaker;
- a quote with no source of its own, drafted as a direct quote, continues the last speaker
  within :data:`MAX_CARRIED_PARAGRAPHS` paragraphs, and in the speaker's own paragraph it is
  under the same cue (and stance). The last speaker is the latest attribution with a source of
  its own;
- in the end (:func:`link_sources`) a source that refers to an unnamed referent ("a senior
  official", then "he") loses its link: no ``entity_id``, and ``refers_to`` the first
  description of that referent before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from reportedly.extract.entities.cluster import Cluster, could_be_person
from reportedly.extract.entities.descriptions import describe
from reportedly.extract.entities.phrases import (
    belongs_to_thing,
    in_prep_object,
    is_pronoun,
    partitive_head,
    phrase_start,
    relative_antecedent,
)
from reportedly.extract.entities.state import UNNAMED_PREFIX, ClusterTable
from reportedly.model import Attribution, Cue, Source, Span
from reportedly.pronouns import antecedent_pronouns, pronoun_set
from reportedly.reporting_verbs import stance_of

if TYPE_CHECKING:
    from reportedly.extract.entities.index import EntityIndex

# Dependencies of a mention that does not act in its sentence: an object or a possessor.
_NOT_ACTOR_DEPS = frozenset({"pobj", "dobj", "iobj", "poss", "attr", "npadvmod"})


def is_unnamed(referent_id: str | None) -> bool:
    """Whether an id from :func:`resolve` is an unnamed referent rather than an entity."""
    return bool(referent_id) and str(referent_id).startswith(UNNAMED_PREFIX)


def resolve(table: ClusterTable, start: int, end: int) -> str | None:
    """The id of what the mention ``text[start:end]`` refers to, if anything: an entity
    (``E…``), or an unnamed referent (``U…``, see :func:`is_unnamed`) for a phrase that
    names no one ("a senior official", "some of his aides", "he" after either)."""
    doc = table.parsed.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = partitive_head(span.root)
    antecedent = relative_antecedent(head)
    if antecedent is not None:
        # "officials who said …": the relative pronoun stands for the noun it follows.
        head = antecedent
        span = doc[phrase_start(head):head.i + 1]
    if head.pos_ == "PRON" and head.lower_ in antecedent_pronouns():
        found = _antecedent(table, head)
        return found.id if found else None
    cluster = _owner(table, span, head)
    if cluster is None:
        key = describe(table, head, lazy=True) if head.pos_ in ("NOUN", "PROPN") else None
        cluster = table.clusters[key] if key is not None else None
        if cluster is not None and not cluster.id:
            table.give_id(cluster)
    return cluster.id if cluster and cluster.id else None


def _owner(table: ClusterTable, span: SpacySpan, head: Token) -> Cluster | None:
    """The entity a source phrase names: its head's, a person set beside a title head,
    else a person named anywhere in it, else the head's nearest named child."""
    owner = table.token_owner.get(head.i)
    if owner is not None:
        cluster = table.clusters[owner]
        if cluster.unnamed and cluster.type == "PERSON":
            # "the Supreme Commander of X, General Y": the description names Y.
            named = _named_person_in(table, span)
            return named or cluster
        return cluster
    named = _named_person_in(table, span)
    if named is not None:
        return named
    for token in sorted(span, key=lambda t: abs(t.i - head.i)):
        if token.i in table.token_owner and token.head.i == head.i \
                and not belongs_to_thing(token, span):
            return table.clusters[table.token_owner[token.i]]
    return None


def _named_person_in(table: ClusterTable, span: SpacySpan) -> Cluster | None:
    for token in span:
        if belongs_to_thing(token, span) or in_prep_object(token, span):
            continue
        owner = table.token_owner.get(token.i)
        if owner is not None:
            cluster = table.clusters[owner]
            if cluster.type == "PERSON" and not cluster.unnamed:
                return cluster
    return None


def _antecedent(table: ClusterTable, pronoun: Token) -> Cluster | None:
    gender, refers = antecedent_pronouns()[pronoun.lower_]
    before = pronoun.idx

    def fits(c: Cluster) -> bool:
        kind = c.type
        if refers == "person":
            return (kind == "PERSON" or could_be_person(c)) and not c.group \
                and c.gender in (None, gender)
        if refers == "group":
            return c.group or kind in ("ORG", "NORP")
        return kind in ("ORG", "GPE")

    live = [c for c in table.clusters if c.id and c.mentions]
    speakers = [(max(p for p in c.speaker_at if p < before), c) for c in live
                if fits(c) and any(p < before for p in c.speaker_at)]
    mentioned = [(c.latest_start_before(before), c) for c in live
                 if fits(c) and c.latest_start_before(before) >= 0]
    if not mentioned:
        return None
    latest_at, latest = max(mentioned, key=lambda pc: pc[0])
    chosen = max(speakers, key=lambda pc: pc[0])[1] if speakers else latest
    if latest is not chosen and (gender is None or latest.gender == gender) and \
            _recent_subject(table, latest_at, pronoun):
        # "X said … Then Y proposed a plan. He said": a new subject since the last
        # speaker, in this sentence or the one before, takes over when it agrees in
        # gender as far as the article tells.
        chosen = latest
    if gender and chosen.gender is None and could_be_person(chosen):
        # "Kowalski claimed … He added": the pronoun is what shows a person is meant.
        chosen.gender = gender
    return chosen


def _recent_subject(table: ClusterTable, offset: int, pronoun: Token) -> bool:
    doc = table.parsed.doc
    sent = pronoun.sent
    window = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    if offset < window:
        return False
    token = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if token is None:
        return False
    head = token.root
    while head.dep_ in ("compound", "flat") and head.head is not head:
        head = head.head
    # Any role but an object or a possessor: the parser often misreads a subject inside
    # a subordinate clause ("surprised when Trump, after …, produced").
    return head.dep_ not in _NOT_ACTOR_DEPS


# A bare direct quote continues the last speaker up to this many paragraphs after them.
MAX_CARRIED_PARAGRAPHS = 2


def link_speakers(index: EntityIndex, attributions: Sequence[Attribution],
                  drafted_direct: Sequence[bool]) -> tuple[Attribution, ...]:
    """The attributions with their speakers linked, in text order: each source resolved to
    what it refers to (:meth:`EntityIndex.resolve`) and recorded as a speaker's mention; an
    unresolved personal pronoun taken to be the last speaker; a quote with no source of its
    own that was drafted as a direct quote (``drafted_direct``, one flag per attribution)
    given the last speaker within :data:`MAX_CARRIED_PARAGRAPHS` paragraphs, and in the same
    paragraph the last speaker's cue (so its stance) too. Then :func:`link_sources` unlinks
    every source that names no one."""
    text = index.parsed.text
    linked: list[Attribution] = []
    # The last speaker: source, paragraph index and cue.
    last_speaker: tuple[Source, int, Cue | None] | None = None
    for attribution, direct in zip(attributions, drafted_direct, strict=True):
        paragraph = text.count("\n\n", 0, attribution.content.start)
        source, cue = attribution.source, attribution.cue
        if source is not None:
            entity_id = index.resolve(source.start, source.end)
            if entity_id is None and source.text.lower() in pronoun_set("personal") \
                    and last_speaker:
                entity_id = last_speaker[0].entity_id
            source = replace(source, entity_id=entity_id)
        elif direct and last_speaker and \
                paragraph - last_speaker[1] <= MAX_CARRIED_PARAGRAPHS:
            # A quote standing alone after someone spoke continues that speaker.
            source = last_speaker[0]
            if paragraph == last_speaker[1]:
                # “A,” said X. “B.”: the second sentence is under the same cue.
                cue = last_speaker[2]
        if source is not None and source.entity_id is not None:
            index.add_mention(source.entity_id, source.span, speaker=True)
        if cue is not attribution.cue:
            attribution = replace(attribution, cue=cue,
                                  stance=stance_of(cue.lemma) if cue else None)
        own_source = attribution.source is not None
        linked.append(replace(attribution, source=source))
        if source is not None and own_source:
            last_speaker = (source, paragraph, cue)
    return link_sources(index.table, linked)


def link_sources(table: ClusterTable,
                 attributions: Iterable[Attribution]) -> tuple[Attribution, ...]:
    """The attributions with every source that names no one unlinked (``entity_id``
    None): the output's entities are the people, organisations and places the article
    names, and an unnamed source is none of them. A source standing for an unnamed one
    described earlier ("he", "who", "the official" after "a senior official") keeps that
    description as its ``refers_to``."""
    out = []
    for a in attributions:
        source = a.source
        if source is not None and is_unnamed(source.entity_id):
            cluster = table.by_id(str(source.entity_id))
            described = _description_before(table, cluster, source.span) if cluster else None
            a = replace(a, source=replace(source, entity_id=None, refers_to=described))
        out.append(a)
    return tuple(out)


def _description_before(table: ClusterTable, cluster: Cluster, source: Span) -> Span | None:
    """The first mention of an unnamed referent that describes it (no pronoun), when it
    comes before ``source`` and is not part of it."""
    text = table.parsed.text
    described = [(s, e) for s, e in cluster.mentions
                 if e <= source.start and not is_pronoun(text[s:e])]
    if not described:
        return None
    start, end = min(described)
    return Span.of(text, start, end)
