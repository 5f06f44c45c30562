"""Parsing in worker processes: ``pipe``, ``nlp.pipe`` over forked workers that share the loaded
model, stop at once when the caller stops, and end with it."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.threads import use_threads

#: Batches sent ahead to each worker, so that none waits while the caller uses the last.
AHEAD = 2
#: Linux prctl(2) option: the signal a process gets when its parent ends.
_PR_SET_PDEATHSIG = 1


class ParseWorkerError(RuntimeError):
    """A parsing worker process failed or ended unexpectedly."""


def pipe(nlp: Language, texts: Iterable[Any], *, as_tuples: bool = False, n_process: int = 1,
         batch_size: int = 32, then: Callable[[Doc, Any], Any] | None = None
         ) -> Generator[Any, None, None]:
    """Docs for ``texts`` in input order, as ``nlp.pipe`` gives them, parsed by ``n_process``
    worker processes; the input is read lazily, a few batches ahead.

    With ``then`` (``texts`` are then ``(text, context)`` pairs), each worker goes on to call
    ``then(doc, context)`` and the results come back instead of docs: the work after parsing
    runs in parallel too. Its results, and any exception it raises, must pickle.

    Unlike ``nlp.pipe(n_process=N)``, stopping early never hangs: when the caller stops
    (an exception in its own code or in ``texts``, Ctrl-C, or closing the stream) the workers
    are ended at once, and they end with this process even when it is killed outright (they
    would otherwise wait for work forever, each holding a loaded model). Ctrl-C is this
    process's to handle: the workers ignore it. Elsewhere than on Linux, or with one process,
    this is ``nlp.pipe`` itself."""
    if n_process <= 1 or not sys.platform.startswith("linux"):
        if then is not None:
            for doc, ctx in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
                yield then(doc, ctx)
            return
        if as_tuples:
            yield from nlp.pipe(texts, as_tuples=True, n_process=n_process,
                                batch_size=batch_size)
        else:
            yield from nlp.pipe(texts, n_process=n_process, batch_size=batch_size)
        return
    items = iter(texts)
    context = multiprocessing.get_context("fork")  # the workers share the loaded model
    workers = [_Worker(context, nlp, then) for _ in range(n_process)]
    in_flight: deque[tuple[_Worker, list[Any] | None]] = deque()

    def send(worker: _Worker) -> None:
        batch = list(islice(items, batch_size))
        if batch:
            if then is not None:
                worker.send(batch)
                in_flight.append((worker, None))
            elif as_tuples:
                worker.send([text for text, _ in batch])
                in_flight.append((worker, [ctx for _, ctx in batch]))
            else:
                worker.send(batch)
                in_flight.append((worker, None))

    finished = False
    try:
        for _ in range(AHEAD):
            for worker in workers:
                send(worker)
        while in_flight:
            worker, contexts = in_flight.popleft()
            received = worker.receive()
            send(worker)  # before the caller gets the docs: the worker goes on meanwhile
            if then is not None:
                yield from received
                continue
            docs = [Doc(nlp.vocab).from_bytes(data) for data in received]
            if contexts is None:
                yield from docs
            else:
                yield from zip(docs, contexts, strict=True)
        finished = True
    finally:
        for worker in workers:
            worker.stop(finished)


class _Worker:
    """One parsing process: batches of texts in, serialised Docs out, in order."""

    def __init__(self, context: Any, nlp: Language,
                 then: Callable[[Doc, Any], Any] | None = None) -> None:
        self.inbox = context.Queue()  # put() never blocks: a feeder thread writes it
        self.outbox, outbox_end = context.Pipe(duplex=False)
        self.process = context.Process(target=_work, args=(nlp, self.inbox, outbox_end,
                                                           os.getpid(), then), daemon=True)
        self.process.start()
        outbox_end.close()

    def send(self, texts: list[Any]) -> None:
        self.inbox.put(texts)

    def receive(self) -> list[Any]:
        # Waiting on the process too: one that dies (killed, out of memory) is an error, not
        # an endless wait.
        while not self.outbox.poll():
            wait([self.outbox, self.process.sentinel])
            if not self.outbox.poll() and not self.process.is_alive():
                raise self._ended()
        try:
            result: list[Any] | str = self.outbox.recv()  # what _work sends
        except EOFError:
            raise self._ended() from None
        if isinstance(result, str):
            raise ParseWorkerError(f"parsing failed in a worker: {result}")
        return result

    def _ended(self) -> ParseWorkerError:
        self.process.join(timeout=5)
        return ParseWorkerError(
            f"a parsing worker ended unexpectedly (exit code {self.process.exitcode})")

    def stop(self, finished: bool) -> None:
        if finished:
            self.inbox.put(None)
            self.process.join()
        else:
            # Its queue may hold texts nobody will read: the feeder thread must not be
            # waited for at exit.
            self.inbox.cancel_join_thread()
            self.process.kill()
            self.process.join()
        self.inbox.close()
        self.outbox.close()


def _work(nlp: Language, inbox: Any, outbox: Connection, parent: int,
          then: Callable[[Doc, Any], Any] | None = None) -> None:
    """A worker's loop: parse each batch from ``inbox`` (and apply ``then``) until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent)
    # One worker a core: with each worker's matrix products (the tagger's encoder) on every
    # core too, the workers' threads fight over the cores and run slower than one process.
    use_threads(1)
    while True:
        texts = inbox.get()
        if texts is None:
            break
        try:
            result: list[Any] | str
            if then is None:
                result = [doc.to_bytes() for doc in nlp.pipe(texts, batch_size=len(texts))]
            else:
                result = [then(doc, ctx) for doc, ctx in
                          nlp.pipe(texts, as_tuples=True, batch_size=len(texts))]
        except Exception as e:  # the caller raises it: parsing has no per-text fallback
            result = f"{type(e).__name__}: {e}"
        outbox.send(result)
    outbox.close()


def _end_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request was made
        os._exit(1)
