"""The SPARQL endpoint side by side with Oxigraph's server and rdflib-endpoint.

Same data, same query mix, same machine, one run: for each graph size (the seed build, and a
generated graph of about a million quads shaped like ours, see :mod:`kg.generate`) and each
server, every query of :data:`MIX` is measured for sequential latency (median, p95) and for
throughput at concurrency 8; the peak memory of each server is read from ``/proc``. ``kg``
runs with its result cache off, ``kg+cache`` with it on. Each query is also timed on the
same store opened in this process with pyoxigraph, evaluated and serialised with no HTTP
around it (``engine``): the floor under any Python server's latency, and what separates
``kg`` from it. Printed: a table per size with each server's figures and the ratios to
Oxigraph's server (geometric mean of the throughput ratios over the mix), and ``--json``
keeps everything.

Run from the repository root: ``.venv/bin/python benchmarks/endpoint.py`` (about 20 minutes;
``--sizes seed`` and ``--seconds 1`` for a quick look). Needs the ``bench`` extra
(``oxigraph``, ``rdflib-endpoint``) and, for the load, ``wrk`` (Debian) if available.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import loadgen
import servers
from pyoxigraph import RdfFormat, Store, parse

JSON, TURTLE = "application/sparql-results+json", "text/turtle"
PREFIXES = """PREFIX mai: <https://w3id.org/ma-ai/ontology#>
PREFIX id: <https://w3id.org/ma-ai/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
MIX = {
    "lookup": ("SELECT ?p ?o WHERE { id:rabat ?p ?o }", JSON),
    "label search": (
        'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "intelligence")) } '
        "LIMIT 50",
        JSON,
    ),
    "group-by count": (
        "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
        JSON,
    ),
    "3-hop join": (
        "SELECT ?actor ?initiative ?sector WHERE { ?actor mai:leads ?initiative . "
        "?initiative mai:targetsSector ?sector . ?sector skos:inScheme ?scheme } LIMIT 200",
        JSON,
    ),
    "optional report": (
        "SELECT ?i ?fr ?en ?sector ?leader WHERE { ?i a mai:Initiative . "
        'OPTIONAL { ?i rdfs:label ?fr FILTER(lang(?fr) = "fr") } '
        'OPTIONAL { ?i rdfs:label ?en FILTER(lang(?en) = "en") } '
        "OPTIONAL { ?i mai:targetsSector ?sector } OPTIONAL { ?leader mai:leads ?i } } LIMIT 500",
        JSON,
    ),
    "property path": ("SELECT ?place WHERE { ?place mai:locatedIn+ id:maroc }", JSON),
    "order by limit": (
        'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(lang(?l) = "fr") } ORDER BY ?l LIMIT 20',
        JSON,
    ),
    "construct entity": ("CONSTRUCT { id:rabat ?p ?o } WHERE { id:rabat ?p ?o }", TURTLE),
    "ask": ("ASK { id:rabat ?p ?o }", JSON),
    "provenance by graph": (
        "SELECT ?g (COUNT(?e) AS ?n) WHERE { GRAPH ?g { ?e a mai:Evidence } } GROUP BY ?g "
        "ORDER BY DESC(?n) LIMIT 20",
        JSON,
    ),
}
SERVERS = ("kg", "kg+cache", "oxigraph", "rdflib")
SLOW = 5.0  # seconds: a query this slow is measured by two sequential requests only
GIVE_UP = 120.0  # seconds: no answer by then counts as this time (an upper bound of its rate)


def prepare(size: str, folder: Path, quads: int) -> tuple[Path, Path, int]:
    """(store folder, N-Quads dump, quad count) of one graph size."""
    from kg.settings import load_settings
    from kg.store import count_quads, open_store, write_store

    settings = load_settings(environ={}, store_dir=folder / "store")
    dump = folder / "data.nq"
    if size == "seed":
        from kg.build import run_build

        run_build(settings)
        open_store(settings).dump(str(dump), format=_nquads())
    else:
        from kg.generate import write_nquads

        write_nquads(settings, dump, quads)
        write_store(settings, dump)
    return settings.store_dir, dump, count_quads(open_store(settings))


def _nquads():
    from pyoxigraph import RdfFormat

    return RdfFormat.N_QUADS


def measure(running: servers.Running, name: str, seconds: float) -> dict:
    """Latency and throughput of the query *name* of the mix on one server."""
    query, accept = MIX[name]
    target = loadgen.Target.of(running.port, running.endpoint, PREFIXES + query, accept)
    started = time.perf_counter()
    try:
        status, body = loadgen.fetch(target, wait=GIVE_UP)
    except TimeoutError:
        print(f"  {running.name:9} {name:20} no answer within {GIVE_UP:.0f} s", flush=True)
        return {"median_ms": GIVE_UP * 1000, "p95_ms": GIVE_UP * 1000, "rps": 1 / GIVE_UP,
                "answers": None, "timed_out": True}  # fmt: skip
    first = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"{running.name} answered {status} to {name}: {body[:300]!r}")
    entry = {"bytes": len(body), "answers": _answers(body, accept)}
    if first > SLOW:
        # Minutes per request: one more, sequential, and its rate stands for the throughput.
        entry |= loadgen.latency(target, 0, least=1, most=1)
        entry |= {"rps": 1000 / entry["median_ms"], "failed": 0, "client": "sequential"}
    else:
        for _ in range(3):  # warm-up: every worker process has its own block cache
            loadgen.fetch(target)
        entry |= loadgen.latency(target, seconds / 2)
        # Slow queries need a longer run for 8 clients to finish a few rounds each.
        duration = min(max(seconds, 8 * entry["median_ms"] / 1000 * 4), 60)
        running.settle()
        entry |= loadgen.throughput(target, duration)
    running.settle()
    print(f"  {running.name:9} {name:20} {entry['median_ms']:9.2f} ms "
          f"{entry['rps']:9.1f}/s  answers={entry['answers']}", flush=True)  # fmt: skip
    return entry


def measure_engine(engine, name: str, seconds: float) -> dict:
    """Sequential latency of the query *name* evaluated and serialised by pyoxigraph in this
    process, on *engine*: the store the servers read, opened read-only as they do."""
    from pyoxigraph import QueryResultsFormat, QueryTriples

    query = PREFIXES + MIX[name][0]

    def once() -> None:
        answer = engine.query(query, use_default_graph_as_union=True)
        if isinstance(answer, QueryTriples):
            answer.serialize(format=RdfFormat.TURTLE)
        else:
            answer.serialize(format=QueryResultsFormat.JSON)

    times, deadline = [], time.perf_counter() + seconds / 2
    while len(times) < 3 or (time.perf_counter() < deadline and len(times) < 10_000):
        started = time.perf_counter()
        once()
        times.append((time.perf_counter() - started) * 1000)
        if times[-1] > SLOW * 1000:
            break
    times.sort()
    entry = {"median_ms": times[len(times) // 2], "p95_ms": times[int(len(times) * 0.95)]}
    print(f"  {'engine':9} {name:20} {entry['median_ms']:9.2f} ms", flush=True)
    return entry


def _answers(body: bytes, accept: str) -> int:
    if accept == TURTLE:
        return sum(1 for _ in parse(body, format=RdfFormat.TURTLE))
    document = json.loads(body)
    return (
        int(document["boolean"]) if "boolean" in document else len(document["results"]["bindings"])
    )


def run(sizes: list[str], chosen: list[str], seconds: float, quads: int) -> dict:
    """Every figure of every size. All servers of a size run at once and each query is
    measured on each of them in turn, so that a change of load on the machine during the
    run weighs on all of them alike."""
    report = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        for size in sizes:
            folder = Path(scratch) / size
            folder.mkdir()
            store, dump, count = prepare(size, folder, quads)
            print(f"{size}: {count} quads", flush=True)
            with ExitStack() as stack:
                running = {
                    name: stack.enter_context(
                        servers.serve(name, store, dump, folder / f"{name}.log")
                    )
                    for name in chosen
                }
                found = {name: {"queries": {}} for name in chosen}
                engine, alone = {}, Store.read_only(str((store / "current").resolve()))
                for query in MIX:
                    for name, server in running.items():
                        found[name]["queries"][query] = measure(server, query, seconds)
                    engine[query] = measure_engine(alone, query, seconds)
                for name, server in running.items():
                    found[name]["peak_memory_mb"] = server.peak_memory_mb()
            report[size] = {"quads": count, "servers": found, "engine": engine}
    return report


def geometric_mean(values: list[float]) -> float:
    """The geometric mean of the positive *values*.

    >>> round(geometric_mean([1, 4]), 6)
    2.0
    """
    values = [v for v in values if v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else float("nan")


def summarise(report: dict) -> str:
    """Markdown tables of *report*: figures per query and server, then ratios and memory."""
    lines = []
    for size, data in report.items():
        found = data["servers"]
        peers = [name for name in found if name != "oxigraph"] if "oxigraph" in found else []
        lines.append(f"\n## {size} ({data['quads']} quads), concurrency 8 for throughput\n")
        engine = data.get("engine", {})
        header = [f"{s} median ms / p95 ms / req/s" for s in found]
        header += ["engine median ms"] if engine else []
        header += [f"{s}/oxigraph" for s in peers]
        lines.append("| query | " + " | ".join(header) + " |")
        lines.append("|---" * (len(header) + 1) + "|")
        for query in MIX:
            cells = [_cell(found[s]["queries"][query]) for s in found]
            cells += [f"{engine[query]['median_ms']:.3f}"] if engine else []
            cells += [f"{_ratio(found, s, 'oxigraph', [query]):.2f}" for s in peers]
            lines.append(f"| {query} | " + " | ".join(cells) + " |")
        lines.append("")
        for name in found:
            line = f"- {name}: peak memory {found[name]['peak_memory_mb']:.0f} MiB"
            for other in ("oxigraph", "rdflib"):
                if other in found and other != name:
                    ratio = _ratio(found, name, other, list(MIX))
                    line += f"; throughput {ratio:.2f}x {other}'s (geometric mean)"
            lines.append(line)
    return "\n".join(lines)


def _ratio(found: dict, name: str, other: str, queries: list[str]) -> float:
    """Geometric mean over *queries* of the throughput of *name* over that of *other*."""
    return geometric_mean(
        [
            found[name]["queries"][q]["rps"] / found[other]["queries"][q]["rps"]
            for q in queries
            if found[other]["queries"][q]["rps"] > 0
        ]
    )


def _cell(figures: dict) -> str:
    return f"{figures['median_ms']:.2f} / {figures['p95_ms']:.2f} / {figures['rps']:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="seed,1m", help="seed and/or 1m (comma-separated)")
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--seconds", type=float, default=3.0, help="throughput run per query")
    parser.add_argument("--quads", type=int, default=1_000_000, help="size of the 1m graph")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--kg-workers", type=int, default=servers.WORKERS)
    parser.add_argument("--summarise", type=Path, help="only print the tables of a --json file")
    arguments = parser.parse_args()
    if arguments.summarise:
        print(summarise(json.loads(arguments.summarise.read_text())))
        return
    servers.WORKERS = arguments.kg_workers
    report = run(
        arguments.sizes.split(","), arguments.servers.split(","), arguments.seconds, arguments.quads
    )
    if arguments.json:
        arguments.json.write_text(json.dumps(report, indent=2))
    print(summarise(report))


if __name__ == "__main__":
    main()
