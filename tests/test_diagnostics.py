"""Machine-translation and punctuation damage: each sign flagged with its span, and the
analysis copy repaired without moving any offset."""

from __future__ import annotations

from reportedly import analyze
from reportedly.nlp import load_nlp
from reportedly.quotes import find_quotes
from reportedly.repair import prepare


def kinds(text: str) -> dict[str, list[str]]:
    analysis = analyze(text)
    analysis.check_spans()
    found: dict[str, list[str]] = {}
    for d in analysis.diagnostics:
        found.setdefault(d.kind, []).append(d.span.text)
    return found


def test_capitalised_word_after_closing_quote_is_flagged_and_repaired() -> None:
    text = "The envoy called the talks “Useful” In their tone and scope."
    copy, repairs = prepare(text)
    assert len(copy) == len(text)
    assert copy[copy.index("in their"):].startswith("in their")
    assert [r.span.text for r in repairs] == ["In"] and repairs[0].repair == "in"
    assert kinds(text)["mt_capitalised_after_quote"] == ["In"]


def test_name_after_quote_is_not_lowered() -> None:
    copy, repairs = prepare("She praised the “heroic” Mariupol defenders.")
    assert "Mariupol" in copy and not repairs


def test_quote_ending_a_sentence_is_not_flagged() -> None:
    _, repairs = prepare("He said “enough.” The meeting ended.")
    assert not repairs


def test_unbalanced_quote_is_flagged() -> None:
    assert "unbalanced_quote" in kinds("The mayor said “we will rebuild and left the room.")


def test_sentence_fragment_is_flagged() -> None:
    text = "The council approved the budget on Monday. Funds for schools next spring."
    assert kinds(text)["sentence_fragment"] == ["Funds for schools next spring."]


def test_whole_sentences_are_not_fragments() -> None:
    assert "sentence_fragment" not in kinds("The council approved the budget. It was late.")


def test_detached_cue_before_quote() -> None:
    text = "The minister added. “Our reserves will last the winter.”"
    assert kinds(text)["detached_cue"] == ["The minister added."]


def test_word_coordinated_with_itself() -> None:
    assert kinds("It was a long and long negotiation.")["mt_repeated_word"] == [
        "long and long"]


def test_quote_pairing_reports_strays() -> None:
    quotes, strays = find_quotes("A “b “c d” e")
    assert len(quotes) == 1 and [s.offset for s in strays] == [5]


def test_headings_on_their_own_line_are_not_fragments() -> None:
    text = ("Budget Talks Stall in the Capital.\n\nThe council met on Monday. It adjourned early."
            "\n\nSchools and Roads.\n\nThe roads plan was shelved.")
    assert "sentence_fragment" not in kinds(text)


def test_a_single_mark_opening_a_quote_a_double_one_closes_is_paired_and_flagged() -> None:
    text = "The nurse warned that beds were short. She said 'the next week decides\"."
    quotes, strays = find_quotes(text)
    opened = text.index("'the")
    assert [(q.start, q.end) for q in quotes] == [(opened, text.index('"') + 1)]
    assert [s.reason for s in strays] == ["closing double quotation mark after an opening "
                                          "single one"]
    assert kinds(text)["unbalanced_quote"] == ['"']
    analysis = analyze(text)
    said = [a for a in analysis.attributions if a.cue and a.cue.text == "said"]
    assert said and said[0].source.text == "She"
    assert said[0].content.text.startswith("'the next week")
    # the earlier sentence keeps its own attribution instead of being swallowed by the quote
    assert any(a.cue and a.cue.text == "warned" for a in analysis.attributions)


def test_an_apostrophe_is_no_single_opening_mark() -> None:
    # the plural possessive closes nothing it opened; the closing mark opens at the start
    text = "Nobody knows what the workers' union wants,\" the clerk said."
    quotes, _ = find_quotes(text)
    assert [(q.start, q.end) for q in quotes] == [(0, text.index('"') + 1)]
    text = "Rock 'n' roll is back,\" the promoter said."
    quotes, _ = find_quotes(text)
    assert [(q.start, q.end) for q in quotes] == [(0, text.index('"') + 1)]


def test_mojibake_is_flagged_with_what_it_stood_for_and_left_as_written() -> None:
    text = ("The mayor of Ciudad JuÃ¡rez, Ana RaÃol, said itâ€™s time to act. "
            "Cafés in Zürich and SÃO PAULO stayed open.")
    analysis = analyze(text)
    analysis.check_spans()
    damage = [d for d in analysis.diagnostics if d.kind == "encoding_damage"]
    assert [d.span.text for d in damage] == ["JuÃ¡rez", "RaÃol", "itâ€™s"]
    assert "'Juárez'" in damage[0].message and "'it’s'" in damage[2].message
    assert "cannot be read back" in damage[1].message  # a byte after the Ã is lost
    assert all(d.repair is None for d in damage)
    assert analysis.text == text


def test_doubled_straight_marks_are_read_as_curly_quotes() -> None:
    text = "''The plan is dead,'' the mayor said. ''We start again.'' The rock''n''roll band left."
    copy, repairs = prepare(text)
    assert len(copy) == len(text) and repairs == []
    assert copy.startswith("“ The plan is dead, ” the mayor said. “ We start again. ” The")
    assert "rock''n''roll" in copy  # between letters: no quotation mark
    # The parser then opens the second quote's sentence at its mark, not after it.
    doc = load_nlp()(copy)
    second = next(s for s in doc.sents if "We start" in s.text)
    assert second.start_char == copy.index("“ We")
