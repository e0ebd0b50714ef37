"""Statements that fit the ontology: each relation's subject and object of a class it admits.

Extraction types a new name from the document it reads; a build types it once: a name minted
by several documents keeps the class the first of them gave it (it is one entity, see
:func:`kg.graph.minted_entities`). A statement another document made about the same name, read as
another kind of thing, may then not fit its relation's ``rdfs:domain`` or ``rdfs:range``
("headed by" needs an organisation): the shapes would refuse the whole dataset for it. Such a
statement is left out of the build with a warning that names the document, the rule and the
classes, and everything else is built.
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import OWL, RDFS, Graph, URIRef
from rdflib.collection import Collection

from .catalogue import Catalogue
from .facts import DateValue, Fact
from .graph import DATE_PROPERTIES, minted_entities
from .namespaces import MAI
from .ontology import superclasses


class Signatures:
    """The classes each ``mai:`` property admits as subject and as object, and every class's
    ancestors, read from the ontology."""

    def __init__(self, ontology: Graph):
        self.ancestors = {
            _local(cls): {_local(cls)} | {_local(a) for a in above}
            for cls, above in superclasses(ontology).items()
        }
        self.domains = _admitted(ontology, RDFS.domain)
        self.ranges = _admitted(ontology, RDFS.range)

    def misfit(self, fact: Fact, classes: dict[str, str]) -> str | None:
        """Why *fact* does not fit its relation, or ``None`` when it does (or is not checked).

        *classes* maps each entity slug to the local name of its class.
        """
        relation = fact.relation
        if isinstance(fact.object, DateValue):
            relation = DATE_PROPERTIES.get(fact.object.event, "date")
        ends = [("subject", fact.subject, self.domains.get(relation))]
        if isinstance(fact.object, str):
            ends.append(("object", fact.object, self.ranges.get(relation)))
        for end, slug, admitted in ends:
            cls = classes.get(slug)
            if admitted and cls and not self.ancestors.get(cls, {cls}) & admitted:
                return (
                    f"its {end} {slug} is a {cls}; mai:{relation} takes "
                    f"{' or '.join(sorted(admitted))}"
                )
        return None


def build_classes(catalogue: Catalogue, extractions: list) -> dict[str, str]:
    """The class of every entity of a build, as the dataset records it."""
    classes = {entity.slug: entity.cls for entity in catalogue.values()}
    for slug, entity in minted_entities(catalogue, extractions).items():
        classes[slug] = entity.cls
    return classes


def fitting(signatures: Signatures, catalogue: Catalogue, extractions: list) -> list[str]:
    """Leave out of *extractions* (in place) the facts that do not fit the ontology; one
    warning per fact left out."""
    classes = build_classes(catalogue, extractions)
    warnings = []
    for index, extraction in enumerate(extractions):
        kept = []
        for fact in extraction.facts:
            reason = signatures.misfit(fact, classes)
            if reason is None:
                kept.append(fact)
                continue
            warnings.append(
                f"{extraction.document.path}: left out a statement of rule "
                f"{fact.evidence.rule!r} ({fact.subject} {fact.relation} …): {reason}"
            )
        if len(kept) != len(extraction.facts):
            extractions[index] = replace(extraction, facts=kept)
    return warnings


def _admitted(ontology: Graph, axis: URIRef) -> dict[str, frozenset[str]]:
    """Property local name → local names of the ``mai:`` classes *axis* admits (unions
    expanded); properties whose *axis* names no ``mai:`` class are left out."""
    found = {}
    for prop, target in ontology.subject_objects(axis):
        if not str(prop).startswith(str(MAI)):
            continue
        members = [target]
        union = ontology.value(target, OWL.unionOf)
        if union is not None:
            members = list(Collection(ontology, union))
        names = frozenset(_local(m) for m in members if str(m).startswith(str(MAI)))
        if names:
            found[_local(prop)] = names
    return found


def _local(term: URIRef) -> str:
    return str(term)[len(str(MAI)) :]
