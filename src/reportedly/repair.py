"""The analysis copy of an article: damage repaired for the parser, offsets unchanged.

Every repair here replaces characters one for one, so the copy has the same length as the
article and offsets need no mapping. Each repair is reported as a Diagnostic with the text it
replaced and what the copy used instead: repaired for analysis, never hidden.
"""

from __future__ import annotations

import re

from reportedly.lexicons import word_list
from reportedly.model import Diagnostic, Span

CLOSING_QUOTES = "”’\"»"
_CAP_AFTER_QUOTE = re.compile(r"(?<=[^\s.!?…,;:])([”\"»])([ \t]+)([A-Z][a-z]+)\b")


# Two straight single marks used as one double quotation mark ('' … ''), as some newswires
# write them: the parser reads them as neither opening nor closing and hangs an opening one on
# the sentence before.
_DOUBLED_STRAIGHT = re.compile(r"(?<!')''(?!')")


def _curly_double(text: str, i: int) -> tuple[str, str] | None:
    """The two characters that stand for the doubled straight mark at ``i`` in the analysis
    copy: the curly mark of its direction and a space on its inner side (the copy keeps the
    text's length), or None when its direction is unclear (between two letters)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 2] if i + 2 < len(text) else " "
    if (before.isspace() or before in "([{—–-") and not after.isspace():
        return "“", " "
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
        return " ", "”"
    return None


def prepare(text: str) -> tuple[str, list[Diagnostic]]:
    """Return the analysis copy of ``text`` (same length) and the diagnostics of its repairs."""
    chars = list(text)
    diagnostics: list[Diagnostic] = []
    for m in _CAP_AFTER_QUOTE.finditer(text):
        word = m.group(3)
        # Only closed-class words are lowered: a capitalised content word may be a name.
        if word.lower() not in word_list("function_words.txt"):
            continue
        start, end = m.start(3), m.end(3)
        repaired = word[0].lower() + word[1:]
        chars[start] = repaired[0]
        diagnostics.append(Diagnostic(
            "mt_capitalised_after_quote", Span.of(text, start, end),
            f"capitalised {word!r} straight after a closing quote, mid-sentence: a sign of machine "
            "translation or of a lost full stop; the analysis reads it lower-case",
            repaired))
    for m in _DOUBLED_STRAIGHT.finditer(text):
        mark = _curly_double(text, m.start())
        if mark is not None:
            chars[m.start()], chars[m.start() + 1] = mark
    copy = "".join(chars)
    assert len(copy) == len(text)
    return copy, diagnostics
