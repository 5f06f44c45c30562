"""Corpus questions: who is quoted, what one person said, who is cited "according to", which
figures disagree, and full-text search. Each returns rows as dicts with a fixed key order."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select, text

from reportedly.names import fold, same_name
from reportedly.store.entities import corpus_key, initials, is_pronoun, not_name_words
from reportedly.store.schema import (
    MAX_KEY,
    articles,
    attributions,
    entities,
    entity_keys,
    quantities,
)

Row = dict[str, Any]


def _filters(query: Select, outlet: str | None, since: str | None) -> Select:
    if outlet:
        query = query.where(func.lower(articles.c.outlet) == outlet.lower())
    if since:
        query = query.where(articles.c.published >= since)
    return query


def _mix(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _speaker_table(connection: Connection, query: Select, limit: int | None) -> list[Row]:
    """Group attribution counts by speaker (a corpus entity, or the folded source text when no
    entity covers it), with per-outlet counts and the stance mix of the cues."""
    totals: Counter[tuple[str, Any]] = Counter()
    outlets: dict[tuple[str, Any], Counter[str]] = defaultdict(Counter)
    stances: dict[tuple[str, Any], Counter[str]] = defaultdict(Counter)
    names: dict[tuple[str, Any], str] = {}
    for r in connection.execute(query):
        who = ("entity", r.source_entity_id) if r.source_entity_id is not None \
            else ("text", r.source_key)
        totals[who] += r.n
        outlets[who][r.outlet or "?"] += r.n
        stances[who][r.stance or "none"] += r.n
        names[who] = r.entity_name or r.source_text
    ranked = sorted(totals, key=lambda w: (-totals[w], names[w].casefold()))
    return [{"speaker": names[w], "entity_id": w[1] if w[0] == "entity" else None,
             "attributions": totals[w], "outlets": _mix(outlets[w]),
             "stances": _mix(stances[w])}
            for w in ranked[:limit]]


def _speaker_query(*conditions: Any) -> Select:
    return (select(attributions.c.source_entity_id, attributions.c.source_key,
                   func.min(entities.c.name).label("entity_name"),
                   func.min(attributions.c.source_text).label("source_text"),
                   articles.c.outlet, attributions.c.stance, func.count().label("n"))
            .join(articles, articles.c.id == attributions.c.article_id)
            .outerjoin(entities, entities.c.id == attributions.c.source_entity_id)
            .where(or_(attributions.c.source_entity_id.is_not(None),
                       attributions.c.source_key.is_not(None)), *conditions)
            .group_by(attributions.c.source_entity_id, attributions.c.source_key,
                      articles.c.outlet, attributions.c.stance))


def speakers(connection: Connection, *, outlet: str | None = None, since: str | None = None,
             limit: int | None = 20) -> list[Row]:
    """The most attributed sources."""
    return _speaker_table(connection, _filters(_speaker_query(), outlet, since), limit)


def sources(connection: Connection, *, outlet: str | None = None, since: str | None = None,
            limit: int | None = 20) -> list[Row]:
    """Who is cited with "according to"."""
    query = _speaker_query(attributions.c.type == "according_to")
    return _speaker_table(connection, _filters(query, outlet, since), limit)


def _matching_keys(connection: Connection, name: str) -> dict[str, int]:
    """The stored keys a name matches (its own key, or a variant of it), and their entities."""
    key = corpus_key(name)
    rows = connection.execute(select(entity_keys.c.key, entity_keys.c.entity_id)
                              .where(entity_keys.c.initials == initials(key))).all()
    return {other: eid for other, eid in rows if other == key or same_name(key, other)}


def entity_ids_for(connection: Connection, name: str) -> list[int]:
    """The corpus entities a name denotes, by the store's entity rule (key or variant)."""
    return sorted(set(_matching_keys(connection, name).values()))


def speaker_ids(connection: Connection, name: str) -> list[int]:
    """The corpus entities a speaker's name stands for in :func:`quotes`.

    A name of two or more words: the entities it denotes (:func:`entity_ids_for`). One word
    can name several: the entity its key leads to (the first one the corpus met by that
    word) and every person with it as surname. Of these, the one most often cited as a
    source is meant: "Trump" is Donald Trump, not a "Trump" that a headline made an
    organisation; "Cruz" is Ted Cruz, not whichever Cruz came first. With none cited, the
    entities the word denotes."""
    keys = _matching_keys(connection, name)
    ids = sorted(set(keys.values()))
    if len(corpus_key(name).split()) != 1:
        return ids
    surnames = [k for k in keys if " " not in k] or [corpus_key(name)]
    persons = connection.execute(
        select(entity_keys.c.entity_id)
        .join(entities, entities.c.id == entity_keys.c.entity_id)
        .where(entities.c.type == "PERSON",
               or_(*(entity_keys.c.key.endswith(" " + s, autoescape=True) for s in surnames)))
    ).scalars().all()
    candidates = sorted({*ids, *persons})
    cited = connection.execute(
        select(attributions.c.source_entity_id, func.count().label("n"))
        .where(attributions.c.source_entity_id.in_(candidates))
        .group_by(attributions.c.source_entity_id)).all()
    if not cited:
        return ids
    return [min(cited, key=lambda r: (-r.n, r.source_entity_id)).source_entity_id]


def quotes(connection: Connection, speaker: str, *, outlet: str | None = None,
           since: str | None = None, limit: int | None = None) -> list[Row]:
    """Everything one speaker was reported to say, oldest first, with each outlet's cue.
    The speaker is found by :func:`speaker_ids`."""
    ids = speaker_ids(connection, speaker)
    who = or_(attributions.c.source_entity_id.in_(ids),
              and_(attributions.c.source_entity_id.is_(None),
                   attributions.c.source_key == fold(speaker)[:MAX_KEY]))
    query = (select(articles.c.published, articles.c.outlet, articles.c.doc_id,
                    attributions.c.local_id, attributions.c.type, attributions.c.source_text,
                    attributions.c.cue_text, attributions.c.stance,
                    attributions.c.content_text)
             .join(articles, articles.c.id == attributions.c.article_id)
             .where(who)
             .order_by(articles.c.published, articles.c.id, attributions.c.ordinal)
             .limit(limit))
    return [{"published": r.published, "outlet": r.outlet, "doc_id": r.doc_id,
             "attribution": r.local_id, "type": r.type, "source": r.source_text,
             "cue": r.cue_text, "stance": r.stance, "content": r.content_text}
            for r in connection.execute(_filters(query, outlet, since))]


# -- figures ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Figure:
    row: Row
    low: float
    high: float


def _interval(value: float, value_max: float | None, bound: str) -> tuple[float, float]:
    """The values a reported figure allows: "at least 100" is not contradicted by 120."""
    if bound == "range" and value_max is not None:
        return min(value, value_max), max(value, value_max)
    if bound in ("at_least", "more_than"):
        return value, math.inf
    if bound in ("at_most", "less_than"):
        return -math.inf, value
    return value, value


def _disagree(a: _Figure, b: _Figure, tolerance: float, max_ratio: float | None) -> bool:
    """Whether two figures cannot both be right, allowing a relative ``tolerance``, yet are
    close enough (within ``max_ratio`` of each other) to be reports of one quantity."""
    if a.low > b.high:
        a, b = b, a
    if b.low <= a.high:
        return False  # the intervals overlap
    gap = b.low - a.high
    if max_ratio is not None and a.high > 0 and b.low > max_ratio * a.high:
        return False  # an order of magnitude apart: two different things counted
    return gap > tolerance * max(abs(a.high), abs(b.low))


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _same_story(a: Row, b: Row, within_days: int | None) -> bool:
    """Whether two figures can be about one event: the same article, or articles published
    at most ``within_days`` apart (any time when None)."""
    if within_days is None or a["doc_id"] == b["doc_id"]:
        return True
    day_a, day_b = _day(a["published"]), _day(b["published"])
    return day_a is not None and day_b is not None and abs((day_a - day_b).days) <= within_days


def _figure_rows(connection: Connection, measure: str | None, outlet: str | None,
                 since: str | None) -> Iterator[Row]:
    query = (select(quantities.c.measure, quantities.c.measure_key, quantities.c.value,
                    quantities.c.value_max, quantities.c.unit, quantities.c.currency,
                    quantities.c.bound, quantities.c.text, attributions.c.source_text,
                    entities.c.name.label("entity_name"), articles.c.doc_id,
                    articles.c.outlet, articles.c.published)
             .join(articles, articles.c.id == quantities.c.article_id)
             .outerjoin(attributions, attributions.c.id == quantities.c.attribution_id)
             .outerjoin(entities, entities.c.id == attributions.c.source_entity_id)
             .where(quantities.c.measure_key.is_not(None), quantities.c.measure_key != "")
             .order_by(quantities.c.measure_key, quantities.c.unit, quantities.c.currency,
                       articles.c.id, quantities.c.ordinal))
    wanted = _measure_pattern(measure) if measure else None
    if measure:
        query = query.where(quantities.c.measure_key.contains(fold(measure)[:MAX_KEY],
                                                              autoescape=True))
    for r in connection.execute(_filters(query, outlet, since)):
        if not _names_a_measure(r.measure_key):
            continue
        if wanted is not None and not wanted.search(r.measure_key):
            continue
        yield {"measure": r.measure, "measure_key": r.measure_key, "value": r.value,
               "value_max": r.value_max, "unit": r.unit, "currency": r.currency,
               "bound": r.bound, "text": r.text, "source": r.entity_name or r.source_text,
               "doc_id": r.doc_id, "outlet": r.outlet, "published": r.published}


def _measure_pattern(measure: str) -> re.Pattern[str]:
    """Whole words of a measure: "men" finds "men killed", not "unemployment" or "Armenians";
    the last word may take a plural ending ("death" finds "deaths")."""
    return re.compile(rf"(?<!\w){re.escape(fold(measure)[:MAX_KEY])}(?:e?s)?(?!\w)")


def _names_a_measure(key: str) -> bool:
    """A measure made of pronouns and connecting words only ("them", "those") names nothing."""
    return any(word not in not_name_words() for word in key.split())


def _sourced(row: Row) -> bool:
    return bool(row["source"]) and not is_pronoun(row["source"])


def figures(connection: Connection, *, measure: str | None = None, conflicts: bool = False,
            tolerance: float = 0.05, within_days: int | None = 7, max_ratio: float | None = 10.0,
            outlet: str | None = None, since: str | None = None,
            limit: int | None = None) -> list[Row]:
    """Reported figures with their sources; with ``conflicts``, pairs of figures for the same
    measure (same folded measure, unit and currency) whose values differ by more than
    ``tolerance`` (relative), side by side.

    A conflict is between two sources about one thing: both figures are attributed, to
    different sources (an outlet's own numbers, or one source's numbers over time, are no
    disagreement between sources); they come from one article or from articles published at
    most ``within_days`` apart; and they are within ``max_ratio`` of each other. A measure
    is only what a figure counts ("people killed", "money raised"), so figures far apart in
    time or size are far more often two different things than two sources disagreeing."""
    rows = _figure_rows(connection, measure, outlet, since)
    if not conflicts:
        out = [{k: v for k, v in r.items() if k != "measure_key"} for r in rows]
        return out[:limit] if limit is not None else out
    pairs: list[Row] = []
    group: list[_Figure] = []
    group_key: tuple[Any, ...] | None = None

    seen: set[tuple[Any, ...]] = set()

    def flush() -> None:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if fold(a.row["source"]) != fold(b.row["source"]) \
                        and _same_story(a.row, b.row, within_days) \
                        and _disagree(a, b, tolerance, max_ratio):
                    pair = _pair(a.row, b.row)
                    # One figure repeated in an article (the same words, the same source)
                    # is one report: each disagreement is listed once.
                    if (shown := tuple(pair.values())) not in seen:
                        seen.add(shown)
                        pairs.append(pair)

    for r in rows:
        key = (r["measure_key"], r["unit"], r["currency"])
        if key != group_key:
            flush()
            group, group_key = [], key
        if _sourced(r):
            group.append(_Figure(r, *_interval(r["value"], r["value_max"], r["bound"])))
        if limit is not None and len(pairs) >= limit:
            break
    flush()
    return pairs[:limit] if limit is not None else pairs


def _pair(a: Row, b: Row) -> Row:
    return {"measure": a["measure"], "unit": a["unit"],
            "value_a": a["text"], "source_a": a["source"], "doc_a": a["doc_id"],
            "outlet_a": a["outlet"],
            "value_b": b["text"], "source_b": b["source"], "doc_b": b["doc_id"],
            "outlet_b": b["outlet"]}


# -- full-text search -------------------------------------------------------------------------
_TERM = re.compile(r"\w+")


def search(connection: Connection, query: str, *, limit: int | None = 20) -> list[Row]:
    """Articles matching every word of ``query``, best first, with a highlighted snippet."""
    terms = _TERM.findall(query)
    if not terms:
        return []
    if connection.dialect.name == "postgresql":
        sql = text(
            "SELECT doc_id, outlet, published, title, ts_headline('english', text, q, "
            "'StartSel=[,StopSel=],MaxWords=18,MinWords=8') AS snippet "
            "FROM articles, plainto_tsquery('english', :q) AS q "
            "WHERE to_tsvector('english', text) @@ q "
            "ORDER BY ts_rank(to_tsvector('english', text), q) DESC, id LIMIT :limit")
        params: dict[str, Any] = {"q": " ".join(terms)}
    else:
        # Each word as a quoted FTS5 string: user input never reaches the query syntax.
        sql = text(
            "SELECT a.doc_id, a.outlet, a.published, a.title, "
            "snippet(articles_fts, 0, '[', ']', '…', 14) AS snippet "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH :q ORDER BY rank, a.id LIMIT :limit")
        params = {"q": " ".join('"' + t.replace('"', "") + '"' for t in terms)}
    params["limit"] = limit if limit is not None else -1 if connection.dialect.name == "sqlite" \
        else None
    return [{"doc_id": r.doc_id, "outlet": r.outlet, "published": r.published,
             "title": r.title, "snippet": " ".join(r.snippet.split())}
            for r in connection.execute(sql, params)]
