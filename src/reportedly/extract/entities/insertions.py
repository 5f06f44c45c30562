"""Build stage: a title the agency inserts after a name, in brackets ("Sergey Lavrov [Russian
Foreign Minister]", "Daniyar Abenov [Kazakhstan's energy minister]")."""

from __future__ import annotations

from reportedly.extract.entities.lexicon import first_names, fold, title_words, titles
from reportedly.extract.entities.phrases import clean_name
from reportedly.extract.entities.state import ClusterTable

# The longest bracketed insertion read as a title, in tokens.
MAX_INSERTION_TOKENS = 10


def bracketed_titles(table: ClusterTable) -> None:
    """A bracketed insertion right after a person's name, holding a title, gives the person
    that title, and the words before the title ("Russian", "Kazakhstan's") or the name in its
    "of" phrase ("… of Economic Development") the title's affiliation. The brackets become
    part of the person's mention, so a source written with them is the person."""
    doc = table.parsed.doc
    for token in doc:
        if token.text != "[" or token.i == 0 or token.i - 1 not in table.token_owner:
            continue
        cluster = table.clusters[table.token_owner[token.i - 1]]
        if cluster.unnamed or not ("PERSON" in cluster.labels or cluster.person_evidence or
                                   any(n.split()[0] in first_names() for n in cluster.names)):
            # A name read as a person, or starting with a listed first name, only.
            continue
        close = next((t.i for t in doc[token.i + 1:token.i + MAX_INSERTION_TOKENS]
                      if t.text == "]"), None)
        if close is None:
            continue
        inside = doc[token.i + 1:close]
        start = next((t.i for t in inside if fold(t.text) in title_words()), None)
        if start is None:
            continue
        end = start
        while end + 1 < close and fold(doc[end + 1].text) in title_words() and \
                doc[end + 1].lower_ != "of":
            end += 1
        run = doc[start:end + 1]
        title = titles().get(fold(run.text)) or titles().get(fold(doc[end].text))
        if title is None or title.kind == "honorific":
            continue
        cluster.add_title(clean_name(run.text))
        cluster.person_evidence = True
        cluster.gender = cluster.gender or title.gender
        qualifier = [t.text for t in doc[token.i + 1:start]
                     if t.text[:1].isupper() and t.tag_ != "POS"]
        if qualifier:
            cluster.add_affiliation(clean_name(" ".join(qualifier)))
        if end + 2 < close and doc[end + 1].lower_ == "of":
            cluster.add_affiliation(clean_name(doc[end + 2:close].text))
        table.claim(cluster, token.i, close)
