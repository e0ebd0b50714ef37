"""Real SPARQL clients against a running `kg serve`: SPARQLWrapper, rdflib, Apache Jena."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import SMALL, graph_sizes, running_server
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

from kg.settings import load_settings
from kg.store import write_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TOTAL = sum(graph_sizes().values())
RABAT = "https://w3id.org/ma-ai/id/rabat"
LABELS = f"CONSTRUCT {{ <{RABAT}> ?p ?l }} WHERE {{ <{RABAT}> ?p ?l FILTER(isLiteral(?l)) }}"
JAVA_FOLDER = Path("/usr/share/java")
# The jars rsparql needs (libapache-jena-java and its Depends), one SLF4J binding only:
# the folder holds several, which stops Java at start-up.
JENA_JARS = (
    "jena-arq jena-base jena-cmds jena-core jena-dboe-base jena-dboe-index jena-dboe-storage "
    "jena-dboe-trans-data jena-dboe-transaction jena-iri jena-rdfconnection jena-tdb jena-tdb2 "
    "commons-cli commons-codec commons-compress commons-csv commons-io commons-lang3 "
    "dexx.collection gson guava httpclient httpcore jackson-core jackson-databind "
    "jackson-annotations jsonld-java jakarta.json-api protobuf slf4j-api slf4j-nop thrift "
    "titanium-json-ld"
).split()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clients")
    settings = load_settings(environ={}, store_dir=folder / "store")
    write_store(settings, SMALL)
    with running_server(settings.store_dir, folder / "serve.log", "--workers", "2") as (url, _):
        yield url


def wrapper(base, query, fmt, method=None):
    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client.query().convert()


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_select_as_json(base, method):
    body = wrapper(base, COUNT, JSON, method)
    assert body["results"]["bindings"][0]["n"]["value"] == str(TOTAL)


def test_sparqlwrapper_select_and_ask_as_xml(base):
    document = wrapper(base, COUNT, XML)
    assert document.getElementsByTagName("literal")[0].firstChild.data == str(TOTAL)
    ask = wrapper(base, f"ASK {{ <{RABAT}> ?p ?o }}", XML)
    assert ask.getElementsByTagName("boolean")[0].firstChild.data == "true"


def test_sparqlwrapper_construct_as_turtle(base):
    graph = Graph().parse(data=wrapper(base, LABELS, TURTLE), format="turtle")
    labels = set(graph.objects(URIRef(RABAT), RDFS.label))
    assert labels == {Literal("Rabat", lang="fr"), Literal("Rabat", lang="en")}


def test_rdflib_sparqlstore_as_a_graph(base):
    graph = Graph(SPARQLStore(base + "/sparql", returnFormat="json"))
    assert set(graph.objects(URIRef(RABAT), RDFS.label)) == {
        Literal("Rabat", lang="fr"),
        Literal("Rabat", lang="en"),
    }
    rows = list(graph.query(COUNT))
    assert int(rows[0][0]) == TOTAL
    assert (URIRef(RABAT), None, None) in graph


@pytest.fixture(scope="module")
def rsparql(tmp_path_factory):
    """A command line running Jena's `arq.rsparql`, or a skip saying what is missing."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Debian: openjdk-17-jre-headless)")
    missing = [jar for jar in JENA_JARS if not (JAVA_FOLDER / f"{jar}.jar").is_file()]
    if missing:
        pytest.skip(f"Apache Jena is not installed (Debian: libapache-jena-java): {missing[0]}")
    resources = tmp_path_factory.mktemp("jena")
    _relocated_xerces_messages(resources)
    classpath = ":".join([str(resources), *(str(JAVA_FOLDER / f"{j}.jar") for j in JENA_JARS)])
    return ["java", "-cp", classpath, "arq.rsparql"]


def _relocated_xerces_messages(target: Path) -> None:
    """Debian's jena-core looks for Xerces' message bundles under ``xerces/impl``, where the
    jar does not have them: copy them there, first on the classpath."""
    prefix = "org/apache/jena/ext/"
    with zipfile.ZipFile(JAVA_FOLDER / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                destination = target / name[len(prefix) :]
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(jar.read(name))


def run_jena(command, base, query, *options):
    done = subprocess.run(
        [*command, "--service", base + "/sparql", "--query", "/dev/stdin", *options],
        input=query,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_jena_rsparql_select(rsparql, base):
    table = run_jena(rsparql, base, COUNT)
    assert f"| {TOTAL} |" in table


def test_jena_rsparql_construct(rsparql, base):
    text = run_jena(rsparql, base, LABELS)
    graph = Graph().parse(data=text, format="turtle")
    assert set(graph.objects(URIRef(RABAT), RDFS.label)) == {
        Literal("Rabat", lang="fr"),
        Literal("Rabat", lang="en"),
    }
