"""The build: check on the real data, bad inputs, the summary, the store and a failed build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pyoxigraph import Store

from kg.build import assemble, check, run_build
from kg.errors import InputFileError, ValidationFailed
from kg.namespaces import GRAPH, ID, MAI, RDF, XSD
from kg.ontology import TOP_CLASSES
from kg.settings import load_settings
from kg.store import current_path, open_store, write_store

# rdflib 7.6 calls its own deprecated API when it parses or serializes N-Quads and TriG (the
# build writes the store from N-Quads). Only warnings raised from inside rdflib are ignored.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "documents" / "000_0f6c74b7f7ad8b14.txt"
SEED_ACTORS = ("oracle", "onepoint", "ministere-transition-numerique", "cndp", "ocp", "unesco")
PREFIXES = f"PREFIX mai: <{MAI}>\nPREFIX id: <{ID}>\nPREFIX graph: <{GRAPH}>\nPREFIX rdf: <{RDF}>\n"
# A company whose IRI is not <base>id/<slug>: the shapes refuse it.
OFF_PATTERN = "https://example.org/not-a-slug"
VIOLATING_TTL = (
    f'<{OFF_PATTERN}> a <{MAI.Company}> ; <http://www.w3.org/2000/01/rdf-schema#label> "X"@fr ;'
    f" <{MAI.curated}> true .\n"
)


def make_settings(folder: Path, **overrides):
    """The real inputs by absolute path (tests may run from anywhere), the store under *folder*."""
    values = {
        "documents_dir": ROOT / "data" / "documents",
        "entities_dir": ROOT / "data" / "entities",
        "rdf_dir": ROOT / "data" / "rdf",
        "ontology_dir": ROOT / "ontology",
        "store_dir": folder / "store",
    }
    return load_settings(environ={}, **{**values, **overrides})


def select(store: Store, query: str) -> list:
    return list(store.query(PREFIXES + query, use_default_graph_as_union=True))


def distinct_count(store: Store, cls: str) -> int:
    rows = select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) {{ ?x a mai:{cls} }}")
    return int(rows[0]["n"].value)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One real build: the seed, plus three documents that must be skipped."""
    folder = tmp_path_factory.mktemp("build")
    documents = folder / "documents"
    documents.mkdir()
    shutil.copy(SEED, documents / SEED.name)
    (documents / "broken.txt").write_bytes(b"Oracle\x00\x01\x02 binaire\n")
    (documents / "latin.md").write_bytes("Le Maroc et l'IA\nCafé\n".encode("latin-1"))
    (documents / "zz-copy.md").write_text(f"---\nid: {SEED.stem}\n---\nCopie.\n", encoding="utf-8")
    settings = make_settings(folder, documents_dir=documents, rdf_dir=folder / "rdf")
    messages: list[str] = []
    summary = run_build(settings, progress=messages.append)
    return settings, summary, messages


@pytest.fixture(scope="module")
def built_store(built):
    _, summary, _ = built
    return Store.read_only(str(summary.store_path))


# --- check -----------------------------------------------------------------------------------


def test_check_on_the_real_data_conforms_and_leaves_the_store_alone(tmp_path):
    settings = make_settings(tmp_path)
    report = check(settings)
    assert report.conforms, report.text
    assert not settings.store_dir.exists()


def test_check_reports_a_violation_instead_of_raising(tmp_path):
    extra = tmp_path / "bad.ttl"
    extra.write_text(VIOLATING_TTL, encoding="utf-8")
    empty = tmp_path / "documents"
    empty.mkdir()
    report = check(make_settings(tmp_path, documents_dir=empty), extra_rdf=[extra])
    assert not report.conforms
    assert OFF_PATTERN in report.text


def test_a_broken_catalogue_stops_the_build_naming_the_file_and_line(tmp_path):
    entities = tmp_path / "entities"
    shutil.copytree(ROOT / "data" / "entities", entities)
    actors = entities / "actors.yaml"
    first_new_line = len(actors.read_text(encoding="utf-8").splitlines()) + 1
    with actors.open("a", encoding="utf-8") as out:
        out.write(
            '- slug: oracle\n  class: Company\n  label: {fr: "Oracle bis", en: "Oracle bis"}\n'
        )
    settings = make_settings(tmp_path, entities_dir=entities)
    with pytest.raises(InputFileError) as info:
        check(settings)
    assert (Path(info.value.path), info.value.line) == (actors, first_new_line)
    assert str(info.value).startswith(f"{actors}:{first_new_line}: ")
    assert "oracle" in info.value.detail
    with pytest.raises(InputFileError):
        run_build(settings)
    assert current_path(settings) is None


def test_files_of_the_rdf_folder_are_loaded_and_hidden_files_ignored(tmp_path):
    rdf = tmp_path / "rdf"
    rdf.mkdir()
    (rdf / ".gitkeep").write_text("", encoding="utf-8")
    (rdf / "liens.ttl").write_text(
        f'<{ID.ocp}> <http://purl.org/dc/terms/description> "Groupe OCP"@fr .\n', encoding="utf-8"
    )
    empty = tmp_path / "documents"
    empty.mkdir()
    assembly = assemble(make_settings(tmp_path, documents_dir=empty, rdf_dir=rdf))
    graphs = {str(g) for *_, g in assembly.dataset.quads((ID.ocp, None, None, None))}
    assert str(GRAPH["rdf/liens"]) in graphs


# --- a real build ----------------------------------------------------------------------------


def test_unreadable_documents_are_skipped_with_a_warning_naming_them(built):
    _, summary, messages = built
    assert summary.documents == 1
    assert summary.facts > 0
    for name in ("broken.txt", "latin.md", "zz-copy.md"):
        assert any(name in warning for warning in summary.warnings), name
    for name in ("broken.txt", "latin.md"):
        assert any(name in m and m.startswith("warning:") for m in messages), name
    assert any("latin.md:2" in warning for warning in summary.warnings)


def test_the_store_answers_every_actor_the_seed_names(built, built_store):
    settings, summary, _ = built
    assert current_path(settings) == summary.store_path
    actors = {row["x"].value for row in select(built_store, "SELECT ?x { ?x a mai:Actor }")}
    evidence = f"<{GRAPH[f'evidence/{SEED.stem}']}>"
    for slug in SEED_ACTORS:
        assert str(ID[slug]) in actors, slug
        cited = f"ASK {{ GRAPH {evidence} {{ ?e rdf:subject|rdf:object id:{slug} }} }}"
        assert open_store(settings).query(PREFIXES + cited), slug


def test_the_summary_shows_quads_documents_and_entities_per_class(built, built_store):
    _, summary, _ = built
    text = summary.format()
    assert f"quads: {len(built_store)}\n" in text
    assert "documents: 1\n" in text
    line = next(line for line in text.splitlines() if line.startswith("entities per class: "))
    counts = re.findall(r"(\w+) (\d+)", line.split(": ", 1)[1])
    shown = {name: int(n) for name, n in counts}
    assert list(shown) == list(TOP_CLASSES)
    for name in ("Actor", "Initiative", "Place", "SourceDocument"):
        assert shown[name] == distinct_count(built_store, name), name
    assert shown["SourceDocument"] == 1
    assert any(line.startswith("warning: skipped") for line in text.splitlines())


def test_a_build_that_fails_validation_keeps_the_previous_store(tmp_path):
    previous = (
        f'<{ID.ocp}> <{MAI.curated}> "true"^^<{XSD.boolean}> <{GRAPH.catalogue}> .\n'.encode()
    )
    empty = tmp_path / "documents"
    empty.mkdir()
    settings = make_settings(tmp_path, documents_dir=empty)
    kept = write_store(settings, previous)
    extra = tmp_path / "bad.ttl"
    extra.write_text(VIOLATING_TTL, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        run_build(settings, extra_rdf=[extra])
    assert OFF_PATTERN in str(info.value)
    assert current_path(settings) == kept
    assert open_store(settings).query(PREFIXES + "ASK { GRAPH ?g { id:ocp mai:curated true } }")
    assert [p.name for p in (settings.store_dir / "builds").iterdir()] == [kept.name]
