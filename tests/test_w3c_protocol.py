"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol tests, run from their manifests.

Every query-protocol test of ``protocol-manifest.ttl`` that applies to a read-only service
is run, against the app's test client and against a real `kg serve` process: the query
tests with their data loaded into named graphs, and all the ``bad_*`` tests (an update sent
to the read-only service must get a 4xx too). The ``update_*`` tests expect the update to
succeed: they do not apply to a read-only service (updates go to ``/update`` when enabled,
tested in test_web_update.py).

The Graph Store tests (indirect identification) write graphs with PUT/POST/DELETE and read
them with GET/HEAD. The store is read-only, so the writes are applied to a model of the
graph store here and written as a new build before each read, and every GET and HEAD is
sent to ``/store`` and checked: status, Content-Type and the graph (isomorphic).
``post_get_new_graph`` needs the server to create a graph from a POST: not applicable.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import running_server
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from kg.settings import load_settings
from kg.store import write_store
from kg.web import create_app

SUITE = Path(__file__).resolve().parent / "fixtures" / "w3c-sparql11-tests"
if not (SUITE / "protocol-manifest.ttl").is_file():
    pytest.skip(f"the W3C test data is not in {SUITE}", allow_module_level=True)

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
STATUS_CODES = {"OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404}}
NOT_APPLICABLE = {
    "post_get_new_graph": "graph creation by POST needs a writable graph store",
}
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = {
    "application/rdf+xml": "xml",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
}


@dataclass(frozen=True)
class Step:
    """One HTTP request of a test and what its response must be."""

    method: str
    path: str
    headers: dict
    body: bytes | None
    statuses: frozenset
    format: str | None = None
    boolean: bool | None = None
    content_type: str | None = None
    graph: str | None = None


def load_manifest(name: str) -> tuple[Graph, list]:
    graph = Graph().parse(SUITE / name, format="turtle", publicID=f"http://suite/{name}")
    entries = next(graph.objects(None, MF.entries))
    return graph, list(Collection(graph, entries))


def steps_of(graph: Graph, test) -> list[Step]:
    action = graph.value(test, MF.action)
    return [_step(graph, node) for node in Collection(graph, graph.value(action, HT.requests))]


def _step(graph: Graph, node) -> Step:
    headers = {}
    listed = graph.value(node, HT.headers)
    for header in Collection(graph, listed) if listed else ():
        headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = graph.value(node, HT.body)
    data = None
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(graph.value(body, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = set()
    for status in graph.objects(response, MF.expectedStatus):
        local = str(status).rsplit("#", 1)[-1]
        statuses |= STATUS_CODES.get(local) or status_class(local)
    expected = {
        "format": graph.value(response, MF.expectedFormat),
        "boolean": graph.value(response, MF.expectedBoolean),
    }
    response_headers = graph.value(response, HT.headers)
    content_type = None
    for header in Collection(graph, response_headers) if response_headers else ():
        content_type = str(graph.value(header, HT.fieldValue))
    expected_body = graph.value(response, HT.body)
    return Step(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=data,
        statuses=frozenset(statuses),
        format=str(expected["format"]) if expected["format"] is not None else None,
        boolean=expected["boolean"].toPython() if expected["boolean"] is not None else None,
        content_type=content_type,
        graph=str(graph.value(expected_body, CNT.chars)) if expected_body is not None else None,
    )


def status_class(name: str) -> set[int]:
    """The codes of ``StatusCode4xx`` and the like."""
    first = int(name.removeprefix("StatusCode")[0]) * 100
    return set(range(first, first + 100))


PROTOCOL, PROTOCOL_TESTS = load_manifest("protocol-manifest.ttl")
GSP, GSP_TESTS = load_manifest("gsp-manifest-indirect.ttl")


def local_name(test) -> str:
    return str(test).rsplit("#", 1)[-1]


def protocol_cases():
    for test in PROTOCOL_TESTS:
        name = local_name(test)
        marks = []
        if name.startswith("update_"):
            reason = "expects an update to succeed: the query service is read-only"
            marks.append(pytest.mark.skip(reason=f"not applicable, {reason}"))
        yield pytest.param(test, id=name, marks=marks)


def gsp_cases():
    for test in GSP_TESTS:
        name = local_name(test)
        marks = []
        if name in NOT_APPLICABLE:
            marks.append(pytest.mark.skip(reason=f"not applicable: {NOT_APPLICABLE[name]}"))
        yield pytest.param(test, id=name, marks=marks)


def protocol_data() -> bytes:
    """The data of every protocol test, each file in the named graph its test gives it."""
    dataset = Dataset()
    for graph_data in PROTOCOL.objects(None, UT.graphData):
        file = SUITE / ("protocol-" + str(PROTOCOL.value(graph_data, UT.graph)).rsplit("/", 1)[-1])
        name = URIRef(str(PROTOCOL.value(graph_data, RDFS.label)))
        dataset.graph(name).parse(file, format="nt")
    return dataset.serialize(format="nquads", encoding="utf-8")


class Target:
    """Sends requests to the app's test client or to a real server on 127.0.0.1."""

    def __init__(self, settings, base: str | None):
        self.settings = settings
        self.base = base
        self.client = None if base else create_app(settings).test_client()

    def send(self, method: str, path: str, headers: dict, body: bytes | None):
        if self.client is not None:
            response = self.client.open(path, method=method, headers=headers, data=body)
            return response.status_code, response.headers.get("Content-Type", ""), response.data
        port = int(self.base.rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("w3c")
    settings = load_settings(environ={}, store_dir=folder / "store")
    write_store(settings, protocol_data())
    return settings


@pytest.fixture(scope="module")
def server(settings, tmp_path_factory):
    log = tmp_path_factory.mktemp("w3c-log") / "serve.log"
    with running_server(settings.store_dir, log, "--workers", "1") as (base, _):
        yield base


@pytest.fixture(params=["app", "server"])
def target(request, settings):
    base = request.getfixturevalue("server") if request.param == "server" else None
    return Target(settings, base)


@pytest.mark.parametrize("test", list(protocol_cases()))
def test_protocol(target, test):
    write_store(target.settings, protocol_data())
    for step in steps_of(PROTOCOL, test):
        path = step.path.replace("/sparql/", "/sparql", 1)
        status, content_type, body = target.send(step.method, path, step.headers, step.body)
        assert status in step.statuses, body
        check_format(step, content_type, body)


def check_format(step: Step, content_type: str, body: bytes) -> None:
    media = content_type.split(";")[0].strip()
    if step.format == "boolean":
        assert media in BOOLEAN_TYPES
        if step.boolean is not None:
            assert parse_boolean(media, body) is step.boolean
    elif step.format == "tabular":
        assert media in TABULAR_TYPES
        if media == "application/sparql-results+json":
            assert json.loads(body)["head"]["vars"] == ["value"]
    elif step.format == "RDF":
        assert media in RDF_TYPES
        Graph().parse(data=body, format=RDF_TYPES[media])


def parse_boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    element = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return element.text == "true"


@pytest.mark.parametrize("test", list(gsp_cases()))
def test_graph_store(target, test):
    store = GraphStoreModel()
    reads = 0
    for step in steps_of(GSP, test):
        if step.method in ("PUT", "POST", "DELETE"):
            store.apply(step)
            continue
        write_store(target.settings, store.nquads())
        path = step.path.replace("/gsp", "/store", 1)
        status, content_type, body = target.send(step.method, path, step.headers, None)
        assert status in step.statuses, body
        if step.content_type:
            assert content_type == step.content_type
        if step.graph and step.method == "GET":
            got = Graph().parse(data=body, format="turtle")
            assert isomorphic(got, Graph().parse(data=step.graph, format="turtle"))
        if step.method == "HEAD":
            assert body == b""
        reads += 1
    assert reads


class GraphStoreModel:
    """What the graph store holds after the test's writes (PUT, POST, DELETE)."""

    def __init__(self):
        self.graphs: dict[str, Graph] = {}

    def apply(self, step: Step) -> None:
        name = graph_name(step.path)
        if step.method == "DELETE":
            self.graphs.pop(name, None)
            return
        incoming = Graph()
        content_type = step.headers.get("content-type", "")
        for part in parts(content_type, step.body):
            incoming.parse(data=part, format="turtle")
        if step.method == "PUT" or name not in self.graphs:
            self.graphs[name] = incoming
        else:
            self.graphs[name] += incoming

    def nquads(self) -> bytes:
        dataset = Dataset()
        for name, graph in self.graphs.items():
            target = dataset.default_graph if name == "default" else dataset.graph(URIRef(name))
            for triple in graph:
                target.add(triple)
        return dataset.serialize(format="nquads", encoding="utf-8")


def graph_name(path: str) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query, keep_blank_values=True)
    return query["graph"][0] if "graph" in query else "default"


def parts(content_type: str, body: bytes) -> list[str]:
    """The Turtle documents of a request body, one or the parts of a multipart form."""
    text = body.decode("utf-8")
    if not content_type.startswith("multipart/form-data"):
        return [text]
    boundary = "--" + content_type.split("boundary=")[1]
    documents = []
    for chunk in text.split(boundary)[1:-1]:
        _, _, document = chunk.partition("\r\n\r\n")
        documents.append(document)
    return documents


def test_every_manifest_entry_is_run_or_marked():
    protocol = [local_name(t) for t in PROTOCOL_TESTS]
    graph_store = [local_name(t) for t in GSP_TESTS]
    assert len(protocol) == 34 and len(graph_store) == 9
    run = [name for name in protocol if not name.startswith("update_")]
    assert len(run) == 27
    assert set(NOT_APPLICABLE) <= set(graph_store)
