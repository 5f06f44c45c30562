"""The Python API: ``reportedly.analyze`` and ``reportedly.analyze_many`` on both cores."""

from __future__ import annotations

import pytest

import reportedly
from reportedly import Article

TEXTS = [
    "\u201cThe pier will reopen in May,\u201d the port director said.",
    "Water levels fell by 40 centimetres overnight, according to the river authority.",
    "Nobody was quoted in this sentence.",
    "The union's leader, Marta Kovacs, claimed that 3,000 jobs were at risk. She added: "
    "\u201cWe will strike.\u201d",
]


def test_analyze_takes_a_string_or_an_article() -> None:
    a = reportedly.analyze(TEXTS[0])
    assert isinstance(a, reportedly.Analysis) and a.doc_id == "text"
    assert [x.type for x in a.attributions] == ["direct"]
    b = reportedly.analyze(Article("pier", TEXTS[0]))
    assert b.doc_id == "pier" and b.to_dict()["attributions"] == a.to_dict()["attributions"]
    with pytest.raises(TypeError):
        reportedly.analyze(42)  # type: ignore[arg-type]


def test_analyze_many_on_two_processes_matches_one_process_in_order() -> None:
    items = [Article(f"d{i}", t) for i, t in enumerate(TEXTS * 3)]
    one = [a.to_json() for a in reportedly.analyze_many(items, n_process=1)]
    two = list(reportedly.analyze_many(iter(items), n_process=2, batch_size=2))
    assert [a.doc_id for a in two] == [f"d{i}" for i in range(len(items))]
    assert [a.to_json() for a in two] == one
    for a in two:
        a.check_spans()
    assert two[3].quantities and two[3].quantities[0].value == 3000


def test_analyze_many_is_lazy_and_names_plain_strings_by_position() -> None:
    stream = reportedly.analyze_many(t for t in TEXTS[:2])
    first = next(stream)
    assert first.doc_id == "text:1"
    assert next(stream).doc_id == "text:2"
    assert next(stream, None) is None


def test_analyze_many_hands_failures_to_on_error_and_goes_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    module = importlib.import_module("reportedly.analyze")
    real = module.extract_quantities

    def failing(parsed, attributions):  # type: ignore[no-untyped-def]
        if "centimetres" in parsed.text:
            raise ValueError("broken figure")
        return real(parsed, attributions)

    monkeypatch.setattr(module, "extract_quantities", failing)
    failed: list[tuple[str, str]] = []
    done = list(reportedly.analyze_many(
        [Article(f"d{i}", t) for i, t in enumerate(TEXTS)],
        on_error=lambda article, error: failed.append((article.doc_id, str(error)))))
    assert [a.doc_id for a in done] == ["d0", "d2", "d3"]
    assert failed == [("d1", "broken figure")]
    with pytest.raises(ValueError, match="broken figure"):
        list(reportedly.analyze_many(TEXTS))
