"""``reportedly analyze PATH...``: Analyses as JSON, JSONL or a readable report.

Inputs stream through: read, parsed and written one by one, so a corpus of any size runs in
bounded memory. Inputs that cannot be read are reported on stderr and the rest go on; the exit
status is 1 when any input failed (or none was found), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from reportedly.cli.options import positive_int
from reportedly.limits import LimitExceeded
from reportedly.limits import add_options as add_limit_options
from reportedly.model import Analysis, Article


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze", help="analyse articles and print their Analyses",
        description="Analyse articles: .txt, .html/.htm, .jsonl, .csv, .warc/.warc.gz files, "
                    "directories (walked recursively in sorted order) or - for stdin.",
        epilog="Inputs that cannot be read are named on stderr with the reason and the rest go "
               "on. Exit status: 0 all read, 1 some input failed or none was found, 2 usage "
               "error or unwritable output.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    p.add_argument("--format", choices=("json", "jsonl", "text"), default=None,
                   help="json: one object (an array for several articles), the default for one "
                        "article; jsonl: one Analysis per line, the default for several; "
                        "text: a report for a person to read")
    p.add_argument("-o", "--output", metavar="FILE", default=None,
                   help="write here (replaced when the run ends) instead of stdout")
    p.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N",
                   help="parse with N processes (default 1)")
    p.add_argument("--threads", type=positive_int, default=None, metavar="N",
                   help="threads for the numeric work of a single process (default 1; with "
                        "-j above 1 each process takes one)")
    add_limit_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reportedly.analyze import analyze_many
    from reportedly.ingest import FORMATS, ReadFailure, read_inputs
    from reportedly.limits import apply_options
    from reportedly.nlp import ModelMissingError

    try:
        limits = apply_options(args)
    except ValueError as e:
        print(f"reportedly: {e}", file=sys.stderr)
        return 2
    single = is_single_article(args.paths)
    fmt = args.format or ("json" if single else "jsonl")
    output = Path(args.output) if args.output else None
    failures = 0
    analysed = 0

    def articles(progress: _Progress) -> Iterator[Article]:
        nonlocal failures
        skip = [output] if output else []
        for item in read_inputs(args.paths, skip=skip, limits=limits):
            if isinstance(item, ReadFailure):
                failures += 1
                progress.note(f"reportedly: {item}")
            else:
                yield item

    try:
        with _opened(output) as out, _Progress(enabled=not single) as progress:
            writer = _Writer(out, fmt, single)
            def analysis_failed(article: Article, error: Exception) -> None:
                nonlocal failures
                failures += 1
                if isinstance(error, LimitExceeded):  # the limit names itself
                    progress.note(f"reportedly: {article.doc_id}: {error}")
                    return
                progress.note(f"reportedly: {article.doc_id}: analysis failed: "
                              f"{type(error).__name__}: {error}")

            for analysis in analyze_many(articles(progress), n_process=args.jobs,
                                         on_error=analysis_failed, threads=args.threads,
                                         limits=limits):
                writer.write(analysis)
                analysed += 1
                progress.advance()
            writer.close()
    except ModelMissingError as e:
        print(f"reportedly: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except OSError as e:
        print(f"reportedly: cannot write {output or 'stdout'}: {e.strerror or e}",
              file=sys.stderr)
        return 2
    if failures:
        print(f"reportedly: {_plural(failures, 'input')} could not be read or analysed; "
              f"{_plural(analysed, 'article')} analysed", file=sys.stderr)
        return 1
    if not analysed:
        print(f"reportedly: no articles found (readable endings: {' '.join(sorted(FORMATS))})",
              file=sys.stderr)
        return 1
    return 0


def is_single_article(paths: list[str]) -> bool:
    """True when the inputs are one article: stdin, or one file of a one-article format."""
    from reportedly.ingest import MULTI_ARTICLE_FORMATS, STDIN, format_of

    if len(paths) != 1:
        return False
    path = paths[0]
    return path == STDIN or (Path(path).is_file()
                             and format_of(path) not in MULTI_ARTICLE_FORMATS)


class _Writer:
    """Writes Analyses in one output format, one at a time."""

    def __init__(self, out: TextIO, fmt: str, single: bool) -> None:
        self.out, self.fmt, self.single = out, fmt, single
        self.count = 0

    def write(self, analysis: Analysis) -> None:
        if self.fmt == "text":
            from reportedly.report import format_report

            self.out.write(("\n" if self.count else "") + format_report(analysis))
        elif self.fmt == "jsonl":
            self.out.write(analysis.to_json() + "\n")
        elif self.single:
            self.out.write(analysis.to_json(indent=2) + "\n")
        else:  # a JSON array, written element by element
            self.out.write(("," if self.count else "[") + "\n" + analysis.to_json(indent=2))
        self.count += 1
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "json" and not self.single:
            self.out.write("\n]\n" if self.count else "[]\n")


class _Progress:
    """A progress bar on stderr, only when stderr is a terminal; notes print above it."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(desc="analysing", unit=" articles", file=sys.stderr, leave=False)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update()

    def note(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr, flush=True)


@contextmanager
def _opened(output: Path | None) -> Iterator[TextIO]:
    """stdout, or a hidden temporary file beside ``output`` that replaces it at the end (so a
    failed run leaves no half-written file, and a directory walk never reads it back in)."""
    if output is None:
        if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8" and \
                hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8")
        yield sys.stdout
        sys.stdout.flush()
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        os.chmod(fd, 0o666 & ~_umask())  # as open() would have created it, not mkstemp's 0600
        with open(fd, "w", encoding="utf-8") as f:
            yield f
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
