"""BERT's uncased WordPiece tokenizer, for words the parser has already split.

The encoder under the attribution tagger reads word pieces from its own vocabulary. This is the
tokenizer it was trained with (lower-casing, accents stripped, punctuation split off, greedy
longest-match pieces), applied to one parser token at a time so that every piece belongs to
exactly one token. A test checks it against the reference implementation (the ``tokenizers``
library) on real news text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from functools import lru_cache

UNKNOWN = "[UNK]"
#: Words longer than this are one unknown piece, as in the reference tokenizer.
MAX_WORD_CHARS = 100


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    # ASCII symbols count as punctuation too ("$", "^", "`"), as in BERT.
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F
            or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF
            or 0x2F800 <= cp <= 0x2FA1F)


def _normalized(text: str) -> str:
    """Control characters dropped, spaces unified, CJK characters set apart, lower case,
    accents stripped."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp in (0, 0xFFFD) or (ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf")):
            continue
        if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif _is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    lowered = "".join(out).lower()
    return "".join(c for c in unicodedata.normalize("NFD", lowered)
                   if unicodedata.category(c) != "Mn")


def _words(text: str) -> Iterator[str]:
    for chunk in _normalized(text).split():
        word: list[str] = []
        for ch in chunk:
            if _is_punctuation(ch):
                if word:
                    yield "".join(word)
                    word = []
                yield ch
            else:
                word.append(ch)
        if word:
            yield "".join(word)


class WordPiece:
    """Word pieces (vocabulary ids) of one token's text."""

    def __init__(self, vocabulary: Mapping[str, int]) -> None:
        self.vocabulary = vocabulary
        self.unknown = vocabulary[UNKNOWN]
        self.pieces = lru_cache(maxsize=200_000)(self._pieces)

    def _pieces(self, text: str) -> tuple[int, ...]:
        ids: list[int] = []
        for word in _words(text):
            ids.extend(self._word(word))
        return tuple(ids)

    def _word(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.unknown]
        pieces, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocabulary.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unknown]  # a word with no way through the vocabulary
            pieces.append(found)
            start = end
        return pieces
