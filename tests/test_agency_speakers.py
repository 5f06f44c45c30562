"""Who exactly said it, in state-agency copy: role nouns that refer back to a named person,
titles around a name, and one referent written several ways."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

from reportedly import analyze
from reportedly.model import Analysis, Attribution, Entity
from reportedly.store import Store, queries, store_analyses

from .store_support import database


@functools.cache
def _analysis(text: str) -> Analysis:
    return analyze(text)


def _source(analysis: Analysis, source_text: str) -> Attribution:
    return next(a for a in analysis.attributions
                if a.source is not None and a.source.text == source_text)


def _entity_of(analysis: Analysis, source_text: str) -> Entity | None:
    entity_id = _source(analysis, source_text).source.entity_id  # type: ignore[union-attr]
    return next((e for e in analysis.entities if e.id == entity_id), None)


AMBASSADOR = (
    "MOSCOW, May 3. /TASS/. Trade between the two countries grew by a fifth, Russian "
    "Ambassador to Chile Sergei Antonov said in an interview.\n\n"
    '"The contracts are ready," the Russian diplomat noted.\n\n'
    "The envoy added that the talks on flights would resume in June. "
    "He stressed that the banks were ready to help.")


def test_a_role_noun_and_the_pronoun_after_it_are_the_named_person() -> None:
    analysis = _analysis(AMBASSADOR)
    named = _entity_of(analysis, "Russian Ambassador to Chile Sergei Antonov")
    assert named is not None and named.name == "Sergei Antonov" and named.type == "PERSON"
    for source in ("the Russian diplomat", "The envoy", "He"):
        assert _entity_of(analysis, source) == named, source


def test_a_nationality_on_the_role_noun_must_agree() -> None:
    text = ("WARSAW, May 3. Polish Ambassador Jan Nowak said the talks had failed.\n\n"
            "The Russian diplomat said the talks would go on.")
    analysis = _analysis(text)
    assert _entity_of(analysis, "Polish Ambassador Jan Nowak") is not None
    assert _source(analysis, "The Russian diplomat").source.entity_id is None  # type: ignore[union-attr]


def test_a_title_with_of_phrases_before_the_name_is_the_persons() -> None:
    text = ("Minister of Industry of Belarus Pavel Kuzmich said "
            "that exports grew by 12%. The head of state said that the plants must work "
            "harder.\n\nPresident of Moldova Viktor Rusu said the deal was close. "
            "The head of state added that it would be signed in May.")
    analysis = _analysis(text)
    minister = _entity_of(analysis, "Minister of Industry of Belarus Pavel Kuzmich")
    assert minister is not None and minister.name == "Pavel Kuzmich"
    assert "Minister" in minister.titles
    # "the head of state" is a president: never the minister, the president once named.
    first = next(a for a in analysis.attributions if a.source is not None
                 and a.source.text == "The head of state")
    assert first.source is not None and first.source.entity_id != minister.id
    president = _entity_of(analysis, "President of Moldova Viktor Rusu")
    assert president is not None and "President" in president.titles
    last = [a for a in analysis.attributions if a.source is not None
            and a.source.text == "The head of state"][-1]
    assert last.source is not None and last.source.entity_id == president.id


def test_an_abbreviation_defined_in_parentheses_is_the_same_entity() -> None:
    text = ("The Eurasian Economic Union (EAEU) said on Monday that the tariffs would fall. "
            "Later, the EAEU reported that trade had grown by a tenth.")
    analysis = _analysis(text)
    full = _entity_of(analysis, "The Eurasian Economic Union (EAEU)") or \
        _entity_of(analysis, "The Eurasian Economic Union")
    assert full is not None and "EAEU" in (full.name, *full.aliases)
    assert _entity_of(analysis, "the EAEU") == full


def test_a_misspelt_surname_is_the_same_person_and_is_flagged() -> None:
    text = ("Pavel Kuzmich said that the plant would open in May.\n\n"
            "The assembly lines are ready, Pavel Kuzmitch noted.")
    analysis = _analysis(text)
    person = _entity_of(analysis, "Pavel Kuzmich")
    assert person is not None and _entity_of(analysis, "Pavel Kuzmitch") == person
    flagged = [d for d in analysis.diagnostics if d.kind == "name_variant"]
    assert len(flagged) == 1
    span = flagged[0].span
    assert analysis.text[span.start:span.end] == span.text == "Kuzmitch"
    assert "Kuzmich" in flagged[0].message and "Kuzmitch" in flagged[0].message


def test_different_people_are_not_taken_for_a_misspelling() -> None:
    text = ("Pavel Kuzmich said that the plant would open in May. "
            "Anna Kuzmina said that it would not.")
    analysis = _analysis(text)
    assert _entity_of(analysis, "Pavel Kuzmich") != _entity_of(analysis, "Anna Kuzmina")
    assert not [d for d in analysis.diagnostics if d.kind == "name_variant"]


def test_a_title_in_brackets_after_a_name_is_the_persons() -> None:
    text = ("As Arkady Belov [Russian Minister of Economic Development] said in May, the "
            "deal can be signed this year. Arkady Belov [Russian Minister of Economic "
            "Development] noted that the talks were going well.")
    analysis = _analysis(text)
    person = next(e for e in analysis.entities if e.name == "Arkady Belov")
    assert person.type == "PERSON" and "Minister" in person.titles
    bracketed = [a for a in analysis.attributions if a.source is not None
                 and "Belov" in a.source.text]
    assert bracketed and all(a.source is not None and a.source.entity_id == person.id
                             for a in bracketed)


def test_a_role_in_apposition_is_a_title_and_the_role_noun_refers_back() -> None:
    text = ("Helena Rask, a lead analyst at the Nordic Centre for Security Studies, said the "
            "cable had been cut on purpose.\n\n"
            '"Nobody drops an anchor for forty kilometres by accident," the analyst said.')
    analysis = _analysis(text)
    person = _entity_of(analysis, "the analyst")
    assert person is not None and person.name == "Helena Rask"
    assert "lead analyst" in person.titles


def test_the_institute_written_with_a_capital_is_the_institute_named_before() -> None:
    text = ("The economy will grow by 2%, according to the Institute of Applied Economics in "
            "Minsk.\n\nThe Institute expects that exports will rise.")
    analysis = _analysis(text)
    institute = _entity_of(analysis, "The Institute")
    assert institute is not None and institute.type == "ORG"
    assert "Applied Economics" in institute.name


def test_a_lone_misspelt_surname_the_recogniser_missed_is_the_person() -> None:
    text = ("Minister of Energy of Ukraine Halyna Dovbush said the heating season would start "
            "on time.\n\nThe reserves are enough, Dovbysh said.")
    analysis = _analysis(text)
    person = _entity_of(analysis, "Minister of Energy of Ukraine Halyna Dovbush")
    assert person is not None and person.name == "Halyna Dovbush"
    assert _entity_of(analysis, "Dovbysh") == person
    assert [d.span.text for d in analysis.diagnostics if d.kind == "name_variant"] == \
        ["Dovbysh"]


def test_the_store_counts_the_role_noun_under_the_person(tmp_path: Path) -> None:
    analysis = replace(_analysis(AMBASSADOR), doc_id="ambassador")
    store = Store(database("sqlite", tmp_path))
    try:
        with store.connect() as c:
            store_analyses(c, [analysis])
            rows = {r["speaker"]: r["attributions"] for r in queries.speakers(c, limit=None)}
    finally:
        store.close()
    linked = sum(1 for a in analysis.attributions if a.source is not None)
    assert rows.get("Sergei Antonov") == linked
    assert not any("diplomat" in name.lower() or "envoy" in name.lower() for name in rows)


def test_a_role_with_no_named_holder_refers_to_the_office_described_before() -> None:
    text = ("The forecast was discussed at a meeting with the President of Belarus on "
            "Wednesday. The head of state demanded that prices stay under control. "
            '"Nobody will raise prices," the Belarusian leader said.')
    analysis = _analysis(text)
    for source in ("The head of state", "the Belarusian leader"):
        found = _source(analysis, source).source
        assert found is not None and found.entity_id is None
        assert found.refers_to is not None and found.refers_to.text == "the President of Belarus"
