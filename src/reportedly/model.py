"""The data model: one place that defines what an Analysis is and how it reads and writes JSON.

Every object is immutable. Every span is standoff: ``start``/``end`` are character offsets into
``Analysis.text`` and ``text[start:end] == span.text`` holds for each of them
(:meth:`Analysis.check_spans` verifies it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = 1

ATTRIBUTION_TYPES = ("direct", "partial", "mixed", "indirect", "according_to")
BOUNDS = ("exact", "approx", "at_least", "at_most", "more_than", "less_than", "range")
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "OTHER")


class SpanMismatchError(ValueError):
    """A span's offsets do not select its text in the article."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of ``text[start:end]``; the only safe way to make one from offsets."""
        if not 0 <= start <= end <= len(text):
            raise SpanMismatchError(f"offsets {start}:{end} outside a text of {len(text)}")
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Source:
    """Who a statement is attributed to, as written; ``entity_id`` links to the canonical entity.

    A source that names no one ("a senior official") has no entity. When it stands for such a
    source described earlier ("he", "who", "the official" after "a senior official"),
    ``refers_to`` is that earlier description."""

    start: int
    end: int
    text: str
    entity_id: str | None = None
    refers_to: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "entity_id": self.entity_id,
                "refers_to": self.refers_to.to_dict() if self.refers_to else None}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Source:
        refers_to = d.get("refers_to")
        return cls(int(d["start"]), int(d["end"]), str(d["text"]), d.get("entity_id"),
                   Span.from_dict(refers_to) if refers_to else None)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(frozen=True, slots=True)
class Cue:
    """The word(s) that signal attribution (``said``, ``according to``) and their lemma."""

    start: int
    end: int
    text: str
    lemma: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "lemma": self.lemma}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Cue:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]), str(d["lemma"]))

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    titles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type,
                "titles": list(self.titles), "aliases": list(self.aliases),
                "mentions": [m.to_dict() for m in self.mentions]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Entity:
        return cls(str(d["id"]), str(d["name"]), str(d["type"]),
                   tuple(d.get("titles", ())), tuple(d.get("aliases", ())),
                   tuple(Span.from_dict(m) for m in d.get("mentions", ())))


@dataclass(frozen=True, slots=True)
class Attribution:
    id: str
    type: str
    content: Span
    source: Source | None = None
    cue: Cue | None = None
    stance: str | None = None
    # The quoted stretches inside the content (the whole content for a direct quote).
    quotes: tuple[Span, ...] = ()
    # The pieces of a content that has its own frame inside it ("“A,” she said, “B.”": the two
    # quotes; "Prices, the minister said, will fall": "Prices" and "will fall"); empty when the
    # content is one piece. ``content`` runs from the first piece to the last.
    content_parts: tuple[Span, ...] = ()

    @property
    def parts(self) -> tuple[Span, ...]:
        """What was said, piece by piece: the content without the frame inside it."""
        return self.content_parts or (self.content,)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "content": self.content.to_dict(),
                "content_parts": [p.to_dict() for p in self.parts],
                "source": self.source.to_dict() if self.source else None,
                "cue": self.cue.to_dict() if self.cue else None,
                "stance": self.stance,
                "quotes": [q.to_dict() for q in self.quotes]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Attribution:
        parts = tuple(Span.from_dict(p) for p in d.get("content_parts", ()))
        return cls(str(d["id"]), str(d["type"]), Span.from_dict(d["content"]),
                   Source.from_dict(d["source"]) if d.get("source") else None,
                   Cue.from_dict(d["cue"]) if d.get("cue") else None,
                   d.get("stance"),
                   tuple(Span.from_dict(q) for q in d.get("quotes", ())),
                   parts if len(parts) > 1 else ())


@dataclass(frozen=True, slots=True)
class Quantity:
    id: str
    span: Span
    value: float | int
    unit: str | None = None
    currency: str | None = None
    bound: str = "exact"
    measure: str | None = None
    attribution_id: str | None = None
    # Upper end of a range (``bound == "range"``); ``value`` is then the lower end.
    value_max: float | int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "span": self.span.to_dict(), "value": self.value,
                "unit": self.unit, "currency": self.currency, "bound": self.bound,
                "measure": self.measure, "attribution_id": self.attribution_id,
                "value_max": self.value_max}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Quantity:
        return cls(str(d["id"]), Span.from_dict(d["span"]), d["value"], d.get("unit"),
                   d.get("currency"), d.get("bound", "exact"), d.get("measure"),
                   d.get("attribution_id"), d.get("value_max"))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    kind: str
    span: Span
    message: str
    # What the analysis copy of the text used instead of ``span.text`` (None: nothing repaired).
    repair: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "span": self.span.to_dict(), "message": self.message,
                "repair": self.repair}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Diagnostic:
        return cls(str(d["kind"]), Span.from_dict(d["span"]), str(d["message"]), d.get("repair"))


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str = "en"
    # Anything else a reader found (author, source file, …), kept as given.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"title": self.title, "url": self.url, "outlet": self.outlet,
                             "published": self.published, "language": self.language}
        for k in sorted(self.extra):
            d.setdefault(k, self.extra[k])
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Meta:
        known = {f.name for f in fields(cls)} - {"extra"}
        return cls(d.get("title"), d.get("url"), d.get("outlet"), d.get("published"),
                   d.get("language") or "en", {k: v for k, v in d.items() if k not in known})


@dataclass(frozen=True, slots=True)
class Article:
    """One input document, as a reader produced it."""

    doc_id: str
    text: str
    meta: Meta = field(default_factory=Meta)


@dataclass(frozen=True, slots=True)
class Analysis:
    doc_id: str
    text: str
    meta: Meta = field(default_factory=Meta)
    entities: tuple[Entity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    schema_version: int = SCHEMA_VERSION

    # -- JSON --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": self.schema_version, "doc_id": self.doc_id, "text": self.text,
                "meta": self.meta.to_dict(),
                "entities": [e.to_dict() for e in self.entities],
                "attributions": [a.to_dict() for a in self.attributions],
                "quantities": [q.to_dict() for q in self.quantities],
                "diagnostics": [d.to_dict() for d in self.diagnostics]}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Analysis:
        version = d.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ValueError(f"unsupported schema_version {version!r} (expected {SCHEMA_VERSION})")
        return cls(str(d["doc_id"]), str(d["text"]), Meta.from_dict(d.get("meta") or {}),
                   tuple(Entity.from_dict(e) for e in d.get("entities", ())),
                   tuple(Attribution.from_dict(a) for a in d.get("attributions", ())),
                   tuple(Quantity.from_dict(q) for q in d.get("quantities", ())),
                   tuple(Diagnostic.from_dict(x) for x in d.get("diagnostics", ())),
                   int(version))

    @classmethod
    def from_json(cls, s: str) -> Analysis:
        return cls.from_dict(json.loads(s))

    # -- lookups and checks ------------------------------------------------------------------
    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def iter_spans(self) -> Iterator[tuple[str, Span | Source | Cue]]:
        """Every span in the analysis, with a label saying where it sits."""
        for e in self.entities:
            for m in e.mentions:
                yield f"entity {e.id} mention", m
        for a in self.attributions:
            yield f"attribution {a.id} content", a.content
            for part in a.content_parts:
                yield f"attribution {a.id} content part", part
            if a.source:
                yield f"attribution {a.id} source", a.source
                if a.source.refers_to:
                    yield f"attribution {a.id} source refers to", a.source.refers_to
            if a.cue:
                yield f"attribution {a.id} cue", a.cue
            for q in a.quotes:
                yield f"attribution {a.id} quote", q
        for quantity in self.quantities:
            yield f"quantity {quantity.id}", quantity.span
        for i, d in enumerate(self.diagnostics):
            yield f"diagnostic {i} {d.kind}", d.span

    def check_spans(self) -> None:
        """Raise :class:`SpanMismatchError` unless every span selects its own text."""
        for where, s in self.iter_spans():
            if not (0 <= s.start <= s.end <= len(self.text)) or \
                    self.text[s.start:s.end] != s.text:
                raise SpanMismatchError(
                    f"{self.doc_id}: {where} {s.start}:{s.end} {s.text!r} does not match the text")
