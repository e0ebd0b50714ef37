"""RDF terms as pages show them: labels in the reader's language, short names, queries.

:func:`select` runs a SELECT over the union of all graphs with its parameters bound as RDF
terms (pyoxigraph ``substitutions``), never spliced into the text. :class:`Namer` reads the
labels of many IRIs at once (as a ``VALUES`` block of pyoxigraph-serialised terms taken
from the store) and turns any term into a :class:`Node`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, Variable

from .errors import KGError
from .namespaces import PREFIXES

LANGUAGES = ("fr", "en", "ar")

PROLOGUE = "".join(
    f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("mai", "rdf", "rdfs", "owl", "skos", "dcterms")
)
_LABELS = "SELECT ?x ?l WHERE { VALUES ?x { %s } ?x rdfs:label|skos:prefLabel|dcterms:title ?l }"
_LABEL_BATCH = 400
_OTHER_PREFIXES = {
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vann": "http://purl.org/vocab/vann/",
    "geo": "http://www.opengis.net/ont/geosparql#",
}
# Longest namespace first, so the most specific prefix wins.
_NAMESPACES = sorted(
    [(p, str(ns)) for p, ns in PREFIXES.items()] + list(_OTHER_PREFIXES.items()),
    key=lambda pn: -len(pn[1]),
)


@dataclass(frozen=True)
class Node:
    """An RDF term as a page shows it: ``kind`` is ``iri``, ``literal`` or ``blank``."""

    term: str
    kind: str
    label: str
    lang: str | None = None
    datatype: str | None = None


def pick_label(labels: Iterable[tuple[str, str]], lang: str) -> str | None:
    """The label in *lang*, else in French, English, Arabic, untagged, then any; ``None`` if none.

    *labels* are (language, text) pairs; variants such as ``fr-MA`` count as their language.

    >>> pick_label([("en", "OCP Group"), ("fr", "Groupe OCP")], "ar")
    'Groupe OCP'
    >>> pick_label([("en-GB", "Centre"), ("fr", "Centre FR")], "en"), pick_label([], "fr")
    ('Centre', None)
    """
    pairs = sorted(labels, key=lambda pair: pair[1])
    for wanted in (lang, *LANGUAGES, ""):
        for language, text in pairs:
            if language.lower().split("-")[0] == wanted:
                return text
    return pairs[0][1] if pairs else None


def compact(iri: str) -> str:
    """*iri* as a prefixed name when a project prefix fits, else the IRI itself.

    >>> compact("https://w3id.org/ma-ai/ontology#leads"), compact("http://example.org/x")
    ('mai:leads', 'http://example.org/x')
    """
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace) :]
            if all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
    return iri


def select(store: object, text: str, **bindings: object) -> list:
    """Solutions of the SELECT *text* over the union of all graphs, *bindings* bound as terms.

    Every bound variable must be projected by the query (pyoxigraph's substitution rule).
    Raises :class:`~kg.errors.KGError` (500) when the store cannot be read.
    """
    substitutions = {Variable(name): term for name, term in bindings.items()}
    try:
        rows = store.query(
            PROLOGUE + text, use_default_graph_as_union=True, substitutions=substitutions
        )
        return list(rows)
    except OSError as error:
        raise KGError(f"the store could not be read: {error}", 500) from error


class Namer:
    """Labels of many IRIs, read in batches, and the :class:`Node` of any term."""

    def __init__(self, store: object, terms: Iterable[object], lang: str):
        self.lang = lang
        self._labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
        iris = sorted({t.value for t in terms if isinstance(t, NamedNode)})
        for start in range(0, len(iris), _LABEL_BATCH):
            batch = " ".join(str(NamedNode(i)) for i in iris[start : start + _LABEL_BATCH])
            for s in select(store, _LABELS % batch):
                self._labels[s["x"].value].append((s["l"].language or "", s["l"].value))

    def label(self, iri: str) -> str:
        """The best label of *iri* for the reader, else its compact form."""
        return pick_label(self._labels.get(iri, ()), self.lang) or compact(iri)

    def variants(self, iri: str) -> list[Node]:
        """Every label of *iri*, French first, then English, Arabic and the rest."""
        order = {lang: i for i, lang in enumerate(LANGUAGES)}
        pairs = sorted(set(self._labels.get(iri, ())), key=lambda p: (order.get(p[0], 9), p))
        return [Node(text, "literal", text, lang=lang or None) for lang, text in pairs]

    def node(self, term: object) -> Node:
        """The node a page shows for *term*."""
        if isinstance(term, NamedNode):
            return Node(term.value, "iri", self.label(term.value))
        if isinstance(term, Literal):
            datatype = None if term.language else term.datatype.value
            return Node(term.value, "literal", term.value, term.language, datatype)
        if isinstance(term, BlankNode):
            return Node(term.value, "blank", f"_:{term.value}")
        return Node(str(term), "literal", str(term))
