"""The corpus store on SQLite and, when REPORTEDLY_TEST_POSTGRES_URL is set, PostgreSQL:
storage round trip, idempotence, corpus entities, queries, search and exports."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from reportedly.model import Analysis, Quantity, Span
from reportedly.store import Store, iter_analyses, queries, save_analysis, store_analyses
from reportedly.store.entities import (
    EntityResolver,
    looks_like_name,
    proper_name,
    source_name,
)
from reportedly.store.export import export
from reportedly.store.records import record_failure
from reportedly.store.schema import article_entities, entities, failures

from .store_support import BACKENDS, POSTGRES_URL, build, database, diagnostic


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "postgresql" and not POSTGRES_URL:
        pytest.skip("REPORTEDLY_TEST_POSTGRES_URL is not set")
    s = Store(database(request.param, tmp_path))
    yield s
    s.close()


def put(store: Store, *analyses: Analysis) -> None:
    with store.connect() as c:
        store_analyses(c, analyses)


# -- a small corpus written for these tests ---------------------------------------------------
T1 = ("Jens Stoltenberg said the alliance would stand firm. Officials doubted that 103,000 "
      "soldiers had died, according to the ministry.")
T2 = ("Stoltenberg claimed that the talks were over. He said nothing else. The army lost "
      "60,000 soldiers, the governor said.")
T3 = ("General Zaluzhnyi said the front was holding. Kyiv reported 102,000 soldiers dead, "
      "according to Reuters.")
T4 = "Zaluzhny said that supplies were short in Kiev."


def corpus() -> list[Analysis]:
    return [
        build("one", T1, outlet="Daily", published="2024-01-05",
              entities_=(("Jens Stoltenberg", "PERSON", ("Jens Stoltenberg",)),),
              said=(("Jens Stoltenberg", "said", "the alliance would stand firm", "indirect"),
                    ("the ministry", "according to", "Officials doubted that 103,000 soldiers "
                     "had died", "according_to")),
              figures=(("103,000", 103000, "soldiers", "soldiers killed", 1),)),
        build("two", T2, outlet="Weekly", published="2024-02-10",
              entities_=(("Stoltenberg", "PERSON", ("Stoltenberg",)),),
              said=(("Stoltenberg", "claimed", "the talks were over", "indirect"),
                    ("He", "said", "nothing else", "indirect"),
                    ("the governor", "said", "The army lost 60,000 soldiers", "indirect")),
              figures=(("60,000", 60000, "soldiers", "Soldiers killed", 2),)),
        build("three", T3, outlet="Daily", published="2024-03-01",
              entities_=(("Zaluzhnyi", "PERSON", ("Zaluzhnyi",)), ("Kyiv", "GPE", ("Kyiv",))),
              said=(("Zaluzhnyi", "said", "the front was holding", "indirect"),
                    ("Reuters", "according to", "Kyiv reported 102,000 soldiers dead",
                     "according_to")),
              figures=(("102,000", 102000, "soldiers", "soldiers killed", 1),)),
        build("four", T4, outlet="Weekly", published="2024-03-15",
              entities_=(("Zaluzhny", "PERSON", ("Zaluzhny",)), ("Kiev", "GPE", ("Kiev",))),
              said=(("Zaluzhny", "said", "supplies were short in Kiev", "indirect"),)),
    ]


# -- storage ----------------------------------------------------------------------------------
def test_an_analysis_reads_back_exactly_as_written(store: Store) -> None:
    text = "“Steady” In their words, Anna Berg said 2.5 million people, 3 to 4 per cent, left."
    original = build("rt", text, outlet="Gazette", published="2024-05-01", author="A. Writer",
                     entities_=(("Anna Berg", "PERSON", ("Anna Berg",)),),
                     said=(("Anna Berg", "said", "2.5 million people, 3 to 4 per cent, left",
                            "indirect"),
                           (None, "said", "Steady", "direct")))
    original = replace(original, quantities=(
        Quantity("Q1", Span.of(text, 46, 57), 2.5e6, "people", None, "approx", "people left",
                 "A1"),
        Quantity("Q2", Span.of(text, 66, 72), 3, "percent", None, "range", None, None, 4),
    ), diagnostics=(diagnostic(text, "In"),))
    original.check_spans()
    put(store, original)
    with store.connect() as c:
        [back] = list(iter_analyses(c))
    assert back == original
    assert back.to_json() == original.to_json()
    assert isinstance(back.quantities[1].value, int)
    assert isinstance(back.quantities[0].value, float)


def test_the_same_text_is_stored_once(store: Store) -> None:
    first = corpus()[0]
    put(store, first)
    before = store.counts()
    with store.connect() as c:
        report = store_analyses(c, [first, replace(first, doc_id="copy-of-one")])
    assert (report.stored, report.skipped) == (0, 2)
    assert store.counts() == before


def test_a_failure_is_recorded_once_with_its_reason(store: Store) -> None:
    with store.connect() as c:
        for _ in range(2):
            record_failure(c, "bad.html", "no article text found")
        c.commit()
        assert c.execute(select(failures.c.source, failures.c.reason)).all() == \
            [("bad.html", "no article text found")]


# -- corpus entities --------------------------------------------------------------------------
def test_one_person_or_place_across_articles_is_one_entity(store: Store) -> None:
    put(store, *corpus())
    with store.connect() as c:
        stoltenberg = queries.entity_ids_for(c, "Jens Stoltenberg")
        assert stoltenberg == queries.entity_ids_for(c, "Stoltenberg")
        assert queries.entity_ids_for(c, "Zaluzhny") == queries.entity_ids_for(c, "Zaluzhnyi")
        assert queries.entity_ids_for(c, "Kiev") == queries.entity_ids_for(c, "Kyiv") != []
        assert queries.entity_ids_for(c, "Zaluzhny") != stoltenberg
        assert queries.entity_ids_for(c, "Kyiv") != queries.entity_ids_for(c, "Zaluzhny")


def test_a_full_name_joins_the_person_first_seen_by_surname(store: Store) -> None:
    with store.connect() as c:
        resolver = EntityResolver(c)
        surname_first = resolver.resolve("Okonkwo", "PERSON")
        assert resolver.resolve("Chidi Okonkwo", "PERSON") == surname_first
        assert resolver.resolve("Okonkwo") == surname_first
        assert resolver.resolve("Amara Adeyemi", "PERSON") != surname_first
        # A different person with a known surname stays apart once the full name is known.
        assert resolver.resolve("Ngozi Okonkwo", "PERSON") != surname_first
        c.commit()
        assert queries.entity_ids_for(c, "chidi okonkwo") == [surname_first]


def test_a_name_scarred_by_mojibake_is_known_by_its_intended_spelling(store: Store) -> None:
    with store.connect() as c:
        resolver = EntityResolver(c)
        scarred = resolver.resolve("FranÃ§ois Mbeki", "PERSON")
        assert resolver.resolve("François Mbeki", "PERSON") == scarred
        c.commit()
        assert queries.entity_ids_for(c, "françois mbeki") == [scarred]
        name = c.execute(select(entities.c.name).where(entities.c.id == scarred)).scalar()
        assert name == "François Mbeki"


def test_a_middle_initial_or_a_longer_form_of_a_full_name_is_the_same_person(
        store: Store) -> None:
    with store.connect() as c:
        resolver = EntityResolver(c)
        adeyemi = resolver.resolve("Amara Adeyemi", "PERSON")
        assert resolver.resolve("Amara K. Adeyemi", "PERSON") == adeyemi
        assert resolver.resolve("Lagos Party Chair Amara Adeyemi", "PERSON") == adeyemi
        assert resolver.resolve("Tunde Adeyemi", "PERSON") != adeyemi
        # Only a person's full name is taken from the end of a longer one.
        harbor = resolver.resolve("Harbor Union", "ORG")
        assert resolver.resolve("Dock Workers Harbor Union", "PERSON") != harbor


@pytest.mark.parametrize(("name", "proper"), [
    ("Maria Lopez", "Maria Lopez"), ("the Harbor Union", "Harbor Union"),
    ("Bank of Lisbon", "Bank of Lisbon"), ("opposition leader Maria Lopez", "Maria Lopez"),
    ("spokesman of Unitas", None), ("regional governor", None),
    ("head of the Harbor Union", None),
])
def test_a_proper_name_is_told_from_a_description(name: str, proper: str | None) -> None:
    assert proper_name(name) == proper


def test_a_description_stays_in_its_article_and_never_takes_a_name(store: Store) -> None:
    texts = ("The spokesman of Unitas said the plant would close.",
             "Unitas confirmed it. The spokesman of Unitas said more cuts would follow.")
    put(store, *(build(f"doc-{i}", t, entities_=(
        ("spokesman of Unitas", "PERSON", ("spokesman of Unitas",)),
        ("Unitas", "ORG", ("Unitas",))) if i else (
        ("spokesman of Unitas", "PERSON", ("spokesman of Unitas",)),))
        for i, t in enumerate(texts)))
    with store.connect() as c:
        rows = c.execute(select(article_entities.c.name, article_entities.c.entity_id)
                         .order_by(article_entities.c.id)).all()
    first_spokesman, second_spokesman, unitas = (entity for _, entity in rows)
    assert len({first_spokesman, second_spokesman, unitas}) == 3


@pytest.mark.parametrize(("source", "is_name"), [
    ("Maria Lopez", True), ("Lopez", True), ("the spokesman", False), ("He", False),
    ("Officials", False), ("a senior official in the Ministry of Defence", False),
    ("Western Officials", False), ("Aides", False), ("United Auto Workers", True),
    ("Some in Ivre", False), ("Many of the Ivre residents", False),
])
def test_only_proper_names_become_entities_when_no_entity_covers_a_source(
        source: str, is_name: bool) -> None:
    article = f"{source} said so. Other officials said nothing."
    assert looks_like_name(source, article) is is_name
    # a capitalised group is no name even where the article never writes it in lower case
    assert looks_like_name(source, f"{source} said so.") is (is_name or source == "Lopez")


@pytest.mark.parametrize(("source", "article", "named"), [
    ("Senator Elizabeth Warren", "Senator Elizabeth Warren said so.",
     ("Elizabeth Warren", "PERSON")),
    ("Mr. Okafor", "Mr. Okafor said so.", ("Okafor", "PERSON")),
    ("Rival Ines Duarte", "Rival Ines Duarte said so; a rival agreed. Duarte smiled.",
     ("Ines Duarte", "PERSON")),
    ("Green Valley Mining", "Green Valley Mining said so.", ("Green Valley Mining", "OTHER")),
])
def test_a_source_name_drops_titles_and_knows_a_person_by_the_surname_alone(
        source: str, article: str, named: tuple[str, str]) -> None:
    assert source_name(source, article) == named


# -- queries ----------------------------------------------------------------------------------
def test_speakers_counts_per_outlet_and_stance_mix(store: Store) -> None:
    put(store, *corpus())
    with store.connect() as c:
        rows = {r["speaker"]: r for r in queries.speakers(c, limit=None)}
    stoltenberg = next(r for name, r in rows.items() if "Stoltenberg" in name)
    assert stoltenberg["attributions"] == 2
    assert stoltenberg["outlets"] == "Daily 1, Weekly 1"
    assert stoltenberg["stances"] == "doubt 1, neutral 1"
    zaluzhnyi = next(r for name, r in rows.items() if name.startswith("Zaluzh"))
    assert zaluzhnyi["attributions"] == 2
    assert "He" not in rows and "he" not in rows  # an unresolved pronoun names nobody
    assert rows["the governor"]["entity_id"] is None  # kept, grouped by its text


def test_unnamed_sources_are_counted_by_their_words_and_make_no_entity(store: Store) -> None:
    from reportedly import analyze

    texts = ("Anna Kowal opened the talks. Western officials said that the deal was close. "
             "A senior official said the talks had stalled. He added that a deal was possible.",
             "Western officials said that the border was calm. Officials said nothing else.")
    analyses = [replace(analyze(t), doc_id=f"talks-{i}") for i, t in enumerate(texts)]
    he = next(a.source for a in analyses[0].attributions if a.source and a.source.text == "He")
    assert he.entity_id is None and he.refers_to is not None
    put(store, *analyses)
    with store.connect() as c:
        names = [n for n, in c.execute(select(entities.c.name))]
        rows = {r["speaker"].lower(): r for r in queries.speakers(c, limit=None)}
        western = queries.quotes(c, "Western officials")
        official = queries.quotes(c, "a senior official")
        [back, _] = list(iter_analyses(c))
    assert names == ["Anna Kowal"]  # no corpus entity for a group or a role
    assert rows["western officials"]["entity_id"] is None
    assert rows["western officials"]["attributions"] == 2
    # "he" standing for the official is counted under the official
    assert rows["a senior official"]["attributions"] == 2 and "he" not in rows
    assert [r["content"] for r in western] == ["that the deal was close",
                                                "that the border was calm"]
    assert len(official) == 2
    assert back == analyses[0]


def test_speakers_respects_outlet_and_since(store: Store) -> None:
    put(store, *corpus())
    with store.connect() as c:
        weekly = queries.speakers(c, outlet="weekly", limit=None)
        recent = queries.speakers(c, since="2024-03-01", limit=None)
    assert all(r["outlets"].startswith("Weekly") for r in weekly)
    assert {r["speaker"][:6] for r in recent} == {"Zaluzh", "Reuter"}


def test_quotes_of_a_speaker_across_spellings_and_filters(store: Store) -> None:
    put(store, *corpus())
    with store.connect() as c:
        everything = queries.quotes(c, "Zaluzhny")
        weekly = queries.quotes(c, "Zaluzhnyi", outlet="Weekly")
        later = queries.quotes(c, "Stoltenberg", since="2024-02-01")
    assert [r["doc_id"] for r in everything] == ["three", "four"]
    assert [r["content"] for r in weekly] == ["supplies were short in Kiev"]
    assert [(r["doc_id"], r["cue"]) for r in later] == [("two", "claimed")]


def test_a_surname_alone_is_the_person_of_that_name_most_often_cited(store: Store) -> None:
    headline = "Novak said the deal was done."
    first = "Irena Novak said the port was open."
    most = "Tomas Novak said taxes would fall. Tomas Novak said rents would fall too."
    put(store,
        build("headline", headline, entities_=(("Novak", "ORG", ("Novak",)),),
              said=(("Novak", "said", "the deal was done", "indirect"),)),
        build("first", first, entities_=(("Irena Novak", "PERSON", ("Irena Novak",)),),
              said=(("Irena Novak", "said", "the port was open", "indirect"),)),
        build("most", most, entities_=(("Tomas Novak", "PERSON", ("Tomas Novak",)),),
              said=(("Tomas Novak", "said", "taxes would fall", "indirect"),
                    ("Tomas Novak", "said", "rents would fall too", "indirect"))))
    with store.connect() as c:
        surname = queries.quotes(c, "Novak")
        irena = queries.quotes(c, "Irena Novak")
        nobody = queries.quotes(c, "Kowalski")
    assert [r["content"] for r in surname] == ["taxes would fall", "rents would fall too"]
    assert [r["content"] for r in irena] == ["the port was open"]
    assert nobody == []


def test_sources_lists_only_according_to(store: Store) -> None:
    put(store, *corpus())
    with store.connect() as c:
        rows = queries.sources(c, limit=None)
    assert sorted(r["speaker"] for r in rows) == ["Reuters", "the ministry"]


def test_conflicting_figures_come_side_by_side(store: Store) -> None:
    put(store, *corpus())
    with store.connect() as c:
        # The corpus's articles are weeks apart: any time.
        pairs = queries.figures(c, conflicts=True, within_days=None)
        loose = queries.figures(c, conflicts=True, tolerance=0.5, within_days=None)
        listed = queries.figures(c, measure="SOLDIERS")
    # 103,000 and 102,000 agree within 5 %; 60,000 disagrees with both.
    assert sorted((p["value_a"], p["value_b"]) for p in pairs) == \
        [("103,000", "60,000"), ("60,000", "102,000")]
    by_value = {p["value_a"]: p for p in pairs} | {p["value_b"]: p for p in pairs}
    assert by_value["103,000"]["source_a"] == "the ministry"
    assert "the governor" in (by_value["60,000"]["source_a"], by_value["60,000"]["source_b"])
    assert loose == []
    assert len(listed) == 3


def reported(doc_id: str, figure: str, value: int, source: str, measure: str = "homes burned",
             bound: str = "exact", published: str = "2024-05-01") -> Analysis:
    """An article where ``source`` reports ``figure`` homes burned."""
    text = f"{figure} homes burned, {source} said."
    analysis = build(doc_id, text, said=((source, "said", f"{figure} homes burned", "indirect"),),
                     figures=((figure.split()[-1], value, "homes", measure, 0),),
                     published=published)
    return replace(analysis, quantities=(replace(analysis.quantities[0], bound=bound),))


def test_bounded_figures_do_not_conflict_with_values_they_allow(store: Store) -> None:
    put(store, reported("a", "At least 100", 100, "the mayor", bound="at_least"),
        reported("b", "In all 140", 140, "the fire service"),
        reported("c", "Only 20", 20, "the police"))
    with store.connect() as c:
        pairs = queries.figures(c, conflicts=True)
    assert sorted((p["value_a"], p["value_b"]) for p in pairs) == [("100", "20"), ("140", "20")]


def test_a_conflict_needs_two_sources_and_a_measure_that_names_something(store: Store) -> None:
    unattributed = build("own", "In all 140 homes burned.",
                         figures=(("140", 140, "homes", "homes burned", None),))
    put(store, reported("a", "Only 20", 20, "the police"), unattributed,
        reported("b", "Some 300", 300, "the police"),
        reported("c", "Some 900", 900, "the mayor", measure="them"),
        reported("d", "Some 800", 800, "he", measure="homes burned"))
    with store.connect() as c:
        pairs = queries.figures(c, conflicts=True)
        listed = queries.figures(c)
    assert pairs == []  # one source over time; unattributed; a pronoun measure or source
    assert len(listed) == 4  # every figure with a measure is still listed


def test_a_conflict_is_about_one_story_in_time_and_size(store: Store) -> None:
    put(store, reported("may", "Some 300", 300, "the police", published="2024-05-01"),
        reported("week", "Some 200", 200, "the mayor", published="2024-05-06"),
        reported("june", "Some 150", 150, "the governor", published="2024-06-20"),
        reported("tiny", "Only 12", 12, "the fire service", published="2024-05-02"))
    with store.connect() as c:
        default = queries.figures(c, conflicts=True)
        any_time = queries.figures(c, conflicts=True, within_days=None)
        any_size = queries.figures(c, conflicts=True, max_ratio=None)

    def values(pairs: list[dict]) -> list[set[str]]:
        return sorted(({p["value_a"], p["value_b"]} for p in pairs), key=sorted)

    assert values(default) == [{"200", "300"}]  # 12 is 25 times less: another count
    assert {"150", "300"} in values(any_time) and {"150", "200"} in values(any_time)
    assert {"12", "300"} in values(any_size) and {"12", "200"} in values(any_size)
    assert not any("150" in v for v in values(any_size))  # seven weeks later


def test_a_measure_is_asked_for_by_whole_words(store: Store) -> None:
    put(store, reported("a", "Some 300", 300, "the police", measure="men arrested"),
        reported("b", "Some 5", 5, "the mayor", measure="unemployment"),
        reported("c", "Some 40", 40, "the governor", measure="Armenians"),
        reported("d", "Some 7", 7, "the army", measure="deaths"))
    with store.connect() as c:
        men = queries.figures(c, measure="men")
        death = queries.figures(c, measure="Death")
    assert [r["measure"] for r in men] == ["men arrested"]
    assert [r["measure"] for r in death] == ["deaths"]


def test_a_figure_repeated_in_an_article_makes_one_conflict(store: Store) -> None:
    text = "Some 300 homes burned, the police said. Some 300 homes burned, the police said."
    twice = build("twice", text, published="2024-05-01",
                  said=(("the police", "said", "Some 300 homes burned", "indirect"),),
                  figures=(("300", 300, "homes", "homes burned", 0),))
    second = text.index("300", 10)
    twice = replace(twice, quantities=(
        *twice.quantities,
        replace(twice.quantities[0], id="Q2", span=Span.of(text, second, second + 3))))
    put(store, twice, reported("other", "Only 200", 200, "the mayor"))
    with store.connect() as c:
        pairs = queries.figures(c, conflicts=True)
    assert [(p["value_a"], p["value_b"]) for p in pairs] == [("300", "200")]


def test_search_finds_words_in_any_form(store: Store) -> None:
    put(store, *corpus())
    with store.connect() as c:
        hits = queries.search(c, "supply")
        both = queries.search(c, "soldiers Reuters")
        nothing = queries.search(c, "zeppelin")
        odd = queries.search(c, 'alliance" (firm*')
    assert [h["doc_id"] for h in hits] == ["four"]
    assert "[" in hits[0]["snippet"]
    assert [h["doc_id"] for h in both] == ["three"]
    assert nothing == []
    assert [h["doc_id"] for h in odd] == ["one"]


# -- exports ----------------------------------------------------------------------------------
def test_jsonl_export_reimports_losslessly(store: Store, tmp_path: Path) -> None:
    originals = corpus()
    put(store, *originals)
    out = tmp_path / "corpus.jsonl"
    with store.connect() as c:
        assert export(c, "jsonl", str(out)) == len(originals)
    again = Store(str(tmp_path / "again.db"))
    with again.connect() as c:
        store_analyses(c, (Analysis.from_json(line) for line in out.open(encoding="utf-8")))
        assert list(iter_analyses(c)) == originals
    again.close()


def test_csv_and_parquet_exports_hold_the_rows(store: Store, tmp_path: Path) -> None:
    put(store, *corpus())
    path = tmp_path / "attributions.csv"
    with store.connect() as c:
        n = export(c, "csv", str(path), table="attributions")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert n == len(rows) == 8
    assert {r["outlet"] for r in rows} == {"Daily", "Weekly"}
    assert json.loads(rows[0]["quotes"]) == []
    pq = pytest.importorskip("pyarrow.parquet")
    with store.connect() as c:
        export(c, "parquet", str(tmp_path / "q.parquet"), table="quantities")
    table = pq.read_table(tmp_path / "q.parquet")
    assert sorted(table.column("value").to_pylist()) == [60000.0, 102000.0, 103000.0]


def test_save_analysis_returns_none_for_a_stored_text(store: Store) -> None:
    one = corpus()[0]
    with store.connect() as c:
        resolver = EntityResolver(c)
        assert save_analysis(c, one, resolver) is not None
        assert save_analysis(c, one, resolver) is None


def test_a_table_cut_to_width_keeps_the_search_hit_in_view() -> None:
    import io

    from reportedly.store.output import write_table

    snippet = "words before the match " * 5 + "[harbour] and words after it " * 3
    out = io.StringIO()
    write_table([{"doc_id": "d1", "snippet": snippet}], out, width=50)
    row = out.getvalue().splitlines()[2]
    assert "[harbour]" in row and len(row) <= 50


def test_content_parts_are_stored(store: Store) -> None:
    from reportedly import analyze

    text = "“The mine will close,” said Ada Brill on Monday. “Nobody knows when.”"
    original = analyze(text, doc_id="parts")
    assert any(a.content_parts for a in original.attributions)
    put(store, original)
    with store.connect() as c:
        [back] = list(iter_analyses(c))
    assert back == original
