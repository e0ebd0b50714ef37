"""Answers of canned reports, cached per dataset version.

The graph changes only when a build replaces it, so the answer of a report for given values is
the same until the next build. :class:`ReportService` keeps answers in memory, keyed by report and
bound values, for one dataset version at a time: the first request that sees a new version
empties the cache. The cache is bounded by a number of answers and of cells (rows × columns),
least recently used first out; an answer larger than the whole budget is served, not kept.

Default views are computed on the first request after a build: that request starts a
background thread that answers every report with its default values (:meth:`ReportService.warm`),
so the pages people open first are ready by the time they ask.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

from .errors import KGError
from .report_params import LANGUAGES
from .reports import (
    Bindings,
    CannedQuery,
    ReportResult,
    check_classes,
    choice_list,
    find_query,
    run_report,
)
from .store import QueryEngine


class ReportCache:
    """Least-recently-used answers of one dataset version, bounded in entries and cells.

    >>> cache = ReportCache(max_entries=1)
    >>> cache.get("v1", "a") is None  # the first look-up of a version empties the cache
    True
    >>> cache.put("v1", "a", "answer a"); cache.put("v1", "b", "answer b")
    >>> cache.get("v1", "a"), cache.get("v1", "b"), cache.get("v2", "b"), cache.get("v1", "b")
    (None, 'answer b', None, None)
    """

    def __init__(self, max_entries: int = 512, max_cells: int = 500_000):
        self.max_entries = max_entries
        self.max_cells = max_cells
        self._lock = threading.Lock()
        self._version: str | None = None
        self._entries: OrderedDict[str, tuple[object, int]] = OrderedDict()
        self._cells = 0

    def get(self, version: str, key: str) -> object | None:
        """The answer kept for *key* in *version*, or ``None``; a new version empties the cache."""
        with self._lock:
            self._switch(version)
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, version: str, key: str, value: object, cells: int = 1) -> None:
        """Keep *value* for *key*, unless it is too large or of another version than the last
        look-up's (an answer computed on a build that has just been replaced)."""
        with self._lock:
            if version != self._version or cells > self.max_cells:
                return
            if key in self._entries:
                self._cells -= self._entries.pop(key)[1]
            self._entries[key] = (value, cells)
            self._cells += cells
            while len(self._entries) > self.max_entries or self._cells > self.max_cells:
                self._cells -= self._entries.popitem(last=False)[1][1]

    def __len__(self) -> int:
        return len(self._entries)

    def _switch(self, version: str) -> None:
        if version != self._version:
            self._version, self._entries, self._cells = version, OrderedDict(), 0


def answer_key(name: str, bindings: Bindings) -> str:
    """A short stable key of a report and its bound values (for the cache and ETags).

    >>> answer_key("risks", {}) == answer_key("risks", {}) != answer_key("sectors", {})
    True
    """
    canonical = "\x1e".join(
        f"{param}\x1f" + "\x1f".join(sorted(str(term) for term in terms))
        for param, terms in sorted(bindings.items())
    )
    return hashlib.sha256(f"{name}\x1d{canonical}".encode()).hexdigest()[:32]


class ReportService:
    """The reports of a folder, answered through a per-version cache."""

    def __init__(self, queries: Mapping[str, CannedQuery], cache: ReportCache | None = None):
        self.queries = dict(queries)
        self.cache = cache if cache is not None else ReportCache()
        self._lock = threading.Lock()
        self._warmed: set[str] = set()

    def prepare(self, name: str, raw: Mapping[str, Sequence[str]]) -> tuple[CannedQuery, Bindings]:
        """The report called *name* and its bound values.

        Raises :class:`~kg.errors.NotFound` for an unknown report and
        :class:`~kg.errors.BadRequest` for a value its parameter does not accept.
        """
        query = find_query(self.queries, name)
        return query, query.bind(raw)

    def answer(
        self, engine: QueryEngine, version: str, query: CannedQuery, bindings: Bindings
    ) -> ReportResult:
        """The answer of *query* with *bindings* in dataset *version*: kept, or computed.

        Raises :class:`~kg.errors.BadRequest` when an ``iri`` value is not of its class and
        :class:`~kg.errors.KGError` (500) when the report cannot run.
        """
        key = answer_key(query.name, bindings)
        kept = self.cache.get(version, key)
        if kept is not None:
            return kept
        check_classes(engine, query, bindings)
        result = run_report(engine, query, bindings)
        self.cache.put(version, key, result, max(1, len(result.rows) * len(result.columns)))
        return result

    def choices(
        self, engine: QueryEngine, version: str, query: CannedQuery, lang: str
    ) -> dict[str, list[tuple[str, str]]]:
        """The drop-down values of each parameter of *query* that has choices, kept per version."""
        key = f"choices\x1d{query.name}\x1d{lang}"
        kept = self.cache.get(version, key)
        if kept is None:
            kept = {p.name: choice_list(engine, p, lang) for p in query.params if p.choices}
            self.cache.put(version, key, kept, sum(len(v) for v in kept.values()) or 1)
        return kept

    def warm(self, engine: QueryEngine, version: str) -> int:
        """Answer every report that runs without values, and its choices; how many answered.

        A report that fails is skipped: its own request will show the error.
        """
        answered = 0
        for query in self.queries.values():
            if query.missing({}):
                continue
            try:
                self.answer(engine, version, query, query.bind({}))
                self.choices(engine, version, query, LANGUAGES[0])
            except KGError:
                continue
            answered += 1
        return answered

    def warm_in_background(self, engine: QueryEngine, version: str) -> threading.Thread | None:
        """Start :meth:`warm` in a thread, once per version; the thread, or ``None``."""
        with self._lock:
            if version in self._warmed:
                return None
            self._warmed.add(version)
        thread = threading.Thread(
            target=self.warm, args=(engine, version), name="kg-report-warm", daemon=True
        )
        thread.start()
        return thread
