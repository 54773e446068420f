"""Work of the build shared with forked processes, so a build uses every core.

MkDocs renders one page after another, on one core. The generated pages are
most of a site at scale, and what each needs is known before MkDocs reaches it.
So at the start of a stage (Markdown, then the plugin's templates) the build
forks, and the forked process works through the pages from the last one while
the build goes on from the first, in MkDocs' own order. When the build reaches
a page the process has done, it takes that result (and every later one is done
too); until then it renders each page itself, as it always did. The two meet
wherever their speeds make them meet, so neither waits for the other, and the
process stops there. What a forked process logged for a page is logged again by
the build when it takes that page, so warnings count in strict mode as always;
a page the process could not render (an error) is left to the build, which
then fails on it as it would alone.

The same works for any ordered map (``ordered_map``), such as the report files' checks. A worker can also
be run to the end and its results collected at once (``collect``).

This module knows nothing of MkDocs or of the content: a worker is a list of
keys and a function of one key, run in a process forked from the build with all
its state. Results must be picklable and never None.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import queue
import select
import signal
import sys
import threading
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterator
    from multiprocessing.connection import Connection

Key = TypeVar("Key", bound=Hashable)
Result = TypeVar("Result")


def can_fork() -> bool:
    """Whether the build may fork: not on Windows, which cannot, nor on macOS, where a forked process may crash
    in the system's libraries (Python's own default there is to start processes afresh)."""
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def processes_wanted(setting: int) -> int:
    """The number of processes to share work among: ``setting``, or one per CPU core when it is 0."""
    if setting > 0:
        return setting
    if hasattr(os, "sched_getaffinity"):  # the cores this process may run on
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def split(keys: Sequence[Key], weights: Sequence[float], parts: int) -> list[list[Key]]:
    """``keys`` cut, in order, into ``parts`` runs (some may be empty) of about equal total weight."""
    total = sum(weights) or 1
    runs: list[list[Key]] = [[] for _ in range(parts)]
    done = 0.0
    for key, weight in zip(keys, weights, strict=True):
        # A key belongs to the run its middle falls in.
        runs[min(parts - 1, int((done + weight / 2) / total * parts))].append(key)
        done += weight
    return runs


def start_workers(
    keys: Sequence[Key],
    weights: Sequence[float],
    work: Callable[[Key], Result],
    processes: int,
    minimum: int,
    *,
    freeze: bool = True,
) -> list[Worker[Key, Result]]:
    """Forked processes doing ``work`` for ``keys`` too: ``processes`` in all with this one (0: one per CPU core),
    each from the end of its run of ``keys``; none for fewer keys than ``minimum``. ``freeze``: see ``Worker``."""
    workers = processes_wanted(processes) - 1
    if workers < 1 or len(keys) < minimum or not can_fork():
        return []
    return [Worker(run, work, freeze=freeze) for run in split(keys, weights, workers) if run]


def ordered_map(
    work: Callable[[Key], Result], keys: Sequence[Key], processes: int, minimum: int, *, freeze: bool = True
) -> Iterator[Result]:
    """``map(work, keys)`` shared with forked processes (see ``start_workers``): they start at once, from the end,
    and the results come in order, each from whichever process did it first."""
    forked = start_workers(keys, [1] * len(keys), work, processes, minimum, freeze=freeze)
    by_key = {key: worker for worker in forked for key in worker.keys}

    def results() -> Iterator[Result]:
        try:
            for key in keys:
                worker = by_key.pop(key, None)
                taken = worker.take(key) if worker is not None else None
                yield taken if taken is not None else work(key)
        finally:
            for worker in forked:
                worker.close()

    return results()


class Workers:
    """The worker processes of one build, by stage: ``start`` a stage, ``take`` its results, ``close`` it.

    ``processes`` in all with the build's own (0: one per CPU core); 1, or ``enabled=False`` (where forking is
    unsafe, such as next to a web server's threads), does all the work in the build's own process. ``freeze``:
    see ``Worker``.
    """

    def __init__(self, processes: int, *, enabled: bool = True, freeze: bool = True) -> None:
        self.processes = processes_wanted(processes) if enabled and can_fork() else 1
        self.freeze = freeze
        self._stages: dict[str, dict[Hashable, Worker[Any, Any]]] = {}

    def map(self, work: Callable[[Key], Result], keys: Sequence[Key], minimum: int) -> Iterator[Result]:
        """``map(work, keys)``, shared (see ``ordered_map``)."""
        return ordered_map(work, keys, self.processes, minimum, freeze=self.freeze)

    def start(
        self, stage: str, keys: Sequence[Key], weights: Sequence[float], work: Callable[[Key], Result], minimum: int
    ) -> bool:
        """Starts workers doing ``work`` for ``keys`` of ``stage`` too (none for fewer than ``minimum`` keys);
        whether any started."""
        self.close(stage)
        started = start_workers(keys, weights, work, self.processes, minimum, freeze=self.freeze)
        self._stages[stage] = {key: worker for worker in started for key in worker.keys}
        return bool(started)

    def take(self, stage: str, key: Hashable) -> Any | None:
        """The result of ``key`` in ``stage`` if a worker has done it (once); None: the caller does the work."""
        worker = self._stages.get(stage, {}).pop(key, None)
        return worker.take(key) if worker is not None else None

    def forget(self) -> None:
        """In a worker: the workers it was forked with are not its own (the build closes them)."""
        self._stages = {}

    def close(self, stage: str | None = None) -> None:
        """Stops the workers of ``stage`` (of every stage: None); what they do from now on is not taken."""
        for name in [stage] if stage is not None else list(self._stages):
            for worker in set(self._stages.pop(name, {}).values()):
                worker.close()


class Worker(Generic[Key, Result]):
    """A forked process doing ``work`` for ``keys`` from the last; ``take(key)`` gives what it has done.

    With ``freeze``, every object of the build is moved to Python's permanent generation before the fork (what
    the ``gc`` module advises before forking): collections, in the build or the worker, then never write to
    those objects again, so the memory the two share stays shared instead of being copied page by page.
    """

    def __init__(self, keys: Sequence[Key], work: Callable[[Key], Result], *, freeze: bool = True) -> None:
        self.keys = list(keys)
        self._results: dict[Key, tuple[Result, list[logging.LogRecord]]] = {}
        self._ended = False
        context = multiprocessing.get_context("fork")
        # The process sends its results down a pipe as it makes them; the build looks for them before each key.
        self._reader, writer = context.Pipe(duplex=False)
        self._ready = select.poll()
        self._ready.register(self._reader.fileno(), select.POLLIN)
        self._stop = context.Event()
        arguments = (self.keys[::-1], work, writer, self._reader, self._stop)
        self._process = context.Process(target=_run, args=arguments)
        self._process.daemon = True
        if freeze:
            gc.freeze()
        self._process.start()
        writer.close()  # only the process holds the writing end now: when it ends, the pipe says so

    def take(self, key: Key) -> Result | None:
        """The forked process's result for ``key``, its log records handled here; None if it has not done it,
        and then the caller does the work itself."""
        if key not in self._results:
            self._receive(timeout=0)
        found = self._results.pop(key, None)
        if found is None:
            return None
        # The process has done this key and every later one; the earlier ones the build did already.
        self._stop.set()
        return _handled(found)

    def collect(self) -> dict[Key, Result]:
        """Every result of the forked process, by key, once it has done all its keys (or failed, or died),
        their log records handled here."""
        while not self._ended:
            self._receive(timeout=None)
        results, self._results = self._results, {}
        return {key: _handled(found) for key, found in results.items()}

    def _receive(self, timeout: float | None) -> None:
        """Receives what the process has sent; with a timeout (seconds, None for no limit), waits for something."""
        wait = -1 if timeout is None else int(timeout * 1000)
        while not self._ended and self._ready.poll(wait):
            try:
                message = pickle.loads(self._reader.recv_bytes())  # noqa: S301 - from the build's own fork
            except (EOFError, OSError):  # the process died
                message = None
            if message is None:  # the process has ended
                self._ended = True
            else:
                done, value, records = message
                self._results[done] = (value, records)
            wait = 0

    def wait(self, timeout: float | None = None) -> bool:
        """Waits (at most ``timeout`` seconds) for the process to finish its keys or stop; whether it has. (A
        process whose results are not read ends only once they fit in the pipe: ``collect`` reads them.)"""
        self._process.join(timeout)
        return not self._process.is_alive()

    def close(self) -> None:
        """Stops the process: nothing it does from now on is taken (what it does ``uninterrupted`` it finishes)."""
        self._stop.set()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._reader.close()


def _handled(found: tuple[Result, list[logging.LogRecord]]) -> Result:
    value, records = found
    for record in records:
        logging.getLogger(record.name).handle(record)
    return value


def stopping() -> bool:
    """In the work of a forked process: whether the build has told it to stop, so that what it does now will
    not be taken (the build does it itself)."""
    return _stop is not None and _stop.is_set()


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """In the work of a forked process: what it does in this block, such as writing a file that the build may
    write too, it finishes even when the build stops it meanwhile."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


_stop: Any = None  # in a forked process, the build's signal to stop


def _run(keys: list[Key], work: Callable[[Key], Any], results: Connection, unused: Connection, stop: Any) -> None:
    """In the forked process: each key's result and log records, in order, until told to stop; then None."""
    global _stop  # noqa: PLW0603 - this process's own, for stopping()
    _stop = stop
    unused.close()  # the build's reading end: if the build dies, sending fails instead of waiting forever
    records: list[logging.LogRecord] = []
    _capture_logging(_Capture(records))
    # A thread sends the results, so that the work goes on while the build is busy and the pipe full.
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send, args=(outbox, results), daemon=True)
    # The build's signal to stop must reach the main thread, which may be doing something uninterrupted: the
    # sending thread starts with it blocked.
    with uninterrupted():
        sender.start()
    try:
        for key in keys:
            if stop.is_set():
                return
            try:
                value = work(key)
                outbox.put(pickle.dumps((key, value, list(records)), pickle.HIGHEST_PROTOCOL))
            except Exception:
                return
            records.clear()
    finally:
        outbox.put(pickle.dumps(None))
        outbox.put(None)
        sender.join()


def _send(outbox: queue.SimpleQueue[bytes | None], results: Connection) -> None:
    while (message := outbox.get()) is not None:
        try:
            results.send_bytes(message)
        except OSError:  # the build has gone
            return


def _capture_logging(capture: logging.Handler) -> None:
    """Every record logged here goes to ``capture``, once: the handlers of each logger where records stop
    (the root, and loggers that do not pass records on, such as MkDocs' own) are replaced by it."""
    root = logging.getLogger()
    loggers = [root, *(x for x in logging.Logger.manager.loggerDict.values() if isinstance(x, logging.Logger))]
    for logger in loggers:
        if logger.handlers or logger is root:
            logger.handlers = [capture] if logger is root or not logger.propagate else []


class _Capture(logging.Handler):
    """Keeps the records a forked process logs, made picklable: message formatted, traceback as text."""

    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)
