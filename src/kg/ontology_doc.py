"""Documentation of the ontology, read from the ontology graph of the store.

:func:`document_ontology` turns the ``graph/ontology`` statements into what the ontology
page shows: its metadata (title, version IRI, licence), a class tree, and one entry per
``mai:`` term (labels in every language, definition, every other statement grouped, how
often the dataset uses it). Class expressions such as ``owl:unionOf`` lists are read into
:class:`Expression` values so the page can show ``Actor ∪ Place`` with links.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import BlankNode, NamedNode

from .describe import LABEL, TYPE
from .namespaces import GRAPH, MAI, ONTOLOGY_IRI, PREFIXES
from .terms import Namer, Node, pick_label, select

_OWL, _RDFS, _RDF = (str(PREFIXES[p]) for p in ("owl", "rdfs", "rdf"))
_DCTERMS = str(PREFIXES["dcterms"])
COMMENT, SUBCLASS = _RDFS + "comment", _RDFS + "subClassOf"
KINDS = (
    (_OWL + "Class", "classes"),
    (_OWL + "ObjectProperty", "object_properties"),
    (_OWL + "DatatypeProperty", "datatype_properties"),
    (_OWL + "AnnotationProperty", "annotation_properties"),
)
_OPERATORS = {_OWL + "unionOf": " ∪ ", _OWL + "intersectionOf": " ∩ ", _OWL + "members": ", "}
# Shown in an entry's heading and definition rather than in its table.
_HEADING = frozenset({TYPE, LABEL, COMMENT, _RDFS + "isDefinedBy"})

_ALL = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_CLASS_USE = "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c"
_PROPERTY_USE = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"


@dataclass(frozen=True)
class Expression:
    """A class expression: *members* joined by *operator* (``∪``, ``∩`` or a list)."""

    operator: str
    members: list[Node]


@dataclass(frozen=True)
class Entry:
    """One ``mai:`` term: anchor name, labels, definition, other statements, uses."""

    name: str
    iri: str
    label: str
    labels: list[Node]
    comment: str
    kinds: list[Node]
    statements: list[tuple[Node, list[Node | Expression]]]
    uses: int


@dataclass(frozen=True)
class OntologyDoc:
    """The ontology page: metadata, class tree, entries by kind, disjoint groups."""

    iri: str
    version_iri: str
    label: str
    comment: str
    metadata: list[tuple[Node, list[Node | Expression]]]
    tree: list[tuple[Node, list]]
    entries: dict[str, list[Entry]]
    disjoint: list[Expression]


def document_ontology(store: object, lang: str) -> OntologyDoc:
    """The documentation of the ontology held in the store, for a reader of *lang*."""
    rows = select(store, _ALL, g=NamedNode(str(GRAPH.ontology)))
    about: dict[object, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s in rows:
        about[s["s"]][s["p"].value].append(s["o"])
    names = Namer(store, [t for s in rows for t in (s["s"], s["p"], s["o"])], lang)
    reader = _Reader(about, names)
    uses = _uses(store)
    entries: dict[str, list[Entry]] = {key: [] for _, key in KINDS}
    for subject in sorted(about, key=lambda t: t.value):
        if isinstance(subject, NamedNode) and subject.value.startswith(str(MAI)):
            entry = reader.entry(subject, uses.get(subject.value, 0))
            for kind, key in KINDS:
                if kind in {k.term for k in entry.kinds}:
                    entries[key].append(entry)
                    break
    ontology = about.get(NamedNode(ONTOLOGY_IRI), {})
    version = ontology.get(_OWL + "versionIRI", [])
    return OntologyDoc(
        iri=ONTOLOGY_IRI,
        version_iri=version[0].value if version else "",
        label=names.label(ONTOLOGY_IRI),
        comment=reader.text(ontology.get(_DCTERMS + "description", [])),
        metadata=reader.statements(ontology, skip=_HEADING | {_DCTERMS + "description"}),
        tree=_tree(entries["classes"], about, names),
        entries=entries,
        disjoint=[
            reader.expression(s)
            for s, props in about.items()
            if NamedNode(_OWL + "AllDisjointClasses") in props.get(TYPE, [])
        ],
    )


class _Reader:
    """Reads statements of the ontology graph into page values."""

    def __init__(self, about: dict, names: Namer):
        self.about, self.names = about, names

    def entry(self, subject: NamedNode, uses: int) -> Entry:
        props = self.about[subject]
        return Entry(
            name=subject.value[len(MAI) :],
            iri=subject.value,
            label=self.names.label(subject.value),
            labels=self.names.variants(subject.value),
            comment=self.text(props.get(COMMENT, [])),
            kinds=[self.names.node(t) for t in props.get(TYPE, [])],
            statements=self.statements(props, skip=_HEADING),
            uses=uses,
        )

    def text(self, literals: list) -> str:
        """The literal in the reader's language, with the same fallbacks as labels."""
        return pick_label([(t.language or "", t.value) for t in literals], self.names.lang) or ""

    def statements(self, props: dict, skip: frozenset) -> list[tuple[Node, list]]:
        found = [
            (self.names.node(NamedNode(p)), [self.value(o) for o in objects])
            for p, objects in props.items()
            if p not in skip
        ]
        return sorted(found, key=lambda pv: pv[0].label.casefold())

    def value(self, term: object) -> Node | Expression:
        return self.expression(term) if isinstance(term, BlankNode) else self.names.node(term)

    def expression(self, node: BlankNode) -> Expression:
        """``unionOf``, ``intersectionOf`` and ``members`` lists; other blank nodes as they are."""
        props = self.about.get(node, {})
        for prop, operator in _OPERATORS.items():
            if props.get(prop):
                return Expression(operator, [self.value(m) for m in self._list(props[prop][0])])
        return Expression("", [self.names.node(node)])

    def _list(self, head: object) -> list:
        items, seen = [], set()
        while isinstance(head, BlankNode) and head not in seen:
            seen.add(head)
            props = self.about.get(head, {})
            items += props.get(_RDF + "first", [])
            head = (props.get(_RDF + "rest") or [None])[0]
        return items


def _uses(store: object) -> dict[str, int]:
    counts = {s["c"].value: int(s["n"].value) for s in select(store, _CLASS_USE)}
    counts |= {s["p"].value: int(s["n"].value) for s in select(store, _PROPERTY_USE)}
    return counts


def _tree(classes: list[Entry], about: dict, names: Namer) -> list[tuple[Node, list]]:
    """The ``mai:`` classes as nested (class, subclasses) pairs, roots first."""
    known = {entry.iri for entry in classes}
    children: dict[str, list[str]] = defaultdict(list)
    roots = []
    for entry in classes:
        parents = [
            p.value for p in about[NamedNode(entry.iri)].get(SUBCLASS, []) if p.value in known
        ]
        for parent in parents:
            children[parent].append(entry.iri)
        if not parents:
            roots.append(entry.iri)

    def grow(iri: str, path: frozenset) -> tuple[Node, list]:
        below = sorted(children[iri], key=names.label)
        return names.node(NamedNode(iri)), [grow(c, path | {c}) for c in below if c not in path]

    return [grow(iri, frozenset({iri})) for iri in sorted(roots, key=names.label)]
