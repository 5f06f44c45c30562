"""BIO labels over tokens from gold attribution spans (BRAT standoff, PolNeAR layout)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from reportedly.brat import Annotations

#: The roles the tagger learns; where gold spans overlap (nested attributions) a token takes
#: the first role of this order that covers it: the frame words of the inner attribution are
#: what the reader needs to find, the outer content runs on around them.
ROLES = ("CUE", "SOURCE", "CONTENT")
_BRAT_ROLES = {"Cue": "CUE", "Source": "SOURCE", "Content": "CONTENT"}
OUTSIDE = "O"


@dataclass(frozen=True)
class GoldSpan:
    """One annotated span: its role and its fragments (a discontinuous span has several)."""

    role: str
    fragments: tuple[tuple[int, int], ...]

    @property
    def size(self) -> int:
        return sum(end - start for start, end in self.fragments)


def gold_spans(annotations: Annotations) -> list[GoldSpan]:
    """The Source, Cue and Content spans of a BRAT file, in file order."""
    return [GoldSpan(role, tuple((f.start, f.end) for f in span.fragments))
            for span in annotations.spans.values()
            if (role := _BRAT_ROLES.get(span.label)) is not None]


def bio_labels(tokens: list[Token], spans: list[GoldSpan]) -> list[str]:
    """One label per token. A token belongs to a span when one of its characters lies in a
    fragment; of several spans it takes the highest role (see ROLES), then the smallest span.
    A run of one span's tokens begins with B-, so each fragment of a discontinuous span, and
    a nested content inside an outer one, starts afresh."""
    ranked = sorted(range(len(spans)), key=lambda k: (ROLES.index(spans[k].role), spans[k].size))
    owner: list[tuple[int, int] | None] = []
    for token in tokens:
        start, end = token.idx, token.idx + len(token)
        choice = None
        for k in ranked:
            hit = next((f for f, (a, b) in enumerate(spans[k].fragments)
                        if a < end and start < b), None)
            if hit is not None:
                choice = (k, hit)
                break
        owner.append(choice)
    labels = []
    for i, choice in enumerate(owner):
        if choice is None:
            labels.append(OUTSIDE)
            continue
        role = spans[choice[0]].role
        continues = i > 0 and owner[i - 1] == choice
        labels.append(f"{'I' if continues else 'B'}-{role}")
    return labels


def segments(labels: list[str]) -> list[tuple[str, int, int]]:
    """(role, first index, end index) of each labelled run; an I- with nothing to continue
    starts a run of its own."""
    out: list[tuple[str, int, int]] = []
    for i, label in enumerate(labels):
        if label == OUTSIDE:
            continue
        prefix, role = label.split("-", 1)
        if prefix == "I" and out and out[-1][0] == role and out[-1][2] == i:
            out[-1] = (role, out[-1][1], i + 1)
        else:
            out.append((role, i, i + 1))
    return out
