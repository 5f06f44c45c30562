"""Names: folding, aliases and transliteration variants, shared by the per-article entity
index and the corpus store so that one person, organisation or place gets one key everywhere.

The rule, in order:
1. fold: Unicode compatibility form, accents dropped, case folded, punctuation and a leading
   "the" removed, possessive "'s" removed, spaces collapsed;
2. alias: a folded name listed in ``data/aliases.tsv`` maps to its canonical name;
3. variants: two single-word or multi-word names are spellings of one name when every word pair
   has the same first letter, the same consonant skeleton, and an edit distance of at most two
   (Kiev/Kyiv, Zalozhny/Zaluzhnyi, Zelensky/Zelenskyy). Short words (< 4 letters) must match
   exactly, so that acronyms and short names never merge by accident.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from reportedly.lexicons import tsv_rows

_PUNCT = re.compile(r"[^\w\s-]+")
_SPACE = re.compile(r"[\s-]+")
_VOWELS = set("aeiouy")
#: Latin letters that Unicode decomposition does not reach.
_LETTER_FOLDS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae"})


def fold(name: str) -> str:
    """The comparison form of a name: ``"the Kremlin's"`` -> ``"kremlin"``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(_LETTER_FOLDS)
    text = re.sub(r"['’]s\b", "", text)
    text = _PUNCT.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@cache
def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in tsv_rows("aliases.tsv"):
        canonical = row["canonical"].strip()
        table[fold(row["alias"])] = canonical
        table.setdefault(fold(canonical), canonical)
    return table


def canonical_alias(name: str) -> str | None:
    """The canonical name the alias table gives for ``name``, if it lists it."""
    return _alias_table().get(fold(name))


def name_key(name: str) -> str:
    """A stable key for exact grouping: the folded canonical alias, else the folded name."""
    alias = canonical_alias(name)
    return fold(alias) if alias else fold(name)


def _skeleton(word: str) -> str:
    consonants = [ch for ch in word if ch not in _VOWELS]
    # Doubled letters are a transliteration choice (Zaporizhzhia/Zaporizhia is not, but
    # Zelenskyy/Zelensky is): collapse runs.
    return "".join(ch for i, ch in enumerate(consonants) if i == 0 or ch != consonants[i - 1])


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions, one each."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    return _skeleton(a) == _skeleton(b) and edit_distance(a, b) <= 2


def same_name(a: str, b: str) -> bool:
    """Whether two names are one name: equal keys, or transliteration variants word by word."""
    key_a, key_b = name_key(a), name_key(b)
    if key_a == key_b:
        return True
    words_a, words_b = key_a.split(), key_b.split()
    return (len(words_a) == len(words_b) > 0
            and all(_same_word(x, y) for x, y in zip(words_a, words_b, strict=True)))
