"""Corpus-level entities: one row per person, organisation or place across all articles.

Only proper names are shared across articles. A source that names no one ("a senior
official", "Western officials") has no entity in its Analysis and gets no corpus entity either:
the store groups such sources by their words (``attributions.source_key``), never as an entity.
An article entity named by a description ("presidential candidate", "senator of Florida";
older Analyses have such entities) is a corpus entity of its own article: the same words in
two articles need not mean the same person. A description that ends
in a name of two or more capitalised words ("Democratic nominee Hillary Clinton") stands for
that name.

The rule, applied in this order to a name's key (``reportedly.names.name_key``: folded, with
the alias table applied; middle initials dropped, so "Donald J. Trump" is "donald trump"):

1. the key is already known -> that entity;
2. a known key with the same word initials is a transliteration variant of it
   (``reportedly.names.same_name``: Zaluzhny / Zaluzhnyi) -> that entity;
3. persons: a surname alone ("Stoltenberg") goes to the first person seen with that surname
   ("Jens Stoltenberg"), and a full name goes to a person known so far by its surname only;
4. persons: a name whose last two or more words are a person's known full name ("NATO
   chief Jens Stoltenberg", "Crooked Hillary Clinton") -> that person;
5. otherwise a new entity.

A name scarred by mojibake ("FranÃ§ois Hollande") is read back first (``ftfy``), so it is
known and shown by its intended spelling. Every key that led to an entity is remembered, as
are the article entity's aliases, so the rule gets the same answer for the same name whatever
the article. The order articles arrive in decides ties (two persons with one surname), and
ingest processes them in input order, so the result is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import ftfy
from sqlalchemy import Connection, insert, select, update

from reportedly.lexicons import tsv_column, word_list
from reportedly.names import fold, name_key, same_name
from reportedly.pronouns import pronoun_set
from reportedly.store.db import inserted_id
from reportedly.store.schema import MAX_KEY, entities, entity_keys

PERSONISH = ("PERSON", "OTHER")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
#: Longest source text taken for a name when no entity covers it.
MAX_NAME_WORDS = 5
#: A capitalised plural role noun with at most this many words is a group, not a name
#: ("Western Officials"); a longer one may name an association ("United Auto Workers").
MAX_GROUP_WORDS = 2


def initials(key: str) -> str:
    return "".join(word[0] for word in key.split())


def corpus_key(name: str) -> str:
    """The key a name is known by in the store: its name key without middle initials."""
    words = name_key(name).split()
    kept = [w for i, w in enumerate(words) if len(w) > 1 or i in (0, len(words) - 1)]
    return " ".join(kept)[:MAX_KEY]


def _capitalised(word: str) -> bool:
    # Scripts without letter case have no capitals to go by: such a word counts as one.
    return word[0].isupper() or word[0].lower() == word[0].upper()


def proper_name(name: str) -> str | None:
    """The proper name an article entity's name holds, or None when it is a description.

    A proper name has every word capitalised, apart from connecting words inside it ("Bank of
    America"). Otherwise its last capitalised words are the name when there are two or more
    and a descriptive word, not a connecting one, stands before them ("Democratic nominee
    Hillary Clinton"; not "head of the Federal Reserve")."""
    connecting = not_name_words()
    found = list(_WORD.finditer(name))
    while found and found[0].group().lower() in connecting:  # "the White House"
        found.pop(0)
    words = [m.group() for m in found]
    if not words:
        return None
    if _capitalised(words[0]) and all(_capitalised(w) or w.lower() in connecting
                                      for w in words):
        return name[found[0].start():].strip()
    first = len(words)  # where the capitalised ending starts
    while first > 0 and _capitalised(words[first - 1]):
        first -= 1
    if len(words) - first < 2 or words[first - 1].lower() in connecting:
        return None
    return name[found[first].start():].strip()


@cache
def not_name_words() -> frozenset[str]:
    return pronoun_set("nameless") | word_list("function_words.txt")


def is_pronoun(text: str) -> bool:
    return fold(text) in pronoun_set("nameless")


def _title_word(word: str) -> bool:
    return word.rstrip(".").lower() in word_list("person_titles.txt")


def _lower_elsewhere(word: str, article_text: str) -> bool:
    """A capitalised word the article also writes in lower case is a common word that stands
    at the start of a sentence ("Officials said …" / "… officials said")."""
    return re.search(rf"\b{re.escape(word.lower())}\b", article_text) is not None


def source_name(source_text: str, article_text: str) -> tuple[str, str] | None:
    """The proper name in a source that no entity covers, and its type, or None.

    A name is every word capitalised (connecting words such as "of" aside), at most a few
    words, after dropping leading titles ("Senator", "Mr.") and leading common words
    capitalised by the sentence start or counting a group ("Some in Ivre"); a capitalised
    group ("Officials", "Western Officials") is none. It is a person when a title preceded it,
    or when it has two or three words and the article also uses its last word alone (first
    mention in full, then the surname: the news convention)."""
    words = _WORD.findall(source_text)
    titled = False
    while words and words[0][0].isupper() and (
            _title_word(words[0]) or _lower_elsewhere(words[0], article_text)
            or words[0].lower() in word_list("quantifiers.txt")):
        titled = titled or _title_word(words[0])
        words = words[1:]
    if not words or len(words) > MAX_NAME_WORDS or words[0].lower() in not_name_words():
        return None
    content = [w for w in words if w.lower() not in not_name_words()]
    if not content or not all(w[0].isupper() for w in content):
        return None
    if len(content) <= MAX_GROUP_WORDS and _plural_role(content[-1]):
        return None  # "Officials", "Western Officials": a group, capitalised, names no one
    name = source_text[source_text.index(words[0]):source_text.rindex(words[-1]) + len(words[-1])]
    surname_alone = len(content) in (2, 3) and len(re.findall(
        rf"\b{re.escape(content[-1])}\b", article_text)) > len(re.findall(
            rf"\b{re.escape(name)}", article_text))
    return name, "PERSON" if titled or surname_alone else "OTHER"


def _plural_role(word: str) -> bool:
    """Whether a word is the plural of a role noun ("officials", "aides", "analysts")."""
    word = word.lower()
    if not word.endswith("s") or word.endswith("ss"):
        return False
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    return singular in tsv_column("role_nouns.tsv", "lemma")


def looks_like_name(source_text: str, article_text: str) -> bool:
    return source_name(source_text, article_text) is not None


class EntityResolver:
    """Finds or creates the corpus entity for a name, on the ingest connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def resolve(self, name: str, type_: str = "OTHER", aliases: Iterable[str] = ()) -> int | None:
        name = ftfy.fix_encoding(name)
        aliases = [ftfy.fix_encoding(alias) for alias in aliases]
        key = corpus_key(name)
        if not key:
            return None
        entity_id = self._find(name, key, type_)
        if entity_id is None:
            entity_id = self._create(name, type_)
        self._remember(key, entity_id)
        if type_ == "PERSON" and len(key.split()) > 1:
            self._remember(key.split()[-1], entity_id)
        for alias in aliases:
            alias_key = corpus_key(alias)
            if alias_key:
                self._remember(alias_key, entity_id)
        return entity_id

    def local(self, name: str, type_: str) -> int:
        """A corpus entity for one article's description of someone: no key, never shared."""
        return self._create(name, type_)

    # -- the rule -----------------------------------------------------------------------------
    def _find(self, name: str, key: str, type_: str) -> int | None:
        c = self.connection
        found = c.execute(select(entity_keys.c.entity_id).where(entity_keys.c.key == key)) \
            .scalar()
        if found is None:
            candidates = c.execute(
                select(entity_keys.c.key, entity_keys.c.entity_id)
                .where(entity_keys.c.initials == initials(key))
                .order_by(entity_keys.c.entity_id, entity_keys.c.key)).all()
            found = next((eid for other, eid in candidates if same_name(key, other)), None)
        if found is None and type_ in PERSONISH and len(key.split()) > 1:
            found = self._person_known_by_surname(key.split()[-1])
            if found is not None:
                # The full name is the better display name.
                c.execute(update(entities).where(entities.c.id == found)
                          .values(name=name.strip()))
        if found is None and type_ in PERSONISH and len(key.split()) > 2:
            found = self._person_known_by_full_name_ending(key)
        if found is not None and type_ != "OTHER":
            c.execute(update(entities)
                      .where(entities.c.id == found, entities.c.type == "OTHER")
                      .values(type=type_))
        return found

    def _person_known_by_surname(self, surname: str) -> int | None:
        row = self.connection.execute(
            select(entities.c.id, entities.c.name)
            .join(entity_keys, entity_keys.c.entity_id == entities.c.id)
            .where(entity_keys.c.key == surname, entities.c.type.in_(PERSONISH))).first()
        if row is None or len(corpus_key(row.name).split()) != 1:
            return None
        return int(row.id)

    def _person_known_by_full_name_ending(self, key: str) -> int | None:
        words = key.split()
        for first in range(1, len(words) - 1):  # the longest ending first
            row = self.connection.execute(
                select(entities.c.id)
                .join(entity_keys, entity_keys.c.entity_id == entities.c.id)
                .where(entity_keys.c.key == " ".join(words[first:]),
                       entities.c.type == "PERSON")).first()
            if row is not None:
                return int(row.id)
        return None

    def _create(self, name: str, type_: str) -> int:
        result = self.connection.execute(insert(entities).values(name=name.strip(), type=type_))
        return inserted_id(result)

    def _remember(self, key: str, entity_id: int) -> None:
        exists = self.connection.execute(
            select(entity_keys.c.key).where(entity_keys.c.key == key)).first()
        if exists is None:
            self.connection.execute(insert(entity_keys).values(
                key=key, entity_id=entity_id, initials=initials(key)))
