"""Facts + ontology + catalogue + documents → one RDF dataset in named graphs.

Graphs (``https://w3id.org/ma-ai/graph/<name>``):

- ``ontology``: the OWL ontology;
- ``catalogue``: curated entities (labels, aliases, ``owl:sameAs``, place containment);
- ``documents``: one ``mai:SourceDocument`` per document (id, title, checksum, text);
- ``facts``: every distinct extracted statement once, and the entities extraction minted;
- ``evidence/<document-id>``: one ``mai:Evidence`` per (statement, sentence) of that document,
  pointing at the statement with ``rdf:subject`` / ``rdf:predicate`` / ``rdf:object``;
- ``inferred``: superclass types and the inverse of symmetric properties;
- ``rdf/<name>``: RDF files a user adds, as they are (TriG and N-Quads keep their own graphs).

Because every statement lives once in ``facts``, counts over the union default graph do not
double when two documents state the same fact; removing a document removes only its evidence
graph and the statements no other document supports.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .catalogue import Catalogue, Entity
from .documents import Document
from .errors import InputFileError
from .extract import Extraction
from .facts import SYMMETRIC, Amount, DateValue, Fact, NewEntity, Quantity
from .namespaces import DOC, GRAPH, ID, MAI, WD, short_hash, slugify
from .ontology import superclasses

SCHEMES = {
    "Sector": "sectors",
    "TechnologyArea": "technology-areas",
    "Risk": "risks",
    "Opportunity": "opportunities",
    "Language": "languages",
}
SCHEME_LABELS = {
    "sectors": ("Secteurs", "Sectors"),
    "technology-areas": ("Domaines technologiques", "Technology areas"),
    "risks": ("Défis et risques", "Challenges and risks"),
    "opportunities": ("Opportunités", "Opportunities"),
    "languages": ("Langues", "Languages"),
}
DATE_PROPERTIES = {
    "signature": "signatureDate",
    "launch": "launchDate",
    "opening": "openingDate",
    "event": "eventDate",
    None: "date",
}
QUAD_FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}
TRIPLE_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".n3": "n3",
}


def build_dataset(
    ontology: Graph,
    catalogue: Catalogue,
    documents: list[Document],
    extractions: list[Extraction],
    extra_rdf: Iterable[Path] = (),
) -> Dataset:
    """The whole dataset. Raises :class:`InputFileError` for an unreadable extra RDF file."""
    dataset = Dataset()
    _copy(ontology, dataset.graph(GRAPH.ontology))
    add_catalogue(dataset.graph(GRAPH.catalogue), catalogue)
    docs_graph = dataset.graph(GRAPH.documents)
    for document in documents:
        add_document(docs_graph, document)
    add_facts(dataset, catalogue, extractions)
    for path in extra_rdf:
        load_extra(dataset, Path(path))
    materialise(dataset, ontology)
    return dataset


def _copy(source: Graph, target: Graph) -> None:
    for triple in source:
        target.add(triple)


def entity_iri(slug: str) -> URIRef:
    """IRI of a thing from its slug.

    >>> entity_iri("ocp")
    rdflib.term.URIRef('https://w3id.org/ma-ai/id/ocp')
    """
    return ID[slug]


def add_catalogue(graph: Graph, catalogue: Catalogue) -> None:
    """Curated entities: class, labels, aliases, links, containment with its citation."""
    for scheme, (fr, en) in SCHEME_LABELS.items():
        graph.add((ID[scheme], RDF.type, SKOS.ConceptScheme))
        graph.add((ID[scheme], RDFS.label, Literal(fr, lang="fr")))
        graph.add((ID[scheme], RDFS.label, Literal(en, lang="en")))
    for entity in catalogue.values():
        add_entity(graph, entity)


def add_entity(graph: Graph, entity: Entity) -> None:
    """Triples of one catalogue entry."""
    iri = entity_iri(entity.slug)
    graph.add((iri, RDF.type, MAI[entity.cls]))
    graph.add((iri, MAI.curated, Literal(True)))
    for lang, label in entity.labels.items():
        graph.add((iri, RDFS.label, Literal(label, lang=lang)))
    for alias in entity.aliases:
        graph.add((iri, SKOS.altLabel, Literal(alias, lang="fr")))
    for same in entity.same_as:
        graph.add((iri, OWL.sameAs, URIRef(same if "://" in same else WD[same])))
    if entity.within:
        graph.add((iri, MAI.locatedIn, entity_iri(entity.within)))
    if entity.broader:
        graph.add((iri, SKOS.broader, entity_iri(entity.broader)))
    if entity.source:
        source = entity.source
        graph.add((iri, DCTERMS.source, URIRef(source) if _is_url(source) else Literal(source)))
    _add_concept(graph, iri, entity.cls, entity.labels["fr"])


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and " " not in text


def _add_concept(graph: Graph, iri: URIRef, cls: str, label_fr: str) -> None:
    if cls in SCHEMES:
        graph.add((iri, SKOS.prefLabel, Literal(label_fr, lang="fr")))
        graph.add((iri, SKOS.inScheme, ID[SCHEMES[cls]]))


def add_document(graph: Graph, document: Document) -> None:
    """The ``mai:SourceDocument`` of a document, with its text and metadata."""
    iri = DOC[document.id]
    graph.add((iri, RDF.type, MAI.SourceDocument))
    graph.add((iri, DCTERMS.identifier, Literal(document.id)))
    graph.add((iri, DCTERMS.title, Literal(document.title)))
    graph.add((iri, DCTERMS.language, Literal(document.language)))
    graph.add((iri, MAI.sha256, Literal(document.sha256)))
    graph.add((iri, MAI.text, Literal(document.text)))
    meta = document.metadata
    for key, prop in (("publisher", DCTERMS.publisher), ("license", DCTERMS.license)):
        if meta.get(key):
            graph.add((iri, prop, Literal(meta[key])))
    if meta.get("source"):
        source = meta["source"]
        graph.add((iri, DCTERMS.source, URIRef(source) if _is_url(source) else Literal(source)))
    if meta.get("date"):
        graph.add((iri, DCTERMS.date, date_literal(meta["date"])))


def date_literal(value: str) -> Literal:
    """A date typed by its precision.

    >>> [date_literal(v).datatype.split("#")[1] for v in ("2025-06-17", "2025-06", "2025")]
    ['date', 'gYearMonth', 'gYear']
    """
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value), XSD.string)
    return Literal(value, datatype=kind)


def add_facts(dataset: Dataset, catalogue: Catalogue, extractions: list[Extraction]) -> None:
    """Distinct statements into ``facts``; evidence per document; minted entities."""
    facts_graph = dataset.graph(GRAPH.facts)
    for entity in minted_entities(catalogue, extractions).values():
        add_new_entity(facts_graph, entity)
    for extraction in extractions:
        evidence_graph = dataset.graph(GRAPH[f"evidence/{extraction.document.id}"])
        for fact in best_evidence(extraction.facts):
            triple = fact_triple(facts_graph, fact)
            add_evidence(evidence_graph, fact, triple)


def minted_entities(catalogue: Catalogue, extractions: list[Extraction]) -> dict[str, NewEntity]:
    """The entities extraction minted, one per slug: a name several documents mint is one
    entity, with the class and label the first of them gave it."""
    minted: dict[str, NewEntity] = {}
    for extraction in extractions:
        for slug, entity in extraction.new_entities.items():
            if slug not in catalogue:
                minted.setdefault(slug, entity)
    return minted


def add_new_entity(graph: Graph, entity: NewEntity) -> None:
    """An entity minted by extraction: class, label from the text, confidence."""
    iri = entity_iri(entity.slug)
    graph.add((iri, RDF.type, MAI[entity.cls]))
    graph.add((iri, RDFS.label, Literal(entity.label, lang="fr")))
    graph.add((iri, MAI.curated, Literal(False)))
    graph.add((iri, MAI.confidence, Literal(Decimal(str(entity.confidence)))))
    _add_concept(graph, iri, entity.cls, entity.label)


def best_evidence(facts: list[Fact]) -> list[Fact]:
    """One fact per (statement, span): the most confident rule wins."""
    best: dict[tuple, Fact] = {}
    for fact in facts:
        key = (fact.key(), fact.evidence.start, fact.evidence.end)
        if key not in best or fact.evidence.confidence > best[key].evidence.confidence:
            best[key] = fact
    return list(best.values())


def fact_triple(graph: Graph, fact: Fact) -> tuple:
    """Add the statement of *fact* to *graph* (with its value node) and return its triple."""
    subject, relation, obj = fact.key()
    s = entity_iri(subject)
    if isinstance(obj, str):
        triple = (s, MAI[relation], entity_iri(obj))
    elif isinstance(obj, Quantity):
        triple = (s, MAI.hasTarget, _target(graph, subject, obj))
    elif isinstance(obj, Amount):
        triple = (s, MAI.hasBudget, _budget(graph, subject, obj))
    elif isinstance(obj, DateValue):
        triple = (s, MAI[DATE_PROPERTIES.get(obj.event, "date")], date_literal(obj.value))
    else:
        raise TypeError(f"unknown fact object {obj!r}")
    graph.add(triple)
    return triple


def _target(graph: Graph, subject: str, q: Quantity) -> URIRef:
    iri = ID[f"target-{short_hash(subject, q.quantity, q.unit, q.year, q.approximate)}"]
    graph.add((iri, RDF.type, MAI.Target))
    graph.add((iri, MAI.quantity, Literal(q.quantity, datatype=XSD.decimal)))
    graph.add((iri, MAI.unit, Literal(q.unit, datatype=XSD.string)))
    graph.add((iri, MAI.approximate, Literal(q.approximate)))
    if q.year is not None:
        graph.add((iri, MAI.targetYear, Literal(q.year, datatype=XSD.integer)))
    label = f"{'~ ' if q.approximate else ''}{q.quantity} {q.unit}"
    graph.add((iri, RDFS.label, Literal(label + (f" ({q.year})" if q.year else ""), lang="fr")))
    return iri


def _budget(graph: Graph, subject: str, a: Amount) -> URIRef:
    iri = ID[f"budget-{short_hash(subject, a.amount, a.currency)}"]
    graph.add((iri, RDF.type, MAI.Budget))
    graph.add((iri, MAI.amount, Literal(a.amount, datatype=XSD.decimal)))
    graph.add((iri, MAI.currency, Literal(a.currency, datatype=XSD.string)))
    graph.add((iri, RDFS.label, Literal(f"{a.amount:,} {a.currency}".replace(",", " "), lang="fr")))
    return iri


def add_evidence(graph: Graph, fact: Fact, triple: tuple) -> None:
    """The evidence record of one fact in one sentence."""
    ev = fact.evidence
    iri = DOC[f"{ev.document_id}#ev-{short_hash(*triple, ev.start, ev.end, length=12)}"]
    graph.add((iri, RDF.type, MAI.Evidence))
    graph.add((iri, RDF.subject, triple[0]))
    graph.add((iri, RDF.predicate, triple[1]))
    graph.add((iri, RDF.object, triple[2]))
    graph.add((iri, MAI.inDocument, DOC[ev.document_id]))
    graph.add((iri, MAI.startOffset, Literal(ev.start, datatype=XSD.nonNegativeInteger)))
    graph.add((iri, MAI.endOffset, Literal(ev.end, datatype=XSD.nonNegativeInteger)))
    graph.add((iri, MAI.quote, Literal(ev.quote, datatype=XSD.string)))
    graph.add((iri, MAI.rule, Literal(ev.rule, datatype=XSD.string)))
    graph.add((iri, MAI.confidence, Literal(Decimal(str(ev.confidence)))))


def load_extra(dataset: Dataset, path: Path) -> None:
    """Load a user's RDF file as it is. Raises :class:`InputFileError` naming the file."""
    suffix = path.suffix.lower()
    try:
        if suffix in QUAD_FORMATS:
            dataset.parse(path, format=QUAD_FORMATS[suffix])
            return
        if suffix not in TRIPLE_FORMATS:
            known = sorted({*QUAD_FORMATS, *TRIPLE_FORMATS})
            raise InputFileError(path, None, f"unknown RDF format {suffix!r}; known: {known}")
        dataset.graph(GRAPH[f"rdf/{slugify(path.stem) or 'file'}"]).parse(
            path, format=TRIPLE_FORMATS[suffix]
        )
    except InputFileError:
        raise
    except FileNotFoundError:
        raise InputFileError(path, None, "file not found") from None
    except Exception as exc:  # rdflib's parsers raise many types for malformed input
        line = getattr(exc, "lines", None)  # rdflib's BadSyntax counts lines from 0
        raise InputFileError(
            path, None if line is None else line + 1, f"not valid RDF: {exc}"
        ) from None


def materialise(dataset: Dataset, ontology: Graph) -> None:
    """Superclass types and inverse symmetric statements, in the ``inferred`` graph only."""
    inferred = dataset.graph(GRAPH.inferred)
    ancestors = superclasses(ontology)
    asserted = {(s, o) for s, _, o, g in dataset.quads((None, RDF.type, None, None))}
    for s, o in list(asserted):
        for parent in ancestors.get(o, ()):
            if (s, parent) not in asserted:
                inferred.add((s, RDF.type, parent))
    for name in SYMMETRIC:
        prop = MAI[name]
        pairs = {(s, o) for s, _, o, _ in dataset.quads((None, prop, None, None))}
        for s, o in pairs:
            if (o, s) not in pairs and not isinstance(o, BNode):
                inferred.add((o, prop, s))
