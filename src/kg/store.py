"""The store: embedded Oxigraph builds on disk (the default), or a remote SPARQL server.

Embedded, each build is its own Oxigraph store in a folder of ``settings.store_dir`` and a
``current`` pointer is swapped atomically (:mod:`kg.builds`). Readers open ``current``
read-only (:func:`open_store`, :class:`StoreHandle`). A read-only handle sees a build as it
was when opened, so a server reopens when ``current`` moves. ``settings.store_dir`` may also
be a plain Oxigraph store made by other tools (for example ``oxigraph load --location DIR``):
it is then served as it is, read-only.

With updates enabled, :func:`apply_update` writes a new build (a checkpoint of the current
one, then the update) and moves ``current``: builds are never written after they are made.

A remote SPARQL 1.1 server is the store instead when ``settings.store_url`` names one
(``--store sparql+http://host:port/path``): see :mod:`kg.remote` for its layout. This module
alone decides which store is used. SPARQL execution (:mod:`kg.sparql`) only needs an object
with a ``query(text, **options)`` method (:class:`QueryEngine`); the web layer also calls
``contains_named_graph`` and ``dump``, and :func:`count_quads` ``len``: both stores have them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pyoxigraph import QueryBoolean, QuerySolutions, QueryTriples, Store

from .builds import is_plain_store, new_build_dir, point_current, prune, version_file, writer_lock
from .bulkload import load_nquads
from .errors import BadRequest, KGError, Unavailable
from .settings import Settings

if TYPE_CHECKING:
    from .remote import RemoteStore

Progress = Callable[[int, int], None]

_GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_DEFAULT_GRAPH_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class QueryEngine(Protocol):
    """What SPARQL execution needs from a store.

    ``options`` are those of :meth:`pyoxigraph.Store.query` (``use_default_graph_as_union``,
    ``default_graph``, ``named_graphs``); results are pyoxigraph's result objects, which
    ``pyoxigraph.parse_query_results`` also builds from a remote server's answer.
    """

    def query(self, query: str, **options: object) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Evaluate one SPARQL query."""
        ...


@dataclass(frozen=True)
class DatasetStats:
    """How many statements the store holds, in total and per named graph."""

    total: int
    default_graph: int
    graphs: dict[str, int]


def write_store(
    settings: Settings, nquads: bytes | Path, *, progress: Progress | None = None
) -> Path | str:
    """Load an N-Quads dataset into a new build and make it the current store.

    Embedded: the build directory is loaded and flushed, then ``current`` is pointed at it
    atomically, then builds beyond ``settings.keep_builds`` and builds left half-written are
    deleted (never the current one); returns the build directory. Remote: the dataset is
    loaded into staging graphs and switched in by one update (:func:`kg.remote_build.write_build`);
    returns the server's URL. On any error the store keeps serving the previous build.
    *progress* is called with (bytes read, total bytes) while loading.

    Raises :class:`~kg.errors.KGError` (500) naming the folder when it cannot be written
    (read-only, disk full), when the data is not valid N-Quads, or (409) when another
    build is being written at the same time; :class:`~kg.errors.Unavailable` when a remote
    store cannot be reached.
    """
    store_dir = Path(settings.store_dir)
    if isinstance(nquads, Path) and not nquads.is_file():
        raise KGError(f"no such N-Quads file: {nquads}", 500)

    def fill(target: Path) -> None:
        load_nquads(target, nquads, progress)
        _write_version(target, nquads)

    try:
        if settings.store_url:
            from .remote_build import write_build

            return write_build(settings, nquads, progress)
        target = _publish(settings, fill)
    except OSError as error:
        where = _remote().open_remote(settings).url if settings.store_url else store_dir
        raise KGError(f"cannot write the store in {where}: {_reason(error)}", 500) from error
    except SyntaxError as error:
        raise KGError(f"the dataset to store is not valid N-Quads: {error}", 500) from error
    return target


def _remote():
    # Imported on use: the remote modules import this one.
    from . import remote

    return remote


@dataclass(frozen=True)
class DatasetVersion:
    """Which dataset a build holds: ``version`` names a release, ``sha256`` its exact content."""

    version: str
    built_at: str
    sha256: str


def _write_version(target: Path, nquads: bytes | Path) -> None:
    digest = hashlib.sha256()
    if isinstance(nquads, Path):
        with nquads.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    else:
        digest.update(nquads)
    _record_version(target, digest.hexdigest())


def make_version(digest: str) -> DatasetVersion:
    """The version of a dataset whose content has the SHA-256 *digest*, built now.

    >>> make_version("0123456789abcdef").version.endswith("-01234567")
    True
    """
    now = datetime.now(UTC)
    return DatasetVersion(f"{now:%Y.%m.%d}-{digest[:8]}", now.isoformat(timespec="seconds"), digest)


def _record_version(target: Path, digest: str) -> None:
    info = make_version(digest).__dict__
    version_file(target).parent.mkdir(exist_ok=True)
    version_file(target).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def dataset_version(settings: Settings) -> DatasetVersion:
    """The version of the current build (from the file written beside it).

    Raises :class:`~kg.errors.Unavailable` when no store was built yet; a store made by other
    tools (no version file) is versioned by its directory name and a digest of its files.
    A remote store's version is read from the server, at most every ``store_version_ttl``
    seconds.
    """
    if settings.store_url:
        return _remote().read_version(settings)
    return _build_version(require_current(settings))


def _build_version(build: Path) -> DatasetVersion:
    try:
        info = json.loads(version_file(build).read_text(encoding="utf-8"))
        return DatasetVersion(info["version"], info["built_at"], info["sha256"])
    except (OSError, ValueError, KeyError):
        return _plain_version(build)


def _plain_version(folder: Path) -> DatasetVersion:
    """A store made by other tools: its files' names, sizes and times stand for its content."""
    digest, latest = hashlib.sha256(), 0.0
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("MANIFEST-", "CURRENT")) or path.suffix == ".sst":
            info = path.stat()
            digest.update(f"{path.name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
            latest = max(latest, info.st_mtime)
    built_at = datetime.fromtimestamp(latest, UTC).isoformat(timespec="seconds") if latest else ""
    return DatasetVersion(f"{folder.name}-{digest.hexdigest()[:8]}", built_at, "")


def _publish(settings: Settings, fill) -> Path:
    """Make a new build directory, let *fill* write it, and point ``current`` at it, one
    writer at a time. On any error the new directory is removed and ``current`` untouched."""
    store_dir = Path(settings.store_dir)
    with writer_lock(store_dir):
        target = new_build_dir(store_dir)
        try:
            fill(target)
            point_current(store_dir, target)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            version_file(target).unlink(missing_ok=True)
            raise
        prune(store_dir, settings.keep_builds)
    return target


def current_path(settings: Settings) -> Path | None:
    """The build directory ``current`` points at (or a plain store folder), else ``None``
    (always for a remote store)."""
    if settings.store_url:
        return None
    store_dir = Path(settings.store_dir)
    try:
        target = os.readlink(store_dir / "current")
    except OSError:
        return store_dir if is_plain_store(store_dir) else None
    path = store_dir / target
    return path if path.is_dir() else None


def require_current(settings: Settings) -> Path | str:
    """The current build directory, or the URL of a remote store that holds data.

    Raises :class:`~kg.errors.Unavailable` (503) when no store was built yet (or a remote
    one cannot be reached).
    """
    if settings.store_url:
        dataset_version(settings)
        return _remote().open_remote(settings).url
    path = current_path(settings)
    if path is None:
        raise _no_build(settings)
    return path


def open_store(settings: Settings) -> Store | RemoteStore:
    """Read-only handle on the current build, or the remote store (not contacted yet).

    Raises :class:`~kg.errors.Unavailable` (503) when no store was built yet or the
    current build cannot be opened.
    """
    if settings.store_url:
        return _remote().open_remote(settings)
    return _open_build(require_current(settings))


def count_quads(store: Store | RemoteStore) -> int:
    """Number of quads in *store*, all graphs included."""
    return len(store)


def dataset_stats(store: QueryEngine) -> DatasetStats:
    """Statement counts of *store*: in its default graph and in each named graph."""
    graphs = {
        solution["g"].value: int(solution["n"].value) for solution in store.query(_GRAPH_COUNTS)
    }
    default_count = int(next(iter(store.query(_DEFAULT_GRAPH_COUNT)))["n"].value)
    return DatasetStats(
        total=default_count + sum(graphs.values()),
        default_graph=default_count,
        graphs=dict(sorted(graphs.items())),
    )


class StoreHandle:
    """Per-process handle for the web app.

    Opens the current build read-only on first use and reopens it when the ``current``
    pointer has moved; the pointer is read once per :meth:`get` call (once per request).
    A remote store's version is re-read at most every ``store_version_ttl`` seconds, so a
    build made elsewhere is served after that delay.
    """

    def __init__(self, settings: Settings):
        self._settings = settings
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._store: Store | None = None
        self._stats: DatasetStats | None = None
        self._version: DatasetVersion | None = None
        self._link = str(Path(settings.store_dir) / "current")
        self._target: str | None = None

    def get(self) -> Store | RemoteStore:
        """The store of the current build.

        Raises :class:`~kg.errors.Unavailable` (503) when there is no build to open.
        """
        return self.snapshot()[0]

    def snapshot(self) -> tuple[Store | RemoteStore, DatasetVersion]:
        """The store of the current build and its version, read together.

        Raises :class:`~kg.errors.Unavailable` (503) when there is no build to open.
        """
        if self._settings.store_url:
            return self._remote_snapshot()
        # Called on every request: when the pointer still names the open build, one
        # readlink is all it costs.
        try:
            target = os.readlink(self._link)
        except OSError:
            target = None
        opened = self._store, self._version
        if target is not None and target == self._target and opened[0] is not None:
            return opened
        path = require_current(self._settings)
        with self._lock:
            self._target = target
            if self._store is None or path != self._path:
                store, version = _open_build(path), _build_version(path)
                self._store, self._path, self._stats, self._version = store, path, None, version
            return self._store, self._version

    def _remote_snapshot(self) -> tuple[RemoteStore, DatasetVersion]:
        version = _remote().read_version(self._settings)
        with self._lock:
            if self._store is None:
                self._store = _remote().open_remote(self._settings)
            if version != self._version:
                self._version, self._stats = version, None
            return self._store, version

    def stats(self) -> DatasetStats:
        """Counts of the build opened by the last :meth:`get`, computed once per build."""
        with self._lock:
            store, stats = self._store, self._stats
        if store is None:
            raise _no_build(self._settings)
        if stats is None:
            stats = dataset_stats(store)
            with self._lock:
                if self._store is store:
                    self._stats = stats
        return stats


def apply_update(settings: Settings, update: str) -> DatasetVersion:
    """Run the SPARQL *update* on a copy of the current build and make the copy current.

    The copy is a RocksDB checkpoint (hard links: cheap); its version chains the previous
    checksum with the update text. Readers reopen as after a rebuild. A remote store runs
    the update itself, the new version recorded in the same request.
    Raises :class:`~kg.errors.BadRequest` for a syntax error, :class:`KGError` (409) for a
    plain store (only builds made by ``kg build`` are updated) or a concurrent write.
    """
    if settings.store_url:
        from .remote_build import apply_remote_update

        return apply_remote_update(settings, update)
    store_dir = Path(settings.store_dir)
    if is_plain_store(store_dir):
        raise KGError("updates need a store folder made by `kg build`, not a plain store", 409)

    def fill(target: Path) -> None:
        source = require_current(settings)  # under the writer lock: the build to copy
        target.rmdir()  # the checkpoint creates it
        _updated_copy(source, target, update)
        _write_update_version(source, target, update)

    try:
        target = _publish(settings, fill)
    except OSError as error:
        raise KGError(f"cannot write the store in {store_dir}: {_reason(error)}", 500) from error
    return _build_version(target)


def _updated_copy(source: Path, target: Path, update: str) -> None:
    Store.read_only(str(source)).backup(str(target))
    store = Store(str(target))
    try:
        store.update(update)
    except SyntaxError as error:
        raise BadRequest(f"SPARQL syntax error: {error}") from None
    store.flush()


def _write_update_version(source: Path, target: Path, update: str) -> None:
    previous = _build_version(source)
    _record_version(target, hashlib.sha256(f"{previous.sha256}\n{update}".encode()).hexdigest())


def _no_build(settings: Settings) -> Unavailable:
    return Unavailable(f"no store built yet in {settings.store_dir}: run `kg build`")


def _open_build(path: Path) -> Store:
    try:
        return Store.read_only(str(path))
    except OSError as error:
        raise Unavailable(f"cannot open the store {path}: {_reason(error)}{_REBUILD}") from error
    except RuntimeError as error:  # RocksDB reports damaged files this way
        raise Unavailable(f"the store {path} is damaged ({error}){_REBUILD}") from error


_REBUILD = "; rebuild it with `kg build`"


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
