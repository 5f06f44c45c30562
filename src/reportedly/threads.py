"""How many threads the numeric work of this process may use: chosen, never inherited.

The tagger's encoder (ONNX Runtime) runs on exactly this many threads, and every BLAS and
OpenMP pool threadpoolctl finds is held to it. A parsing worker takes one (one worker a core);
a single process takes :data:`DEFAULT_THREADS` unless told otherwise (``threads=`` of
:func:`reportedly.analyze`, ``reportedly analyze --threads``). Left to themselves, the numeric
libraries start a thread per core each, and on a busy machine those threads wait on each other
far longer than they work.
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits

#: One: the encoder runs one window at a time, too small to share out with gain on a machine
#: whose other cores are busy, and a single process then runs as fast per article as a worker.
DEFAULT_THREADS = 1

_current: int | None = None


def use_threads(threads: int) -> None:
    """Hold this process's numeric work to ``threads`` threads (at least 1)."""
    global _current
    if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
        raise ValueError(f"threads must be a whole number of at least 1, not {threads!r}")
    if threads != _current:
        threadpool_limits(threads)
        _current = threads


def current_threads() -> int:
    """The thread count set here, or the default when none was."""
    return DEFAULT_THREADS if _current is None else _current
