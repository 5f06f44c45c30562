"""Stages for quotes and lines no frame claimed: a whole-sentence quote (its speaker after
"Name:" or a dash, when one is named), a quoted fragment of the writer's sentence, a
"Speaker: statement" line; and a fragment that hangs on a reporting verb takes that verb."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.extract.attributions.draft import (
    Context,
    Draft,
    Range,
    inside_quote,
    trim_writers_edges,
)
from reportedly.extract.attributions.grammar import (
    SPEAKER_ENTITY_TYPES,
    credited_source,
    cue_span,
    is_cue_word,
    np_span,
    subject_of,
)
from reportedly.extract.attributions.quoting import (
    DASH_SPEAKER,
    DASH_SPEAKER_AFTER,
    DASHES,
    is_title,
    is_whole_sentence,
    word_count,
)
from reportedly.quotes import Quote


def _unframed_quotes(parsed: Parsed, quotes: Sequence[Quote], drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for quote in quotes:
        if any(d.content[0] <= quote.start and quote.end <= d.content[1] for d in drafts + out):
            continue
        if is_whole_sentence(parsed, quote):
            source = _colon_speaker(parsed, quote) or _dash_speaker(parsed, quote)
            out.append(Draft("direct", Range(quote.start, quote.end), source, None, [quote]))
        elif word_count(parsed.text, quote) >= 1 and not is_title(parsed.text, quote):
            out.append(Draft("partial", Range(quote.start, quote.end), None, None, [quote]))
    return out


def _dash_speaker(parsed: Parsed, quote: Quote) -> Range | None:
    """The short name that a dash joins to a whole-sentence quote, before or after it."""
    text = parsed.text
    line_start = text.rfind("\n", 0, quote.start) + 1
    before = text[line_start:quote.start].rstrip()
    if before and before[-1] in DASHES and DASH_SPEAKER.fullmatch(before.strip()):
        return _short_name(parsed, line_start, len(before) - 1 + line_start)
    line_end = text.find("\n", quote.end)
    line_end = len(text) if line_end < 0 else line_end
    after = text[quote.end:line_end]
    stripped = after.lstrip()
    if stripped and stripped[0] in DASHES:
        match = DASH_SPEAKER_AFTER.match(stripped)
        if match is not None:
            dash = quote.end + (len(after) - len(stripped))
            return _short_name(parsed, dash + 1, dash + len(match[0]))
    return None


def _short_name(parsed: Parsed, start: int, end: int) -> Range | None:
    """``text[start:end]`` trimmed, when it is a short name or noun phrase."""
    start, end = trim_writers_edges(parsed.text, start, end)
    span = parsed.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not 0 < len(span) <= 8 or \
            not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in span) or \
            any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    return Range(start, end)


def _colon_speaker(parsed: Parsed, quote: Quote) -> Range | None:
    """The name in a "Name: “…”" lead-in."""
    # The character before the quote's lead-in whitespace, found by walking back (a copy of the
    # text before every quote would be quadratic in a text of many quotes).
    text = parsed.text
    head_end = quote.start
    while head_end > 0 and text[head_end - 1].isspace():
        head_end -= 1
    if head_end == 0 or text[head_end - 1] != ":":
        return None
    colon = head_end - 1
    span = parsed.doc.char_span(colon, colon + 1, alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    words = [t for t in parsed.doc[sent.start:span[0].i] if not t.is_space]
    if not words or len(words) > 6 or \
            not any(t.pos_ in ("PROPN", "PRON", "NOUN") for t in words):
        return None
    return trim_writers_edges(parsed.text, words[0].idx, colon)


def _governed_fragment(parsed: Parsed, draft: Draft, quotes: Sequence[Quote]) -> Draft:
    """A quoted fragment left with no frame takes the reporting verb it hangs on, and that
    verb's subject as its source."""
    if draft.type != "partial" or draft.cue is not None or draft.source is not None \
            or len(draft.quotes) != 1:
        return draft
    verb = _verb_over_fragment(parsed, draft.quotes[0], quotes)
    if verb is None:
        return draft
    subject, _ = subject_of(verb)
    if subject is None or inside_quote(subject.idx, quotes):
        return draft
    return replace(draft, source=np_span(credited_source(subject)), cue=cue_span(verb))


def _verb_over_fragment(parsed: Parsed, quote: Quote, quotes: Sequence[Quote]) -> Token | None:
    """The reporting verb a quoted fragment hangs on ('has described him as “a menace”',
    'called for “a revolution”'): the nearest verb above the fragment in its sentence, when
    the lexicon knows it; a verb of the writer's own in between credits nobody."""
    words = parsed.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if words is None:
        return None
    root = words.root
    for ancestor in root.ancestors:
        if ancestor.sent.start != root.sent.start:
            break
        if inside_quote(ancestor.idx, quotes) or ancestor.pos_ not in ("VERB", "AUX"):
            continue
        return ancestor if is_cue_word(ancestor) else None
    return None


# A line that opens with a speaker and a colon: "Bill Clinton: Hillary thinks …" (headlines,
# interview transcripts: "TAPPER: And obviously …").
_COLON_LINE = re.compile(r"(?m)^[ \t]*([^:\n]{2,60}?):[ \t]+(\S[^\n]*)$")


# Labels before a colon that are no speaker: a page's furniture ("BYLINE: …", "EMAIL: …",
# "Read more: …").
_NOT_SPEAKERS = frozenset({
    "update", "updated", "watch", "photo", "photos", "video", "note", "editor's note", "related",
    "read more", "see also", "source", "sources", "q", "a", "caption", "byline", "dateline",
    "email", "e-mail", "contact", "credit", "credits", "correction", "clarification", "tags",
    "filed under", "subscribe", "share", "follow", "length", "section"})


def _colon_lines(parsed: Parsed, drafts: list[Draft]) -> list[Draft]:
    """Unquoted statements after a named speaker and a colon, alone on their line; the cue is
    null, as for a bare quote after a speaker."""
    out = []
    for m in _COLON_LINE.finditer(parsed.text):
        lead = (m.start(1), m.end(1))
        label = parsed.text[lead[0]:lead[1]].strip()
        if label.lower() in _NOT_SPEAKERS:
            continue
        words = parsed.doc.char_span(*lead, alignment_mode="expand")
        if words is None or len(words) > 6:
            continue
        transcript = label.isupper() and label.replace(" ", "").isalpha() and len(label) > 2
        named = any(e.label_ in SPEAKER_ENTITY_TYPES and e.end == words.end
                    for e in words.ents)
        # (The tagger reads an all-capitals label as anything, a verb included.)
        if not (transcript or (named and not any(t.pos_ in ("VERB", "AUX") for t in words))):
            continue
        content = trim_writers_edges(parsed.text, m.start(2), m.end(2))
        # Reports inside the line nest in it ("Bill Clinton: Hillary thinks …"); a line that
        # is already part of another attribution is left to it.
        if content[1] - content[0] < 10 or \
                any(d.content[0] < content[0] < d.content[1] or
                    (d.content[0] == content[0] and d.content[1] >= content[1]) for d in drafts):
            continue
        out.append(Draft("indirect", content, trim_writers_edges(parsed.text, *lead), None))
    return out


def add_unframed_quotes(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: the quotes no draft holds, as direct (a whole sentence) or partial quotes."""
    return drafts + _unframed_quotes(ctx.parsed, ctx.quotes, drafts)


def add_colon_lines(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: "Speaker: statement" lines no draft holds."""
    return drafts + _colon_lines(ctx.parsed, drafts)


def frame_fragments(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Stage: a quoted fragment with no frame takes the reporting verb it hangs on."""
    return [_governed_fragment(ctx.parsed, d, ctx.quotes) for d in drafts]
