"""Diagnostics of machine-translation and punctuation damage, found on the parse.

Each is a sign, not a verdict: it points at the characters and says what looks wrong, so a
reader can judge. The repairs made for analysis are reported by :mod:`reportedly.repair`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import ftfy
from spacy.tokens import Span as SpacySpan

from reportedly.document import Parsed
from reportedly.extract.attributions.furniture import furniture_lines
from reportedly.model import Diagnostic
from reportedly.quotes import StrayMark
from reportedly.reporting_verbs import is_reporting_verb

# "significant and significant": a word coordinated with itself.
_REPEATED_COORDINATION = re.compile(r"\b(\w{3,}) (?:and|or) \1\b", re.IGNORECASE)
MAX_DETACHED_CUE_TOKENS = 4
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# A run of text holding the first characters UTF-8's two-byte sequences turn into when read as
# Windows-1252 or Latin-1 ("FranÃ§ois", "itâ€™s", Cyrillic as "Ð¡Ð¾"); ftfy then decides.
# A run of non-space characters, and the marks of mojibake in one. Runs are found first and
# then searched, rather than by one pattern "[^\s]*(?:Ã|…)[^\s]*", which is quadratic in the
# length of a run without a mark (a long line without spaces).
_NON_SPACE_RUN = re.compile(r"\S+")
_MOJIBAKE_MARK = re.compile(r"[ÃÂÅÐÑ]|â€")
_RUN_EDGE = ",.;:!?()[]"


def extract_diagnostics(parsed: Parsed) -> list[Diagnostic]:
    quotes, strays = parsed.quotes, parsed.stray_marks
    found = [*_unbalanced_quotes(parsed, strays), *_repeated_coordination(parsed),
             *_encoding_damage(parsed), *_page_furniture(parsed)]
    spans = [(q.start, q.end) for q in quotes]
    sentences = list(parsed.doc.sents)
    for k, sent in enumerate(sentences):
        following = sentences[k + 1] if k + 1 < len(sentences) else None
        found.extend(_sentence_damage(parsed, sent, following, spans))
    return found


def _inside_any(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _unbalanced_quotes(parsed: Parsed, strays: Sequence[StrayMark]) -> list[Diagnostic]:
    return [Diagnostic("unbalanced_quote", parsed.span(s.offset, s.offset + 1),
                       f"{s.reason}; the quote was paired as well as the marks allow")
            for s in strays]


def _repeated_coordination(parsed: Parsed) -> list[Diagnostic]:
    return [Diagnostic("mt_repeated_word", parsed.span(m.start(), m.end()),
                       f"{m.group(1)!r} is coordinated with itself: two source-language words "
                       "rendered by one English word")
            for m in _REPEATED_COORDINATION.finditer(parsed.text)
            if m.group(1).lower() == m.group(0).split()[-1].lower()]


def _page_furniture(parsed: Parsed) -> list[Diagnostic]:
    """Lines a scraper left inside the text; the attributions never take one as a source or a
    content (:mod:`reportedly.extract.attributions.furniture`)."""
    return [Diagnostic("page_furniture", parsed.span(line.start, line.end),
                       f"page furniture, not the article's text: {line.why}")
            for line in furniture_lines(parsed.text)]


def _encoding_damage(parsed: Parsed) -> list[Diagnostic]:
    """Mojibake: text encoded as UTF-8 and decoded as Windows-1252 or Latin-1 on its way to
    the page, a common scar of scraped and syndicated news. The analysis reads it as written;
    the message says what it stood for when that can be recovered."""
    found = []
    for m in _NON_SPACE_RUN.finditer(parsed.text):
        if not _MOJIBAKE_MARK.search(parsed.text, m.start(), m.end()):
            continue
        start, end = m.start(), m.end()
        while start < end and parsed.text[start] in _RUN_EDGE:
            start += 1
        while end > start and parsed.text[end - 1] in _RUN_EDGE:
            end -= 1
        run = parsed.text[start:end]
        # "RaÃol", "espÃ": a capital Ã inside a word not in capitals is always a scar, even
        # where the byte after it was lost and ftfy cannot tell.
        if not run or not (ftfy.is_bad(run) or ("Ã" in run and not run.isupper())):
            continue
        fixed = ftfy.fix_encoding(run)
        reading = (f"it reads {fixed!r}" if fixed != run
                   else "some of the original bytes are lost, so it cannot be read back")
        found.append(Diagnostic(
            "encoding_damage", parsed.span(start, end),
            f"{run!r} looks like UTF-8 text decoded as Windows-1252 or Latin-1 (mojibake): "
            f"{reading}; the analysis reads it as written"))
    return found


def _words(sent: SpacySpan) -> list:
    return [t for t in sent if not t.is_punct and not t.is_space]


def _own_line(text: str, start: int, end: int) -> bool:
    """A sentence alone on its line: a headline, section heading or caption, which need no
    verb."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip()


def _sentence_damage(parsed: Parsed, sent: SpacySpan, following: SpacySpan | None,
                     quotes: list[tuple[int, int]]) -> list[Diagnostic]:
    words = _words(sent)
    text = sent.text.strip()
    if len(words) < 2 or not text.endswith(".") or text.isupper():
        return []
    # News prose outside quotes has no imperatives, so a sentence without a finite verb is a
    # fragment ("Aid to Kyiv next year."), usually split off by a misplaced full stop.
    finite = any(t.tag_ in FINITE_TAGS for t in words)
    if not finite and words[0].is_title and not _inside_any(sent.start_char, quotes) \
            and not _own_line(parsed.text, sent.start_char, sent.end_char):
        return [Diagnostic("sentence_fragment", parsed.trimmed(sent.start_char, sent.end_char),
                           "a sentence with no finite verb: a fragment split off its sentence, "
                           "often by a misplaced full stop")]
    # "He completed." before a quote: a cue cut off from what it introduces.
    root = sent.root
    if len(words) <= MAX_DETACHED_CUE_TOKENS and is_reporting_verb(root.lemma_) and \
            not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in root.children) and \
            following is not None and following.text.lstrip()[:1] in "“\"«„":
        return [Diagnostic("detached_cue", parsed.trimmed(sent.start_char, sent.end_char),
                           "a reporting verb ends its sentence and the quote it introduces "
                           "follows after a full stop (expected a colon or comma)")]
    return []
