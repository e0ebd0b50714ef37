"""The store behind one interface: the embedded Oxigraph builds and a remote SPARQL server.

Store-level behaviour runs on both (``backend`` fixture), the remote one a real
`oxigraph serve --union-default-graph` on 127.0.0.1 started for the session; then the
remote's own failures, and `kg build` / the web app / `kg export` end to end over it.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import socket
import threading
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import GRAPH, SMALL, free_port, graph_sizes
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, QueryResultsFormat, RdfFormat, parse

from kg import sparql
from kg.cli import kg
from kg.errors import BadRequest, KGError, Unavailable
from kg.graphstore import dump
from kg.negotiation import find_format
from kg.remote import STAGING, forget_cached, open_remote
from kg.settings import load_settings
from kg.store import (
    StoreHandle,
    apply_update,
    count_quads,
    dataset_stats,
    dataset_version,
    open_store,
    write_store,
)
from kg.terms import select
from kg.web import create_app

ROOT = Path(__file__).parent.parent
TOTAL = sum(graph_sizes().values())
EXTRA = (
    b"<https://w3id.org/ma-ai/id/tanger> <http://www.w3.org/2000/01/rdf-schema#label> "
    b'"Tanger"@fr <https://w3id.org/ma-ai/graph/rdf/extra> .\n'
)
DEFAULT_TRIPLE = b'<http://example.org/s> <http://example.org/p> "in the default graph" .\n'
SHARED_BLANK = (
    b'_:b <http://example.org/name> "one node" <http://example.org/g1> .\n'
    b"<http://example.org/x> <http://example.org/link> _:b <http://example.org/g2> .\n"
)
ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://x/a> <http://x/b> <http://x/c> } }"


def _post(url: str, body: bytes, content_type: str) -> bytes:
    request = urllib.request.Request(url, body, {"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


@pytest.fixture
def remote_settings(oxigraph_server, tmp_path):
    """Settings naming the session's server, emptied first; versions are never reused."""
    _post(f"{oxigraph_server}/update", b"DROP ALL", "application/sparql-update")
    forget_cached()
    return load_settings(
        environ={},
        store_dir=f"sparql+{oxigraph_server}/query",
        dumps_dir=tmp_path / "dumps",
        store_version_ttl=0,
    )


@pytest.fixture(params=["embedded", "remote"])
def backend(request, tmp_path):
    """Settings of an empty store of each kind."""
    if request.param == "remote":
        return request.getfixturevalue("remote_settings")
    return load_settings(environ={}, store_dir=tmp_path / "store", dumps_dir=tmp_path / "dumps")


def server_graphs(settings) -> list[str]:
    return open_remote(settings).graphs()


# --- the same behaviour on both stores ---------------------------------------------------


def test_a_build_is_queryable_and_counted_per_graph(backend):
    write_store(backend, SMALL)
    assert count_quads(open_store(backend)) == TOTAL
    stats = dataset_stats(open_store(backend))
    assert stats.graphs == dict(graph_sizes())
    assert (stats.total, stats.default_graph) == (TOTAL, 0)


def test_a_new_build_replaces_the_whole_previous_one(backend):
    write_store(backend, SMALL.read_bytes() + EXTRA)
    store = open_store(backend)
    assert store.contains_named_graph(NamedNode(GRAPH + "rdf/extra"))
    write_store(backend, SMALL)
    store = open_store(backend)
    assert not store.contains_named_graph(NamedNode(GRAPH + "rdf/extra"))
    assert dataset_stats(store).graphs == dict(graph_sizes())


def test_a_failed_build_leaves_the_previous_data_and_version(backend):
    write_store(backend, SMALL)
    before = dataset_version(backend)
    with pytest.raises(KGError, match="not valid N-Quads") as caught:
        write_store(backend, SMALL.read_bytes() + EXTRA + b"<relative> <p> .\n")
    assert caught.value.status == 500
    assert dataset_version(backend) == before
    assert count_quads(open_store(backend)) == TOTAL
    assert dataset_stats(open_store(backend)).graphs == dict(graph_sizes())
    if backend.store_url:  # what the failed build had loaded is gone
        assert not [g for g in server_graphs(backend) if g.startswith(STAGING)]


def test_the_version_names_the_content(backend):
    write_store(backend, SMALL)
    first = dataset_version(backend)
    write_store(backend, SMALL)
    same = dataset_version(backend)
    write_store(backend, SMALL.read_bytes() + EXTRA)
    changed = dataset_version(backend)
    assert first.sha256 == same.sha256 != changed.sha256
    assert changed.version.endswith(changed.sha256[:8]) and changed.built_at


def test_a_handle_serves_the_new_build_and_counts_it_again(backend):
    write_store(backend, SMALL)
    handle = StoreHandle(backend)
    _, version = handle.snapshot()
    assert handle.stats().total == TOTAL
    write_store(backend, SMALL.read_bytes() + EXTRA)
    store, newer = handle.snapshot()
    assert newer != version and newer == dataset_version(backend)
    assert handle.stats().total == TOTAL + 1
    assert count_quads(store) == TOTAL + 1


def test_default_graph_triples_stay_in_the_default_graph(backend):
    write_store(backend, SMALL.read_bytes() + DEFAULT_TRIPLE)
    store = open_store(backend)
    stats = dataset_stats(store)
    assert (stats.default_graph, stats.total) == (1, TOTAL + 1)
    own = [row["o"].value for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")]
    assert own == ["in the default graph"]
    union = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", use_default_graph_as_union=True)
    assert int(next(iter(union))["n"].value) >= TOTAL + 1


def test_every_quad_comes_back_once_in_its_own_graph(backend):
    data = SMALL.read_bytes() + DEFAULT_TRIPLE
    write_store(backend, data)
    rows = list(open_store(backend).query(ALL_QUADS))
    read = {(r["s"], r["p"], r["o"], r["g"]) for r in rows}
    written = {
        (q.subject, q.predicate, q.object, None if q.graph_name == DefaultGraph() else q.graph_name)
        for q in parse(data, RdfFormat.N_QUADS)
    }
    assert read == written
    assert len(rows) == TOTAL + 1


def test_a_blank_node_shared_by_two_graphs_stays_one_node(backend):
    write_store(backend, SHARED_BLANK)
    rows = open_store(backend).query(
        "SELECT ?x WHERE { GRAPH ?g1 { ?b <http://example.org/name> ?name } "
        "GRAPH ?g2 { ?x <http://example.org/link> ?b } }"
    )
    assert [row["x"].value for row in rows] == ["http://example.org/x"]


def test_an_update_makes_a_new_version_seen_by_readers(backend):
    write_store(backend, SMALL)
    before = dataset_version(backend)
    version = apply_update(backend, INSERT + "  # a trailing comment")
    assert version == dataset_version(backend) != before
    assert count_quads(open_store(backend)) == TOTAL + 1
    assert open_store(backend).contains_named_graph(NamedNode("http://example.org/g"))


def test_a_bad_update_changes_nothing(backend):
    write_store(backend, SMALL)
    before = dataset_version(backend)
    with pytest.raises(BadRequest, match="SPARQL syntax error"):
        apply_update(backend, "INSERT DATA {")
    assert dataset_version(backend) == before
    assert count_quads(open_store(backend)) == TOTAL


def test_loading_reports_its_progress_in_bytes(backend):
    seen = []
    write_store(backend, SMALL, progress=lambda done, total: seen.append((done, total)))
    size = SMALL.stat().st_size
    assert seen[-1] == (size, size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_reading_before_any_build_says_to_run_kg_build(backend):
    with pytest.raises(Unavailable, match="kg build") as caught:
        dataset_version(backend)
    assert caught.value.status == 503


# --- the remote store answers as the embedded one does -----------------------------------

QUERIES = [
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
    "ORDER BY ?s ?label",
    "SELECT ?class (COUNT(*) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class",
    "ASK { ?s a <https://w3id.org/ma-ai/ontology#Company> }",
    "ASK { ?s a <https://w3id.org/ma-ai/ontology#Nothing> }",
    "CONSTRUCT WHERE { ?s a ?class }",
    "DESCRIBE <https://w3id.org/ma-ai/id/ocp>",
]


@pytest.fixture
def both(remote_settings, tmp_path):
    """An embedded and a remote store holding the same small dataset."""
    embedded = load_settings(environ={}, store_dir=tmp_path / "store")
    for settings in (embedded, remote_settings):
        write_store(settings, SMALL)
    return open_store(embedded), open_store(remote_settings)


@pytest.mark.parametrize("text", QUERIES)
def test_answers_are_those_of_the_embedded_store(both, text):
    answers = [sparql.run_query(store, text) for store in both]
    kind = answers[0].kind
    assert answers[1].kind == kind
    if kind == "graph":
        turtle = [a.serialize(find_format("graph", "ttl")) for a in answers]
        graphs = [set(parse(body, RdfFormat.TURTLE)) for body in turtle]
        assert graphs[0] == graphs[1] and graphs[0]
    else:
        fmt = find_format(kind, "json")
        assert answers[0].serialize(fmt) == answers[1].serialize(fmt)


def test_bound_terms_graph_dumps_and_graph_checks_match(both):
    company = NamedNode("https://w3id.org/ma-ai/ontology#Company")
    rows = [select(store, "SELECT ?r ?p ?o WHERE { ?r ?p ?o }", r=company) for store in both]
    assert sorted(map(str, rows[0])) == sorted(map(str, rows[1])) and rows[0]
    catalogue = NamedNode(GRAPH + "catalogue")
    turtle = find_format("graph", "ttl")
    dumps = [set(parse(dump(store, catalogue, turtle), RdfFormat.TURTLE)) for store in both]
    assert dumps[0] == dumps[1] and len(dumps[0]) == graph_sizes()[GRAPH + "catalogue"]
    unions = [set(parse(dump(store, None, turtle), RdfFormat.TURTLE)) for store in both]
    # The union of a remote store also holds the version of its build, about graph/build.
    extra = unions[1] - unions[0]
    assert unions[0] <= unions[1] and {q.subject.value for q in extra} == {GRAPH + "build"}
    for store in both:
        assert store.contains_named_graph(catalogue)
        assert not store.contains_named_graph(NamedNode(GRAPH + "nothing"))


def test_relative_iris_are_resolved_against_the_base_given(both):
    text = "SELECT ?x WHERE { VALUES ?x { <relative> } }"
    base = "http://example.org/base/"
    for store in both:
        rows = list(store.query(text, base_iri=base))
        assert [row["x"].value for row in rows] == [base + "relative"]


def test_a_select_answer_serialises_in_every_format(both):
    text = "SELECT ?s WHERE { ?s a <https://w3id.org/ma-ai/ontology#Company> } ORDER BY ?s"
    for fmt in QueryResultsFormat.XML, QueryResultsFormat.CSV, QueryResultsFormat.TSV:
        bodies = [store.query(text, use_default_graph_as_union=True).serialize(format=fmt)
                  for store in both]  # fmt: skip
        assert bodies[0] == bodies[1]


# --- the remote store's own behaviour ----------------------------------------------------


def test_a_store_url_is_kept_whole_by_settings_and_options(tmp_path, runner, remote_settings):
    url = remote_settings.store_url
    assert url.startswith("sparql+http://127.0.0.1:") and url.endswith("/query")
    from_env = load_settings(environ={"KG_STORE_DIR": url})
    assert (from_env.store_url, from_env.store_dir) == (url, Path("var/store"))
    folder = load_settings(environ={"KG_STORE_DIR": url}, store_dir=tmp_path)
    assert (folder.store_url, folder.store_dir) == ("", tmp_path)
    write_store(remote_settings, SMALL)
    result = runner.invoke(kg, ["query", "--store", url, "--format", "tsv", "ASK { ?s ?p ?o }"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "true"


def test_endpoints_follow_oxigraph_unless_set():
    from kg.remote_http import endpoint_urls

    fuseki = load_settings(
        environ={"KG_STORE_GRAPH_STORE_URL": "http://h:3030/ds/data"},
        store_dir="sparql+http://h:3030/ds/query",
    )
    assert endpoint_urls(fuseki) == (
        "http://h:3030/ds/query",
        "http://h:3030/ds/update",
        "http://h:3030/ds/data",
    )


def test_the_version_graph_and_staging_graphs_stay_out_of_counts(remote_settings):
    write_store(remote_settings, SMALL)
    graphs = server_graphs(remote_settings)
    assert GRAPH + "build" in graphs
    assert not [g for g in graphs if g.startswith(STAGING)]
    assert GRAPH + "build" not in dataset_stats(open_store(remote_settings)).graphs


def test_an_unreachable_server_is_named_in_a_503(remote_settings):
    settings = dataclasses.replace(
        remote_settings, store_url=f"sparql+http://kg:secret@127.0.0.1:{free_port()}/query"
    )
    with pytest.raises(Unavailable, match=r"127\.0\.0\.1:\d+/query cannot be reached") as caught:
        sparql.run_query(open_store(settings), "ASK {}")
    assert caught.value.status == 503
    assert "secret" not in caught.value.message
    with pytest.raises(Unavailable, match="cannot be reached"):
        write_store(settings, SMALL)


def test_a_server_that_does_not_answer_in_time_is_a_503(remote_settings):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        settings = dataclasses.replace(
            remote_settings, store_url=f"sparql+http://127.0.0.1:{port}/query", store_timeout=0.3
        )
        with pytest.raises(Unavailable, match=r"did not answer within 0\.3 s"):
            dataset_version(settings)


def test_a_query_the_server_refuses_is_a_400_with_its_message(remote_settings):
    write_store(remote_settings, SMALL)
    with pytest.raises(BadRequest, match=r"SPARQL syntax error: .*1:") as caught:
        sparql.run_query(open_store(remote_settings), "SELECT ?x WHERE { ?x }")
    assert caught.value.status == 400


def test_a_wrong_endpoint_is_a_bad_gateway_naming_it(remote_settings):
    wrong = remote_settings.store_url.replace("/query", "/nowhere")
    settings = dataclasses.replace(remote_settings, store_url=wrong)
    with pytest.raises(KGError, match=r"/nowhere refused the query \(404\)") as caught:
        sparql.run_query(open_store(settings), "ASK {}")
    assert caught.value.status == 502


def test_a_refused_load_leaves_the_previous_data_serving(remote_settings):
    write_store(remote_settings, SMALL)
    before = dataset_version(remote_settings)
    base = remote_settings.store_url.removeprefix("sparql+").removesuffix("/query")
    refusing = dataclasses.replace(remote_settings, store_graph_store_url=f"{base}/nowhere")
    with pytest.raises(KGError, match="refused the build") as caught:
        write_store(refusing, SMALL.read_bytes() + EXTRA)
    assert caught.value.status == 502
    assert dataset_version(remote_settings) == before
    assert count_quads(open_store(remote_settings)) == TOTAL


def test_a_refused_switch_leaves_the_previous_data_serving(remote_settings):
    write_store(remote_settings, SMALL)
    before = dataset_version(remote_settings)
    base = remote_settings.store_url.removeprefix("sparql+").removesuffix("/query")
    refusing = dataclasses.replace(remote_settings, store_update_url=f"{base}/nowhere")
    with pytest.raises(KGError, match="refused the update"):
        write_store(refusing, SMALL.read_bytes() + EXTRA)
    assert dataset_version(remote_settings) == before
    assert GRAPH + "rdf/extra" not in server_graphs(remote_settings)
    stats = dataset_stats(open_store(remote_settings))
    assert (stats.graphs, stats.total) == (dict(graph_sizes()), TOTAL)


def test_staging_graphs_of_a_killed_build_are_dropped_once_stale(remote_settings, oxigraph_server):
    old = f"{STAGING}20000101T000000.000000Z-1/0"
    fresh = f"{STAGING}{datetime.now(UTC):%Y%m%dT%H%M%S.%fZ}-1/0"
    data = "".join(f"<http://x/s> <http://x/p> <http://x/o> <{g}> .\n" for g in (old, fresh))
    _post(f"{oxigraph_server}/store", data.encode(), "application/n-quads")
    write_store(remote_settings, SMALL)
    graphs = server_graphs(remote_settings)
    assert old not in graphs and fresh in graphs
    assert dataset_stats(open_store(remote_settings)).graphs == dict(graph_sizes())


def test_a_version_is_reused_for_its_delay_then_read_again(remote_settings, oxigraph_server):
    write_store(remote_settings, SMALL)
    patient = dataclasses.replace(remote_settings, store_version_ttl=3600)
    first = dataset_version(patient)
    elsewhere = (
        f"DELETE {{ GRAPH <{GRAPH}build> {{ ?b <http://purl.org/dc/terms/hasVersion> ?v }} }} "
        f'INSERT {{ GRAPH <{GRAPH}build> {{ ?b <http://purl.org/dc/terms/hasVersion> "other" }} }} '
        f"WHERE {{ GRAPH <{GRAPH}build> {{ ?b <http://purl.org/dc/terms/hasVersion> ?v }} }}"
    )
    _post(f"{oxigraph_server}/update", elsewhere.encode(), "application/sparql-update")
    assert dataset_version(patient) == first
    assert dataset_version(remote_settings).version == "other"


def test_a_server_loaded_by_other_tools_is_served(remote_settings, oxigraph_server):
    _post(f"{oxigraph_server}/store", SMALL.read_bytes(), "application/n-quads")
    version = dataset_version(remote_settings)
    assert version.version.startswith("remote-") and not version.sha256
    assert count_quads(open_store(remote_settings)) == TOTAL


def test_graphs_are_found_on_a_server_that_does_not_list_an_empty_pattern(tmp_path):
    """Virtuoso 7 answers `GRAPH ?g { }` with one unbound row: the graphs are then read from
    the quads."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs

    listed = b'{"head":{"vars":["g"]},"results":{"bindings":[{}]}}'
    used = b'{"head":{"vars":["g"]},"results":{"bindings":[{"g":{"type":"uri","value":"http://x/g"}}]}}'

    seen = []

    class Virtuoso(BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(self.headers["Authorization"])
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            body = used if "?s ?p ?o" in form["query"][0] else listed
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Virtuoso) as server:
        thread = threading.Thread(target=server.serve_forever)
        thread.start()
        try:
            url = f"sparql+http://kg:secret@127.0.0.1:{server.server_address[1]}/sparql"
            settings = load_settings(environ={}, store_dir=url)
            assert open_remote(settings).graphs() == ["http://x/g"]
            assert seen == ["Basic a2c6c2VjcmV0"] * 2  # the user and password of the URL
        finally:
            server.shutdown()
            thread.join()


# --- end to end: kg build, the web app and kg export over a remote server ------------------


def _environment(entities: Path, tmp_path: Path) -> dict[str, str]:
    return {
        "KG_DOCUMENTS_DIR": str(ROOT / "data" / "documents"),
        "KG_ENTITIES_DIR": str(entities),
        "KG_ONTOLOGY_DIR": str(ROOT / "ontology"),
        "KG_QUERIES_DIR": str(ROOT / "queries"),
        "KG_RDF_DIR": str(tmp_path / "no-rdf"),
    }


def _count(client, text: str) -> int:
    response = client.get("/sparql", query_string={"query": text, "format": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_json()["results"]["bindings"][0]["n"]["value"])


ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }"


def _dump_quads(release) -> set:
    path = release.path / "ma-ai-kg.nq.gz"
    quads = parse(gzip.decompress(path.read_bytes()), RdfFormat.N_QUADS)
    return {q for q in quads if BlankNode not in (type(q.subject), type(q.object))}


def test_kg_build_serve_and_export_over_a_remote_store(
    remote_settings, seed_store_settings, runner, tmp_path
):
    from kg.export import export_release

    url = remote_settings.store_url
    entities = ROOT / "data" / "entities"
    result = runner.invoke(kg, ["build", "--store", url], env=_environment(entities, tmp_path))
    assert result.exit_code == 0, result.output
    assert f"store: {url.removeprefix('sparql+')}" in result.output

    served = dataclasses.replace(remote_settings, queries_dir=ROOT / "queries")
    remote, local = create_app(served).test_client(), create_app(seed_store_settings).test_client()
    both = (remote, local)
    assert _count(remote, ENTITIES) == _count(local, ENTITIES) > 100
    ready = [client.get("/readyz").get_json() for client in both]
    assert ready[0]["triples"] == ready[1]["triples"]
    assert ready[0]["graphs"] == ready[1]["graphs"]

    reports = [client.get("/queries/regions.json?_size=1000").get_json() for client in both]
    assert reports[0]["rows"] == reports[1]["rows"] and reports[0]["rows"]

    page = remote.get("/id/oracle", headers={"Accept": "text/html"})
    assert page.status_code == 303
    html = remote.get(page.headers["Location"]).get_data(as_text=True)
    assert "Oracle" in html
    turtle = [client.get("/data/oracle.ttl") for client in both]
    triples = [set(parse(t.get_data(), RdfFormat.TURTLE)) for t in turtle]
    assert triples[0] == triples[1] and triples[0]

    graph = {"graph": GRAPH + "catalogue"}
    stored = [client.get("/store", query_string=graph) for client in both]
    assert stored[0].status_code == 200
    assert len(set(parse(stored[0].get_data(), RdfFormat.TURTLE))) == len(
        set(parse(stored[1].get_data(), RdfFormat.TURTLE))
    )

    result = runner.invoke(kg, ["export", "--store", url, "--out", str(tmp_path / "dumps")])
    assert result.exit_code == 0, result.output
    releases = [export_release(s, tmp_path / name) for s, name in
                ((remote_settings, "remote"), (seed_store_settings, "local"))]  # fmt: skip
    counts = [json.loads((r.path / "metadata.json").read_text())["statements"] for r in releases]
    assert counts[0] == counts[1]
    assert _dump_quads(releases[0]) == _dump_quads(releases[1])

    # A build that fails (a broken catalogue) leaves the remote data answering as before.
    broken = tmp_path / "entities"
    broken.mkdir()
    for path in entities.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    first = sorted(broken.glob("*.yaml"))[0]
    first.write_text(first.read_text() + "\n  - this: [is not closed\n")
    version = remote.get("/readyz").get_json()["version"]
    result = runner.invoke(kg, ["build", "--store", url], env=_environment(broken, tmp_path))
    assert result.exit_code != 0
    assert remote.get("/readyz").get_json()["version"] == version
    assert _count(remote, ENTITIES) == _count(local, ENTITIES)


def test_serve_get_and_report_run_on_a_remote_store(remote_settings, runner):
    write_store(remote_settings, SMALL)
    url = remote_settings.store_url
    result = runner.invoke(kg, ["serve", "--store", url, "--get", "/readyz"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["triples"] == TOTAL
    env = {"KG_QUERIES_DIR": str(ROOT / "queries")}
    result = runner.invoke(kg, ["report", "regions", "--store", url, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output


# --- the embedded store: half-written builds ----------------------------------------------


def test_a_build_left_half_written_is_removed_by_the_next_build(tmp_path):
    settings = load_settings(environ={}, store_dir=tmp_path / "store", keep_builds=5)
    first = write_store(settings, SMALL)
    killed = first.parent / "20000101T000000.000000Z-1"
    killed.mkdir()
    (killed / "CURRENT").write_text("half written")
    second = write_store(settings, SMALL)
    assert not killed.exists()
    assert sorted(p.name for p in first.parent.iterdir()) == [first.name, second.name]
