"""Page furniture: a scraper's lines inside the text are reported, and never become a source or
a content."""

from __future__ import annotations

from reportedly import analyze
from reportedly.extract.attributions.furniture import furniture_lines

ARTICLE = """Harbour fees to rise next year, port authority says

RIGA, May 3. The port authority said on Monday that harbour fees would rise by a tenth.

Advertisement

JOIN US ON TELEGRAM

Read also: Shipping lines protest new fees — union

Other Topics of Interest
Customs service says cargo checks will take longer
Ferry operator expects record summer

"We have no other choice," the head of the authority, Ilze Berzina, said.

Photo: Port authority press service

(Reporting by Anna Ozola; Editing by Mark Lee)
"""

FURNITURE = ["Advertisement", "JOIN US ON TELEGRAM",
             "Read also: Shipping lines protest new fees — union", "Other Topics of Interest",
             "Customs service says cargo checks will take longer",
             "Ferry operator expects record summer", "Photo: Port authority press service",
             "(Reporting by Anna Ozola; Editing by Mark Lee)"]


def test_furniture_lines_are_reported_one_diagnostic_each() -> None:
    analysis = analyze(ARTICLE)
    analysis.check_spans()
    assert [d.span.text for d in analysis.diagnostics if d.kind == "page_furniture"] == FURNITURE


def test_furniture_is_never_a_source_or_a_content() -> None:
    analysis = analyze(ARTICLE)
    lines = [(ARTICLE.index(f), ARTICLE.index(f) + len(f)) for f in FURNITURE]
    spans = [a.content for a in analysis.attributions] + \
        [a.source for a in analysis.attributions if a.source]
    assert not [s.text for s in spans if any(s.start < b and a < s.end for a, b in lines)]
    # The article's own statements are still found.
    assert any("harbour fees would rise" in a.content.text for a in analysis.attributions)
    assert any(a.content.text.startswith("\u201cWe have no other choice")
               or a.content.text.startswith('"We have no other choice')
               for a in analysis.attributions)


def test_prose_that_starts_like_a_label_is_not_furniture() -> None:
    text = ("Photo opportunities were rare, the minister said.\n\n"
            "Related talks will follow in June, she added.\n\n"
            "Read also the report of the commission, he advised.\n")
    assert furniture_lines(text) == []


def test_headlines_under_a_heading_stop_at_a_sentence() -> None:
    text = "Read also\nFerry operator expects record summer\nThe ferry left at noon.\n"
    assert [text[f.start:f.end] for f in furniture_lines(text)] == \
        ["Read also", "Ferry operator expects record summer"]
