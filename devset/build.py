"""Build the development set's text and BRAT gold from the inline-marked sources, and verify it.

Run ``python devset/build.py`` (stdlib only) to rewrite ``dev/text`` and ``dev/attributions`` from
``src/*.txt``; ``python devset/build.py --check`` verifies the committed files without writing.

Inline markup (see README.md): ``{cN:...}`` content, ``{sN:...}`` source and ``{qN:...}`` cue of
attribution N; the same tag used again adds a fragment (a discontinuous span). The first content
fragment may carry the attribution's type: ``{cN/direct:...}``. Tags nest, so an attribution can
sit inside another's content. The gold of the article the project was started for is kept
as a span list (``src/seed-article.spans``) and its BRAT file (``example/seed-article_gold.ann``)
outside the split: its text is not part of the repository, so it is built and verified only
when ``--seed-text PATH`` names a copy, and skipped with a note otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
SPLIT = HERE / "dev"
#: The example article's gold, kept out of the split: its text is not distributed here.
SEED_GOLD = HERE / "example" / "seed-article_gold.ann"
TYPES = ("direct", "partial", "mixed", "indirect", "according_to")
ROLES = {"s": "Source", "q": "Cue", "c": "Content"}

Fragments = list[tuple[int, int]]

_OPEN = re.compile(r"\{([sqc])(\d+)(?:/([a-z_]+))?:")


class MarkupError(ValueError):
    """A source file whose markup or spans are malformed."""


@dataclass
class Attribution:
    number: int
    type: str | None = None
    spans: dict[str, Fragments] = field(default_factory=dict)

    def role(self, role: str) -> Fragments:
        return self.spans.get(role, [])


def parse_markup(marked: str, where: str = "") -> tuple[str, dict[int, Attribution]]:
    """The plain text of an inline-marked article and its attributions by number."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, int, int]] = []  # (role, number, start offset in the plain text)
    atts: dict[int, Attribution] = {}
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch == "{":
            m = _OPEN.match(marked, i)
            if not m:
                raise MarkupError(f"{where}: bad tag at {marked[i:i + 20]!r}")
            role, number, typ = ROLES[m.group(1)], int(m.group(2)), m.group(3)
            att = atts.setdefault(number, Attribution(number))
            if typ:
                if typ not in TYPES or role != "Content":
                    raise MarkupError(f"{where}: bad type {typ!r} on {m.group(0)!r}")
                if att.type and att.type != typ:
                    raise MarkupError(f"{where}: attribution {number} typed twice")
                att.type = typ
            stack.append((role, number, pos))
            i = m.end()
        elif ch == "}":
            if not stack:
                raise MarkupError(f"{where}: unbalanced '}}' near {marked[max(0, i - 30):i]!r}")
            role, number, start = stack.pop()
            if start == pos:
                raise MarkupError(f"{where}: empty {role} of attribution {number}")
            atts[number].spans.setdefault(role, []).append((start, pos))
            i += 1
        else:
            out.append(ch)
            pos += 1
            i += 1
    if stack:
        raise MarkupError(f"{where}: unclosed tags {stack}")
    return "".join(out), atts


def split_lines(text: str, frags: Fragments) -> Fragments:
    """Fragments cut at line breaks and trimmed: a BRAT span's text column cannot hold a newline,
    so a quote running over several paragraphs becomes one fragment per paragraph."""
    out: Fragments = []
    for a, b in frags:
        for m in re.finditer(r"[^\n]+", text[a:b]):
            piece = m.group(0)
            start = a + m.start() + len(piece) - len(piece.lstrip())
            end = a + m.end() - (len(piece) - len(piece.rstrip()))
            if end > start:
                out.append((start, end))
    return sorted(out)


def fragment_text(text: str, frags: Fragments) -> str:
    # BRAT joins the fragments of a discontinuous span with a space.
    return " ".join(text[a:b] for a, b in frags)


def to_brat(text: str, atts: dict[int, Attribution]) -> str:
    """BRAT standoff in PolNeAR's layout: Source, Cue, Content and an Attribution trigger (the
    cue, or the content when there is no cue) per attribution, tied by an E line."""
    lines: list[str] = []
    t = 0
    ordered = sorted(atts.values(), key=lambda a: (a.role("Content")[0], a.number))
    for e, att in enumerate(ordered, 1):
        ids: dict[str, str] = {}
        for role in ("Source", "Cue", "Content"):
            frags = split_lines(text, att.role(role))
            if not frags:
                continue
            t += 1
            ids[role] = f"T{t}"
            spec = ";".join(f"{a} {b}" for a, b in frags)
            lines.append(f"T{t}\t{role} {spec}\t{fragment_text(text, frags)}")
        trigger = split_lines(text, att.role("Cue") or att.role("Content"))
        t += 1
        spec = ";".join(f"{a} {b}" for a, b in trigger)
        lines.append(f"T{t}\tAttribution {spec}\t{fragment_text(text, trigger)}")
        args = [f"Attribution:T{t}", f"Content:{ids['Content']}"]
        args += [f"{role}:{ids[role]}" for role in ("Cue", "Source") if role in ids]
        lines.append(f"E{e}\t{' '.join(args)}")
    return "\n".join(lines) + "\n"


# --- Reading and verifying BRAT files ---------------------------------------------------------

def read_brat(ann: str) -> tuple[dict[str, tuple[str, Fragments, str]], list[dict[str, str]]]:
    """Spans by id (label, fragments, text column) and events (role -> span id) of an .ann file."""
    spans: dict[str, tuple[str, Fragments, str]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if cols[0].startswith("T"):
            label, offsets = cols[1].split(" ", 1)
            frags = [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]
            spans[cols[0]] = (label, frags, cols[2])
        elif cols[0].startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in cols[1].split()))
        elif line.strip():
            raise MarkupError(f"unexpected line {line!r}")
    return spans, events


def verify(text: str, ann: str, where: str = "") -> list[str]:
    """Problems in one article's gold: span text that does not match the article, events that
    name missing spans or lack a content, and contents that overlap without one containing the
    other (nesting is intended: an attribution reported inside another's content)."""
    problems: list[str] = []
    try:
        spans, events = read_brat(ann)
    except (MarkupError, ValueError, IndexError) as e:
        return [f"{where}: unreadable: {e}"]
    for ident, (label, frags, shown) in spans.items():
        if any(not (0 <= a < b <= len(text)) for a, b in frags):
            problems.append(f"{where}: {ident} {label} offsets {frags} outside the text")
        elif fragment_text(text, frags) != shown:
            problems.append(f"{where}: {ident} {label} text {shown!r} != "
                            f"{fragment_text(text, frags)!r}")
        elif any(text[a:b] != text[a:b].strip() for a, b in frags):
            problems.append(f"{where}: {ident} {label} has white space at an edge")
    contents: list[tuple[int, int, str]] = []
    for n, ev in enumerate(events, 1):
        for role, ref in ev.items():
            if ref not in spans:
                problems.append(f"{where}: E{n} {role} refers to missing {ref}")
            elif spans[ref][0] != role:
                problems.append(f"{where}: E{n} {role} points at a {spans[ref][0]} span")
        if "Content" not in ev or ev["Content"] not in spans:
            problems.append(f"{where}: E{n} has no content")
            continue
        frags = spans[ev["Content"]][1]
        contents.append((frags[0][0], frags[-1][1], f"E{n}"))
    contents.sort()
    for i, (a1, b1, n1) in enumerate(contents):
        for a2, b2, n2 in contents[i + 1:]:
            if a2 >= b1:
                break
            nested = (a1 <= a2 and b2 <= b1) or (a2 <= a1 and b1 <= b2)
            if not nested or (a1, b1) == (a2, b2):
                problems.append(f"{where}: contents of {n1} and {n2} overlap")
    return problems


# --- The example article: spans listed by their text -------------------------------------------

def parse_span_list(spec: str, text: str, where: str = "") -> dict[int, Attribution]:
    """Resolve ``N ROLE[/type] [#k] span text`` lines (ROLE one of s, q, c; ``#k`` picks the k-th
    occurrence of the text, default the first; ``a <<span>> b`` marks the span inside a longer
    search text) into attributions over ``text``."""
    atts: dict[int, Attribution] = {}
    for lineno, line in enumerate(spec.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r"(\d+)\s+([sqc])(?:/([a-z_]+))?\s+(?:#(\d+)\s+)?(.+)$", line)
        if not m:
            raise MarkupError(f"{where}:{lineno}: bad line {line!r}")
        number, role, typ = int(m.group(1)), ROLES[m.group(2)], m.group(3)
        occurrence, needle = int(m.group(4) or 1), m.group(5)
        # ``<<span>>`` picks the span out of a longer, unambiguous stretch of text.
        before, _, rest = needle.partition("<<")
        inner, _, after = rest.partition(">>") if rest else (before, "", "")
        if not rest:
            before = ""
        found = -1
        for _ in range(occurrence):
            found = text.find(before + inner + after, found + 1)
            if found < 0:
                raise MarkupError(f"{where}:{lineno}: {needle!r} (#{occurrence}) not found")
        start = found + len(before)
        end = start + len(inner)
        att = atts.setdefault(number, Attribution(number))
        if typ:
            if typ not in TYPES:
                raise MarkupError(f"{where}:{lineno}: bad type {typ!r}")
            att.type = typ
        att.spans.setdefault(role, []).append((start, end))
    return atts


# --- Building ------------------------------------------------------------------------------------

def check_types(atts: dict[int, Attribution], where: str) -> list[str]:
    return [f"{where}: attribution {a.number} has no content" for a in atts.values()
            if not a.role("Content")] + \
           [f"{where}: attribution {a.number} has no type" for a in atts.values() if not a.type]


def build(write: bool, seed_text: Path | None = None
          ) -> tuple[list[str], dict[str, dict[int, Attribution]]]:
    """Build (or, with ``write`` false, compare against) every article; the problems found and
    the attributions of every article. ``seed_text`` is the example article's text (not in
    the repository); without it the example's gold is neither built nor verified."""
    problems: list[str] = []
    built: dict[str, dict[int, Attribution]] = {}
    outputs: dict[Path, str] = {}
    for src in sorted(SRC.glob("*.txt")):
        name = src.stem
        text, atts = parse_markup(src.read_text(encoding="utf-8"), src.name)
        problems += check_types(atts, src.name)
        if any(not a.role("Content") for a in atts.values()):
            continue
        outputs[SPLIT / "text" / f"{name}.txt"] = text
        outputs[SPLIT / "attributions" / f"{name}_gold.ann"] = to_brat(text, atts)
        built[name] = atts
    seed_spec = SRC / "seed-article.spans"
    if seed_spec.exists() and seed_text is not None:
        text = seed_text.read_text(encoding="utf-8")
        atts = parse_span_list(seed_spec.read_text(encoding="utf-8"), text, seed_spec.name)
        problems += check_types(atts, seed_spec.name)
        if not any(not a.role("Content") for a in atts.values()):
            outputs[SEED_GOLD] = to_brat(text, atts)
        built["seed-article"] = atts
    for path, content in outputs.items():
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != content:
            problems.append(f"{path.relative_to(HERE)} is out of date: run devset/build.py")
    problems += verify_split()
    if seed_text is not None and SEED_GOLD.exists():
        problems += verify(seed_text.read_text(encoding="utf-8"),
                           SEED_GOLD.read_text(encoding="utf-8"), SEED_GOLD.name)
    return problems, built


def verify_split() -> list[str]:
    """Verify every .ann file of the split against its text."""
    problems: list[str] = []
    for ann in sorted((SPLIT / "attributions").glob("*_gold.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        text_path = SPLIT / "text" / f"{name}.txt"
        if not text_path.exists():
            problems.append(f"{ann.name}: no text {text_path.relative_to(HERE)}")
            continue
        problems += verify(text_path.read_text(encoding="utf-8"),
                           ann.read_text(encoding="utf-8"), ann.name)
    return problems


def counts(built: dict[str, dict[int, Attribution]]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for name, atts in built.items():
        row = table.setdefault(name, {t: 0 for t in TYPES})
        for att in atts.values():
            row[att.type or "?"] = row.get(att.type or "?", 0) + 1
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify without writing")
    ap.add_argument("--counts", action="store_true", help="print attributions by type")
    ap.add_argument("--seed-text", type=Path, default=None,
                    help="the example article's text (not in the repository): also build and "
                         "verify its gold, example/seed-article_gold.ann")
    args = ap.parse_args(argv)
    try:
        problems, built = build(write=not args.check, seed_text=args.seed_text)
    except MarkupError as e:
        print(e, file=sys.stderr)
        return 1
    for p in problems:
        print(p, file=sys.stderr)
    if args.seed_text is None:
        print("seed-article: skipped (its text is not in the repository; --seed-text PATH "
              "builds and verifies its gold)", file=sys.stderr)
    if args.counts:
        table = counts(built)
        print("article".ljust(28) + "".join(t.rjust(14) for t in TYPES) + "total".rjust(8))
        totals = dict.fromkeys(TYPES, 0)
        for name, row in table.items():
            print(name.ljust(28) + "".join(str(row[t]).rjust(14) for t in TYPES)
                  + str(sum(row.values())).rjust(8))
            for t in TYPES:
                totals[t] += row[t]
        print("all".ljust(28) + "".join(str(totals[t]).rjust(14) for t in TYPES)
              + str(sum(totals.values())).rjust(8))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
