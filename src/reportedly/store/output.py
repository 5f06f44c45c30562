"""Rows out: an aligned text table for people, JSON or CSV for programs."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Sequence
from typing import Any, TextIO

FORMATS = ("table", "json", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _fit(value: str, width: int) -> str:
    """``value`` cut to ``width`` with an ellipsis, keeping a search hit ("[word]") in view."""
    if len(value) <= width:
        return value
    hit = value.find("[")
    if hit < width - 1 or width < 12:
        return value[:width - 1] + "…"
    start = min(hit - width // 3, len(value) - width + 1)
    return "…" + value[start:start + width - 2] + "…"


def write_table(rows: Sequence[dict[str, Any]], out: TextIO, width: int | None = None) -> None:
    if not rows:
        out.write("(no results)\n")
        return
    columns = list(rows[0])
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    width = width or shutil.get_terminal_size((160, 24)).columns
    # Shrink the widest columns until the table fits; long text is cut with an ellipsis.
    while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1

    def line(values: Sequence[str]) -> str:
        parts = [_fit(v, w) for v, w in zip(values, widths, strict=True)]
        return "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()

    out.write(line(columns) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(line(row) + "\n")


def write_rows(rows: Sequence[dict[str, Any]], out: TextIO, fmt: str = "table") -> None:
    if fmt == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    else:
        write_table(rows, out)
