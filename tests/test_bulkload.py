"""Bulk loading N-Quads into a new store: counts, progress, chunks, errors with their line."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store

from kg.bulkload import load_nquads
from kg.cli import kg
from kg.generate import write_nquads
from kg.settings import load_settings
from kg.store import current_path, open_store

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A generated dataset of 20,000 quads (about 4 MiB)."""
    folder = tmp_path_factory.mktemp("bulk")
    settings = load_settings(
        environ={}, entities_dir=ROOT / "data" / "entities", ontology_dir=ROOT / "ontology"
    )
    write_nquads(settings, folder / "data.nq", 20_000)
    return folder / "data.nq"


def quads_of(folder: Path) -> set[str]:
    """The quads of the store at *folder*; blank nodes, which each load names anew, as ``_:``."""
    return {re.sub(r"_:[0-9a-f]+", "_:", str(quad)) for quad in Store.read_only(str(folder))}


def reference(data: bytes, folder: Path) -> set[str]:
    """What one pyoxigraph bulk load of *data* stores."""
    store = Store(str(folder))
    store.bulk_load(input=data, format=RdfFormat.N_QUADS)
    store.flush()
    del store
    return quads_of(folder)


def test_a_file_is_loaded_whole_with_progress_up_to_its_size(tmp_path, source):
    seen = []
    count = load_nquads(tmp_path / "store", source, lambda done, total: seen.append((done, total)))
    expected = reference(source.read_bytes(), tmp_path / "reference")
    assert count == len(Store.read_only(str(tmp_path / "reference"))) > 19_000
    assert quads_of(tmp_path / "store") == expected
    size = source.stat().st_size
    assert seen[0] == (0, size) and seen[-1] == (size, size)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))


def test_progress_is_reported_as_the_file_is_read_not_only_at_the_end(tmp_path, source):
    seen = []
    load_nquads(tmp_path / "store", source, lambda done, total: seen.append(done))
    size = source.stat().st_size
    assert len([done for done in seen if 0 < done < size]) >= size >> 20 > 2


@pytest.mark.parametrize("as_bytes", [False, True])
def test_a_syntax_error_names_its_line_in_the_whole_input(tmp_path, as_bytes, source):
    lines = source.read_bytes().splitlines(keepends=True)
    wrong = b'<https://w3id.org/ma-ai/id/x> "not a predicate" "o" .\n'
    path = tmp_path / "broken.nq"
    path.write_bytes(b"".join([*lines[:15_000], wrong, *lines[15_000:]]))
    given = path.read_bytes() if as_bytes else path
    with pytest.raises(SyntaxError) as raised:
        load_nquads(tmp_path / "store", given)
    assert raised.value.lineno == 15_001
    assert str(raised.value).endswith("line 15001)") and "predicate" in str(raised.value)
    assert raised.value.filename == (None if as_bytes else str(path))


def test_a_blank_node_is_one_node_from_the_first_line_to_the_last(tmp_path, source):
    node = b'_:b1 <https://w3id.org/ma-ai/ontology#quote> "%d" <https://w3id.org/ma-ai/graph/x> .\n'
    path = tmp_path / "blank.nq"
    path.write_bytes((node % 1) + source.read_bytes() + (node % 2))
    load_nquads(tmp_path / "store", path)
    found = Store.read_only(str(tmp_path / "store")).query(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s)) "
        "FILTER(?g = <https://w3id.org/ma-ai/graph/x>) }"
    )
    assert next(iter(found))["n"].value == "1"


def test_an_existing_store_is_refused_and_a_missing_file_is_an_os_error(tmp_path, source):
    load_nquads(tmp_path / "store", source)
    with pytest.raises(FileExistsError):
        load_nquads(tmp_path / "store", source)
    with pytest.raises(OSError):
        load_nquads(tmp_path / "other", tmp_path / "missing.nq")


def test_kg_load_makes_a_new_current_build_from_the_file(runner, tmp_path, source):
    store_dir = tmp_path / "store"
    result = runner.invoke(kg, ["load", str(source), "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    settings = load_settings(environ={}, store_dir=store_dir)
    assert f"store: {current_path(settings)}" in result.output
    count = len(open_store(settings))
    assert f"quads: {count}" in result.output and count > 19_000
    assert re.search(r"loaded 0 of \d+ MiB \(0%\)", result.stderr) and "(100%)" in result.stderr


def test_kg_load_of_an_invalid_file_names_its_line_and_keeps_the_current_build(
    runner, tmp_path, source
):
    store_dir = tmp_path / "store"
    assert runner.invoke(kg, ["load", str(source), "--store", str(store_dir)]).exit_code == 0
    before = os.readlink(store_dir / "current")
    broken = tmp_path / "broken.nq"
    broken.write_bytes(source.read_bytes() + b"<https://w3id.org/ma-ai/id/x> <p\n")
    result = runner.invoke(kg, ["load", str(broken), "--store", str(store_dir)])
    lines = source.read_bytes().count(b"\n") + 1
    assert result.exit_code == 2 and f"line {lines}" in result.output
    assert os.readlink(store_dir / "current") == before
