"""The query page for people: ``/sparql`` in a browser.

An editor preloaded with the project's prefixes, example queries, and the results as a
table with download links. It works without JavaScript (the form is a GET with
``format=html``, answered here on the server); ``static/sparql_page.js`` runs queries in
place when JavaScript is on. Nothing is loaded from elsewhere: the page works offline.
"""

from __future__ import annotations

import json
from dataclasses import replace

from flask import Response, current_app, render_template, url_for

from .endpoint import QueryRequest
from .errors import KGError
from .namespaces import BASE, PREFIXES
from .negotiation import find_format, formats_for
from .querycheck import check_query
from .sparql import compact_iri

PREFIX_LINES = "\n".join(f"PREFIX {name}: <{namespace}>" for name, namespace in PREFIXES.items())
_COMMON = ("mai", "id", "rdf", "rdfs", "skos")
COMMON_PREFIXES = "\n".join(f"PREFIX {name}: <{PREFIXES[name]}>" for name in _COMMON)

EXAMPLES = (
    ("Actors by kind", """SELECT ?class (COUNT(DISTINCT ?actor) AS ?actors)
WHERE { ?actor a ?class . ?class rdfs:subClassOf+ mai:Actor }
GROUP BY ?class
ORDER BY DESC(?actors)"""),
    ("Initiatives and their sectors", """SELECT ?initiative ?name ?sector
WHERE {
  ?initiative a mai:Initiative ; rdfs:label ?name .
  OPTIONAL { ?initiative mai:targetsSector ?sector }
  FILTER(lang(?name) = "fr")
}
ORDER BY ?name
LIMIT 100"""),
    ("Who leads what", """SELECT ?actor ?initiative
WHERE { ?actor mai:leads ?initiative }"""),
    ("Evidence of each fact", """SELECT ?subject ?predicate ?object ?quote ?document
WHERE {
  ?evidence a mai:Evidence ;
    rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ;
    mai:quote ?quote ; mai:inDocument ?document .
}
LIMIT 50"""),
    ("Places in Morocco", """SELECT ?place ?name
WHERE {
  ?place mai:locatedIn+ id:maroc ; rdfs:label ?name .
  FILTER(lang(?name) = "fr")
}
ORDER BY ?name"""),
    ("Named graphs and their size", """SELECT ?graph (COUNT(*) AS ?statements)
WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph"""),
    ("Everything about one actor", """CONSTRUCT { id:ocp ?p ?o }
WHERE { id:ocp ?p ?o }"""),
)  # fmt: skip
DEFAULT_QUERY = EXAMPLES[0][1]


def with_prefixes(query: str) -> str:
    """*query* after the common prefix lines, as the editor shows it.

    >>> with_prefixes("ASK {}").splitlines()[0]
    'PREFIX mai: <https://w3id.org/ma-ai/ontology#>'
    """
    return f"{COMMON_PREFIXES}\n\n{query}"


def render_page(query: str | None = None, status: int = 200, **results: object) -> Response:
    """The query page with *query* in the editor and, when given, its *results*."""
    handle = current_app.extensions["kg.endpoint"].handle
    try:
        version = handle.snapshot()[1].version
    except KGError:
        version = None
    body = render_template(
        "sparql_page.html",
        query=query or with_prefixes(DEFAULT_QUERY),
        examples=[(title, with_prefixes(text)) for title, text in EXAMPLES],
        all_prefixes=PREFIX_LINES,
        base=BASE,
        dataset_version=version,
        lang="en",
        **results,
    )
    return Response(body, status=status, content_type="text/html; charset=utf-8")


def render_results(text: str, request: QueryRequest) -> Response:
    """The query page with the answer to *text*: a table, a boolean or a graph in Turtle.

    Errors are shown on the page, with their status.
    """
    endpoint = current_app.extensions["kg.endpoint"]
    try:
        shape = check_query(text)
        fmt = find_format(shape.kind, "ttl" if shape.kind == "graph" else "json")
        reply = endpoint.reply(replace(request, if_none_match=""), shape, fmt)
    except KGError as error:
        return render_page(text, status=error.status, error=error.message)
    downloads = [
        (f.name.upper(), url_for("sparql.query_view", query=text, format=f.name))
        for f in formats_for(shape.kind)
    ]
    results = {"kind": shape.kind, "downloads": downloads, "truncated": reply.truncated}
    if shape.kind == "graph":
        results["graph"] = reply.body.decode("utf-8")
    else:
        results.update(_table(json.loads(reply.body)))
    results["max_rows"] = endpoint.settings.max_rows
    return render_page(text, **results)


def _table(document: dict) -> dict:
    if "boolean" in document:
        return {"boolean": document["boolean"]}
    head = document["head"]["vars"]
    bindings = document["results"]["bindings"]
    rows = [[_cell(binding.get(name)) for name in head] for binding in bindings]
    return {"head": head, "rows": rows}


def _cell(term: dict | None) -> tuple[str, str | None]:
    """(text, link) of one SPARQL JSON term; our own IRIs link to this server.

    >>> _cell({"type": "uri", "value": "https://w3id.org/ma-ai/id/ocp"})
    ('id:ocp', '/id/ocp')
    >>> _cell({"type": "literal", "value": "Rabat", "xml:lang": "fr"})
    ('Rabat@fr', None)
    """
    if term is None:
        return "", None
    value = term["value"]
    if term["type"] == "uri":
        link = "/" + value[len(BASE) :] if value.startswith(BASE) else value
        return compact_iri(value), link
    if term["type"] == "bnode":
        return f"_:{value}", None
    if "xml:lang" in term:
        return f"{value}@{term['xml:lang']}", None
    return value, None
