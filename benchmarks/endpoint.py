"""The SPARQL endpoint side by side with Oxigraph's server and rdflib-endpoint.

Same data, same query mix, same machine, one run: for each graph size (the seed build, and a
generated graph of about a million quads shaped like ours, see ``graphgen.py``) and each
server, every query of :data:`MIX` is measured for sequential latency (median, p95) and for
throughput at concurrency 8; the peak memory of each server is read from ``/proc``. ``kg``
runs with its result cache off, ``kg+cache`` with it on. Printed: a table per size with each
server's figures and the ratios to Oxigraph's server (geometric mean of the throughput
ratios over the mix), and ``--json`` keeps everything.

Run from the repository root: ``.venv/bin/python benchmarks/endpoint.py`` (about 15 minutes;
``--sizes seed`` and ``--seconds 1`` for a quick look). Needs the ``bench`` extra
(``oxigraph``, ``rdflib-endpoint``) and, for the load, ``wrk`` (Debian) if available.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import graphgen  # noqa: E402
import loadgen  # noqa: E402
import servers  # noqa: E402

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
        graphgen.write(dump, quads, Path("ontology/mai.ttl"))
        write_store(settings, dump)
    return settings.store_dir, dump, count_quads(open_store(settings))


def _nquads():
    from pyoxigraph import RdfFormat

    return RdfFormat.N_QUADS


def measure(running: servers.Running, seconds: float) -> dict:
    """Latency and throughput of every query of the mix on one server."""
    results = {}
    for name, (query, accept) in MIX.items():
        target = loadgen.Target.of(running.port, running.endpoint, PREFIXES + query, accept)
        for _ in range(2):  # warm-up
            status, body = loadgen.fetch(target)
        if status != 200:
            raise RuntimeError(f"{running.name} answered {status} to {name}: {body[:300]!r}")
        entry = {"bytes": len(body), "answers": _answers(body, accept)}
        entry |= loadgen.latency(target, seconds / 2)
        # Slow queries need a longer run for 8 clients to finish a few rounds each.
        duration = min(max(seconds, 8 * entry["median_ms"] / 1000 * 4), 60)
        running.settle()
        entry |= loadgen.throughput(target, duration)
        running.settle()
        results[name] = entry
        print(f"  {running.name:9} {name:20} {entry['median_ms']:9.2f} ms "
              f"{entry['rps']:9.1f}/s  answers={entry['answers']}", flush=True)  # fmt: skip
    return results


def _answers(body: bytes, accept: str) -> int:
    if accept == TURTLE:
        return body.count(b" .\n") + body.count(b" ;\n") + body.count(b" ,")
    document = json.loads(body)
    return (
        int(document["boolean"]) if "boolean" in document else len(document["results"]["bindings"])
    )


def run(sizes: list[str], chosen: list[str], seconds: float, quads: int) -> dict:
    report = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        for size in sizes:
            folder = Path(scratch) / size
            folder.mkdir()
            store, dump, count = prepare(size, folder, quads)
            print(f"{size}: {count} quads", flush=True)
            report[size] = {"quads": count, "servers": {}}
            for name in chosen:
                log = folder / f"{name}.log"
                with servers.serve(name, store, dump, log) as running:
                    results = measure(running, seconds)
                    memory = running.peak_memory_mb()
                report[size]["servers"][name] = {"queries": results, "peak_memory_mb": memory}
    return report


def geometric_mean(values: list[float]) -> float:
    """>>> round(geometric_mean([1, 4]), 6)
    2.0
    """
    values = [v for v in values if v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else float("nan")


def summarise(report: dict) -> str:
    lines = []
    for size, data in report.items():
        found = data["servers"]
        lines.append(f"\n## {size} ({data['quads']} quads), concurrency 8 for throughput\n")
        lines.append(
            "| query | " + " | ".join(f"{s} median ms / p95 ms / req/s" for s in found) + " |"
        )
        lines.append("|---" * (len(found) + 1) + "|")
        for query in MIX:
            cells = [
                f"{found[s]['queries'][query]['median_ms']:.2f} / "
                f"{found[s]['queries'][query]['p95_ms']:.2f} / {found[s]['queries'][query]['rps']:.0f}"
                for s in found
            ]
            lines.append(f"| {query} | " + " | ".join(cells) + " |")
        lines.append("")
        for name in found:
            line = f"- {name}: peak memory {found[name]['peak_memory_mb']:.0f} MiB"
            for other in ("oxigraph", "rdflib"):
                if other in found and other != name:
                    ratio = geometric_mean(
                        [
                            found[name]["queries"][q]["rps"] / found[other]["queries"][q]["rps"]
                            for q in MIX
                            if found[other]["queries"][q]["rps"] > 0
                        ]
                    )
                    line += f"; throughput {ratio:.2f}x {other}'s (geometric mean)"
            lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="seed,1m", help="seed and/or 1m (comma-separated)")
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--seconds", type=float, default=3.0, help="throughput run per query")
    parser.add_argument("--quads", type=int, default=1_000_000, help="size of the 1m graph")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    arguments = parser.parse_args()
    report = run(
        arguments.sizes.split(","), arguments.servers.split(","), arguments.seconds, arguments.quads
    )
    if arguments.json:
        arguments.json.write_text(json.dumps(report, indent=2))
    print(summarise(report))


if __name__ == "__main__":
    main()
