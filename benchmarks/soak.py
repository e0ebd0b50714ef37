"""Soak test of `kg serve`: reports, linked-data pages and SPARQL at a concurrency for a while.

Drives a real `kg serve` on 127.0.0.1 (the seed build, default workers) with a mix of canned
reports (HTML and JSON, with their example parameters), linked-data requests (``/id/<slug>``
for a browser and for Turtle, the pages and data documents they redirect to) and SPARQL
queries, each connection keeping its HTTP connection alive; and, every few seconds, a query
sent with a one-second deadline on purpose (its 503 is counted apart). Prints the requests
served, statuses, latency percentiles and the resident memory of the server's processes at
the start, every 30 s and at the end.

    python benchmarks/soak.py                      # 300 s at concurrency 64
    python benchmarks/soak.py --duration 30 --json soak.json

Bounded in time (``--duration``, plus a 60 s client timeout per request) and in requests
(``--max-requests``). Exit code 1 on any unexpected 5xx or connection error. The per-client
query cap is off (``KG_MAX_CLIENT_QUERIES=0``): every connection comes from one address.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httptools

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-c", "from kg.cli import main; main()"]
HTML, JSON, TURTLE = "text/html", "application/json", "text/turtle"
SPARQL_JSON = "application/sparql-results+json"
SUBJECTS = (
    'SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/ma-ai/id/")) '
    'FILTER(!CONTAINS(STR(?s), "#")) } LIMIT 300'
)
QUERIES = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX mai: <https://w3id.org/ma-ai/ontology#> SELECT ?x ?l WHERE { ?x a mai:Actor ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l LIMIT 50",
    "SELECT ?type (COUNT(?x) AS ?n) WHERE { ?x a ?type } GROUP BY ?type ORDER BY DESC(?n)",
    "PREFIX mai: <https://w3id.org/ma-ai/ontology#> SELECT ?e ?q WHERE { ?e a mai:Evidence ; "
    "mai:quote ?q } LIMIT 20",
    "ASK { ?s a <https://w3id.org/ma-ai/ontology#Initiative> }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 100",
)
# A cartesian product: minutes of work, stopped by its deadline.
DEADLINE = "503 past its deadline"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@dataclass(frozen=True)
class Target:
    """One request of the mix: its kind, path, Accept header and expected status."""

    kind: str
    path: str
    accept: str
    expect: int = 200


@dataclass
class Tally:
    """What the soak saw."""

    served: Counter = field(default_factory=Counter)  # kind -> answers with the expected status
    statuses: Counter = field(default_factory=Counter)
    unexpected: Counter = field(default_factory=Counter)  # "kind status" -> count
    errors: Counter = field(default_factory=Counter)  # "kind ErrorName" -> count
    deadlines: Counter = field(default_factory=Counter)  # answers to the deliberate queries
    retries: int = 0  # GETs sent again after the server closed their connection
    latencies: list[float] = field(default_factory=list)  # ms, deliberate queries apart
    memory: list[tuple[float, int, int]] = field(default_factory=list)  # (s, bytes, processes)
    workers_seen: set[int] = field(default_factory=set)

    def failed(self) -> bool:
        """Any 5xx other than a deliberate deadline, or a connection error."""
        bad = any(int(key.split()[-1]) >= 500 for key in self.unexpected)
        return bad or bool(self.errors) or any(key != DEADLINE for key in self.deadlines)


class Closed(ConnectionError):
    """The server closed the connection before answering."""


class CutAnswer(ConnectionError):
    """The server closed the connection in the middle of an answer (never sent again)."""


class Connection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1 (httptools parses the answers)."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, accept: str) -> tuple[int, bytes, bool]:
        """(status, body, retried): a GET whose connection the server closed before answering
        (an idle keep-alive connection timed out, a worker stopping to be replaced) is sent
        again once on a new connection, as HTTP/1.1 allows for idempotent requests."""
        try:
            return (*await self._exchange(path, accept), False)
        except (Closed, ConnectionResetError, BrokenPipeError):
            self.close()
        return (*await self._exchange(path, accept), True)

    async def _exchange(self, path: str, accept: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept: {accept}\r\n\r\n"
        self.writer.write(head.encode("latin-1"))
        answer, received = _Answer(), 0
        parser = httptools.HttpResponseParser(answer)
        while not answer.complete:
            try:
                data = await self.reader.read(65536)
            except ConnectionResetError:
                data = b""
            if not data:
                raise CutAnswer(f"closed after {received} bytes") if received else Closed()
            received += len(data)
            parser.feed_data(data)
        if not parser.should_keep_alive():
            self.close()
        return parser.get_status_code(), b"".join(answer.body)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class _Answer:
    def __init__(self):
        self.body: list[bytes] = []
        self.complete = False

    def on_body(self, data: bytes) -> None:
        self.body.append(data)

    def on_message_complete(self) -> None:
        self.complete = True


# Share of each kind of request in the mix.
SHARES = {
    "report html": 15, "report json": 15, "id for a browser": 10, "id for Turtle": 10,
    "page": 15, "data": 10, "sparql": 25,
}  # fmt: skip


def build_mix(port: int) -> dict[str, list[Target]]:
    """The requests of each kind, from the server's own report list and subjects."""
    mix: dict[str, list[Target]] = {kind: [] for kind in SHARES}
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/queries.json", timeout=60) as answer:
        reports = json.load(answer)["reports"]
    for report in reports:
        query = urllib.parse.urlencode(report["example"], doseq=True)
        suffix = f"?{query}" if query else ""
        mix["report html"].append(Target("report html", f"/queries/{report['name']}{suffix}", HTML))
        path = f"/queries/{report['name']}.json{suffix}"
        mix["report json"].append(Target("report json", path, JSON))
    for slug in _slugs(port):
        mix["id for a browser"].append(Target("id for a browser", f"/id/{slug}", HTML, 303))
        mix["id for Turtle"].append(Target("id for Turtle", f"/id/{slug}", TURTLE, 303))
        mix["page"].append(Target("page", f"/page/{slug}", HTML))
        mix["data"].append(Target("data", f"/data/{slug}.ttl", TURTLE))
    for text in QUERIES:
        path = "/sparql?" + urllib.parse.urlencode({"query": text})
        accept = TURTLE if text.startswith("CONSTRUCT") else SPARQL_JSON
        mix["sparql"].append(Target("sparql", path, accept))
    return mix


def _slugs(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": SUBJECTS})
    with urllib.request.urlopen(url, timeout=60) as answer:
        rows = json.load(answer)["results"]["bindings"]
    return sorted(row["s"]["value"].rsplit("/", 1)[1] for row in rows)


async def _client(port, mix, tally, rng, stop, budget) -> None:
    connection, kinds, shares = Connection(port), list(SHARES), list(SHARES.values())
    try:
        while time.monotonic() < stop and budget[0] > 0:
            budget[0] -= 1
            target = rng.choice(mix[rng.choices(kinds, shares)[0]])
            started = time.perf_counter()
            try:
                status, _, retried = await asyncio.wait_for(
                    connection.get(target.path, target.accept), 60
                )
            except (OSError, TimeoutError, httptools.HttpParserError) as error:
                tally.errors[f"{target.kind} {type(error).__name__}"] += 1
                connection.close()
                continue
            tally.retries += retried
            tally.latencies.append((time.perf_counter() - started) * 1000)
            tally.statuses[status] += 1
            if status == target.expect:
                tally.served[target.kind] += 1
            else:
                tally.unexpected[f"{target.kind} {status}"] += 1
    finally:
        connection.close()


async def _deadlines(port: int, every: float, tally: Tally, stop: float) -> None:
    path = "/sparql?" + urllib.parse.urlencode({"query": SLOW, "timeout": "1"})
    while time.monotonic() + every < stop:
        await asyncio.sleep(every)
        connection = Connection(port)
        try:
            status, body, _ = await asyncio.wait_for(connection.get(path, SPARQL_JSON), 60)
            stopped = status == 503 and b"deadline" in body
            tally.deadlines[DEADLINE if stopped else str(status)] += 1
        except (OSError, TimeoutError, httptools.HttpParserError) as error:
            tally.errors[f"deadline query {type(error).__name__}"] += 1
        finally:
            connection.close()


async def _memory(master: int, every: float, tally: Tally, started: float, stop: float):
    """Memory every *every* seconds; the worker processes every second (workers stopped
    after a deadline are replaced within seconds)."""
    due = started
    while time.monotonic() < stop:
        rss, processes = server_memory(master, tally.workers_seen)
        if time.monotonic() >= due and time.monotonic() + every / 2 < stop:
            tally.memory.append((time.monotonic() - started, rss, processes))
            due += every
        await asyncio.sleep(min(1.0, max(0.0, stop - time.monotonic())))


def server_memory(master: int, seen: set[int]) -> tuple[int, int]:
    """(resident bytes, processes) of the gunicorn *master* and its workers."""
    pids = [master] + [pid for pid, parent in _processes() if parent == master]
    seen.update(pids[1:])
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as status:
                line = next(x for x in status if x.startswith("VmRSS:"))
            total += int(line.split()[1]) * 1024
        except (OSError, StopIteration):
            continue
    return total, len(pids)


def _processes():
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    yield int(entry), int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue


async def soak(
    port: int, master: int, duration: float, concurrency: int = 64, *,
    max_requests: int = 10_000_000, deadline_every: float = 15.0, memory_every: float = 30.0,
    seed: int = 8,
) -> Tally:  # fmt: skip
    """Drive the server on *port* (gunicorn master *master*) and tally what it answered."""
    tally, mix = Tally(), build_mix(port)
    started = time.monotonic()
    stop, budget = started + duration, [max_requests]
    tasks = [
        _client(port, mix, tally, random.Random(seed + i), stop, budget) for i in range(concurrency)
    ]
    tasks.append(_deadlines(port, deadline_every, tally, stop))
    tasks.append(_memory(master, memory_every, tally, started, stop))
    await asyncio.gather(*tasks)
    tally.memory.append((time.monotonic() - started, *server_memory(master, tally.workers_seen)))
    return tally


def percentile(values: list[float], fraction: float) -> float:
    """The value below which *fraction* of *values* lie (nearest rank).

    >>> percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5)
    3.0
    """
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def summary(tally: Tally, seconds: float, concurrency: int) -> dict:
    """The figures of a soak, as printed and written with ``--json``."""
    answered = len(tally.latencies)
    return {
        "seconds": round(seconds, 1),
        "concurrency": concurrency,
        "requests": answered,
        "per_second": round(answered / seconds, 1) if seconds else 0,
        "served_by_kind": dict(sorted(tally.served.items())),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "unexpected_statuses": dict(tally.unexpected),
        "connection_errors": dict(tally.errors),
        "deliberate_deadline_queries": dict(tally.deadlines),
        "retried_after_server_close": tally.retries,
        "latency_ms": {
            name: round(percentile(tally.latencies, q), 2) if answered else None
            for name, q in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1.0))
        },
        "memory_mib": [
            {"at_s": round(at), "rss": round(rss / 2**20, 1), "processes": n}
            for at, rss, n in tally.memory
        ],
        "worker_processes_seen": len(tally.workers_seen),
        "failed": tally.failed(),
    }


def print_summary(figures: dict) -> None:
    print(f"soak: {figures['seconds']} s at concurrency {figures['concurrency']}")
    print(f"requests served: {figures['requests']} ({figures['per_second']}/s)")
    print("  by kind: " + ", ".join(f"{k} {v}" for k, v in figures["served_by_kind"].items()))
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in figures["statuses"].items()))
    deadlines = figures["deliberate_deadline_queries"]
    print(f"deliberate deadline queries (counted apart): {deadlines or 'none'}")
    print(f"unexpected statuses: {figures['unexpected_statuses'] or 'none'}")
    print(f"connection errors: {figures['connection_errors'] or 'none'}")
    print(f"sent again after the server closed the connection unanswered: "
          f"{figures['retried_after_server_close']}")  # fmt: skip
    print("latency ms: " + ", ".join(f"{k} {v}" for k, v in figures["latency_ms"].items()))
    print("memory (RSS of master + workers, MiB): " + ", ".join(
        f"{m['at_s']} s {m['rss']} ({m['processes']} processes)" for m in figures["memory_mib"]
    ))  # fmt: skip
    print(f"worker processes seen: {figures['worker_processes_seen']}")
    print("result: " + ("FAILED" if figures["failed"] else "ok"))


def build_seed(folder: Path) -> Path:
    """Build the seed documents into *folder*/store with `kg build`; the store folder."""
    env = {
        **os.environ,
        "KG_DOCUMENTS_DIR": str(ROOT / "data" / "documents"),
        "KG_ENTITIES_DIR": str(ROOT / "data" / "entities"),
        "KG_ONTOLOGY_DIR": str(ROOT / "ontology"),
        "KG_RDF_DIR": str(folder / "no-rdf"),
    }
    store = folder / "store"
    subprocess.run([*KG, "build", "--store", str(store)], env=env, check=True, timeout=600)
    return store


def start_server(store: Path, port: int, log: Path) -> subprocess.Popen:
    """`kg serve` with its default workers; returns once /healthz answers."""
    env = {**os.environ, "KG_MAX_CLIENT_QUERIES": "0", "KG_QUERIES_DIR": str(ROOT / "queries")}
    command = [*KG, "serve", "--store", str(store), "--port", str(port)]
    with open(log, "w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=output, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"kg serve exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"kg serve did not answer within 60 s: {log.read_text()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=300.0, help="seconds (default 300)")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--max-requests", type=int, default=10_000_000)
    parser.add_argument("--deadline-every", type=float, default=15.0,
                        help="seconds between deliberate deadline queries")  # fmt: skip
    parser.add_argument("--store", type=Path, help="a store folder (default: build the seed)")
    parser.add_argument("--port", type=int, default=5077)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-soak-") as folder:
        store = args.store or build_seed(Path(folder))
        server = start_server(store, args.port, Path(folder) / "serve.log")
        try:
            started = time.monotonic()
            tally = asyncio.run(
                soak(args.port, server.pid, args.duration, args.concurrency,
                     max_requests=args.max_requests, deadline_every=args.deadline_every)
            )  # fmt: skip
            figures = summary(tally, time.monotonic() - started, args.concurrency)
        finally:
            server.terminate()
            server.wait(timeout=60)
    print_summary(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    raise SystemExit(1 if figures["failed"] else 0)


if __name__ == "__main__":
    main()
