"""The attribution tagger's network: a BiLSTM over each paragraph's tokens that gives every
token a BIO label of source, cue or content.

A token is read through two inputs: the contextual vector the English pipeline's own tok2vec
already computed (``doc.tensor``), and a bag of sparse feature strings from the parse
(:mod:`reportedly.tagger.features`: lexicon kinds, the governing reporting verb, quotation
marks, position) embedded by hashing. Labels are decoded with Viterbi under the BIO
constraints (an ``I-`` only continues its own role). Built on thinc, spaCy's own machine
learning library, so training and tagging need nothing beyond spaCy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import srsly
from spacy.strings import get_string_id
from spacy.tokens import Token
from thinc.api import (
    LSTM,
    HashEmbed,
    Maxout,
    Model,
    Softmax,
    chain,
    with_array,
    with_padded,
)

from reportedly.extract import Parsed
from reportedly.tagger.features import article_features
from reportedly.tagger.labels import ROLES

LABELS: tuple[str, ...] = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
LABEL_INDEX = {label: i for i, label in enumerate(LABELS)}
#: The width of the pipeline's own token vectors (en_core_web_sm's tok2vec).
TENSOR_WIDTH = 96
FORMAT = "reportedly-attribution-tagger"
FORMAT_VERSION = 1

#: One paragraph as the network reads it: every token's feature hashes (flat), how many
#: belong to each token, and the tokens' pipeline vectors.
SequenceInput = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class NetworkConfig:
    # On a held-out part of PolNeAR train, one network: a hidden width of 384 scored 0.002
    # loose below 256 (at twice the time), dropout 0.35 moved loose +0.002 and strict -0.003.
    hash_rows: int = 65536
    feature_width: int = 64
    hidden_width: int = 256
    lstm_depth: int = 2
    dropout: float = 0.25
    hash_seed: int = 11
    #: Networks trained alike from different random seeds, whose label probabilities are
    #: averaged: steadier boundaries than any one of them.
    members: int = 2


def encode_article(parsed: Parsed) -> tuple[list[list[Token]], list[SequenceInput]]:
    """The paragraphs of an article (non-space tokens) and their network inputs."""
    tensor = parsed.doc.tensor
    if tensor is None or tensor.shape[0] != len(parsed.doc) or tensor.shape[1] != TENSOR_WIDTH:
        raise ValueError("the parse carries no token vectors from the pipeline's tok2vec")
    groups, inputs = [], []
    for tokens, feats in article_features(parsed):
        hashes = [np.fromiter((get_string_id(f) for f in row), dtype=np.uint64, count=len(row))
                  for row in feats]
        lengths = np.array([len(h) for h in hashes], dtype=np.int32)
        vectors = np.ascontiguousarray(tensor[[t.i for t in tokens]], dtype=np.float32)
        groups.append(tokens)
        inputs.append((np.concatenate(hashes), lengths, vectors))
    return groups, inputs


def _featurize(config: NetworkConfig) -> Model[list[SequenceInput], list[np.ndarray]]:
    """Each token's hashed features summed into one vector, beside its pipeline vector."""
    embed = HashEmbed(config.feature_width, config.hash_rows, seed=config.hash_seed)
    width = config.feature_width

    def forward(model: Model, seqs: list[SequenceInput], is_train: bool) -> tuple[Any, Any]:
        ids = np.concatenate([s[0] for s in seqs])
        lengths = np.concatenate([s[1] for s in seqs])
        rows, backprop_rows = embed(ids, is_train)
        bags = model.ops.reduce_sum(rows, lengths)
        out, start = [], 0
        for s in seqs:
            n = len(s[1])
            out.append(np.hstack([bags[start:start + n], s[2]]))
            start += n

        def backprop(d_out: list[np.ndarray]) -> list[SequenceInput]:
            d_bags = np.vstack([d[:, :width] for d in d_out])
            backprop_rows(model.ops.backprop_reduce_sum(d_bags, lengths))
            return seqs

        return out, backprop

    def init(model: Model, X: Any = None, Y: Any = None) -> None:
        embed.initialize()

    return Model("featurize", forward, init=init, layers=[embed],
                 dims={"nO": width + TENSOR_WIDTH})


def build_network(config: NetworkConfig) -> Model[list[SequenceInput], list[np.ndarray]]:
    """Inputs -> a probability for each label of each token."""
    hidden = config.hidden_width
    return chain(
        _featurize(config),
        with_array(Maxout(hidden, config.feature_width + TENSOR_WIDTH, nP=2,
                          dropout=config.dropout, normalize=True)),
        with_padded(LSTM(hidden, hidden, bi=True, depth=config.lstm_depth,
                         dropout=config.dropout)),
        with_array(Softmax(len(LABELS), hidden)),
    )


def _dummy_input() -> list[SequenceInput]:
    return [(np.zeros(2, dtype=np.uint64), np.ones(2, dtype=np.int32),
             np.zeros((2, TENSOR_WIDTH), dtype=np.float32))]


def initialized(config: NetworkConfig) -> Model:
    model = build_network(config)
    model.initialize(X=_dummy_input())
    return model


# -- decoding ---------------------------------------------------------------------------------

def _constraints() -> tuple[np.ndarray, np.ndarray]:
    allowed = np.array([[not b.startswith("I-") or (a != "O" and a[2:] == b[2:])
                         for b in LABELS] for a in LABELS])
    first = np.array([not label.startswith("I-") for label in LABELS])
    return np.where(allowed, 0.0, -np.inf), np.where(first, 0.0, -np.inf)


_TRANSITIONS, _FIRST = _constraints()


def viterbi(probs: np.ndarray) -> list[str]:
    """The most probable label sequence that keeps the BIO constraints."""
    if len(probs) == 0:
        return []
    logp = np.log(np.clip(probs, 1e-12, 1.0))
    score = logp[0] + _FIRST
    back = np.zeros(logp.shape, dtype=np.int32)
    for i in range(1, len(logp)):
        candidates = score[:, None] + _TRANSITIONS
        back[i] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + logp[i]
    path = [int(score.argmax())]
    for i in range(len(logp) - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return [LABELS[k] for k in reversed(path)]


def predict_probabilities(members: Sequence[Model], inputs: Sequence[SequenceInput]
                          ) -> list[np.ndarray]:
    """Each paragraph's label probabilities, averaged over the members."""
    if not inputs or not members:
        return []
    outputs = [member.predict(list(inputs)) for member in members]
    return [sum(out[k] for out in outputs) / len(outputs) for k in range(len(inputs))]


def predict_labels(members: Sequence[Model], inputs: Sequence[SequenceInput]
                   ) -> list[list[str]]:
    """Each paragraph's most probable labels (under the BIO constraints)."""
    return [viterbi(probs) for probs in predict_probabilities(members, inputs)]


# -- files: the configuration and the weights (stored as float16: half the size, same labels)

def member_params(model: Model) -> dict[str, dict[str, Any]]:
    """One network's weights as they are stored."""
    params = {}
    for k, node in enumerate(model.walk()):
        for name in node.param_names:
            if node.has_param(name):
                value = np.asarray(node.get_param(name))
                params[f"{k}:{name}"] = {"shape": list(value.shape),
                                         "data": value.astype(np.float16).tobytes()}
    return params


def to_bytes(members: Sequence[Model | dict[str, dict[str, Any]]], config: NetworkConfig,
             meta: dict[str, Any]) -> bytes:
    """The model file: networks, or their :func:`member_params`."""
    stored = [m if isinstance(m, dict) else member_params(m) for m in members]
    return srsly.msgpack_dumps({"format": FORMAT, "version": FORMAT_VERSION,
                                "config": asdict(config), "labels": list(LABELS),
                                "meta": meta, "members": stored})


def _message(data: bytes) -> dict[str, Any]:
    msg = srsly.msgpack_loads(data)
    if not isinstance(msg, dict) or msg.get("format") != FORMAT:
        raise ValueError("not an attribution tagger model")
    if msg.get("version") != FORMAT_VERSION or tuple(msg.get("labels", ())) != LABELS:
        raise ValueError(f"an attribution tagger model of another version ({msg.get('version')})")
    return msg


def meta_from_bytes(data: bytes) -> dict[str, Any]:
    """What a model was trained with, without building its networks."""
    return _message(data).get("meta", {})


def from_bytes(data: bytes) -> tuple[list[Model], NetworkConfig, dict[str, Any]]:
    msg = _message(data)
    config = NetworkConfig(**msg["config"])
    members = []
    for params in msg["members"]:
        model = initialized(config)
        for k, node in enumerate(model.walk()):
            for name in node.param_names:
                entry = params.get(f"{k}:{name}")
                if entry is None:
                    raise ValueError(f"the model lacks the weights {k}:{name}")
                value = np.frombuffer(entry["data"], dtype=np.float16).astype(np.float32)
                node.set_param(name, value.reshape(entry["shape"]))
        members.append(model)
    return members, config, msg.get("meta", {})
