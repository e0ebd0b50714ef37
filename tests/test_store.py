"""The store on disk: builds, the `current` pointer, pruning, failures, read-only handles."""

from __future__ import annotations

import dataclasses
import fcntl
import os

import pytest
from conftest import GRAPH, SMALL, graph_sizes

from kg.errors import KGError, Unavailable
from kg.store import StoreHandle, count_quads, current_path, open_store, write_store

EXTRA = (
    b"<https://w3id.org/ma-ai/id/tanger> <http://www.w3.org/2000/01/rdf-schema#label> "
    b'"Tanger"@fr <https://w3id.org/ma-ai/graph/catalogue> .\n'
)
TOTAL = sum(graph_sizes().values())


def builds(settings):
    return sorted(p.name for p in (settings.store_dir / "builds").iterdir())


def test_write_makes_the_new_build_current_and_queryable(settings):
    target = write_store(settings, SMALL)
    assert current_path(settings) == target
    assert target.parent == settings.store_dir / "builds"
    assert count_quads(open_store(settings)) == TOTAL


def test_a_second_write_moves_current_and_keeps_the_first_build(settings):
    first = write_store(settings, SMALL)
    second = write_store(settings, SMALL.read_bytes() + EXTRA)
    assert current_path(settings) == second != first
    assert first.is_dir()
    assert count_quads(open_store(settings)) == TOTAL + 1
    assert os.readlink(settings.store_dir / "current") == f"builds/{second.name}"


def test_builds_beyond_keep_builds_are_deleted_oldest_first(settings):
    settings = dataclasses.replace(settings, keep_builds=2)
    written = [write_store(settings, SMALL).name for _ in range(4)]
    assert builds(settings) == written[-2:]
    assert current_path(settings).name == written[-1]


def test_keep_builds_below_one_still_keeps_the_current_build(settings):
    settings = dataclasses.replace(settings, keep_builds=0)
    write_store(settings, SMALL)
    last = write_store(settings, SMALL)
    assert builds(settings) == [last.name]
    assert count_quads(open_store(settings)) == TOTAL


def test_a_failed_write_leaves_current_and_the_builds_untouched(settings):
    good = write_store(settings, SMALL)
    before = builds(settings)
    with pytest.raises(KGError, match="not valid N-Quads") as caught:
        write_store(settings, SMALL.read_bytes() + b"<relative> <p> .\n")
    assert caught.value.status == 500
    assert current_path(settings) == good
    assert builds(settings) == before
    assert count_quads(open_store(settings)) == TOTAL


def test_an_unwritable_folder_is_named_in_the_error(tmp_path, settings):
    (tmp_path / "plain-file").write_text("not a folder")
    settings = dataclasses.replace(settings, store_dir=tmp_path / "plain-file" / "store")
    with pytest.raises(KGError) as caught:
        write_store(settings, SMALL)
    assert caught.value.status == 500
    assert str(settings.store_dir) in caught.value.message


def test_a_missing_input_file_is_reported(tmp_path, settings):
    with pytest.raises(KGError, match="no such N-Quads file"):
        write_store(settings, tmp_path / "missing.nq")
    assert current_path(settings) is None


def test_a_second_writer_is_refused_while_a_build_is_written(settings):
    settings.store_dir.mkdir(parents=True)
    with open(settings.store_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(KGError, match="another build") as caught:
            write_store(settings, SMALL)
    assert caught.value.status == 409
    assert current_path(settings) is None


def test_opening_before_any_build_says_to_run_kg_build(settings):
    with pytest.raises(Unavailable, match="run `kg build`") as caught:
        open_store(settings)
    assert caught.value.status == 503


def test_the_handle_reopens_when_a_new_build_becomes_current(settings):
    write_store(settings, SMALL)
    handle = StoreHandle(settings)
    old = handle.get()
    assert handle.get() is old
    write_store(settings, SMALL.read_bytes() + EXTRA)
    new = handle.get()
    assert new is not old
    assert count_quads(new) == TOTAL + 1
    # A read-only handle is a snapshot of the build it opened.
    assert count_quads(old) == TOTAL


def test_the_handle_counts_statements_per_named_graph(settings):
    write_store(settings, SMALL)
    handle = StoreHandle(settings)
    handle.get()
    stats = handle.stats()
    assert stats.graphs == dict(graph_sizes())
    assert stats.total == TOTAL
    assert stats.default_graph == 0
    assert GRAPH + "catalogue" in stats.graphs


def test_the_handle_without_a_build_is_unavailable(settings):
    with pytest.raises(Unavailable):
        StoreHandle(settings).get()


def test_each_build_has_a_version_naming_its_content(settings, tmp_path):
    from kg.store import dataset_version, write_store

    data = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    write_store(settings, data)
    first = dataset_version(settings)
    write_store(settings, data)
    same = dataset_version(settings)
    write_store(settings, data + b'<http://example.org/s> <http://example.org/p> "x" .\n')
    changed = dataset_version(settings)
    assert first.sha256 == same.sha256 != changed.sha256
    assert first.version.endswith(first.sha256[:8])
    assert changed.version != first.version


def test_a_plain_oxigraph_store_folder_is_the_current_store(tmp_path):
    from pyoxigraph import RdfFormat, Store

    from kg.settings import load_settings
    from kg.store import dataset_version, is_plain_store

    folder = tmp_path / "plain"
    plain = Store(str(folder))
    plain.bulk_load(path=SMALL, format=RdfFormat.N_QUADS)
    plain.flush()
    del plain
    settings = load_settings(environ={}, store_dir=folder)
    assert is_plain_store(folder)
    assert current_path(settings) == folder
    assert count_quads(open_store(settings)) == TOTAL
    version = dataset_version(settings)
    assert version.version.startswith("plain-") and version.built_at
    assert StoreHandle(settings).snapshot()[1] == version


def test_an_update_makes_a_new_build_and_leaves_the_old_one_alone(settings):
    from kg.store import apply_update, dataset_version

    first = write_store(settings, SMALL)
    before = dataset_version(settings)
    version = apply_update(settings, "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    assert current_path(settings) != first
    assert version == dataset_version(settings) != before
    assert count_quads(open_store(settings)) == TOTAL + 1
    from pyoxigraph import Store

    assert len(Store.read_only(str(first))) == TOTAL


def test_a_bad_update_changes_nothing(settings):
    from kg.errors import BadRequest
    from kg.store import apply_update

    good = write_store(settings, SMALL)
    with pytest.raises(BadRequest, match="SPARQL syntax error"):
        apply_update(settings, "INSERT DATA {")
    assert current_path(settings) == good
    assert builds(settings) == [good.name]


def test_a_plain_store_is_not_updated(tmp_path):
    from pyoxigraph import Store

    from kg.settings import load_settings
    from kg.store import apply_update

    Store(str(tmp_path / "plain")).flush()
    with pytest.raises(KGError, match="made by `kg build`") as caught:
        apply_update(load_settings(environ={}, store_dir=tmp_path / "plain"), "CLEAR ALL")
    assert caught.value.status == 409
