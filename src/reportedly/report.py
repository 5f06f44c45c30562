"""A plain-text report of one Analysis, for a person to read: who said what, with which cue
and stance, the figures and whose they are, and the damage found in the text.

The report is a pure function of the Analysis (no terminal width, no clock), so the same
Analysis always gives the same text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from reportedly.model import Analysis, Attribution, Entity, Quantity, Source, Span

#: Default line width of the report.
WIDTH = 88
INDENT = "    "

_BOUND_WORDS = {"exact": "exactly", "approx": "about", "at_least": "at least",
                "at_most": "at most", "more_than": "more than", "less_than": "less than",
                "range": "range"}


def format_report(analysis: Analysis, width: int = WIDTH) -> str:
    """The whole report, ending with a newline."""
    sections = [_header(analysis, width), _attributions(analysis, width),
                _figures(analysis, width), _diagnostics(analysis, width)]
    return "\n\n".join(s for s in sections if s) + "\n"


# -- sections ----------------------------------------------------------------------------------

def _header(a: Analysis, width: int) -> str:
    lines = [f"== {a.doc_id} =="]
    if a.meta.title:
        lines += _wrap(f"Title: {a.meta.title}", width, "  ", first="")
    facts = [f"{label}: {value}" for label, value in
             (("Outlet", a.meta.outlet), ("Published", a.meta.published), ("URL", a.meta.url))
             if value]
    if facts:
        lines += _wrap(" | ".join(facts), width, "  ", first="")
    counts = (_count(len(a.text), "character"), _count(len(a.attributions), "attribution"),
              _count(len(a.entities), "entity", "entities"),
              _count(len(a.quantities), "figure"), _count(len(a.diagnostics), "diagnostic"))
    lines += _wrap(", ".join(counts), width, "  ", first="")
    return "\n".join(lines)


def _attributions(a: Analysis, width: int) -> str:
    if not a.attributions:
        return "ATTRIBUTIONS\n  (none found)"
    # Groups in order of each source's first statement: named entities first, then sources
    # with no entity (by their words, case aside, or by those of the description they stand
    # for: "he" after "a senior official"), then statements with no source at all.
    by_entity: dict[str, list[Attribution]] = {}
    by_words: dict[str, list[Attribution]] = {}
    sourceless: list[Attribution] = []
    for attribution in a.attributions:
        source = attribution.source
        if source is None:
            sourceless.append(attribution)
        elif a.entity(source.entity_id) is not None:
            by_entity.setdefault(str(source.entity_id), []).append(attribution)
        else:
            by_words.setdefault(_words(source), []).append(attribution)
    blocks = ["ATTRIBUTIONS BY SOURCE"]
    for entity_id, group in by_entity.items():
        entity = a.entity(entity_id)
        assert entity is not None
        blocks.append(_group(_entity_heading(entity, len(group)), group, width))
    for group in by_words.values():
        heading = (f"{_described(group[0].source)} (not linked to an entity): "
                   f"{_count(len(group), 'statement')}")
        blocks.append(_group(heading, group, width))
    if sourceless:
        heading = (f"No source named: the writer's own words or scare quotes: "
                   f"{_count(len(sourceless), 'statement')}")
        blocks.append(_group(heading, sourceless, width))
    return "\n\n".join(blocks)


def _group(heading: str, group: list[Attribution], width: int) -> str:
    return "\n".join([*_wrap(heading, width, "  ", first=""), *_attribution_lines(group, width)])


def _figures(a: Analysis, width: int) -> str:
    if not a.quantities:
        return ""
    by_id = {x.id: x for x in a.attributions}
    lines = ["FIGURES"]
    for q in a.quantities:
        lines += _wrap(f"{q.id}  {_quote(q.span)}  = {_amount(q)}", width, INDENT + "  ",
                       first="  ")
        if q.measure:
            lines += _wrap(f"measure: {q.measure}", width, INDENT + "  ", first=INDENT)
        lines += _wrap(f"source: {_figure_source(a, q, by_id)}", width, INDENT + "  ",
                       first=INDENT)
    return "\n".join(lines)


def _diagnostics(a: Analysis, width: int) -> str:
    if not a.diagnostics:
        return ""
    lines = ["DIAGNOSTICS"]
    for d in a.diagnostics:
        lines += _wrap(f"{d.kind} at {_offsets(d.span)} {_quote(d.span)}", width, INDENT,
                       first="  ")
        lines += _wrap(d.message, width, INDENT, first=INDENT)
        if d.repair is not None:
            lines += _wrap(f"read as: {d.repair!r}", width, INDENT, first=INDENT)
    return "\n".join(lines)


# -- pieces ------------------------------------------------------------------------------------

def _entity_heading(e: Entity, statements: int) -> str:
    details = [e.type, *e.titles]
    aliases = [x for x in e.aliases if x != e.name]
    if aliases:
        details.append("also " + ", ".join(aliases))
    return f"{e.name} ({'; '.join(details)}): {_count(statements, 'statement')}"


def _attribution_lines(group: list[Attribution], width: int) -> Iterator[str]:
    for x in group:
        cue = f"cue: {x.cue.text}" if x.cue else "no cue word"
        if x.cue and x.cue.lemma != x.cue.text.lower():
            cue += f" (lemma {x.cue.lemma})"
        stance = f"stance: {x.stance}" if x.stance else "no stance"
        yield from _wrap(f"{x.id}  {x.type} | {cue} | {stance}", width, INDENT, first="  ")
        # The content as written, on lines of its own, so no added mark mixes with its quotes.
        yield from _wrap(f"{x.content.text} {_offsets(x.content)}", width, INDENT)
        if x.content_parts:
            pieces = " … ".join(_quote(p) for p in x.content_parts)
            yield from _wrap(f"without its frame: {pieces}", width, INDENT + "  ", first=INDENT)
        if x.source is not None:
            written = f"source as written: {_quote(x.source.span)} {_offsets(x.source.span)}"
            if x.source.refers_to is not None:
                written += (f", standing for {_quote(x.source.refers_to)} "
                            f"{_offsets(x.source.refers_to)}")
            yield from _wrap(written, width, INDENT + "  ", first=INDENT)


def _described(source: Source | None) -> str:
    """The words a source with no entity goes by: its own, or the description it stands for."""
    if source is None:
        return ""
    return (source.refers_to or source.span).text


def _words(source: Source) -> str:
    return " ".join(_described(source).lower().split())


def _figure_source(a: Analysis, q: Quantity, attributions: dict[str, Attribution]) -> str:
    attribution = attributions.get(q.attribution_id or "")
    if attribution is None:
        return "the writer (not inside any attribution)"
    if attribution.source is None:
        return f"no source named ({attribution.id})"
    entity = a.entity(attribution.source.entity_id)
    name = entity.name if entity else _described(attribution.source)
    return f"{name} ({attribution.id})"


def _amount(q: Quantity) -> str:
    value = _number(q.value)
    if q.bound == "range" and q.value_max is not None:
        value = f"{value} to {_number(q.value_max)}"
    # A money amount's unit is its currency already (``eur``); say the currency only if not.
    currency = q.currency if q.currency and q.currency.lower() != (q.unit or "").lower() else None
    unit = " ".join(u for u in (currency, q.unit) if u)
    bound = _BOUND_WORDS.get(q.bound, q.bound)
    return f"{value}{' ' + unit if unit else ''} ({bound})"


def _number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def _quote(span: Span) -> str:
    """A short span, quoted so that its edges (spaces, quote marks) are visible."""
    return repr(span.text)


def _offsets(span: Span) -> str:
    return f"[{span.start}:{span.end}]"


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def _wrap(text: str, width: int, indent: str, first: str | None = None) -> list[str]:
    """``text`` wrapped to ``width``, paragraph by paragraph; words are never split or
    hyphenated, so quoted text stays exactly as written apart from the line breaks."""
    first = indent if first is None else first
    lines: list[str] = []
    for i, paragraph in enumerate(text.split("\n")):
        lines += textwrap.wrap(paragraph, width, initial_indent=first if i == 0 else indent,
                               subsequent_indent=indent, break_long_words=False,
                               break_on_hyphens=False) or [indent.rstrip()]
    return lines
