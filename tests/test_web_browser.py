"""The web app in a real browser (Debian's chromium, driven by Playwright): the article view's
marks and speaker filter, the corpus pages, and a hostile article that must run nothing.
Each page is saved as a screenshot at desktop and phone width under ``screenshots/``.

Skipped when chromium is not installed, unless REPORTEDLY_REQUIRE_BROWSER=1 (as in CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportedly.analyze import analyze
from reportedly.model import Article
from reportedly.store import Store, queries

from .web_support import (
    CONFLICTING,
    EXAMPLE,
    HOSTILE,
    ROOT,
    corpus_db,
    devset_articles,
    live_server,
    speaker_keys,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

if not CHROMIUM.exists():
    if os.environ.get("REPORTEDLY_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"{CHROMIUM} is missing but REPORTEDLY_REQUIRE_BROWSER=1")
    pytestmark = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
else:
    pytestmark = pytest.mark.slow

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(corpus_db()) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    context.close()


def shoot(page: object, name: str) -> None:
    """The page at desktop and at phone width."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_pasted_article_shows_its_statements_and_speakers(server: str, page: object) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    analysis = analyze(Article("pasted", text))
    speakers = speaker_keys(analysis)

    page.goto(server + "/")
    shoot(page, "index")
    page.fill("textarea[name=text]", text)
    page.click("button[type=submit]")
    page.wait_for_selector("#article-text", timeout=300_000)
    assert page.locator("#article-text").inner_text() == text.replace("\r\n", "\n")
    marked = page.eval_on_selector_all(
        "#article-text .att", "els => [...new Set(els.map(e => e.dataset.att))]")
    assert sorted(marked) == sorted(a.id for a in analysis.attributions)
    assert page.locator(".speakers button.speaker").count() == len(speakers)
    assert page.locator(".statements li").count() == len(analysis.attributions)
    shoot(page, "article")

    # Choosing a speaker leaves only their statements, in the list and in the text.
    button = page.locator(".speakers button.speaker").first
    key = button.get_attribute("data-speaker")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator(".statements li:visible").count() == speakers[key]
    lit = page.eval_on_selector_all(
        "#article-text .att:not(.dim)", "els => [...new Set(els.map(e => e.dataset.speaker))]")
    assert lit == [key]
    shoot(page, "article-speaker")
    page.locator(".speaker-all").click()
    assert page.locator(".statements li:visible").count() == len(analysis.attributions)

    # Choosing a statement moves the focus to its evidence; a figure shows its details.
    page.locator(".statements li a").nth(1).click()
    focused = page.evaluate("document.activeElement.id")
    assert focused == f"ev-{analysis.attributions[1].id}"
    if analysis.quantities:
        page.focus(f"#ev-{analysis.quantities[0].id}")
        tip = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
        assert "value" in tip
    assert page.errors == []


def test_keyboard_reaches_the_speakers_and_figures(server: str, page: object) -> None:
    page.goto(server + "/articles/wire_harbour-strike")
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.className.split(' ')[0]"))
    assert {"speaker", "fig"} <= reached
    page.keyboard.press("Enter")  # on whatever has focus: nothing breaks
    assert page.errors == []


def test_corpus_pages_show_the_expected_rows(server: str, page: object) -> None:
    store = Store(corpus_db())
    with store.connect() as c:
        speakers = queries.speakers(c, limit=100)
        sources = queries.sources(c, limit=100)
        conflicts = queries.figures(c, conflicts=True)
        top = speakers[0]
    store.close()

    page.goto(server + "/articles")
    assert page.locator("table.articles tbody tr").count() == (
        len(devset_articles()) + len(CONFLICTING))
    shoot(page, "articles")
    page.goto(server + "/speakers")
    assert page.locator("table.speakers-table tbody tr").count() == len(speakers)
    shoot(page, "speakers")
    page.goto(server + "/sources")
    assert page.locator("table.speakers-table tbody tr").count() == max(len(sources), 1)
    shoot(page, "sources")
    page.goto(server + "/figures/conflicts")
    rows = page.locator("table.conflicts tbody tr")
    assert conflicts and rows.count() == len(conflicts)
    assert rows.first.inner_text().count(conflicts[0]["value_a"]) >= 1
    shoot(page, "conflicts")
    rows.first.locator("a").first.click()
    page.wait_for_selector("#article-text")
    assert page.evaluate("document.activeElement.id").startswith("ev-Q")

    page.goto(server + "/speakers")
    page.locator("table.speakers-table tbody tr a").first.click()
    assert page.locator("table.statements-table tbody tr").count() == top["attributions"]
    assert page.locator("figure.timeline rect").count() >= 1
    shoot(page, "speaker")
    page.goto(server + "/articles/wire_harbour-strike")
    shoot(page, "stored-article")
    assert page.errors == []


def test_hostile_article_runs_nothing(server: str, page: object) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/")
    page.fill("textarea[name=text]", HOSTILE)
    page.click("button[type=submit]")
    page.wait_for_selector("#article-text", timeout=300_000)
    assert page.locator("#article-text").inner_text() == HOSTILE
    assert page.locator("#article-text img, #article-text a, #article-text script").count() == 0
    for mark in page.locator("#article-text span").all()[:50]:
        mark.hover()
    assert page.evaluate("window.__pwned === undefined")
    assert dialogs == [] and page.errors == []
    shoot(page, "hostile")


def test_api_docs_work_offline(server: str, page: object) -> None:
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=60_000)
    assert page.locator(".opblock").count() >= 4  # analyze, articles, speakers, healthz
    assert outside == [] and page.errors == []
