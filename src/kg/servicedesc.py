"""The SPARQL 1.1 Service Description answered by ``GET /sparql`` without a query.

It says where the endpoint is, what it speaks (SPARQL 1.1 Query; Update only where enabled,
at its own endpoint), which result formats it serialises, that the default graph is the
union of all graphs, and which named graphs the dataset has with their sizes.

>>> from kg.store import DatasetStats
>>> stats = DatasetStats(total=3, default_graph=0, graphs={"https://w3id.org/ma-ai/graph/facts": 3})
>>> text = describe_service("http://127.0.0.1:5000/sparql", stats).decode()
>>> "sd:endpoint <http://127.0.0.1:5000/sparql>" in text, "sd:UnionDefaultGraph" in text
(True, True)
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from .store import DatasetStats

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "N-Quads",
    "TriG",
    "JSON-LD",
    "RDF_XML",
)
PREFIXES = {"sd": SD, "void": VOID, "formats": FORMATS}


def describe_service(
    endpoint: str,
    stats: DatasetStats,
    *,
    update_endpoint: str | None = None,
    format: RdfFormat = RdfFormat.TURTLE,
) -> bytes:
    """The service description of the query endpoint at *endpoint*, serialised in *format*."""
    triples = _service(endpoint, stats)
    if update_endpoint:
        update = BlankNode("update")
        triples += [
            Triple(update, RDF_TYPE, _sd("Service")),
            Triple(update, _sd("endpoint"), NamedNode(update_endpoint)),
            Triple(update, _sd("supportedLanguage"), _sd("SPARQL11Update")),
        ]
    prefixes = PREFIXES if format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    return serialize(triples, format=format, prefixes=prefixes)


def _service(endpoint: str, stats: DatasetStats) -> list[Triple]:
    # Fixed labels: the same dataset gets byte-identical descriptions (ETags, Content-Length).
    service, dataset, default = BlankNode("service"), BlankNode("dataset"), BlankNode("default")
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), NamedNode(endpoint)),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        *(Triple(service, _sd("resultFormat"), NamedNode(FORMATS + f)) for f in RESULT_FORMATS),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default),
        Triple(default, RDF_TYPE, _sd("Graph")),
        Triple(default, NamedNode(VOID + "triples"), Literal(str(stats.total), datatype=_INT)),
    ]
    for index, (name, count) in enumerate(stats.graphs.items()):
        named, graph = BlankNode(f"named{index}"), BlankNode(f"graph{index}")
        triples += [
            Triple(dataset, _sd("namedGraph"), named),
            Triple(named, RDF_TYPE, _sd("NamedGraph")),
            Triple(named, _sd("name"), NamedNode(name)),
            Triple(named, _sd("graph"), graph),
            Triple(graph, RDF_TYPE, _sd("Graph")),
            Triple(graph, NamedNode(VOID + "triples"), Literal(str(count), datatype=_INT)),
        ]
    return triples


_INT = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)
