"""Hostile inputs, each beside a good article, through ``reportedly analyze``: what happens,
the memory peak (maximum resident set size of the run, model included) and the wall time; and
the same for reading the inputs alone (``read_inputs``, no model), which isolates what the
hostile input itself costs.

    python benchmarks/hostile_inputs.py [--only NAME ...] [--keep DIR]

Every input is made here, in a temporary directory (a few hundred megabytes of disk at most),
with the default limits unless a case sets its own. Prints a Markdown table. The first row is
the good article alone: the cost of loading the model, which every other row includes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MiB = 1024 * 1024
GOOD = ("The harbour master said on Thursday that the ferry would run again. "
        "\u201cWe are ready,\u201d she told reporters.\n")


def _zeros_gz(path: Path, n_bytes: int) -> None:
    with gzip.open(path, "wb", compresslevel=9) as f:
        block = bytes(MiB)
        for _ in range(n_bytes // MiB):
            f.write(block)


def _warc(path: Path, payloads: list[bytes | Callable[[], io.RawIOBase]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for i, payload in enumerate(payloads):
            stream = payload() if callable(payload) else io.BytesIO(payload)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.org/{i}", "response", payload=stream, http_headers=headers))


class _Lines(io.RawIOBase):
    """``n_bytes`` of short HTML lines, made as they are read."""

    def __init__(self, n_bytes: int) -> None:
        self.left = n_bytes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self.left) // 9 * 9
        buffer[:n] = b"<p>0</p>\n" * (n // 9)
        self.left -= n
        return n


def _page(text: str) -> bytes:
    return f"<html><body><article><p>{text}</p><p>{text}</p></article></body></html>".encode()


def case_good(d: Path) -> list[str]:
    return []


def case_gzip_bomb(d: Path) -> list[str]:
    _zeros_gz(d / "bomb.warc.gz", 1024 * MiB)
    return [str(d / "bomb.warc.gz")]


def case_record_bomb(d: Path) -> list[str]:
    _warc(d / "crawl.warc.gz", [_page(GOOD), lambda: _Lines(512 * MiB), _page(GOOD)])
    return [str(d / "crawl.warc.gz")]


def case_big_txt(d: Path) -> list[str]:
    with (d / "big.txt").open("wb") as f:
        for _ in range(100):
            f.write(b"word " * (MiB // 5))
    return [str(d / "big.txt")]


def case_endless_jsonl_line(d: Path) -> list[str]:
    with (d / "corpus.jsonl").open("wb") as f:
        f.write(b'{"text": "')
        for _ in range(200):
            f.write(b"a" * MiB)
        f.write(b'"}\n' + json.dumps({"text": GOOD, "id": "after"}).encode() + b"\n")
    return [str(d / "corpus.jsonl")]


def case_over_char_cap(d: Path) -> list[str]:
    (d / "long.txt").write_text("Word " * 1_200_000, encoding="utf-8")  # 6 million characters
    return [str(d / "long.txt")]


def case_link_loop_in_dir(d: Path) -> list[str]:
    (d / "corpus").mkdir()
    (d / "corpus" / "a.txt").symlink_to("b.txt")
    (d / "corpus" / "b.txt").symlink_to("a.txt")
    (d / "corpus" / "self").symlink_to(".")
    (d / "corpus" / "gone.txt").symlink_to("nowhere.txt")
    return [str(d / "corpus")]


def case_link_loop_named(d: Path) -> list[str]:
    (d / "loop.txt").symlink_to("loop.txt")
    return [str(d / "loop.txt")]


def case_non_utf8_name(d: Path) -> list[str]:
    name = d / os.fsdecode(b"caf\xe9.txt")
    name.write_text(GOOD, encoding="utf-8")
    return [str(name)]


def case_quote_marks(d: Path) -> list[str]:
    (d / "quotes.txt").write_text("He said \u201c" + "\u201c \u201d " * 50_000, encoding="utf-8")
    return [str(d / "quotes.txt")]


#: name: (what the input is, how to make it, options for ``analyze``)
CASES: dict[str, tuple[str, Callable[[Path], list[str]], list[str]]] = {
    "good": ("the good article alone", case_good, []),
    "gzip-bomb": (".warc.gz of 1 GiB of zeros (1 MB on disk)", case_gzip_bomb, []),
    "record-bomb": (".warc.gz with a 512 MiB record of short lines between two pages",
                    case_record_bomb, []),
    "big-txt": (".txt of 100 MiB", case_big_txt, []),
    "jsonl-line": (".jsonl with a 200 MiB line, then a good line", case_endless_jsonl_line, []),
    "char-cap": (".txt of 6 million characters (6 MB)", case_over_char_cap, []),
    "loop-dir": ("directory with a two-link loop, a link to itself, a dangling link",
                 case_link_loop_in_dir, []),
    "loop-named": ("a link to itself named directly", case_link_loop_named, []),
    "non-utf8": ("file name with byte 0xE9, output to -o FILE", case_non_utf8_name, []),
    "quotes": ("100,000 quotation marks, with --time-budget 30", case_quote_marks,
               ["--time-budget", "30"]),
}


def run_case(name: str, root: Path) -> dict[str, str]:
    what, make, options = CASES[name]
    d = root / name
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    inputs = make(d)
    out = d / "out.jsonl"
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "reportedly", "analyze",
               *inputs, str(d / "good.txt"), "-o", str(out), "--format", "jsonl", *options]
    read_peak, read_seconds = _read_alone([*inputs, str(d / "good.txt")], options)
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, errors="replace")
    seconds = time.monotonic() - started
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    notes = [line.removeprefix("reportedly: ") for line in done.stderr.splitlines()
             if line.startswith("reportedly: ") and "could not be read" not in line]
    analysed = []
    if out.exists():
        analysed = [json.loads(line)["doc_id"] for line in out.read_text("utf-8").splitlines()]
    traceback = "Traceback" in done.stderr
    outcome = "; ".join(n.replace(str(d) + "/", "") for n in notes) or "analysed"
    return {"case": what, "exit": str(done.returncode),
            "happens": ("TRACEBACK " if traceback else "") + outcome,
            "analysed": ", ".join(analysed),
            "peak": f"{int(rss.group(1)) // 1024} MiB" if rss else "?",
            "time": f"{seconds:.1f} s", "read": f"{read_peak}, {read_seconds}"}


_READ_ALONE = """
import sys, time
from reportedly.ingest import read_inputs
started = time.monotonic()
items = list(read_inputs(sys.argv[1:]))
print(f"{time.monotonic() - started:.2f}")
"""


def _read_alone(inputs: list[str], options: list[str]) -> tuple[str, str]:
    """Memory peak and time of reading ``inputs`` alone, in a process of its own."""
    env = dict(os.environ)
    for flag, value in zip(options[::2], options[1::2], strict=True):
        env["REPORTEDLY_" + flag.removeprefix("--").replace("-", "_").upper()] = value
    done = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-c", _READ_ALONE, *inputs],
                          capture_output=True, text=True, errors="replace", env=env)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    peak = f"{int(rss.group(1)) // 1024} MiB" if rss else "?"
    return peak, f"{done.stdout.strip() or '?'} s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", choices=sorted(CASES), default=None)
    ap.add_argument("--keep", type=Path, default=None, help="make the inputs here and keep them")
    args = ap.parse_args()
    if not Path("/usr/bin/time").exists():
        print("needs /usr/bin/time (apt-get install time)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        print("| input (beside a good article) | exit | what happens | analysed | memory peak "
              "| time | reading alone: peak, time |")
        print("|---|---|---|---|---|---|---|")
        for name in args.only or CASES:
            row = run_case(name, root)
            print(f"| {row['case']} | {row['exit']} | {row['happens']} | {row['analysed']} | "
                  f"{row['peak']} | {row['time']} | {row['read']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
