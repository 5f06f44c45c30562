"""Which library reads news units best? pint vs quantulum3 on the unit surfaces of the units table.

For every surface form in ``data/quantities/units.tsv`` and ``currencies.tsv`` (names), the number
"12 <surface>" is given to each library and the unit it returns is compared with the table's
stable unit (by dimension for pint, whose names differ). Prints the agreement counts and the
misses. Run: ``PYTHONPATH=src python benchmarks/quantity_units.py``.
"""

from __future__ import annotations

import time
import warnings

from reportedly.evaluate.quantities import quantulum_unit
from reportedly.extract.quantities import lexicon as lex


def main() -> None:
    import pint

    warnings.simplefilter("ignore")
    from quantulum3 import parser

    registry = pint.UnitRegistry()
    cases = [(s, info.unit, info.pint) for s, info in lex.units().items()]
    cases += [(s, code.lower(), None) for s, (code, kind) in lex.currencies().items()
              if kind == "name"]
    pint_ok, q_ok = 0, 0
    pint_miss, q_miss = [], []
    t0 = time.perf_counter()
    for surface, _unit, pint_expr in cases:
        try:
            parsed = registry.parse_units(surface.replace(" ", "_"))
            expected = registry.parse_units(pint_expr) if pint_expr else None
            if expected is not None and parsed.dimensionality == expected.dimensionality \
                    and (1 * parsed).to(expected).magnitude == 1:
                pint_ok += 1
            else:
                pint_miss.append(surface)
        except Exception:  # pint raises several unrelated types on unknown units
            pint_miss.append(surface)
    t1 = time.perf_counter()
    for surface, unit, _ in cases:
        found = parser.parse(f"They reported 12 {surface} yesterday.")
        if found and quantulum_unit(found[0].unit) == unit:
            q_ok += 1
        else:
            q_miss.append(surface)
    t2 = time.perf_counter()
    n = len(cases)
    print(f"{n} unit surfaces (units table + currency names)")
    print(f"pint       parse_units, same unit : {pint_ok:4d}/{n} ({pint_ok / n:.0%})  "
          f"{t1 - t0:.2f}s")
    print(f"quantulum3 parse, same unit       : {q_ok:4d}/{n} ({q_ok / n:.0%})  {t2 - t1:.2f}s")
    print("pint misses:", ", ".join(pint_miss))
    print("quantulum3 misses:", ", ".join(q_miss))


if __name__ == "__main__":
    main()
