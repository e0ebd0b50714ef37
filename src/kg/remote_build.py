"""Writing to a remote store: a build loaded into staging graphs, then switched in by one
SPARQL update, and SPARQL updates that record the new version in the same request.

A build streams its N-Quads to the server's Graph Store endpoint in one POST (so blank nodes
shared between graphs stay one node), every quad moved to a staging graph
``graph/staging/<build>/<n>``; nothing is held in Python beyond one batch of quads. The
switch is one update (Oxigraph applies an update as one transaction): each staging graph is
moved onto its graph (``MOVE``), the graphs the new build no longer has are dropped, and the
version is written in ``graph/build``. On any error the staging graphs are dropped and the
previous data keeps serving. Staging graphs of a killed build are dropped by the first build
that finds them more than an hour old.

There is no history on a remote store (``keep_builds`` does not apply) and no writer lock:
builds into one remote store must not run at the same time.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse, serialize

from .errors import KGError
from .namespaces import DCTERMS
from .remote import BUILD_GRAPH, DEFAULT_GRAPH, STAGING, RemoteStore, forget_cached, open_remote
from .settings import Settings
from .store import DatasetVersion, make_version

_STALE_AFTER = timedelta(hours=1)  # a staging graph this old is left by a killed build
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_BATCH = 10_000  # quads serialised per chunk of the upload


def write_build(
    settings: Settings, nquads: bytes | Path, progress: Callable[[int, int], None] | None
) -> str:
    """Load the N-Quads *nquads* into staging graphs, then switch them in with one update.

    On any error the staging graphs are dropped and the served data is untouched. Raises
    :class:`SyntaxError` for invalid N-Quads, :class:`~kg.errors.KGError` when the server
    cannot be reached or refuses the load or the switch.
    """
    store = open_remote(settings)
    staging = _Staging(f"{datetime.now(UTC):{_STAMP}}-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        store.load(_restaged(nquads, staging, digest, progress))
        store.update(_switch(store.graphs(), staging, make_version(digest.hexdigest())))
    except BaseException:
        _drop_quietly(store, staging.targets.values())
        raise
    finally:
        forget_cached()
    return store.url


def apply_remote_update(settings: Settings, update: str) -> DatasetVersion:
    """Run *update* on the remote store and record the new version in the same request.

    The version chains the previous checksum with the update text, as for the embedded
    store. Raises :class:`~kg.errors.BadRequest` when the server finds the update invalid.
    """
    store = open_remote(settings)
    previous = store.version()
    version = make_version(hashlib.sha256(f"{previous.sha256}\n{update}".encode()).hexdigest())
    lines = update.rstrip().splitlines()
    while lines and lines[-1].lstrip().startswith("#"):
        lines.pop()  # a trailing comment would swallow the separator below
    text = "\n".join(lines).rstrip()
    separator = "\n" if not text or text.endswith(";") else "\n;\n"
    try:
        store.update(text + separator + " ;\n".join(_record(version)))
    finally:
        forget_cached()
    return version


class _Staging:
    """Staging graph IRIs of one build, by the graph each one will become."""

    def __init__(self, build: str):
        self.prefix = f"{STAGING}{build}/"
        self.targets: dict[str, NamedNode] = {}

    def iri(self, graph: object) -> NamedNode:
        if isinstance(graph, DefaultGraph):
            key = DEFAULT_GRAPH
        elif isinstance(graph, NamedNode):
            key = graph.value
        else:
            raise KGError(f"a remote store names its graphs by IRI, not {graph}", 500)
        staged = self.targets.get(key)
        if staged is None:
            staged = self.targets[key] = NamedNode(f"{self.prefix}{len(self.targets)}")
        return staged


class _Counting(io.RawIOBase):
    """A reader that hashes what it reads and reports progress, every MiB and at the end."""

    def __init__(self, raw, digest, progress, total: int):
        self._raw, self._digest, self._progress = raw, digest, progress
        self.total, self.done = total, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._digest.update(data)
        before, self.done = self.done, self.done + len(data)
        if self._progress is not None and (not data or before >> 20 != self.done >> 20):
            self._progress(self.done, self.total)
        return data


def _restaged(nquads: bytes | Path, staging: _Staging, digest, progress) -> Iterator[bytes]:
    """The quads of *nquads* in N-Quads, each moved to its staging graph, in chunks."""
    if isinstance(nquads, Path):
        source, total = nquads.open("rb"), nquads.stat().st_size
    else:
        source, total = io.BytesIO(nquads), len(nquads)
    with source:
        reader = _Counting(source, digest, progress, total)
        batch = []
        for quad in parse(input=reader, format=RdfFormat.N_QUADS):
            graph = staging.iri(quad.graph_name)
            batch.append(Quad(quad.subject, quad.predicate, quad.object, graph))
            if len(batch) == _BATCH:
                yield serialize(batch, format=RdfFormat.N_QUADS)
                batch = []
        if batch:
            yield serialize(batch, format=RdfFormat.N_QUADS)


def _switch(existing: list[str], staging: _Staging, version: DatasetVersion) -> str:
    r"""One update: staging graphs renamed, graphs of the previous build dropped, version set.

    >>> staging = _Staging("b")
    >>> _ = staging.iri(NamedNode("http://x/g"))
    >>> version = DatasetVersion("v", "2025-01-01T00:00:00+00:00", "0")
    >>> update = _switch(["http://x/g", "http://x/old"], staging, version)
    >>> print(*update.split(" ;\n")[:3], sep="\n")
    MOVE GRAPH <https://w3id.org/ma-ai/graph/staging/b/0> TO GRAPH <http://x/g>
    DROP SILENT GRAPH <http://x/old>
    DROP SILENT GRAPH <https://w3id.org/ma-ai/graph/build>
    """
    now = datetime.now(UTC)
    moves = [
        f"MOVE GRAPH {staged} TO GRAPH <{target}>" for target, staged in staging.targets.items()
    ]
    dropped = [
        g
        for g in existing
        if g not in staging.targets and g != BUILD_GRAPH and _replaced(g, staging, now)
    ]
    drops = [f"DROP SILENT GRAPH <{graph}>" for graph in dropped]
    return " ;\n".join([*moves, *drops, *_record(version)])


def _replaced(graph: str, staging: _Staging, now: datetime) -> bool:
    """Whether a build drops *graph*: every graph but staging graphs of builds in progress."""
    if not graph.startswith(STAGING):
        return True
    if graph.startswith(staging.prefix):
        return False
    stamp = graph[len(STAGING) :].split("-", 1)[0]
    try:
        started = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return True
    return now - started > _STALE_AFTER


def _record(version: DatasetVersion) -> list[str]:
    """Update operations that set the version in ``graph/build``."""
    # Plain literals: a server may rewrite an xsd:dateTime ("+00:00" as "Z"), and the version
    # read back must equal the one written.
    facts = (
        f"<{BUILD_GRAPH}> <{DCTERMS.hasVersion}> {Literal(version.version)} ; "
        f"<{DCTERMS.created}> {Literal(version.built_at)} ; "
        f"<{DCTERMS.identifier}> {Literal(version.sha256)}"
    )
    return [
        f"DROP SILENT GRAPH <{BUILD_GRAPH}>",
        f"INSERT DATA {{ GRAPH <{BUILD_GRAPH}> {{ {facts} }} }}",
    ]


def _drop_quietly(store: RemoteStore, graphs: Iterable[NamedNode]) -> None:
    # The error that stopped the build is the one to report; a staging graph left behind
    # (server down) is dropped by a later build once stale.
    text = " ;\n".join(f"DROP SILENT GRAPH {graph}" for graph in graphs)
    if text:
        with contextlib.suppress(KGError):
            store.update(text)
