"""The reporting-verb lexicon under its former path: see :mod:`reportedly.reporting_verbs`."""

from reportedly.reporting_verbs import (
    LEXICON,
    cue_prepositions,
    frame_mode,
    frame_modes,
    is_reporting_verb,
    reporting_verbs,
    stance_of,
    verb_kind,
)

__all__ = ["LEXICON", "cue_prepositions", "frame_mode", "frame_modes", "is_reporting_verb",
           "reporting_verbs", "stance_of", "verb_kind"]
