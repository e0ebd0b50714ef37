"""Canned reports at about a million quads: the report API, cold and warm, beside the very same
SPARQL sent to Oxigraph's server and to Virtuoso, in one run on one machine.

The graph is generated (:mod:`kg.generate`: shaped like a build, with material for every
report), loaded into a ``kg`` store, into ``oxigraph serve-read-only --union-default-graph`` (the
same store folder) and into Virtuoso (bulk loader). For each report, its values are bound once
(:func:`kg.report_params.bind_text`) and that text is what the two engines receive; ``kg serve``
gets the report URL. Each answer is asked as a whole: CSV for SELECT reports, Turtle for
CONSTRUCT ones.

- ``kg cold``: the first request for those values after the build (the answer is computed; the
  server's warm-up of the default views has finished, and ``lang=en`` keeps these values out of
  it); ``kg warm``: the median of the requests that follow (the answer is kept).
- ``oxigraph``/``virtuoso``: the first request, then the median of the following ones (neither
  keeps answers: the first differs only by what the engine has in memory).

Printed: one row per report with its size on each engine (they must agree), the timings in ms,
and each engine's median divided by ``kg warm``; the geometric means; load times; how long the
server takes to compute every default view. ``--json`` keeps everything.

Run from the repository root: ``.venv/bin/python benchmarks/reports.py`` (about 10 minutes;
``--quads 100000 --seconds 1`` for a quick look). Needs the ``bench`` extra (``oxigraph``) and
Debian's ``virtuoso-opensource`` (skipped with a note when it is not installed).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import RdfFormat, parse

sys.path.insert(0, str(Path(__file__).parent))

import loadgen
import servers
import virtuoso

from kg.generate import write_nquads
from kg.report_cache import ReportService
from kg.report_params import bind_text
from kg.reports import load_queries
from kg.settings import load_settings
from kg.store import open_store, write_store

ROOT = Path(__file__).resolve().parents[1]
CSV, TURTLE = "text/csv", "text/turtle"
# Values of parameterised reports, found in the generated graph by these queries.
PICKS = {
    "actor-initiatives": (
        "actor",
        "SELECT ?v WHERE { ?v <https://w3id.org/ma-ai/ontology#leads> "
        "?i } GROUP BY ?v ORDER BY DESC(COUNT(?i)) LIMIT 1",
    ),
    "initiative-participants": (
        "initiative",
        "SELECT ?v WHERE { ?v <https://w3id.org/ma-ai/ontology#signatory> ?a } LIMIT 1",
    ),
    "entity-facts": (
        "entity",
        "SELECT ?v WHERE { ?v <https://w3id.org/ma-ai/ontology#leads> "
        "?i } GROUP BY ?v ORDER BY DESC(COUNT(?i)) LIMIT 1",
    ),
    "document-facts": (
        "document",
        "SELECT ?v WHERE { ?v a <https://w3id.org/ma-ai/ontology#SourceDocument> } LIMIT 1",
    ),
    "model-languages": (
        "area",
        "SELECT ?v WHERE { ?o <https://w3id.org/ma-ai/ontology#"
        "concernsLanguage> ?l ; <https://w3id.org/ma-ai/ontology#targetsSector> "
        "?v } LIMIT 1",
    ),
}
FIXED = {"search": {"text": ["plateforme"]}}


def report_values(store, queries) -> dict[str, dict[str, list[str]]]:
    """The values each report is measured with: picked from the graph, in English labels."""
    values = {}
    for name, query in queries.items():
        chosen = dict(FIXED.get(name, {}))
        if name in PICKS:
            param, text = PICKS[name]
            found = store.query(text, use_default_graph_as_union=True)
            chosen[param] = [next(iter(found))[0].value]
        if any(p.name == "lang" for p in query.params):
            chosen["lang"] = ["en"]
        values[name] = chosen
    return values


def timed(target: loadgen.Target) -> tuple[float, bytes]:
    started = time.perf_counter()
    status, body = loadgen.fetch(target)
    if status != 200:
        raise RuntimeError(f"status {status}: {body[:300]!r}")
    return (time.perf_counter() - started) * 1000, body


def size(body: bytes, accept: str) -> int:
    """Rows of a CSV answer, or triples of a Turtle one."""
    if accept == TURTLE:
        return sum(1 for _ in parse(body, format=RdfFormat.TURTLE))
    # Virtuoso writes CSV in Latin-1: count rows, whatever the characters.
    return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8", "replace")))) - 1)


def measure(target: loadgen.Target, seconds: float) -> dict:
    """The first request, then the median of those that follow."""
    try:
        first, body = timed(target)
        repeat = loadgen.latency(target, seconds, least=3, most=50)
    except (RuntimeError, OSError) as error:
        return {"error": str(error)[:200]}
    return {"first_ms": first, "median_ms": repeat["median_ms"], "rows": size(body, target.accept)}


@contextmanager
def kg_server(store_dir: Path, log: Path):
    """``kg serve`` with one worker (one cache: what is computed once is kept)."""
    port = servers.free_port()
    line = [str(servers.BIN / "kg"), "serve", "--store", str(store_dir), "--port", str(port)]
    env = {**os.environ, "KG_MAX_CLIENT_QUERIES": "0"}
    with open(log, "w") as output:
        process = subprocess.Popen([*line, "--workers", "1"], stdout=output, stderr=output, env=env)
    try:
        target = loadgen.Target(port, "/readyz", "application/json")
        deadline = time.monotonic() + 120
        while True:
            try:
                if loadgen.fetch(target)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"kg serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def run_kg(store_dir, queries, values, warm_seconds, seconds, work) -> dict:
    results = {}
    with kg_server(store_dir, work / "kg.log") as port:
        first = loadgen.Target(port, "/queries/regions.json", "application/json")
        results["_first_request_ms"] = timed(first)[0]
        time.sleep(warm_seconds * 1.5 + 2)  # the server computes the default views meanwhile
        for name, query in queries.items():
            ext, accept = ("ttl", TURTLE) if query.kind == "construct" else ("csv", CSV)
            path = f"/queries/{name}.{ext}?" + urllib.parse.urlencode(values[name], doseq=True)
            results[name] = measure(loadgen.Target(port, path, accept), seconds)
    return results


def run_engine(endpoint_port, endpoint, texts, queries, seconds) -> dict:
    results = {}
    for name, query in queries.items():
        accept = TURTLE if query.kind == "construct" else CSV
        target = loadgen.Target.of(endpoint_port, endpoint, texts[name], accept)
        results[name] = measure(target, seconds)
    return results


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def table(queries, kg, oxigraph, virtuoso_results) -> str:
    head = (
        "| report | rows kg/oxi/virt | kg cold | kg warm | oxigraph first | oxigraph median "
        "| virtuoso first | virtuoso median | oxigraph ÷ kg warm | virtuoso ÷ kg warm |"
    )
    lines = [head, "|" + "---|" * 10]
    ratios = {"oxigraph": [], "virtuoso": []}
    for name in queries:
        k, o, v = kg[name], oxigraph.get(name, {}), virtuoso_results.get(name, {})
        cells = [name, "/".join(str(r.get("rows", "err")) for r in (k, o, v))]
        cells += [_ms(k.get("first_ms")), _ms(k.get("median_ms"))]
        cells += [_ms(o.get("first_ms")), _ms(o.get("median_ms"))]
        cells += [_ms(v.get("first_ms")), _ms(v.get("median_ms"))]
        for engine, r in (("oxigraph", o), ("virtuoso", v)):
            if "median_ms" in r and "median_ms" in k:
                ratios[engine].append(r["median_ms"] / k["median_ms"])
                cells.append(f"{ratios[engine][-1]:.1f}x")
            else:
                cells.append("—")
        lines.append("| " + " | ".join(cells) + " |")
    means = {e: geometric_mean(r) for e, r in ratios.items()}
    lines.append(
        f"\nGeometric mean of engine median ÷ kg warm: oxigraph {means['oxigraph']:.1f}x, "
        f"virtuoso {means['virtuoso']:.1f}x"
    )
    return "\n".join(lines)


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("var/bench-reports"))
    parser.add_argument("--seconds", type=float, default=3.0, help="per median, per report")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    arguments = parser.parse_args()
    work = arguments.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    figures = prepare(arguments.quads, work)
    queries = load_queries(ROOT / "queries")
    store = open_store(load_settings(environ={}, store_dir=work / "store"))
    values = report_values(store, queries)
    texts = {n: bind_text(q.text, q.bind(values[n])) for n, q in queries.items()}
    started = time.perf_counter()
    ReportService(queries).warm(store, "bench")
    figures["warm_all_in_process_s"] = time.perf_counter() - started
    del store
    kg = run_kg(
        work / "store", queries, values, figures["warm_all_in_process_s"], arguments.seconds, work
    )
    figures["kg_first_request_after_build_ms"] = kg.pop("_first_request_ms")
    with servers.serve("oxigraph", work / "store", work / "graph.nq", work / "oxigraph.log") as ox:
        oxigraph = run_engine(ox.port, ox.endpoint, texts, queries, arguments.seconds)
    virtuoso_results = run_virtuoso(work, texts, queries, arguments.seconds, figures)
    print(
        f"graph: {figures['quads']} quads; load: kg {figures['kg_load_s']:.1f} s, virtuoso "
        f"{figures.get('virtuoso_load_s', float('nan')):.1f} s"
    )
    print(
        f"kg: first request after the build {figures['kg_first_request_after_build_ms']:.0f} ms;"
        f" every default view computed in {figures['warm_all_in_process_s']:.1f} s\n"
    )
    print(table(queries, kg, oxigraph, virtuoso_results))
    if arguments.json:
        everything = {
            "figures": figures,
            "values": values,
            "kg": kg,
            "oxigraph": oxigraph,
            "virtuoso": virtuoso_results,
        }
        arguments.json.write_text(json.dumps(everything, indent=1))


def prepare(quads: int, work: Path) -> dict:
    """Generate the graph and load it into a fresh store; their figures."""
    graph = work / "graph.nq"
    settings = load_settings(
        environ={},
        store_dir=work / "store",
        entities_dir=ROOT / "data" / "entities",
        ontology_dir=ROOT / "ontology",
    )
    count = write_nquads(settings, graph, quads)
    started = time.perf_counter()
    write_store(settings, graph)
    return {"quads": count, "kg_load_s": time.perf_counter() - started}


def run_virtuoso(work: Path, texts, queries, seconds: float, figures: dict) -> dict:
    if not virtuoso.available():
        print("Virtuoso is not installed (Debian: virtuoso-opensource): its columns stay empty")
        return {}
    sql, http = servers.free_port(), servers.free_port()
    with virtuoso.serve(work / "graph.nq", work / "virtuoso", sql, http) as running:
        figures["virtuoso_load_s"] = running.load_seconds
        return run_engine(running.http_port, running.endpoint, texts, queries, seconds)


if __name__ == "__main__":
    main()
