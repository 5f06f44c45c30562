"""Role nouns that refer back: "the Russian diplomat", "the envoy", "the head of state", "the
Institute" after the named person or organisation they describe.

**The rule.** A definite description whose head is a role in ``data/role_hypernyms.tsv``
refers to the *nearest earlier* named entity that fits the role:

- a PERSON role fits a person holding a title listed for it, or the role itself ("the
  diplomat" is an ambassador, an envoy, a foreign minister, a spokesperson …; "the leader" a
  president or a prime minister); a title fits an entry when it holds the entry's words in
  order ("Deputy Foreign Minister" fits "foreign minister");
- an ORG role fits an organisation whose name holds one of its words ("the Institute" is the
  "Institute of Economics …", "the ministry" the "Ministry of Industry …");
- a nationality or country written on the description ("the *Russian* diplomat", "the
  *Belarusian* leader") must agree with the entity's affiliations when it has any: the two
  agree when one is the other with an ending ("Russian" and "Russia").

With no named entity that fits, an earlier definite description of an office that fits is
meant ("the head of state" after "a meeting with the President of Belarus"): the source then
refers to that description. Nearest means the entity mentioned last before the description;
an entity the article has
already called by this role (the envoy after "the envoy" linked to it) comes before one that
only fits it ("The diplomat" after "Russian Ambassador X …, the Russian diplomat …, Deputy
Foreign Minister Y …" is still X). When nothing fits, the
description stays as it was (an unnamed referent, or the organisation already written with
that head noun); a pronoun after the description then follows whatever it was linked to.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from reportedly.extract.entities.cluster import Cluster
from reportedly.extract.entities.lexicon import fold
from reportedly.extract.entities.state import ClusterTable
from reportedly.lexicons import tsv_rows

# The shortest stem two nationality or country words must share to agree ("Russ…").
MIN_SHARED_STEM = 4
# How many letters each word may have beyond the shared stem ("Belarus" / "Belarusian").
MAX_ENDING = 4


@dataclass(frozen=True)
class Role:
    kind: str
    fits: tuple[str, ...]


@cache
def role_hypernyms() -> dict[str, Role]:
    out = {}
    for row in tsv_rows("role_hypernyms.tsv"):
        role = fold(row["role"])
        fits = tuple(dict.fromkeys([role, *(fold(f) for f in row["fits"].split(",") if f)]))
        out[role] = Role(row["kind"], fits)
    return out


def role_holder(table: ClusterTable, head: Token, role_text: str) -> Cluster | None:
    """The named entity a definite role description refers back to (see the module's rule),
    or None when the description is not definite, not a listed role, or nothing fits."""
    role = role_hypernyms().get(fold(role_text))
    if role is None or not definite(head):
        return None
    nationality = nationality_of(head)
    before = head.idx
    role_key = fold(role_text)
    best: tuple[bool, int, Cluster] | None = None
    for cluster in table.clusters:
        if cluster.unnamed or not cluster.mentions:
            continue
        at = cluster.latest_start_before(before)
        called = role_key in cluster.roles
        if at < 0 or (best is not None and (called, at) <= best[:2]):
            continue
        if not _fits(cluster, role):
            continue
        if nationality and cluster.affiliations and \
                not any(agree(nationality, a) for a in cluster.affiliations):
            continue
        best = (called, at, cluster)
    if best is None:
        return None
    best[2].roles.add(role_key)
    return best[2]


def _fits(cluster: Cluster, role: Role) -> bool:
    if role.kind == "PERSON":
        if cluster.type != "PERSON":
            return False
        return any(_holds_in_order(fold(t).split(), fit.split())
                   for t in cluster.titles for fit in role.fits)
    if cluster.type != "ORG":
        return False
    return any(fit in fold(n).split() for n in cluster.names for fit in role.fits)


def _holds_in_order(words: list[str], wanted: list[str]) -> bool:
    it = iter(words)
    return all(w in it for w in wanted)


def definite(head: Token) -> bool:
    # Not a possessive: "his company" is his, not the company named before.
    return any(c.lower_ in ("the", "this", "that") for c in head.lefts)


def nationality_of(head: Token) -> str | None:
    """A nationality or country written on the description ("the Russian diplomat")."""
    for child in head.lefts:
        if child.ent_type_ in ("NORP", "GPE") and child.text[:1].isupper():
            return child.text
    return None


def agree(nationality: str, affiliation: str) -> bool:
    """"Russian" agrees with "Russia", "Russian" or "Russian Foreign Ministry"."""
    a = fold(nationality)
    for word in fold(affiliation).split():
        stem = 0
        while stem < min(len(a), len(word)) and a[stem] == word[stem]:
            stem += 1
        if stem >= MIN_SHARED_STEM and len(a) - stem <= MAX_ENDING and \
                len(word) - stem <= MAX_ENDING:
            return True
    return False
