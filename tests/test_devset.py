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


# --- The state-agency and wire set -------------------------------------------------------------

AGENCY = DEVSET / "agency"


def _agency_sources() -> list[tuple[str, Path]]:
    return [(split, src) for split in build.AGENCY_SPLITS
            for src in sorted((AGENCY / "src" / split).glob("*.txt"))]


def test_agency_set_has_a_dev_and_a_held_out_test_split_of_named_styles():
    sources = _agency_sources()
    assert {split for split, _src in sources} == set(build.AGENCY_SPLITS)
    assert sum(split == "dev" for split, _src in sources) >= 6
    for split, src in sources:
        assert src.stem.split("_", 1)[0] in build.AGENCY_STYLES, src.name
        assert src.with_suffix(".speakers").is_file(), src.name
        out = AGENCY / split
        assert (out / "text" / f"{src.stem}.txt").is_file()
        assert (out / "attributions" / f"{src.stem}_gold.ann").is_file()
        assert (out / "speakers" / f"{src.stem}_speakers.tsv").is_file()
    # No article sits in both splits: the test split is held out.
    names = [src.stem for _split, src in sources]
    assert len(names) == len(set(names))


def test_agency_articles_are_of_agency_length():
    for split, src in _agency_sources():
        text = (AGENCY / split / "text" / f"{src.stem}.txt").read_text(encoding="utf-8")
        assert 1500 <= len(text) <= 5000, (src.name, len(text))


def test_agency_speakers_name_every_gold_source_at_its_offsets():
    for split, src in _agency_sources():
        out = AGENCY / split
        text = (out / "text" / f"{src.stem}.txt").read_text(encoding="utf-8")
        spans, _events = build.read_brat(
            (out / "attributions" / f"{src.stem}_gold.ann").read_text(encoding="utf-8"))
        rows = (out / "speakers" / f"{src.stem}_speakers.tsv").read_text(
            encoding="utf-8").splitlines()
        assert tuple(rows[0].split("\t")) == build.SPEAKER_COLUMNS
        by_id = {cols[0]: cols for cols in (row.split("\t") for row in rows[1:])}
        sources = {ident for ident, (label, _f, _t) in spans.items() if label == "Source"}
        assert set(by_id) == sources, src.name
        for _source, start, end, shown, speaker in by_id.values():
            assert text[int(start):int(end)] == shown
            assert speaker.strip() == speaker and speaker


def test_speaker_check_reports_a_missing_speaker_and_a_speaker_without_source():
    _text, atts = build.parse_markup('{s1:Ada} {q1:said} {c1/indirect:it rains}. '
                                     '{c2/direct:"Hi."}')
    assert build.check_speakers(atts, {1: "Ada Lind"}, "x") == []
    assert any("attribution 1 has a source but no speaker" in p
               for p in build.check_speakers(atts, {}, "x"))
    assert any("speaker of attribution 2" in p
               for p in build.check_speakers(atts, {1: "Ada Lind", 2: "Bo"}, "x"))
    with pytest.raises(build.MarkupError):
        build.read_speakers("1 Ada Lind\n")


def test_speakers_file_is_built_per_source_and_verified_against_the_ann():
    text, atts = build.parse_markup('{s1:{s2:Ada Lind}} {q1:said} {c1/indirect:it rains} and '
                                    '{q2:added} {c2/indirect:that it is cold}. {c3/direct:"Hi."}')
    ann = build.to_brat(text, atts)
    tsv = build.speakers_tsv(text, atts, {1: "Ada Lind", 2: "Ada Lind"}, ann)
    rows = tsv.splitlines()[1:]
    # One source span serving two attributions is one row per attribution.
    assert [row.split("\t")[1:] for row in rows] == [["0", "8", "Ada Lind", "Ada Lind"]] * 2
    assert build.verify_speakers(ann, tsv) == []
    assert any("has no speaker row" in p
               for p in build.verify_speakers(ann, "\n".join(tsv.splitlines()[:2]) + "\n"))
    moved = tsv.replace("\t0\t8\t", "\t1\t8\t", 1)
    assert any("does not match" in p for p in build.verify_speakers(ann, moved))
