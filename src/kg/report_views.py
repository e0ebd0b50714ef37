"""A report's view: its answer's rows drawn as the chart its front-matter names.

The front-matter's ``chart`` maps chart roles to columns (``label``, ``value``… see
``queries/README.md``); this module reads those columns from rows of RDF terms and calls the
drawing functions of :mod:`kg.charts`. A CONSTRUCT report's graph view draws its triples:
``rdfs:label`` gives node names, ``rdf:type`` node kinds, other IRI-valued triples the edges.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .charts import Bar, Edge, Event, bar_chart, network_chart, regions_map, timeline_chart


def render_view(
    view: str,
    roles: dict[str, str],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    title: str,
    link: Callable[[str], str | None] = lambda iri: None,
) -> str | None:
    """The SVG of a report's *view* over its rows (terms), or ``None`` for a table.

    *roles* maps chart roles to columns (``label``, ``value``… from the report's front-matter);
    *link* gives the page of an IRI, or ``None``.
    """
    pick = _picker(columns, roles)
    if view == "bar":
        bars = [
            Bar(_text(pick(r, "label")), _float(pick(r, "value")), _href(pick(r, "link"), link))
            for r in rows
        ]
        return bar_chart(bars, title)
    if view == "timeline":
        events = [
            Event(
                _text(pick(r, "date")),
                _text(pick(r, "label")),
                _text(pick(r, "group")),
                _href(pick(r, "link"), link),
            )
            for r in rows
        ]
        return timeline_chart(events, title)
    if view == "map":
        values = {
            _slug(pick(r, "region")): (_float(pick(r, "value")), _text(pick(r, "label")))
            for r in rows
        }
        return regions_map(values, title, lambda slug: link(_ID + slug))
    if view == "graph":
        if tuple(columns) == _TRIPLE:
            nodes, edges = _triples_graph(rows)
        else:
            nodes, edges = _rows_graph(pick, rows, roles.get("source", ""), roles.get("target", ""))
        return network_chart(nodes, edges, title, link)
    return None


_ID = "https://w3id.org/ma-ai/id/"
_TRIPLE = ("subject", "predicate", "object")
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _picker(columns: Sequence[str], roles: dict[str, str]) -> Callable[[Sequence, str], object]:
    index = {
        role: list(columns).index(column) for role, column in roles.items() if column in columns
    }
    return lambda row, role: row[index[role]] if role in index else None


def _text(term: object) -> str:
    return "" if term is None else term.value


def _float(term: object) -> float:
    try:
        return float(term.value)
    except (AttributeError, ValueError):
        return 0.0


def _slug(term: object) -> str:
    return _text(term).removeprefix(_ID)


def _href(term: object, link: Callable[[str], str | None]) -> str | None:
    return link(term.value) if term is not None and term.value.startswith("http") else None


def _rows_graph(pick: Callable, rows: Sequence, kind: str, other: str) -> tuple[dict, list[Edge]]:
    nodes: dict[str, tuple[str, str]] = {}
    edges = []
    for row in rows:
        source, target = _text(pick(row, "source")), _text(pick(row, "target"))
        if not source or not target:
            continue
        nodes.setdefault(source, (_text(pick(row, "source_label")) or source, kind))
        nodes.setdefault(target, (_text(pick(row, "target_label")) or target, other))
        edges.append(Edge(source, target, _text(pick(row, "edge"))))
    return nodes, edges


def _triples_graph(rows: Sequence) -> tuple[dict, list[Edge]]:
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    edges = []
    for subject, predicate, obj in rows:
        if predicate.value == _LABEL:
            labels[subject.value] = obj.value
        elif predicate.value == _TYPE:
            kinds[subject.value] = obj.value.rsplit("#", 1)[-1]
        elif obj.value.startswith("http"):
            edges.append(Edge(subject.value, obj.value, predicate.value.rsplit("#", 1)[-1]))
    keys = {key for edge in edges for key in (edge.source, edge.target)}
    return {key: (labels.get(key, key), kinds.get(key, "")) for key in keys}, edges
