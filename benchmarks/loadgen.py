"""Load for the endpoint benchmark: sequential latency and throughput at a concurrency.

Latency is measured with one keep-alive connection, one request after another. Throughput
uses ``wrk`` (Debian package ``wrk``: C, keep-alive, negligible overhead) when it is
installed, else Python threads with keep-alive connections (slower: they compete with the
server for the same cores). Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "non2xx": %d, "errors": %d, '
    .. '"p50_us": %f, "p95_us": %f}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


@dataclass(frozen=True)
class Target:
    """Where and how to send one query: host, port, path with the query, Accept header."""

    port: int
    path: str
    accept: str

    @classmethod
    def of(cls, port: int, endpoint: str, query: str, accept: str) -> Target:
        return cls(port, f"{endpoint}?{urllib.parse.urlencode({'query': query})}", accept)


def fetch(target: Target, connection: http.client.HTTPConnection | None = None, wait=600.0):
    """(status, body) of one GET of *target*, on *connection* if given.

    Raises :class:`TimeoutError` after *wait* seconds without an answer.
    """
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", target.port, timeout=wait)
    try:
        connection.request("GET", target.path, headers={"Accept": target.accept})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def latency(target: Target, seconds: float, least: int = 5, most: int = 300) -> dict:
    """Median and 95th percentile (ms) of sequential requests over about *seconds*."""
    connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=600)
    samples: list[float] = []
    started = time.perf_counter()
    try:
        while len(samples) < most and (
            len(samples) < least or time.perf_counter() - started < seconds
        ):
            begin = time.perf_counter()
            status, _ = fetch(target, connection)
            samples.append((time.perf_counter() - begin) * 1000)
            if status != 200:
                raise RuntimeError(f"status {status} on {target.path[:80]}")
    finally:
        connection.close()
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {"median_ms": statistics.median(samples), "p95_ms": p95, "samples": len(samples)}


def throughput(target: Target, seconds: float, concurrency: int = 8) -> dict:
    """Requests per second at *concurrency* over *seconds* (with wrk when installed)."""
    if shutil.which("wrk"):
        return _wrk(target, seconds, concurrency)
    return _threads(target, seconds, concurrency)


def _wrk(target: Target, seconds: float, concurrency: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    command = [
        "wrk", "-t2", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "120s",
        "-s", script.name, "-H", f"Accept: {target.accept}",
        f"http://127.0.0.1:{target.port}{target.path}",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 300)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "rps": report["requests"] / report["seconds"],
        "failed": report["non2xx"] + report["errors"],
        "client": "wrk",
    }


def _threads(target: Target, seconds: float, concurrency: int) -> dict:
    counts, failures = [0] * concurrency, [0] * concurrency
    stop = time.perf_counter() + seconds

    def work(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=600)
        while time.perf_counter() < stop:
            status, _ = fetch(target, connection)
            counts[index] += 1
            failures[index] += status != 200
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"rps": sum(counts) / elapsed, "failed": sum(failures), "client": "python"}
