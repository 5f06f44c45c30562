"""Build stage: noun phrases without a name, headed by a title ("the NATO chief") or a role
noun ("the ministry", "a senior official"), and the referent each describes."""

from __future__ import annotations

from spacy.tokens import Token

from reportedly.document import entity_at
from reportedly.extract.entities.cluster import Cluster, holds_title, surely_person
from reportedly.extract.entities.lexicon import (
    EDGE_WORDS,
    QUANTIFIERS,
    Title,
    fold,
    known_type,
    role_nouns,
    same_name,
    title_words,
    titles,
)
from reportedly.extract.entities.named import find_named
from reportedly.extract.entities.phrases import (
    clean_name,
    counted,
    of_phrase,
    phrase_start,
    source_position,
)
from reportedly.extract.entities.roles import (
    agree,
    definite,
    nationality_of,
    role_holder,
    role_hypernyms,
)
from reportedly.extract.entities.state import ClusterTable
from reportedly.lexicons import word_list


def add_descriptions(table: ClusterTable) -> None:
    """Every noun phrase no name holds, headed by a title or a role noun, where a source
    stands."""
    for token in table.parsed.doc:
        if token.i in table.token_owner or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
            continue
        describe(table, token)


def describe(table: ClusterTable, head: Token, *, lazy: bool = False) -> int | None:
    """The entity a noun phrase without a name refers to (created when needed). While the
    index is built, unnamed sources are taken only where a source stands (a subject, the
    agent of a passive, "according to …"); ``lazy`` takes any noun phrase asked about."""
    title_text, title = _title_of(table, head)
    if title is not None and title.kind != "honorific":
        return _titled_description(table, head, title_text, title)
    lemma = head.lemma_.lower()
    kind = role_nouns().get(lemma) or role_nouns().get(head.lower_)
    if kind is None:
        return None
    apposed = _apposed_name(table, head) or _apposed_new_person(table, head, kind)
    named = apposed or _named_beside(table, head, kind) or \
        _proper_name_beside(table, head, kind)
    if named is not None:
        # "the French newspaper Le Monde": the role noun describes the named entity.
        table.claim(named, phrase_start(head), head.i)
        if apposed is not None:
            # "The airline, Nordwind," / "Nordwind, the airline,": the article says what
            # kind of entity the name is.
            named.described_as[kind] += 1
            if kind == "PERSON":
                _title_from_apposition(table, named, head)
        return named.key
    if not lazy and (not source_position(head) or counted(head)):
        return None
    return _role(table, head, kind)


def _proper_name_beside(table: ClusterTable, head: Token, kind: str) -> Cluster | None:
    """"the Italian newspaper Corriere della Sera": a proper noun set beside a role noun is
    the name of an entity of that role's type, even where the recogniser missed it."""
    appos = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"
                  and c.i not in table.token_owner), None)
    if appos is None:
        return None
    first = phrase_start(appos)
    if any(i in table.token_owner for i in range(first, appos.i + 1)):
        return None
    name = clean_name(table.parsed.doc[first:appos.i + 1].text)
    cluster = find_named(table, name, kind) or table.new_cluster()
    cluster.add_name(name)
    cluster.labels[kind] += 1
    table.mention(cluster, first, appos.i)
    return cluster


def _apposed_name(table: ClusterTable, head: Token) -> Cluster | None:
    """The named entity a role noun stands in apposition with, set off by a comma on either
    side ("the airline, Nordwind," or "Nordwind, the airline,")."""
    doc = table.parsed.doc
    partner: Token | None
    if head.dep_ == "appos" and head.head.i < head.i:
        partner = head.head
    else:
        partner = next((c for c in head.rights if c.dep_ == "appos"), None)
    if partner is None or partner.pos_ != "PROPN" or partner.i not in table.token_owner:
        return None
    between = doc[min(head.i, partner.i) + 1:max(head.i, partner.i)]
    if not any(t.text == "," for t in between):
        return None
    cluster = table.clusters[table.token_owner[partner.i]]
    return None if cluster.unnamed else cluster


def _apposed_new_person(table: ClusterTable, head: Token, kind: str) -> Cluster | None:
    """"Helena Rask, a lead analyst at …": capitalised words the recogniser missed, set
    before a person's role with a comma, are that person's name (two or three words)."""
    partner = head.head
    if kind != "PERSON" or head.dep_ != "appos" or partner.i >= head.i or \
            partner.pos_ != "PROPN":
        return None
    first = phrase_start(partner)
    doc = table.parsed.doc
    words = doc[first:partner.i + 1]
    if not 2 <= len(words) <= 3 or any(t.i in table.token_owner or t.pos_ != "PROPN" or
                                       not t.text[:1].isupper() for t in words):
        return None
    if not any(t.text == "," for t in doc[partner.i + 1:head.i]):
        return None
    cluster = table.new_cluster()
    cluster.add_name(clean_name(words.text))
    cluster.labels["PERSON"] += 1
    cluster.person_evidence = True
    table.mention(cluster, first, partner.i)
    return cluster


def _title_from_apposition(table: ClusterTable, person: Cluster, head: Token) -> None:
    """"…, a lead analyst at MERICS,": the role with its lower-case modifiers is the
    person's title, the organisation after "at" or "of" its affiliation."""
    if head.lemma_.lower() not in word_list("occupations.txt"):
        return
    words = [c for c in head.lefts if c.dep_ in ("amod", "compound") and c.text.islower()]
    person.add_title(" ".join(t.text for t in [*words, head]))
    prep = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("at", "of")),
                None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if obj is not None and obj.i in table.token_owner:
        org = table.clusters[table.token_owner[obj.i]]
        if not org.unnamed and org.names:
            person.add_affiliation(org.names[0])


def _named_beside(table: ClusterTable, head: Token, kind: str) -> Cluster | None:
    """The named entity a role noun describes, set beside it ("the airline Nordwind", "the
    Nordwind airline"). A name in front of a role that a person holds, or a person's name
    in front of any role, says whom the role belongs to ("a senior Ostrin official", "a
    Trump aide", "the Sanders campaign" after "Bernie Sanders"): the phrase names no one.
    A lone word the recogniser called a person may still be the organisation the article
    says it is ("the Nordwind airline")."""
    for child in head.children:
        if child.dep_ in ("appos", "compound") and child.i in table.token_owner:
            cluster = table.clusters[table.token_owner[child.i]]
            if cluster.unnamed:
                continue
            if child.dep_ == "compound" and (kind == "PERSON" or surely_person(cluster)):
                continue
            return cluster
    return None


def _title_of(table: ClusterTable, head: Token) -> tuple[str, Title | None]:
    """The title a noun phrase is headed by: the head with its title-word compounds."""
    words = [c for c in head.lefts if c.dep_ in ("compound", "amod") and
             fold(c.text) in title_words()] + [head]
    first = words[0].i
    doc = table.parsed.doc
    span = doc[first:head.i + 1]
    text = clean_name(span.text.replace(" - ", "-"))
    of = of_phrase(head)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) \
        if of is not None else None
    if of is not None and obj is not None and obj.i == of.i + 1:
        # "chief of staff", "secretary of state": an office named with its "of" phrase
        longer = f"{text} of {obj.text}"
        if fold(longer) in titles():
            return longer, titles()[fold(longer)]
    if fold(text) in titles():
        return text, titles()[fold(text)]
    # "Secretary General" parsed as two heads or "commander-in-chief" with hyphens.
    return head.text, titles().get(fold(head.text))


def _titled_description(table: ClusterTable, head: Token, title_text: str,
                        title: Title) -> int | None:
    doc = table.parsed.doc
    affiliation = _description_affiliation(head)
    first = phrase_start(head)
    person = _apposed_person(table, head) or _person_described(table, head) or \
        role_holder(table, head, title_text)
    if person is None:
        person = _title_holder(table, title_text, title, affiliation, doc[first].idx) or \
            _office_described_before(table, head, title_text)
    if person is None:
        cluster = table.new_cluster()
        cluster.unnamed = True
        cluster.labels["PERSON"] += 1
        cluster.person_evidence = True
        name = title_text + (f" of {affiliation}" if affiliation else "")
        cluster.add_name(name)
        cluster.gender = title.gender
        person = cluster
    if title.kind == "title":
        person.add_title(title_text)
    if affiliation:
        person.add_affiliation(affiliation)
    last = head.i
    of = of_phrase(head)
    if of is not None:
        last = of.right_edge.i
    table.mention(person, first, last)
    return person.key


def _office_described_before(table: ClusterTable, head: Token,
                             role_text: str) -> Cluster | None:
    """"the head of state" after "a meeting with the President of Belarus": with no named
    person fitting the role, the latest earlier definite description of an office that fits
    it (and agrees with the role's nationality) is meant; it is kept as an unnamed person."""
    role = role_hypernyms().get(fold(role_text))
    if role is None or role.kind != "PERSON" or not definite(head):
        return None
    nationality = nationality_of(head)
    doc = table.parsed.doc
    for token in reversed(doc[:phrase_start(head)]):
        if token.pos_ not in ("NOUN", "PROPN") or fold(token.text) not in role.fits or \
                fold(token.text) not in titles() or not definite(token):
            continue
        affiliation = _description_affiliation(token)
        if nationality and affiliation and not agree(nationality, affiliation):
            continue
        owner = table.token_owner.get(token.i)
        if owner is not None:
            cluster = table.clusters[owner]
            return cluster if cluster.unnamed and cluster.type == "PERSON" else None
        title = titles()[fold(token.text)]
        key = _titled_description(table, token, token.text, title)
        return table.clusters[key] if key is not None else None
    return None


def _person_described(table: ClusterTable, head: Token) -> Cluster | None:
    """The named person a description stands beside ("Karin Lindqvist, the finance
    minister")."""
    if head.dep_ != "appos":
        return None
    owner = table.token_owner.get(head.head.i)
    if owner is None:
        return None
    cluster = table.clusters[owner]
    return cluster if not cluster.unnamed and cluster.type == "PERSON" else None


def _apposed_person(table: ClusterTable, head: Token) -> Cluster | None:
    """A named person set beside a description ("the NATO chief, Jens Stoltenberg")."""
    doc = table.parsed.doc
    for i in range(head.i + 1, min(head.right_edge.i + 1, len(doc))):
        if doc[i].text == "," and i + 1 < len(doc):
            j = i + 1
            while j < len(doc) and fold(doc[j].text) in title_words():
                j += 1
            owner = table.token_owner.get(j)
            if owner is None or table.clusters[owner].unnamed:
                return None
            cluster = table.clusters[owner]
            if cluster.type != "PERSON" and any(len(n.split()) > 1 and not known_type(n)
                                                 for n in cluster.names):
                # "the deputy foreign minister of Lithuania, Tomas Zemaitis" with the name
                # read as a place: the title set beside it says it is a person.
                cluster.person_evidence = True
            return cluster if cluster.type == "PERSON" else None
    return None


def _description_affiliation(head: Token) -> str | None:
    for c in head.lefts:
        if c.ent_type_ in ("ORG", "GPE", "NORP"):
            return clean_name(c.text)
        if c.dep_ == "poss" and c.pos_ in ("PROPN",):
            return clean_name(c.text)
    of = of_phrase(head)
    if of is not None:
        obj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if obj is not None and obj.ent_type_ in ("ORG", "GPE", "NORP"):
            ent = entity_at(obj.doc, obj.i)
            if ent is None:  # a type without an entity: none in a parse spaCy made
                return None
            return clean_name(" ".join(t.text for t in ent if t.lower_ not in EDGE_WORDS))
    return None


def _title_holder(table: ClusterTable, title_text: str, title: Title, affiliation: str | None,
                  before: int) -> Cluster | None:
    """The named person holding a title: one with that title (or, for a generic title like
    "chief", any title) and no conflicting affiliation; the most recent one before
    ``before``."""
    candidates = []
    for c in table.clusters:
        if c.unnamed or not c.mentions or not (c.person_evidence or c.type == "PERSON"):
            continue
        if title.kind == "generic":
            if not c.titles:
                continue
        elif not any(holds_title(t, title_text) for t in c.titles):
            continue
        if affiliation and c.affiliations and \
                not any(same_name(affiliation, a) for a in c.affiliations):
            continue
        if title.kind == "generic" and affiliation and not c.affiliations:
            continue
        candidates.append(c)
    earlier = [c for c in candidates if c.first < before]
    if earlier:
        return max(earlier, key=lambda c: c.latest_start_before(before))
    # A holder named only later is not assumed: "the next president" may be nobody yet.
    return None


def _role(table: ClusterTable, head: Token, kind: str) -> int:
    """An unnamed source: an organisation already named with this head noun, an earlier
    role entity written the same way, or a new entity."""
    doc = table.parsed.doc
    first = phrase_start(head)
    kept = first
    while kept < head.i and doc[kept].lower_ in QUANTIFIERS:
        kept += 1
    name = clean_name(doc[kept:head.i + 1].text)
    definite = any(t.lower_ in ("the", "this", "that", "these", "those")
                   for t in doc[first:head.i])
    cluster = None
    if definite or not any(t.lower_ in ("a", "an") for t in doc[first:head.i]):
        cluster = _same_head(table, head, name, definite)
    holder = role_holder(table, head, head.lemma_.lower())
    if holder is not None and (cluster is None or holder.latest_start_before(head.idx)
                               > cluster.latest_start_before(head.idx)):
        # "the Russian diplomat" after "Russian Ambassador … Koronelli": the nearest
        # entity the role fits (:mod:`.roles`) is nearer than any earlier same description.
        cluster = holder
    if cluster is None:
        cluster = table.new_cluster()
        cluster.unnamed = True
        cluster.labels[kind] += 1
        cluster.group = head.tag_ in ("NNS", "NNPS") or kind == "ORG"
        cluster.add_name(name)
    table.mention(cluster, first, head.i)
    return cluster.key


def _same_head(table: ClusterTable, head: Token, name: str, definite: bool) -> Cluster | None:
    """An earlier referent a role phrase repeats: one written the same way, or, for a
    definite phrase ("the ministry"), the latest with the same head noun, unless a name in
    the phrase says whose it is ("the Trump campaign" is not "the Clinton campaign")."""
    lemma = head.lemma_.lower()
    own_name = any(t.pos_ == "PROPN" for t in head.lefts)
    for cluster in sorted(table.clusters, key=lambda c: -c.latest_start_before(head.idx)):
        if not cluster.mentions or cluster.first >= head.idx:
            continue
        if cluster.unnamed and fold(cluster.names[0]) == fold(name):
            return cluster
        if definite and not own_name and any(_last_lemma(n) == lemma for n in cluster.names):
            return cluster
    return None


def _last_lemma(name: str) -> str:
    words = name.split()
    return _singular(words[-1].lower()) if words else ""


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
