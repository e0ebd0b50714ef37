"""Versioned releases of the whole dataset: ``kg export`` writes ``<dumps_dir>/<version>/``.

A release holds, gzip-compressed, under names that do not change from one release to the
next (so ``/dumps/latest/<name>`` stays valid):

- ``ma-ai-kg.nq.gz``: N-Quads, every statement in its named graph (provenance kept);
- ``ma-ai-kg.trig.gz``: TriG, the same, easier to read;
- ``ma-ai-kg.ttl.gz``: Turtle, the union of all graphs, each distinct triple once;
- ``ma-ai-kg.jsonld.gz``: JSON-LD, every statement in its named graph;

and ``metadata.json`` (version, licence, attribution, citation, each file's size, checksum
and statement count) and ``SHA256SUMS`` (``sha256sum -c`` reads it). Statements are written
in a fixed order and gzip headers carry no time, so exporting the same build twice gives
the same bytes. A release is written in a temporary folder and renamed into place.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, serialize

from .dataset import LICENSE, LICENSE_NAME, PUBLISHER, SPARQL_ENDPOINT, TITLE, citation
from .errors import KGError, NotFound
from .namespaces import BASE, PREFIXES
from .settings import Settings
from .store import DatasetVersion, dataset_stats, dataset_version, open_store

SUMS, METADATA = "SHA256SUMS", "metadata.json"
_RELEASE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$")
_ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


@dataclass(frozen=True)
class DumpFormat:
    """One dump file: name, title, media type, serialiser, and whether it keeps the graphs."""

    name: str
    title: str
    media_type: str
    rdf: RdfFormat
    quads: bool


DUMPS = (
    DumpFormat("ma-ai-kg.nq.gz", "N-Quads: every statement in its named graph, with provenance",
               "application/n-quads", RdfFormat.N_QUADS, True),
    DumpFormat("ma-ai-kg.trig.gz", "TriG: every statement in its named graph, with provenance",
               "application/trig", RdfFormat.TRIG, True),
    DumpFormat("ma-ai-kg.ttl.gz", "Turtle: the union of all graphs, each distinct triple once",
               "text/turtle", RdfFormat.TURTLE, False),
    DumpFormat("ma-ai-kg.jsonld.gz", "JSON-LD: every statement in its named graph",
               "application/ld+json", RdfFormat.JSON_LD, True),
)  # fmt: skip
_DUMP_NAMES = {d.name for d in DUMPS}


@dataclass(frozen=True)
class ReleaseFile:
    """One file of a release, as ``metadata.json`` records it."""

    name: str
    title: str
    media_type: str
    bytes: int
    sha256: str
    statements: int
    unit: str


@dataclass(frozen=True)
class Release:
    """A release folder: its version, build time, files and metadata."""

    version: str
    built_at: str
    path: Path
    files: list[ReleaseFile]
    metadata: dict

    def url(self, name: str) -> str:
        """Public URL of one of its files (of the release folder for ``""``)."""
        return f"{BASE}dumps/{self.version}/{name}"

    def format(self) -> str:
        """A few readable lines for the terminal."""
        lines = [f"release: {self.path}", f"version: {self.version}"]
        for f in self.files:
            lines.append(f"{f.name}  {f.bytes} bytes  {f.statements} {f.unit}  sha256 {f.sha256}")
        return "\n".join([*lines, f"licence: {self.metadata['license']}"])


def export_release(settings: Settings, out: Path | None = None) -> Release:
    """Write the release of the current store under *out* (default ``settings.dumps_dir``).

    An existing release of the same version is replaced. Raises
    :class:`~kg.errors.Unavailable` when no store is built, :class:`~kg.errors.KGError`
    (500) naming the folder when it cannot be written.
    """
    store, version = open_store(settings), dataset_version(settings)
    if not _RELEASE_NAME.match(version.version):
        raise KGError(f"the dataset version {version.version!r} cannot name a folder", 500)
    root = Path(out or settings.dumps_dir)
    quads = _all_quads(store)
    triples = sorted({q.triple for q in quads}, key=str)
    work = root / f".{version.version}.partial-{os.getpid()}"
    try:
        work.mkdir(parents=True, exist_ok=True)
        files = [_write(work, d, quads if d.quads else triples) for d in DUMPS]
        metadata = _metadata(version, files, len(quads), len(triples), dataset_stats(store).graphs)
        (work / METADATA).write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
        names = [f.name for f in files] + [METADATA]
        sums = "".join(f"{_sha256(work / name)}  {name}\n" for name in names)
        (work / SUMS).write_text(sums, encoding="ascii")
        _replace(work, root / version.version)
    except OSError as error:
        raise KGError(
            f"cannot write the release in {root}: {error.strerror or error}", 500
        ) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return read_release(root / version.version)


def _all_quads(store: object) -> list[Quad]:
    """Every quad of the store (named graphs and default graph), in a fixed order."""
    try:
        rows = list(store.query(_ALL_QUADS))
    except OSError as error:
        raise KGError(f"the store could not be read: {error}", 500) from error
    return sorted((Quad(s["s"], s["p"], s["o"], s["g"]) for s in rows), key=str)


def _write(folder: Path, dump: DumpFormat, statements: list) -> ReleaseFile:
    path = folder / dump.name
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        serialize(statements, out, dump.rdf, prefixes=_PREFIXES)
    return ReleaseFile(
        name=dump.name,
        title=dump.title,
        media_type=dump.media_type,
        bytes=path.stat().st_size,
        sha256=_sha256(path),
        statements=len(statements),
        unit="quads" if dump.quads else "triples",
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _metadata(
    version: DatasetVersion, files: list[ReleaseFile], quads: int, triples: int, graphs: dict
) -> dict:
    return {
        "title": TITLE["en"],
        "title_fr": TITLE["fr"],
        "version": version.version,
        "built_at": version.built_at,
        "dataset_sha256": version.sha256,
        "license": LICENSE,
        "license_name": LICENSE_NAME,
        "licenses": {"data": LICENSE, "ontology": LICENSE},
        "attribution": f"{TITLE['en']} ({BASE}), version {version.version}, {LICENSE_NAME}",
        "citation": citation(version.version),
        "publisher": PUBLISHER,
        "sparql_endpoint": str(SPARQL_ENDPOINT),
        "void": f"{BASE}.well-known/void",
        "statements": {"quads": quads, "distinct_triples": triples, "graphs": graphs},
        "files": [f.__dict__ for f in files],
    }


def _replace(work: Path, target: Path) -> None:
    """Put *work* at *target*; an older folder there is moved aside, then deleted."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(work, target)
    shutil.rmtree(old, ignore_errors=True)


def read_release(folder: Path) -> Release:
    """The release in *folder*. Raises :class:`~kg.errors.NotFound` when it is not one."""
    try:
        metadata = json.loads((folder / METADATA).read_text(encoding="utf-8"))
        files = [ReleaseFile(**f) for f in metadata["files"] if f["name"] in _DUMP_NAMES]
        release = Release(metadata["version"], metadata["built_at"], folder, files, metadata)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise NotFound(f"no release in {folder.name}: {error}") from None
    if release.version != folder.name or not (folder / SUMS).is_file():
        raise NotFound(f"no complete release in {folder.name}")
    return release


def list_releases(root: Path) -> list[Release]:
    """Every complete release under *root*, newest first."""
    releases = []
    for folder in sorted(Path(root).glob("*")) if Path(root).is_dir() else ():
        if folder.is_dir() and _RELEASE_NAME.match(folder.name):
            try:
                releases.append(read_release(folder))
            except NotFound:
                continue
    return sorted(releases, key=lambda r: (r.built_at, r.version), reverse=True)


def latest_release(root: Path, current: str | None) -> Release | None:
    """The release of the *current* dataset version when there is one, else the newest."""
    releases = list_releases(root)
    return next((r for r in releases if r.version == current), releases[0] if releases else None)


def release_file(root: Path, version: str, name: str) -> Path:
    """The path of file *name* of release *version*, checked against the release's list.

    Raises :class:`~kg.errors.NotFound` for an unknown release or file (``..`` and slashes
    never name one).
    """
    if not _RELEASE_NAME.match(version):
        raise NotFound(f"no release {version!r}")
    release = read_release(Path(root) / version)
    if name not in {f.name for f in release.files} | {SUMS, METADATA}:
        raise NotFound(f"release {version} has no file {name!r}")
    return release.path / name
