"""Prometheus metrics of the web app: requests by route and status, latency, query events.

Each process counts in memory. Under gunicorn, every worker also writes its counts to a file
of a folder the master made (``<folder>/<pid>.json``, at most once a second and when it
exits); ``/metrics`` adds up all files, those of workers that have exited included, so the
counters only grow whichever worker answers the scrape.

>>> metrics = Metrics()
>>> metrics.observe("/sparql", 200, 0.003)
>>> metrics.count("timeouts")
>>> text = metrics.render()
>>> 'kg_http_requests_total{route="/sparql",status="200"} 1' in text
True
>>> 'kg_http_request_duration_seconds_bucket{route="/sparql",le="0.005"} 1' in text
True
>>> "kg_sparql_timeouts_total 1" in text
True
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from pathlib import Path

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
EVENTS = {
    "timeouts": "SPARQL queries stopped at their deadline.",
    "truncations": "SPARQL answers cut at the row cap.",
    "client_limited": "Requests refused with 429: too many queries of one client at once.",
    "cache_hits": "SPARQL answers served from the result cache.",
    "not_modified": "Requests answered 304 Not Modified (ETag).",
}


class Metrics:
    """Counters of one process, optionally shared through files in *folder*."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else None
        self._lock = threading.Lock()
        self._requests: Counter[str] = Counter()
        self._latency: dict[str, list[float]] = {}
        self._events: Counter[str] = Counter()
        self._dirty = False
        if self.folder is not None:
            threading.Thread(target=self._flush_loop, name="kg-metrics", daemon=True).start()

    def observe(self, route: str, status: int, seconds: float) -> None:
        """Count one answered request and its duration."""
        with self._lock:
            self._requests[f"{route}\t{status}"] += 1
            row = self._latency.setdefault(route, [0.0] * (len(BUCKETS) + 2))
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    row[index] += 1
                    break
            row[-2] += seconds
            row[-1] += 1
            self._dirty = True

    def count(self, event: str) -> None:
        """Count one *event* (a key of :data:`EVENTS`)."""
        with self._lock:
            self._events[event] += 1
            self._dirty = True

    def flush(self) -> None:
        """Write this process's counts to its file (when a folder is set)."""
        if self.folder is None:
            return
        with self._lock:
            state, self._dirty = self._state(), False
        path = self.folder / f"{os.getpid()}.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temporary, path)

    def render(self, gauges: dict[str, tuple[str, float]] | None = None) -> str:
        """The Prometheus text exposition of every process's counts and of *gauges*.

        *gauges* maps a metric name (with labels) to (help text, value).
        """
        requests, latency, events = self._totals()
        lines = _header("kg_http_requests_total", "HTTP requests answered.", "counter")
        for key, value in sorted(requests.items()):
            route, status = key.split("\t")
            lines.append(f'kg_http_requests_total{{route="{route}",status="{status}"}} {value:g}')
        lines += _histogram(latency)
        for event, text in EVENTS.items():
            lines += _header(f"kg_sparql_{event}_total", text, "counter")
            lines.append(f"kg_sparql_{event}_total {events.get(event, 0):g}")
        for name, (text, value) in (gauges or {}).items():
            lines += _header(name.split("{")[0], text, "gauge")
            lines.append(f"{name} {value:g}")
        return "\n".join(lines) + "\n"

    def _state(self) -> dict:
        return {
            "requests": dict(self._requests),
            "latency": self._latency,
            "events": dict(self._events),
        }

    def _totals(self) -> tuple[Counter, dict[str, list[float]], Counter]:
        with self._lock:
            states = [json.loads(json.dumps(self._state()))]
        if self.folder is not None:
            own = f"{os.getpid()}.json"
            for path in self.folder.glob("*.json"):
                if path.name != own:
                    states.append(_read(path))
        requests, events, latency = Counter(), Counter(), {}
        for state in states:
            requests.update(state.get("requests", {}))
            events.update(state.get("events", {}))
            for route, row in state.get("latency", {}).items():
                total = latency.setdefault(route, [0.0] * len(row))
                latency[route] = [a + b for a, b in zip(total, row, strict=True)]
        return requests, latency, events

    def _flush_loop(self) -> None:
        while True:
            time.sleep(1.0)
            if self._dirty:
                self.flush()


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _header(name: str, text: str, kind: str) -> list[str]:
    return [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]


def _histogram(latency: dict[str, list[float]]) -> list[str]:
    name = "kg_http_request_duration_seconds"
    lines = _header(name, "Time to answer a request, by route.", "histogram")
    for route, row in sorted(latency.items()):
        cumulative = 0.0
        for bound, count in zip(BUCKETS, row, strict=False):
            cumulative += count
            lines.append(f'{name}_bucket{{route="{route}",le="{bound:g}"}} {cumulative:g}')
        lines.append(f'{name}_bucket{{route="{route}",le="+Inf"}} {row[-1]:g}')
        lines.append(f'{name}_sum{{route="{route}"}} {row[-2]:g}')
        lines.append(f'{name}_count{{route="{route}"}} {row[-1]:g}')
    return lines
