"""A neural sequence tagger that marks the source, cue and content tokens of attributions.

Trained on gold attribution spans (``reportedly train``); the shipped model is the directory
``reportedly/data/tagger/``: the fine-tuned encoder as ONNX (``encoder.onnx``), the head
(``head.bin``) and the word-piece vocabulary (``vocab.txt``); the trained weights
(``attributions.bin``) it was exported from are read by export and tests only.
:func:`tag_article` gives labelled token runs; :func:`reportedly.analyze.build_analysis` runs it
and hands the runs to the attribution extractor, which turns them into its own drafts.
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

from reportedly.document import Parsed
from reportedly.tagger.labels import segments
from reportedly.tagger.network import (
    ENCODER_FILE,
    HEAD_FILE,
    LABEL_INDEX,
    VOCAB_FILE,
    Tagger,
    encode_article,
    head_from_bytes,
    load_directory,
    viterbi,
)
from reportedly.threads import current_threads

#: An environment variable naming another model directory to tag with (one written by
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
    return Path(str(resources.files("reportedly").joinpath("data", "tagger")))


def _model_dir(path: str | None) -> Path:
    """The model directory at ``path``, else the one ``$REPORTEDLY_TAGGER_MODEL`` names, else
    the shipped one; a clear error when it is not there."""
    path = path or os.environ.get(MODEL_ENV) or None
    model = Path(path) if path else default_model_path()
    if not model.exists():
        raise TaggerModelMissingError(
            f"the attribution tagger model is missing: {model} (train one with "
            "`reportedly train GOLD_DIR -o MODEL`, or reinstall reportedly)")
    lacking = [name for name in (HEAD_FILE, ENCODER_FILE, VOCAB_FILE)
               if not (model / name).is_file()]
    if lacking:
        raise TaggerModelMissingError(
            f"{model} is not a tagger model directory: it lacks {', '.join(lacking)} (a model "
            "is the directory `reportedly train GOLD_DIR -o MODEL` writes)")
    return model


def load_tagger(path: str | None = None) -> Tagger:
    """Open the model once per process and thread count (the shipped one unless ``path`` or
    ``$REPORTEDLY_TAGGER_MODEL`` names another), its encoder on the threads
    :func:`reportedly.threads.use_threads` set."""
    return _load(_model_dir(path), current_threads())


@lru_cache(maxsize=4)
def _load(model: Path, threads: int) -> Tagger:
    try:
        return load_directory(model, threads)
    except Exception as exc:  # a damaged file: ONNX Runtime raises its own error types
        raise TaggerModelMissingError(f"{model} is not a usable tagger model: {exc}") from exc


def model_meta(path: str | None = None) -> dict[str, Any]:
    """What the model was trained with: settings, data size, and the ``lexicons`` fingerprint
    (:func:`reportedly.tagger.features.lexicon_fingerprint`) of the features it learned."""
    model = _model_dir(path)
    try:
        return head_from_bytes((model / HEAD_FILE).read_bytes())[2]
    except (ValueError, KeyError, TypeError) as exc:
        raise TaggerModelMissingError(f"{model} is not a usable tagger model: {exc}") from exc


def tag_article(parsed: Parsed, model: str | None = None) -> list[TaggedRun]:
    """The labelled runs of the whole article, in text order."""
    tagger = load_tagger(model)
    paragraphs = encode_article(parsed, tagger.pieces)
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
