"""Entities and source resolution, on sentences written for each rule."""

from __future__ import annotations

import functools
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportedly import analyze
from reportedly.document import Parsed
from reportedly.extract.attributions import extract_attributions
from reportedly.extract.entities import (
    BUILD_STAGES,
    EntityIndex,
    extract_entities,
    link_speakers,
)
from reportedly.extract.entities.genders import learn_genders
from reportedly.extract.entities.index import BuildStage
from reportedly.extract.entities.named import add_named_entities, merge_surnames
from reportedly.extract.entities.state import ClusterTable
from reportedly.model import Analysis, Attribution, Entity, Source, Span
from reportedly.nlp import load_nlp
from reportedly.pronouns import antecedent_pronouns, pronoun_set


def index_of(text: str) -> EntityIndex:
    return extract_entities(Parsed(text, load_nlp()(text)))


def entity_named(analysis: Analysis, name: str) -> Entity:
    found = [e for e in analysis.entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in analysis.entities]
    return found[0]


def source_of(analysis: Analysis, source_text: str) -> Source:
    sources = [a.source for a in analysis.attributions
               if a.source is not None and a.source.text == source_text]
    assert sources, [(a.source.text if a.source else None) for a in analysis.attributions]
    return sources[0]


def source_entity(analysis: Analysis, source_text: str) -> Entity | None:
    return analysis.entity(source_of(analysis, source_text).entity_id)


def unnamed_source(analysis: Analysis, source_text: str) -> bool:
    """Whether a source is there and linked to no entity (it names no one)."""
    return source_of(analysis, source_text).entity_id is None


def find(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


# -- names ------------------------------------------------------------------------------------

def test_surname_joins_the_person_named_in_full() -> None:
    a = analyze("Angela Merkel arrived in Paris on Tuesday. "
                "Merkel told reporters that the talks had gone well.")
    person = entity_named(a, "Angela Merkel")
    assert person.type == "PERSON"
    assert "Merkel" in person.aliases
    assert source_entity(a, "Merkel") == person


def test_surname_read_as_an_organisation_still_joins_the_person() -> None:
    text = ("Jens Stoltenberg spoke in Brussels. Stoltenberg claimed that the front had not "
            "moved. Later Stoltenberg insisted that the allies were united.")
    a = analyze(text)
    person = entity_named(a, "Jens Stoltenberg")
    assert person.type == "PERSON"
    said = [x for x in a.attributions if x.source and x.source.text == "Stoltenberg"]
    assert len(said) == 2 and all(x.source.entity_id == person.id for x in said)


def test_honorific_form_is_the_same_person_and_gives_gender() -> None:
    text = ("Karin Lindqvist, the finance minister, presented the budget. Ms Lindqvist said "
            "that taxes would not rise. Her deputy, Tom Berg, said nothing. She added that "
            "spending would fall.")
    a = analyze(text)
    person = entity_named(a, "Karin Lindqvist")
    assert source_entity(a, "Ms Lindqvist") == person
    assert source_entity(a, "She") == person


def test_titles_before_a_name_are_collected_on_the_person() -> None:
    text = ("German Chancellor Olaf Scholz said the plan was sound. "
            "The alliance's Secretary General Mark Rutte told reporters that it was not enough.")
    a = analyze(text)
    scholz = entity_named(a, "Olaf Scholz")
    rutte = entity_named(a, "Mark Rutte")
    assert scholz.titles == ("Chancellor",)
    assert rutte.titles == ("Secretary General",)
    assert source_entity(a, "The alliance's Secretary General Mark Rutte") == rutte
    # The title is not a name of the person.
    assert not any("Secretary" in alias for alias in rutte.aliases)


def test_spelling_variants_of_a_place_are_one_entity() -> None:
    text = "Troops left Kiev in March. By May, Kyiv was calm again, officials said."
    a = analyze(text)
    place = entity_named(a, "Kyiv")
    assert place.type == "GPE"
    assert {m.text for m in place.mentions} == {"Kiev", "Kyiv"}
    assert "Kiev" in place.aliases


def test_acronym_and_alias_table_join_an_organisation() -> None:
    index = index_of("The North Atlantic Treaty Organization met on Monday. "
                     "NATO ministers agreed to more aid.")
    orgs = [e for e in index.entities() if e.type == "ORG"]
    assert len(orgs) == 1
    assert {m.text for m in orgs[0].mentions} >= {"North Atlantic Treaty Organization", "NATO"}


def test_possessive_form_is_a_mention_without_the_s() -> None:
    text = "Poland's government said that Poland would build a fence."
    index = index_of(text)
    poland = [e for e in index.entities() if e.name == "Poland"]
    assert len(poland) == 1
    assert [m.text for m in poland[0].mentions] == ["Poland", "Poland"]


# -- descriptions --------------------------------------------------------------------------------

def test_titled_description_resolves_to_the_title_holder() -> None:
    text = ("NATO Secretary General Mark Rutte visited Vilnius on Monday. Later, the Secretary "
            "General of NATO told reporters that more air defence was coming. The NATO chief "
            "said the allies were united.")
    a = analyze(text)
    rutte = entity_named(a, "Mark Rutte")
    assert source_entity(a, "the Secretary General of NATO") == rutte
    assert source_entity(a, "The NATO chief") == rutte


def test_description_with_another_affiliation_is_someone_else() -> None:
    text = ("NATO Secretary General Mark Rutte visited Vilnius on Monday. "
            "The Secretary General of the United Nations said that the talks must go on.")
    a = analyze(text)
    # not Rutte, and no one the article names: a source with no entity
    assert unnamed_source(a, "The Secretary General of the United Nations")
    assert not any("Secretary General" in m.text for e in a.entities for m in e.mentions)
    assert entity_named(a, "United Nations").type == "ORG"


def test_appositive_name_beside_a_description_is_the_source() -> None:
    text = ("The commander of the army, General Anton Petrov, said that the city would hold.")
    a = analyze(text)
    petrov = entity_named(a, "Anton Petrov")
    assert source_entity(a, "The commander of the army, General Anton Petrov") == petrov
    assert "General" in petrov.titles


# -- pronouns ------------------------------------------------------------------------------------

def test_pronoun_after_a_quote_is_the_speaker() -> None:
    text = ("“We will not back down,” Prime Minister Keir Starmer told parliament. "
            "He added that the talks would continue.")
    a = analyze(text)
    starmer = entity_named(a, "Keir Starmer")
    assert "Prime Minister" in starmer.titles
    assert source_entity(a, "He") == starmer


def test_pronoun_prefers_the_last_speaker_of_its_gender() -> None:
    text = ("Angela Merkel met John Brown in Berlin. “It went well,” Brown said. "
            "“We agreed on a lot,” she said.")
    a = analyze(text)
    assert source_entity(a, "she") == entity_named(a, "Angela Merkel")
    assert source_entity(a, "Brown") == entity_named(a, "John Brown")


def test_they_refers_to_an_organisation_not_a_person() -> None:
    text = ("The World Health Organization warned that cases were rising. Jens Larsen, a "
            "doctor, was worried. They said vaccines remained effective.")
    a = analyze(text)
    who = source_entity(a, "They")
    assert who is not None and who.type == "ORG"
    assert who.name == "World Health Organization"


def test_it_refers_to_an_organisation() -> None:
    text = ("The Russian Defence Ministry said 40 drones were shot down. "
            "It claimed that no aircraft had been lost.")
    a = analyze(text)
    assert source_entity(a, "It") == source_entity(a, "The Russian Defence Ministry")


def test_pronoun_with_nothing_before_it_is_unresolved() -> None:
    text = "He said that the roads were closed."
    index = index_of(text)
    assert index.resolve(*find(text, "He")) is None


def test_he_makes_a_lone_name_read_as_organisation_a_person() -> None:
    text = ("Kowalski claimed that the front had not moved. He added that the allies were "
            "united.")
    a = analyze(text)
    speaker = source_entity(a, "Kowalski")
    assert speaker is not None and speaker.type == "PERSON"
    assert source_entity(a, "He") == speaker


# -- unnamed sources -----------------------------------------------------------------------------

def test_role_noun_phrases_are_sources_with_no_entity() -> None:
    text = ("A senior official said the talks had stalled. "
            "Western diplomats said that the deal was close.")
    a = analyze(text)
    assert unnamed_source(a, "A senior official")
    assert unnamed_source(a, "Western diplomats")
    assert a.entities == ()


@pytest.mark.parametrize("text, source_text", [
    ("Protest groups said that the march would go ahead.", "Protest groups"),
    ("Critics say the law was rushed through parliament.", "Critics"),
    ("The plan was rejected by some of the residents, who said it was too costly.", "who"),
    ("Officials at the port said that the cranes had stopped.", "Officials at the port"),
    ("According to the ministry, 40 drones were shot down.", "the ministry"),
])
def test_a_source_that_names_no_one_makes_no_entity(text: str, source_text: str) -> None:
    a = analyze(text)
    assert unnamed_source(a, source_text)
    assert a.entities == ()


def test_a_repeated_description_or_a_pronoun_for_an_unnamed_source_stays_unlinked() -> None:
    text = ("Anna Kowal opened the talks on Monday. A senior official told reporters that they "
            "had stalled. The official added that a deal was still possible. He said that the "
            "next round would be in May.")
    a = analyze(text)
    for source_text in ("A senior official", "The official", "He"):
        assert unnamed_source(a, source_text), source_text
    assert [e.name for e in a.entities] == ["Anna Kowal"]
    assert all(m.text == "Anna Kowal" for m in a.entities[0].mentions)
    # the later ones say which description they stand for
    official = source_of(a, "A senior official")
    assert official.refers_to is None
    for source_text in ("The official", "He"):
        assert source_of(a, source_text).refers_to == official.span, source_text


def test_a_pronoun_for_an_unnamed_group_refers_to_its_description() -> None:
    a = analyze("President Lula visited the region. Some of his aides said that the plan had "
                "failed. They added that he was angry.")
    they = source_of(a, "They")
    assert they.entity_id is None and they.refers_to == source_of(a, "Some of his aides").span
    a = analyze("The plan was rejected by some of the residents, who said it was too costly.")
    who = source_of(a, "who")
    assert who.entity_id is None and who.refers_to is not None
    assert who.refers_to.text.endswith("residents")


def test_definite_head_noun_refers_back_to_the_named_organisation() -> None:
    text = ("The Russian Defence Ministry said 40 drones were shot down. "
            "The ministry added that it had lost no aircraft.")
    a = analyze(text)
    ministry = source_entity(a, "The Russian Defence Ministry")
    assert ministry is not None and ministry.type == "ORG"
    assert source_entity(a, "The ministry") == ministry


def test_role_noun_beside_a_name_describes_that_name() -> None:
    text = ("Prices rose by 5 percent, according to a report by the Italian newspaper "
            "Corriere della Sera.")
    a = analyze(text)
    paper = source_entity(a, "the Italian newspaper Corriere della Sera")
    assert paper is not None and paper.name == "Corriere della Sera"
    assert paper.type == "ORG"


def test_partitive_source_is_the_group_and_names_no_one() -> None:
    text = ("President Lula visited the region. Some of his aides said that the plan had "
            "failed.")
    a = analyze(text)
    assert unnamed_source(a, "Some of his aides")
    assert [e.name for e in a.entities if e.type == "PERSON"] == ["Lula"]


@pytest.mark.parametrize("text, source_text, place", [
    ("Parents in Harlow Fields told the Gazette that the clinic had closed.",
     "Parents in Harlow Fields", "Harlow Fields"),
    ("Some in Ivre say scientists exaggerate.", "Some in Ivre", "Ivre"),
])
def test_a_place_a_group_is_in_is_not_the_source(text: str, source_text: str,
                                                  place: str) -> None:
    a = analyze(text)
    assert unnamed_source(a, source_text)
    # the place is still an entity, mentioned by its name only
    assert [m.text for e in a.entities for m in e.mentions if place in m.text] == [place]


@pytest.mark.parametrize("text", [
    "Aides said that the plan had failed.",
    "Talks stalled. Recently Media Reports. The ceasefire held.",
])
def test_capitalised_common_nouns_are_no_name(text: str) -> None:
    assert analyze(text).entities == ()


@pytest.mark.parametrize("text, name", [
    ("Leaders of the Republican party said that the vote was fair.", "Republican party"),
    ("The United Auto Workers said the strike would go on.", "United Auto Workers"),
    ("The Justice Department said it would appeal.", "Justice Department"),
])
def test_a_name_with_a_role_noun_in_it_is_still_a_name(text: str, name: str) -> None:
    assert entity_named(analyze(text), name).type == "ORG"


@pytest.mark.parametrize("text, source_text, name", [
    ("A senior Ostrin official said the talks had stalled. Ostrin is a small country.",
     "A senior Ostrin official", "Ostrin"),
    ("Donald Trump spoke in Ohio. A Trump aide said the rally was full.", "A Trump aide",
     "Donald Trump"),
    ("A NATO diplomat said the summit would go ahead.", "A NATO diplomat",
     "North Atlantic Treaty Organization"),
])
def test_a_name_in_front_of_a_persons_role_is_whom_the_role_belongs_to(
        text: str, source_text: str, name: str) -> None:
    a = analyze(text)
    assert unnamed_source(a, source_text)
    assert source_text not in {m.text for m in entity_named(a, name).mentions}


def test_a_campaign_is_not_its_candidate_nor_another_campaign() -> None:
    a = analyze("Hillary Clinton and Donald Trump debated on Monday. The Clinton campaign said "
                "the ad was false. The Trump campaign said that it was true. The campaign added "
                "that more ads would follow.")
    assert unnamed_source(a, "The Clinton campaign")
    trump_campaign = source_of(a, "The Trump campaign")
    assert trump_campaign.entity_id is None and trump_campaign.refers_to is None
    assert source_of(a, "The campaign").refers_to == trump_campaign.span


def test_a_name_in_front_of_an_organisations_role_is_that_organisation() -> None:
    a = analyze("The Nordwind airline said it had cancelled 200 flights.")
    assert source_entity(a, "The Nordwind airline") == entity_named(a, "Nordwind")


def test_a_spokesman_for_a_person_is_not_that_person() -> None:
    a = analyze("Joe Biden met the press. A spokesman for President Biden said the trip was off.")
    assert unnamed_source(a, "A spokesman for President Biden")
    a = analyze("Lawyers for both Donald and Ivana Trump said the deal was fair.")
    assert unnamed_source(a, "Lawyers for both Donald and Ivana Trump")


# -- types -------------------------------------------------------------------------------------

def test_a_country_that_speaks_stays_a_place_and_a_building_becomes_an_institution() -> None:
    text = "Russia said that the talks had failed. The Kremlin said it would respond."
    a = analyze(text)
    assert source_entity(a, "Russia").type == "GPE"
    assert source_entity(a, "The Kremlin").type == "ORG"


@pytest.mark.parametrize("text, source_text", [
    ("The airline, Nordwind, said it had cancelled 200 flights. Nordwind later said the "
     "strike was over.", "The airline, Nordwind"),
    ("Nordwind, the airline, said it had cancelled 200 flights.", "Nordwind, the airline"),
])
def test_a_role_noun_in_apposition_gives_the_name_its_type(text: str, source_text: str) -> None:
    a = analyze(text)
    nordwind = source_entity(a, source_text)
    assert nordwind is not None and nordwind.name == "Nordwind" and nordwind.type == "ORG"
    assert [e.name for e in a.entities if e.name == "Nordwind"] == ["Nordwind"]


def test_an_office_named_with_its_of_phrase_refers_back_to_its_holder() -> None:
    text = ("Angela Brandt, the chancellor's chief of staff, said the talks would resume. "
            "The chief of staff added that \"no deadline\" had been set.")
    a = analyze(text)
    brandt = entity_named(a, "Angela Brandt")
    assert source_entity(a, "The chief of staff") == brandt
    text = ("Secretary of State Ruth Alvarez said the embassy would reopen. The secretary of "
            "state added that staff were safe.")
    a = analyze(text)
    assert source_entity(a, "The secretary of state") == entity_named(a, "Ruth Alvarez")


def test_a_name_after_of_is_what_the_speaker_belongs_to_not_the_speaker() -> None:
    text = "The mayor of Gdansk told the council that the tram line would open in June."
    a = analyze(text)
    # the mayor is not named: no entity, and not Gdansk either
    assert unnamed_source(a, "The mayor of Gdansk")
    gdansk = entity_named(a, "Gdansk")
    assert [m.text for m in gdansk.mentions] == ["Gdansk"]
    # a person set beside the described role is still the speaker
    a = analyze("The governor of Texas, Greg Abbott, said the border was closed.")
    assert source_entity(a, "The governor of Texas, Greg Abbott").name == "Greg Abbott"


def test_speaking_location_becomes_an_organisation() -> None:
    text = "Fighting continued near the coast. Silicon Valley said that it was worried."
    index = index_of(text)
    start, end = find(text, "Silicon Valley")
    entity_id = index.resolve(start, end)
    assert entity_id is not None
    before = next(e for e in index.entities() if e.id == entity_id).type
    index.add_mention(entity_id, Span.of(text, start, end), speaker=True)
    after = next(e for e in index.entities() if e.id == entity_id).type
    assert before == "LOC" and after == "ORG"


# -- the contract --------------------------------------------------------------------------------

ARTICLE = ("Defence Minister Anna Kowal said on Friday that the border was secure. "
           "Kowal told the Warsaw daily Rzeczpospolita that she expected more attacks. "
           "“We are ready,” she said. The ministry said 12 drones were shot down over Lublin, "
           "according to Reuters. Polish officials said they were alarmed.")


def test_ids_follow_first_mentions_and_spans_are_exact() -> None:
    a = analyze(ARTICLE)
    a.check_spans()
    firsts = [min(m.start for m in e.mentions) for e in a.entities]
    assert firsts == sorted(firsts)
    assert [e.id for e in a.entities] == [f"E{n}" for n in range(1, len(a.entities) + 1)]
    for e in a.entities:
        assert list(e.mentions) == sorted(set(e.mentions), key=lambda m: (m.start, m.end))
    ids = {e.id for e in a.entities}
    assert all(x.source.entity_id in ids for x in a.attributions
               if x.source and x.source.entity_id)


def test_output_is_deterministic() -> None:
    assert analyze(ARTICLE).to_json() == analyze(ARTICLE).to_json()


def test_every_statement_of_one_person_is_under_one_entity() -> None:
    a = analyze(ARTICLE)
    kowal = entity_named(a, "Anna Kowal")
    assert kowal.titles == ("Defence Minister",)
    for source_text in ("Defence Minister Anna Kowal", "Kowal", "she"):
        assert source_entity(a, source_text) == kowal
    assert source_entity(a, "Reuters").type == "ORG"
    assert unnamed_source(a, "Polish officials")
    assert {e.name for e in a.entities} >= {"Anna Kowal", "Reuters"}
    assert not any("official" in e.name or "ministry" in e.name.lower() for e in a.entities)


@pytest.mark.parametrize("phrase", ["the spokesperson", "an aide", "analysts"])
def test_an_unseen_role_phrase_asked_about_is_an_unnamed_referent(phrase: str) -> None:
    text = f"Yesterday {phrase} were quoted. Nothing else happened."
    index = index_of(text)
    referent = index.resolve(*find(text, phrase))
    assert index.is_unnamed(referent)
    assert index.entities() == ()


def test_example_article_sources(seed_text: str) -> None:
    a = analyze(seed_text)
    a.check_spans()
    stoltenberg = entity_named(a, "Jens Stoltenberg")
    assert stoltenberg.type == "PERSON"
    for source_text in ("Jens Stoltenberg", "Stoltenberg", "the Secretary General of NATO",
                        "the Secretary-General", "he", "He"):
        assert source_entity(a, source_text) == stoltenberg, source_text
    for source_text, name in (("the Russian Defense Ministry", None),
                              ("the French newspaper Le Monde", "Le Monde"),
                              ("Reuters", "Reuters")):
        entity = source_entity(a, source_text)
        assert entity is not None and entity.type == "ORG"
        if name:
            assert entity.name == name
    kyiv = [e for e in a.entities if "Kyiv" in {m.text for m in e.mentions}]
    assert len(kyiv) == 1 and kyiv[0].type == "GPE"
    # descriptions that name no one are sources without an entity, and no entity at all
    for source_text in ("Western officials", "some of his aides"):
        assert unnamed_source(a, source_text), source_text
    names = {e.name for e in a.entities}
    assert not names & {"Western officials", "his aides", "US-led bloc", "Media Reports"}


def test_a_counted_crowd_is_a_figure_but_two_officials_are_a_source() -> None:
    text = ("About 5,000 soldiers said nothing. Two officials said that the border was "
            "closed.")
    a = analyze(text)
    assert unnamed_source(a, "Two officials")
    assert not any(x.source and "soldiers" in x.source.text for x in a.attributions)


def test_middle_initial_is_optional_in_a_name() -> None:
    index = index_of("John F. Kerry landed in Paris. John Kerry then met the press.")
    people = [e for e in index.entities() if e.type == "PERSON"]
    assert len(people) == 1
    assert people[0].name == "John F. Kerry"


def test_name_with_a_particle_is_one_person_with_its_short_form() -> None:
    text = ("Mayor Bill de Blasio visited the site. De Blasio said that the city was safe.")
    a = analyze(text)
    mayor = entity_named(a, "Bill de Blasio")
    assert source_entity(a, "De Blasio") == mayor
    assert mayor.type == "PERSON" and "Mayor" in mayor.titles


def test_new_subject_of_the_same_gender_takes_over_from_the_last_speaker() -> None:
    text = ("“The plan is sound,” said Mark Evans, an economist. Later, Peter Novak "
            "presented a rival plan. He said that taxes would fall.")
    a = analyze(text)
    assert source_entity(a, "He") == entity_named(a, "Peter Novak")


def test_description_with_a_lower_case_title_finds_the_nominee() -> None:
    text = ("Republican presidential nominee Donald Trump spoke in Ohio. "
            "The Republican presidential nominee said that the economy was weak.")
    a = analyze(text)
    trump = entity_named(a, "Donald Trump")
    assert "presidential nominee" in trump.titles
    assert source_entity(a, "The Republican presidential nominee") == trump


def test_relative_pronoun_source_is_the_noun_it_follows() -> None:
    text = ("The plan was criticised by Maria Lopez, a senator from Texas, who said that it "
            "was flawed.")
    index = index_of(text)
    lopez = next(e for e in index.entities() if e.name == "Maria Lopez")
    assert index.resolve(*find(text, "who")) == lopez.id


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(ARTICLE)),
       st.integers(min_value=0, max_value=40))
def test_resolving_any_span_is_safe(start: int, length: int) -> None:
    index = _article_index()
    end = min(len(ARTICLE), start + length)
    entity_id = index.resolve(start, end)
    entities = index.entities()
    if entity_id is not None:
        assert entity_id in {e.id for e in entities} or index.is_unnamed(entity_id)
        index.add_mention(entity_id, Span.of(ARTICLE, start, end))
    for e in index.entities():
        assert all(ARTICLE[m.start:m.end] == m.text for m in e.mentions)


@functools.cache
def _article_index() -> EntityIndex:
    return index_of(ARTICLE)


def test_a_variant_of_a_listed_name_takes_the_table_name() -> None:
    index = index_of("General Valery Zalozhny said that the front had frozen.")
    general = next(e for e in index.entities() if e.type == "PERSON")
    assert general.name == "Valerii Zaluzhnyi"
    assert "Valery Zalozhny" in general.aliases
    assert general.titles == ("General",)


def test_a_lone_surname_of_a_listed_person_takes_the_table_name() -> None:
    index = index_of("Later Zelensky said the war would go on.")
    person = next(e for e in index.entities() if e.type == "PERSON")
    assert person.name == "Volodymyr Zelensky"
    assert person.aliases == ("Zelensky",)


def test_a_possessors_staff_is_not_the_possessor() -> None:
    from reportedly import analyze
    analysis = analyze("Bernie Sanders spoke in Ohio. Sanders's campaign manager said the race "
                       "was close.")
    sanders = next(e for e in analysis.entities if e.name == "Bernie Sanders")
    manager = next(a for a in analysis.attributions if a.source and "manager" in a.source.text)
    assert manager.source.entity_id != sanders.id


# -- build stages, one at a time ------------------------------------------------------------------

def table_after(text: str, stages: tuple[BuildStage, ...]) -> ClusterTable:
    table = ClusterTable(Parsed(text, load_nlp()(text)))
    for stage in stages:
        stage(table)
    return table


def test_the_build_stages_run_in_the_documented_order() -> None:
    names = [stage.__name__ for stage in BUILD_STAGES]
    assert names == ["add_named_entities", "find_known_names", "find_titled_names",
                     "join_abbreviations", "find_repeats", "merge_surnames", "bracketed_titles",
                     "add_descriptions", "find_repeats", "join_name_variants",
                     "genders_from_first_names", "learn_genders", "number"]


def test_the_stages_build_what_the_index_holds() -> None:
    text = ("NATO Secretary General Jens Stoltenberg said on Monday that the alliance would "
            "act. Stoltenberg added that a senior official had agreed.")
    table = table_after(text, BUILD_STAGES)
    index = index_of(text)
    assert [(c.names, c.id, sorted(c.mentions)) for c in table.clusters] == \
        [(c.names, c.id, sorted(c.mentions)) for c in index.table.clusters]


def test_merging_surnames_joins_a_surname_written_first_to_the_full_name() -> None:
    text = "Kowalczyk arrived late. Then Marta Kowalczyk said that the talks had failed."
    before = table_after(text, (add_named_entities,))
    after = table_after(text, (add_named_entities, merge_surnames))
    lone = [c for c in before.clusters if c.names == ["Kowalczyk"] and c.mentions]
    assert lone, [c.names for c in before.clusters]
    holders = [c for c in after.clusters if c.mentions and
               any(text[s:e] == "Kowalczyk" for s, e in c.mentions)]
    assert len(holders) == 1 and "Marta Kowalczyk" in holders[0].names


def test_learning_genders_reads_a_lone_he_after_one_person() -> None:
    text = "Marek Nowicki arrived in Warsaw on Monday. He said that the talks had failed."
    without = table_after(text, (add_named_entities,))
    learnt = table_after(text, (add_named_entities, learn_genders))
    person = next(c for c in learnt.clusters if "Marek Nowicki" in c.names)
    assert next(c for c in without.clusters if "Marek Nowicki" in c.names).gender is None
    assert person.gender == antecedent_pronouns()["he"][0]


def test_numbering_follows_first_mentions_and_keeps_unnamed_referents_apart() -> None:
    text = ("A senior official said the plan was dead. Later Anna Berg of the ministry said "
            "that Oslo had agreed.")
    table = table_after(text, BUILD_STAGES)
    live = sorted((c for c in table.clusters if c.mentions), key=lambda c: c.first)
    for prefix in ("E", "U"):
        ids = [c.id for c in live if c.id.startswith(prefix)]
        assert ids == [f"{prefix}{n}" for n in range(1, len(ids) + 1)]
    assert all(c.id.startswith("U") == c.unnamed for c in live)
    assert any(c.unnamed for c in live) and any(not c.unnamed for c in live)


def test_the_pronoun_subsets_come_from_one_table() -> None:
    personal = pronoun_set("personal")
    # "they" and "them" fall back to the last speaker, though the index reads them as a group
    assert {"they", "them"} <= personal
    assert personal <= set(antecedent_pronouns())
    assert {antecedent_pronouns()[p][1] for p in personal} == {"person", "group"}
    # a relative pronoun is resolved through the noun it follows, never to an antecedent
    assert pronoun_set("relative") and not pronoun_set("relative") & set(antecedent_pronouns())
    assert personal | pronoun_set("relative") <= pronoun_set("nameless")
    with pytest.raises(ValueError, match="no set"):
        pronoun_set("possessive")  # type: ignore[arg-type]


# -- speaker linking ------------------------------------------------------------------------------

SPOKE = "Jens Stoltenberg warned on Monday that the alliance would stand firm."
BARE_QUOTE = "“The door stays open to every nation that wants to join us.”"


def linked_rules(text: str, *, drafted_direct: bool | None = None) -> tuple[Attribution, ...]:
    """The rules' attributions of ``text`` linked to speakers; ``drafted_direct`` overrides the
    flags the extractor gives."""
    parsed = Parsed(text, load_nlp()(text))
    unlinked, flags = extract_attributions(parsed, None)
    if drafted_direct is not None:
        flags = [drafted_direct] * len(flags)
    return link_speakers(extract_entities(parsed), unlinked, flags)


def test_a_bare_direct_quote_continues_the_last_speaker_without_the_cue_in_a_new_paragraph(
        ) -> None:
    speaker, quote = linked_rules(f"{SPOKE}\n\n{BARE_QUOTE}")
    assert speaker.source is not None and speaker.source.entity_id is not None
    assert quote.source == speaker.source
    assert quote.cue is None and quote.stance is None


def test_a_bare_direct_quote_in_the_speakers_paragraph_takes_the_cue_and_its_stance() -> None:
    speaker, quote = linked_rules(f"{SPOKE} Then he left the room. {BARE_QUOTE}")
    assert quote.source == speaker.source
    assert quote.cue == speaker.cue and quote.stance == speaker.stance is not None


def test_only_a_quote_drafted_as_direct_continues_the_last_speaker() -> None:
    _, quote = linked_rules(f"{SPOKE}\n\n{BARE_QUOTE}", drafted_direct=False)
    assert quote.source is None


def test_a_bare_quote_far_from_the_last_speaker_is_left_unattributed() -> None:
    filler = "\n\n".join(["The weather in Brussels was cold."] * 3)
    *_, quote = linked_rules(f"{SPOKE}\n\n{filler}\n\n{BARE_QUOTE}")
    assert quote.content.text == BARE_QUOTE and quote.source is None


def test_linking_leaves_the_extracted_attributions_as_they_were_apart_from_speakers() -> None:
    text = f"{SPOKE}\n\n{BARE_QUOTE}"
    parsed = Parsed(text, load_nlp()(text))
    unlinked, flags = extract_attributions(parsed, None)
    linked = link_speakers(extract_entities(parsed), unlinked, flags)
    assert [replace(a, source=None, cue=None, stance=None) for a in linked] == \
        [replace(a, source=None, cue=None, stance=None) for a in unlinked]
    assert all(a.source is None or a.source.entity_id is None for a in unlinked)
