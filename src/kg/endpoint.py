"""The SPARQL endpoint's core, without HTTP: deadline, row cap, per-client cap, ETag, cache.

:class:`Endpoint` (one per process) answers a :class:`QueryRequest` with a :class:`Reply`:
the query is checked, the dataset version and the request give a strong ``ETag`` (a
matching ``If-None-Match`` is answered ``304`` without running anything), the answer comes
from the per-process result cache or is computed in a deadline thread
(:mod:`kg.deadline`), fully serialised before anything is sent.

The cap on concurrent queries per client counts the queries of one client address that
this process is running; under gunicorn each worker process counts its own (a client may
run up to ``workers x max_client_queries`` queries at once in total).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import sparql
from .deadline import Deadlines, QueryTimeout
from .errors import BadRequest, KGError
from .metrics import Metrics
from .negotiation import Format
from .querycheck import QueryShape
from .settings import Settings
from .store import StoreHandle

CHEAP = 0.010  # seconds: see Endpoint.known_cheap
TRUNCATED = "KG-Results-Truncated"
ROW_LIMIT = "KG-Row-Limit"


class TooManyQueries(KGError):
    """The client already runs as many queries as it may (429)."""

    status = 429


@dataclass(frozen=True)
class QueryRequest:
    """One query as the protocol sends it, already read from HTTP."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    timeout: str | None = None
    client: str = ""
    if_none_match: str = ""
    base_iri: str | None = None


@dataclass
class Reply:
    """An HTTP answer: status, body, content type and extra headers."""

    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    truncated: bool = False


@dataclass
class Pending:
    """A query ready to evaluate: what :meth:`Endpoint.compute` needs, and its headers."""

    request: QueryRequest
    shape: QueryShape
    fmt: Format
    store: object
    options: dict
    timeout: float
    tag: str
    headers: dict[str, str]


class Endpoint:
    """Runs checked queries for the web app of one process.

    :meth:`reply` does it all in the calling thread; an asynchronous front end calls
    :meth:`prepare` (never blocks), evaluates :meth:`compute` in :attr:`deadlines` itself,
    then :meth:`finish`.
    """

    def __init__(self, settings: Settings, handle: StoreHandle, metrics: Metrics):
        self.settings = settings
        self.handle = handle
        self.metrics = metrics
        self.deadlines = Deadlines()
        self.cache = ResultCache(settings.result_cache_bytes)
        self.clients = ClientSlots(settings.max_client_queries)
        self.costs = Costs()

    def reply(self, request: QueryRequest, shape: QueryShape, fmt: Format) -> Reply:
        """The whole answer to *request* in *fmt*, or a 304.

        Raises :class:`~kg.errors.BadRequest` (400), :class:`TooManyQueries` (429) and
        :class:`~kg.deadline.QueryTimeout` (503) besides the errors of
        :func:`kg.sparql.answer`.
        """
        pending = self.prepare(request, shape, fmt)
        if isinstance(pending, Reply):
            return pending
        with self.clients.slot(request.client):
            future = self.deadlines.submit(lambda: self.compute(pending))
            try:
                answer = future.result(pending.timeout)
            except FutureTimeout:
                raise self.expired(pending.timeout) from None
        return self.finish(pending, answer)

    def prepare(self, request: QueryRequest, shape: QueryShape, fmt: Format) -> Pending | Reply:
        """Everything before evaluation; a :class:`Reply` when none is needed (304, cache).

        Raises :class:`~kg.errors.BadRequest` (400) for a bad timeout or graph IRI and
        :class:`~kg.errors.Unavailable` (503) without a store.
        """
        timeout = self.timeout_for(request.timeout)
        store, version = self.handle.snapshot()
        options = sparql.dataset_options(
            shape, list(request.default_graphs), list(request.named_graphs)
        )
        if request.base_iri:
            options["base_iri"] = request.base_iri
        tag = etag(version.sha256 or version.version, request, fmt.name, self.settings.max_rows)
        headers = {"ETag": tag, "Cache-Control": "public, no-cache", "Vary": "Accept"}
        pending = Pending(request, shape, fmt, store, options, timeout, tag, headers)
        if etag_matches(request.if_none_match, tag):
            self.metrics.count("not_modified")
            return Reply(304, b"", fmt.content_type, headers)
        answer = self.cache.get(tag)
        if answer is not None:
            self.metrics.count("cache_hits")
            return self.finish(pending, answer, cached=True)
        return pending

    def compute(self, pending: Pending) -> sparql.Answer:
        """Evaluate and serialise (blocking: run it where a deadline watches it)."""
        started = time.perf_counter()
        answer = sparql.answer(
            pending.store,
            pending.request.text,
            pending.shape,
            pending.fmt,
            max_rows=self.settings.max_rows,
            options=pending.options,
        )
        self.costs.record(pending.tag, time.perf_counter() - started)
        return answer

    def known_cheap(self, pending: Pending) -> bool:
        """True when this very answer (same dataset version, query and format) took less than
        :data:`CHEAP` seconds and a hundredth of the deadline the last time it was computed.

        The build is immutable, so the same evaluation does the same work again: such a
        query may run in the request's own thread without a deadline thread.
        """
        seconds = self.costs.get(pending.tag)
        return seconds is not None and seconds < min(CHEAP, pending.timeout / 100)

    def expired(self, timeout: float) -> QueryTimeout:
        """The 503 of a query past its deadline (counted; the process is then recycled)."""
        self.metrics.count("timeouts")
        return self.deadlines.expired(timeout)

    def finish(self, pending: Pending, answer: sparql.Answer, cached: bool = False) -> Reply:
        """The reply of a computed *answer*, kept in the result cache."""
        if not cached:
            self.cache.put(pending.tag, answer)
        if answer.truncated:
            self.metrics.count("truncations")
        headers = dict(pending.headers)
        if answer.kind != "ask":
            headers[TRUNCATED] = "true" if answer.truncated else "false"
            headers[ROW_LIMIT] = str(self.settings.max_rows)
        return Reply(200, answer.body, pending.fmt.content_type, headers, answer.truncated)

    def timeout_for(self, wanted: str | None) -> float:
        """The deadline in seconds: the setting, or lower when the request asks.

        Raises :class:`~kg.errors.BadRequest` for a value that is not a positive number.

        >>> from kg.settings import load_settings
        >>> settings = load_settings(environ={}, query_timeout=30)
        >>> Endpoint(settings, None, Metrics()).timeout_for("90")
        30.0
        """
        limit = float(self.settings.query_timeout)
        if wanted is None or not wanted.strip():
            return limit
        try:
            seconds = float(wanted)
        except ValueError:
            seconds = -1.0
        if not 0 < seconds < float("inf"):
            raise BadRequest(f"timeout must be a positive number of seconds, not {wanted!r}")
        return min(seconds, limit)


def etag(version: str, request: QueryRequest, format_name: str, max_rows: int) -> str:
    """A strong ETag for the answer to *request* in a format, on one dataset version.

    >>> ask = QueryRequest("ASK {}")
    >>> etag("v1", ask, "json", 10) == etag("v1", ask, "json", 10) != etag("v2", ask, "json", 10)
    True
    """
    graphs = (*request.default_graphs, "|", *request.named_graphs)
    parts = (version, request.text, request.base_iri or "", *graphs)
    digest = hashlib.sha256("\x00".join((*parts, format_name, str(max_rows))).encode())
    return f'"{digest.hexdigest()[:40]}"'


def etag_matches(header: str, tag: str) -> bool:
    """True when an ``If-None-Match`` *header* names *tag* (or is ``*``).

    >>> etag_matches('W/"a", "b"', '"a"'), etag_matches("*", '"c"'), etag_matches("", '"a"')
    (True, True, False)
    """
    if not header:
        return False
    tags = {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}
    return tag in tags or "*" in tags


class ResultCache:
    """Answers by ETag, least recently used first out, within a byte budget (0: off)."""

    def __init__(self, budget: int):
        self.budget = budget
        self._size = 0
        self._lock = threading.Lock()
        self._items: OrderedDict[str, sparql.Answer] = OrderedDict()

    def get(self, tag: str) -> sparql.Answer | None:
        """The cached answer of *tag*, or ``None``."""
        if self.budget <= 0:
            return None
        with self._lock:
            found = self._items.get(tag)
            if found is not None:
                self._items.move_to_end(tag)
            return found

    def put(self, tag: str, answer: sparql.Answer) -> None:
        """Keep *answer* unless it is larger than a quarter of the budget."""
        size = len(answer.body)
        if self.budget <= 0 or size > self.budget // 4:
            return
        with self._lock:
            if tag in self._items:
                return
            self._items[tag] = answer
            self._size += size
            while self._size > self.budget:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped.body)


class Costs:
    """How long the last computation of each answer took, for the most recent ones."""

    def __init__(self, size: int = 4096):
        self.size = size
        self._seconds: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, tag: str) -> float | None:
        """Seconds the answer *tag* took, if known."""
        return self._seconds.get(tag)

    def record(self, tag: str, seconds: float) -> None:
        """Remember that computing the answer *tag* took *seconds*."""
        with self._lock:
            self._seconds[tag] = seconds
            self._seconds.move_to_end(tag)
            if len(self._seconds) > self.size:
                self._seconds.popitem(last=False)


class ClientSlots:
    """How many queries each client runs at once in this process, with a cap (0: none)."""

    def __init__(self, cap: int):
        self.cap = cap
        self._lock = threading.Lock()
        self._running: Counter[str] = Counter()

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        """Hold one of *client*'s slots while the block runs (see :meth:`acquire`)."""
        self.acquire(client)
        try:
            yield
        finally:
            self.release(client)

    def acquire(self, client: str) -> None:
        """Take one of *client*'s slots.

        Raises :class:`TooManyQueries` (429) when the client has none left.
        """
        if self.cap <= 0:
            return
        with self._lock:
            if self._running[client] >= self.cap:
                raise TooManyQueries(
                    f"too many queries at once from this client (at most {self.cap} per "
                    "server process): wait for one to finish and retry"
                )
            self._running[client] += 1

    def release(self, client: str) -> None:
        """Give back a slot taken by :meth:`acquire`."""
        if self.cap <= 0:
            return
        with self._lock:
            self._running[client] -= 1
            if not self._running[client]:
                del self._running[client]
