"""The article view, built from an Analysis: the text with its evidence marked, and the side
panel's speakers, statements, figures and diagnostics.

The marked-up text is assembled here from spans, every piece of article text and every
attribute value escaped (``markupsafe.escape``); nothing from the article is ever trusted."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup, escape

from reportedly.model import Analysis, Attribution
from reportedly.names import fold

#: Speaker colours (CSS classes ``sp0`` … ``sp9``, see static/style.css).
PALETTE_SIZE = 10
EXCERPT = 160


def palette_index(key: str) -> int:
    """A stable colour for a speaker known only by its key (corpus pages)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % PALETTE_SIZE


@dataclass
class Speaker:
    key: str
    name: str
    colour: int = 0
    titles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    stances: Counter[str] = field(default_factory=Counter)
    attribution_ids: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return f"sp{self.colour}"

    @property
    def count(self) -> int:
        return len(self.attribution_ids)

    @property
    def stance_mix(self) -> list[tuple[str, int]]:
        return sorted(self.stances.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class Statement:
    id: str
    type: str
    speaker: Speaker | None
    cue: str | None
    stance: str | None
    excerpt: str


@dataclass(frozen=True)
class FigureItem:
    id: str
    text: str
    tip: str


@dataclass(frozen=True)
class DiagnosticItem:
    id: str
    kind: str
    text: str
    message: str


@dataclass
class ArticleView:
    analysis: Analysis
    body: Markup
    speakers: list[Speaker]
    statements: list[Statement]
    figures: list[FigureItem]
    diagnostics: list[DiagnosticItem]


def speaker_key(analysis: Analysis, a: Attribution) -> tuple[str, str] | None:
    """(key, display name) of who an attribution is credited to: its entity, else the
    description a pronoun stands for, else the source text; None without a source."""
    source = a.source
    if source is None:
        return None
    entity = analysis.entity(source.entity_id)
    if entity is not None:
        return "e:" + entity.id, entity.name
    named = source.refers_to.text if source.refers_to is not None else source.text
    return "t:" + (fold(named) or named.casefold()), " ".join(named.split())


def _speakers(analysis: Analysis) -> dict[str, Speaker]:
    """Speakers in order of first statement; colours by that order, so no two of the first
    ten share one."""
    found: dict[str, Speaker] = {}
    for a in analysis.attributions:
        who = speaker_key(analysis, a)
        if who is None:
            continue
        key, name = who
        speaker = found.get(key)
        if speaker is None:
            speaker = found[key] = Speaker(key, name, colour=len(found) % PALETTE_SIZE)
            entity = analysis.entity(a.source.entity_id) if a.source else None
            if entity is not None:
                speaker.titles, speaker.aliases = entity.titles, entity.aliases
        speaker.stances[a.stance or "none"] += 1
        speaker.attribution_ids.append(a.id)
    return found


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"


# -- marks -------------------------------------------------------------------------------------
#: Draw order inside one stretch of text: statements outermost, then their source and cue,
#: then figures, then diagnostics.
_LAYERS = {"att": 0, "src": 1, "cue": 2, "fig": 3, "diag": 4}


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str
    ordinal: int
    css: str
    attrs: tuple[tuple[str, str], ...] = ()
    #: Set on the first piece only: the anchor id, focusability and the tooltip.
    first_attrs: tuple[tuple[str, str], ...] = ()


def _marks(analysis: Analysis, speakers: dict[str, Speaker]) -> list[_Mark]:
    marks: list[_Mark] = []
    seen_frames: set[tuple[str, int, int]] = set()
    contents = [a.content for a in analysis.attributions]
    for n, a in enumerate(analysis.attributions):
        who = speaker_key(analysis, a)
        speaker = speakers[who[0]] if who else None
        colour = speaker.css if speaker else "nosrc"
        speaker_attr = ("data-speaker", speaker.key if speaker else "")
        nested = any(c is not a.content and c.contains(a.content) and c != a.content
                     for c in contents)
        css = f"att {colour}" + (" nested" if nested else "")
        label = f"{a.type} statement" + (f" by {speaker.name}" if speaker else " (no source)")
        for i, part in enumerate(a.parts):
            first = (("id", f"ev-{a.id}"), ("tabindex", "-1"), ("title", label)) if i == 0 \
                else ()
            marks.append(_Mark(part.start, part.end, "att", n, css,
                               (("data-att", a.id), speaker_attr), first))
        if a.source is not None and ("src", a.source.start, a.source.end) not in seen_frames:
            seen_frames.add(("src", a.source.start, a.source.end))
            marks.append(_Mark(a.source.start, a.source.end, "src", n, f"src {colour}",
                               (("data-att", a.id), speaker_attr),
                               (("title", f"source of {a.id}"),)))
        if a.cue is not None and ("cue", a.cue.start, a.cue.end) not in seen_frames:
            seen_frames.add(("cue", a.cue.start, a.cue.end))
            stance = a.stance or "none"
            marks.append(_Mark(a.cue.start, a.cue.end, "cue", n, f"cue st-{stance}",
                               (("data-att", a.id), speaker_attr),
                               (("title", f"cue “{a.cue.lemma}”: {stance}"),)))
    for n, q in enumerate(analysis.quantities):
        marks.append(_Mark(q.span.start, q.span.end, "fig", n, "fig", (),
                           (("id", f"ev-{q.id}"), ("tabindex", "0"),
                            ("data-tip", _figure_tip(analysis, q.id)))))
    for n, d in enumerate(analysis.diagnostics):
        marks.append(_Mark(d.span.start, d.span.end, "diag", n, f"diag diag-{d.kind}", (),
                           (("id", f"ev-D{n + 1}"), ("tabindex", "0"),
                            ("data-tip", f"{d.kind}: {d.message}"))))
    return [m for m in marks if m.end > m.start]


def _open(mark: _Mark, first: bool) -> str:
    attrs = [("class", mark.css), *mark.attrs, *(mark.first_attrs if first else ())]
    inner = "".join(f' {name}="{escape(value)}"' for name, value in attrs)
    return f"<span{inner}>"


def mark_up(text: str, marks: Iterable[_Mark]) -> Markup:
    """``text`` with every mark as a ``<span>``; where marks overlap without nesting, each is
    cut into pieces at the others' edges so the HTML stays well formed."""
    marks = list(marks)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    opened: set[_Mark] = set()
    # Marks starting at each cut, to keep the scan linear in cuts + marks.
    by_start: dict[int, list[_Mark]] = {}
    for m in marks:
        by_start.setdefault(m.start, []).append(m)
    active: list[_Mark] = []
    out: list[str] = []
    for left, right in pairwise(cuts):
        active = [m for m in active if m.end > left] + by_start.get(left, [])
        here = sorted((m for m in active if m.end >= right),
                      key=lambda m: (_LAYERS[m.kind], m.start, -m.end, m.ordinal))
        piece = str(escape(text[left:right]))
        for m in reversed(here):
            piece = _open(m, m not in opened) + piece + "</span>"
            opened.add(m)
        out.append(piece)
    return Markup("".join(out))


def _figure_tip(analysis: Analysis, quantity_id: str) -> str:
    q = next(q for q in analysis.quantities if q.id == quantity_id)
    value = _number(q.value) + (f"–{_number(q.value_max)}" if q.value_max is not None else "")
    parts = [f"value {value}"]
    if q.unit:
        parts.append(f"unit {q.unit}")
    if q.currency:
        parts.append(f"currency {q.currency}")
    parts.append(f"bound {q.bound.replace('_', ' ')}")
    if q.measure:
        parts.append(f"measure: {q.measure}")
    source = _figure_source(analysis, q.attribution_id)
    parts.append(f"source: {source}" if source else "the writer's own figure")
    return " · ".join(parts)


def _figure_source(analysis: Analysis, attribution_id: str | None) -> str | None:
    if attribution_id is None:
        return None
    a = next((a for a in analysis.attributions if a.id == attribution_id), None)
    who = speaker_key(analysis, a) if a is not None else None
    return who[1] if who else None


def article_view(analysis: Analysis) -> ArticleView:
    speakers = _speakers(analysis)
    body = mark_up(analysis.text, _marks(analysis, speakers))
    statements = []
    for a in analysis.attributions:
        who = speaker_key(analysis, a)
        statements.append(Statement(a.id, a.type, speakers[who[0]] if who else None,
                                    a.cue.text if a.cue else None, a.stance,
                                    _excerpt(a.content.text)))
    figures = [FigureItem(q.id, q.span.text, _figure_tip(analysis, q.id))
               for q in analysis.quantities]
    diagnostics = [DiagnosticItem(f"D{n + 1}", d.kind, _excerpt(d.span.text), d.message)
                   for n, d in enumerate(analysis.diagnostics)]
    ranked = sorted(speakers.values(), key=lambda s: (-s.count, s.name.casefold()))
    return ArticleView(analysis, body, ranked, statements, figures, diagnostics)
