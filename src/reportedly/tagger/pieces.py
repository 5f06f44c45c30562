"""BERT's uncased WordPiece tokenizer (the ``tokenizers`` library), for words the parser has
already split.

The encoder under the attribution tagger reads word pieces from its own vocabulary, shipped
beside the model (``vocab.txt``). Each parser token is tokenised alone, so that every piece
belongs to exactly one token: lower-casing, accents stripped, punctuation split off, greedy
longest-match pieces, as the encoder was trained.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tokenizers import Tokenizer
from tokenizers.models import WordPiece
from tokenizers.normalizers import BertNormalizer
from tokenizers.pre_tokenizers import BertPreTokenizer

UNKNOWN, CLS, SEP = "[UNK]", "[CLS]", "[SEP]"
#: Words longer than this are one unknown piece, as in BERT.
MAX_WORD_CHARS = 100


class WordPieces:
    """Word pieces (vocabulary ids) of one token's text."""

    def __init__(self, vocab: Path) -> None:
        lines = vocab.read_text(encoding="utf-8").splitlines()
        vocabulary = {piece: i for i, piece in enumerate(lines)}
        self.unknown, self.cls, self.sep = (vocabulary[t] for t in (UNKNOWN, CLS, SEP))
        tokenizer = Tokenizer(WordPiece(vocabulary, unk_token=UNKNOWN,
                                        max_input_chars_per_word=MAX_WORD_CHARS))
        tokenizer.normalizer = BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                              strip_accents=None, lowercase=True)
        tokenizer.pre_tokenizer = BertPreTokenizer()
        self.tokenizer = tokenizer
        self.pieces = lru_cache(maxsize=200_000)(self._pieces)

    def _pieces(self, text: str) -> tuple[int, ...]:
        return tuple(self.tokenizer.encode([text], is_pretokenized=True,
                                           add_special_tokens=False).ids)
