"""The web app: the article view over a fresh or a stored Analysis, the corpus pages over the
store, and a JSON API beside them.

The English model is loaded once per process before the first request (lifespan). Analyses
run on a worker thread, never on the event loop, one at a time per process (``--workers``
processes for more), each within a time limit."""

from __future__ import annotations

import asyncio
import base64
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel, Field
from sqlalchemy import Connection
from swagger_ui_bundle import swagger_ui_path

from reportedly.model import Analysis, Article
from reportedly.web import corpus
from reportedly.web.render import PALETTE_SIZE, article_view, palette_index

HERE = Path(__file__).parent
#: Largest article accepted (UTF-8 bytes of the text, or of an uploaded file).
MAX_INPUT_BYTES = 2 * 1024 * 1024
#: Room for the form's own envelope around the article in a request body.
ENVELOPE_BYTES = 64 * 1024
DEFAULT_TIME_LIMIT = 60.0
#: Where ``reportedly serve --workers N`` hands its settings to each worker process.
ENV_DB, ENV_TIME_LIMIT = "REPORTEDLY_WEB_DB", "REPORTEDLY_WEB_TIME_LIMIT"

#: No inline script or style, nothing from elsewhere: article text that slipped through
#: escaping still could not run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: The API docs (Swagger UI, served from the swagger-ui-bundle package) set inline styles;
#: their scripts are files like every other.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class InputTooLarge(Exception):
    pass


class AnalysisTimeout(Exception):
    pass


class AnalyzeRequest(BaseModel):
    text: str = Field(description="the article text")
    doc_id: str | None = Field(default=None, description="its id in the Analysis")


class Analyzer:
    """One model per process; analyses one at a time on a thread of their own."""

    def __init__(self, time_limit: float) -> None:
        self.time_limit = time_limit
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analyze")

    def warm(self) -> None:
        from reportedly.analyze import analyze

        analyze("“The model is ready,” the server said.")  # loads parser and tagger

    async def analyze(self, article: Article) -> Analysis:
        from reportedly.analyze import analyze

        loop = asyncio.get_running_loop()
        started = asyncio.Event()

        def job() -> Analysis:
            loop.call_soon_threadsafe(started.set)
            return analyze(article)

        future = loop.run_in_executor(self.executor, job)
        # The limit counts from when the analysis starts: waiting behind others' articles
        # is no fault of this one. (A thread cannot be stopped: after the limit the request
        # ends, and the analysis runs to its end before the next one starts.)
        await started.wait()
        try:
            return await asyncio.wait_for(future, self.time_limit)
        except TimeoutError as e:
            raise AnalysisTimeout(
                f"the analysis took longer than the {self.time_limit:g} s time limit") from e

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


class Corpus:
    """The store, opened when first needed; a missing SQLite file is never created here."""

    def __init__(self, db: str | None) -> None:
        from reportedly.store.db import database_url

        self.db = db
        self.url = database_url(db)
        self._store: Any = None
        self._opening = threading.Lock()  # pages are served from several threads

    @property
    def missing(self) -> str | None:
        if self.url.startswith("sqlite:///"):
            path = Path(self.url.removeprefix("sqlite:///"))
            if not path.is_file():
                return f"no corpus store at {path}: fill one with `reportedly ingest`"
        return None

    def connect(self) -> Connection:
        with self._opening:
            if self._store is None:
                from reportedly.store import Store

                self._store = Store(self.db)
        return self._store.connect()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("reportedly.web", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["urlpart"] = lambda s: quote(str(s), safe="")
    env.filters["number"] = lambda v: "" if v is None else (
        str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
    env.globals["palette_index"] = palette_index
    env.globals["PALETTE_SIZE"] = PALETTE_SIZE
    return Jinja2Templates(env=env)


def create_app(db_url: str | None = None, *, time_limit: float = DEFAULT_TIME_LIMIT,
               warm: bool = True) -> FastAPI:
    """The app over the store at ``db_url`` (default ``./reportedly.db``); ``warm`` loads the
    model at startup rather than on the first analysis."""
    analyzer = Analyzer(time_limit)
    store = Corpus(db_url)
    templates = _templates()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm:
            await asyncio.get_running_loop().run_in_executor(analyzer.executor, analyzer.warm)
        yield
        analyzer.close()
        store.close()

    app = FastAPI(title="reportedly", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Who said what, on whose authority, with which numbers.")
    app.mount("/static", StaticFiles(packages=[("reportedly.web", "static")]), name="static")
    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def error(request: Request, status: int, title: str, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        return page(request, "error.html", status, title=title, message=message)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]
                    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() \
                and int(length) > MAX_INPUT_BYTES + ENVELOPE_BYTES:
            response = error(request, 413, "Article too large",
                             f"the input is {int(length):,} bytes; the limit is "
                             f"{MAX_INPUT_BYTES:,} bytes (2 MB)")
        else:
            response = await call_next(request)
        docs = request.url.path == "/docs"
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(InputTooLarge)
    async def too_large(request: Request, exc: InputTooLarge) -> Response:
        return error(request, 413, "Article too large", str(exc))

    @app.exception_handler(AnalysisTimeout)
    async def timed_out(request: Request, exc: AnalysisTimeout) -> Response:
        return error(request, 503, "Analysis took too long", str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        titles = {404: "Not found", 400: "Bad input", 405: "Method not allowed"}
        return error(request, exc.status_code, titles.get(exc.status_code, "Error"),
                     str(exc.detail))

    def check_size(data: bytes | str, what: str) -> None:
        size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
        if size > MAX_INPUT_BYTES:
            raise InputTooLarge(f"{what} is {size:,} bytes; the limit is "
                                f"{MAX_INPUT_BYTES:,} bytes (2 MB)")

    def article_page(request: Request, analysis: Analysis, *, stored: bool,
                     elapsed: float) -> HTMLResponse:
        view = article_view(analysis)
        if stored:
            download = f"/api/articles/{quote(analysis.doc_id, safe='')}"
        else:
            encoded = base64.b64encode(analysis.to_json().encode("utf-8")).decode("ascii")
            download = f"data:application/json;base64,{encoded}"
        response = page(request, "article.html", view=view, stored=stored, download=download,
                        filename=f"{analysis.doc_id}.analysis.json")
        response.headers["Server-Timing"] = f"analysis;dur={elapsed * 1000:.1f}"
        return response

    # -- pages ---------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        return page(request, "index.html", limit=MAX_INPUT_BYTES)

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_form(request: Request) -> Response:
        started = time.perf_counter()
        form = await request.form(max_files=1, max_fields=10,
                                  max_part_size=MAX_INPUT_BYTES + ENVELOPE_BYTES)
        upload = form.get("file")
        text = form.get("text")
        article: Any = None
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read()
            check_size(data, f"the file {upload.filename}")
            article = _article_from_upload(data, upload.filename)
        elif isinstance(text, str) and text.strip():
            check_size(text, "the text")
            # A browser sends a textarea's line breaks as CRLF whatever was pasted: the
            # article is the text as it was shown.
            article = Article(doc_id="pasted", text=text.replace("\r\n", "\n"))
        else:
            raise HTTPException(400, "nothing to analyse: paste an article or choose a file")
        analysis = await analyzer.analyze(article)
        return article_page(request, analysis, stored=False,
                            elapsed=time.perf_counter() - started)

    def connection(request: Request) -> Connection:
        missing = store.missing
        if missing:
            raise HTTPException(404, missing)
        return store.connect()

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def article_list(request: Request, outlet: str | None = None, since: str | None = None,
                     until: str | None = None, q: str | None = None,
                     page_number: int = Query(1, alias="page", ge=1)) -> HTMLResponse:
        with connection(request) as c:
            listing = corpus.list_articles(c, outlet=outlet, since=since, until=until, q=q,
                                           page=page_number)
        return page(request, "articles.html", listing=listing, outlet=outlet or "",
                    since=since or "", until=until or "", q=q or "")

    @app.get("/articles/{doc_id:path}/figure", include_in_schema=False)
    def figure_evidence(request: Request, doc_id: str, text: str) -> Response:
        """The evidence of a figure named by its words: the article, scrolled to it."""
        with connection(request) as c:
            analysis = corpus.stored_analysis(c, doc_id)
        if analysis is None:
            raise HTTPException(404, f"no stored article {doc_id!r}")
        q = next((q for q in analysis.quantities if q.span.text == text), None)
        anchor = f"#ev-{q.id}" if q is not None else ""
        return RedirectResponse(f"/articles/{quote(doc_id, safe='')}{anchor}", 303)

    @app.get("/articles/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def stored_article(request: Request, doc_id: str) -> HTMLResponse:
        started = time.perf_counter()
        with connection(request) as c:
            analysis = corpus.stored_analysis(c, doc_id)
        if analysis is None:
            raise HTTPException(404, f"no stored article {doc_id!r}")
        return article_page(request, analysis, stored=True,
                            elapsed=time.perf_counter() - started)

    def ranking(request: Request, query: Any, outlet: str | None, since: str | None, *,
                title: str, heading: str, action: str) -> HTMLResponse:
        """A ranking page of speakers or "according to" sources, with each one's stance mix."""
        with connection(request) as c:
            rows = query(c, outlet=outlet or None, since=since or None, limit=100)
        for r in rows:
            r["stance_mix"] = corpus.parse_mix(r["stances"])
        return page(request, "speakers.html", rows=rows, outlet=outlet or "",
                    since=since or "", title=title, heading=heading, action=action)

    @app.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
    def speaker_ranking(request: Request, outlet: str | None = None,
                        since: str | None = None) -> HTMLResponse:
        return ranking(request, corpus.queries.speakers, outlet, since, title="Speakers",
                       heading="Who is quoted most", action="/speakers")

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def source_ranking(request: Request, outlet: str | None = None,
                       since: str | None = None) -> HTMLResponse:
        return ranking(request, corpus.queries.sources, outlet, since, title="Sources",
                       heading="Who is cited “according to”", action="/sources")

    @app.get("/speakers/{speaker}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(request: Request, speaker: str) -> HTMLResponse:
        with connection(request) as c:
            found = corpus.speaker_statements(c, speaker)
        if found is None:
            raise HTTPException(404, f"no statements by {speaker!r} in the store")
        return page(request, "speaker.html", speaker=found,
                    colour=palette_index(found.name))

    @app.get("/figures/conflicts", response_class=HTMLResponse, include_in_schema=False)
    def figure_conflicts(request: Request, measure: str | None = None,
                         within: str = "7") -> HTMLResponse:
        within_days = None if within == "any" else int(within) if within.isdigit() else 7
        with connection(request) as c:
            rows = corpus.queries.figures(c, measure=measure or None, conflicts=True,
                                          within_days=within_days)
        return page(request, "conflicts.html", rows=rows, measure=measure or "",
                    within=within)

    # -- JSON ----------------------------------------------------------------------------------
    @app.post("/api/analyze", summary="Analyse one article",
              description="The Analysis JSON, as `reportedly analyze` prints it.")
    async def api_analyze(body: AnalyzeRequest) -> Response:
        check_size(body.text, "the text")
        if not body.text.strip():
            raise HTTPException(400, "the text is empty")
        analysis = await analyzer.analyze(Article(doc_id=body.doc_id or "text", text=body.text))
        return Response(analysis.to_json(), media_type="application/json")

    @app.get("/api/articles/{doc_id:path}", summary="A stored article's Analysis")
    def api_article(request: Request, doc_id: str) -> Response:
        with connection(request) as c:
            analysis = corpus.stored_analysis(c, doc_id)
        if analysis is None:
            raise HTTPException(404, f"no stored article {doc_id!r}")
        return Response(analysis.to_json(), media_type="application/json")

    @app.get("/api/speakers", summary="The most attributed sources in the store")
    def api_speakers(request: Request, outlet: str | None = None, since: str | None = None,
                     limit: int = 20) -> list[dict[str, Any]]:
        with connection(request) as c:
            return corpus.queries.speakers(c, outlet=outlet, since=since, limit=limit)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        """FastAPI's OpenAPI docs (Swagger UI), every asset served from here."""
        return page(request, "docs.html")

    @app.get("/docs/openapi.json", include_in_schema=False)
    def docs_schema() -> dict[str, Any]:
        """The OpenAPI schema labelled 3.0 for Swagger UI 4, which reads no 3.1 label; the
        parts of 3.1 this schema uses (``anyOf`` with null) it shows as they are."""
        return {**app.openapi(), "openapi": "3.0.3"}

    @app.get("/healthz", summary="Whether the server is up")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _article_from_upload(data: bytes, filename: str) -> Article:
    from reportedly.ingest.base import ReadFailure
    from reportedly.ingest.html import article_from_html
    from reportedly.ingest.txt import article_from_text

    name = Path(filename).name
    stem, _, ending = name.rpartition(".")
    if ending.lower() in ("html", "htm"):
        item = article_from_html(data, stem or name, name)
    elif ending.lower() == "txt":
        item = article_from_text(data, stem or name, name)
    else:
        raise HTTPException(400, f"{name}: only .txt and .html files can be analysed")
    if isinstance(item, ReadFailure):
        raise HTTPException(400, str(item))
    return item


def app_from_env() -> FastAPI:
    """The app for each ``--workers`` process, set up from the environment."""
    return create_app(os.environ.get(ENV_DB) or None,
                      time_limit=float(os.environ.get(ENV_TIME_LIMIT) or DEFAULT_TIME_LIMIT))
