"""A neural sequence tagger that marks the source, cue and content tokens of attributions.

Trained on gold attribution spans (``reportedly train``); the shipped model lives in
``reportedly/data/tagger/``. :func:`tag_article` gives labelled token runs that the attribution
extractor turns into its own drafts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Token

from reportedly.extract import Parsed
from reportedly.tagger.labels import segments
from reportedly.tagger.network import (
    LABEL_INDEX,
    Tagger,
    encode_article,
    from_bytes,
    meta_from_bytes,
    viterbi,
)

MODEL_NAME = "attributions.bin"
#: An environment variable naming another model file to tag with (one trained by
#: `reportedly train`): read in every process, so parallel workers tag with the same model.
MODEL_ENV = "REPORTEDLY_TAGGER_MODEL"


class TaggerModelMissingError(RuntimeError):
    """The tagger's model file is not where it should be, or is not a tagger model."""


@dataclass(frozen=True)
class TaggedRun:
    """A run of tokens the tagger gave one role: ``start``/``end`` are token indices into the
    parse (``end`` exclusive; space tokens inside are skipped, not counted out)."""

    role: str
    start: int
    end: int
    first_char: int
    end_char: int
    #: The mean probability the tagger gave the run's role over its tokens (1.0 when unknown).
    confidence: float = 1.0


def default_model_path() -> Path:
    return Path(str(resources.files("reportedly").joinpath("data", "tagger", MODEL_NAME)))


def _model_file(path: str | None) -> Path:
    """The model file at ``path``, else the one ``$REPORTEDLY_TAGGER_MODEL`` names, else the
    shipped one; a clear error when it is not there."""
    path = path or os.environ.get(MODEL_ENV) or None
    model = Path(path) if path else default_model_path()
    if not model.is_file():
        raise TaggerModelMissingError(
            f"the attribution tagger model is missing: {model} (train one with "
            "`reportedly train GOLD_DIR -o MODEL`, or reinstall reportedly)")
    return model


def load_tagger(path: str | None = None) -> Tagger:
    """Open the model once per process (the shipped one unless ``path`` or
    ``$REPORTEDLY_TAGGER_MODEL`` names another)."""
    return _load(_model_file(path))


@lru_cache(maxsize=4)
def _load(model: Path) -> Tagger:
    try:
        return from_bytes(model.read_bytes())
    except (ValueError, KeyError, TypeError) as exc:
        raise TaggerModelMissingError(f"{model} is not a usable tagger model: {exc}") from exc


def model_meta(path: str | None = None) -> dict[str, Any]:
    """What the model was trained with: settings, data size, and the ``lexicons`` fingerprint
    (:func:`reportedly.tagger.features.lexicon_fingerprint`) of the features it learned."""
    return meta_from_bytes(_model_file(path).read_bytes())


def tag_article(parsed: Parsed, model: str | None = None) -> list[TaggedRun]:
    """The labelled runs of the whole article, in text order."""
    tagger = load_tagger(model)
    paragraphs = encode_article(parsed)
    return runs_of([p.tokens for p in paragraphs], tagger.probabilities(paragraphs))


def runs_of(groups: list[list[Token]], probabilities: list[np.ndarray]) -> list[TaggedRun]:
    """The labelled runs of each paragraph's most probable label sequence."""
    runs = []
    for tokens, probs in zip(groups, probabilities, strict=True):
        for role, a, b in segments(viterbi(probs)):
            first, last = tokens[a], tokens[b - 1]
            roles = [LABEL_INDEX[f"B-{role}"], LABEL_INDEX[f"I-{role}"]]
            confidence = float(probs[a:b, roles].sum(axis=1).mean())
            runs.append(TaggedRun(role, first.i, last.i + 1, first.idx, last.idx + len(last),
                                  confidence))
    return runs
