"""Where a quote stands against a cue and the writer's words: the quote a cue introduces (after
it, ending its clause, or before its frame), whether a quote is a whole sentence, a title, or a
fragment carrying on the writer's sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.extract.attributions.draft import Draft, Range, trim_writers_edges
from reportedly.quotes import Quote

# How many tokens may stand between a cue and the quote it introduces ("admitted this “…”").
MAX_GAP_TO_QUOTE = 4


# A sentence this short that is only "Subject Verb." can introduce the next quote ("He added.").
MAX_BARE_FRAME_TOKENS = 6


# Quotes at least this long (in words) are statements rather than a quoted term.
MIN_STATEMENT_WORDS = 4


def quote_after(parsed: Parsed, token: Token, quotes: Sequence[Quote]) -> Quote | None:
    """A quote that opens within a few tokens after the cue, in its sentence or just after a
    bare "Subject Verb." sentence."""
    sent = token.sent
    doc = parsed.doc
    limit = token.i + 1
    # Skip the cue's own dependents that come before the quote (objects, particles, "on this").
    stop = min(len(doc), token.i + 1 + MAX_GAP_TO_QUOTE + 1)
    bare_sentence = len([t for t in sent if not t.is_punct and not t.is_space]) \
        <= MAX_BARE_FRAME_TOKENS and token.i >= sent.end - 3
    if bare_sentence:
        stop = min(len(doc), sent.end + 3)
    for quote in quotes:
        if quote.start < doc[limit - 1].idx + len(doc[limit - 1]):
            continue
        if stop < len(doc) and quote.start > doc[stop - 1].idx + len(doc[stop - 1]):
            return None
        between = parsed.text[doc[limit - 1].idx + len(doc[limit - 1]):quote.start]
        if not bare_sentence and quote.start >= sent.end_char:
            return None
        if any(ch in between for ch in "”\"") or len(between.split()) > MAX_GAP_TO_QUOTE:
            return None
        return quote
    return None


def quote_ending_clause(parsed: Parsed, token: Token, quotes: Sequence[Quote]) -> Quote | None:
    """A quote that ends the cue's sentence with no other verb in between
    ("aides report his belief in victory “a phantom.”")."""
    sent = token.sent
    tail = parsed.text[token.idx + len(token):sent.end_char]
    for quote in quotes:
        if not (token.idx < quote.start < sent.end_char):
            continue
        if parsed.text[quote.end:sent.end_char].strip(" .,;:!?…\n"):
            return None
        between = parsed.doc.char_span(token.idx + len(token), quote.start,
                                       alignment_mode="contract")
        if between is None or any(t.pos_ in ("VERB", "AUX") for t in between):
            return None
        return quote if len(tail.split()) <= 16 else None
    return None


def _quote_before(parsed: Parsed, start: int, quotes: Sequence[Quote]) -> Quote | None:
    """A quote that closes right before the frame, which starts at ``start``
    ("“…” the minister said")."""
    for quote in reversed(quotes):
        if quote.end <= start:
            gap = parsed.text[quote.end:start]
            # A frame that opens a paragraph does not take the last paragraph's quote.
            return quote if not gap.strip(" ,—–-") else None
    return None


#: How the writer's own words end before a quote they do not lead into: a full stop, a colon,
#: or a dash ("Nobody was impressed - “Born rich,” Mr. Ames said").
_LEAD_BREAKS = (".", ":", "!", "?", " -", "--", "—", "–")


def lead_before_quote(parsed: Parsed, quote: Quote) -> int:
    """Where the content of "X shows that NATO must “act now,” the minister said" starts: at
    the sentence start when the writer's words lead into the quote, else at the quote."""
    span = parsed.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return quote.start
    sent_start = span[0].sent.start_char
    lead = parsed.text[sent_start:quote.start]
    if len(lead.split()) >= 3 and not any(ch in lead for ch in "“”\"«»") \
            and not lead.rstrip().endswith(_LEAD_BREAKS):
        return trim_writers_edges(parsed.text, sent_start, quote.start)[0]
    return quote.start


def quote_before_frame(parsed: Parsed, cue: Token, subject: Token | None,
                        quotes: Sequence[Quote]) -> Quote | None:
    """The quote that closes right before a frame, which starts at its subject when the
    subject comes first ("“…” the minister said") and else at the cue ("“…” said X")."""
    frame_start = subject.left_edge.idx if subject is not None and subject.i < cue.i \
        else cue.idx
    return _quote_before(parsed, frame_start, quotes)


def from_quote_before_frame(parsed: Parsed, cue: Token, subject: Token | None,
                             content: Range, quotes: Sequence[Quote]) -> Range:
    """A clause content that ends in the quote right before its frame, after a break in the
    writer's words ("Nobody was impressed - “Born rich,” Mr. Ames said"), starts at the quote:
    the parser often hangs the writer's sentence before the dash on the cue too. Words that
    lead into the quote ("Mills “got immunity,” Jordan said") stay."""
    quote = quote_before_frame(parsed, cue, subject, quotes)
    if quote is not None and content[0] < quote.start < content[1] <= quote.end \
            and parsed.text[content[0]:quote.start].rstrip().endswith(_LEAD_BREAKS):
        return Range(quote.start, content[1])
    return content


_MINOR_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "for", "to",
                          "with", "by", "from"})


def is_title(text: str, quote: Quote) -> bool:
    """A quoted name of a show, book or campaign (“Fox News Sunday”, “Contract with
    America”): every word capitalised but the minor ones. Nobody is quoted."""
    words = text[quote.inner_start:quote.inner_end].strip(" .,;:!?").split()
    significant = [w for w in words if w.lower() not in _MINOR_WORDS]
    return bool(significant) and all(w[:1].isupper() or w[:1].isdigit() for w in significant)


def word_count(text: str, quote: Quote) -> int:
    return len(text[quote.inner_start:quote.inner_end].split())


def is_whole_sentence(parsed: Parsed, quote: Quote) -> bool:
    """True when the quote makes up its sentence(s): nothing but punctuation or a "Name:"
    lead-in outside it, and it reads as a statement rather than a quoted term."""
    doc = parsed.doc
    first = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if first is None:
        return False
    if word_count(parsed.text, quote) < MIN_STATEMENT_WORDS and \
            not any(t.pos_ in ("VERB", "AUX") for t in first):
        return False
    sent_start = first[0].sent.start_char
    sent_end = first[-1].sent.end_char
    before = parsed.text[sent_start:quote.start].strip()
    after = parsed.text[quote.end:sent_end].strip()
    if DASH_SPEAKER.fullmatch(before) or before.endswith(":"):
        before = ""
    if DASH_SPEAKER_AFTER.fullmatch(after):
        after = ""
    return not before and not after.strip(".,;:!?…—– ")


# "The minister — “…”" and "“…” ― Name": a dash ties a short name to the quote.
DASHES = "―—–"


DASH_SPEAKER = re.compile(rf"[^\n{DASHES}]{{1,60}}\s[{DASHES}]")


DASH_SPEAKER_AFTER = re.compile(rf"[{DASHES}]\s*[^\n{DASHES}“”\"]{{1,60}}")


def continues_writers_sentence(text: str, draft: Draft, quote: Quote) -> bool:
    """Whether a quote carries on the writer's own words ("called the plan “a disaster”")
    rather than standing after a lead-in ("said: “…”", "admitted this “…”", "he said “…”")."""
    # Read by walking back from the quote (a copy of the text before every quote would be
    # quadratic in a text of many quotes); a last word longer than WORD_LOOK is no lead-in word.
    end = quote.start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if "\n" in text[end:quote.start]:
        return False  # the quote opens a paragraph
    # An earlier quote that closes its sentence ('… the line.” “This …') ends the writer's words.
    while end > 0 and text[end - 1] in "”’\"»)]":
        end -= 1
    if end == 0 or text[end - 1] in ":,;—–-.!?…\n":
        return False
    word_end = end
    while word_end > 0 and text[word_end - 1].isspace():
        word_end -= 1
    word_start = word_end
    while word_start > 0 and not text[word_start - 1].isspace() and \
            word_end - word_start <= WORD_LOOK:
        word_start -= 1
    if word_end == 0:  # only spaces before: str.split() finds no word, as it always did
        last_word = text[:end].split()[-1].lower()
    else:
        last_word = text[word_start:word_end].lower()
    if draft.cue is not None and last_word == text[draft.cue[0]:draft.cue[1]].split()[-1].lower():
        return False
    return last_word not in LEAD_IN_WORDS


# The longest word read before a quote (longer ones are no lead-in word nor a cue's).
WORD_LOOK = 200


# Words a machine translation leaves between a cue and its quote ("admitted this “…”",
# "insisted on this “…”"): not part of what was said.
LEAD_IN_WORDS = frozenset({"this", "these", "on", "of", "following"})

