"""`kg export`: versioned dumps that parse back (rdflib, and Apache Jena when present)."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import rdflib

from kg.cli import kg
from kg.export import DUMPS, export_release
from kg.store import dataset_version, open_store
from kg.web import create_app

RDFLIB_FORMATS = {
    ".nq.gz": "nquads",
    ".trig.gz": "trig",
    ".ttl.gz": "turtle",
    ".jsonld.gz": "json-ld",
}
JENA_JARS = Path("/usr/share/java")


@pytest.fixture(scope="module")
def release(seed_store_settings, tmp_path_factory):
    out = tmp_path_factory.mktemp("dumps")
    settings = dataclasses.replace(seed_store_settings, dumps_dir=out)
    return export_release(settings), settings


@pytest.fixture(scope="module")
def store_counts(seed_store_settings):
    quads = list(open_store(seed_store_settings).quads_for_pattern(None, None, None))
    return len(quads), len({(q.subject, q.predicate, q.object) for q in quads})


def test_cli_writes_a_release_named_by_the_dataset_version(runner, seed_store_settings, tmp_path):
    args = ["export", "--out", str(tmp_path), "--store", str(seed_store_settings.store_dir)]
    result = runner.invoke(kg, args)
    assert result.exit_code == 0, result.output
    version = dataset_version(seed_store_settings).version
    folder = tmp_path / version
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [d.name for d in DUMPS] + ["SHA256SUMS", "metadata.json"]
    )
    assert f"release: {folder}" in result.output and "ma-ai-kg.nq.gz" in result.output


def test_cli_without_a_store_says_so(runner, tmp_path):
    result = runner.invoke(
        kg, ["export", "--out", str(tmp_path), "--store", str(tmp_path / "none")]
    )
    assert result.exit_code == 2
    assert "no store built yet" in result.output


def test_checksums_and_metadata(release):
    rel, _ = release
    lines = (rel.path / "SHA256SUMS").read_text().splitlines()
    assert len(lines) == len(DUMPS) + 1
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((rel.path / name).read_bytes()).hexdigest() == digest
    metadata = json.loads((rel.path / "metadata.json").read_text())
    assert metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert metadata["licenses"]["ontology"] == metadata["licenses"]["data"]
    assert rel.version in metadata["attribution"] and rel.version in metadata["citation"]
    assert {f["name"]: f["bytes"] for f in metadata["files"]} == {
        d.name: (rel.path / d.name).stat().st_size for d in DUMPS
    }


@pytest.mark.parametrize("suffix", sorted(RDFLIB_FORMATS))
def test_every_dump_parses_back_with_rdflib_with_the_store_counts(release, store_counts, suffix):
    rel, _ = release
    item = next(f for f in rel.files if f.name.endswith(suffix))
    dataset = rdflib.Dataset()
    dataset.parse(
        data=gzip.decompress((rel.path / item.name).read_bytes()), format=RDFLIB_FORMATS[suffix]
    )
    quads, triples = store_counts
    if item.unit == "quads":
        parsed = list(dataset.quads((None, None, None, None)))
        assert len(parsed) == item.statements == quads
        graphs = {str(g) for *_, g in parsed}
        assert "https://w3id.org/ma-ai/graph/facts" in graphs
        assert any(g.startswith("https://w3id.org/ma-ai/graph/evidence/") for g in graphs)
    else:
        assert len(set(dataset.triples((None, None, None)))) == item.statements == triples


def test_export_is_reproducible(release):
    rel, settings = release
    again = export_release(settings)
    assert [(f.name, f.sha256) for f in again.files] == [(f.name, f.sha256) for f in rel.files]
    assert not any(p.name.startswith(".") for p in rel.path.parent.iterdir())


def _jena_classpath(tmp_path: Path) -> str | None:
    """Debian's Jena jars and their dependencies, or None when Java or Jena is missing."""
    if shutil.which("java") is None or not (JENA_JARS / "jena-cmds.jar").is_file():
        return None
    jars = [p for p in JENA_JARS.glob("*.jar") if _wanted(p.name)]
    # Debian relocates Xerces into the package "xerces" but leaves its message bundles at
    # the old path: extracting them at the relocated path lets jena-core start.
    bundles = tmp_path / "bundles"
    with zipfile.ZipFile(JENA_JARS / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = bundles / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return ":".join([str(bundles), *map(str, sorted(jars))])


def _wanted(name: str) -> bool:
    """Unversioned jars Jena's riot needs, with one SLF4J binding (several conflict)."""
    prefixes = (
        *("jena-", "commons-", "guava", "gson", "jackson-", "jsonld-java", "dexx", "protobuf"),
        *("slf4j-api", "slf4j-simple", "titanium-json-ld", "jakarta.json", "thrift", "httpc"),
    )
    versioned = name.rsplit("-", 1)[-1][:1].isdigit()
    return name.startswith(prefixes) and not versioned


@pytest.mark.parametrize("name", ["ma-ai-kg.ttl.gz", "ma-ai-kg.nq.gz"])
def test_turtle_and_nquads_dumps_parse_in_apache_jena(release, store_counts, tmp_path, name):
    classpath = _jena_classpath(tmp_path)
    if classpath is None:
        pytest.skip("Java or Apache Jena (Debian libapache-jena-java) is not installed")
    rel, _ = release
    path = str(rel.path / name)
    checked = subprocess.run(
        ["java", "-cp", classpath, "riotcmd.riot", "--validate", path],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "WARN" not in checked.stderr and "ERROR" not in checked.stderr
    counted = subprocess.run(
        ["java", "-cp", classpath, "riotcmd.riot", "--count", path],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    quads, triples = store_counts
    expected = f"Quads = {quads:,}" if name.endswith(".nq.gz") else f"Triples = {triples:,}"
    assert expected in counted.stdout + counted.stderr


def test_server_lists_releases_and_redirects_latest(release):
    rel, settings = release
    client = create_app(settings).test_client()
    listing = client.get("/dumps/").get_data(as_text=True)
    assert rel.version in listing and "(version courante)" in listing
    for item in rel.files:
        assert f'href="/dumps/{rel.version}/{item.name}"' in listing
    latest = client.get("/dumps/latest/ma-ai-kg.ttl.gz")
    assert latest.status_code == 302
    assert latest.headers["Location"] == f"/dumps/{rel.version}/ma-ai-kg.ttl.gz"
    with client.get(latest.headers["Location"]) as download:
        assert download.status_code == 200 and download.content_type == "application/gzip"
        assert download.data == (rel.path / "ma-ai-kg.ttl.gz").read_bytes()
    with client.get(f"/dumps/{rel.version}/SHA256SUMS") as sums:
        assert sums.get_data(as_text=True) == (rel.path / "SHA256SUMS").read_text()
    assert (
        client.get("/dumps/", headers={"Accept": "application/json"}).get_json()[0]["version"]
        == rel.version
    )


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/latest/..%2F..%2Fpyproject.toml",
        "/dumps/..%2F..%2F/pyproject.toml",
        "/dumps/%2E%2E/metadata.json",
        "/dumps/{version}/..%2Fmetadata.json",
        "/dumps/{version}/unknown.gz",
        "/dumps/{version}/.hidden",
        "/dumps/latest/nothing-of-the-kind",
    ],
)
def test_dump_paths_outside_a_release_are_refused(release, path):
    rel, settings = release
    response = create_app(settings).test_client().get(path.format(version=rel.version))
    assert response.status_code == 404


def test_latest_without_any_release_is_404(settings, store, tmp_path):
    settings = dataclasses.replace(settings, dumps_dir=tmp_path / "no-dumps")
    response = create_app(settings).test_client().get("/dumps/latest/ma-ai-kg.nq.gz")
    assert response.status_code == 404
    assert "kg export" in response.get_data(as_text=True)
