"""Claims credited backwards and twice: "A. That's according to X, Y reports." credits A to X,
and A through X to Y."""

from __future__ import annotations

from reportedly import analyze

from .agency_support import only_by_source

CLAIM = ("Exports of fertiliser through the northern ports fell by a third in the second quarter "
         "and most of the cargo was rerouted to the south")
TWICE = (f"RIGA, July 9 (Balticwire) - {CLAIM}. That's according to the Nordic Freight "
         "Monitor, the Daily Ledger reported on Wednesday.\n")
ONCE = (f"{CLAIM}. That's according to three port officials, who asked not to be named because "
        "the figures are not public.\n")
PASSIVE = (f"{CLAIM}. This was reported on Monday by the weekly Harbour Review, citing its "
           "sources.\n")
SAID_THIS = (f"{CLAIM}. Port director Andris Kalns said this at a briefing in Riga on Monday, "
             "Balticwire reports.\n")


def test_credited_backwards_and_twice() -> None:
    analysis = analyze(TWICE)
    inner = only_by_source(analysis, "the Nordic Freight Monitor")
    outer = only_by_source(analysis, "the Daily Ledger")
    assert inner.content.text == CLAIM  # the dateline is not the claim
    assert inner.cue is not None and inner.cue.text == "according to"
    assert inner.type == outer.type == "according_to"
    assert outer.content.text == CLAIM + ". That's according to the Nordic Freight Monitor"
    assert outer.cue is not None and outer.cue.text == "reported"
    assert not any(a.content.text in ("That's", "That's according to")
                   for a in analysis.attributions)


def test_credited_backwards_once_leaves_the_writers_relative_clause() -> None:
    inner = only_by_source(analyze(ONCE), "three port officials")
    assert inner.content.text == CLAIM


def test_this_was_reported_by() -> None:
    found = only_by_source(analyze(PASSIVE), "the weekly Harbour Review")
    assert found.content.text == CLAIM and found.cue is not None \
        and found.cue.text == "reported"


def test_said_this_then_reports() -> None:
    analysis = analyze(SAID_THIS)
    said = only_by_source(analysis, "Port director Andris Kalns")
    assert said.content.text == CLAIM and said.cue is not None and said.cue.text == "said"
    outer = only_by_source(analysis, "Balticwire")
    assert outer.content.start == said.content.start
    assert outer.content.text.endswith("at a briefing in Riga on Monday")
