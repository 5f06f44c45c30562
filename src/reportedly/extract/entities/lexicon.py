"""The word tables the entity rules read, loaded once, and name comparisons remembered.

Titles (``data/titles.tsv``), role nouns (``data/role_nouns.tsv``), first names
(``data/first_names.tsv``), well-known names and their types (``data/entity_types.tsv``) and
the alias table (``data/aliases.tsv``); pronouns are read from the one pronoun table through
:mod:`reportedly.pronouns`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from reportedly import names
from reportedly.lexicons import tsv_rows
from reportedly.pronouns import pronoun_set

# Types that can say something.
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Words dropped at the edges of a mention: articles and the possessive.
EDGE_WORDS = frozenset({"the", "a", "an", "'s", "’s", "'", "’"})
# Determiners and quantifiers dropped from the name of an unnamed source ("some of his aides").
QUANTIFIERS = frozenset({"the", "a", "an", "some", "several", "many", "few", "other", "two",
                         "three", "all", "one", "most", "this", "that", "these", "those"})
# Relative pronouns: "officials who said …" is about the officials.
RELATIVE_PRONOUNS = pronoun_set("relative")
# Remembered name comparisons, bounded so that a long batch does not grow without end.
NAME_CACHE_SIZE = 1 << 16


@dataclass(frozen=True)
class Title:
    kind: str
    gender: str | None


NO_TITLE = Title("", None)


@cache
def titles() -> dict[str, Title]:
    return {names.fold(r["title"]): Title(r["kind"], None if r["gender"] == "-" else r["gender"])
            for r in tsv_rows("titles.tsv")}


@cache
def title_words() -> frozenset[str]:
    return frozenset(w for t in titles() for w in t.split())


@cache
def role_nouns() -> dict[str, str]:
    return {r["lemma"]: r["type"] for r in tsv_rows("role_nouns.tsv")}


@cache
def _known_types() -> tuple[tuple[str, str], ...]:
    return tuple((r["name"], r["type"]) for r in tsv_rows("entity_types.tsv"))


@cache
def known_keys() -> dict[str, str]:
    """name key -> type for the well-known names, their aliases included."""
    return {names.name_key(name): kind for name, kind in _known_types()}


@lru_cache(maxsize=NAME_CACHE_SIZE)
def known_type(name: str) -> str | None:
    exact = known_keys().get(name_key(name))
    if exact:
        return exact
    return next((t for known, t in _known_types() if same_name(name, known)), None)


@cache
def first_names() -> dict[str, str]:
    return {r["name"]: r["gender"] for r in tsv_rows("first_names.tsv")}


@cache
def table_names() -> tuple[tuple[str, str], ...]:
    """(written form, canonical name) for every multi-word name in the alias table."""
    rows = tsv_rows("aliases.tsv")
    pairs = [(r["alias"], r["canonical"]) for r in rows] + \
        [(r["canonical"], r["canonical"]) for r in rows]
    return tuple(dict.fromkeys(p for p in pairs if len(p[0].split()) > 1))


# Names are compared many times while an article is indexed: the comparisons of
# :mod:`reportedly.names`, remembered.
fold = lru_cache(maxsize=NAME_CACHE_SIZE)(names.fold)
name_key = lru_cache(maxsize=NAME_CACHE_SIZE)(names.name_key)


@lru_cache(maxsize=NAME_CACHE_SIZE)
def same_name(a: str, b: str) -> bool:
    key_a, key_b = name_key(a), name_key(b)
    if key_a == key_b:
        return True
    # Variants agree in word count and first letter: skip the full comparison otherwise.
    if not key_a or not key_b or key_a[0] != key_b[0] or \
            key_a.count(" ") != key_b.count(" "):
        return False
    return names.same_name(a, b)
