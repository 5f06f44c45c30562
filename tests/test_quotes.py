"""Single quotation marks as quotes, told apart from apostrophes (sentences written for these
tests)."""

from __future__ import annotations

import pytest

from reportedly import analyze
from reportedly.model import Attribution
from reportedly.quotes import NEVER_CLOSED, find_quotes


def quoted(text: str) -> list[str]:
    quotes, _ = find_quotes(text)
    return [text[q.start:q.end] for q in quotes]


def attributions(text: str) -> list[Attribution]:
    analysis = analyze(text)
    analysis.check_spans()
    return list(analysis.attributions)


@pytest.mark.parametrize("text", [
    "The minister told the council: 'We cannot wait any longer.'",
    "The minister told the council: ‘We cannot wait any longer.’",
])
def test_a_british_direct_quote_after_a_colon(text: str) -> None:
    assert quoted(text) == [text[text.index("We") - 1:]]
    [a] = attributions(text)
    assert (a.type, a.source.text, a.cue.text) == ("direct", "The minister", "told")
    assert a.content.text == text[text.index("We") - 1:]


def test_a_british_quote_split_by_its_cue_is_one_statement() -> None:
    text = "'We will not close the hospital,' the health secretary said. 'It stays open.'"
    assert quoted(text) == ["'We will not close the hospital,'", "'It stays open.'"]
    [a] = attributions(text)
    assert (a.type, a.source.text, a.cue.text) == ("direct", "the health secretary", "said")
    assert a.content.text.endswith("'It stays open.'")


def test_a_cue_after_a_curly_single_quote() -> None:
    text = "‘The bridge is safe,’ said Mara Quell, the county engineer."
    [a] = attributions(text)
    assert a.type == "direct" and a.content.text == "‘The bridge is safe,’"
    assert a.source.text.startswith("Mara Quell")


def test_a_partial_quote_in_single_marks() -> None:
    text = "The headteacher called the inspection 'a complete shambles' on Friday."
    assert quoted(text) == ["'a complete shambles'"]
    a = next(a for a in attributions(text) if a.cue and a.cue.text == "called")
    assert a.type in ("mixed", "partial") and "'a complete shambles'" in a.content.text
    assert a.source.text == "The headteacher"


def test_a_single_quote_nested_in_a_double_one_stays_inside_it() -> None:
    text = "“When the soldiers came they shouted ‘get out’ and we ran,” the farmer said."
    assert quoted(text) == [text[:text.index(" the farmer")]]
    [a] = attributions(text)
    assert (a.type, a.source.text) == ("direct", "the farmer")
    assert "‘get out’" in a.content.text


def test_straight_single_quotes_nested_in_doubled_apostrophes() -> None:
    text = "''He told me, 'Not today.' Then he left,'' the aide recalled."
    assert quoted(text) == ["''He told me, 'Not today.' Then he left,''"]


def test_a_double_quote_nested_in_a_single_one_stays_inside_it() -> None:
    text = "'The crowd kept shouting \"out\" at us,' the driver said."
    assert quoted(text) == ["'The crowd kept shouting \"out\" at us,'"]
    [a] = attributions(text)
    assert (a.type, a.source.text) == ("direct", "the driver")


@pytest.mark.parametrize("text", [
    "The council won't say why the library doesn't open on Sundays.",
    "Back in the '90s the club played rock 'n' roll until two o'clock.",
    "In the ’90s the band played rock ’n’ roll for the class of '98.",
    "Jones' car was parked outside the students' union all night.",
    "The workers' canteen closed, and the drivers' 'rest room' is next.",
    "Nobody asked the Smiths' neighbours. 'Tis the season, said the sign.",
])
def test_apostrophes_open_no_quote(text: str) -> None:
    quotes, strays = find_quotes(text)
    expected = ["'rest room'"] if "rest room" in text else []
    assert [text[q.start:q.end] for q in quotes] == expected and strays == []


def test_a_plural_possessive_right_before_a_real_quote() -> None:
    text = "The residents' association said: 'Nobody asked us about the new road.'"
    assert quoted(text) == ["'Nobody asked us about the new road.'"]
    [a] = attributions(text)
    assert a.type == "direct" and a.source.text == "The residents' association"


def test_a_plural_possessive_inside_a_quote_does_not_close_it() -> None:
    text = "She called the cut 'a raid on the pensioners' savings' and left."
    assert quoted(text) == ["'a raid on the pensioners' savings'"]
    text = "'Nobody listens to the nurses' concerns,' the ward sister said."
    assert quoted(text) == ["'Nobody listens to the nurses' concerns,'"]


def test_a_plural_possessive_can_end_a_partial_quote() -> None:
    text = "He called them 'a gift to the landlords' and said 'no more' to the plan."
    assert quoted(text) == ["'a gift to the landlords'", "'no more'"]


def test_a_single_quote_across_paragraphs() -> None:
    text = ("'We have waited three years for this,' said the union leader, Petra Vann. "
            "'Our members are tired.\n\n'They will not accept another delay.'\n\n"
            "The talks resume on Monday.")
    quotes, strays = find_quotes(text)
    assert strays == []
    second = quotes[1]
    assert text[second.start:second.end] == ("'Our members are tired.\n\n"
                                              "'They will not accept another delay.'")
    assert second.paragraphs == 2 and second.balanced
    a = next(a for a in attributions(text) if a.source is not None)
    assert a.source.text.endswith("Petra Vann")
    assert a.content.text.endswith("another delay.'")


def test_an_unclosed_single_quote_is_flagged() -> None:
    text = ("'It will not be easy,' the coach said. He added: 'We have a long road ahead.\n\n"
            "The season starts in May.")
    quotes, strays = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes] == ["'It will not be easy,'",
                                                     "'We have a long road ahead."]
    assert not quotes[1].balanced
    assert [(s.offset, s.reason) for s in strays] == [(text.index("'We"), NEVER_CLOSED)]
    assert any(d.kind == "unbalanced_quote" for d in analyze(text).diagnostics)


def test_a_double_quote_document_keeps_straight_singles_only_nested() -> None:
    text = ('"The count is final," the clerk said. "Nobody will change it now."\n\n'
            "The candidates' agents left at nine, and the 'victory party' began.")
    assert quoted(text) == ['"The count is final,"', '"Nobody will change it now."']


def test_a_curly_single_quote_in_a_headline_of_a_double_quote_document() -> None:
    text = ("Mayor: ‘No Cuts This Year’\n\n"
            '"The budget holds," the mayor said. "We checked it twice."')
    assert quoted(text) == ["‘No Cuts This Year’", '"The budget holds,"',
                            '"We checked it twice."']


@pytest.mark.parametrize("text", [
    "'", "''", "' '", "‘’", "'a", "a'", "''' '''", "‘’’‘", "x ' y ' z", "'\n\n'", "':'",
    "He said: '", "'\n\n'a\n\n'b", "“‘”’", "'“a'”", "rock 'n'",
])
def test_any_arrangement_of_marks_is_paired_or_flagged_without_failing(text: str) -> None:
    quotes, strays = find_quotes(text)
    for q in quotes:
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)
    for s in strays:
        assert text[s.offset] == s.mark


@pytest.mark.parametrize(("opening", "one_quote"), [("\"", False), ("“", True)])
def test_a_paragraph_reopens_a_running_quote_only_with_the_same_kind_of_mark(
        opening: str, one_quote: bool) -> None:
    # An excerpt opens each paragraph with a straight mark and never closes it; a curly mark
    # after it opens the next quote instead of carrying the excerpt on.
    text = (f"From the Post:\n\n{opening}The senator left the hall early.\n\n"
            "“We will be back,” she said.")
    last = text.index("“We")
    found = quoted(text)
    if one_quote:
        assert found == [text[text.index(opening, 10):text.index("”") + 1]]
    else:
        assert found == [text[text.index(opening, 10):text.index("early.") + 6],
                         text[last:text.index("”") + 1]]


def test_an_article_pairs_its_quotes_once_and_keeps_them_across_processes() -> None:
    import pickle

    from reportedly.document import Parsed
    from reportedly.nlp import load_nlp

    text = "“We will win,” she said. He called it “a farce. ¶ And a bad one"
    parsed = Parsed(text, load_nlp()(text))
    quotes, strays = find_quotes(text)
    assert parsed.quotes == tuple(quotes) and parsed.stray_marks == tuple(strays)
    assert parsed.quotes is parsed.quotes  # paired once, then read
    copy = pickle.loads(pickle.dumps(parsed))
    assert copy.quotes == parsed.quotes and copy.stray_marks == parsed.stray_marks
