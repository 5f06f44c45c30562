"""How fast do the readers stream, and what does ``reportedly analyze`` sustain end to end?

Writes a synthetic corpus into a temporary directory (plain text files, one JSONL file, one CSV
file, HTML pages and a WARC archive of the same pages; sentences generated here), then prints:
reading throughput per format (no analysis), and the CLI's articles per second and peak memory
for ``--jobs 1`` and ``--jobs 2``. Run: ``PYTHONPATH=src python benchmarks/ingest_and_analyze.py
[ARTICLES]``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reportedly.ingest import ReadFailure, read_inputs

SPEAKERS = ("The mayor", "A spokesperson for the ministry", "Local officials", "The coach",
            "The company's chief executive", "Residents")
CUES = ("said", "told reporters", "claimed", "insisted", "admitted")
CLAIMS = ("the bridge would reopen by {n}", "{n} new homes would be built",
          "the budget had grown by {n} percent", "about {n} people had attended")


def article(rng: random.Random, paragraphs: int = 4) -> str:
    out = []
    for _ in range(paragraphs):
        speaker, cue = rng.choice(SPEAKERS), rng.choice(CUES)
        claim = rng.choice(CLAIMS).format(n=rng.randint(2, 5000))
        out.append(f'{speaker} {cue} on Monday that {claim}. "We are ready for it," '
                   f"{speaker.lower()} added, according to a statement released later.")
    return "\n\n".join(out)


def page(text: str, title: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav>Home | News</nav><article><h1>{title}</h1>{body}</article></body></html>")


def write_corpus(root: Path, n: int) -> dict[str, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(7)
    texts = [article(rng) for _ in range(n)]
    paths = {fmt: root / fmt for fmt in ("txt", "jsonl", "csv", "html", "warc")}
    for p in paths.values():
        p.mkdir()
    for i, text in enumerate(texts):
        (paths["txt"] / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        (paths["html"] / f"a{i:05d}.html").write_text(page(text, f"Story {i}"), encoding="utf-8")
    with (paths["jsonl"] / "all.jsonl").open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
    with (paths["csv"] / "all.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerows([f"a{i}", text] for i, text in enumerate(texts))
    with (paths["warc"] / "all.warc.gz").open("wb") as f:
        warc = WARCWriter(f, gzip=True)
        for i, text in enumerate(texts):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            warc.write_record(warc.create_warc_record(
                f"https://news.example/{i}", "response",
                payload=io.BytesIO(page(text, f"Story {i}").encode()), http_headers=headers))
    return paths


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), n)
        print(f"{n} synthetic articles per format")
        print(f"{'format':8} {'articles':>8} {'failures':>8} {'seconds':>8} {'articles/s':>11} "
              f"{'MB/s':>7}")
        for fmt, path in paths.items():
            t0 = time.perf_counter()
            items = list(read_inputs([path]))
            dt = time.perf_counter() - t0
            bad = sum(isinstance(x, ReadFailure) for x in items)
            good = len(items) - bad
            print(f"{fmt:8} {good:8d} {bad:8d} {dt:8.2f} {good / dt:11.0f} "
                  f"{size(path) / dt / 1e6:7.1f}")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [str(Path(__file__).resolve().parents[1] / "src"),
                          os.environ.get("PYTHONPATH")]))}
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}.jsonl"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "reportedly", "analyze", str(paths["jsonl"]),
                            "-o", str(out), "--jobs", str(jobs)], check=True, env=env)
            dt = time.perf_counter() - t0
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            lines = sum(1 for _ in out.open(encoding="utf-8"))
            print(f"analyze --jobs {jobs}: {lines} articles in {dt:.1f} s "
                  f"({lines / dt:.1f} articles/s, model load included); "
                  f"largest child so far {peak:.0f} MiB")


if __name__ == "__main__":
    main()
