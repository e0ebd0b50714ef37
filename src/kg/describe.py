"""What the store says about one resource, for its HTML page and for its RDF data.

:func:`describe` gathers a resource's labels in every language, its classes, its properties
grouped, the links that point at it (grouped, with counts), its ``owl:sameAs`` links and the
evidence of every extracted statement it takes part in. :func:`resource_quads` gives the
same neighbourhood as quads for the RDF documents. A source document adds its text cut
into highlighted spans (:func:`describe_document`, :func:`highlight`).

The resource's IRI is always bound as an RDF term (pyoxigraph ``substitutions``); other
IRIs reach a query only as pyoxigraph-serialised terms read from the store itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise

from pyoxigraph import NamedNode, Quad

from .namespaces import GRAPH, MAI, PREFIXES
from .terms import Namer, Node, select

_RDF, _RDFS, _OWL = (str(PREFIXES[p]) for p in ("rdf", "rdfs", "owl"))
TYPE, LABEL, SAME_AS = _RDF + "type", _RDFS + "label", _OWL + "sameAs"
TEXT = str(MAI.text)
INFERRED = str(GRAPH.inferred)
# Shown apart from the property table: in the heading, the class list, the links out, the text.
_APART = frozenset({TYPE, LABEL, SAME_AS, TEXT})
_INBOUND_ROWS = 2000
_LABEL_BATCH = 400

_EXISTS = "SELECT ?r WHERE { { ?r ?p ?o } UNION { ?s ?p ?r } } LIMIT 1"
_OUT = "SELECT ?r ?p ?o ?g WHERE { GRAPH ?g { ?r ?p ?o } }"
_TEXT = "SELECT ?r ?t WHERE { ?r mai:text ?t } LIMIT 1"
_IN = "SELECT ?r ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?r } FILTER NOT EXISTS { ?s a mai:Evidence } }"
_IN_COUNTS = (
    "SELECT ?r ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?r "
    "FILTER NOT EXISTS { ?s a mai:Evidence } } GROUP BY ?r ?p"
)
_EVIDENCE = """SELECT DISTINCT ?r ?ev ?s ?p ?o ?doc ?start ?end ?quote ?rule ?conf WHERE {
  %s
  ?ev a mai:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; mai:inDocument ?doc .
  OPTIONAL { ?ev mai:startOffset ?start } OPTIONAL { ?ev mai:endOffset ?end }
  OPTIONAL { ?ev mai:quote ?quote } OPTIONAL { ?ev mai:rule ?rule }
  OPTIONAL { ?ev mai:confidence ?conf }
}"""
_ABOUT = "{ ?ev rdf:subject ?r } UNION { ?ev rdf:object ?r }"
_IN_DOCUMENT = "?ev mai:inDocument ?r ."
_EVIDENCE_QUADS = (
    "SELECT ?r ?ev ?p ?o ?g WHERE { { SELECT DISTINCT ?r ?ev WHERE { %s ?ev a mai:Evidence } } "
    "GRAPH ?g { ?ev ?p ?o } }"
)
_NEIGHBOUR_LABELS = "SELECT ?x ?l ?g WHERE { VALUES ?x { %s } GRAPH ?g { ?x rdfs:label ?l } }"


@dataclass(frozen=True)
class Value:
    """One value of a property; ``inferred`` when only the inferred graph states it."""

    node: Node
    inferred: bool = False


@dataclass(frozen=True)
class PropertyGroup:
    """The values of one property of the resource."""

    prop: Node
    values: list[Value]


@dataclass(frozen=True)
class InboundGroup:
    """Resources linking to this one through one property: how many, and the first ones."""

    prop: Node
    count: int
    subjects: list[Node]


@dataclass(frozen=True)
class Evidence:
    """Where a statement was read: document, span (code points, end exclusive), quote."""

    iri: str
    document: Node
    start: int | None
    end: int | None
    quote: str
    rule: str
    confidence: str

    @property
    def anchor(self) -> str:
        """The fragment of the evidence IRI: the span's anchor on the document page."""
        return self.iri.partition("#")[2]


@dataclass(frozen=True)
class Statement:
    """One extracted statement and every evidence record supporting it."""

    subject: Node
    predicate: Node
    object: Node
    evidence: list[Evidence]


@dataclass(frozen=True)
class Description:
    """Everything a resource page shows."""

    iri: str
    label: str
    labels: list[Node]
    classes: list[Value]
    properties: list[PropertyGroup]
    inbound: list[InboundGroup]
    same_as: list[Node]
    statements: list[Statement]


@dataclass(frozen=True)
class Segment:
    """A run of document text: ``marked`` when evidence covers it; anchors of spans it starts."""

    text: str
    marked: bool
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentView:
    """A source document: its description, its text cut at evidence spans, what it supports."""

    description: Description
    text: str
    segments: list[Segment]


def exists(store: object, iri: str) -> bool:
    """True when some statement has *iri* as its subject or its object."""
    return bool(select(store, _EXISTS, r=NamedNode(iri)))


def describe(store: object, iri: str, lang: str) -> Description:
    """The description of *iri* for a reader of *lang*.

    Raises :class:`~kg.errors.KGError` (500) when the store cannot be read.
    """
    r = NamedNode(iri)
    out = select(store, _OUT, r=r)
    inbound = select(store, _IN + f" LIMIT {_INBOUND_ROWS}", r=r)
    counts = select(store, _IN_COUNTS, r=r)
    evidence = select(store, _EVIDENCE % _ABOUT, r=r)
    terms = [r, *(s["p"] for s in out), *(s["o"] for s in out), *(s["p"] for s in counts)]
    terms += [s["s"] for s in inbound] + [s[v] for s in evidence for v in ("s", "p", "o", "doc")]
    names = Namer(store, terms, lang)
    same_as = [names.node(s["o"]) for s in out if s["p"].value == SAME_AS]
    same_as += [names.node(s["s"]) for s in inbound if s["p"].value == SAME_AS]
    return Description(
        iri=iri,
        label=names.label(iri),
        labels=names.variants(iri),
        classes=[v for v in _values(out, names, {TYPE}) if v.node.kind == "iri"],
        properties=_groups(out, names),
        inbound=_inbound(inbound, counts, names),
        same_as=sorted(set(same_as), key=lambda n: n.term),
        statements=_statements(evidence, names),
    )


def describe_document(store: object, iri: str, lang: str) -> DocumentView:
    """A source document's description, text and highlighted evidence spans.

    Its statements are those its own evidence records support.
    """
    base = describe(store, iri, lang)
    evidence = select(store, _EVIDENCE % _IN_DOCUMENT, r=NamedNode(iri))
    names = Namer(store, [s[v] for s in evidence for v in ("s", "p", "o", "doc")], lang)
    statements = _statements(evidence, names)
    texts = select(store, _TEXT, r=NamedNode(iri))
    text = texts[0]["t"].value if texts else ""
    spans = [
        (ev.start, ev.end, ev.anchor)
        for statement in statements
        for ev in statement.evidence
        if ev.start is not None and ev.end is not None
    ]
    return DocumentView(replace(base, statements=statements), text, highlight(text, spans))


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """Cut *text* at span boundaries (code-point offsets, end exclusive).

    A segment is marked when a span covers it and carries the anchors of the spans starting
    there; spans outside the text are ignored.

    >>> [(s.text, s.marked, s.anchors) for s in highlight("abcdef", [(1, 3, "x"), (2, 4, "y")])]
    [('a', False, ()), ('b', True, ('x',)), ('c', True, ('y',)), ('d', True, ()), ('ef', False, ())]
    >>> highlight("é<b>", [(1, 4, "q"), (9, 12, "out")])[1]
    Segment(text='<b>', marked=True, anchors=('q',))
    """
    valid = sorted((a, b, name) for a, b, name in spans if 0 <= a < b <= len(text))
    cuts = sorted({0, len(text), *(a for a, _, _ in valid), *(b for _, b, _ in valid)})
    opening, depth = defaultdict(list), defaultdict(int)
    for a, b, name in valid:
        opening[a].append(name)
        depth[a] += 1
        depth[b] -= 1
    segments, covered = [], 0
    for left, right in pairwise(cuts):
        covered += depth[left]
        segments.append(Segment(text[left:right], covered > 0, tuple(opening[left])))
    return segments


def resource_quads(store: object, iri: str) -> list[Quad]:
    """The RDF neighbourhood of *iri*, in the graphs that hold it.

    Its statements, the statements pointing at it, the evidence records of the extracted
    statements it takes part in, and the labels of the resources these name.
    """
    r = NamedNode(iri)
    quads = [Quad(r, s["p"], s["o"], s["g"]) for s in select(store, _OUT, r=r)]
    quads += [Quad(s["s"], s["p"], r, s["g"]) for s in select(store, _IN, r=r)]
    quads += _evidence_quads(store, _ABOUT, r)
    return quads + _neighbour_labels(store, quads, exclude=r)


def document_quads(store: object, iri: str) -> list[Quad]:
    """A source document's statements, its evidence records and the labels they name."""
    r = NamedNode(iri)
    quads = [Quad(r, s["p"], s["o"], s["g"]) for s in select(store, _OUT, r=r)]
    quads += _evidence_quads(store, _IN_DOCUMENT, r)
    return quads + _neighbour_labels(store, quads, exclude=r)


def graph_quads(store: object, graph: str) -> list[Quad]:
    """Every statement of the named graph *graph*."""
    rows = select(store, "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", g=NamedNode(graph))
    return [Quad(s["s"], s["p"], s["o"], s["g"]) for s in rows]


def _values(rows: list, names: Namer, only: set[str]) -> list[Value]:
    graphs: dict[object, set[str]] = defaultdict(set)
    for s in rows:
        if s["p"].value in only:
            graphs[s["o"]].add(s["g"].value)
    values = [Value(names.node(term), g == {INFERRED}) for term, g in graphs.items()]
    return sorted(values, key=lambda v: (v.inferred, v.node.label.casefold(), v.node.term))


def _groups(rows: list, names: Namer) -> list[PropertyGroup]:
    props = {s["p"].value for s in rows} - _APART
    groups = [PropertyGroup(names.node(NamedNode(p)), _values(rows, names, {p})) for p in props]
    return sorted(groups, key=lambda g: (g.prop.label.casefold(), g.prop.term))


def _inbound(rows: list, counts: list, names: Namer) -> list[InboundGroup]:
    subjects: dict[str, set] = defaultdict(set)
    for s in rows:
        subjects[s["p"].value].add(s["s"])
    groups = []
    for s in counts:
        nodes = sorted((names.node(t) for t in subjects[s["p"].value]), key=_by_label)
        groups.append(InboundGroup(names.node(s["p"]), int(s["n"].value), nodes))
    return sorted(groups, key=lambda g: (-g.count, g.prop.label.casefold()))


def _by_label(node: Node) -> tuple[str, str]:
    return node.label.casefold(), node.term


def _statements(rows: list, names: Namer) -> list[Statement]:
    found: dict[tuple, dict[str, Evidence]] = defaultdict(dict)
    for s in rows:
        key = (s["s"], s["p"], s["o"])
        found[key][s["ev"].value] = Evidence(
            iri=s["ev"].value,
            document=names.node(s["doc"]),
            start=_integer(s["start"]),
            end=_integer(s["end"]),
            quote=s["quote"].value if s["quote"] else "",
            rule=s["rule"].value if s["rule"] else "",
            confidence=s["conf"].value if s["conf"] else "",
        )
    statements = [
        Statement(names.node(k[0]), names.node(k[1]), names.node(k[2]), _in_order(evs.values()))
        for k, evs in found.items()
    ]
    return sorted(statements, key=_first_place)


def _in_order(evidence: Iterable[Evidence]) -> list[Evidence]:
    return sorted(evidence, key=lambda e: (e.document.term, e.start or 0, e.iri))


def _first_place(statement: Statement) -> tuple:
    first = statement.evidence[0]
    return first.document.term, first.start or 0, statement.predicate.label, statement.object.label


def _integer(term: object) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def _evidence_quads(store: object, pattern: str, r: NamedNode) -> list[Quad]:
    rows = select(store, _EVIDENCE_QUADS % pattern, r=r)
    return [Quad(s["ev"], s["p"], s["o"], s["g"]) for s in rows]


def _neighbour_labels(store: object, quads: list[Quad], exclude: NamedNode) -> list[Quad]:
    named = {t for q in quads for t in (q.subject, q.object) if isinstance(t, NamedNode)}
    iris = sorted(named - {exclude}, key=lambda t: t.value)
    found = []
    for start in range(0, len(iris), _LABEL_BATCH):
        batch = " ".join(str(t) for t in iris[start : start + _LABEL_BATCH])
        rows = select(store, _NEIGHBOUR_LABELS % batch)
        found += [Quad(s["x"], NamedNode(LABEL), s["l"], s["g"]) for s in rows]
    return found
