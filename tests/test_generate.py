"""The generated datasets: deterministic, streamed, shaped like a build, valid, servable."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, parse
from rdflib import Dataset

from kg.cli import kg
from kg.generate import generate, spell, write_nquads
from kg.namespaces import is_slug
from kg.ontology import load_shapes
from kg.settings import load_settings
from kg.store import write_store
from kg.validate import validate_dataset
from kg.web import create_app

ROOT = Path(__file__).parent.parent
BASE = "https://w3id.org/ma-ai/"
MAI, GRAPH = BASE + "ontology#", BASE + "graph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SIZE = 12_000


def make_settings(folder: Path):
    return load_settings(
        environ={},
        store_dir=folder / "store",
        entities_dir=ROOT / "data" / "entities",
        ontology_dir=ROOT / "ontology",
        queries_dir=ROOT / "queries",
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """(settings, N-Quads file, quads written) of one small generated dataset."""
    folder = tmp_path_factory.mktemp("generated")
    settings = make_settings(folder)
    path = folder / "data.nq"
    return settings, path, write_nquads(settings, path, SIZE)


@pytest.fixture(scope="module")
def quads(generated):
    return list(parse(path=generated[1], format=RdfFormat.N_QUADS))


def test_same_size_and_seed_give_the_same_bytes_and_another_seed_does_not(generated, tmp_path):
    settings, path, _ = generated
    again, other = tmp_path / "again.nq", tmp_path / "other.nq"
    write_nquads(settings, again, SIZE)
    write_nquads(settings, other, SIZE, seed=8)
    assert again.read_bytes() == path.read_bytes()
    assert other.read_bytes() != path.read_bytes()


def test_the_size_asked_is_reached_within_a_document_and_every_quad_is_distinct(generated):
    _, path, written = generated
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == written == len(set(lines))
    assert SIZE <= written < SIZE + 2_000


def test_the_dataset_is_written_as_it_is_made_in_bounded_batches(generated):
    batches = [len(lines) for lines in generate(generated[0], 300_000)]
    assert sum(batches) >= 300_000
    assert max(batches) < 20_000  # no batch holds the dataset: memory does not grow with it


def test_names_are_distinct_and_spelt_in_both_scripts():
    names = [spell(number) for number in range(60_000)]
    assert len({latin for latin, _ in names}) == len({arabic for _, arabic in names}) == 60_000
    assert all(re.fullmatch(r"[\u0600-\u06ff]+", arabic) for _, arabic in names[:100])


def test_the_graphs_are_those_of_a_build(quads):
    graphs = Counter(q.graph_name.value for q in quads)
    named = {g.removeprefix(GRAPH) for g in graphs}
    assert {"ontology", "catalogue", "documents", "facts", "inferred"} <= named
    assert all(g.startswith(GRAPH) for g in graphs)
    evidence = [g for g in named if g.startswith("evidence/")]
    documents = {q.subject.value for q in quads if q.graph_name.value == GRAPH + "documents"}
    assert len(evidence) == len(documents) >= 2
    assert graphs[GRAPH + "ontology"] == len(list(parse(path=ROOT / "ontology" / "mai.ttl")))


def test_every_kind_of_actor_and_initiative_has_labels_in_french_english_and_arabic(quads):
    classes = {q.object.value.removeprefix(MAI) for q in quads if q.predicate.value == RDF + "type"}
    actors = set(
        "Company GovernmentBody University ResearchCentre Person InternationalOrganisation "
        "Association RegulatoryAuthority".split()
    )
    initiatives = set(
        "NationalStrategy Programme Project Platform Agreement Event RDCentre "
        "CentreOfExcellence InstituteNetwork Infrastructure Law".split()
    )
    assert actors | initiatives | {"Region", "City", "Target", "Budget", "Evidence"} <= classes
    languages = Counter(
        q.object.language for q in quads if q.graph_name.value.endswith("/catalogue")
        and isinstance(q.object, Literal) and q.object.language
    )  # fmt: skip
    assert languages["fr"] and languages["en"] and languages["ar"]


def test_iris_follow_the_public_scheme(quads):
    for q in quads:
        for node in (q.subject, q.object):
            if isinstance(node, NamedNode) and node.value.startswith(BASE + "id/"):
                assert is_slug(node.value.removeprefix(BASE + "id/")), node
            if isinstance(node, NamedNode) and node.value.startswith(BASE + "doc/"):
                local = node.value.removeprefix(BASE + "doc/")
                assert re.fullmatch(r"[0-9]{6}_[0-9a-f]{16}(#ev-[0-9a-f]{12})?", local), node


def test_each_quote_is_the_text_of_its_document_at_its_offsets(quads):
    texts = {q.subject.value: q.object.value for q in quads if q.predicate.value == MAI + "text"}
    records = defaultdict(dict)
    for q in quads:
        if "/evidence/" in q.graph_name.value:
            records[q.subject.value][q.predicate.value.rsplit("#", 1)[1]] = q.object.value
    assert len(records) > 100
    for record in records.values():
        text = texts[record["inDocument"]]
        assert text[int(record["startOffset"]) : int(record["endOffset"])] == record["quote"]
    sums = {q.subject.value: q.object.value for q in quads if q.predicate.value == MAI + "sha256"}
    assert all(hashlib.sha256(texts[d].encode()).hexdigest() == sums[d] for d in texts)


def test_a_generated_dataset_conforms_to_the_shapes(generated):
    dataset = Dataset()
    dataset.parse(generated[1], format="nquads")
    report = validate_dataset(dataset, load_shapes(ROOT / "ontology"))
    assert report.conforms, report.text[:3000]


@pytest.fixture(scope="module")
def client(generated):
    settings, path, _ = generated
    write_store(settings, path)
    return create_app(settings).test_client()


@pytest.mark.parametrize(
    "report", ["initiatives", "agreements", "targets", "risks", "regions", "network"]
)
def test_reports_answer_over_a_generated_store(client, report):
    response = client.get(f"/queries/{report}.json")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.get_json()["rows"]


def test_a_generated_entity_has_its_linked_data_page(client, quads):
    leader = next(q for q in quads if q.predicate.value == MAI + "leads")
    slug = leader.subject.value.removeprefix(BASE + "id/")
    response = client.get(f"/id/{slug}", headers={"Accept": "text/html"}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    labels = (q.object for q in quads if q.subject == leader.subject)
    label = next(o.value for o in labels if isinstance(o, Literal) and o.language == "fr")
    assert label in page and "pilote" in page  # its label and the quoted sentence


def test_kg_generate_writes_the_file_with_progress(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out.nq"
    result = runner.invoke(kg, ["generate", "--quads", "5000", str(out)])
    assert result.exit_code == 0, result.output
    assert "generated" in result.stderr and "(100%)" in result.stderr
    assert out.read_text(encoding="utf-8").count("\n") >= 5000
    both = runner.invoke(kg, ["generate", "--quads", "5", "--scale", "1", str(out)])
    assert both.exit_code == 2 and "not both" in both.output
