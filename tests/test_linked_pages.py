"""Resource, document and ontology pages on a store built from the seed document."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize
from rdflib.namespace import OWL, RDF

from kg.describe import highlight
from kg.store import open_store, write_store
from kg.web import create_app

MAI = "https://w3id.org/ma-ai/ontology#"
DOC = "https://w3id.org/ma-ai/doc/"
ID = "https://w3id.org/ma-ai/id/"
EVIDENCE_ROWS = """
PREFIX mai: <https://w3id.org/ma-ai/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?ev ?s ?o ?doc ?start ?end ?quote WHERE {
  ?ev a mai:Evidence ; rdf:subject ?s ; rdf:object ?o ; mai:inDocument ?doc ;
      mai:startOffset ?start ; mai:endOffset ?end ; mai:quote ?quote }
"""


class TextReader(HTMLParser):
    """The document text of a page as a browser shows it, with anchor and mark positions."""

    def __init__(self):
        super().__init__()
        self.text, self.anchors, self.marked = "", {}, set()
        self._depth, self._in_mark = 0, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._depth:
            self._depth += tag not in ("span", "br")
            self._in_mark |= tag == "mark"
            if tag == "span" and attrs.get("id", "").startswith("ev-"):
                self.anchors[attrs["id"]] = len(self.text)
        elif tag == "div" and "page-text" in attrs.get("class", ""):
            self._depth = 1

    def handle_endtag(self, tag):
        if self._depth and tag not in ("span", "br"):
            self._depth -= 1
            self._in_mark = self._in_mark and tag != "mark"

    def handle_data(self, data):
        if self._depth:
            if self._in_mark:
                self.marked |= set(range(len(self.text), len(self.text) + len(data)))
            self.text += data


@pytest.fixture(scope="module")
def seed_client(seed_store_settings):
    return create_app(seed_store_settings).test_client()


@pytest.fixture(scope="module")
def seed_evidence(seed_store_settings):
    store = open_store(seed_store_settings)
    rows = store.query(EVIDENCE_ROWS, use_default_graph_as_union=True)
    return [
        {k: row[k].value for k in ("ev", "s", "o", "doc", "start", "end", "quote")} for row in rows
    ]


def read_text(html: str) -> TextReader:
    reader = TextReader()
    reader.feed(html)
    return reader


def test_document_page_anchors_every_evidence_at_its_offset(seed_client, seed_evidence):
    doc_id = seed_evidence[0]["doc"][len(DOC) :]
    reader = read_text(seed_client.get(f"/page/doc/{doc_id}").get_data(as_text=True))
    assert len(reader.text) > 1000
    for ev in seed_evidence:
        start, end = int(ev["start"]), int(ev["end"])
        anchor = ev["ev"].partition("#")[2]
        assert reader.anchors[anchor] == start
        assert reader.text[start:end] == ev["quote"]
        assert set(range(start, end)) <= reader.marked
    covered = {i for ev in seed_evidence for i in range(int(ev["start"]), int(ev["end"]))}
    assert reader.marked == covered


def test_document_page_lists_what_was_extracted(seed_client, seed_evidence):
    doc_id = seed_evidence[0]["doc"][len(DOC) :]
    page = seed_client.get(f"/page/doc/{doc_id}").get_data(as_text=True)
    extracted = page.split('id="evidence"')[1]
    statements = {(ev["s"], ev["o"]) for ev in seed_evidence}
    assert extracted.count('class="page-statement"') == len(statements)
    assert 'href="/page/oracle"' in extracted


def test_resource_page_quotes_each_fact_and_links_to_its_span(seed_client, seed_evidence):
    slug = "centre-rd-oracle-casablanca"
    page = seed_client.get(f"/page/{slug}?lang=fr").get_data(as_text=True)
    evidence = page.split('id="evidence"')[1].split("</section>")[0]
    mine = [
        ev for ev in seed_evidence if ev["s"].endswith("/" + slug) or ev["o"].endswith("/" + slug)
    ]
    assert mine
    for ev in mine:
        doc_id, _, anchor = ev["ev"][len(DOC) :].partition("#")
        assert f'href="/page/doc/{doc_id}#{anchor}"' in evidence
        assert _escaped(ev["quote"]) in evidence


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
    )


def test_resource_page_shows_same_as_links_and_arabic_label(seed_client):
    page = seed_client.get("/page/maroc?lang=ar").get_data(as_text=True)
    same_as = page.split('id="same-as"')[1].split("</section>")[0]
    assert 'href="http://www.wikidata.org/entity/Q1028"' in same_as
    assert '<html lang="ar">' in page
    assert re.search(r"<h1[^>]*>[\u0600-\u06FF ]+</h1>", page)


def test_inbound_links_are_grouped_with_counts(seed_client, seed_store_settings):
    store = open_store(seed_store_settings)
    located = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{MAI}locatedIn> <{ID}maroc> }}"
    count = int(next(iter(store.query(located, use_default_graph_as_union=True)))["n"].value)
    page = seed_client.get("/page/maroc?lang=en").get_data(as_text=True)
    inbound = page.split('id="inbound"')[1].split("</section>")[0]
    assert f'>located in</a> <small class="muted">({count})</small>' in inbound


@pytest.fixture
def tricky_client(settings):
    """A store with one document whose text has markup and non-ASCII before the evidence."""
    text = "Été 2025 : <b>OCP</b> & l’IA à Rabat.\nFin <script>x()</script>."
    quote = "<b>OCP</b> & l’IA à Rabat."
    start = text.index(quote)
    doc, ev = NamedNode(DOC + "t1"), NamedNode(DOC + "t1#ev-1")
    g = NamedNode("https://w3id.org/ma-ai/graph/evidence/t1")
    ocp, rabat = (
        NamedNode("https://w3id.org/ma-ai/id/ocp"),
        NamedNode("https://w3id.org/ma-ai/id/rabat"),
    )
    quads = [
        Quad(doc, NamedNode(str(RDF.type)), NamedNode(MAI + "SourceDocument"), g),
        Quad(doc, NamedNode(MAI + "text"), Literal(text), g),
        Quad(ev, NamedNode(str(RDF.type)), NamedNode(MAI + "Evidence"), g),
        Quad(ev, NamedNode(str(RDF.subject)), ocp, g),
        Quad(ev, NamedNode(str(RDF.predicate)), NamedNode(MAI + "locatedIn"), g),
        Quad(ev, NamedNode(str(RDF.object)), rabat, g),
        Quad(ev, NamedNode(MAI + "inDocument"), doc, g),
        Quad(
            ev,
            NamedNode(MAI + "startOffset"),
            Literal(str(start), datatype=NamedNode(str(rdflib.XSD.integer))),
            g,
        ),
        Quad(
            ev,
            NamedNode(MAI + "endOffset"),
            Literal(str(start + len(quote)), datatype=NamedNode(str(rdflib.XSD.integer))),
            g,
        ),
        Quad(ev, NamedNode(MAI + "quote"), Literal(quote), g),
    ]
    write_store(settings, serialize(quads, format=RdfFormat.N_QUADS))
    return create_app(settings).test_client(), text, quote


def test_document_text_is_escaped_and_spans_count_code_points(tricky_client):
    client, text, quote = tricky_client
    page = client.get("/page/doc/t1").get_data(as_text=True)
    assert "<script>" not in page and "<b>OCP" not in page
    reader = read_text(page)
    assert reader.text == text
    assert reader.text[reader.anchors["ev-1"] :].startswith(quote)
    assert "".join(reader.text[i] for i in sorted(reader.marked)) == quote


def test_highlight_ignores_spans_outside_the_text():
    segments = highlight("abc", [(2, 9, "x"), (-1, 1, "y"), (1, 1, "z")])
    assert [(s.text, s.marked) for s in segments] == [("abc", False)]


def test_doc_iri_dereferences_like_things(seed_client, seed_evidence):
    doc_id = seed_evidence[0]["doc"][len(DOC) :]
    html = seed_client.get(f"/doc/{doc_id}", headers={"Accept": "text/html"})
    assert html.status_code == 303 and html.headers["Location"] == f"/page/doc/{doc_id}"
    data = seed_client.get(f"/doc/{doc_id}")
    assert data.headers["Location"] == f"/data/doc/{doc_id}.ttl"
    graph = rdflib.Graph().parse(
        data=seed_client.get(data.headers["Location"]).data, format="turtle"
    )
    evidence = set(graph.subjects(RDF.type, rdflib.URIRef(MAI + "Evidence")))
    assert {rdflib.URIRef(ev["ev"]) for ev in seed_evidence} == evidence
    assert seed_client.get("/doc/nope", headers={"Accept": "text/html"}).status_code == 404


def test_ontology_answers_by_negotiation_with_its_version(seed_client):
    assert (
        seed_client.get("/ontology", headers={"Accept": "text/html"}).headers["Location"]
        == "/ontology.html"
    )
    for accept, ext, fmt in [("*/*", "ttl", "turtle"), ("application/ld+json", "jsonld", "json-ld"),
                             ("application/rdf+xml", "rdf", "xml")]:  # fmt: skip
        location = seed_client.get("/ontology", headers={"Accept": accept}).headers["Location"]
        assert location == f"/ontology.{ext}"
        graph = rdflib.Graph().parse(data=seed_client.get(location).data, format=fmt)
        ontology = rdflib.URIRef("https://w3id.org/ma-ai/ontology")
        version = graph.value(ontology, OWL.versionIRI)
        assert version is not None and str(version).startswith(str(ontology) + "/")
    suffix = str(version)[len(str(ontology)) :]
    assert seed_client.get("/ontology" + suffix).status_code == 303
    assert seed_client.get("/ontology/0.0.0-none").status_code == 404


def test_ontology_page_documents_every_term(seed_client):
    graph = rdflib.Graph().parse(data=seed_client.get("/ontology.ttl").data, format="turtle")
    terms = {str(s)[len(MAI) :] for s in graph.subjects() if str(s).startswith(MAI)}
    page = seed_client.get("/ontology.html?lang=en").get_data(as_text=True)
    assert len(terms) > 30
    for term in terms:
        assert f'id="{term}"' in page
    assert "Actor ∪ Place" in re.sub(r"<[^>]+>", "", page)
    assert 'href="/ontology.html#Initiative"' in page
