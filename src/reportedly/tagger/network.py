"""The attribution tagger's network: a fine-tuned transformer encoder and a small head that
give every token a BIO label of source, cue or content.

A token is read through three inputs: the encoder's vector of its first word piece (the
encoder reads windows of whole paragraphs, :func:`windows`), the contextual vector the English
pipeline's own tok2vec already computed (``doc.tensor``), and a bag of sparse feature strings
from the parse (:mod:`reportedly.tagger.features`: lexicon kinds, the governing reporting
verb, quotation marks, position) embedded by hashing. A hidden layer and a softmax give label
probabilities, decoded with Viterbi under the BIO constraints (an ``I-`` only continues its
own role). Tagging runs the encoder with ONNX Runtime (the model that
:mod:`reportedly.tagger.export` writes) and the head in numpy; training
(:mod:`reportedly.tagger.train`) runs the same computation in PyTorch.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.strings import get_string_id
from spacy.tokens import Token

from reportedly.document import Parsed
from reportedly.tagger.encoder import BASE_SHA256, WORD_EMBEDDINGS, base_shape, base_weights
from reportedly.tagger.features import article_features
from reportedly.tagger.labels import ROLES
from reportedly.tagger.pieces import WordPieces

LABELS: tuple[str, ...] = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
LABEL_INDEX = {label: i for i, label in enumerate(LABELS)}
#: The width of the pipeline's own token vectors (en_core_web_sm's tok2vec).
TENSOR_WIDTH = 96
FORMAT = "reportedly-attribution-tagger"
#: The trained weights file (``attributions.bin``: the encoder's fine-tuned tensors as
#: differences from the base weights, and the head), which training writes and export reads.
FORMAT_VERSION = 2
#: The head's file (``head.bin``) of the model directory that analysis reads.
MODEL_FORMAT_VERSION = 3
#: The files of a model directory.
ENCODER_FILE, HEAD_FILE, VOCAB_FILE, WEIGHTS_FILE = (
    "encoder.onnx", "head.bin", "vocab.txt", "attributions.bin")
HEAD_TENSORS = ("features.weight", "hidden.weight", "hidden.bias", "output.weight",
                "output.bias")
#: Word pieces one token may bring to a window (a longer token is cut: its first piece is what
#: the head reads).
MAX_TOKEN_PIECES = 16


@dataclass(frozen=True)
class NetworkConfig:
    hash_rows: int = 65536
    feature_width: int = 64
    hidden_width: int = 256
    #: Word pieces in one encoder window, [CLS] and [SEP]s included.
    window_pieces: int = 256
    dropout: float = 0.1

    @property
    def head_input_width(self) -> int:
        return base_shape().width + self.feature_width + TENSOR_WIDTH


@dataclass
class Paragraph:
    """One paragraph's tokens (no space tokens) and what the network reads of each."""

    tokens: list[Token]
    pieces: list[tuple[int, ...]]
    #: Each token's feature hashes (flat) and how many belong to each token.
    hashes: np.ndarray
    lengths: np.ndarray
    #: The pipeline's tok2vec vectors of the tokens.
    vectors: np.ndarray


#: A window: (paragraph index, first token, end token) stretches read together.
Window = list[tuple[int, int, int]]


def encode_article(parsed: Parsed, pieces_of: WordPieces) -> list[Paragraph]:
    """The paragraphs of an article with their network inputs."""
    tensor = parsed.doc.tensor
    if tensor is None or tensor.shape[0] != len(parsed.doc) or tensor.shape[1] != TENSOR_WIDTH:
        raise ValueError("the parse carries no token vectors from the pipeline's tok2vec")
    unknown = pieces_of.unknown
    out = []
    for tokens, feats in article_features(parsed):
        if not tokens:
            continue
        hashes = [np.fromiter((get_string_id(f) for f in row), dtype=np.uint64, count=len(row))
                  for row in feats]
        out.append(Paragraph(
            tokens,
            [pieces_of.pieces(t.text)[:MAX_TOKEN_PIECES] or (unknown,) for t in tokens],
            np.concatenate(hashes), np.array([len(h) for h in hashes], dtype=np.int64),
            np.ascontiguousarray(tensor[[t.i for t in tokens]], dtype=np.float32)))
    return out


def windows(paragraphs: list[Paragraph], window_pieces: int, packed: bool = True) -> list[Window]:
    """Whole paragraphs packed in text order into windows of at most ``window_pieces`` word
    pieces (each paragraph in a window of its own unless ``packed``); a paragraph too long for
    one is cut at sentence starts (or anywhere, as a last resort) into parts that each fit."""
    room = window_pieces - 2  # [CLS] and the closing [SEP]
    units: list[tuple[int, int, int, int]] = []  # paragraph, first, end, pieces
    for k, paragraph in enumerate(paragraphs):
        sizes = [len(p) for p in paragraph.pieces]
        if sum(sizes) <= room:
            units.append((k, 0, len(sizes), sum(sizes)))
            continue
        first, size = 0, 0
        for i, n in enumerate(sizes):
            full = size + n > room
            # A sentence start past the window's middle is a good place to cut.
            late_sentence = paragraph.tokens[i].is_sent_start and size > room // 2
            if i > first and (full or late_sentence):
                units.append((k, first, i, size))
                first, size = i, 0
            size += n
        units.append((k, first, len(sizes), size))
    if not packed:
        return [[(k, first, end)] for k, first, end, _ in units]
    out: list[Window] = []
    current: Window = []
    used = 0
    for k, first, end, size in units:
        extra = size + (1 if current else 0)  # a [SEP] between paragraphs
        if current and used + extra > room:
            out.append(current)
            current, used, extra = [], 0, size
        current.append((k, first, end))
        used += extra
    if current:
        out.append(current)
    return out


@dataclass
class WindowInput:
    """What the network reads of one window."""

    ids: np.ndarray  # word-piece ids, [CLS] first
    first: np.ndarray  # each token's first piece, in window order
    hashes: np.ndarray
    lengths: np.ndarray
    vectors: np.ndarray


def window_input(paragraphs: list[Paragraph], window: Window,
                 pieces_of: WordPieces) -> WindowInput:
    ids, first, hashes, lengths, vectors = [pieces_of.cls], [], [], [], []
    for n, (k, a, b) in enumerate(window):
        paragraph = paragraphs[k]
        if n:
            ids.append(pieces_of.sep)
        offsets = np.concatenate([[0], np.cumsum(paragraph.lengths)])
        for i in range(a, b):
            first.append(len(ids))
            ids.extend(paragraph.pieces[i])
        hashes.append(paragraph.hashes[offsets[a]:offsets[b]])
        lengths.append(paragraph.lengths[a:b])
        vectors.append(paragraph.vectors[a:b])
    ids.append(pieces_of.sep)
    return WindowInput(np.array(ids, dtype=np.int64), np.array(first, dtype=np.int64),
                       np.concatenate(hashes), np.concatenate(lengths), np.concatenate(vectors))


def padded(rows: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Windows' word-piece ids as one batch, padded to the longest, and the mask of the real
    pieces."""
    length = max(len(row) for row in rows)
    ids = np.zeros((len(rows), length), dtype=np.int64)
    mask = np.zeros((len(rows), length), dtype=bool)
    for k, row in enumerate(rows):
        ids[k, :len(row)] = row
        mask[k, :len(row)] = True
    return ids, mask


def bag_starts(lengths: np.ndarray) -> np.ndarray:
    """Where each token's feature rows start, given how many each token has."""
    return np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)


def hashed_rows(hashes: np.ndarray, rows: int) -> np.ndarray:
    """Feature hashes as rows of the feature table."""
    return (hashes % np.uint64(rows)).astype(np.int64)


#: How the tagger reads an article: with its paragraphs packed into windows (as in training),
#: and with each paragraph alone; their probabilities are averaged. On a held-out fifth of
#: PolNeAR train the two readings together scored loose F1 +0.002, strict +0.003 and exact
#: +0.008 over the packed reading alone, at the cost of encoding the article twice.
READINGS: tuple[bool, ...] = (True, False)

_GELU_SCALE = np.float32(np.sqrt(2.0 / np.pi))


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form, as the training network computes it."""
    return np.float32(0.5) * x * (np.float32(1.0) + np.tanh(
        _GELU_SCALE * (x + np.float32(0.044715) * x * x * x)))


class EncoderClock:
    """Seconds this process has spent in the encoder (for ``reportedly bench``)."""

    seconds: float = 0.0


# -- the network at run time ------------------------------------------------------------------

class Tagger:
    """A trained tagger: label probabilities for each token of an article. The encoder is an
    ONNX Runtime session (word-piece ids and mask in, vectors out), the head numpy."""

    def __init__(self, session: Any, head: Mapping[str, np.ndarray], config: NetworkConfig,
                 meta: dict[str, Any], pieces: WordPieces, quantization: str = "") -> None:
        self.session = session
        self.config = config
        self.meta = meta
        self.pieces = pieces
        self.quantization = quantization
        self.features = head["features.weight"]
        self.hidden = (np.ascontiguousarray(head["hidden.weight"].T), head["hidden.bias"])
        self.output = (np.ascontiguousarray(head["output.weight"].T), head["output.bias"])

    def encode(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Vectors (batch, length, width) of word-piece ids (batch, length); ``mask`` marks
        the real pieces of each row."""
        started = time.perf_counter()
        (vectors,) = self.session.run(["vectors"], {"ids": ids, "mask": mask.astype(np.int64)})
        EncoderClock.seconds += time.perf_counter() - started
        return vectors

    def probabilities(self, paragraphs: list[Paragraph]) -> list[np.ndarray]:
        """Each paragraph's label probabilities (tokens x labels): the mean of the readings of
        :data:`READINGS`."""
        out = [np.zeros((len(p.tokens), len(LABELS)), dtype=np.float32) for p in paragraphs]
        # A window both readings make (a paragraph alone either way) is encoded once.
        times = Counter(tuple(w) for packed in READINGS
                        for w in windows(paragraphs, self.config.window_pieces, packed))
        for window, n in times.items():
            x = window_input(paragraphs, list(window), self.pieces)
            # One window at a time: no padding to compute.
            encoded = self.encode(*padded([x.ids]))
            probs = self._head(encoded[0, x.first], x) * np.float32(n / len(READINGS))
            at = 0
            for k, a, b in window:
                out[k][a:b] += probs[at:at + b - a]
                at += b - a
        return out

    def _head(self, pieces: np.ndarray, x: WindowInput) -> np.ndarray:
        rows = self.features[hashed_rows(x.hashes, self.config.hash_rows)]
        bags = np.add.reduceat(rows, bag_starts(x.lengths), axis=0)
        z = np.concatenate([pieces, bags, x.vectors], axis=1)
        h = gelu(z @ self.hidden[0] + self.hidden[1])
        logits = h @ self.output[0] + self.output[1]
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)


def open_session(encoder: Path, threads: int) -> Any:
    """An ONNX Runtime session of the encoder on exactly ``threads`` threads (none left to
    the runtime's own choice)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    # Idle threads sleep rather than spin: the cores are shared with the parse.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(encoder), sess_options=options,
                                        providers=["CPUExecutionProvider"])


def head_from_bytes(data: bytes) -> tuple[dict[str, np.ndarray], NetworkConfig,
                                          dict[str, Any], str]:
    """The head's tensors, the settings, the training meta and the encoder's quantisation."""
    msg = srsly.msgpack_loads(data)
    if not isinstance(msg, dict) or msg.get("format") != FORMAT:
        raise ValueError("not an attribution tagger model")
    if msg.get("version") != MODEL_FORMAT_VERSION or tuple(msg.get("labels", ())) != LABELS:
        raise ValueError(f"an attribution tagger model of another version ({msg.get('version')})")
    head = {name: np.frombuffer(entry["data"], dtype=np.float16).astype(np.float32)
            .reshape(tuple(entry["shape"])) for name, entry in msg["tensors"].items()}
    return head, NetworkConfig(**msg["config"]), msg.get("meta", {}), msg.get("quantization", "")


def load_directory(directory: Path, threads: int) -> Tagger:
    """The tagger of a model directory (``encoder.onnx``, ``head.bin``, ``vocab.txt``)."""
    head, config, meta, quantization = head_from_bytes((directory / HEAD_FILE).read_bytes())
    return Tagger(open_session(directory / ENCODER_FILE, threads), head, config, meta,
                  WordPieces(directory / VOCAB_FILE), quantization)


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


# -- files --------------------------------------------------------------------------------------
# The encoder's fine-tuned matrices are stored as their difference from the base weights,
# quantised to 8 bits per row (fine-tuning moves weights little, so the difference quantises
# with an error far below what changes a label); vectors and the head as 16-bit floats.

def _stored(name: str, value: np.ndarray, base: Mapping[str, np.ndarray]) -> dict[str, Any]:
    if name in base and value.ndim == 2:
        delta = value - base[name]
        scale = np.abs(delta).max(axis=1, keepdims=True) / 127.0
        scale[scale == 0] = 1.0
        return {"shape": list(value.shape), "kind": "delta-int8",
                "data": np.round(delta / scale).astype(np.int8).tobytes(),
                "scale": scale.astype(np.float32).tobytes()}
    return {"shape": list(value.shape), "kind": "float16",
            "data": value.astype(np.float16).tobytes()}


def _loaded(name: str, entry: dict[str, Any], base: Mapping[str, np.ndarray]) -> np.ndarray:
    shape = tuple(entry["shape"])
    if entry["kind"] == "delta-int8":
        delta = np.frombuffer(entry["data"], dtype=np.int8).reshape(shape).astype(np.float32)
        scale = np.frombuffer(entry["scale"], dtype=np.float32).reshape(shape[0], 1)
        return base[name] + delta * scale
    if entry["kind"] == "float16":
        return np.frombuffer(entry["data"], dtype=np.float16).astype(np.float32).reshape(shape)
    raise ValueError(f"unknown tensor kind {entry['kind']!r} for {name}")


def to_bytes(tensors: Mapping[str, np.ndarray], config: NetworkConfig,
             meta: dict[str, Any]) -> bytes:
    """The model file: the fine-tuned encoder (all but the word-piece embeddings, which stay
    the base model's) and the head."""
    base = base_weights()
    stored = {name: _stored(name, np.asarray(value, dtype=np.float32), base)
              for name, value in sorted(tensors.items()) if name != WORD_EMBEDDINGS}
    return srsly.msgpack_dumps({"format": FORMAT, "version": FORMAT_VERSION,
                                "config": asdict(config), "labels": list(LABELS),
                                "encoder": BASE_SHA256, "meta": meta, "tensors": stored})


def _message(data: bytes) -> dict[str, Any]:
    msg = srsly.msgpack_loads(data)
    if not isinstance(msg, dict) or msg.get("format") != FORMAT:
        raise ValueError("not an attribution tagger model")
    if msg.get("version") != FORMAT_VERSION or tuple(msg.get("labels", ())) != LABELS:
        raise ValueError(f"an attribution tagger model of another version ({msg.get('version')})")
    if msg.get("encoder") != BASE_SHA256:
        raise ValueError("a model fine-tuned from another encoder")
    return msg


def meta_from_bytes(data: bytes) -> dict[str, Any]:
    """What a model was trained with, from its weights file, without building its network."""
    return _message(data).get("meta", {})


def tensors_from_bytes(data: bytes) -> tuple[dict[str, np.ndarray], NetworkConfig,
                                            dict[str, Any]]:
    """A weights file's tensors (the encoder's whole, with the base word-piece embeddings),
    settings and training meta. Reads the base weights: training and export only."""
    msg = _message(data)
    base = base_weights()
    tensors = {name: _loaded(name, entry, base) for name, entry in msg["tensors"].items()}
    for name, value in base.items():
        tensors.setdefault(name, value)
    return tensors, NetworkConfig(**msg["config"]), msg.get("meta", {})
