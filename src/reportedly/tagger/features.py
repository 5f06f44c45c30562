"""Token features for the attribution tagger, computed from the parse the extractors see.

A sequence is one paragraph (content often runs over several sentences of it, rarely over a
paragraph break). Space tokens are left out of sequences: they carry no label.
"""

from __future__ import annotations

import hashlib
import json

from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.lexicons import tsv_rows, word_list
from reportedly.reporting_verbs import reporting_verbs, verb_kind

QUOTE_MARKS = frozenset("\"“”„«»‟")
# How far up the tree to look for a reporting verb that governs a token.
MAX_ANCESTOR_DEPTH = 8


def paragraphs(parsed: Parsed) -> list[list[Token]]:
    """The non-space tokens of the article, grouped by paragraph, in text order."""
    groups: list[list[Token]] = []
    current: list[Token] = []
    for token in parsed.doc:
        if token.is_space:
            if "\n" in token.text and current:
                groups.append(current)
                current = []
            continue
        current.append(token)
        if "\n" in token.whitespace_:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def lexicon_fingerprint() -> str:
    """A digest of the lexicon entries the features read (reporting-verb kinds, belief
    adjectives, lemma fixes; not comments or stances): a model trained under another
    fingerprint reads features it never saw in training, and should be retrained."""
    entries = {
        "reporting_verbs": sorted((lemma, kind) for lemma, (_, kind) in reporting_verbs().items()),
        "belief_adjectives": sorted(word_list("belief_adjectives.txt")),
        "lemma_fixes": sorted(tuple(sorted(row.items())) for row in tsv_rows("lemma_fixes.tsv")),
    }
    return hashlib.sha256(json.dumps(entries).encode("utf-8")).hexdigest()[:16]


def _shape(text: str) -> str:
    out: list[str] = []
    for ch in text[:6]:
        kind = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


def _cue_kind(token: Token) -> str:
    """The lexicon kind of a reporting word (speech, belief, …), or "" for other words."""
    if token.pos_ == "ADJ" and token.lower_ in word_list("belief_adjectives.txt"):
        return "belief"
    if token.pos_ not in ("VERB", "AUX", "NOUN"):
        return ""
    return verb_kind(token.lemma_)


def _governing_cue(token: Token) -> tuple[Token | None, str, int]:
    """The nearest reporting word above ``token``, the dependency of the branch that leads
    down to ``token`` and how many steps up it is (None, "", 0 when none)."""
    child = token
    for depth, ancestor in enumerate(token.ancestors, start=1):
        if depth > MAX_ANCESTOR_DEPTH:
            break
        if _cue_kind(ancestor) and ancestor.pos_ != "NOUN":
            return ancestor, child.dep_, depth
        child = ancestor
    return None, "", 0


def article_features(parsed: Parsed) -> list[tuple[list[Token], list[list[str]]]]:
    """Per paragraph: its tokens and each token's feature strings."""
    quoted = bytearray(len(parsed.text) + 1)
    for q in parsed.quotes:
        quoted[q.start:q.end] = b"\x01" * (q.end - q.start)
    doc = parsed.doc
    # Per sentence: whether it has a reporting verb, and where.
    sent_cues: dict[int, list[int]] = {}
    for sent in doc.sents:
        sent_cues[sent.start] = [t.i for t in sent
                                 if _cue_kind(t) and t.pos_ != "NOUN" and not quoted[t.idx]]
    out = []
    for tokens in paragraphs(parsed):
        base = [_token_features(t, quoted, sent_cues) for t in tokens]
        feats = []
        for k, own in enumerate(base):
            row = list(own)
            for offset in (-2, -1, 1, 2):
                j = k + offset
                if 0 <= j < len(tokens):
                    near = tokens[j]
                    row.append(f"{offset}:w={near.lower_}")
                    row.append(f"{offset}:pos={near.pos_}")
                    row.append(f"{offset}:q={quoted[near.idx]}")
                    if _cue_kind(near):
                        row.append(f"{offset}:cue")
                else:
                    row.append(f"{offset}:edge")
            row.append(f"w-1|w={tokens[k - 1].lower_ if k else '<p>'}|{tokens[k].lower_}")
            feats.append(row)
        out.append((tokens, feats))
    return out


def _token_features(token: Token, quoted: bytearray, sent_cues: dict[int, list[int]]) -> list[str]:
    word = token.text
    lower = token.lower_
    sent = token.sent
    head = token.head
    feats = [
        "bias", f"w={lower}", f"shape={_shape(word)}", f"suf3={lower[-3:]}", f"pre3={lower[:3]}",
        f"lemma={token.lemma_.lower()}",
        f"pos={token.pos_}", f"tag={token.tag_}", f"dep={token.dep_}",
        f"hlemma={head.lemma_.lower()}", f"hpos={head.pos_}", f"hdep={head.dep_}",
        f"dep|hpos={token.dep_}|{head.pos_}", f"dep|hlemma={token.dep_}|{head.lemma_.lower()}",
        f"dep|hdep={token.dep_}|{head.dep_}", f"q={quoted[token.idx]}",
    ]
    if token.ent_type_:
        feats.append(f"ent={token.ent_type_}")
    if token.is_title:
        feats.append("title")
    if word in QUOTE_MARKS:
        feats.append("qmark")
    kind = _cue_kind(token)
    if kind:
        feats.append(f"cue={kind}")
        feats.append(f"cue|pos={kind}|{token.pos_}")
    head_kind = _cue_kind(head) if head is not token else ""
    if head_kind:
        feats.append(f"hcue={head_kind}|{token.dep_}")
    governor, branch, depth = _governing_cue(token)
    if governor is not None:
        feats.append(f"gov={_cue_kind(governor)}|{branch}")
        feats.append(f"govlemma={governor.lemma_.lower()}|{branch}")
        feats.append(f"govdepth={min(depth, 4)}")
        feats.append(f"govside={'before' if governor.i < token.i else 'after'}|{branch}")
    position = token.i - sent.start
    length = len(sent)
    if position == 0:
        feats.append("sent_first")
    if token.i == sent.end - 1:
        feats.append("sent_last")
    feats.append(f"spos={min(position, 5)}")
    feats.append(f"srel={(4 * position) // max(length, 1)}")
    cues = sent_cues.get(sent.start, [])
    if cues:
        nearest = min(cues, key=lambda c: abs(c - token.i))
        side = "at" if nearest == token.i else "before" if token.i < nearest else "after"
        gap = abs(nearest - token.i)
        feats.append(f"cue_side={side}")
        feats.append(f"cue_side|gap={side}|{min(gap, 6)}")
    else:
        feats.append("no_cue_in_sent")
    if any(quoted[t.idx] for t in (sent[0], sent[-1])):
        feats.append("sent_quoted_edge")
    if any(quoted[t.idx] for t in sent):
        feats.append("sent_has_quote")
    if len(cues) > 1:
        feats.append("sent_cues>1")
    return feats
