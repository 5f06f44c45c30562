"""The attribution scorer on small hand-made gold: the BRAT reader, the matcher at each level,
source and cue accuracy, the report, and the ``evaluate`` command."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from reportedly.brat import BratFormatError
from reportedly.cli import main
from reportedly.evaluate.attributions import evaluate, format_text, load_gold, report
from reportedly.evaluate.attributions.gold import GoldArticle, read_gold_attributions
from reportedly.evaluate.attributions.matching import (
    is_flat,
    match_contents,
    offsets,
    prf,
    score_article,
)
from reportedly.model import Analysis, Attribution, Cue, Entity, Source, Span

# A split quote (one content in two fragments), an indirect statement and an according-to claim.
TEXT = ('"The bridge will reopen in May," the mayor said. "We have the money."\n'
        "Engineers believe that the repairs are nearly finished.\n"
        "According to the council, traffic fell by a third.\n")


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``part``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def t_line(tid: str, kind: str, text: str, *parts: str) -> str:
    spans = [at(text, p) for p in parts]
    frags = ";".join(f"{s} {e}" for s, e in spans)
    return f"{tid}\t{kind} {frags}\t{' '.join(text[s:e] for s, e in spans)}"


def gold_lines(text: str = TEXT) -> list[str]:
    return [
        t_line("T1", "Source", text, "the mayor"),
        t_line("T2", "Cue", text, "said"),
        t_line("T3", "Content", text, '"The bridge will reopen in May,"', '"We have the money."'),
        t_line("T4", "Attribution", text, "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Source", text, "Engineers"),
        t_line("T6", "Cue", text, "believe"),
        t_line("T7", "Content", text, "that the repairs are nearly finished"),
        t_line("T8", "Attribution", text, "believe"),
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
        t_line("T9", "Source", text, "the council"),
        t_line("T10", "Cue", text, "According to"),
        t_line("T11", "Content", text, "traffic fell by a third"),
        "E3\tAttribution-no-source:T10 Content:T11 Cue:T10 Source:T9",
        "#1\tAnnotatorNotes T11\ta note",
    ]


def write_gold(root: Path, articles: dict[str, dict[str, list[str]]], split: str = "dev",
               texts: dict[str, str] | None = None) -> Path:
    """``articles``: name -> annotator -> .ann lines."""
    (root / split / "text").mkdir(parents=True)
    (root / split / "attributions").mkdir(parents=True)
    for name, annotators in articles.items():
        (root / split / "text" / f"{name}.txt").write_text((texts or {}).get(name, TEXT),
                                                            encoding="utf-8")
        for annotator, lines in annotators.items():
            (root / split / "attributions" / f"{name}_{annotator}.ann").write_text(
                "\n".join(lines) + "\n", encoding="utf-8")
    return root


# -- the reader -------------------------------------------------------------------------------

def test_reader_joins_discontinuous_fragments_and_numbered_roles(tmp_path: Path) -> None:
    lines = gold_lines()
    # A second content stretch given as a numbered role, and an event without any content.
    lines += [t_line("T12", "Content", TEXT, "nearly"),
              "E4\tAttribution:T8 Cue:T6 Source:T5 Content2:T12",
              "E5\tAttribution-no-source:T4 "]
    ann = tmp_path / "a.ann"
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
    attributions, unscored = read_gold_attributions(ann, TEXT)
    assert [a.id for a in attributions] == ["E1", "E2", "E3", "E4"]
    quote = attributions[0]
    assert [(f.start, f.end) for f in quote.content] == [
        at(TEXT, '"The bridge will reopen in May,"'), at(TEXT, '"We have the money."')]
    assert [(f.start, f.end) for f in quote.source] == [at(TEXT, "the mayor")]
    assert [(f.start, f.end) for f in attributions[3].content] == [at(TEXT, "nearly")]
    assert unscored == 1


def test_reader_follows_a_span_text_across_a_line_break(tmp_path: Path) -> None:
    text = "She said the plan\nwas final. Then she left."
    start, end = at(text, "the plan\nwas final")
    ann = tmp_path / "a.ann"
    ann.write_text(f"T1\tContent {start} {end}\tthe plan\nwas final\n"
                   f"E1\tAttribution:T1 Content:T1\n", encoding="utf-8")
    attributions, _ = read_gold_attributions(ann, text)
    assert [(f.start, f.end) for f in attributions[0].content] == [(start, end)]


def test_first_annotator_in_file_name_order_and_publisher(tmp_path: Path) -> None:
    only_quote = gold_lines()[:5]
    root = write_gold(tmp_path, {"paper_2020_story": {"zz": gold_lines(), "aa": only_quote},
                                 "other_2020_story": {"x1": gold_lines()}})
    (root / "metadata.tsv").write_text("compartment\tfilename\tpublisher\n"
                                       "dev\tpaper_2020_story\tThe Paper\n", encoding="utf-8")
    gold = load_gold(root, "dev")
    by_name = {a.name: a for a in gold.articles}
    assert [a.name for a in gold.articles] == ["other_2020_story", "paper_2020_story"]
    assert by_name["paper_2020_story"].annotation_file == "paper_2020_story_aa.ann"
    assert len(by_name["paper_2020_story"].attributions) == 1
    assert by_name["paper_2020_story"].publisher == "The Paper"
    assert by_name["other_2020_story"].publisher == "other"  # the name's first part
    assert [a.name for a in load_gold(root, "dev", limit=1).articles] == ["other_2020_story"]


@pytest.mark.parametrize("bad_line, why", [
    ("this is not an annotation", "not a BRAT annotation line"),
    ("E9\tAttribution:T99 Content:T3", "T99"),
    ("T20\tContent 5 99999\tx", "outside the text"),
    ("E9\tAttribution", "ROLE:ID"),
])
def test_malformed_ann_names_the_file_and_line(tmp_path: Path, bad_line: str, why: str) -> None:
    lines = gold_lines()
    lines.insert(3, bad_line)
    root = write_gold(tmp_path, {"story": {"a": lines}})
    with pytest.raises(BratFormatError) as err:
        load_gold(root)
    message = str(err.value)
    assert "story_a.ann" in message
    assert why in message
    if "not a BRAT" in why or "outside" in why:
        assert ":4:" in message


# -- the matcher ------------------------------------------------------------------------------

def span_set(text: str, part: str) -> frozenset[int]:
    return offsets(text, [at(text, part)])


def test_offsets_ignore_whitespace() -> None:
    text = "a  b\nc"
    assert offsets(text, [(0, len(text))]) == {0, 3, 5}


def test_coverage_thresholds() -> None:
    text = "The minister said that taxes will rise next year for everyone."
    gold = [span_set(text, "that taxes will rise next year for everyone")]
    half = [span_set(text, "that taxes will rise")]  # covers about half the gold characters
    most = [span_set(text, "that taxes will rise next year for every")]  # 33 of 36
    assert match_contents(text, gold, half, "loose") == {0: 0}
    assert match_contents(text, gold, half, "strict") == {}
    assert match_contents(text, gold, most, "strict") == {0: 0}
    assert match_contents(text, gold, most, "exact") == {}


def test_a_prediction_mostly_outside_the_gold_does_not_match() -> None:
    text = "Officials said the road is closed, and the long detour via the old quarry stays."
    gold = [span_set(text, "the road is closed")]
    sprawling = [span_set(text, "the road is closed, and the long detour via the old quarry")]
    assert match_contents(text, gold, sprawling, "loose") == {}  # all covered, most outside
    assert match_contents(text, [sprawling[0]], gold, "loose") == {0: 0}  # a third covered


def test_exact_ignores_edge_quotes_commas_and_periods() -> None:
    text = 'He said: "We will win." Then, she left.'
    gold = [span_set(text, '"We will win."')]
    assert match_contents(text, gold, [span_set(text, "We will win")], "exact") == {0: 0}
    assert match_contents(text, gold, [span_set(text, "We will")], "exact") == {}


def test_matching_is_one_to_one_and_greedy_by_overlap() -> None:
    text = "She said the vote was fair and the count was quick and the result stands."
    gold = [span_set(text, "the vote was fair"), span_set(text, "the count was quick")]
    preds = [span_set(text, "the vote was fair"), span_set(text, "the vote was fair and")]
    # Two predictions for one gold: only one of them matches.
    assert match_contents(text, gold[:1], preds, "loose") == {0: 0}
    # The larger overlap wins the contested prediction; the other gold then takes what is left.
    straddle = span_set(text, "fair and the count was quick")
    small = span_set(text, "the vote")
    assert match_contents(text, gold, [small, straddle], "loose") == {0: 0, 1: 1}


# -- source, cue and the report ---------------------------------------------------------------

def analysis_of(text: str, *atts: Attribution, entities: tuple[Entity, ...] = ()) -> Analysis:
    return Analysis(doc_id="t", text=text, entities=entities, attributions=atts)


def span(text: str, part: str, nth: int = 0) -> Span:
    return Span.of(text, *at(text, part, nth))


def source(text: str, part: str, entity_id: str | None = None, nth: int = 0) -> Source:
    s = span(text, part, nth)
    return Source(s.start, s.end, s.text, entity_id)


def cue(text: str, part: str) -> Cue:
    s = span(text, part)
    return Cue(s.start, s.end, s.text, part.lower())


def scored_gold(tmp_path: Path) -> GoldArticle:
    root = write_gold(tmp_path, {"paper_story": {"a": gold_lines()}})
    return load_gold(root).articles[0]


def test_source_and_cue_accuracy_on_matched_pairs(tmp_path: Path) -> None:
    gold = scored_gold(tmp_path)
    text = gold.text
    council = Entity("e1", "the council", "ORG", mentions=(span(text, "the council"),))
    analysis = analysis_of(
        text,
        # the split quote: right source and cue, only the first fragment found (half of it)
        Attribution("a1", "direct", span(text, '"The bridge will reopen in May,"'),
                    source(text, "the mayor"), cue(text, "said")),
        # the belief: wrong source, right cue
        Attribution("a2", "indirect", span(text, "that the repairs are nearly finished"),
                    source(text, "the mayor"), cue(text, "believe")),
        # the claim: no source span on the gold one, but its entity is mentioned there; no cue
        Attribution("a3", "according_to", span(text, "traffic fell by a third"),
                    source(text, "Engineers", "e1"), None),
        # a false alarm
        Attribution("a4", "indirect", span(text, "We have the money"), None, None),
        entities=(council,))
    s = score_article(gold, analysis)
    assert s.matches["loose"] == {0: 0, 1: 1, 2: 2}
    assert s.matches["strict"] == {1: 1, 2: 2}
    assert (s.source_correct, s.source_checked) == (2, 3)
    assert (s.cue_correct, s.cue_checked) == (2, 3)

    r = report([s], samples=5)
    assert json.loads(json.dumps(r)) == r
    assert (r["gold"], r["predicted"]) == (3, 4)
    assert r["levels"]["loose"] == {"matched": 3, "precision": 0.75, "recall": 1.0,
                                    "f1": round(2 * 0.75 / 1.75, 4)}
    assert r["levels"]["strict"]["matched"] == 2
    assert r["levels"]["exact"]["matched"] == 2
    assert r["source"] == {"correct": 2, "total": 3, "accuracy": round(2 / 3, 4)}
    assert r["by_type"]["indirect"] == {"predicted": 2, "matched_loose": 1,
                                        "precision_loose": 0.5, "matched_strict": 1,
                                        "precision_strict": 0.5}
    assert r["by_publisher"]["paper"]["loose"]["recall"] == 1.0
    assert r["misses"]["total"] == 0
    alarm = r["false_alarms"]["sample"][0]
    assert alarm["text"] == "We have the money" and alarm["type"] == "indirect"
    assert "[We have the money]" in alarm["context"]


def test_an_unnamed_source_counts_by_the_description_it_stands_for(tmp_path: Path) -> None:
    gold = scored_gold(tmp_path)
    text = gold.text
    belief = span(text, "that the repairs are nearly finished")
    engineers = span(text, "Engineers")
    # a source with no entity, whose span misses the gold one ("the mayor" stands in for a
    # pronoun here): right when it stands for the gold source's description, wrong otherwise
    for refers_to, correct in ((engineers, 1), (None, 0), (span(text, "the council"), 0)):
        said = replace(source(text, "the mayor"), refers_to=refers_to)
        s = score_article(gold, analysis_of(
            text, Attribution("a1", "indirect", belief, said, cue(text, "believe"))))
        assert (s.source_correct, s.source_checked) == (correct, 1)


def test_misses_are_listed_with_their_text_and_a_bounded_sample(tmp_path: Path) -> None:
    gold = scored_gold(tmp_path)
    r = report([score_article(gold, analysis_of(gold.text))], samples=2)
    assert r["levels"]["loose"]["recall"] == 0.0
    assert r["misses"]["total"] == 3 and len(r["misses"]["sample"]) == 2
    assert all(m["text"] in gold.text or " … " in m["text"] for m in r["misses"]["sample"])
    assert r == report([score_article(gold, analysis_of(gold.text))], samples=2)  # seeded


def test_unmatched_items_are_sorted_by_the_kind_of_error(tmp_path: Path) -> None:
    gold = scored_gold(tmp_path)
    text = gold.text
    said = cue(text, "believe")
    analysis = analysis_of(
        text,
        Attribution("a1", "indirect", span(text, "that the repairs are nearly finished"),
                    None, said),
        # a second reading of a gold content that the first one took (not nested in it, which
        # the scorer would set aside)
        Attribution("a2", "indirect", span(text, "repairs are nearly finished.\nAccording"),
                    None, said),
        # the claim, but with its frame: all of the gold, mostly outside it
        Attribution("a3", "according_to",
                    span(text, "According to the council, traffic fell by a third"), None, None),
        # a word of the split quote
        Attribution("a4", "direct", span(text, "bridge"), None, None),
        # nothing annotated there
        Attribution("a5", "indirect", span(text, "Engineers believe"), None, None))
    r = report([score_article(gold, analysis)], samples=10)
    assert r["misses"]["kinds"] == {"taken": 0, "run_on": 1, "fragment": 1, "unseen": 0}
    assert r["false_alarms"]["kinds"] == {"duplicate": 1, "run_on": 1, "fragment": 1,
                                          "unannotated": 1}
    by_text = {m["text"]: m["kind"] for m in r["false_alarms"]["sample"]}
    assert by_text == {"repairs are nearly finished. ¶ According": "duplicate",
                       "According to the council, traffic fell by a third": "run_on",
                       "bridge": "fragment", "Engineers believe": "unannotated"}
    assert {m["kind"] for m in r["misses"]["sample"]} == {"run_on", "fragment"}
    shown = format_text({"gold_dir": "g", "split": "dev", **r})
    assert "inside a prediction that runs well past it" in shown
    assert "(unannotated)" in shown

    nothing = report([score_article(gold, analysis_of(text))], samples=0)
    assert nothing["misses"]["kinds"]["unseen"] == 3


def test_the_table_shows_figures_to_four_places_so_none_rounds_up_to_a_target(
        tmp_path: Path) -> None:
    r = report([score_article(scored_gold(tmp_path), analysis_of(TEXT))], samples=0)
    # 1,663 of 2,192 gold matched by 1,966 predictions: F1 0.79990, below a 0.80 target.
    r["levels"]["loose"] = prf(1663, 2192, 1966)
    row = next(line for line in format_text({"gold_dir": "g", "split": "dev", **r}).splitlines()
               if line.startswith("coverage >= 0.3"))
    assert row.split()[3:] == ["0.8459", "0.7587", "0.7999", "1663"]


def test_a_miss_whose_prediction_matched_an_overlapping_gold_was_taken(tmp_path: Path) -> None:
    # Two gold readings of one statement, one prediction that fits both: one gold must miss.
    lines = [t_line("T1", "Content", TEXT, "repairs are nearly finished"),
             t_line("T2", "Cue", TEXT, "believe"),
             t_line("T3", "Attribution", TEXT, "believe"),
             "E1\tAttribution:T3 Content:T1 Cue:T2",
             t_line("T4", "Content", TEXT, "the repairs are nearly"),
             "E2\tAttribution:T3 Content:T4 Cue:T2"]
    gold = load_gold(write_gold(tmp_path, {"paper_story": {"a": lines}})).articles[0]
    analysis = analysis_of(TEXT, Attribution("a1", "indirect", span(TEXT, "repairs are nearly"),
                                             None, cue(TEXT, "believe")))
    r = report([score_article(gold, analysis)], samples=0)
    assert r["levels"]["loose"]["matched"] == 1
    assert r["misses"]["kinds"] == {"taken": 1, "run_on": 0, "fragment": 0, "unseen": 0}
    assert r["false_alarms"]["total"] == 0

# -- the command ------------------------------------------------------------------------------

def test_command_needs_text_and_attributions(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    assert main(["evaluate", str(tmp_path)]) == 2
    assert "attributions/" in capsys.readouterr().err


def test_command_reports_a_malformed_file(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = write_gold(tmp_path, {"story": {"a": ["garbage"]}})
    assert main(["evaluate", str(root)]) == 1
    assert "story_a.ann:1" in capsys.readouterr().err


def test_command_refuses_a_tagger_model_that_is_not_there(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Set (empty: the shipped model) so the teardown restores the variable the command sets.
    monkeypatch.setenv("REPORTEDLY_TAGGER_MODEL", "")
    root = write_gold(tmp_path, {"story": {"a": gold_lines()}})
    missing = tmp_path / "retrained.bin"
    assert main(["evaluate", str(root), "--tagger-model", str(missing)]) == 2
    assert "retrained.bin" in capsys.readouterr().err


@pytest.mark.slow
def test_command_scores_a_tiny_gold_dir(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = write_gold(tmp_path, {"paper_one": {"a": gold_lines()},
                                 "paper_two": {"a": gold_lines()}})
    assert main(["evaluate", str(root), "--format", "json", "--samples", "1"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert (r["articles"], r["gold"]) == (2, 6)
    assert r["levels"]["loose"]["recall"] > 0  # the pipeline finds "the mayor said"
    assert r["lexicon"]["coverage"][0]["cues"] == 6
    coverage = r["lexicon"]["coverage"][0]
    # "according to" counts as covered (its own rule reads it), but not among the verb cues.
    assert coverage["coverage"] == 1.0 and coverage["top_uncovered"] == []
    assert coverage["verbs"]["covered"] == coverage["verbs"]["cues"]
    assert main(["evaluate", str(root), "--samples", "1", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 articles, 3 gold" in out and "coverage >= 0.8" in out and "by publisher" in out


# -- the benchmark ----------------------------------------------------------------------------

@pytest.mark.slow
def test_bench_prints_both_stages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts = ["The mayor said the bridge would reopen.", '"We are ready," the coach told reporters.']
    for name, text in zip("ab", texts, strict=True):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    assert main(["bench", str(tmp_path), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"2 articles, {sum(map(len, texts))} characters")
    assert "tagger model loaded in" in out.splitlines()[0]
    rows = [line.split() for line in out.splitlines()[2:]]
    assert [(r[0], r[2]) for r in rows] == [("spaCy", "1"), ("full", "1")]
    assert all(float(r[4]) > 0 and float(r[6]) >= 0 and float(r[-1]) > 0 for r in rows)
    # The encoder's share of the full pipeline's time, a percentage.
    assert rows[0][-2] == "-" and 0 < int(rows[1][-2].rstrip("%")) <= 100


def test_nested_predictions_are_set_aside_unless_asked(tmp_path: Path) -> None:
    gold = scored_gold(tmp_path)
    text = gold.text
    outer = span(text, "that the repairs are nearly finished")
    inner = span(text, "the repairs are nearly finished")
    analysis = analysis_of(
        text,
        Attribution("a1", "indirect", outer, source(text, "Engineers"), cue(text, "believe")),
        Attribution("a2", "indirect", inner, source(text, "the mayor"), cue(text, "believe")))
    flat = score_article(gold, analysis)
    assert flat.nested_set_aside == 1 and len(flat.predictions) == 1
    assert report([flat], samples=0)["levels"]["loose"]["precision"] == 1.0
    every = score_article(gold, analysis, nested=True)
    assert every.nested_set_aside == 0 and len(every.predictions) == 2
    assert report([every], samples=0)["levels"]["loose"]["precision"] == 0.5


def test_a_gold_with_nested_contents_is_not_flat(tmp_path: Path) -> None:
    flat = scored_gold(tmp_path / "flat")
    assert is_flat([flat])
    text = flat.text
    nested = write_gold(tmp_path / "nested", {"paper_story": {"a": [
        *gold_lines(),
        t_line("T20", "Content", text, "the repairs are nearly finished"),
        t_line("T21", "Cue", text, "believe"),
        "E9\tAttribution:T21 Content:T20 Cue:T21"]}})
    assert not is_flat(load_gold(nested).articles)


def test_rules_only_scores_without_the_tagger(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    # The package exports the function ``analyze``; the module is reached by its full name.
    pipeline = importlib.import_module("reportedly.analyze")

    def no_tagger(parsed: object, model: object = None) -> list:
        raise AssertionError("the tagger ran")

    monkeypatch.setattr(pipeline, "tag_article", no_tagger)
    root = write_gold(tmp_path, {"paper_one": {"a": gold_lines()}})
    result = evaluate(root, "dev", use_tagger=False)
    assert result["tagger"] is False and result["articles"] == 1
    assert result["levels"]["loose"]["recall"] > 0  # the rules find "the mayor said"
    assert "rules alone" in format_text(result)


def test_annotator_agreement_scores_the_second_annotator_against_the_first(
        tmp_path: Path) -> None:
    from reportedly.evaluate.attributions.matching import annotator_agreement

    lines = gold_lines()
    # The second annotator finds two of the three contents and nothing else.
    second = [line for line in lines if not line.startswith(("T11", "E3"))]
    root = write_gold(tmp_path, {"both": {"a": lines, "b": second}, "one": {"a": lines}})
    result = annotator_agreement(root, ["dev"])
    assert result["articles"] == 1
    loose = result["levels"]["loose"]
    assert (loose["precision"], round(loose["recall"], 3)) == (1.0, 0.667)
    assert annotator_agreement(root, ["missing"])["articles"] == 0


def test_a_prediction_is_scored_by_its_pieces_without_the_frame(tmp_path: Path) -> None:
    # The split quote's gold leaves the frame out; a content that runs through a frame longer
    # than its quotes lies mostly outside the gold, its pieces do not.
    text = ('"Yes," the mayor of the city said on the steps of the old town hall. "No."\n'
            "Nothing else.\n")
    gold_ann = [t_line("T1", "Source", text, "the mayor of the city"),
                t_line("T2", "Cue", text, "said"),
                t_line("T3", "Content", text, '"Yes,"', '"No."'),
                t_line("T4", "Attribution", text, "said"),
                "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1"]
    root = write_gold(tmp_path, {"paper_x": {"a": gold_ann}}, texts={"paper_x": text})
    gold = load_gold(root).articles[0]
    whole = Span.of(text, 0, text.index('No."') + 4)
    pieces = (span(text, '"Yes,"'), span(text, '"No."'))
    plain = Attribution("a1", "direct", whole, source(text, "the mayor of the city"),
                        cue(text, "said"))
    assert report([score_article(gold, analysis_of(text, plain))],
                  samples=0)["levels"]["loose"]["recall"] == 0.0
    split = replace(plain, content_parts=pieces)
    levels = report([score_article(gold, analysis_of(text, split))], samples=0)["levels"]
    assert levels["exact"]["recall"] == 1.0 and levels["exact"]["precision"] == 1.0


# -- speaker accuracy -------------------------------------------------------------------------

def write_speakers(root: Path, name: str, rows: list[tuple[str, str, str]],
                   split: str = "dev") -> None:
    """A speakers file: (source T-id, source words, canonical speaker) per gold source."""
    text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
    lines = ["source\tstart\tend\ttext\tspeaker"]
    for tid, words, speaker in rows:
        start, end = at(text, words)
        lines.append(f"{tid}\t{start}\t{end}\t{words}\t{speaker}")
    (root / split / "speakers").mkdir(parents=True, exist_ok=True)
    (root / split / "speakers" / f"{name}_speakers.tsv").write_text(
        "\n".join(lines) + "\n", encoding="utf-8")


def test_speaker_accuracy_asks_whether_the_source_is_linked_to_the_canonical_speaker(
        tmp_path: Path) -> None:
    root = write_gold(tmp_path, {"wire_story": {"a": gold_lines()}})
    write_speakers(root, "wire_story", [("T1", "the mayor", "Anna Berg"),
                                        ("T5", "Engineers", "-"),
                                        ("T9", "the council", "Dunmere City Council")])
    gold = load_gold(root).articles[0]
    assert [g.speaker for g in gold.attributions] == ["Anna Berg", "-", "Dunmere City Council"]
    text = gold.text
    berg = Entity("E1", "Berg", "PERSON", mentions=(span(text, "the mayor"),))
    council = Entity("E2", "Dunmere Council", "ORG", mentions=(span(text, "the council"),))

    def scored(mayor: str | None, engineers: str | None, council_id: str | None) -> tuple[int, int]:
        analysis = analysis_of(
            text,
            Attribution("a1", "direct", span(text, '"The bridge will reopen in May,"'),
                        source(text, "the mayor", mayor), cue(text, "said")),
            Attribution("a2", "indirect", span(text, "that the repairs are nearly finished"),
                        source(text, "Engineers", engineers), cue(text, "believe")),
            Attribution("a3", "according_to", span(text, "traffic fell by a third"),
                        source(text, "the council", council_id), None),
            entities=(berg, council))
        s = score_article(gold, analysis)
        return s.speaker_correct, s.speaker_checked

    # An entity named "Berg" whose mentions never hold "Anna Berg" is not shown to be her; no
    # entity for "Engineers" is right for "-"; "Dunmere Council" is not "Dunmere City Council".
    assert scored("E1", None, "E2") == (1, 3)
    # Linked to an entity named by a spelling variant of the canonical speaker's name, or with
    # it as an alias: right.
    berg_full = replace(berg, name="Anna Borg")
    council_full = replace(council, aliases=("Dunmere City Council",))
    analysis = analysis_of(
        text,
        Attribution("a1", "direct", span(text, '"The bridge will reopen in May,"'),
                    source(text, "the mayor", "E1"), cue(text, "said")),
        Attribution("a2", "indirect", span(text, "that the repairs are nearly finished"),
                    source(text, "Engineers", "E2"), cue(text, "believe")),
        Attribution("a3", "according_to", span(text, "traffic fell by a third"),
                    source(text, "the council", "E2"), None),
        entities=(berg_full, council_full))
    s = score_article(gold, analysis)
    # "-" linked to an entity is wrong.
    assert (s.speaker_correct, s.speaker_checked) == (2, 3)
    r = report([s])
    assert r["speaker"] == {"correct": 2, "total": 3, "accuracy": round(2 / 3, 4)}
    assert r["by_publisher"]["wire"]["speaker"]["total"] == 3
    assert "speaker accuracy" in format_text({**r, "gold_dir": "g", "split": "dev"})


def test_without_speakers_files_the_report_has_no_speaker_accuracy(tmp_path: Path) -> None:
    gold = scored_gold(tmp_path)
    assert all(g.speaker is None for g in gold.attributions)
    r = report([score_article(gold, analysis_of(gold.text))])
    assert "speaker" not in r and "speaker" not in r["by_publisher"]["paper"]
    assert "speaker accuracy" not in format_text({**r, "gold_dir": "g", "split": "dev"})
