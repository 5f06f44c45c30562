"""Build stages: a person's gender from a listed first name, and from a lone "he" or "she"
after them (honorifics and gendered titles give it earlier, when names are collected)."""

from __future__ import annotations

from spacy.tokens import Token

from reportedly.extract.entities.lexicon import first_names
from reportedly.extract.entities.state import ClusterTable
from reportedly.pronouns import antecedent_pronouns

# How far back (in sentences) a lone he/she may look to learn a person's gender.
GENDER_WINDOW_SENTENCES = 3


def genders_from_first_names(table: ClusterTable) -> None:
    for cluster in table.clusters:
        if cluster.gender is None and cluster.type == "PERSON" and not cluster.unnamed:
            for name in cluster.names:
                words = name.split()
                if len(words) > 1 and words[0] in first_names():
                    cluster.gender = first_names()[words[0]]
                    break


def learn_genders(table: ClusterTable) -> None:
    """A subject he/she after exactly one person named in the sentences before tells that
    person's gender."""
    doc = table.parsed.doc
    for token in doc:
        entry = antecedent_pronouns().get(token.lower_)
        if token.pos_ != "PRON" or entry is None or entry[0] is None or \
                token.dep_ not in ("nsubj", "nsubjpass") or _in_quotation(table, token):
            continue
        window_start = token.sent.start
        for _ in range(GENDER_WINDOW_SENTENCES):
            if window_start > 0:
                window_start = doc[window_start - 1].sent.start
        persons = {table.token_owner[i] for i in range(window_start, token.i)
                   if i in table.token_owner}
        persons = {k for k in persons if table.clusters[k].type == "PERSON"
                   and not table.clusters[k].group}
        if len(persons) == 1:
            cluster = table.clusters[persons.pop()]
            cluster.gender = cluster.gender or entry[0]


def _in_quotation(table: ClusterTable, token: Token) -> bool:
    """Whether a token stands inside quoted speech (an odd number of marks before it in
    its paragraph), where "he" may be anyone the speaker talks about."""
    text = table.parsed.text
    start = text.rfind("\n", 0, token.idx) + 1
    before = text[start:token.idx]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")
