"""The dataset: statements once, evidence per document, inferred types, extra RDF, SHACL."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store
from rdflib import Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.catalogue import load_catalogue
from kg.documents import read_document
from kg.errors import InputFileError
from kg.extract import Extraction, Extractor
from kg.facts import Evidence, Fact, Quantity
from kg.graph import build_dataset
from kg.namespaces import DOC, GRAPH, ID, MAI
from kg.ontology import class_tops, load_ontology, load_shapes
from kg.validate import validate_dataset

# rdflib 7.6 calls its own deprecated API (Dataset.contexts, Dataset.default_context,
# ConjunctiveGraph) when it parses or serializes N-Quads and TriG. Only warnings raised from
# inside rdflib are ignored: a deprecated call made by kg itself still fails the tests.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "documents" / "000_0f6c74b7f7ad8b14.txt"
PREFIXES = f"""
PREFIX mai: <{MAI}>
PREFIX id: <{ID}>
PREFIX graph: <{GRAPH}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Oracle leads its R&D centre, which is in Casablanca; Oracle and OCP are partners.
TEXT_A = "Oracle dirige le Centre R&D à Casablanca. Oracle et l’OCP sont partenaires.\n"
# The same two statements, the partnership read the other way round.
TEXT_B = "L’OCP et Oracle ont signé un partenariat. Oracle dirige le Centre R&D à Casablanca.\n"
# The second document rewritten: it now supports something else.
TEXT_B2 = "L’OCP a créé AI Movement.\n"
LEADS = (ID.oracle, MAI.leads, ID["centre-rd-oracle-casablanca"])
LOCATED = (ID["centre-rd-oracle-casablanca"], MAI.locatedIn, ID.casablanca)
PARTNERS = (ID.ocp, MAI.partnerOf, ID.oracle)
OCP_LEADS = (ID.ocp, MAI.leads, ID["ai-movement"])


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(ROOT / "ontology")


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(ROOT / "ontology")


@pytest.fixture(scope="module")
def catalogue(ontology):
    return load_catalogue(ROOT / "data" / "entities", class_tops(ontology))


@pytest.fixture(scope="module")
def extractor(catalogue):
    return Extractor(catalogue)


@pytest.fixture(scope="module")
def seed():
    return read_document(SEED)


@pytest.fixture(scope="module")
def seed_extraction(extractor, seed):
    return extractor.extract(seed)


@pytest.fixture(scope="module")
def seed_dataset(ontology, catalogue, seed, seed_extraction):
    return build_dataset(ontology, catalogue, [seed], [seed_extraction])


@pytest.fixture(scope="module")
def seed_store(seed_dataset):
    return to_store(seed_dataset)


@pytest.fixture
def build(ontology, catalogue):
    def _build(documents=(), extractions=(), extra=()):
        return build_dataset(ontology, catalogue, list(documents), list(extractions), extra)

    return _build


@pytest.fixture
def hand_made(tmp_path):
    """Documents A, B and B' with hand-made extractions of the statements above."""
    a = write_doc(tmp_path, "doc-a.txt", TEXT_A)
    b = write_doc(tmp_path / "v1", "doc-b.txt", TEXT_B)
    b2 = write_doc(tmp_path / "v2", "doc-b.txt", TEXT_B2)
    first, second = TEXT_A.split(". ")
    extractions = {
        "a": Extraction(
            a,
            [
                fact(a, "oracle", "leads", "centre-rd-oracle-casablanca", first),
                fact(a, "centre-rd-oracle-casablanca", "locatedIn", "casablanca", first),
                fact(a, "oracle", "partnerOf", "ocp", second),
            ],
        ),
        "b": Extraction(
            b,
            [
                fact(b, "ocp", "partnerOf", "oracle", "L’OCP et Oracle ont signé un partenariat"),
                fact(b, "oracle", "leads", "centre-rd-oracle-casablanca", "Oracle dirige le"),
            ],
        ),
        "b2": Extraction(b2, [fact(b2, "ocp", "leads", "ai-movement", "L’OCP a créé")]),
    }
    return {"a": a, "b": b, "b2": b2}, extractions


def write_doc(folder: Path, name: str, text: str, encoding: str = "utf-8"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text.encode(encoding))
    return read_document(folder / name)


def fact(doc, subject, relation, obj, quote, confidence=0.8):
    start = doc.text.index(quote)
    end = start + len(quote)
    return Fact(subject, relation, obj, Evidence(doc.id, start, end, quote, "test", confidence))


def to_store(dataset: Dataset) -> Store:
    store = Store()
    store.load(dataset.serialize(format="nquads", encoding="utf-8"), format=RdfFormat.N_QUADS)
    return store


def select(store: Store, query: str) -> list[dict]:
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def count(store: Store, pattern: str) -> int:
    return int(select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"])


def triples(dataset: Dataset, name: str) -> set:
    return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, GRAPH[name]))}


def graphs_of(dataset: Dataset, triple: tuple) -> set[str]:
    return {str(g) for *_, g in dataset.quads((*triple, None))}


def nonempty_graphs(dataset: Dataset) -> dict:
    return {g.identifier: g for g in dataset.graphs() if len(g)}


def evidence_pattern(triple: tuple) -> str:
    s, p, o = (f"<{t}>" for t in triple)
    return f"?e a mai:Evidence ; rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o}"


# --- one statement, evidence per document -----------------------------------------------------


def test_two_documents_stating_a_fact_give_one_statement_and_two_evidence_records(build, hand_made):
    docs, ex = hand_made
    dataset = build([docs["a"], docs["b"]], [ex["a"], ex["b"]])
    store = to_store(dataset)
    s, p, o = (f"<{t}>" for t in LEADS)
    assert count(store, f"{s} {p} {o}") == 1
    assert count(store, evidence_pattern(LEADS)) == 2
    evidence_graphs = select(
        store, f"SELECT DISTINCT ?g {{ GRAPH ?g {{ {evidence_pattern(LEADS)} }} }}"
    )
    assert {row["g"] for row in evidence_graphs} == {
        str(GRAPH["evidence/doc-a"]),
        str(GRAPH["evidence/doc-b"]),
    }
    # Stated Oracle→OCP in one document and OCP→Oracle in the other: one statement, and its
    # inverse once, however many documents say it.
    assert (
        count(store, "{ id:oracle mai:partnerOf id:ocp } UNION { id:ocp mai:partnerOf id:oracle }")
        == 2
    )
    assert count(store, evidence_pattern(PARTNERS)) == 2
    alone = to_store(build([docs["a"]], [ex["a"]]))
    assert count(alone, "?s mai:leads ?o") == count(store, "?s mai:leads ?o") == 1


@pytest.mark.parametrize(
    ("kept", "leads", "located"),
    [(("a", "b"), True, True), (("a",), True, True), (("b",), True, False), ((), False, False)],
)
def test_a_statement_stays_while_one_document_supports_it(build, hand_made, kept, leads, located):
    docs, ex = hand_made
    dataset = build([docs[k] for k in kept], [ex[k] for k in kept])
    facts = triples(dataset, "facts")
    assert (LEADS in facts) is leads
    assert (LOCATED in facts) is located
    assert {row for row in facts if row[1] in (MAI.leads, MAI.locatedIn)} <= {LEADS, LOCATED}
    assert {g.identifier for g in dataset.graphs() if "evidence/" in str(g.identifier)} == {
        GRAPH[f"evidence/doc-{k}"] for k in kept
    }


def test_reextracting_a_changed_document_changes_only_what_it_supports(build, hand_made):
    docs, ex = hand_made
    before = build([docs["a"], docs["b"]], [ex["a"], ex["b"]])
    after = build([docs["a"], docs["b2"]], [ex["a"], ex["b2"]])
    assert triples(after, "evidence/doc-a") == triples(before, "evidence/doc-a")
    assert triples(after, "evidence/doc-b") != triples(before, "evidence/doc-b")
    a_only = triples(build([docs["a"]], [ex["a"]]), "facts")
    b2_only = triples(build([docs["b2"]], [ex["b2"]]), "facts")
    assert triples(after, "facts") == a_only | b2_only
    assert OCP_LEADS in triples(after, "facts") - triples(before, "facts")
    doc_a = {t for t in triples(before, "documents") if t[0] == DOC["doc-a"]}
    assert doc_a and doc_a == {t for t in triples(after, "documents") if t[0] == DOC["doc-a"]}


def test_the_same_fact_in_two_real_documents_is_counted_once(
    build, extractor, seed, seed_extraction, seed_store, tmp_path
):
    other = write_doc(
        tmp_path, "ai-movement.txt", "L’Office Chérifien des Phosphates (OCP) a créé AI Movement.\n"
    )
    extraction = extractor.extract(other)
    assert ("ocp", "leads", "ai-movement") in {f.key() for f in extraction.facts}
    store = to_store(build([seed, other], [seed_extraction, extraction]))
    assert count(store, "id:ocp mai:leads id:ai-movement") == 1
    assert count(store, evidence_pattern(OCP_LEADS)) == (
        count(seed_store, evidence_pattern(OCP_LEADS)) + 1
    )
    doubled = select(
        store,
        "SELECT ?s ?p ?o WHERE { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o }"
        " GROUP BY ?s ?p ?o ?e HAVING (COUNT(*) > 1)",
    )
    assert doubled == []


def test_reextracting_a_real_document_leaves_the_others_evidence_alone(
    build, extractor, seed, seed_extraction, tmp_path
):
    first = write_doc(
        tmp_path / "v1", "news.txt", "Oracle a ouvert un centre à Casablanca axé sur le cloud.\n"
    )
    second = write_doc(tmp_path / "v2", "news.txt", "Le Maroc a signé un accord avec l’UNESCO.\n")
    before = build([seed, first], [seed_extraction, extractor.extract(first)])
    after = build([seed, second], [seed_extraction, extractor.extract(second)])
    seed_graph = f"evidence/{seed.id}"
    assert triples(before, seed_graph) and triples(after, seed_graph) == triples(before, seed_graph)
    assert triples(after, "evidence/news") != triples(before, "evidence/news")
    seed_facts = triples(build([seed], [seed_extraction]), "facts")
    assert seed_facts <= triples(before, "facts") and seed_facts <= triples(after, "facts")


# --- evidence points at the document's own characters ----------------------------------------


def test_every_evidence_quote_is_the_document_text_at_its_offsets(
    build, extractor, seed, seed_extraction, tmp_path
):
    windows = write_doc(tmp_path, "windows.txt", "\ufeff" + seed.text.replace("\n", "\r\n"))
    dataset = build([seed, windows], [seed_extraction, extractor.extract(windows)])
    rows = select(
        to_store(dataset),
        """SELECT ?doc ?text ?start ?end ?quote WHERE {
             GRAPH ?g { ?e a mai:Evidence ; mai:inDocument ?doc ; mai:startOffset ?start ;
                           mai:endOffset ?end ; mai:quote ?quote }
             ?doc mai:text ?text }""",
    )
    files = {str(DOC[d.id]): d.path.read_bytes().decode("utf-8") for d in (seed, windows)}
    assert {row["doc"] for row in rows} == set(files)
    for row in rows:
        assert row["text"] == files[row["doc"]]
        assert files[row["doc"]][int(row["start"]) : int(row["end"])] == row["quote"]


def test_line_endings_and_a_bom_do_not_change_what_is_extracted(
    extractor, seed, seed_extraction, tmp_path
):
    windows = write_doc(tmp_path, "windows.txt", "\ufeff" + seed.text.replace("\n", "\r\n"))
    keys = {f.key() for f in extractor.extract(windows).facts}
    assert keys and keys == {f.key() for f in seed_extraction.facts}


# --- materialised types and inverses ----------------------------------------------------------


def test_superclass_types_are_materialised_in_the_inferred_graph_only(seed_dataset, seed_store):
    missing = select(
        seed_store,
        """SELECT ?x ?parent WHERE {
             GRAPH ?g { ?x a ?cls } FILTER (?g != graph:inferred)
             GRAPH graph:ontology { ?cls rdfs:subClassOf+ ?parent }
             FILTER (STRSTARTS(STR(?parent), STR(mai:)))
             FILTER NOT EXISTS { ?x a ?parent } }""",
    )
    assert missing == []
    assert graphs_of(seed_dataset, (ID.oracle, RDF.type, MAI.Company)) == {str(GRAPH.catalogue)}
    for parent in (MAI.Organisation, MAI.Actor):
        assert graphs_of(seed_dataset, (ID.oracle, RDF.type, parent)) == {str(GRAPH.inferred)}
    repeated = select(
        seed_store,
        "SELECT * WHERE { GRAPH graph:inferred { ?s ?p ?o } GRAPH ?g { ?s ?p ?o } "
        "FILTER (?g != graph:inferred) }",
    )
    assert repeated == []


def test_every_catalogue_actor_answers_as_an_actor(seed_store, catalogue):
    actors = {row["x"] for row in select(seed_store, "SELECT DISTINCT ?x { ?x a mai:Actor }")}
    expected = {str(ID[e.slug]) for e in catalogue.by_top("Actor")}
    assert expected and expected <= actors


def test_an_asserted_superclass_type_is_not_repeated_in_inferred(build, tmp_path):
    extra = tmp_path / "types.ttl"
    extra.write_text(f"<{ID.oracle}> a <{MAI.Organisation}> .\n", encoding="utf-8")
    dataset = build(extra=[extra])
    assert graphs_of(dataset, (ID.oracle, RDF.type, MAI.Organisation)) == {str(GRAPH["rdf/types"])}
    assert graphs_of(dataset, (ID.oracle, RDF.type, MAI.Actor)) == {str(GRAPH.inferred)}


def test_the_inverse_of_partner_of_is_inferred(build, hand_made):
    docs, ex = hand_made
    dataset = build([docs["a"]], [ex["a"]])
    assert graphs_of(dataset, PARTNERS) == {str(GRAPH.facts)}
    assert graphs_of(dataset, (ID.oracle, MAI.partnerOf, ID.ocp)) == {str(GRAPH.inferred)}


# --- invariants -------------------------------------------------------------------------------


def test_nquads_round_trip_is_isomorphic(seed_dataset):
    data = seed_dataset.serialize(format="nquads", encoding="utf-8")
    again = Dataset()
    again.parse(data=data, format="nquads")
    original, parsed = nonempty_graphs(seed_dataset), nonempty_graphs(again)
    assert set(parsed) == set(original)
    for name, graph in original.items():
        assert isomorphic(graph, parsed[name]), name
    assert len(to_store(seed_dataset)) == sum(len(g) for g in original.values())


def test_building_twice_gives_the_same_dataset(build, extractor, seed, seed_dataset):
    again = build([seed], [extractor.extract(seed)])
    first, second = nonempty_graphs(seed_dataset), nonempty_graphs(again)
    assert set(first) == set(second)
    for name, graph in first.items():
        assert len(graph) == len(second[name]), name
        assert isomorphic(graph, second[name]), name
    assert sum(1 for _ in again.quads()) == sum(1 for _ in seed_dataset.quads())


# --- documents --------------------------------------------------------------------------------


def test_each_document_is_a_source_document_with_its_text_and_metadata(build, tmp_path):
    text = (
        "---\ntitle: Rapport IA\nsource: https://example.org/r\npublisher: ADD\n"
        "date: 2025\nlicense: CC-BY-4.0\n---\nLe Maroc a lancé une stratégie.\n"
    )
    doc = write_doc(tmp_path, "rapport.md", text)
    graph = triples(build([doc]), "documents")
    iri = DOC.rapport
    assert {
        (iri, RDF.type, MAI.SourceDocument),
        (iri, DCTERMS.identifier, Literal("rapport")),
        (iri, DCTERMS.title, Literal("Rapport IA")),
        (iri, DCTERMS.language, Literal("fr")),
        (iri, DCTERMS.publisher, Literal("ADD")),
        (iri, DCTERMS.license, Literal("CC-BY-4.0")),
        (iri, DCTERMS.source, URIRef("https://example.org/r")),
        (iri, DCTERMS.date, Literal("2025", datatype=XSD.gYear)),
        (iri, MAI.sha256, Literal(hashlib.sha256(doc.path.read_bytes()).hexdigest())),
        (iri, MAI.text, Literal(text)),
    } <= graph


# --- extra RDF files --------------------------------------------------------------------------


def test_an_extra_turtle_file_lands_in_its_own_graph(build, tmp_path):
    extra = tmp_path / "Mes liens.ttl"
    extra.write_text(f'<{ID.ocp}> <{DCTERMS.description}> "Groupe OCP"@fr .\n', encoding="utf-8")
    dataset = build(extra=[extra])
    assert graphs_of(dataset, (ID.ocp, DCTERMS.description, None)) == {str(GRAPH["rdf/mes-liens"])}


def test_an_extra_trig_file_keeps_its_graphs(build, tmp_path):
    extra = tmp_path / "more.trig"
    extra.write_text(
        "<http://example.org/g1> { <http://example.org/a> <http://example.org/p> 1 . }\n"
        "<http://example.org/g2> { <http://example.org/b> <http://example.org/p> 2 . }\n",
        encoding="utf-8",
    )
    dataset = build(extra=[extra])
    assert graphs_of(dataset, (URIRef("http://example.org/a"), None, None)) == {
        "http://example.org/g1"
    }
    assert graphs_of(dataset, (URIRef("http://example.org/b"), None, None)) == {
        "http://example.org/g2"
    }


@pytest.mark.parametrize(
    ("name", "content", "line", "words"),
    [
        (
            "bad.ttl",
            '@prefix ex: <http://e.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n',
            3,
            "valid RDF",
        ),
        ("bad.trig", "<http://e.org/g> { <http://e.org/a> <http://e.org/b> \n", None, "valid RDF"),
        ("bad.nq", "<http://e.org/a> <http://e.org/b> .\n", None, "valid RDF"),
        ("data.csv", "a,b\n", None, "unknown RDF format"),
    ],
)
def test_a_bad_extra_rdf_file_is_an_error_naming_it(build, tmp_path, name, content, line, words):
    extra = tmp_path / name
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        build(extra=[extra])
    assert info.value.path == str(extra)
    assert words in info.value.detail
    if line is not None:
        assert info.value.line == line
        assert str(info.value).startswith(f"{extra}:{line}: ")


def test_a_missing_extra_rdf_file_is_an_error_naming_it(build, tmp_path):
    with pytest.raises(InputFileError, match=r"gone\.ttl: file not found"):
        build(extra=[tmp_path / "gone.ttl"])


# --- validation -------------------------------------------------------------------------------


def test_the_dataset_of_the_real_data_conforms_to_the_shapes(seed_dataset, shapes):
    report = validate_dataset(seed_dataset, shapes)
    assert report.conforms, report.text


def test_the_hand_made_dataset_conforms_to_the_shapes(build, hand_made, shapes):
    docs, ex = hand_made
    dataset = build([docs["a"], docs["b"]], [ex["a"], ex["b"]])
    report = validate_dataset(dataset, shapes)
    assert report.conforms, report.text


def test_the_same_target_stated_exactly_and_approximately_still_conforms(build, tmp_path, shapes):
    subject = "centre-excellence-donnees-ia-casablanca-settat"
    docs, extractions = [], []
    for name, approximate in (("environ", True), ("exact", False)):
        doc = write_doc(tmp_path, f"{name}.txt", "Le centre formera 500 ingénieurs d’ici 2029.\n")
        target = Quantity(Decimal("500"), "ingénieurs formés", 2029, approximate)
        docs.append(doc)
        extractions.append(Extraction(doc, [fact(doc, subject, "hasTarget", target, "500")]))
    report = validate_dataset(build(docs, extractions), shapes)
    assert report.conforms, report.text
