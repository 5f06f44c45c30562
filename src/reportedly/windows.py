"""Long texts parsed in windows and joined into one Doc, with character offsets kept exact.

The parser's cost and memory grow with a document's length, and spaCy's tokenizer is
quadratic in the length of a run of characters without a space that it peels affixes off
(a line of 100,000 quotation marks). So a text longer than :data:`WINDOW_CHARS` is cut into
windows of at most that many characters, each parsed alone, and the parses joined into one Doc
whose text is the text itself: every token keeps its offset, and the extractors run once over
the whole article. A window ends after a line break where there is one in its second half, else
after a sentence's closing punctuation and the space after it, else after a space, else at
:data:`WINDOW_CHARS` (a line of that length without a space).

A run of more than :data:`LONG_RUN_CHARS` characters without a space is read as tokens of
that many characters rather than tokenised (news has no such runs; URLs are far shorter).

A text of at most :data:`WINDOW_CHARS` characters without such a run is parsed whole, exactly
as ``nlp(text)`` does.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

#: The longest window parsed at once, in characters (a long news article is 20,000).
WINDOW_CHARS = 100_000
#: The longest run of non-space characters the tokenizer is given; longer ones are cut.
LONG_RUN_CHARS = 100

_NON_SPACE_RUN = re.compile(r"\S+")
# A sentence's end and the whitespace after it: a closing mark, quotes or brackets after it.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")


def parse_in_windows(nlp: Language, text: str) -> Doc:
    """The parse of ``text`` by ``nlp``: whole when it fits one window, else window by window,
    joined (``doc.text == text`` either way)."""
    if fits_one_window(text):
        return nlp(text)
    docs = [nlp(_tokenized(nlp, text[start:end])) for start, end in windows(text)]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    assert doc.text == text  # the windows cover the text, in order, without a gap
    return doc


def fits_one_window(text: str) -> bool:
    """Whether ``text`` is parsed whole: short, with no run that must be cut."""
    return len(text) <= WINDOW_CHARS and not _has_long_run(text)


def windows(text: str) -> list[tuple[int, int]]:
    """(start, end) of each window: consecutive, covering ``text``, none empty and none
    longer than :data:`WINDOW_CHARS`."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > WINDOW_CHARS:
        end = _cut(text, start, start + WINDOW_CHARS)
        bounds.append((start, end))
        start = end
    if start < len(text) or not bounds:
        bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, limit: int) -> int:
    """Where the window from ``start`` ends, at most at ``limit``. Only the window's second
    half is searched, so that every window is long and the search stays linear overall."""
    half = start + (limit - start) // 2
    newline = text.rfind("\n", half, limit)
    if newline >= 0:
        return newline + 1
    last_sentence = None
    for m in _SENTENCE_END.finditer(text, half, limit):
        last_sentence = m
    if last_sentence is not None:
        return last_sentence.end()
    for i in range(limit - 1, half - 1, -1):
        if text[i].isspace():
            return i + 1
    return limit


def _has_long_run(text: str) -> bool:
    return any(m.end() - m.start() > LONG_RUN_CHARS for m in _NON_SPACE_RUN.finditer(text))


def _tokenized(nlp: Language, window: str) -> str | Doc:
    """The window as ``nlp`` takes it: the text itself, or, when it holds a run longer than
    :data:`LONG_RUN_CHARS`, a Doc made by the tokenizer between such runs and of the runs cut
    into pieces of that length."""
    if not _has_long_run(window):
        return window
    words: list[str] = []
    spaces: list[bool] = []

    def tokenize(piece: str) -> None:
        if piece:
            for token in nlp.tokenizer(piece):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))

    pos = 0
    for m in _NON_SPACE_RUN.finditer(window):
        if m.end() - m.start() <= LONG_RUN_CHARS:
            continue
        tokenize(window[pos:m.start()])
        for k in range(m.start(), m.end(), LONG_RUN_CHARS):
            words.append(window[k:min(k + LONG_RUN_CHARS, m.end())])
            spaces.append(False)
        pos = m.end()
    tokenize(window[pos:])
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == window
    return doc
