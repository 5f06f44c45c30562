"""Long and pathological inputs: each scanner that was quadratic stays roughly linear, and long
texts parsed in windows keep every offset exact."""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

import pytest

from reportedly import windows
from reportedly.analyze import analyze, analyze_many, build_analysis
from reportedly.document import Parsed
from reportedly.extract.attributions.draft import Draft, trim_writers_edges
from reportedly.extract.attributions.tidy import _separate
from reportedly.extract.entities.cluster import Cluster
from reportedly.extract.quantities.figure import Figure
from reportedly.extract.quantities.holders import Holders
from reportedly.extract.quantities.scan import scan
from reportedly.model import Article, Attribution, Span
from reportedly.nlp import load_nlp
from reportedly.quotes import find_quotes
from reportedly.repair import prepare

NEWS = ("Finance Minister Anna Berg said on Tuesday that prices would fall by at least 5%.\n\n"
        "\u201cWe will not back down,\u201d she added, according to the agency.\n\n"
        "Officials said 1,200 workers, or about $4 million in wages, were affected.\n")


def _seconds(run: Callable[[], object]) -> float:
    """The best of three timings of ``run`` in CPU time (other processes on a busy machine do
    not count), without the garbage collector's pauses."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def assert_linear(make: Callable[[int], str], run: Callable[[str], object], size: int) -> None:
    """Four times the text takes well under sixteen times as long (a quadratic scan would):
    the bound, ten, leaves room for a noisy machine."""
    small, large = make(size), make(4 * size)
    t_small = _seconds(lambda: run(small))
    t_large = _seconds(lambda: run(large))
    assert t_large / max(t_small, 0.002) < 10, (t_small, t_large)


def _quote_marks(size: int) -> str:
    rng = random.Random(27)
    marks = ["\u201c", "\u201d", '"', "\u00ab", "\u00bb", "''", "\u2018", "\u2019", "'"]
    words = ["the", "minister", "said", "Prices", "fall,", "added.", "42", "unions'"]
    out: list[str] = []
    length = 0
    while length < size:
        out.append(rng.choice(marks) + rng.choice(words) + " ")
        length += len(out[-1])
    return "".join(out)[:size]


# -- the scanners: linear in the text's length ---------------------------------------------------

def test_quote_pairing_is_linear_in_a_run_of_one_mark() -> None:
    # Every mark after the first closes nothing: each asked for the single mark opening it.
    assert_linear(lambda n: '"' * n, find_quotes, 10_000)


def test_quote_pairing_is_linear_in_mixed_marks() -> None:
    assert_linear(_quote_marks, find_quotes, 10_000)


def test_number_scanner_is_linear_in_a_line_of_digits() -> None:
    unit = "1,234.56-7/8%9:10.000,5$12-13.14/15,16 "
    assert_linear(lambda n: (unit * n)[:n], scan, 5_000)


def test_number_scanner_is_linear_with_number_words() -> None:
    unit = "twenty-five thousand and 40 more, "
    assert_linear(lambda n: (unit * n)[:n], scan, 5_000)


def test_mojibake_search_is_linear_in_a_line_without_spaces() -> None:
    doc = load_nlp().make_doc("x")  # the search reads the text alone

    def mojibake(text: str) -> object:
        from reportedly.extract.diagnostics import _encoding_damage

        return _encoding_damage(Parsed(text, doc))

    assert_linear(lambda n: "a" * n, mojibake, 50_000)


def test_mojibake_still_found_in_a_long_line() -> None:
    text = "x" * 5_000 + " FranÃ§ois said " + "y" * 5_000
    from reportedly.extract.diagnostics import _encoding_damage

    found = _encoding_damage(Parsed(text, load_nlp().make_doc(text)))
    assert [d.span.text for d in found] == ["FranÃ§ois"]


def test_holder_index_agrees_with_a_scan_of_every_attribution() -> None:
    rng = random.Random(5)
    text = "x" * 2_000
    attributions = []
    for k in range(300):
        start = rng.randrange(0, 1_900)
        end = start + rng.randrange(1, 100)
        attributions.append(Attribution(id=f"A{k + 1}", type="indirect",
                                        content=Span.of(text, start, end), source=None,
                                        cue=None, stance=None))
    holders = Holders(attributions)
    for _ in range(500):
        num_start = rng.randrange(0, 1_990)
        fig = Figure(start=num_start, end=num_start + 3, num_start=num_start,
                      num_end=num_start + 3, value=1.0)
        inside = [a for a in attributions
                  if a.content.start <= fig.num_start and fig.num_end <= a.content.end]
        expected = min(inside, key=lambda a: a.content.end - a.content.start).id \
            if inside else None
        assert holders.holder(fig) == expected


# -- windows ------------------------------------------------------------------------------------

def test_windows_cover_the_text_and_end_after_line_breaks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "WINDOW_CHARS", 500)
    text = NEWS * 20
    bounds = windows.windows(text)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(bounds))
    assert all(0 < end - start <= 500 for start, end in bounds)
    assert all(text[end - 1] == "\n" for _, end in bounds[:-1])


def test_a_line_longer_than_a_window_is_cut_at_a_sentence_then_a_space_then_hard(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "WINDOW_CHARS", 400)
    sentences = "Prices fell. " * 100
    bounds = windows.windows(sentences)
    assert all(sentences[end - 2:end] == ". " for _, end in bounds[:-1])
    words = "prices fell " * 100
    assert all(words[end - 1] == " " for _, end in windows.windows(words)[:-1])
    solid = "a" * 1_000
    assert windows.windows(solid) == [(0, 400), (400, 800), (800, 1000)]


def test_windowed_parse_keeps_every_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "WINDOW_CHARS", 600)
    text = NEWS * 6
    doc = windows.parse_in_windows(load_nlp(), text)
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t)] == t.text for t in doc)
    analysis = analyze(text, use_tagger=False)
    analysis.check_spans()
    assert analysis.attributions and analysis.quantities and analysis.entities
    # Ids are deterministic: the same text gives the same analysis.
    assert analyze(text, use_tagger=False).to_json() == analysis.to_json()


def test_windowed_paragraphs_read_as_each_paragraph_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Each window of a windowed text holds whole paragraphs: the quotes and figures found in
    # it are those found when each paragraph block is analysed alone.
    monkeypatch.setattr(windows, "WINDOW_CHARS", 400)
    text = NEWS * 3
    whole = analyze(text, use_tagger=False)
    offsets = [start for start, _ in windows.windows(text)]
    alone = []
    for start, end in windows.windows(text):
        part = analyze(text[start:end], use_tagger=False)
        alone += [(start + q.span.start, start + q.span.end) for q in part.quantities]
    assert [(q.span.start, q.span.end) for q in whole.quantities] == alone
    assert len(offsets) > 1


def test_a_text_within_one_window_is_parsed_whole() -> None:
    text = NEWS * 3
    assert windows.fits_one_window(text)
    copy, repairs = prepare(text)
    unwindowed = build_analysis(Article("text", text), load_nlp()(copy), repairs,
                                use_tagger=False)
    assert analyze(text, use_tagger=False).to_json() == unwindowed.to_json()


def test_long_runs_without_spaces_are_cut_into_bounded_tokens() -> None:
    text = "He said " + '"' * 1_000 + " and " + "7" * 450 + ", then left.\n" + NEWS
    doc = windows.parse_in_windows(load_nlp(), text)
    assert doc.text == text
    assert max(len(t) for t in doc) <= windows.LONG_RUN_CHARS
    analysis = analyze(text, use_tagger=False)
    analysis.check_spans()


def test_the_tokenizer_sees_no_long_run_in_a_line_of_one_mark() -> None:
    # spaCy's tokenizer peels one mark at a time off a run, each peel a search of the run:
    # cut into bounded runs, a line of marks parses in linear time.
    def parse(text: str) -> object:
        return windows.parse_in_windows(load_nlp(), text)

    assert_linear(lambda n: '"' * n, parse, 2_000)


def test_extractors_on_pathological_lines_keep_the_contract() -> None:
    for text in ('"' * 3_000, "\u201c" * 1_000 + "\u201d" * 1_000, "1," * 2_000,
                 "a" * 3_000, "''" * 1_500, _quote_marks(3_000)):
        analysis = analyze(text, use_tagger=False)
        analysis.check_spans()


def test_analyze_many_parses_a_long_text_in_windows_as_analyze_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "WINDOW_CHARS", 600)
    long_text, short_text = NEWS * 4, NEWS
    streamed = list(analyze_many([long_text, short_text], use_tagger=False))
    assert [a.to_json() for a in streamed] == [
        analyze(long_text, doc_id="text:1", use_tagger=False).to_json(),
        analyze(short_text, doc_id="text:2", use_tagger=False).to_json()]


def test_a_range_far_into_the_text_keeps_its_lead_word() -> None:
    # The scanner's look-back is a slice of the text: offsets found in it are the slice's own.
    text = "Officials said. " * 30 + "Workers earned between $30,000 and $60,000 a year."
    spans = [q.span.text for q in analyze(text, use_tagger=False).quantities]
    assert spans == ["between $30,000 and $60,000"]


def _separate_all_pairs(text: str, drafts: list[Draft]) -> list[Draft]:
    """The frame cut by a look at every pair of drafts: what :func:`_separate` must equal."""
    out = []
    for a in drafts:
        start, end = a.content
        for b in drafts:
            if b is a:
                continue
            frame = [r for r in (b.source, b.cue[:2] if b.cue else None) if r is not None]
            nested = start <= b.content[0] and b.content[1] <= end
            if not frame or (nested and b.aside is None):
                continue
            frame_start = b.aside if b.aside is not None else min(r[0] for r in frame)
            if start < frame_start < end:
                end = frame_start
        if (start, end) != a.content:
            start, end = trim_writers_edges(text, start, end)
            if end <= start:
                continue
            a = replace(a, content=(start, end), quotes=[q for q in a.quotes if q.end <= end])
        out.append(a)
    return out


def _random_drafts(rng: random.Random, text: str, n: int) -> list[Draft]:
    drafts = []
    for _ in range(n):
        start = rng.randrange(0, len(text) - 400)
        content = (start, start + rng.randrange(5, 400))
        at = rng.randrange(0, len(text) - 10)
        source = (at, at + 4) if rng.random() < 0.7 else None
        cue = (at + 5, at + 9, "say") if rng.random() < 0.7 else None
        aside = at - 2 if source is not None and rng.random() < 0.2 else None
        drafts.append(Draft(type="indirect", content=content, source=source, cue=cue,
                             aside=aside))
    return drafts


def test_frame_cuts_agree_with_a_look_at_every_pair() -> None:
    rng = random.Random(11)
    text = " ".join(rng.choice(["said", "the", "minister,", "and", "talks."])
                    for _ in range(1_000))
    for _ in range(20):
        drafts = _random_drafts(rng, text, 150)
        assert _separate(text, drafts) == _separate_all_pairs(text, drafts)


def test_frame_cuts_are_linear_in_the_number_of_drafts() -> None:
    rng = random.Random(3)

    def make(size: int) -> str:
        return "word " * (size // 5)

    def run(text: str) -> object:
        # One short attribution every 50 characters, as in a long article.
        drafts = []
        for start in range(0, len(text) - 60, 50):
            drafts.append(Draft(type="indirect", content=(start + 10, start + 40),
                                 source=(start, start + 4), cue=(start + 5, start + 9, "say")))
        rng.shuffle(drafts)
        return _separate(text, drafts)

    assert_linear(make, run, 50_000)


def test_an_entitys_mention_index_answers_as_a_scan_of_its_mentions() -> None:
    rng = random.Random(8)
    cluster = Cluster(key=0)
    for _ in range(300):
        start = rng.randrange(0, 5_000)
        cluster.add_mention(start, start + rng.randrange(1, 30))
    assert cluster.first == min(s for s, _ in cluster.mentions)
    assert cluster.last_end == max(e for _, e in cluster.mentions)
    for offset in range(0, 5_100, 7):
        assert cluster.latest_start_before(offset) == max(
            (s for s, _ in cluster.mentions if s < offset), default=-1)
    cluster.clear_mentions()
    assert cluster.latest_start_before(10_000) == -1 and cluster.last_end == -1
