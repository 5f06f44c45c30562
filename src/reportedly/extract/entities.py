"""Entities: canonical people, organisations and places, their mentions, titles and aliases.

Rules over the parse, in the order the index is built:

1. *Names*: every named-entity span (people, organisations, places, facilities, and national or
   religious groups when written as a plural noun, "the Ukrainians") is a mention. A mention
   joins an existing entity when :func:`reportedly.names.same_name` says the names are one
   (spelling variants, aliases), when it is the surname of a person already named in full
   ("Stoltenberg" after "Jens Stoltenberg", whatever type the recogniser gave it), or when it is
   an acronym of a longer name. Titles and honorifics right before a name ("NATO Secretary
   General", "the bloc's Secretary General", "Mr") are collected on the person, with the
   organisation that qualifies them ("NATO") kept as an affiliation.
2. *Repeated names* the recogniser missed are found by exact search for the forms already known.
3. *Descriptions*: a noun phrase headed by a title with no name ("the Secretary General of NATO",
   "the NATO chief") is a mention of the person holding that title in the article (the same title
   and a compatible affiliation); a noun phrase headed by a role noun ("the ministry" after "the
   Russian Defense Ministry") is the organisation already named with that head noun.
   A description that refers to no one named ("a senior official", "Western officials", "some of
   his aides", "the mayor of Gdansk" when the mayor is never named) is an *unnamed referent*: it
   is kept, so that "he" or "the official" later can be told to refer to it, but it is no entity,
   and a source that refers to it has no ``entity_id``.
4. *Gender* of a person comes from honorifics, gendered titles, and "he"/"she" when only one
   person stands before the pronoun.
5. *Types* are decided from context first: a name with a personal title, an honorific or a
   gender is a PERSON; then the table of well-known names (``data/entity_types.tsv``); then the
   majority of the recogniser's labels. A speaker is never a place: a location or facility
   that speaks ("the Kremlin said") is an ORG. A country that speaks ("Russia said") stays a GPE:
   the state is an actor and its name still denotes the place in the rest of the article.

Pronouns are resolved when the attribution extractor asks (:meth:`EntityIndex.resolve`): the
last speaker (reported through :meth:`EntityIndex.add_mention`) when compatible, else the nearest
preceding compatible entity.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from reportedly.document import Parsed, entity_at
from reportedly.lexicons import tsv_rows, word_list
from reportedly.model import Attribution, Entity, Span
from reportedly.names import canonical_alias, fold, name_key, same_name

# Recogniser labels that name an entity, and the model type each maps to.
NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC",
             "NORP": "NORP"}
# Types that can say something.
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Words dropped at the edges of a mention: articles and the possessive.
_EDGE_WORDS = frozenset({"the", "a", "an", "'s", "’s", "'", "’"})
# Determiners and quantifiers dropped from the name of an unnamed source ("some of his aides").
_QUANTIFIERS = frozenset({"the", "a", "an", "some", "several", "many", "few", "other", "two",
                          "three", "all", "one", "most", "this", "that", "these", "those"})
# The longest well-known name searched for outside the recogniser's entities, in words.
MAX_KNOWN_NAME_WORDS = 4
# Remembered name comparisons, bounded so that a long batch does not grow without end.
NAME_CACHE_SIZE = 1 << 16
# How far back (in sentences) a lone he/she may look to learn a person's gender.
GENDER_WINDOW_SENTENCES = 3


@dataclass(frozen=True)
class _Title:
    kind: str
    gender: str | None


@cache
def _titles() -> dict[str, _Title]:
    return {fold(r["title"]): _Title(r["kind"], None if r["gender"] == "-" else r["gender"])
            for r in tsv_rows("titles.tsv")}


@cache
def _title_words() -> frozenset[str]:
    return frozenset(w for t in _titles() for w in t.split())


@cache
def _role_nouns() -> dict[str, str]:
    return {r["lemma"]: r["type"] for r in tsv_rows("role_nouns.tsv")}


@cache
def _pronouns() -> dict[str, tuple[str | None, str]]:
    return {r["pronoun"]: (None if r["gender"] == "-" else r["gender"], r["refers"])
            for r in tsv_rows("pronouns.tsv")}


@cache
def _known_types() -> tuple[tuple[str, str], ...]:
    return tuple((r["name"], r["type"]) for r in tsv_rows("entity_types.tsv"))


@cache
def _known_keys() -> dict[str, str]:
    """name key -> type for the well-known names, their aliases included."""
    return {name_key(name): kind for name, kind in _known_types()}


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _known_type(name: str) -> str | None:
    exact = _known_keys().get(_name_key(name))
    if exact:
        return exact
    return next((t for known, t in _known_types() if _same_name(name, known)), None)


@cache
def _first_names() -> dict[str, str]:
    return {r["name"]: r["gender"] for r in tsv_rows("first_names.tsv")}


# Names are compared many times while an article is indexed: remember the answers.
_fold = lru_cache(maxsize=NAME_CACHE_SIZE)(fold)
_name_key = lru_cache(maxsize=NAME_CACHE_SIZE)(name_key)


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _same_name(a: str, b: str) -> bool:
    key_a, key_b = _name_key(a), _name_key(b)
    if key_a == key_b:
        return True
    # Variants agree in word count and first letter: skip the full comparison otherwise.
    if not key_a or not key_b or key_a[0] != key_b[0] or \
            key_a.count(" ") != key_b.count(" "):
        return False
    return same_name(a, b)


@dataclass
class _Cluster:
    """One entity while the index is being built."""

    key: int
    names: list[str] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)
    mentions: dict[tuple[int, int], None] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    gender: str | None = None
    group: bool = False
    # Built from a role noun or a description rather than a name.
    unnamed: bool = False
    person_evidence: bool = False
    # Types given by a role noun set beside the name ("the airline, Nordwind,"): the article's
    # own word for what the name is outweighs the recogniser's guess.
    described_as: Counter[str] = field(default_factory=Counter)
    speaker_at: list[int] = field(default_factory=list)
    id: str = ""
    # The mentions' starts in order, and their latest end: the look-ups by position ("the
    # latest mention before a pronoun") read these, where a scan of every mention of every
    # entity for each pronoun or name would be quadratic in a long article.
    starts: list[int] = field(default_factory=list)
    last_end: int = -1

    @property
    def first(self) -> int:
        if not self.starts:
            raise ValueError("an entity with no mention has no first one")
        return self.starts[0]

    def add_mention(self, start: int, end: int) -> None:
        if (start, end) not in self.mentions:
            self.mentions[(start, end)] = None
            insort(self.starts, start)
            self.last_end = max(self.last_end, end)

    def clear_mentions(self) -> None:
        self.mentions.clear()
        self.starts.clear()
        self.last_end = -1

    def latest_start_before(self, offset: int) -> int:
        """The start of the latest mention starting before ``offset``; -1 when none does."""
        i = bisect_left(self.starts, offset)
        return self.starts[i - 1] if i else -1

    def add_name(self, name: str) -> None:
        if name and not any(_fold(n) == _fold(name) for n in self.names):
            self.names.append(name)

    def add_title(self, title: str) -> None:
        if title and not any(_fold(t) == _fold(title) for t in self.titles):
            self.titles.append(title)

    def add_affiliation(self, org: str) -> None:
        if org and not any(_same_name(a, org) for a in self.affiliations):
            self.affiliations.append(org)

    @property
    def type(self) -> str:
        if self.person_evidence or self.gender is not None:
            kind = "PERSON"
        elif self.described_as and not self.unnamed:
            kind = self.described_as.most_common(1)[0][0]
        elif self.unnamed:
            kind = self.labels.most_common(1)[0][0]
        else:
            kind = next((t for t in map(_known_type, self.names) if t), None) or \
                self._majority()
        if self.speaker_at and kind in ("LOC", "OTHER"):
            # A place that speaks is the institution seated there ("the Kremlin said").
            kind = "ORG"
        return kind

    def _majority(self) -> str:
        if not self.labels:
            return "OTHER"
        best = max(self.labels.values())
        # Ties go to the label seen first: Counter keeps insertion order.
        return next(label for label, n in self.labels.items() if n == best)

    @property
    def name(self) -> str:
        names = self.names or ["?"]
        if not self.unnamed:
            alias = next((canonical_alias(n) for n in names if canonical_alias(n)), None) or \
                _table_name(names, person=self.type == "PERSON")
            if alias:
                return alias
        # The fullest form: most words, then the first written.
        return max(names, key=lambda n: (len(n.split()), -names.index(n)))

    @property
    def surname(self) -> str | None:
        if self.type != "PERSON" or self.unnamed:
            return None
        full = [n for n in self.names if len(n.split()) > 1]
        return full[0].split()[-1] if full else None


def _belongs_to_thing(token: Token, span: SpacySpan) -> bool:
    """True for a name that modifies a common noun in the phrase ("Sanders's campaign
    manager", "the Sanders campaign"): the phrase names the manager or the campaign."""
    while token.i != span.root.i and token.head.i != token.i \
            and span.start <= token.head.i < span.end:
        if token.dep_ in ("poss", "compound") and token.head.pos_ == "NOUN":
            return True
        token = token.head
    return False


class EntityIndex:
    """The article's canonical entities, and the lookup that maps a mention to one of them.

    Built once per article by :func:`extract_entities`; the attribution extractor asks it which
    entity a source expression refers to and reports the sources it resolved, so that source
    mentions ("he", "the Secretary General of NATO") end up among the entity's mentions.
    """

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self._clusters: list[_Cluster] = []
        # Token index -> cluster key, for every token inside a known mention (titles included).
        self._token_owner: dict[int, int] = {}
        self._build()

    # -- building -------------------------------------------------------------------------------
    def _new_cluster(self) -> _Cluster:
        cluster = _Cluster(key=len(self._clusters))
        self._clusters.append(cluster)
        return cluster

    def _claim(self, cluster: _Cluster, first: int, last: int) -> None:
        """Give tokens ``first..last`` (inclusive) to ``cluster`` unless another holds them."""
        for i in range(first, last + 1):
            self._token_owner.setdefault(i, cluster.key)

    def _mention(self, cluster: _Cluster, first: int, last: int) -> None:
        doc = self.parsed.doc
        cluster.add_mention(doc[first].idx, doc[last].idx + len(doc[last]))
        self._claim(cluster, first, last)

    def _build(self) -> None:
        for ent in self.parsed.doc.ents:
            self._add_named(ent)
        self._find_known_names()
        self._find_repeats()
        self._merge_surnames()
        self._add_descriptions()
        self._genders_from_first_names()
        self._learn_genders()
        self._number()

    def _add_named(self, ent: SpacySpan) -> None:
        label = NER_TYPES.get(ent.label_)
        if label is None:
            return
        if label == "NORP" and ent.root.tag_ not in ("NNS", "NNPS"):
            # "Russian forces": an adjective, not a group that acts.
            return
        first, last = ent.start, ent.end - 1
        doc = self.parsed.doc
        while first <= last and doc[first].lower_ in _EDGE_WORDS:
            first += 1
        while last >= first and (doc[last].lower_ in _EDGE_WORDS or doc[last].is_punct):
            last -= 1
        honorific = None
        while first <= last and _titles().get(_fold(doc[first].text), _NO_TITLE).kind \
                == "honorific":
            honorific = _titles()[_fold(doc[first].text)]
            first += 1
        if first > last or not any(ch.isalpha() for ch in doc[first:last + 1].text):
            return
        if _common_noun_group(doc[first:last + 1]):
            # "Aides said", "Recently Media Reports.": capitalised common nouns, no name. An
            # unnamed source among them is found as a description instead.
            return
        name = _clean_name(doc[first:last + 1].text)
        cluster = self._find_named(name, label)
        if cluster is None:
            cluster = self._new_cluster()
        cluster.add_name(name)
        cluster.labels[label] += 1
        if label == "NORP":
            cluster.group = True
        if honorific is not None:
            cluster.person_evidence = True
            cluster.gender = cluster.gender or honorific.gender
        self._mention(cluster, first, last)
        self._collect_titles(cluster, first, last)

    def _find_named(self, name: str, label: str) -> _Cluster | None:
        """The entity a new name form belongs to: the most recently mentioned match wins
        ("Clinton" after "Bill Clinton" and "Hillary Clinton" is whoever came last)."""
        by_recency = sorted((c for c in self._clusters if c.mentions and not c.unnamed),
                            key=lambda c: -c.last_end)
        for cluster in by_recency:
            if any(_same_name(name, n) or _same_name(_without_initials(name),
                                                     _without_initials(n))
                   for n in cluster.names):
                return cluster
            if label in ("PERSON", "ORG", "NORP") and \
                    _is_surname_of(name, cluster, variants=label == "PERSON"):
                # A name written in full and then by its last word is a person's name.
                cluster.person_evidence = True
                return cluster
            if _is_acronym(name, cluster.names) or any(_is_acronym(n, [name])
                                                       for n in cluster.names):
                return cluster
        return None

    def _collect_titles(self, cluster: _Cluster, first: int, last: int) -> None:
        """Titles, honorifics and the organisation qualifying them, right before a name."""
        doc = self.parsed.doc
        sent_start = doc[first].sent.start
        i = first - 1
        run_end = i
        while i >= sent_start and (_fold(doc[i].text) in _title_words() or doc[i].text == "-"):
            i -= 1
        run_start = i + 1
        if run_start > run_end:
            return
        run = doc[run_start:run_end + 1]
        title_text = _clean_name(run.text.replace(" - ", "-"))
        title = _titles().get(_fold(title_text)) or _titles().get(_fold(run[-1].text))
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
        self._claim(cluster, run_start, run_end)
        affiliation = self._qualifier(doc[run_start])
        if affiliation:
            cluster.add_affiliation(affiliation)

    def _qualifier(self, token: Token) -> str | None:
        """The organisation or country written right before a title ("NATO", "Russian",
        "the bloc's")."""
        doc = self.parsed.doc
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
            return _clean_name(" ".join(t.text for t in ent if t.lower_ not in _EDGE_WORDS))
        # A common noun ("the bloc's") is no name to match another description against.
        return None

    def _find_known_names(self) -> None:
        """Well-known names the recogniser missed ("troops left Kiev"), found by exact key."""
        doc = self.parsed.doc
        i = 0
        while i < len(doc):
            token = doc[i]
            if i in self._token_owner or token.pos_ != "PROPN" or not token.text[:1].isupper():
                i += 1
                continue
            for length in range(min(MAX_KNOWN_NAME_WORDS, len(doc) - i), 0, -1):
                span = doc[i:i + length]
                if any(t.i in self._token_owner or t.is_space for t in span):
                    continue
                kind = _known_keys().get(_name_key(span.text))
                if kind is None:
                    continue
                name = _clean_name(span.text)
                cluster = self._find_named(name, kind) or self._new_cluster()
                cluster.add_name(name)
                cluster.labels[kind] += 1
                self._mention(cluster, i, i + length - 1)
                i += length - 1
                break
            i += 1

    def _find_repeats(self) -> None:
        """Mentions the recogniser missed: known name forms (and surnames) written again."""
        doc = self.parsed.doc
        # First word -> the name forms starting with it, longest first.
        forms: dict[str, list[tuple[list[str], _Cluster]]] = {}
        for cluster in self._clusters:
            for n in cluster.names + ([cluster.surname] if cluster.surname else []):
                if n and n[:1].isupper():
                    forms.setdefault(n.split()[0], []).append((n.split(), cluster))
        for entries in forms.values():
            entries.sort(key=lambda e: -len(e[0]))
        for token in doc:
            if token.i in self._token_owner or token.text not in forms:
                continue
            for words, cluster in forms[token.text]:
                end = token.i + len(words)
                if end <= len(doc) and [t.text for t in doc[token.i:end]] == words and \
                        not any(i in self._token_owner for i in range(token.i, end)):
                    self._mention(cluster, token.i, end - 1)
                    self._collect_titles(cluster, token.i, end - 1)
                    break

    def _merge_surnames(self) -> None:
        """A lone surname written before the full name, or read as another type, joins the
        person named in full."""
        for cluster in list(self._clusters):
            if cluster.unnamed or len(cluster.names) != 1 or not cluster.mentions:
                continue
            variants = cluster._majority() == "PERSON"
            persons = [c for c in self._clusters if c is not cluster and c.mentions
                       and _is_surname_of(cluster.names[0], c, variants=variants)]
            if len(persons) == 1:
                self._absorb(persons[0], cluster)
                persons[0].person_evidence = True

    def _absorb(self, keep: _Cluster, gone: _Cluster) -> None:
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
        for i, owner in self._token_owner.items():
            if owner == gone.key:
                self._token_owner[i] = keep.key
        gone.clear_mentions()

    def _add_descriptions(self) -> None:
        for token in self.parsed.doc:
            if token.i in self._token_owner or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
                continue
            self._describe(token)

    def _describe(self, head: Token, *, lazy: bool = False) -> int | None:
        """The entity a noun phrase without a name refers to (created when needed). While the
        index is built, unnamed sources are taken only where a source stands (a subject, the
        agent of a passive, "according to …"); ``lazy`` takes any noun phrase asked about."""
        title_text, title = self._title_of(head)
        if title is not None and title.kind != "honorific":
            return self._titled_description(head, title_text, title)
        lemma = head.lemma_.lower()
        kind = _role_nouns().get(lemma) or _role_nouns().get(head.lower_)
        if kind is None:
            return None
        apposed = self._apposed_name(head)
        named = apposed or self._named_beside(head, kind) or \
            self._proper_name_beside(head, kind)
        if named is not None:
            # "the French newspaper Le Monde": the role noun describes the named entity.
            self._claim(named, _phrase_start(head), head.i)
            if apposed is not None:
                # "The airline, Nordwind," / "Nordwind, the airline,": the article says what
                # kind of entity the name is.
                named.described_as[kind] += 1
            return named.key
        if not lazy and (not _source_position(head) or _counted(head)):
            return None
        return self._role(head, kind)

    def _proper_name_beside(self, head: Token, kind: str) -> _Cluster | None:
        """"the Italian newspaper Corriere della Sera": a proper noun set beside a role noun is
        the name of an entity of that role's type, even where the recogniser missed it."""
        appos = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"
                      and c.i not in self._token_owner), None)
        if appos is None:
            return None
        first = _phrase_start(appos)
        if any(i in self._token_owner for i in range(first, appos.i + 1)):
            return None
        name = _clean_name(self.parsed.doc[first:appos.i + 1].text)
        cluster = self._find_named(name, kind) or self._new_cluster()
        cluster.add_name(name)
        cluster.labels[kind] += 1
        self._mention(cluster, first, appos.i)
        return cluster

    def _apposed_name(self, head: Token) -> _Cluster | None:
        """The named entity a role noun stands in apposition with, set off by a comma on either
        side ("the airline, Nordwind," or "Nordwind, the airline,")."""
        doc = self.parsed.doc
        if head.dep_ == "appos" and head.head.i < head.i:
            partner = head.head
        else:
            partner = next((c for c in head.rights if c.dep_ == "appos"), None)
        if partner is None or partner.pos_ != "PROPN" or partner.i not in self._token_owner:
            return None
        between = doc[min(head.i, partner.i) + 1:max(head.i, partner.i)]
        if not any(t.text == "," for t in between):
            return None
        cluster = self._clusters[self._token_owner[partner.i]]
        return None if cluster.unnamed else cluster

    def _named_beside(self, head: Token, kind: str) -> _Cluster | None:
        """The named entity a role noun describes, set beside it ("the airline Nordwind", "the
        Nordwind airline"). A name in front of a role that a person holds, or a person's name
        in front of any role, says whom the role belongs to ("a senior Ostrin official", "a
        Trump aide", "the Sanders campaign" after "Bernie Sanders"): the phrase names no one.
        A lone word the recogniser called a person may still be the organisation the article
        says it is ("the Nordwind airline")."""
        for child in head.children:
            if child.dep_ in ("appos", "compound") and child.i in self._token_owner:
                cluster = self._clusters[self._token_owner[child.i]]
                if cluster.unnamed:
                    continue
                if child.dep_ == "compound" and (kind == "PERSON" or _surely_person(cluster)):
                    continue
                return cluster
        return None

    def _title_of(self, head: Token) -> tuple[str, _Title | None]:
        """The title a noun phrase is headed by: the head with its title-word compounds."""
        words = [c for c in head.lefts if c.dep_ in ("compound", "amod") and
                 _fold(c.text) in _title_words()] + [head]
        first = words[0].i
        doc = self.parsed.doc
        span = doc[first:head.i + 1]
        text = _clean_name(span.text.replace(" - ", "-"))
        of_phrase = _of_phrase(head)
        obj = next((c for c in of_phrase.children if c.dep_ == "pobj"), None) \
            if of_phrase is not None else None
        if obj is not None and obj.i == of_phrase.i + 1:
            # "chief of staff", "secretary of state": an office named with its "of" phrase
            longer = f"{text} of {obj.text}"
            if _fold(longer) in _titles():
                return longer, _titles()[_fold(longer)]
        if _fold(text) in _titles():
            return text, _titles()[_fold(text)]
        # "Secretary General" parsed as two heads or "commander-in-chief" with hyphens.
        return head.text, _titles().get(_fold(head.text))

    def _titled_description(self, head: Token, title_text: str, title: _Title) -> int | None:
        doc = self.parsed.doc
        affiliation = self._description_affiliation(head)
        first = _phrase_start(head)
        person = self._apposed_person(head) or self._person_described(head)
        if person is None:
            person = self._title_holder(title_text, title, affiliation, doc[first].idx)
        if person is None:
            cluster = self._new_cluster()
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
        of_phrase = _of_phrase(head)
        if of_phrase is not None:
            last = of_phrase.right_edge.i
        self._mention(person, first, last)
        return person.key

    def _person_described(self, head: Token) -> _Cluster | None:
        """The named person a description stands beside ("Karin Lindqvist, the finance
        minister")."""
        if head.dep_ != "appos":
            return None
        owner = self._token_owner.get(head.head.i)
        if owner is None:
            return None
        cluster = self._clusters[owner]
        return cluster if not cluster.unnamed and cluster.type == "PERSON" else None

    def _apposed_person(self, head: Token) -> _Cluster | None:
        """A named person set beside a description ("the NATO chief, Jens Stoltenberg")."""
        doc = self.parsed.doc
        for i in range(head.i + 1, min(head.right_edge.i + 1, len(doc))):
            if doc[i].text == "," and i + 1 < len(doc):
                j = i + 1
                while j < len(doc) and _fold(doc[j].text) in _title_words():
                    j += 1
                owner = self._token_owner.get(j)
                if owner is not None and self._clusters[owner].type == "PERSON" and \
                        not self._clusters[owner].unnamed:
                    return self._clusters[owner]
                return None
        return None

    def _description_affiliation(self, head: Token) -> str | None:
        for c in head.lefts:
            if c.ent_type_ in ("ORG", "GPE", "NORP"):
                return _clean_name(c.text)
            if c.dep_ == "poss" and c.pos_ in ("PROPN",):
                return _clean_name(c.text)
        of_phrase = _of_phrase(head)
        if of_phrase is not None:
            obj = next((c for c in of_phrase.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.ent_type_ in ("ORG", "GPE", "NORP"):
                ent = entity_at(obj.doc, obj.i)
                if ent is None:  # a type without an entity: none in a parse spaCy made
                    return None
                return _clean_name(" ".join(t.text for t in ent if t.lower_ not in _EDGE_WORDS))
        return None

    def _title_holder(self, title_text: str, title: _Title, affiliation: str | None,
                      before: int) -> _Cluster | None:
        """The named person holding a title: one with that title (or, for a generic title like
        "chief", any title) and no conflicting affiliation; the most recent one before
        ``before``."""
        candidates = []
        for c in self._clusters:
            if c.unnamed or not c.mentions or not (c.person_evidence or c.type == "PERSON"):
                continue
            if title.kind == "generic":
                if not c.titles:
                    continue
            elif not any(_holds_title(t, title_text) for t in c.titles):
                continue
            if affiliation and c.affiliations and \
                    not any(_same_name(affiliation, a) for a in c.affiliations):
                continue
            if title.kind == "generic" and affiliation and not c.affiliations:
                continue
            candidates.append(c)
        earlier = [c for c in candidates if c.first < before]
        if earlier:
            return max(earlier, key=lambda c: c.latest_start_before(before))
        # A holder named only later is not assumed: "the next president" may be nobody yet.
        return None

    def _role(self, head: Token, kind: str) -> int:
        """An unnamed source: an organisation already named with this head noun, an earlier
        role entity written the same way, or a new entity."""
        doc = self.parsed.doc
        first = _phrase_start(head)
        kept = first
        while kept < head.i and doc[kept].lower_ in _QUANTIFIERS:
            kept += 1
        name = _clean_name(doc[kept:head.i + 1].text)
        definite = any(t.lower_ in ("the", "this", "that", "these", "those")
                       for t in doc[first:head.i])
        cluster = None
        if definite or not any(t.lower_ in ("a", "an") for t in doc[first:head.i]):
            cluster = self._same_head(head, name, definite)
        if cluster is None:
            cluster = self._new_cluster()
            cluster.unnamed = True
            cluster.labels[kind] += 1
            cluster.group = head.tag_ in ("NNS", "NNPS") or kind == "ORG"
            cluster.add_name(name)
        self._mention(cluster, first, head.i)
        return cluster.key

    def _same_head(self, head: Token, name: str, definite: bool) -> _Cluster | None:
        """An earlier referent a role phrase repeats: one written the same way, or, for a
        definite phrase ("the ministry"), the latest with the same head noun, unless a name in
        the phrase says whose it is ("the Trump campaign" is not "the Clinton campaign")."""
        lemma = head.lemma_.lower()
        own_name = any(t.pos_ == "PROPN" for t in head.lefts)
        for cluster in sorted(self._clusters, key=lambda c: -c.latest_start_before(head.idx)):
            if not cluster.mentions or cluster.first >= head.idx:
                continue
            if cluster.unnamed and _fold(cluster.names[0]) == _fold(name):
                return cluster
            if definite and not own_name and any(_last_lemma(n) == lemma for n in cluster.names):
                return cluster
        return None

    def _genders_from_first_names(self) -> None:
        for cluster in self._clusters:
            if cluster.gender is None and cluster.type == "PERSON" and not cluster.unnamed:
                for name in cluster.names:
                    words = name.split()
                    if len(words) > 1 and words[0] in _first_names():
                        cluster.gender = _first_names()[words[0]]
                        break

    def _learn_genders(self) -> None:
        """A subject he/she after exactly one person named in the sentences before tells that
        person's gender."""
        doc = self.parsed.doc
        for token in doc:
            entry = _pronouns().get(token.lower_)
            if token.pos_ != "PRON" or entry is None or entry[0] is None or \
                    token.dep_ not in ("nsubj", "nsubjpass") or self._in_quotation(token):
                continue
            window_start = token.sent.start
            for _ in range(GENDER_WINDOW_SENTENCES):
                if window_start > 0:
                    window_start = doc[window_start - 1].sent.start
            persons = {self._token_owner[i] for i in range(window_start, token.i)
                       if i in self._token_owner}
            persons = {k for k in persons if self._clusters[k].type == "PERSON"
                       and not self._clusters[k].group}
            if len(persons) == 1:
                cluster = self._clusters[persons.pop()]
                cluster.gender = cluster.gender or entry[0]

    def _in_quotation(self, token: Token) -> bool:
        """Whether a token stands inside quoted speech (an odd number of marks before it in
        its paragraph), where "he" may be anyone the speaker talks about."""
        text = self.parsed.text
        start = text.rfind("\n", 0, token.idx) + 1
        before = text[start:token.idx]
        return before.count('"') % 2 == 1 or before.count("“") > before.count("”")

    def _number(self) -> None:
        """Entities are numbered E1, E2, … in order of first mention. An unnamed referent ("a
        senior official", "some of his aides") is no entity: it gets an internal id (U1, …) so
        that a pronoun or a repeated description can still be told to refer to it, and
        :meth:`link_sources` takes that id off every source in the end."""
        live = sorted((c for c in self._clusters if c.mentions), key=lambda c: c.first)
        self._next_id = {_ENTITY_PREFIX: 1, _UNNAMED_PREFIX: 1}
        for cluster in live:
            self._give_id(cluster)

    def _give_id(self, cluster: _Cluster) -> None:
        prefix = _UNNAMED_PREFIX if cluster.unnamed else _ENTITY_PREFIX
        cluster.id = f"{prefix}{self._next_id[prefix]}"
        self._next_id[prefix] += 1

    # -- lookups --------------------------------------------------------------------------------
    def _by_id(self, entity_id: str) -> _Cluster | None:
        return next((c for c in self._clusters if c.id == entity_id), None)

    def resolve(self, start: int, end: int) -> str | None:
        """The id of what the mention ``text[start:end]`` refers to, if anything: an entity
        (``E…``), or an unnamed referent (``U…``, see :meth:`is_unnamed`) for a phrase that
        names no one ("a senior official", "some of his aides", "he" after either).

        Handles names, surnames, titles and descriptions ("the Secretary General of NATO",
        "the bloc's Secretary General Jens Stoltenberg") and pronouns (resolved to the most
        salient preceding compatible referent)."""
        doc = self.parsed.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        head = _partitive_head(span.root)
        antecedent = _relative_antecedent(head)
        if antecedent is not None:
            # "officials who said …": the relative pronoun stands for the noun it follows.
            head = antecedent
            span = doc[_phrase_start(head):head.i + 1]
        if head.pos_ == "PRON" and head.lower_ in _pronouns():
            cluster = self._antecedent(head)
            return cluster.id if cluster else None
        cluster = self._owner(span, head)
        if cluster is None:
            key = self._describe(head, lazy=True) if head.pos_ in ("NOUN", "PROPN") else None
            cluster = self._clusters[key] if key is not None else None
            if cluster is not None and not cluster.id:
                self._give_id(cluster)
        return cluster.id if cluster and cluster.id else None

    def _owner(self, span: SpacySpan, head: Token) -> _Cluster | None:
        """The entity a source phrase names: its head's, a person set beside a title head,
        else a person named anywhere in it, else the head's nearest named child."""
        owner = self._token_owner.get(head.i)
        if owner is not None:
            cluster = self._clusters[owner]
            if cluster.unnamed and cluster.type == "PERSON":
                # "the Supreme Commander of X, General Y": the description names Y.
                named = self._named_person_in(span)
                return named or cluster
            return cluster
        named = self._named_person_in(span)
        if named is not None:
            return named
        for token in sorted(span, key=lambda t: abs(t.i - head.i)):
            if token.i in self._token_owner and token.head.i == head.i \
                    and not _belongs_to_thing(token, span):
                return self._clusters[self._token_owner[token.i]]
        return None

    def _named_person_in(self, span: SpacySpan) -> _Cluster | None:
        for token in span:
            if _belongs_to_thing(token, span) or _in_prep_object(token, span):
                continue
            owner = self._token_owner.get(token.i)
            if owner is not None:
                cluster = self._clusters[owner]
                if cluster.type == "PERSON" and not cluster.unnamed:
                    return cluster
        return None

    def _antecedent(self, pronoun: Token) -> _Cluster | None:
        gender, refers = _pronouns()[pronoun.lower_]
        before = pronoun.idx

        def fits(c: _Cluster) -> bool:
            kind = c.type
            if refers == "person":
                return (kind == "PERSON" or _could_be_person(c)) and not c.group \
                    and c.gender in (None, gender)
            if refers == "group":
                return c.group or kind in ("ORG", "NORP")
            return kind in ("ORG", "GPE")

        live = [c for c in self._clusters if c.id and c.mentions]
        speakers = [(max(p for p in c.speaker_at if p < before), c) for c in live
                    if fits(c) and any(p < before for p in c.speaker_at)]
        mentioned = [(c.latest_start_before(before), c) for c in live
                     if fits(c) and c.latest_start_before(before) >= 0]
        if not mentioned:
            return None
        latest_at, latest = max(mentioned, key=lambda pc: pc[0])
        chosen = max(speakers, key=lambda pc: pc[0])[1] if speakers else latest
        if latest is not chosen and (gender is None or latest.gender == gender) and \
                self._recent_subject(latest_at, pronoun):
            # "X said … Then Y proposed a plan. He said": a new subject since the last
            # speaker, in this sentence or the one before, takes over when it agrees in
            # gender as far as the article tells.
            chosen = latest
        if gender and chosen.gender is None and _could_be_person(chosen):
            # "Kowalski claimed … He added": the pronoun is what shows a person is meant.
            chosen.gender = gender
        return chosen

    def _recent_subject(self, offset: int, pronoun: Token) -> bool:
        doc = self.parsed.doc
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

    def add_mention(self, entity_id: str, span: Span, *, speaker: bool = False) -> None:
        """Record ``span`` as a mention of ``entity_id``; ``speaker`` marks it as the source of
        an attribution (a speaker is a person or organisation, never a place)."""
        cluster = self._by_id(entity_id)
        if cluster is None:
            return
        cluster.add_mention(span.start, span.end)
        if speaker:
            cluster.speaker_at.append(span.start)

    def is_unnamed(self, referent_id: str | None) -> bool:
        """Whether an id from :meth:`resolve` is an unnamed referent rather than an entity."""
        return bool(referent_id) and str(referent_id).startswith(_UNNAMED_PREFIX)

    def link_sources(self, attributions: Iterable[Attribution]) -> tuple[Attribution, ...]:
        """The attributions with every source that names no one unlinked (``entity_id``
        None): the output's entities are the people, organisations and places the article
        names, and an unnamed source is none of them. A source standing for an unnamed one
        described earlier ("he", "who", "the official" after "a senior official") keeps that
        description as its ``refers_to``."""
        out = []
        for a in attributions:
            source = a.source
            if source is not None and self.is_unnamed(source.entity_id):
                cluster = self._by_id(str(source.entity_id))
                described = self._description_before(cluster, source.span) if cluster else None
                a = replace(a, source=replace(source, entity_id=None, refers_to=described))
            out.append(a)
        return tuple(out)

    def _description_before(self, cluster: _Cluster, source: Span) -> Span | None:
        """The first mention of an unnamed referent that describes it (no pronoun), when it
        comes before ``source`` and is not part of it."""
        text = self.parsed.text
        described = [(s, e) for s, e in cluster.mentions
                     if e <= source.start and not _is_pronoun(text[s:e])]
        if not described:
            return None
        start, end = min(described)
        return Span.of(text, start, end)

    def entities(self) -> tuple[Entity, ...]:
        """The final entities, ids E1, E2, … in order of first mention (named ones only)."""
        text = self.parsed.text
        out = []
        for cluster in sorted((c for c in self._clusters
                               if c.id.startswith(_ENTITY_PREFIX)),
                              key=lambda c: int(c.id[1:])):
            name = cluster.name
            aliases = tuple(n for n in cluster.names if _fold(n) != _fold(name))
            mentions = tuple(Span.of(text, s, e) for s, e in sorted(cluster.mentions))
            out.append(Entity(cluster.id, name, cluster.type, tuple(cluster.titles), aliases,
                              mentions))
        return tuple(out)


_NO_TITLE = _Title("", None)
# Ids of entities, and of the unnamed referents that sources may resolve to.
_ENTITY_PREFIX = "E"
_UNNAMED_PREFIX = "U"
_NOT_ACTOR_DEPS = frozenset({"pobj", "dobj", "iobj", "poss", "attr", "npadvmod"})


@cache
def _table_names() -> tuple[tuple[str, str], ...]:
    """(written form, canonical name) for every multi-word name in the alias table."""
    rows = tsv_rows("aliases.tsv")
    pairs = [(r["alias"], r["canonical"]) for r in rows] + \
        [(r["canonical"], r["canonical"]) for r in rows]
    return tuple(dict.fromkeys(p for p in pairs if len(p[0].split()) > 1))


def _table_name(names: list[str], *, person: bool) -> str | None:
    """The alias table's canonical name for a spelling variant of a listed multi-word name
    ("Valery Zalozhny" is "Valerii Zaluzhnyi"), or for a person's surname alone when the table
    lists exactly one person with it ("Zelensky")."""
    for name in names:
        words = name.split()
        if len(words) > 1:
            found = {canonical for written, canonical in _table_names()
                     if _same_name(name, written)}
        elif person and all(len(n.split()) == 1 for n in names):
            found = {canonical for written, canonical in _table_names()
                     if _same_name(name, written.split()[-1])}
        else:
            continue
        if len(found) == 1:
            return found.pop()
    return None


def _without_initials(name: str) -> str:
    """"Loretta E. Lynch" -> "Loretta Lynch": middle initials are optional in a name."""
    words = name.split()
    kept = [w for i, w in enumerate(words)
            if i in (0, len(words) - 1) or not (len(w.rstrip(".")) == 1 and w[0].isupper())]
    return " ".join(kept)


def _is_surname_of(name: str, cluster: _Cluster, *, variants: bool = True) -> bool:
    """Whether ``name`` is the family name of a person named in full in ``cluster``: the last
    word(s) of a fuller name ("de Blasio" of "Bill de Blasio"), or (with ``variants``, for a
    name read as a person) a spelling variant of the last word."""
    if cluster.surname is None:
        return False
    key = _fold(name)
    words = key.split()
    for full in cluster.names:
        full_key = _fold(full)
        if len(full_key.split()) > len(words) and full_key.endswith(" " + key):
            return True
    return variants and len(words) == 1 and _same_name(name, cluster.surname)


def _surely_person(cluster: _Cluster) -> bool:
    """A person by more than the recogniser's word: a title, an honorific, a gender or a name
    written in full and then by its surname."""
    return cluster.person_evidence or cluster.gender is not None or cluster.surname is not None


def _could_be_person(cluster: _Cluster) -> bool:
    """A lone capitalised word the recogniser took for an organisation ("Stoltenberg claimed")
    may be a surname; "he" or "she" referring to it makes it a person."""
    return not cluster.unnamed and bool(cluster.speaker_at) and \
        all(len(n.split()) == 1 and not n.isupper() for n in cluster.names) and \
        not any(_known_type(n) for n in cluster.names) and \
        set(cluster.labels) <= {"PERSON", "ORG"}


def _holds_title(held: str, described: str) -> bool:
    """Whether a person with title ``held`` is what ``described`` names: the same title, or a
    more specific one ("Defence Minister" is "the minister")."""
    return _fold(held) == _fold(described) or _fold(held).endswith(" " + _fold(described))


def _clean_name(text: str) -> str:
    """A name as written, without brackets, stray quotes and line breaks."""
    for ch in "[]()“”\"":
        text = text.replace(ch, "")
    return " ".join(text.split()).strip(" ,;:")


def _is_acronym(short: str, names: list[str]) -> bool:
    """"NATO" for "North Atlantic Treaty Organization": capitals of the long name's words."""
    if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()):
        return False
    for name in names:
        initials = "".join(w[0] for w in name.split() if w[:1].isupper())
        if len(name.split()) > 1 and initials == short:
            return True
    return False


def _in_prep_object(token: Token, span: SpacySpan) -> bool:
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


def _phrase_start(head: Token) -> int:
    """The first token of the noun phrase headed by ``head``, before any clause or appositive."""
    first = head.i
    for child in head.lefts:
        first = min(first, child.left_edge.i)
    return first


_SOURCE_DEPS = frozenset({"nsubj", "nsubjpass", "appos"})
_SOURCE_PREPOSITIONS = frozenset({"by", "from", "to", "of"})


def _source_position(token: Token) -> bool:
    """Whether a noun phrase stands where a source of a statement can stand."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ in _SOURCE_DEPS:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in _SOURCE_PREPOSITIONS


# A noun phrase counting more people than this is a figure ("103,000 soldiers"), not a source.
MAX_COUNTED_SOURCE = 12


def _counted(head: Token) -> bool:
    for child in head.children:
        if child.dep_ == "nummod" and child.like_num:
            digits = child.text.replace(",", "").replace(".", "")
            if digits.isdigit():
                return int(digits) > MAX_COUNTED_SOURCE
            # "two officials" is a source; "thousands of soldiers", "100 million" are figures.
            return any(child.lower_.startswith(big) or child.lower_.endswith(big)
                       for big in ("dozen", "hundred", "thousand", "million", "billion"))
    return False


_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})


def _is_pronoun(text: str) -> bool:
    word = text.strip().lower()
    return word in _pronouns() or word in _RELATIVE_PRONOUNS


def _relative_antecedent(token: Token) -> Token | None:
    if token.lower_ not in _RELATIVE_PRONOUNS:
        return None
    clause = token.head
    if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return _partitive_head(clause.head)
    return None


def _partitive_head(head: Token) -> Token:
    """"some of his aides" is about the aides."""
    if head.lower_ in _QUANTIFIERS:
        of = _of_phrase(head)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if obj is not None:
            return obj
    return head


def _of_phrase(head: Token) -> Token | None:
    return next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)


def _common_noun_group(span: SpacySpan) -> bool:
    """Whether a span the recogniser took for a name is a common-noun phrase: no proper noun
    in it, and headed by a role or source noun that is plural ("Aides", "Western Officials",
    "Media Reports") or written in lower case ("the white supremacist group"). Capitals at a
    sentence start, in a headline or in a machine-translated fragment make no name of it; a
    capitalised singular head may be a name's own word ("the Republican party")."""
    head = span[-1]
    if any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in span):
        return False
    lemma = head.lemma_.lower()
    if not ({lemma, head.lower_} & (set(_role_nouns()) | word_list("source_nouns.txt"))):
        return False
    return head.tag_ == "NNS" or not any(t.text[:1].isupper() for t in span)


def _last_lemma(name: str) -> str:
    words = name.split()
    return _singular(words[-1].lower()) if words else ""


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def extract_entities(parsed: Parsed) -> EntityIndex:
    return EntityIndex(parsed)

