"""The tables figures are read with: units, currencies, number and scale words, bound words,
exchange rates. They live under ``data/quantities/``; this module only loads and indexes them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportedly.lexicons import tsv_rows, word_list

DIR = "quantities/"


@dataclass(frozen=True, slots=True)
class UnitInfo:
    unit: str  # stable output name: "km2", "t", "percent"
    dimension: str  # "area", "mass", "ratio", ...
    pint: str  # the same unit as a pint expression, to compare and convert


@cache
def units() -> dict[str, UnitInfo]:
    """Lower-case surface form -> unit."""
    return {r["surface"].lower(): UnitInfo(r["unit"], r["dimension"], r["pint"])
            for r in tsv_rows(DIR + "units.tsv")}


@cache
def unit_by_name() -> dict[str, UnitInfo]:
    return {info.unit: info for info in units().values()}


@cache
def currencies() -> dict[str, tuple[str, str]]:
    """Surface -> (ISO 4217 code, kind); names keyed lower-case, symbols and codes as written."""
    table: dict[str, tuple[str, str]] = {}
    for r in tsv_rows(DIR + "currencies.tsv"):
        key = r["surface"].lower() if r["kind"] == "name" else r["surface"]
        table[key] = (r["code"], r["kind"])
    return table


@cache
def number_words() -> dict[str, tuple[float, str]]:
    """Number, scale and fraction word -> (value, kind)."""
    return {r["word"]: (float(r["value"]), r["kind"]) for r in tsv_rows(DIR + "scales.tsv")}


@cache
def bound_phrases() -> dict[str, list[tuple[str, str]]]:
    """position ("before" | "after") -> [(phrase, bound)], longest phrase first."""
    table: dict[str, list[tuple[str, str]]] = {"before": [], "after": []}
    for r in tsv_rows(DIR + "bounds.tsv"):
        table[r["position"]].append((r["phrase"].lower(), r["bound"]))
    for phrases in table.values():
        phrases.sort(key=lambda p: -len(p[0]))
    return table


@cache
def not_figure_words() -> dict[str, dict[str, str]]:
    """position -> {word: reason} for words that make a neighbouring number a non-figure."""
    table: dict[str, dict[str, str]] = {"before": {}, "after": {}}
    for r in tsv_rows(DIR + "not_figure_context.tsv"):
        table[r["position"]][r["word"].lower()] = r["reason"]
    return table


@cache
def participles() -> dict[str, str]:
    return {r["lemma"]: r["participle"] for r in tsv_rows(DIR + "participles.tsv")}


@cache
def exchange_rates() -> dict[str, dict[int, float]]:
    """ISO code -> {year: units of that currency per US dollar}."""
    table: dict[str, dict[int, float]] = {}
    for r in tsv_rows(DIR + "exchange_rates.tsv"):
        table.setdefault(r["currency"], {})[int(r["year"])] = float(r["per_usd"])
    return table


def person_nouns() -> frozenset[str]:
    return word_list(DIR + "person_nouns.txt")


def point_nouns() -> frozenset[str]:
    return word_list(DIR + "point_nouns.txt")


def person_verbs() -> frozenset[str]:
    return word_list(DIR + "person_verbs.txt")


def crowd_nouns() -> frozenset[str]:
    return word_list(DIR + "crowd_nouns.txt")


def ratio_bases() -> frozenset[str]:
    return word_list(DIR + "ratio_bases.txt")


def change_verbs() -> frozenset[str]:
    return word_list(DIR + "change_verbs.txt")
