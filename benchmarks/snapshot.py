"""Snapshot the Analysis JSON of the dev articles, and compare two snapshots byte for byte.

A change meant to keep output as it is (a speed-up, a refactoring) is checked by taking a
snapshot before it and one after, and comparing them::

    python benchmarks/snapshot.py take OUT_DIR [--polnear DIR] [--polnear-limit N] [--no-tagger]
    python benchmarks/snapshot.py compare BEFORE_DIR AFTER_DIR

``take`` writes one ``<set>__<name>.json`` file per article (sorted keys, indented) for every
article in ``devset/dev/text`` and, when given, PolNeAR dev (``dev/text`` under ``--polnear DIR``
or the directory ``$REPORTEDLY_POLNEAR`` names; not part of the repository). ``compare`` lists
the files that differ or exist on one side only, and exits 1 if any.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "devset" / "dev" / "text"


def articles(polnear: Path | None, polnear_limit: int | None) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    sources = {"devset": DEVSET}
    if polnear is not None:
        sources["polnear"] = polnear / "dev" / "text"
    for name, directory in sources.items():
        if not directory.is_dir():
            print(f"snapshot: {directory} is absent, skipped", file=sys.stderr)
            continue
        files = sorted(p for p in directory.iterdir() if p.suffix == ".txt" and p.is_file())
        if name == "polnear" and polnear_limit is not None:
            files = files[:polnear_limit]
        found.extend((f"{name}__{p.stem}.json", p) for p in files)
    return found


def take(out: Path, polnear: Path | None, polnear_limit: int | None, use_tagger: bool,
         skip_existing: bool = False) -> int:
    from reportedly.analyze import analyze

    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    listed = articles(polnear, polnear_limit)
    for file_name, path in listed:
        if skip_existing and (out / file_name).exists():
            continue  # a run taken in parts
        analysis = analyze(path.read_text(encoding="utf-8"), doc_id=path.stem,
                           use_tagger=use_tagger)
        (out / file_name).write_text(
            json.dumps(analysis.to_dict(), sort_keys=True, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
    print(f"snapshot: {len(listed)} articles in {time.perf_counter() - start:.1f} s -> {out}")
    return 0


def compare(before: Path, after: Path) -> int:
    names_before = {p.name for p in before.glob("*.json")}
    names_after = {p.name for p in after.glob("*.json")}
    problems = [f"only in {before}: {n}" for n in sorted(names_before - names_after)]
    problems += [f"only in {after}: {n}" for n in sorted(names_after - names_before)]
    same = 0
    for name in sorted(names_before & names_after):
        if (before / name).read_bytes() == (after / name).read_bytes():
            same += 1
        else:
            problems.append(f"differs: {name}")
    for line in problems:
        print(line)
    print(f"snapshot: {same} identical, {len(problems)} differences")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_take = sub.add_parser("take", help="write a snapshot directory")
    p_take.add_argument("out", type=Path)
    p_take.add_argument("--polnear", type=Path, default=os.environ.get("REPORTEDLY_POLNEAR"),
                        help="PolNeAR's directory (default: $REPORTEDLY_POLNEAR)")
    p_take.add_argument("--polnear-limit", type=int, default=None, metavar="N",
                        help="only the first N PolNeAR dev articles (sorted by name)")
    p_take.add_argument("--no-tagger", action="store_true", help="attributions by rules alone")
    p_take.add_argument("--skip-existing", action="store_true",
                        help="keep the files already in OUT (to finish a snapshot taken in parts)")
    p_cmp = sub.add_parser("compare", help="compare two snapshot directories byte for byte")
    p_cmp.add_argument("before", type=Path)
    p_cmp.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "take":
        polnear = Path(args.polnear) if args.polnear else None
        return take(args.out, polnear, args.polnear_limit, not args.no_tagger,
                    args.skip_existing)
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
