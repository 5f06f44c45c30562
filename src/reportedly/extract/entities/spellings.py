"""Build stages: one referent written several ways. An abbreviation defined in parentheses
("Eurasian Economic Union (EAEU)") is the entity before it; a person's surname spelled two ways
in one article ("Koronelli" / "Koronolli") is one person, and the variant is reported
(:func:`name_variant_diagnostics`, kind ``name_variant``)."""

from __future__ import annotations

from reportedly.extract.entities.cluster import Cluster
from reportedly.extract.entities.lexicon import fold, known_type
from reportedly.extract.entities.named import absorb
from reportedly.extract.entities.phrases import clean_name
from reportedly.extract.entities.state import ClusterTable
from reportedly.model import Diagnostic, Span
from reportedly.names import edit_distance

# The longest abbreviation read in parentheses, in letters.
MAX_ABBREVIATION = 8
# A surname differing from another by at most this many letters (insertions, deletions,
# substitutions) is the same surname misspelt, when both have at least MIN_VARIANT_LETTERS.
MAX_VARIANT_EDITS = 2
MIN_VARIANT_LETTERS = 5
# A lone word the recogniser did not read as a name needs to be closer: one letter.
MAX_LONE_WORD_EDITS = 1


def join_abbreviations(table: ClusterTable) -> None:
    """"the Eurasian Economic Union (EAEU)": the word in parentheses right after a name is
    that entity's abbreviation, wherever it is written again ("the EAEU")."""
    doc = table.parsed.doc
    for token in doc:
        if token.text != "(" or token.i < 1 or token.i + 2 >= len(doc) or \
                doc[token.i + 2].text != ")":
            continue
        short = doc[token.i + 1]
        if not _abbreviation(short.text):
            continue
        before = token.i - 1
        full_key = table.token_owner.get(before)
        short_key = table.token_owner.get(short.i)
        if full_key is None:
            full = _unnamed_name_before(table, before)
            if full is None or short_key is None:
                continue
            # "Energomist (EM)" with only "EM" recognised: the name before is its full form.
            cluster = table.clusters[short_key]
            cluster.names.insert(0, full[2])
            table.mention(cluster, full[0], full[1])
            continue
        cluster = table.clusters[full_key]
        if cluster.unnamed or cluster.type not in ("ORG", "OTHER"):
            # A person has no abbreviation; a place before it ("Ministry of Industry of
            # Belarus (Minprom)") is part of a longer name.
            continue
        if short_key is None:
            cluster.add_name(short.text)
            table.mention(cluster, short.i, short.i)
        elif short_key != full_key and not table.clusters[short_key].unnamed and \
                table.clusters[short_key].type != "PERSON":
            _absorb_abbreviation(table, cluster, table.clusters[short_key])
        cluster.add_name(short.text)
        for other in table.clusters:
            # The abbreviation written elsewhere and read as an entity of its own.
            if other is not cluster and other.mentions and not other.unnamed and \
                    all(fold(n) == fold(short.text) for n in other.names):
                _absorb_abbreviation(table, cluster, other)
    # Later "EAEU" the recogniser left out are found by the repeated-names stage.


def _absorb_abbreviation(table: ClusterTable, full: Cluster, short: Cluster) -> None:
    """The recogniser's guesses on a bare abbreviation ("VISR" read as a person) do not
    outweigh its full name's."""
    labels, evidence, gender = full.labels.copy(), full.person_evidence, full.gender
    described = full.described_as.copy()
    absorb(table, full, short)
    full.labels, full.person_evidence, full.gender = labels, evidence, gender
    full.described_as = described


def _abbreviation(word: str) -> bool:
    return 2 <= len(word) <= MAX_ABBREVIATION and word.isalpha() and word[0].isupper() and \
        sum(ch.isupper() for ch in word) >= 2


def _unnamed_name_before(table: ClusterTable, last: int) -> tuple[int, int, str] | None:
    doc = table.parsed.doc
    first = last
    while first >= doc[last].sent.start and doc[first].pos_ == "PROPN" and \
            doc[first].text[:1].isupper() and first not in table.token_owner:
        first -= 1
    first += 1
    if first > last:
        return None
    return first, last, clean_name(doc[first:last + 1].text)


def join_name_variants(table: ClusterTable) -> None:
    """A person written with a surname a letter or two away from an earlier person's, with
    the same first name, the same title or no first name at all ("Pavel Kuzmitch" after
    "Pavel Kuzmich", "Ambassador Volkin" after "Ambassador … Volkhin"), is that person."""
    persons = sorted((c for c in table.clusters if c.mentions and not c.unnamed
                      and (c.type == "PERSON" or _lone_word(c))), key=lambda c: c.first)
    for later in persons:
        if not later.mentions:
            continue
        matches = [c for c in persons if c is not later and c.mentions and c.first < later.first
                   and _variant_of(later, c)]
        if len(matches) == 1:
            absorb(table, matches[0], later)
    _variant_words(table)


def _variant_words(table: ClusterTable) -> None:
    """A lone capitalised word the recogniser left out, one letter away from one
    person's surname ("Dovbysh" after "Halyna Dovbush"), is a mention of that person; a
    plural or possessive of the surname is not."""
    doc = table.parsed.doc
    surnames = [(c.surname, c) for c in table.clusters
                if c.mentions and not c.unnamed and c.surname]
    for token in doc:
        if token.i in table.token_owner or token.pos_ != "PROPN" or \
                not token.text[:1].isupper() or token.text.isupper() or \
                token.ent_type_ not in ("", "PERSON", "ORG"):
            # A date, a place or a number is no surname ("Monday" is not "Mondale").
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue
        near = {c.key: c for surname, c in surnames
                if surname and _close(token.text, surname, MAX_LONE_WORD_EDITS)
                and not _plural_of(token.text, surname)}
        if len(near) == 1:
            table.mention(next(iter(near.values())), token.i, token.i)


def _lone_word(cluster: Cluster) -> bool:
    """A single capitalised word the recogniser read as an organisation may be a misspelt
    surname ("Valaitite" after "Ruta Valaityte")."""
    return cluster.type in ("ORG", "GPE", "OTHER") and \
        all(len(n.split()) == 1 and not n.isupper() and not known_type(n)
            for n in cluster.names)


def _variant_of(later: Cluster, earlier: Cluster) -> bool:
    surname = earlier.surname
    if surname is None:
        return False
    first = next(n.split()[0] for n in earlier.names if len(n.split()) > 1)
    same_title = any(fold(t) == fold(u) for t in later.titles for u in earlier.titles)
    for name in later.names:
        words = name.split()
        if not _close(words[-1], surname) or _plural_of(words[-1], surname):
            continue
        if len(words) == 1 or fold(words[0]) == fold(first) or same_title:
            return True
    return False


def _close(a: str, b: str, most: int = MAX_VARIANT_EDITS) -> bool:
    a, b = fold(a), fold(b)
    if a == b or min(len(a), len(b)) < MIN_VARIANT_LETTERS or a[0] != b[0]:
        return False
    return edit_distance(a, b) <= most


def _plural_of(word: str, surname: str) -> bool:
    """"the Clintons" is the family, not "Clinton" misspelt."""
    return fold(word) in (fold(surname) + "s", fold(surname) + "es")


def name_variant_diagnostics(table: ClusterTable) -> tuple[Diagnostic, ...]:
    """One ``name_variant`` diagnostic per surname spelling of a person other than the first
    one written, on its first mention."""
    text = table.parsed.text
    out = []
    for cluster in table.clusters:
        if not cluster.id.startswith("E") or cluster.type != "PERSON":
            continue
        surname = cluster.surname
        if surname is None:
            continue
        reported: set[str] = set()
        for start, end in sorted(cluster.mentions):
            words = text[start:end].split()
            last = words[-1].strip(".,;:'’\"“”[]()") if words else ""
            if fold(last) == fold(surname) or fold(last) in reported or \
                    not _close(last, surname) or _plural_of(last, surname):
                continue
            reported.add(fold(last))
            at = start + text[start:end].rindex(last)
            out.append(Diagnostic(
                "name_variant", Span.of(text, at, at + len(last)),
                f"'{last}' is taken to be '{surname}', the same person ({cluster.name}): "
                "one surname spelt two ways"))
    return tuple(out)
