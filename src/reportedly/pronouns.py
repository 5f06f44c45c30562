"""The pronoun table (``data/pronouns.tsv``) and its named subsets.

One table for every rule that reads pronouns: the entity index resolves those with a
``refers`` to an earlier referent (:func:`antecedent_pronouns`); the speaker linking takes an
unresolved *personal* one to be the last speaker; a *relative* one stands for the noun it
follows; a source that is only a *nameless* one names nobody in the store.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from reportedly.lexicons import tsv_rows

PronounSet = Literal["personal", "relative", "nameless"]
_SETS: frozenset[str] = frozenset({"personal", "relative", "nameless"})


@cache
def antecedent_pronouns() -> dict[str, tuple[str | None, str]]:
    """pronoun -> (gender or None, what it may refer to: person, group or thing), for the
    pronouns resolved to an earlier referent."""
    return {r["pronoun"]: (None if r["gender"] == "-" else r["gender"], r["refers"])
            for r in tsv_rows("pronouns.tsv") if r["refers"] != "-"}


@cache
def pronoun_set(name: PronounSet) -> frozenset[str]:
    """The pronouns in one named subset of the table."""
    if name not in _SETS:
        raise ValueError(f"pronouns.tsv has no set {name!r}")
    return frozenset(r["pronoun"].lower() for r in tsv_rows("pronouns.tsv")
                     if name in r["sets"].split(","))
