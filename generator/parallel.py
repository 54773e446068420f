"""Work on the build's record pages shared with forked processes, so a build uses every core.

MkDocs renders one page after another, on one core. The record pages (reports,
areas for improvement, areas) are most of a site at scale, and what each needs
is known before MkDocs reaches it: so at the start of a stage (Markdown, then
the plugin's templates) the build forks, each forked process works through its
share of the pages, and the build takes each result when it reaches that page,
in MkDocs' own order. What a forked process logs is logged again by the build,
with that page, so warnings count in strict mode as they always do.

This module knows nothing of MkDocs or of the content: a share is a list of
keys and a function of one key, run in a process forked from the build with all
its state.
"""

from __future__ import annotations

import bisect
import gc
import logging
import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

Key = TypeVar("Key", bound=Hashable)
Result = TypeVar("Result")


class WorkerError(Exception):
    """A forked process failed: the message holds its traceback."""


def can_fork() -> bool:
    """Whether processes can be forked here (not on Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def processes_wanted(setting: int) -> int:
    """The number of processes to share work among: ``setting``, or one per CPU core when it is 0."""
    if setting > 0:
        return setting
    if hasattr(os, "sched_getaffinity"):  # the cores this process may run on
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def split(keys: Sequence[Key], weights: Sequence[float], parts: int, first: float | None = None) -> list[list[Key]]:
    """``keys`` cut, in order, into ``parts`` runs (some may be empty): the first holding the fraction
    ``first`` of the total weight (by default, as much as any other), the others equal shares of the rest."""
    total = sum(weights)
    first = 1 / parts if first is None else first
    # Where each run after the first starts, on the running total of the weight; a key belongs to the run its
    # middle falls in.
    starts = [total * (first + (1 - first) * i / (parts - 1)) for i in range(parts - 1)]
    runs: list[list[Key]] = [[] for _ in range(parts)]
    done = 0.0
    for key, weight in zip(keys, weights, strict=True):
        runs[bisect.bisect_right(starts, done + weight / 2)].append(key)
        done += weight
    return runs


@dataclass
class Share(Generic[Key, Result]):
    """A forked process working through ``keys`` with ``work``; ``result(key)`` waits for one result.

    Results come in the order of ``keys``, through a queue that buffers them so the process never waits for
    this one; the log records of each are handled again, in this process, when its result is taken.
    """

    keys: list[Key]
    work: Callable[[Key], Result]
    results: dict[Key, tuple[Result, list[logging.LogRecord]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # What both processes hold (the content, the pages) stays shared only while neither writes to it;
        # the garbage collector would write to every object it looks at.
        gc.collect()
        gc.freeze()
        context = multiprocessing.get_context("fork")
        self._queue = context.Queue()
        self._process = context.Process(target=_run, args=(self.keys, self.work, self._queue), daemon=True)
        self._process.start()
        self._pending = set(self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self._pending

    def result(self, key: Key) -> Result:
        """The result for ``key``, after the records it logged are handled here."""
        while key not in self.results:
            message = self._next()
            if message[0] == "error":
                self.close()
                raise WorkerError(message[1])
            _, done, value, records = message
            self.results[done] = (value, records)
        value, records = self.results.pop(key)
        self._pending.discard(key)
        for record in records:
            logging.getLogger(record.name).handle(record)
        if not self._pending:
            self.close()
        return value

    def _next(self) -> tuple[Any, ...]:
        while True:
            try:
                return cast("tuple[Any, ...]", self._queue.get(timeout=1))
            except queue.Empty:
                if not self._process.is_alive():
                    self.close()
                    msg = f"a forked rendering process ended early (exit code {self._process.exitcode})"
                    raise WorkerError(msg) from None

    def close(self) -> None:
        """Stops the process (when it has not finished) and waits for it."""
        if self._process.is_alive() and self._pending:
            self._process.terminate()
        self._process.join()
        self._queue.close()


def _run(keys: list[Key], work: Callable[[Key], Any], results: Any) -> None:
    """In the forked process: each key's result and log records, in order."""
    records: list[logging.LogRecord] = []
    _capture_logging(_Capture(records))
    try:
        for key in keys:
            value = work(key)
            results.put(("result", key, value, list(records)))
            records.clear()
    except BaseException as error:
        results.put(("error", "".join(traceback.format_exception(error))))


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
