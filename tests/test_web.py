"""The web app over HTTP: the article view's marks, hostile input, limits, the JSON API, the
corpus pages against the store's own queries, and concurrent analyses on a live server."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from reportedly.analyze import analyze
from reportedly.model import Analysis, Article, Attribution, Cue, Diagnostic, Quantity, Source, Span
from reportedly.store import Store, queries, store_analyses
from reportedly.web import create_app
from reportedly.web.app import MAX_INPUT_BYTES
from reportedly.web.corpus import stored_analysis
from reportedly.web.render import article_view

from .web_support import HOSTILE, corpus_db, free_port, live_server, speaker_keys


class _Page(HTMLParser):
    """The article text's element: its text, its tags' balance, and every marked element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <div id="article-text"> when > 0
        self.text: list[str] = []
        self.marks: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.stack: list[str] = []
        self.inner_tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found)
        if self.depth:
            self.depth += 1
            self.stack.append(tag)
            self.inner_tags.add(tag)
            self.marks.append(found)
        elif found.get("id") == "article-text":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth > 1:
            assert self.stack.pop() == tag, "badly nested marks"
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(corpus_db())) as c:
        yield c


def test_marks_nest_keep_the_text_and_escape_it() -> None:
    text = "<b>“A & B,” said Ann</b>, who <i>claimed</i> 40 died ‘x’."
    content = Span.of(text, 3, 13)
    inner = Span.of(text, 4, 9)  # overlaps the source's and cue's neighbours
    figure = Span.of(text, text.index("40"), text.index("40") + 8)
    analysis = Analysis("t", text, attributions=(
        Attribution("A1", "direct", content, Source(19, 22, "Ann"), Cue(14, 18, "said", "say"),
                    "neutral", (content,)),
        Attribution("A2", "partial", inner, None, None, None, ()),
    ), quantities=(Quantity("Q1", figure, 40, measure="died", attribution_id="A1"),),
        diagnostics=(Diagnostic("fragment", Span.of(text, 10, 25), "a <fragment>"),))
    view = article_view(analysis)
    page = parse(f'<div id="article-text">{view.body}</div>')
    assert "".join(page.text) == text
    assert "<b>" not in str(view.body) and "&lt;b&gt;" in str(view.body)
    assert {m.get("data-att") for m in page.marks} >= {"A1", "A2"}
    nested = [m for m in page.marks if "nested" in (m.get("class") or "")]
    assert nested and all(m.get("data-att") == "A2" for m in nested)
    tips = [m["data-tip"] for m in page.marks if m.get("data-tip")]
    assert any("value 40" in t and "Ann" in t for t in tips)
    assert any("a <fragment>" in t for t in tips)  # escaped in the HTML, whole in the attribute
    assert [s.name for s in view.speakers] == ["Ann"]


def test_article_view_marks_every_statement(client: TestClient) -> None:
    text = ("“We will not back down,” Defence Minister Ada Brook said on Monday. Brook added "
            "that at least 40 drones were shot down. Critics claimed the figure was 12.")
    analysis = analyze(Article("pasted", text))
    response = client.post("/analyze", data={"text": text})
    assert response.status_code == 200
    page = parse(response.text)
    assert "".join(page.text) == text
    marked = {m["data-att"] for m in page.marks if "att" in (m.get("class") or "").split()}
    assert marked == {a.id for a in analysis.attributions}
    speakers = re.findall(r'<button type="button" class="speaker sp\d"', response.text)
    assert len(speakers) == len(speaker_keys(analysis))
    figures = [m for m in page.marks if m.get("class") == "fig" and m.get("id")]
    assert len(figures) == len(analysis.quantities)
    assert float(response.headers["Server-Timing"].split("dur=")[1]) > 0


def test_hostile_text_is_only_text(client: TestClient) -> None:
    response = client.post("/analyze", data={"text": HOSTILE})
    assert response.status_code == 200
    page = parse(response.text)
    assert "".join(page.text) == HOSTILE
    assert [s.get("src") for s in page.scripts] == ["/static/app.js"]
    assert not [m for m in page.marks if set(m) - {"class", "id", "tabindex", "title",
                                                     "data-att", "data-speaker", "data-tip"}]
    assert page.inner_tags == {"span"} and "img" not in page.tags
    assert "&lt;script&gt;" in response.text


def test_security_headers_and_no_path_to_files(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/static/app.js").status_code == 200
    for url in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                "/static/%2e%2e/%2e%2e/pyproject.toml", "/articles/..%2f..%2fpyproject.toml",
                "/etc/passwd"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "import" not in response.text


def test_input_over_two_megabytes_is_a_413_page(client: TestClient) -> None:
    just_over = "a" * (MAX_INPUT_BYTES + 1)
    response = client.post("/analyze", data={"text": just_over})
    assert response.status_code == 413 and "2 MB" in response.text
    response = client.post("/analyze", files={"file": ("big.txt", b"x" * (3 * MAX_INPUT_BYTES))})
    assert response.status_code == 413 and "Article too large" in response.text
    response = client.post("/api/analyze", json={"text": just_over})
    assert response.status_code == 413 and "2 MB" in response.json()["error"]


def test_bad_input_gets_a_clear_error(client: TestClient) -> None:
    response = client.post("/analyze", data={"text": "  "})
    assert response.status_code == 400 and "nothing to analyse" in response.text
    response = client.post("/analyze", files={"file": ("notes.pdf", b"%PDF-1.4")})
    assert response.status_code == 400 and "notes.pdf" in response.text
    assert "Traceback" not in response.text
    assert client.get("/articles/no-such-article").status_code == 404


def test_uploaded_file_is_analysed(client: TestClient) -> None:
    text = "Prices will fall, the minister said."
    response = client.post("/analyze", files={"file": ("note.txt", text.encode())})
    assert response.status_code == 200
    assert "".join(parse(response.text).text) == text
    page = (b"<html><head><title>Port strike ends</title></head><body><article>"
            b"<h1>Port strike ends</h1><p>The strike at the harbour ended on Friday after nine "
            b"days, the port authority said. Workers will return on Monday.</p><p>\"We got "
            b"what we asked for,\" union leader Mara Olsen told reporters.</p></article>"
            b"<script>window.__pwned = 1</script></body></html>")
    response = client.post("/analyze", files={"file": ("strike.html", page)})
    assert response.status_code == 200
    shown = "".join(parse(response.text).text)
    assert '"We got what we asked for,"' in shown and "<p>" not in shown
    assert "__pwned" not in shown and ">Port strike ends</h1>" in response.text


def test_api_analyze_is_the_analysis_json(client: TestClient) -> None:
    text = "“Prices will fall,” the minister said, adding that 3 banks would close."
    response = client.post("/api/analyze", json={"text": text, "doc_id": "d1"})
    assert response.status_code == 200
    assert response.text == analyze(Article("d1", text)).to_json()


def test_time_limit_gives_a_clear_error() -> None:
    with TestClient(create_app(corpus_db(), time_limit=0.001)) as c:
        response = c.post("/api/analyze", json={"text": "The minister said prices fall. " * 40})
        assert response.status_code == 503
        assert "time limit" in response.json()["error"]
        page = c.post("/analyze", data={"text": "The minister said prices fall. " * 40})
        assert page.status_code == 503 and "took too long" in page.text


def test_corpus_pages_show_the_store(client: TestClient) -> None:
    store = Store(corpus_db())
    with store.connect() as c:
        speakers = queries.speakers(c, limit=100)
        conflicts = queries.figures(c, conflicts=True)
        stored = stored_analysis(c, "wire_harbour-strike")
        top = speakers[0]
    store.close()

    listing = client.get("/articles").text
    assert "wire_harbour-strike" in listing and "flood-police" in listing
    only_court = client.get("/articles", params={"outlet": "court"}).text
    assert "court_warehouse-fraud" in only_court and "wire_harbour-strike" not in only_court
    searched = client.get("/articles", params={"q": "floods"}).text
    assert "flood-police" in searched and "wire_harbour-strike" not in searched

    page = client.get("/speakers").text
    assert page.count('class="mixbar"') == len(speakers)
    assert len(re.findall(r'<a href="/speakers/[^"]+">', page)) == len(speakers)

    assert conflicts, "the two flood reports disagree"
    page = client.get("/figures/conflicts").text
    assert page.count("/figure?text=") == 2 * len(conflicts)
    link = re.search(r'href="(/articles/flood-[a-z]+/figure\?text=[^"]+)"', page).group(1)
    evidence = client.get(link.replace("&amp;", "&"), follow_redirects=False)
    assert evidence.status_code == 303 and "#ev-Q" in evidence.headers["location"]

    ident = top["entity_id"] if top["entity_id"] is not None else top["speaker"]
    page = client.get(f"/speakers/{ident}").text
    assert page.count('<td class="content">') == top["attributions"]
    unnamed = next(r for r in speakers if r["entity_id"] is None)
    page = client.get(f"/speakers/{quote(unnamed['speaker'], safe='')}").text
    assert page.count('<td class="content">') >= 1

    assert client.get("/api/articles/wire_harbour-strike").text == stored.to_json()
    page = parse(client.get("/articles/wire_harbour-strike").text)
    assert "".join(page.text) == stored.text
    assert {m.get("data-att") for m in page.marks if "att" in (m.get("class") or "").split()} \
        == {a.id for a in stored.attributions}
    assert client.get("/api/speakers").json() == queries_speakers(20)
    assert client.get("/healthz").json() == {"status": "ok"}


def queries_speakers(limit: int) -> list[dict]:
    store = Store(corpus_db())
    with store.connect() as c:
        rows = queries.speakers(c, limit=limit)
    store.close()
    return rows


def test_without_a_store_corpus_pages_say_how_to_fill_one(tmp_path) -> None:
    missing = tmp_path / "none.db"
    with TestClient(create_app(str(missing), warm=False)) as c:
        response = c.get("/speakers")
    assert response.status_code == 404 and "reportedly ingest" in response.text
    assert not missing.exists()


@pytest.mark.slow
def test_twenty_concurrent_analyses_are_all_right() -> None:
    texts = [f"“We will open {n + 2} new schools,” the mayor of Town{n} said on Monday."
             for n in range(20)]

    async def post_all(base: str) -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base, timeout=300) as client:
            return await asyncio.gather(*(
                client.post("/api/analyze", json={"text": t, "doc_id": f"d{n}"})
                for n, t in enumerate(texts)))

    with live_server(None) as base:
        responses = asyncio.run(post_all(base))
    assert [r.status_code for r in responses] == [200] * 20
    for n, (text, response) in enumerate(zip(texts, responses, strict=True)):
        assert response.text == analyze(Article(f"d{n}", text)).to_json()


def test_serve_command_rejects_bad_options() -> None:
    run = [sys.executable, "-m", "reportedly", "serve"]
    result = subprocess.run([*run, "--port", "http"], capture_output=True, text=True)
    assert result.returncode == 2 and "port" in result.stderr
    result = subprocess.run([*run, "--workers", "0"], capture_output=True, text=True)
    assert result.returncode == 2 and "1 or more" in result.stderr


@pytest.mark.slow
def test_serve_command_answers_on_loopback(tmp_path) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "reportedly", "serve", "--port", str(port),
                               "--db", str(tmp_path / "c.db")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(600):
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()
                asyncio.run(asyncio.sleep(0.5))
        assert response.json() == {"status": "ok"}
        page = httpx.get(f"http://127.0.0.1:{port}/")
        assert 'name="text"' in page.text and page.headers["content-security-policy"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_doc_id_with_a_slash_has_its_page(tmp_path) -> None:
    db = str(tmp_path / "c.db")
    text = "At least 40 people were killed, police said."
    store = Store(db)
    with store.connect() as c:
        store_analyses(c, [analyze(Article("feeds/a1", text), use_tagger=False)])
    store.close()
    with TestClient(create_app(db, warm=False)) as c:
        assert 'href="/articles/feeds%2Fa1"' in c.get("/articles").text
        assert "".join(parse(c.get("/articles/feeds%2Fa1").text).text) == text
        assert c.get("/api/articles/feeds/a1").json()["doc_id"] == "feeds/a1"
        found = c.get("/articles/feeds/a1/figure", params={"text": "At least 40"},
                      follow_redirects=False)
        assert found.headers["location"] == "/articles/feeds%2Fa1#ev-Q1"
