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

The state-agency and wire set (``agency/``) is built the same way from ``agency/src/{dev,test}``
into ``agency/{dev,test}/{text,attributions}``; beside each of its sources, ``NAME.speakers``
names the canonical speaker of every attribution that has a source, and the build writes
``agency/SPLIT/speakers/NAME_speakers.tsv`` (one row per gold source, see ``SPEAKER_COLUMNS``).
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
#: The state-agency and wire set: sources under src/SPLIT, built files under SPLIT/.
AGENCY = HERE / "agency"
AGENCY_SPLITS = ("dev", "test")
#: An agency article's name begins with its style.
AGENCY_STYLES = ("ru-state", "by-state", "ua-state", "wire")
#: Columns of agency/SPLIT/speakers/NAME_speakers.tsv: the source span's T-id in NAME_gold.ann,
#: its start and end offsets in the text, its text, and the canonical speaker ("-" for none).
SPEAKER_COLUMNS = ("source", "start", "end", "text", "speaker")
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
    problems += _write_or_compare(outputs, write)
    problems += verify_split()
    if seed_text is not None and SEED_GOLD.exists():
        problems += verify(seed_text.read_text(encoding="utf-8"),
                           SEED_GOLD.read_text(encoding="utf-8"), SEED_GOLD.name)
    agency_problems, agency_built = build_agency(write)
    return problems + agency_problems, built | agency_built


def verify_split(split: Path = SPLIT, speakers: bool = False) -> list[str]:
    """Verify every .ann file of a split against its text (and, with ``speakers``, against its
    speakers file)."""
    problems: list[str] = []
    for ann in sorted((split / "attributions").glob("*_gold.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        text_path = split / "text" / f"{name}.txt"
        if not text_path.exists():
            problems.append(f"{ann.name}: no text {text_path.relative_to(HERE)}")
            continue
        ann_text = ann.read_text(encoding="utf-8")
        problems += verify(text_path.read_text(encoding="utf-8"), ann_text, ann.name)
        if speakers:
            tsv = split / "speakers" / f"{name}_speakers.tsv"
            if not tsv.exists():
                problems.append(f"{ann.name}: no speakers {tsv.relative_to(HERE)}")
            else:
                problems += verify_speakers(ann_text, tsv.read_text(encoding="utf-8"),
                                            tsv.name)
    return problems


# --- The state-agency and wire set: canonical speakers ---------------------------------------

def read_speakers(spec: str, where: str = "") -> dict[int, str]:
    """``N<TAB>canonical speaker`` lines of a ``.speakers`` file, by attribution number."""
    speakers: dict[int, str] = {}
    for lineno, line in enumerate(spec.splitlines(), 1):
        if not line.strip():
            continue
        number, tab, speaker = line.partition("\t")
        if not tab or not number.isdigit() or not speaker.strip() or speaker != speaker.strip():
            raise MarkupError(f"{where}:{lineno}: expected 'N<TAB>speaker', got {line!r}")
        if int(number) in speakers:
            raise MarkupError(f"{where}:{lineno}: attribution {number} named twice")
        speakers[int(number)] = speaker
    return speakers


def check_speakers(atts: dict[int, Attribution], speakers: dict[int, str],
                   where: str) -> list[str]:
    """Every attribution with a source has a speaker, and every speaker an attribution with a
    source; a source is one span (the speakers file gives it one start and end)."""
    problems: list[str] = []
    for att in sorted(atts.values(), key=lambda a: a.number):
        source = att.role("Source")
        if source and att.number not in speakers:
            problems.append(f"{where}: attribution {att.number} has a source but no speaker")
        if len(source) > 1:
            problems.append(f"{where}: the source of attribution {att.number} is discontinuous")
    for number in sorted(speakers):
        if number not in atts or not atts[number].role("Source"):
            problems.append(f"{where}: speaker of attribution {number}, which has no source")
    return problems


def speakers_tsv(text: str, atts: dict[int, Attribution], speakers: dict[int, str],
                 ann: str) -> str:
    """One row per gold source of ``ann`` (built by ``to_brat`` from ``atts``): its T-id,
    offsets, text and canonical speaker, in the order of the .ann file."""
    # to_brat writes one event per attribution in this order, so event k is attribution k.
    ordered = sorted(atts.values(), key=lambda a: (a.role("Content")[0], a.number))
    _spans, events = read_brat(ann)
    rows = ["\t".join(SPEAKER_COLUMNS)]
    for att, event in zip(ordered, events, strict=True):
        if "Source" not in event:
            continue
        (start, end), = att.role("Source")
        rows.append(f"{event['Source']}\t{start}\t{end}\t{text[start:end]}"
                    f"\t{speakers[att.number]}")
    return "\n".join(rows) + "\n"


def verify_speakers(ann: str, tsv: str, where: str = "") -> list[str]:
    """A speakers file against its .ann: one row per Source span, with that span's offsets and
    text, and a speaker."""
    problems: list[str] = []
    try:
        spans, _events = read_brat(ann)
    except (MarkupError, ValueError, IndexError) as e:
        return [f"{where}: unreadable .ann: {e}"]
    lines = tsv.splitlines()
    if not lines or tuple(lines[0].split("\t")) != SPEAKER_COLUMNS:
        return [f"{where}: the header is not {'<TAB>'.join(SPEAKER_COLUMNS)}"]
    seen: set[str] = set()
    for line in lines[1:]:
        cols = line.split("\t")
        if len(cols) != len(SPEAKER_COLUMNS) or not cols[4].strip():
            problems.append(f"{where}: bad row {line!r}")
            continue
        ident, start, end, shown = cols[0], cols[1], cols[2], cols[3]
        if ident in seen:
            problems.append(f"{where}: {ident} has two rows")
        seen.add(ident)
        if ident not in spans or spans[ident][0] != "Source":
            problems.append(f"{where}: {ident} is not a Source span of the .ann")
        elif spans[ident][1] != [(int(start), int(end))] or spans[ident][2] != shown:
            problems.append(f"{where}: {ident} row {start} {end} {shown!r} does not match the .ann")
    missing = sorted(i for i, (label, _f, _t) in spans.items()
                     if label == "Source" and i not in seen)
    problems += [f"{where}: Source {i} has no speaker row" for i in missing]
    return problems


def build_agency(write: bool) -> tuple[list[str], dict[str, dict[int, Attribution]]]:
    """Build (or compare) the agency set's text, gold and speakers for every split, then verify
    the built files; articles are keyed ``agency/SPLIT/NAME``."""
    problems: list[str] = []
    built: dict[str, dict[int, Attribution]] = {}
    outputs: dict[Path, str] = {}
    for split in AGENCY_SPLITS:
        out = AGENCY / split
        for src in sorted((AGENCY / "src" / split).glob("*.txt")):
            name, where = src.stem, f"agency/src/{split}/{src.name}"
            if not name.startswith(tuple(f"{style}_" for style in AGENCY_STYLES)):
                problems.append(f"{where}: the name does not begin with a style "
                                f"({', '.join(AGENCY_STYLES)})")
            text, atts = parse_markup(src.read_text(encoding="utf-8"), where)
            speakers_path = src.with_suffix(".speakers")
            if not speakers_path.exists():
                problems.append(f"{where}: no {speakers_path.name}")
                speakers: dict[int, str] = {}
            else:
                speakers = read_speakers(speakers_path.read_text(encoding="utf-8"),
                                         f"agency/src/{split}/{speakers_path.name}")
            found = check_types(atts, where) + check_speakers(atts, speakers, where)
            problems += found
            if found:
                continue
            ann = to_brat(text, atts)
            outputs[out / "text" / f"{name}.txt"] = text
            outputs[out / "attributions" / f"{name}_gold.ann"] = ann
            outputs[out / "speakers" / f"{name}_speakers.tsv"] = speakers_tsv(
                text, atts, speakers, ann)
            built[f"agency/{split}/{name}"] = atts
    problems += _write_or_compare(outputs, write)
    for split in AGENCY_SPLITS:
        problems += verify_split(AGENCY / split, speakers=True)
    return problems, built


def _write_or_compare(outputs: dict[Path, str], write: bool) -> list[str]:
    problems: list[str] = []
    for path, content in outputs.items():
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != content:
            problems.append(f"{path.relative_to(HERE)} is out of date: run devset/build.py")
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
        print("article".ljust(44) + "".join(t.rjust(14) for t in TYPES) + "total".rjust(8))
        # One total per set: the existing articles, then each split of the agency set.
        groups: dict[str, dict[str, int]] = {}
        for name, row in table.items():
            print(name.ljust(44) + "".join(str(row[t]).rjust(14) for t in TYPES)
                  + str(sum(row.values())).rjust(8))
            group = groups.setdefault(name.rpartition("/")[0] or "dev", dict.fromkeys(TYPES, 0))
            for t in TYPES:
                group[t] += row[t]
        for group_name, totals in groups.items():
            print(f"all {group_name}".ljust(44) + "".join(str(totals[t]).rjust(14) for t in TYPES)
                  + str(sum(totals.values())).rjust(8))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
