"""Build stages from names: the recogniser's names, well-known names it missed, names written
again, and lone surnames joined to the person named in full; titles right before a name."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from reportedly.document import entity_at
from reportedly.extract.entities.cluster import (
    Cluster,
    is_acronym,
    is_surname_of,
    without_initials,
)
from reportedly.extract.entities.lexicon import (
    EDGE_WORDS,
    NO_TITLE,
    first_names,
    fold,
    known_keys,
    known_type,
    name_key,
    same_name,
    title_words,
    titles,
)
from reportedly.extract.entities.phrases import clean_name, common_noun_group
from reportedly.extract.entities.roles import Role, role_hypernyms
from reportedly.extract.entities.state import ClusterTable

# Recogniser labels that name an entity, and the model type each maps to.
NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC",
             "NORP": "NORP"}
# The longest well-known name searched for outside the recogniser's entities, in words.
MAX_KNOWN_NAME_WORDS = 4


def add_named_entities(table: ClusterTable) -> None:
    """Every named-entity span the recogniser found is a mention."""
    for ent in table.parsed.doc.ents:
        _add_named(table, ent)


def _add_named(table: ClusterTable, ent: SpacySpan) -> None:
    label = NER_TYPES.get(ent.label_)
    if label is None:
        return
    if label == "NORP" and ent.root.tag_ not in ("NNS", "NNPS"):
        # "Russian forces": an adjective, not a group that acts.
        return
    first, last = ent.start, ent.end - 1
    doc = table.parsed.doc
    if ent.end - ent.start == 1 and first > 0 and doc[first - 1].lower_ == "the" and \
            role_hypernyms().get(ent.root.lemma_.lower(), _NO_ROLE).kind == "ORG":
        # "the Institute", "the Ministry": a role noun written with a capital refers back
        # to the organisation it fits (:mod:`.roles`), it is no name of its own.
        return
    while first <= last and doc[first].lower_ in EDGE_WORDS:
        first += 1
    opening = next((t.i for t in doc[first:last + 1] if t.text == "("), None)
    if opening is not None and opening > first:
        # "the State Control Committee (SCC": the abbreviation is joined to the name later.
        last = opening - 1
    while last >= first and (doc[last].lower_ in EDGE_WORDS or doc[last].is_punct):
        last -= 1
    honorific = None
    while first <= last and titles().get(fold(doc[first].text), NO_TITLE).kind \
            == "honorific":
        honorific = titles()[fold(doc[first].text)]
        first += 1
    if first > last or not any(ch.isalpha() for ch in doc[first:last + 1].text):
        return
    named_person = _person_at_end(table, first, last)
    if label == "PERSON" and named_person is None:
        first = _with_first_name(table, first)
    elif named_person is not None:
        # "Industry of Belarus Pavel Kuzmich" read as one organisation, "Chile Sergei
        # Antonov" as one person: the listed first name and the words after it name a
        # person, the words before are a title's.
        first, label = named_person, "PERSON"
    if common_noun_group(doc[first:last + 1]):
        # "Aides said", "Recently Media Reports.": capitalised common nouns, no name. An
        # unnamed source among them is found as a description instead.
        return
    name = clean_name(doc[first:last + 1].text)
    cluster = find_named(table, name, label)
    if cluster is None:
        cluster = table.new_cluster()
    cluster.add_name(name)
    cluster.labels[label] += 1
    if label == "NORP":
        cluster.group = True
    if honorific is not None:
        cluster.person_evidence = True
        cluster.gender = cluster.gender or honorific.gender
    table.mention(cluster, first, last)
    _collect_titles(table, cluster, first, last)


def _with_first_name(table: ClusterTable, first: int) -> int:
    """A person's name widened to a listed first name the recogniser left out ("Ambassador
    to Ecuador Dmitry Selivanov" read as "Selivanov")."""
    doc = table.parsed.doc
    before = first - 1
    if before >= doc[first].sent.start and before not in table.token_owner and \
            doc[before].text in first_names() and doc[before].ent_type_ in ("", "PERSON") \
            and doc[before].pos_ == "PROPN":
        return before
    return first


def _person_at_end(table: ClusterTable, first: int, last: int) -> int | None:
    """Where a person's name starts at the end of a span read as another type: a listed
    first name after the span's first word, followed by one or two capitalised words."""
    doc = table.parsed.doc
    if doc[first].text in first_names():
        return None
    # A person-labelled span keeps its own words unless it follows a title's "to" or "of"
    # ("Ambassador to Chile Sergei Antonov") or they are places or titles.
    person = doc[first].ent_type_ == "PERSON" and \
        not (first > 0 and doc[first - 1].lower_ in ("to", "of"))
    for i in range(first + 1, last):
        if doc[i].text in first_names() and 1 <= last - i <= 2 and \
                all(t.pos_ == "PROPN" and t.text[:1].isupper() and
                    fold(t.text) not in title_words() for t in doc[i:last + 1]):
            if person and not all(known_type(t.text) in ("GPE", "LOC", "NORP") or
                                  fold(t.text) in title_words() for t in doc[first:i]):
                # "S. Donald Sussman", "Cornell William Brooks": a person's own names.
                return None
            return i
    return None


def find_named(table: ClusterTable, name: str, label: str) -> Cluster | None:
    """The entity a new name form belongs to: the most recently mentioned match wins
    ("Clinton" after "Bill Clinton" and "Hillary Clinton" is whoever came last)."""
    by_recency = sorted((c for c in table.clusters if c.mentions and not c.unnamed),
                        key=lambda c: -c.last_end)
    for cluster in by_recency:
        if any(same_name(name, n) or same_name(without_initials(name),
                                               without_initials(n))
               for n in cluster.names):
            return cluster
        if label in ("PERSON", "ORG", "NORP") and \
                is_surname_of(name, cluster, variants=label == "PERSON"):
            # A name written in full and then by its last word is a person's name.
            cluster.person_evidence = True
            return cluster
        if is_acronym(name, cluster.names) or any(is_acronym(n, [name])
                                                  for n in cluster.names):
            return cluster
    return None


def _collect_titles(table: ClusterTable, cluster: Cluster, first: int, last: int) -> None:
    """Titles, honorifics and the organisation qualifying them, right before a name."""
    doc = table.parsed.doc
    sent_start = _sentence_start(table, first)
    i = first - 1
    of_chain = None if _title_right_before(table, first) else _of_chain_start(table, first)
    if of_chain is not None:
        # "Minister of Energy of Ukraine Halyna Dovbush": the title's "of" phrases stand
        # between it and the name; the last one names the affiliation.
        i, affiliation = of_chain
    run_end = i
    while i >= sent_start and (fold(doc[i].text) in title_words() or doc[i].text == "-"):
        i -= 1
    run_start = i + 1
    if run_start > run_end:
        return
    if of_chain is not None:
        if "PERSON" in cluster.labels or any(n.split()[0] in first_names()
                                             for n in cluster.names):
            # Only a person holds an office ("CEO of Concerned Veterans for America …").
            _take_title(table, cluster, doc[run_start:run_end + 1], affiliation)
        return
    run = doc[run_start:run_end + 1]
    title_text = clean_name(run.text.replace(" - ", "-"))
    title = titles().get(fold(title_text)) or titles().get(fold(run[-1].text))
    if title is None:
        return
    if not all(t.text[:1].isupper() or t.text == "-" for t in run) and \
            title.kind != "honorific" and \
            not all(run_start <= t.head.i <= last for t in run):
        # A lower-case run is a title only inside the name's phrase ("presidential nominee
        # Donald Trump"), not prose before it ("… said the general, Jens").
        return
    if title.kind == "honorific":
        cluster.gender = cluster.gender or title.gender
    else:
        cluster.add_title(title_text)
        cluster.gender = cluster.gender or title.gender
    cluster.person_evidence = True
    table.claim(cluster, run_start, run_end)
    affiliation = _qualifier(table, doc[run_start])
    if affiliation:
        cluster.add_affiliation(affiliation)


def _take_title(table: ClusterTable, cluster: Cluster, run: SpacySpan,
                affiliation: str | None) -> None:
    title_text = clean_name(run.text.replace(" - ", "-"))
    title = titles().get(fold(title_text)) or titles().get(fold(run[-1].text))
    if title is None or title.kind == "honorific" or \
            not all(t.text[:1].isupper() for t in run):
        return
    cluster.add_title(title_text)
    cluster.gender = cluster.gender or title.gender
    cluster.person_evidence = True
    for org in (affiliation, _qualifier(table, run[0])):
        if org:
            cluster.add_affiliation(org)
    table.claim(cluster, run.start, run.end - 1)


_NO_ROLE = Role("", ())


def find_titled_names(table: ClusterTable) -> None:
    """A person the recogniser missed, written after a title: "Deputy Minister of Economy
    of Ukraine Ostap Verbytskyi", "Ambassador Gennady Volkhin": a listed first name and one
    or two capitalised words after it."""
    doc = table.parsed.doc
    for token in doc:
        i = token.i
        if i == 0 or i in table.token_owner or token.text not in first_names() or \
                token.pos_ != "PROPN":
            continue
        if fold(doc[i - 1].text) not in title_words() and _of_chain_start(table, i) is None:
            continue
        last = i
        while last + 1 < len(doc) and last - i < 2 and doc[last + 1].pos_ == "PROPN" and \
                doc[last + 1].text[:1].isupper() and last + 1 not in table.token_owner:
            last += 1
        if last == i:
            continue
        name = clean_name(doc[i:last + 1].text)
        cluster = find_named(table, name, "PERSON") or table.new_cluster()
        cluster.add_name(name)
        cluster.labels["PERSON"] += 1
        table.mention(cluster, i, last)
        _collect_titles(table, cluster, i, last)


def _title_right_before(table: ClusterTable, first: int) -> bool:
    """Whether the words right before a name are a listed title ("Secretary of State")."""
    doc = table.parsed.doc
    i = first - 1
    while i >= 0 and fold(doc[i].text) in title_words():
        i -= 1
    return i + 1 < first and fold(doc[i + 1:first].text) in titles()


def _sentence_start(table: ClusterTable, first: int) -> int:
    """The start of the sentence holding token ``first``; a sentence the parser ended with
    no full stop ("… Committee (SCC)" | "Aleksei Mirovich said.") goes on before."""
    doc = table.parsed.doc
    start = doc[first].sent.start
    if start == first and start > 0 and doc[start - 1].text not in (".", "!", "?", ":") \
            and "\n" not in doc[start - 1].text_with_ws:
        return doc[start - 1].sent.start
    return start


# Lower-case words inside an organisation's name ("the Republic of Belarus", "Agriculture
# and Food").
_IN_NAMES = frozenset({"the", "and"})


def _of_chain_start(table: ClusterTable, first: int) -> tuple[int, str | None] | None:
    """For a name written after a title with "of" phrases ("Minister of Industry of Belarus
    Pavel Kuzmich", "President of Belarus Stanislav Hurevich"): the index of the title's last
    word and the name in the last "of" phrase; None for any other name."""
    doc = table.parsed.doc
    sent_start = _sentence_start(table, first)
    i = first - 1
    words: list[str] = []
    while i >= sent_start and (doc[i].text[:1].isupper() or doc[i].lower_ in _IN_NAMES
                               or doc[i].text in "()") and doc[i].lower_ != "of":
        # "Chairman of the State Control Committee (SCC) Aleksei Mirovich": an abbreviation
        # in parentheses belongs to the name before it.
        words.insert(0, doc[i].text)
        i -= 1
    while words and words[0].lower() in _IN_NAMES:
        words.pop(0)
    if not words or i < sent_start or doc[i].lower_ not in ("of", "to"):
        return None
    # "Ambassador to Chile": the country is where the office is held, not its affiliation.
    affiliation = clean_name(" ".join(words)) if doc[i].lower_ == "of" else None
    if doc[i].lower_ == "to":
        i -= 1
        return (i, affiliation) if i >= sent_start and fold(doc[i].text) in title_words() \
            else None
    leftmost_of = i
    while i >= sent_start and doc[i].lower_ == "of":
        leftmost_of = i
        i -= 1
        while i >= sent_start and (doc[i].text[:1].isupper() or doc[i].lower_ in _IN_NAMES
                                   or doc[i].text in "()") and doc[i].lower_ != "of":
            i -= 1
        if i < sent_start or doc[i].lower_ != "of":
            break
    title_end = leftmost_of - 1
    if title_end < sent_start or fold(doc[title_end].text) not in title_words():
        return None
    return title_end, affiliation


def _qualifier(table: ClusterTable, token: Token) -> str | None:
    """The organisation or country written right before a title ("NATO", "Russian",
    "the bloc's")."""
    doc = table.parsed.doc
    i = token.i - 1
    if i < token.sent.start:
        return None
    if doc[i].tag_ == "POS" and i > token.sent.start:
        i -= 1
    word = doc[i]
    if word.ent_type_ in ("ORG", "GPE", "NORP"):
        ent = entity_at(doc, i)
        if ent is None:  # a type without an entity: none in a parse spaCy made
            return None
        return clean_name(" ".join(t.text for t in ent if t.lower_ not in EDGE_WORDS))
    # A common noun ("the bloc's") is no name to match another description against.
    return None


def find_known_names(table: ClusterTable) -> None:
    """Well-known names the recogniser missed ("troops left Kiev"), found by exact key."""
    doc = table.parsed.doc
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in table.token_owner or token.pos_ != "PROPN" or not token.text[:1].isupper():
            i += 1
            continue
        for length in range(min(MAX_KNOWN_NAME_WORDS, len(doc) - i), 0, -1):
            span = doc[i:i + length]
            if any(t.i in table.token_owner or t.is_space for t in span):
                continue
            kind = known_keys().get(name_key(span.text))
            if kind is None:
                continue
            name = clean_name(span.text)
            cluster = find_named(table, name, kind) or table.new_cluster()
            cluster.add_name(name)
            cluster.labels[kind] += 1
            table.mention(cluster, i, i + length - 1)
            i += length - 1
            break
        i += 1


def find_repeats(table: ClusterTable) -> None:
    """Mentions the recogniser missed: known name forms (and surnames) written again."""
    doc = table.parsed.doc
    # First word -> the name forms starting with it, longest first.
    forms: dict[str, list[tuple[list[str], Cluster]]] = {}
    for cluster in table.clusters:
        for n in cluster.names + ([cluster.surname] if cluster.surname else []):
            if n and n[:1].isupper():
                forms.setdefault(n.split()[0], []).append((n.split(), cluster))
    for entries in forms.values():
        entries.sort(key=lambda e: -len(e[0]))
    for token in doc:
        if token.i in table.token_owner or token.text not in forms:
            continue
        for words, cluster in forms[token.text]:
            end = token.i + len(words)
            if end <= len(doc) and [t.text for t in doc[token.i:end]] == words and \
                    not any(i in table.token_owner for i in range(token.i, end)):
                table.mention(cluster, token.i, end - 1)
                _collect_titles(table, cluster, token.i, end - 1)
                break


def merge_surnames(table: ClusterTable) -> None:
    """A lone surname written before the full name, or read as another type, joins the
    person named in full."""
    for cluster in list(table.clusters):
        if cluster.unnamed or len(cluster.names) != 1 or not cluster.mentions:
            continue
        variants = cluster.majority() == "PERSON"
        persons = [c for c in table.clusters if c is not cluster and c.mentions
                   and is_surname_of(cluster.names[0], c, variants=variants)]
        if len(persons) == 1:
            absorb(table, persons[0], cluster)
            persons[0].person_evidence = True


def absorb(table: ClusterTable, keep: Cluster, gone: Cluster) -> None:
    for n in gone.names:
        keep.add_name(n)
    keep.labels.update(gone.labels)
    for start, end in gone.mentions:
        keep.add_mention(start, end)
    for t in gone.titles:
        keep.add_title(t)
    for a in gone.affiliations:
        keep.add_affiliation(a)
    keep.gender = keep.gender or gone.gender
    keep.person_evidence |= gone.person_evidence
    keep.described_as.update(gone.described_as)
    for i, owner in table.token_owner.items():
        if owner == gone.key:
            table.token_owner[i] = keep.key
    gone.clear_mentions()
