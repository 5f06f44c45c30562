"""Scoring attributions against BRAT gold in the PolNeAR layout.

Gold: ``GOLD_DIR/SPLIT/text/NAME.txt`` and ``GOLD_DIR/SPLIT/attributions/NAME_ANNOTATOR.ann``;
per article the first annotator file in sorted name order is used (read by
:mod:`reportedly.brat`). An attribution is an ``E`` line's ``Content``, ``Source`` and ``Cue``
(a repeated role is numbered: ``Content2`` is more of the content); one without a content is
not scored.

The scorer compares sets of character offsets with whitespace left out. A prediction matches a
gold content at threshold t when it covers at least t of the gold characters and at least half
of its own characters lie inside the gold span; ``exact`` asks for equal sets once leading and
trailing quote marks, commas and periods are also left out. Matching is one-to-one per article,
greedily by overlap. Precision, recall and F1 are micro-averaged over articles.

One module per concern, in the order the data goes: ``gold`` (reading the split), ``run``
(the pipeline over it), ``matching`` (contents matched, the scores), ``errors`` (what went
unmatched, and a sample), ``lexicon`` (the reporting-verb lexicon's coverage of the gold cues),
``report`` (the JSON object and the text a person reads).
"""

from reportedly.evaluate.attributions.gold import check_layout, load_gold
from reportedly.evaluate.attributions.report import format_text, report
from reportedly.evaluate.attributions.run import evaluate

__all__ = ["check_layout", "evaluate", "format_text", "load_gold", "report"]
