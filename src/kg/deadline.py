"""Deadlines for work that cannot be interrupted: SPARQL evaluation in pyoxigraph.

pyoxigraph's ``Store.query`` has no timeout or cancellation, so a query runs in a daemon
thread of :class:`Deadlines` while the request thread waits at most until the deadline.
Past it the request gets a 503 at once, and the thread, still busy in native code, can only
be stopped by ending its process: the ``on_overrun`` callback asks for that (under gunicorn
the worker finishes its other requests, exits, and the master starts a fresh one; see
:mod:`kg.serve`). pyoxigraph releases the GIL while it evaluates, so the other threads of
the process keep answering meanwhile. Its threads have a large stack (:data:`STACK_BYTES`):
pyoxigraph's parser and evaluator recurse once per level of a query's nesting, and a stack
overflow would end the process (:mod:`kg.querycheck` bounds what they receive).

>>> deadlines = Deadlines()
>>> deadlines.run(lambda: 6 * 7, timeout=5)
42
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from .errors import Unavailable

T = TypeVar("T")

log = logging.getLogger(__name__)

# Address space only: pages are used as deep recursion touches them.
STACK_BYTES = 128 * 1024 * 1024
_STACK_LOCK = threading.Lock()


class QueryTimeout(Unavailable):
    """The work did not finish before its deadline (503)."""


class Deadlines:
    """A pool of daemon threads that run calls with a deadline.

    Threads are started on demand and reused; a thread stuck past its deadline stays busy
    (nothing can stop it) and *on_overrun* is called once, to replace the whole process.
    """

    def __init__(self, on_overrun: Callable[[], None] | None = None):
        self.on_overrun = on_overrun or _warn
        self.overrun = False
        self._tasks: queue.SimpleQueue[tuple[Future, Callable[[], object]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0

    def run(self, call: Callable[[], T], timeout: float) -> T:
        """The result of *call* if it finishes within *timeout* seconds.

        Raises what *call* raised, or :class:`QueryTimeout` (503) at the deadline.
        """
        future = self.submit(call)
        try:
            return future.result(timeout)
        except FutureTimeout:
            raise self.expired(timeout) from None

    def submit(self, call: Callable[[], T]) -> Future:
        """Start *call* in a pool thread; its future (for callers that wait themselves)."""
        future: Future = Future()
        future.set_running_or_notify_cancel()
        with self._lock:
            if self._idle:
                self._idle -= 1
            else:
                _start_thread(self._serve)
        self._tasks.put((future, call))
        return future

    def expired(self, timeout: float) -> QueryTimeout:
        """The error of a call past its *timeout*; the first one calls ``on_overrun``."""
        with self._lock:
            first, self.overrun = not self.overrun, True
        if first:
            self.on_overrun()
        return QueryTimeout(
            f"the query did not finish within its deadline of {timeout:g} s and was "
            "stopped; make it more selective (LIMIT, more specific patterns) and retry"
        )

    def _serve(self) -> None:
        while True:
            future, call = self._tasks.get()
            try:
                future.set_result(call())
            except BaseException as error:  # handed over to whoever waits on the future
                future.set_exception(error)
            with self._lock:
                self._idle += 1


def _start_thread(target: Callable[[], None]) -> None:
    """Start a daemon thread running *target* with a stack of :data:`STACK_BYTES`."""
    # The stack size is a process-wide setting read when a thread starts: set it just for this
    # one (another thread starting at the same moment may get the large stack too; harmless).
    with _STACK_LOCK:
        previous = threading.stack_size(STACK_BYTES)
        try:
            threading.Thread(target=target, name="kg-query", daemon=True).start()
        finally:
            threading.stack_size(previous)


def _warn() -> None:
    log.warning("a query past its deadline keeps running in this process until it ends")
