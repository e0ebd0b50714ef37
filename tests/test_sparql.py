"""SPARQL execution: formats parse back, the dataset rules, and what is refused."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import xml.etree.ElementTree as ET

import pytest
from conftest import GRAPH, graph_sizes
from rdflib import Graph, Literal, URIRef

from kg.errors import BadRequest, NotAcceptable
from kg.sparql import find_format, media_types, run_query

PREFIXES = """PREFIX mai: <https://w3id.org/ma-ai/ontology#>
PREFIX id: <https://w3id.org/ma-ai/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
CITIES_FR = (
    PREFIXES
    + """SELECT ?city ?label WHERE {
  ?city a mai:City ; rdfs:label ?label FILTER(lang(?label) = "fr")
} ORDER BY ?city"""
)
CITIES = {
    "https://w3id.org/ma-ai/id/ben-guerir": "Benguérir",
    "https://w3id.org/ma-ai/id/casablanca": "Casablanca",
    "https://w3id.org/ma-ai/id/rabat": "Rabat",
}
CONSTRUCT_LABELS = (
    PREFIXES + "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a mai:Company ; rdfs:label ?l }"
)
OCP = "https://w3id.org/ma-ai/id/ocp"
TOTAL = sum(graph_sizes().values())


def serialize(store, text, name, **options):
    result = run_query(store, text, **options)
    return result.serialize(find_format(result.kind, name)).decode("utf-8")


def count(store, text, **options):
    body = json.loads(serialize(store, text, "json", **options))
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_select_as_json(store):
    body = json.loads(serialize(store, CITIES_FR, "json"))
    assert body["head"]["vars"] == ["city", "label"]
    rows = {b["city"]["value"]: b["label"]["value"] for b in body["results"]["bindings"]}
    assert rows == CITIES


def test_select_as_xml(store):
    root = ET.fromstring(serialize(store, CITIES_FR, "xml"))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    uris = [e.text for e in root.findall(".//r:binding[@name='city']/r:uri", ns)]
    assert uris == list(CITIES)


def test_select_as_csv_keeps_commas_inside_values(store):
    text = PREFIXES + "SELECT ?c WHERE { id:ocp rdfs:comment ?c }"
    rows = list(csv.reader(io.StringIO(serialize(store, text, "csv"))))
    assert rows == [["c"], ["Phosphates, engrais et intelligence artificielle"]]
    rows = list(csv.reader(io.StringIO(serialize(store, CITIES_FR, "csv"))))
    assert rows[0] == ["city", "label"]
    assert dict(rows[1:]) == CITIES


def test_select_as_tsv_writes_terms_in_rdf_syntax(store):
    lines = serialize(store, CITIES_FR, "tsv").splitlines()
    assert lines[0].split("\t") == ["?city", "?label"]
    assert lines[3].split("\t") == ["<https://w3id.org/ma-ai/id/rabat>", '"Rabat"@fr']


def test_ask_in_every_results_format(store):
    yes = PREFIXES + "ASK { id:ocp mai:locatedIn id:casablanca }"
    no = PREFIXES + "ASK { id:ocp mai:locatedIn id:rabat }"
    assert json.loads(serialize(store, yes, "json"))["boolean"] is True
    assert json.loads(serialize(store, no, "json"))["boolean"] is False
    assert ET.fromstring(serialize(store, yes, "xml"))[-1].text == "true"
    assert serialize(store, no, "csv").strip() == "false"


@pytest.mark.parametrize("name, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("rdf", "xml")])
def test_construct_parses_back(store, name, rdflib_format):
    graph = Graph().parse(data=serialize(store, CONSTRUCT_LABELS, name), format=rdflib_format)
    labels = set(graph.objects(URIRef(OCP), URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert labels == {Literal("Groupe OCP", lang="fr"), Literal("OCP Group", lang="en")}
    assert len(graph) == 4


def test_construct_as_json_ld(store):
    nodes = json.loads(serialize(store, CONSTRUCT_LABELS, "jsonld"))
    assert {node["@id"] for node in nodes} == {OCP, "https://w3id.org/ma-ai/id/maroc-telecom"}


def test_describe_is_a_graph_result(store):
    result = run_query(store, PREFIXES + "DESCRIBE id:rabat")
    assert result.kind == "graph"
    assert find_format(result.kind).name == "ttl"


def test_the_default_graph_is_the_union_of_all_graphs(store):
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == TOTAL


def test_default_graph_uri_restricts_the_default_graph(store):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    catalogue = GRAPH + "catalogue"
    assert count(store, text, default_graph_uris=[catalogue]) == graph_sizes()[catalogue]
    both = [catalogue, GRAPH + "facts"]
    assert count(store, text, default_graph_uris=both) == sum(graph_sizes()[g] for g in both)


def test_named_graph_uri_alone_defines_the_whole_dataset(store):
    facts = GRAPH + "facts"
    text = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    body = json.loads(serialize(store, text, "json", named_graph_uris=[facts]))
    assert [b["g"]["value"] for b in body["results"]["bindings"]] == [facts]
    # The protocol says the default graph is then empty, not the union.
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", named_graph_uris=[facts]) == 0


def test_from_in_the_query_wins_over_the_union(store):
    facts = GRAPH + "facts"
    text = f"SELECT (COUNT(*) AS ?n) FROM <{facts}> WHERE {{ ?s ?p ?o }}"
    assert count(store, text) == graph_sizes()[facts]


def test_an_invalid_graph_iri_is_a_bad_request(store):
    with pytest.raises(BadRequest, match="invalid graph IRI"):
        run_query(store, "ASK {}", default_graph_uris=["not an iri"])


# Port 9 is one pyoxigraph refuses to fetch: a missed refusal still stays off the network.
ENDPOINT = "<http://127.0.0.1:9/>"
SERVICE_QUERIES = {
    "plain": "SELECT * WHERE { SERVICE ENDPOINT { ?s ?p ?o } }",
    "lower case, silent": "select * where { service silent ENDPOINT { ?s ?p ?o } }",
    "variable endpoint": "SELECT * WHERE { BIND(ENDPOINT AS ?u) SERVICE ?u { } }",
    "in optional": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ENDPOINT {} } }",
    "in a sub-query": "SELECT * { { SELECT * WHERE { SERVICE ENDPOINT {} } } }",
    "in union": "SELECT * { { ?s ?p ?o } UNION { SERVICE ENDPOINT {} } }",
    "in minus": "SELECT * { ?s ?p ?o MINUS { SERVICE ENDPOINT {} } }",
    "in exists": "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE ENDPOINT {} } }",
    "in construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE ENDPOINT { ?s ?p ?o } }",
    "in ask": "ASK { SERVICE ENDPOINT { } }",
    "glued to SILENT": "SELECT * WHERE { SERVICESILENT ENDPOINT {} }",
    "glued to a name": "PREFIX e: ENDPOINT SELECT * { SERVICEe:x {} }",
    "prefix starting with service": "PREFIX s: ENDPOINT SELECT * { services:x {} }",
    "glued after a number": "SELECT * { ?s ?p 1SERVICE ENDPOINT {} }",
    "glued after a boolean": "SELECT * { ?s ?p trueSERVICE ENDPOINT {} }",
    "after a comment ended by CR": "SELECT * { # note\rSERVICE ENDPOINT {} }",
    "after less-than with #": "SELECT * { ?s ?p ?o FILTER(?o<?b)SERVICE#>\nENDPOINT{} }",
    "after less-than with '": "SELECT * { ?s ?p ?o FILTER(?o<'x>\" ') SERVICE ENDPOINT {} #\"\n}",
    "IRI with # in a list": "SELECT * { ?s ?p (<a:a> <http://x#y>) . SERVICE ENDPOINT {} }",
}


@pytest.mark.parametrize("text", SERVICE_QUERIES.values(), ids=SERVICE_QUERIES.keys())
def test_service_is_refused(store, text):
    with pytest.raises(BadRequest, match="SERVICE is not allowed"):
        run_query(store, text.replace("ENDPOINT", ENDPOINT))


HARMLESS = {
    "in a string": 'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "in a long string": "SELECT * WHERE { ?s ?p '''\nSERVICE <http://x/> { }\n''' }",
    "in an IRI": "SELECT * WHERE { ?s <http://x/SERVICE> ?o }",
    "in an IRI fragment": "SELECT * WHERE { ?s a <http://x#Service> FILTER(?s != <http://x#y>) }",
    "in a comment": "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
    "as a variable": "SELECT ?service WHERE { ?service ?p ?o }",
    "as a local name": "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:service ?o }",
    "as a prefix": "PREFIX service: <http://x/> SELECT * WHERE { service:a ?p ?o }",
    "as a language tag": 'SELECT * WHERE { ?s ?p "x"@service }',
    "on lines after IRIs with fragments": (
        "SELECT * WHERE {\n  ?s <http://x#p> <http://x#o> .\n"
        '  ?s <http://x#q> "customer service" .\n}'
    ),
}


@pytest.mark.parametrize("text", HARMLESS.values(), ids=HARMLESS.keys())
def test_the_word_service_elsewhere_is_not_refused(store, text):
    assert run_query(store, text).kind == "select"


def test_the_refusal_is_what_keeps_the_server_off_the_network(store):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(5)
        port = listener.getsockname()[1]
        text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(BadRequest):
            run_query(store, text)
        # Without the check, pyoxigraph itself would connect to the URL.
        connections = []

        def accept():
            connection, _ = listener.accept()
            connections.append(connection)
            connection.close()

        thread = threading.Thread(target=accept)
        thread.start()
        with pytest.raises(OSError):
            list(store.query(text))
        thread.join()
    assert len(connections) == 1


UPDATES = [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "delete { ?s ?p ?o } where { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "CREATE GRAPH <http://x/g>",
    "DROP DEFAULT",
    "COPY DEFAULT TO <http://x/g>",
    "MOVE <http://x/g> TO DEFAULT",
    "ADD <http://x/g> TO <http://x/h>",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "BASE <http://x/> PREFIX ex: <http://x/> # note\nINSERT DATA { ex:a ex:b ex:c }",
]


@pytest.mark.parametrize("text", UPDATES)
def test_updates_are_refused(store, text):
    with pytest.raises(BadRequest, match="read-only"):
        run_query(store, text)


def test_a_syntax_error_carries_the_parser_message(store):
    with pytest.raises(BadRequest, match="SPARQL syntax error: error at 1:") as caught:
        run_query(store, "SELECT ?s WHERE { ?s ?p }")
    assert caught.value.status == 400


def test_a_table_for_the_terminal(store):
    table = run_query(store, CITIES_FR).to_table().splitlines()
    assert table[0].split() == ["city", "label"]
    assert table[2].split() == ["id:ben-guerir", "Benguérir@fr"]
    assert table[-1] == "(3 rows)"
    assert run_query(store, "ASK { ?s ?p ?o }").to_table() == "true"
    graph_table = run_query(store, CONSTRUCT_LABELS).to_table().splitlines()
    assert graph_table[0].split() == ["subject", "predicate", "object"]
    assert "OCP Group@en" in "\n".join(graph_table)


def test_a_format_that_does_not_fit_the_result_is_not_acceptable(store):
    result = run_query(store, CONSTRUCT_LABELS)
    with pytest.raises(NotAcceptable) as caught:
        result.serialize(find_format("select", "csv"))
    assert caught.value.status == 406
    with pytest.raises(NotAcceptable, match="choose one of: ttl, nt, nq, trig, jsonld, rdf"):
        find_format("graph", "csv")


def test_media_types_put_the_default_first():
    assert media_types("select")[0] == "application/sparql-results+json"
    assert media_types("graph")[0] == "text/turtle"
    assert "text/csv" not in media_types("graph")


def capped_answer(store, text, name, max_rows, **graphs):
    from kg.querycheck import check_query
    from kg.sparql import answer, dataset_options

    shape = check_query(text)
    options = dataset_options(shape, graphs.get("default", []), graphs.get("named", []))
    return answer(
        store, text, shape, find_format(shape.kind, name), max_rows=max_rows, options=options
    )


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("max_rows, expected, truncated", [(2, 2, True), (TOTAL, TOTAL, False)])
def test_the_cap_cuts_select_answers_in_every_format(store, name, max_rows, expected, truncated):
    result = capped_answer(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", name, max_rows)
    assert result.truncated is truncated
    text = result.body.decode("utf-8")
    if name == "json":
        assert len(json.loads(text)["results"]["bindings"]) == expected
        assert json.loads(text)["truncated"] is truncated
    elif name == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        assert len(ET.fromstring(text).findall(".//r:result", ns)) == expected
    elif name == "csv":
        assert len(list(csv.reader(io.StringIO(text)))) == expected + 1
    else:
        assert len(text.splitlines()) == expected + 1


def test_the_cap_keeps_csv_values_with_line_breaks_whole(store):
    text = 'SELECT ?x WHERE { VALUES ?x { "a\\nb" "c\\r\\nd" "e" } }'
    result = capped_answer(store, text, "csv", 2)
    assert result.truncated
    assert list(csv.reader(io.StringIO(result.body.decode(), newline=""))) == [
        ["x"],
        ["a\nb"],
        ["c\r\nd"],
    ]


@pytest.mark.parametrize("name", ["nq", "trig"])
def test_graph_answers_in_quad_formats(store, name):
    result = capped_answer(store, CONSTRUCT_LABELS, name, 100)
    graph = Graph().parse(data=result.body, format="nquads" if name == "nq" else "trig")
    assert len(graph) == 4


def test_the_outer_limit_is_lowered_to_the_cap_not_a_subquery_limit(store):
    text = "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 20 } } LIMIT 25"
    result = capped_answer(store, text, "json", 10)
    assert result.truncated
    assert len(json.loads(result.body)["results"]["bindings"]) == 10
