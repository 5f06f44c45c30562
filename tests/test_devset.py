"""The development set's gold is consistent: spans match their text, events name existing spans,
contents overlap only by nesting, and the built files are up to date with their sources."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from .conftest import SEED_ARTICLE

DEVSET = Path(__file__).resolve().parent.parent / "devset"


def _load_builder():
    spec = importlib.util.spec_from_file_location("devset_build", DEVSET / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _load_builder()


def test_every_article_has_text_and_gold():
    sources = sorted(p.stem for p in (DEVSET / "src").glob("*.txt"))
    assert len(sources) >= 10
    for name in sources:
        assert (DEVSET / "dev" / "text" / f"{name}.txt").is_file()
        assert (DEVSET / "dev" / "attributions" / f"{name}_gold.ann").is_file()
    assert (DEVSET / "example" / "seed-article_gold.ann").is_file()


def test_the_set_holds_only_regular_files_inside_it():
    # A link out of the repository dangles in a clone anywhere else.
    links = [p for p in DEVSET.rglob("*") if p.is_symlink()]
    assert links == []


def test_built_files_are_current_and_verified():
    problems, built = build.build(write=False)
    assert problems == []
    assert sum(len(atts) for atts in built.values()) >= 100
    for atts in built.values():
        assert all(a.type in build.TYPES for a in atts.values())


def test_example_article_gold_matches_its_text_when_present():
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"the example article's text is not at {SEED_ARTICLE} "
                    "(it is not part of the repository)")
    problems, built = build.build(write=False, seed_text=SEED_ARTICLE)
    assert problems == []
    assert len(built["seed-article"]) >= 10


def test_markup_gives_offsets_fragments_and_nesting():
    marked = ('{s1:Ada} {q1:said} {c1/indirect:{s2:Bo} {q2:thinks} {c2/indirect:it rains}}. '
              '{c3/direct:"Hi,"} {s3:she} {q3:said}. {c3:"Bye."}')
    text, atts = build.parse_markup(marked)
    assert text == 'Ada said Bo thinks it rains. "Hi," she said. "Bye."'
    assert text[slice(*atts[1].role("Source")[0])] == "Ada"
    assert text[slice(*atts[1].role("Content")[0])] == "Bo thinks it rains"
    assert text[slice(*atts[2].role("Content")[0])] == "it rains"
    assert [text[a:b] for a, b in atts[3].role("Content")] == ['"Hi,"', '"Bye."']
    ann = build.to_brat(text, atts)
    assert build.verify(text, ann) == []
    hi, bye = text.index('"Hi,"'), text.index('"Bye."')
    assert f'\tContent {hi} {hi + 5};{bye} {bye + 6}\t"Hi," "Bye."' in ann


def test_markup_rejects_unbalanced_tags():
    with pytest.raises(build.MarkupError):
        build.parse_markup("{c1/direct:unclosed")
    with pytest.raises(build.MarkupError):
        build.parse_markup("stray } brace")


def test_a_quote_over_paragraphs_becomes_one_fragment_per_paragraph():
    text, atts = build.parse_markup('{s1:He} {q1:said}:\n\n{c1/direct:"One.\n\n"Two."}\n')
    ann = build.to_brat(text, atts)
    assert build.verify(text, ann) == []
    content = next(line for line in ann.splitlines() if "\tContent " in line)
    assert content.split("\t")[2] == '"One. "Two."'


def test_verify_reports_a_span_that_does_not_match_its_text():
    text = "Ada said it rains."
    ann = ("T1\tSource 0 3\tAda\nT2\tCue 4 8\tsaid\nT3\tContent 9 17\tit snows\n"
           "T4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")
    problems = build.verify(text, ann)
    assert len(problems) == 1 and "T3" in problems[0]


def test_verify_reports_an_event_naming_a_missing_span():
    text = "Ada said it rains."
    ann = "T1\tSource 0 3\tAda\nT3\tContent 9 17\tit rains\nE1\tContent:T3 Cue:T2 Source:T1\n"
    assert any("missing T2" in p for p in build.verify(text, ann))


def test_verify_allows_nested_contents_but_not_crossing_ones():
    text = "Ada said Bo thinks it rains today."
    nested = ("T1\tContent 9 27\tBo thinks it rains\nT2\tContent 19 27\tit rains\n"
              "E1\tContent:T1\nE2\tContent:T2\n")
    assert build.verify(text, nested) == []
    crossing = ("T1\tContent 9 27\tBo thinks it rains\nT2\tContent 19 33\tit rains today\n"
                "E1\tContent:T1\nE2\tContent:T2\n")
    assert any("overlap" in p for p in build.verify(text, crossing))
