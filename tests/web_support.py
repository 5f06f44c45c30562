"""Helpers for the web app's tests: a small stored corpus, and the app served by uvicorn on a
free loopback port in a thread of the test process."""

from __future__ import annotations

import atexit
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import httpx
import uvicorn

from reportedly.analyze import analyze
from reportedly.model import Analysis, Article, Meta
from reportedly.names import fold
from reportedly.store import Store, store_analyses
from reportedly.web import create_app

ROOT = Path(__file__).resolve().parents[1]
DEVSET_TEXT = ROOT / "devset" / "dev" / "text"
#: The example article of the README's first command.
EXAMPLE = ROOT / "examples" / "agency-report.txt"

#: Two reports of one event that disagree on a figure, so the conflicts page has rows.
CONFLICTING = (
    ("flood-police", "Daily Courier", "2024-05-06",
     "At least 40 people were killed in the floods, police said on Monday."),
    ("flood-ministry", "Evening Post", "2024-05-07",
     "Only 12 people were killed in the floods, the health ministry said on Tuesday."),
)

HOSTILE = (
    "“<script>window.__pwned = 1</script> We will win,” the minister said.\n\n"
    "<img src=x onerror=\"window.__pwned = 2\"> The mayor said 40 people came.\n\n"
    "Read <a href=\"javascript:window.__pwned = 3\">this link</a>, the agency reported.\n\n"
    "</textarea><script>window.__pwned = 4</script>\" onmouseover=\"window.__pwned = 5\n"
)


def devset_articles() -> list[Article]:
    """The devset articles, each with an outlet (its style) and a date, a day apart."""
    paths = sorted(DEVSET_TEXT.glob("*.txt"))
    return [Article(p.stem, p.read_text(encoding="utf-8"),
                    Meta(title=p.stem.replace("_", ": ").replace("-", " ").capitalize(),
                         outlet=p.stem.split("_")[0], published=f"2024-05-{i + 1:02d}"))
            for i, p in enumerate(paths)]


@lru_cache(maxsize=1)
def corpus_db() -> str:
    """A SQLite store holding the devset and the two conflicting reports (built once per test
    run; the rules alone find the attributions, which keeps it quick)."""
    folder = Path(tempfile.mkdtemp(prefix="reportedly-web-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    db = str(folder / "corpus.db")
    items = [*devset_articles(),
             *(Article(doc_id, text, Meta(title=doc_id, outlet=outlet, published=day))
               for doc_id, outlet, day, text in CONFLICTING)]
    analyses = [analyze(a, use_tagger=False) for a in items]
    store = Store(db)
    with store.connect() as c:
        store_analyses(c, analyses)
    store.close()
    return db


def speaker_keys(analysis: Analysis) -> dict[str, int]:
    """Statements per speaker, told apart as the article view does: the linked entity, else
    the description a pronoun stands for, else the source's words."""
    counts: dict[str, int] = {}
    for a in analysis.attributions:
        if a.source is None:
            continue
        if a.source.entity_id is not None:
            key = "e:" + a.source.entity_id
        else:
            named = a.source.refers_to.text if a.source.refers_to else a.source.text
            key = "t:" + (fold(named) or named.casefold())
        counts[key] = counts.get(key, 0) + 1
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(db: str | None, **options: object) -> Iterator[str]:
    """The app served on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(create_app(db, **options), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # the model loads before the first request
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.1)
    assert httpx.get(base + "/healthz").json() == {"status": "ok"}
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=30)
