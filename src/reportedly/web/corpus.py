"""What the corpus pages show: the store's own queries (``reportedly.store.queries``), plus the
article list and one entity's statements, which the command line does not ask for."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from reportedly.model import Analysis
from reportedly.store import load_analysis, queries
from reportedly.store.schema import articles, attributions, entities

PAGE_SIZE = 25


@dataclass(frozen=True)
class ArticlePage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    outlets: list[str]


def list_articles(c: Connection, *, outlet: str | None = None, since: str | None = None,
                  until: str | None = None, q: str | None = None, page: int = 1) -> ArticlePage:
    """Stored articles, newest first, filtered by outlet, date and full-text search."""
    statements = (select(func.count()).select_from(attributions)
                  .where(attributions.c.article_id == articles.c.id).scalar_subquery())
    query = select(articles.c.doc_id, articles.c.title, articles.c.outlet, articles.c.published,
                   statements.label("statements"))
    if outlet:
        query = query.where(func.lower(articles.c.outlet) == outlet.lower())
    if since:
        query = query.where(articles.c.published >= since)
    if until:
        # "until 2024-05-31" keeps everything published that day, whatever the time.
        query = query.where(func.substr(articles.c.published, 1, len(until)) <= until)
    if q and q.strip():
        found = [r["doc_id"] for r in queries.search(c, q, limit=None)]
        query = query.where(articles.c.doc_id.in_(found))
    total = c.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = c.execute(query.order_by(articles.c.published.desc().nulls_last(), articles.c.id)
                     .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).mappings().all()
    outlets = c.execute(select(articles.c.outlet).where(articles.c.outlet.is_not(None))
                        .distinct().order_by(articles.c.outlet)).scalars().all()
    return ArticlePage([dict(r) for r in rows], total, page, pages, list(outlets))


def stored_analysis(c: Connection, doc_id: str) -> Analysis | None:
    """The Analysis stored under ``doc_id`` (the first stored, when several share it)."""
    row = c.execute(select(articles).where(articles.c.doc_id == doc_id)
                    .order_by(articles.c.id).limit(1)).first()
    return load_analysis(c, row) if row is not None else None


def parse_mix(mix: str) -> list[tuple[str, int]]:
    """The ``"neutral 3, distancing 1"`` of :func:`queries.speakers` back as pairs."""
    pairs = []
    for item in mix.split(", "):
        name, _, n = item.rpartition(" ")
        if name and n.isdigit():
            pairs.append((name, int(n)))
    return pairs


@dataclass(frozen=True)
class SpeakerPage:
    name: str
    rows: list[dict[str, Any]]
    timeline: list[tuple[str, int]]


def speaker_statements(c: Connection, speaker: str) -> SpeakerPage | None:
    """Every statement of one speaker: a corpus entity by id (digits), else a source as the
    command line names it (``reportedly query quotes --speaker``)."""
    if speaker.isdigit():
        name = c.execute(select(entities.c.name).where(entities.c.id == int(speaker))
                         ).scalar_one_or_none()
        if name is None:
            return None
        query = (select(articles.c.published, articles.c.outlet, articles.c.doc_id,
                        articles.c.title, attributions.c.local_id.label("attribution"),
                        attributions.c.type, attributions.c.source_text.label("source"),
                        attributions.c.cue_text.label("cue"), attributions.c.stance,
                        attributions.c.content_text.label("content"))
                 .join(articles, articles.c.id == attributions.c.article_id)
                 .where(attributions.c.source_entity_id == int(speaker))
                 .order_by(articles.c.published, articles.c.id, attributions.c.ordinal))
        rows = [dict(r) for r in c.execute(query).mappings()]
    else:
        name = speaker
        rows = queries.quotes(c, speaker)
        if not rows:
            return None
    return SpeakerPage(name, rows, timeline(r["published"] for r in rows))


def timeline(dates: Any) -> list[tuple[str, int]]:
    """Statements per month (per day when they all fall in one month), oldest first; undated
    statements are left out."""
    known = [d for d in dates if d and len(d) >= 7]
    if not known:
        return []
    months = {d[:7] for d in known}
    width = 10 if len(months) == 1 and all(len(d) >= 10 for d in known) else 7
    counts = Counter(d[:width] for d in known)
    return sorted(counts.items())
