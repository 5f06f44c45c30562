"""One referent while the index is built, and the rules on its names: its type, its name, its
surname, and when a name form or a title is one of its own."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field

from reportedly.extract.entities.lexicon import fold, known_type, same_name, table_names
from reportedly.names import canonical_alias


@dataclass
class Cluster:
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
    # Roles the article has already called it by ("diplomat" after "the Russian diplomat").
    roles: set[str] = field(default_factory=set)
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
        if name and not any(fold(n) == fold(name) for n in self.names):
            self.names.append(name)

    def add_title(self, title: str) -> None:
        if title and not any(fold(t) == fold(title) for t in self.titles):
            self.titles.append(title)

    def add_affiliation(self, org: str) -> None:
        if org and not any(same_name(a, org) for a in self.affiliations):
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
            kind = next((t for t in map(known_type, self.names) if t), None) or \
                self.majority()
        if self.speaker_at and kind in ("LOC", "OTHER"):
            # A place that speaks is the institution seated there ("the Kremlin said").
            kind = "ORG"
        return kind

    def majority(self) -> str:
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


def _table_name(names: list[str], *, person: bool) -> str | None:
    """The alias table's canonical name for a spelling variant of a listed multi-word name
    ("Valery Zalozhny" is "Valerii Zaluzhnyi"), or for a person's surname alone when the table
    lists exactly one person with it ("Zelensky")."""
    for name in names:
        words = name.split()
        if len(words) > 1:
            found = {canonical for written, canonical in table_names()
                     if same_name(name, written)}
        elif person and all(len(n.split()) == 1 for n in names):
            found = {canonical for written, canonical in table_names()
                     if same_name(name, written.split()[-1])}
        else:
            continue
        if len(found) == 1:
            return found.pop()
    return None


def without_initials(name: str) -> str:
    """"Loretta E. Lynch" -> "Loretta Lynch": middle initials are optional in a name."""
    words = name.split()
    kept = [w for i, w in enumerate(words)
            if i in (0, len(words) - 1) or not (len(w.rstrip(".")) == 1 and w[0].isupper())]
    return " ".join(kept)


def is_surname_of(name: str, cluster: Cluster, *, variants: bool = True) -> bool:
    """Whether ``name`` is the family name of a person named in full in ``cluster``: the last
    word(s) of a fuller name ("de Blasio" of "Bill de Blasio"), or (with ``variants``, for a
    name read as a person) a spelling variant of the last word."""
    if cluster.surname is None:
        return False
    key = fold(name)
    words = key.split()
    for full in cluster.names:
        full_key = fold(full)
        if len(full_key.split()) > len(words) and full_key.endswith(" " + key):
            return True
    return variants and len(words) == 1 and same_name(name, cluster.surname)


def surely_person(cluster: Cluster) -> bool:
    """A person by more than the recogniser's word: a title, an honorific, a gender or a name
    written in full and then by its surname."""
    return cluster.person_evidence or cluster.gender is not None or cluster.surname is not None


def could_be_person(cluster: Cluster) -> bool:
    """A lone capitalised word the recogniser took for an organisation ("Stoltenberg claimed")
    may be a surname; "he" or "she" referring to it makes it a person."""
    return not cluster.unnamed and bool(cluster.speaker_at) and \
        all(len(n.split()) == 1 and not n.isupper() for n in cluster.names) and \
        not any(known_type(n) for n in cluster.names) and \
        set(cluster.labels) <= {"PERSON", "ORG"}


def holds_title(held: str, described: str) -> bool:
    """Whether a person with title ``held`` is what ``described`` names: the same title, or a
    more specific one ("Defence Minister" is "the minister")."""
    return fold(held) == fold(described) or fold(held).endswith(" " + fold(described))


def is_acronym(short: str, names: list[str]) -> bool:
    """"NATO" for "North Atlantic Treaty Organization": capitals of the long name's words."""
    if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()):
        return False
    for name in names:
        initials = "".join(w[0] for w in name.split() if w[:1].isupper())
        if len(name.split()) > 1 and initials == short:
            return True
    return False
