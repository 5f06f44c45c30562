"""The repository stands alone: the README's example is inside it, nothing links out of it,
and the example reads as the kind of article the project is made for."""

from __future__ import annotations

import subprocess

import pytest

from reportedly import analyze
from reportedly.cli import main

from .conftest import EXAMPLE_ARTICLE, ROOT


def test_the_readme_analyses_the_example_inside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_command = next(line for line in readme.splitlines() if "reportedly analyze" in line)
    assert "reportedly analyze examples/agency-report.txt --format text" in first_command
    assert "../" not in readme


def test_no_tracked_file_is_a_link() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    links = [line.split("\t", 1)[1] for line in listed.splitlines() if line.startswith("120000")]
    assert links == []


def test_the_example_article_shows_what_the_project_reports() -> None:
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    assert 2500 <= len(text) <= 4000
    analysis = analyze(text, doc_id="agency-report")
    analysis.check_spans()
    types = {a.type for a in analysis.attributions}
    assert {"direct", "indirect", "according_to"} <= types and types & {"partial", "mixed"}
    # Sources named, and referred back to by a pronoun or a role noun.
    linked = [a for a in analysis.attributions if a.source and a.source.entity_id]
    by_entity = {a.source.entity_id for a in linked}
    assert any(sum(a.source.entity_id == e for a in linked) >= 3 for e in by_entity)
    bounds = {q.bound for q in analysis.quantities}
    assert {"at_least", "more_than", "approx"} <= bounds
    assert {"RUB", "USD"} <= {q.currency for q in analysis.quantities if q.currency}
    assert any(d.kind == "mt_capitalised_after_quote" for d in analysis.diagnostics)


def test_the_readme_command_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLE_ARTICLE), "--format", "text"]) == 0
    report = capsys.readouterr().out
    assert report.startswith("== agency-report ==")
