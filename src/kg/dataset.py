"""The dataset's own description: VoID (``/.well-known/void``) and a DCAT catalogue.

Every number comes from the store (:func:`dataset_statistics`) and every distribution from
a release written by ``kg export`` (size and checksum of its files): nothing is typed by
hand but the dataset's name, licence and publisher, which are constants here and also go
into the dump metadata and the page footers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, VOID, XSD

from .describe import select
from .namespaces import BASE, DOC, GRAPH, ID, PREFIXES, WD, short_hash
from .store import DatasetVersion, dataset_stats

if TYPE_CHECKING:
    from .export import Release

TITLE = {"en": "Morocco AI Knowledge Graph", "fr": "Graphe de connaissances de l’IA au Maroc"}
DESCRIPTION = {
    "en": "Actors, initiatives, sectors, places, targets, risks and opportunities of Morocco's "
    "artificial intelligence ecosystem, extracted from French source documents; every "
    "extracted fact is traced to the sentence it was read in.",
    "fr": "Acteurs, initiatives, secteurs, lieux, objectifs, défis et opportunités de "
    "l’écosystème marocain de l’intelligence artificielle, extraits de documents sources en "
    "français ; chaque fait extrait renvoie à la phrase où il a été lu.",
}
PUBLISHER = "Morocco AI Knowledge Graph project"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "CC BY 4.0"
VOID_DOC = BASE + ".well-known/void"
DATASET = URIRef(VOID_DOC + "#dataset")
CATALOG = URIRef(BASE + "catalog#catalog")
SERVICE = URIRef(BASE + "catalog#sparql")
SPARQL_ENDPOINT = URIRef(BASE + "sparql")
URI_SPACE = str(ID)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"
# DCAT 3 term, missing from rdflib's closed DCAT 2 namespace.
DCAT_VERSION = URIRef(str(DCAT) + "version")
_KNOWN_TARGETS = {str(WD): ("wikidata", "Wikidata", "https://www.wikidata.org/")}
_OURS = (str(ID), str(DOC), str(GRAPH))
_EXTRA_NAMESPACES = (
    str(FOAF),
    "http://purl.org/vocab/vann/",
    "http://www.opengis.net/ont/geosparql#",
)

_Q = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
    "entities": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
    f'FILTER(STRSTARTS(STR(?s), "{URI_SPACE}")) }}',
    "subjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
    "objects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
}
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
_PROPERTIES = (
    "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } "
    "GROUP BY ?p ORDER BY ?p"
)
_SAME_AS = "SELECT DISTINCT ?s ?o WHERE { ?s owl:sameAs ?o }"
_EXAMPLES = (
    "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
    f'FILTER(STRSTARTS(STR(?s), "{URI_SPACE}")) }} GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 3'
)


@dataclass(frozen=True)
class Statistics:
    """What the store holds, counted by SPARQL over the union of its graphs."""

    quads: int
    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: list[tuple[str, int]]
    properties: list[tuple[str, int]]
    graphs: list[tuple[str, int]]
    same_as: list[tuple[str, str]]
    examples: list[str]


def dataset_statistics(store: object) -> Statistics:
    """Count the store: statements, entities, class and property partitions, links out.

    Raises :class:`~kg.errors.KGError` (500) when the store cannot be read.
    """
    counts = {name: int(select(store, text)[0]["n"].value) for name, text in _Q.items()}
    stats = dataset_stats(store)
    return Statistics(
        quads=stats.total,
        triples=counts["triples"],
        entities=counts["entities"],
        distinct_subjects=counts["subjects"],
        distinct_objects=counts["objects"],
        classes=[(s["c"].value, int(s["n"].value)) for s in select(store, _CLASSES)],
        properties=[(s["p"].value, int(s["n"].value)) for s in select(store, _PROPERTIES)],
        graphs=sorted(stats.graphs.items()),
        same_as=[(s["s"].value, s["o"].value) for s in select(store, _SAME_AS)],
        examples=[s["s"].value for s in select(store, _EXAMPLES)],
    )


def vocabularies(stats: Statistics) -> list[str]:
    """Namespaces of the classes and properties the data uses (ours and others').

    >>> s = Statistics(0, 0, 0, 0, 0, [("http://www.w3.org/ns/org#Organization", 1)],
    ...                [("https://w3id.org/ma-ai/ontology#leads", 2)], [], [], [])
    >>> vocabularies(s)
    ['http://www.w3.org/ns/org#', 'https://w3id.org/ma-ai/ontology#']
    """
    known = sorted({str(ns) for ns in PREFIXES.values()} | set(_EXTRA_NAMESPACES), key=len)
    used = set()
    for iri, _ in stats.classes + stats.properties:
        spaces = [ns for ns in known if iri.startswith(ns) and not ns.startswith(_OURS)]
        if spaces:
            used.add(spaces[-1])
    return sorted(used)


def void_graph(stats: Statistics, version: DatasetVersion, release: Release | None) -> Graph:
    """The VoID description of the dataset, with its dumps when *release* is given."""
    g = _graph()
    d = DATASET
    _identity(g, d, version)
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, VOID.sparqlEndpoint, SPARQL_ENDPOINT))
    g.add((d, VOID.uriSpace, Literal(URI_SPACE)))
    g.add((d, VOID.rootResource, URIRef(BASE + "ontology")))
    for name, value in (("triples", stats.triples), ("entities", stats.entities)):
        g.add((d, VOID[name], _count(value)))
    g.add((d, VOID.distinctSubjects, _count(stats.distinct_subjects)))
    g.add((d, VOID.distinctObjects, _count(stats.distinct_objects)))
    g.add((d, VOID.classes, _count(len(stats.classes))))
    g.add((d, VOID.properties, _count(len(stats.properties))))
    for example in stats.examples:
        g.add((d, VOID.exampleResource, URIRef(example)))
    for namespace in vocabularies(stats):
        g.add((d, VOID.vocabulary, URIRef(namespace)))
    for fmt in ("N-Quads", "TriG", "Turtle", "JSON-LD", "N-Triples", "RDF_XML"):
        g.add((d, VOID.feature, URIRef(f"http://www.w3.org/ns/formats/{fmt}")))
    _partitions(g, d, stats)
    _linksets(g, d, stats)
    for graph, count in stats.graphs:
        g.add((d, VOID.subset, URIRef(graph)))
        g.add((URIRef(graph), RDF.type, VOID.Dataset))
        g.add((URIRef(graph), VOID.triples, _count(count)))
    for item in release.files if release else ():
        g.add((d, VOID.dataDump, URIRef(release.url(item.name))))
    return g


def dcat_graph(
    stats: Statistics, version: DatasetVersion, release: Release | None, issued: str = ""
) -> Graph:
    """The DCAT catalogue: the dataset, its distributions, the SPARQL endpoint as a service.

    *issued* is when the first release was published; *release* gives the distributions.
    """
    g = _graph()
    g.add((CATALOG, RDF.type, DCAT.Catalog))
    for lang, title in TITLE.items():
        g.add((CATALOG, DCTERMS.title, Literal(f"{title} — catalogue", lang=lang)))
    g.add((CATALOG, DCTERMS.publisher, Literal(PUBLISHER)))
    g.add((CATALOG, DCTERMS.license, URIRef(LICENSE)))
    g.add((CATALOG, FOAF.homepage, URIRef(BASE)))
    g.add((CATALOG, DCAT.dataset, DATASET))
    g.add((CATALOG, DCAT.service, SERVICE))
    d = DATASET
    _identity(g, d, version)
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCAT.landingPage, URIRef(BASE)))
    g.add((d, DCTERMS.spatial, WD.Q1028))
    g.add((d, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/fr")))
    for keyword in ("intelligence artificielle", "Maroc", "artificial intelligence", "Morocco"):
        g.add((d, DCAT.keyword, Literal(keyword)))
    g.add((d, VOID.triples, _count(stats.triples)))
    if issued:
        g.add((d, DCTERMS.issued, Literal(issued, datatype=XSD.dateTime)))
    if release:
        for item in release.files:
            g.add((d, DCAT.distribution, _distribution(g, release, item)))
    _service(g)
    return g


def citation(version: str) -> str:
    """How to cite the dataset.

    >>> print(citation("2026.11.29-abcd1234"))  # doctest: +NORMALIZE_WHITESPACE
    Morocco AI Knowledge Graph (version 2026.11.29-abcd1234).
    Morocco AI Knowledge Graph project. https://w3id.org/ma-ai/. CC BY 4.0.
    """
    return f"{TITLE['en']} (version {version}). {PUBLISHER}. {BASE}. {LICENSE_NAME}."


def _graph() -> Graph:
    g = Graph()
    for prefix, namespace in {**PREFIXES, "foaf": FOAF, "sd": SD, "spdx": SPDX}.items():
        g.bind(prefix, namespace)
    return g


def _identity(g: Graph, d: URIRef, version: DatasetVersion) -> None:
    for lang, title in TITLE.items():
        g.add((d, DCTERMS.title, Literal(title, lang=lang)))
    for lang, text in DESCRIPTION.items():
        g.add((d, DCTERMS.description, Literal(text, lang=lang)))
    g.add((d, DCTERMS.license, URIRef(LICENSE)))
    g.add((d, DCTERMS.publisher, Literal(PUBLISHER)))
    g.add((d, DCTERMS.creator, Literal(PUBLISHER)))
    g.add((d, DCTERMS.bibliographicCitation, Literal(citation(version.version))))
    g.add((d, FOAF.homepage, URIRef(BASE)))
    g.add((d, OWL.versionInfo, Literal(version.version)))
    g.add((d, DCAT_VERSION, Literal(version.version)))
    if version.built_at:
        g.add((d, DCTERMS.modified, Literal(version.built_at, datatype=XSD.dateTime)))


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _partitions(g: Graph, d: URIRef, stats: Statistics) -> None:
    """Class and property partitions, named by a hash of their class or property."""
    for cls, count in stats.classes:
        part = URIRef(f"{VOID_DOC}#class-{short_hash(cls)}")
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, _count(count)))
    for prop, count in stats.properties:
        part = URIRef(f"{VOID_DOC}#property-{short_hash(prop)}")
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, _count(count)))


def _linksets(g: Graph, d: URIRef, stats: Statistics) -> None:
    """One ``owl:sameAs`` linkset per target namespace (Wikidata, or a web host)."""
    targets = Counter(_target_space(target) for _, target in stats.same_as)
    for space, count in sorted(targets.items()):
        key, name, homepage = _KNOWN_TARGETS.get(space, (_key(space), space, space))
        linkset, target = (URIRef(f"{VOID_DOC}#{kind}-{key}") for kind in ("sameas", "target"))
        g.add((d, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.linkPredicate, OWL.sameAs))
        g.add((linkset, VOID.subjectsTarget, d))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.triples, _count(count)))
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, DCTERMS.title, Literal(name)))
        g.add((target, VOID.uriSpace, Literal(space)))
        g.add((target, FOAF.homepage, URIRef(homepage)))


def _target_space(iri: str) -> str:
    """The namespace a link points into: a known one, else ``scheme://host/``.

    >>> _target_space("http://www.wikidata.org/entity/Q1028"), _target_space("https://ex.org/a/b")
    ('http://www.wikidata.org/entity/', 'https://ex.org/')
    """
    for space in _KNOWN_TARGETS:
        if iri.startswith(space):
            return space
    scheme, _, rest = iri.partition("://")
    return f"{scheme}://{rest.split('/')[0]}/"


def _key(space: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in space.split("://")[-1]).strip("-")


def _distribution(g: Graph, release: Release, item: object) -> URIRef:
    dist = URIRef(f"{BASE}catalog#{release.version}-{item.name}")
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(item.title, lang="en")))
    g.add((dist, DCAT.downloadURL, URIRef(release.url(item.name))))
    g.add((dist, DCAT.accessURL, URIRef(release.url(""))))
    g.add((dist, DCAT.mediaType, URIRef(IANA + item.media_type)))
    g.add((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
    g.add((dist, DCAT.byteSize, Literal(item.bytes, datatype=XSD.nonNegativeInteger)))
    g.add((dist, DCTERMS.license, URIRef(LICENSE)))
    g.add((dist, DCTERMS.issued, Literal(release.built_at, datatype=XSD.dateTime)))
    g.add((dist, OWL.versionInfo, Literal(release.version)))
    checksum = URIRef(f"{dist}-sha256")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
    return dist


def _service(g: Graph) -> None:
    g.add((SERVICE, RDF.type, DCAT.DataService))
    g.add((SERVICE, RDF.type, SD.Service))
    g.add((SERVICE, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    g.add((SERVICE, DCAT.endpointURL, SPARQL_ENDPOINT))
    g.add((SERVICE, SD.endpoint, SPARQL_ENDPOINT))
    g.add((SERVICE, DCAT.endpointDescription, SPARQL_ENDPOINT))
    g.add((SERVICE, DCAT.servesDataset, DATASET))
    g.add((SERVICE, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((SERVICE, DCTERMS.license, URIRef(LICENSE)))
    sparql_dist = URIRef(f"{BASE}catalog#sparql-distribution")
    g.add((DATASET, DCAT.distribution, sparql_dist))
    g.add((sparql_dist, RDF.type, DCAT.Distribution))
    g.add((sparql_dist, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
    g.add((sparql_dist, DCAT.accessURL, SPARQL_ENDPOINT))
    g.add((sparql_dist, DCAT.accessService, SERVICE))
    g.add((sparql_dist, DCTERMS.license, URIRef(LICENSE)))
