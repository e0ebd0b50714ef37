"""Extraction in several processes: the same dataset as in one, the same errors, a clear failure.

The workers are forked, so a rule replaced here (monkeypatch) is the rule they run too.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

import kg.extract
from kg.build import assemble
from kg.cli import kg as cli
from kg.errors import InputFileError, KGError
from kg.extract import pool
from kg.settings import load_settings

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
# One paragraph per line: the third line is the paragraph the failing rule below stops on.
SMALL = (
    "Programme « Atlas 7 »\n"
    "Lancé par l’ADD, ce programme vise à former ~ 500 ingénieurs d’ici 2028 dans le cloud.\n"
    "L’ADD et Oracle ont signé une convention le 3 mars 2025 pour la plateforme « Oasis 12 ».\n"
)
MARKER = "Oasis 12"


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> Path:
    """The seed, the development documents, a small text and an empty file (skipped)."""
    folder = tmp_path_factory.mktemp("documents")
    for path in [*sorted((ROOT / "data/documents").glob("*.txt")), *FIXTURES.glob("dev/*.txt")]:
        shutil.copy(path, folder)
    (folder / "zz_small.txt").write_text(SMALL, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.fixture
def workers_for_few_documents(monkeypatch):
    """Start workers even for these few documents, as a build of thousands would."""
    monkeypatch.setattr(pool, "MIN_DOCUMENTS_PER_PROCESS", 1)


def settings_for(documents: Path, tmp_path: Path, jobs: object):
    return load_settings(
        environ={"KG_EXTRACT_JOBS": str(jobs)},
        documents_dir=documents,
        store_dir=tmp_path / "store",
        entities_dir=ROOT / "data/entities",
        ontology_dir=ROOT / "ontology",
        rdf_dir=tmp_path / "no-rdf",
    )


def stop_on_marker(action):
    """The paragraph reader, doing *action* first on the paragraph that holds MARKER."""
    read_paragraph = kg.extract.read_paragraph

    def reader(ctx, para, doc, refs, section):
        if MARKER in doc.text:
            action()
        return read_paragraph(ctx, para, doc, refs, section)

    return reader


def test_two_processes_build_the_same_dataset_as_one(
    documents, tmp_path, workers_for_few_documents
):
    one = assemble(settings_for(documents, tmp_path, 1))
    two = assemble(settings_for(documents, tmp_path, 2))
    assert (one.extraction.processes, two.extraction.processes) == (1, 2)
    assert [e.document.id for e in two.extractions] == [d.id for d in one.documents]
    assert sum(len(e.facts) for e in one.extractions) > 150
    # Facts, evidence, new entities and mentions came back from the workers unchanged.
    assert two.extractions == one.extractions
    assert two.warnings == one.warnings
    assert any("empty.txt: the document is empty" in w for w in one.warnings)
    assert two.dataset.serialize(format="nquads") == one.dataset.serialize(format="nquads")


def test_a_document_the_rules_fail_on_is_named_with_its_line_however_many_processes(
    documents, tmp_path, workers_for_few_documents, monkeypatch
):
    def fail():
        raise ValueError("no rule for this")

    monkeypatch.setattr(kg.extract, "read_paragraph", stop_on_marker(fail))
    messages = []
    for jobs in (1, 2):
        with pytest.raises(InputFileError) as caught:
            assemble(settings_for(documents, tmp_path, jobs))
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert messages[0] == (
        f"{documents / 'zz_small.txt'}:3: the extraction failed on this paragraph "
        "(ValueError: no rule for this)"
    )


def test_a_killed_worker_fails_the_build_with_a_message(
    documents, tmp_path, workers_for_few_documents, monkeypatch
):
    build_process = os.getpid()

    def die():
        if os.getpid() != build_process:
            os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(kg.extract, "read_paragraph", stop_on_marker(die))
    with pytest.raises(KGError) as caught:
        assemble(settings_for(documents, tmp_path, 2))
    assert "an extraction process stopped abruptly" in caught.value.message
    assert "--jobs 1" in caught.value.message
    assert caught.value.exit_code == 2


def test_build_shows_documents_per_second_and_processes(
    runner, documents, tmp_path, workers_for_few_documents
):
    result = runner.invoke(
        cli,
        ["build", "--jobs", "2", "--documents", str(documents), "--store", str(tmp_path / "s")],
        env={"KG_EXTRACT_JOBS": "1"},  # the option wins over the environment
    )
    assert result.exit_code == 0, result.output
    assert "extracted 6/6 (" in result.stderr
    assert " documents/s): zz_small (" in result.stderr
    assert "extraction: 6 documents in " in result.stdout
    assert "documents/s, 2 processes)" in result.stdout


@pytest.mark.parametrize(
    "jobs, message",
    [
        ("-1", "setting extract_jobs (KG_EXTRACT_JOBS, --jobs): -1 is not a number of processes"),
        ("two", "setting extract_jobs (KG_EXTRACT_JOBS): 'two' is not a int"),
    ],
)
def test_a_bad_number_of_processes_is_refused_before_anything_is_read(
    documents, tmp_path, jobs, message
):
    with pytest.raises(KGError) as caught:
        assemble(settings_for(documents, tmp_path, jobs))
    assert caught.value.status == 400
    assert message in caught.value.message


def test_kg_build_refuses_a_negative_jobs_option(runner, documents, tmp_path):
    store = tmp_path / "store"
    result = runner.invoke(
        cli, ["build", "--jobs", "-2", "--documents", str(documents), "--store", str(store)]
    )
    assert result.exit_code == 1
    assert "-2 is not a number of processes: give 1 or more" in result.stderr
    assert "Traceback" not in result.stderr
    assert not store.exists()
