"""Entities: canonical people, organisations and places, their mentions, titles and aliases.

Rules over the parse, in the order the index is built (:data:`BUILD_STAGES`, in
:mod:`.index`):

1. *Names*: every named-entity span (people, organisations, places, facilities, and national or
   religious groups when written as a plural noun, "the Ukrainians") is a mention. A mention
   joins an existing entity when :func:`reportedly.names.same_name` says the names are one
   (spelling variants, aliases), when it is the surname of a person already named in full
   ("Stoltenberg" after "Jens Stoltenberg", whatever type the recogniser gave it), or when it is
   an acronym of a longer name. Titles and honorifics right before a name ("NATO Secretary
   General", "the bloc's Secretary General", "Mr") are collected on the person, with the
   organisation that qualifies them ("NATO") kept as an affiliation.
   Titles are read wherever agency copy writes them: across "of" phrases ("Minister of
   Industry of Belarus Pavel Kuzmich", "Ambassador to Chile …"), in brackets after the name
   ("Sergey Lavrov [Russian Foreign Minister]", :mod:`.insertions`) and in apposition
   ("Helena Kask, a lead analyst at MERICS,", for the roles in ``data/occupations.txt``). A
   person after a title is found when the recogniser missed the name (a listed first name and
   the words after it).
2. *Repeated names* the recogniser missed are found by exact search for the forms already known.
   An abbreviation defined in parentheses ("Eurasian Economic Union (EAEU)") is its full name's
   entity wherever it is written (:mod:`.spellings`).
3. *Descriptions*: a noun phrase headed by a title with no name ("the Secretary General of NATO",
   "the NATO chief") is a mention of the person holding that title in the article (the same title
   and a compatible affiliation); a noun phrase headed by a role noun ("the ministry" after "the
   Russian Defense Ministry") is the organisation already named with that head noun.
   A description that refers to no one named ("a senior official", "Western officials", "some of
   his aides", "the mayor of Gdansk" when the mayor is never named) is an *unnamed referent*: it
   is kept, so that "he" or "the official" later can be told to refer to it, but it is no entity,
   and a source that refers to it has no ``entity_id``.
   A definite role noun ("the Russian diplomat", "the envoy", "the head of state", "the
   Institute") refers back to the nearest earlier named entity it fits, by the role hypernyms
   of ``data/role_hypernyms.tsv`` (:mod:`.roles`, where the rule is stated in full).
   A surname spelt a letter or two differently ("Kuzmitch" after "Pavel Kuzmich", with the same
   first name, the same title or none) is the same person, reported by a ``name_variant``
   diagnostic.
4. *Gender* of a person comes from honorifics, gendered titles, and "he"/"she" when only one
   person stands before the pronoun.
5. *Types* are decided from context first: a name with a personal title, an honorific or a
   gender is a PERSON; then the table of well-known names (``data/entity_types.tsv``); then the
   majority of the recogniser's labels. A speaker is never a place: a location or facility
   that speaks ("the Kremlin said") is an ORG. A country that speaks ("Russia said") stays a GPE:
   the state is an actor and its name still denotes the place in the rest of the article.

After the attributions are found, :func:`link_speakers` links each source to what it refers to
and records it as a speaker; every rule a pronoun or a role noun follows to find its person is
in :mod:`.coreference`.

The files: :mod:`.index` (the index and its build stages), :mod:`.state` (the cluster table the
stages write), :mod:`.cluster` (one referent and its name rules), :mod:`.lexicon` (word tables),
:mod:`.phrases` (noun-phrase grammar), :mod:`.named`, :mod:`.insertions`, :mod:`.spellings`,
:mod:`.descriptions` and :mod:`.genders` (build stages), :mod:`.roles` (role nouns that refer
back), :mod:`.coreference` (resolving a source, linking the speakers).
"""

from __future__ import annotations

from reportedly.document import Parsed
from reportedly.extract.entities.coreference import link_speakers
from reportedly.extract.entities.index import BUILD_STAGES, EntityIndex

__all__ = ["BUILD_STAGES", "EntityIndex", "extract_entities", "link_speakers"]


def extract_entities(parsed: Parsed) -> EntityIndex:
    return EntityIndex(parsed)
