"""The article's headline credited after a dash is one attribution, with no cue; a related
headline of the same form further down is furniture."""

from __future__ import annotations

from reportedly import analyze

TEXT = """Latvia, Poland close to deal on joint rail freight — minister

RIGA, May 4. Latvia and Poland may sign a rail freight agreement by the summer, Transport \
Minister Edgars Liepa told reporters on Monday.

Other Topics of Interest
Estonian ports expect record grain transit — agency
"""


def test_dash_headline_is_credited_to_the_words_after_the_dash() -> None:
    analysis = analyze(TEXT)
    analysis.check_spans()
    heads = [a for a in analysis.attributions if a.content.start < TEXT.index("\n")]
    assert [(a.content.text, a.source.text if a.source else None, a.cue) for a in heads] == \
        [("Latvia, Poland close to deal on joint rail freight", "minister", None)]
    assert not any("grain transit" in a.content.text for a in analysis.attributions)


def test_a_headline_with_a_dash_inside_is_not_credited() -> None:
    text = "Grain exports – a record year for the ports of the Baltic states\n\nBody text.\n"
    analysis = analyze(text)
    assert not [a for a in analysis.attributions if a.content.start < text.index("\n")]
