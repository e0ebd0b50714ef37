"""The embedded store's folders: one directory per build and a pointer swapped atomically.

Layout under ``settings.store_dir``::

    builds/<UTC timestamp>-<pid>/   one Oxigraph store per build, never written again
    versions/<build>.json           its version: release name, build time, content checksum
    current -> builds/<...>          symlink, replaced by one ``os.replace`` after a build
    .lock                            held while a build is written: one writer at a time

:mod:`kg.store` writes and opens the stores; this module names, points at, prunes and locks
their folders.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .errors import KGError

BUILD_NAME = re.compile(r"^\d{8}T\d{6}\.\d{6}Z-\d+$")


def version_file(build: Path) -> Path:
    return build.parent.parent / "versions" / f"{build.name}.json"


def is_plain_store(folder: Path) -> bool:
    """True when *folder* is itself an Oxigraph (RocksDB) store, not a folder of builds."""
    return (folder / "CURRENT").is_file() and any(folder.glob("OPTIONS-*"))


def new_build_dir(store_dir: Path) -> Path:
    builds = store_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    target = builds / f"{stamp}-{os.getpid()}"
    target.mkdir()
    return target


def point_current(store_dir: Path, target: Path) -> None:
    """Replace the ``current`` symlink in one step, so readers never see it missing."""
    temporary = store_dir / f".current-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    os.symlink(os.path.relpath(target, store_dir), temporary)
    os.replace(temporary, store_dir / "current")
    _sync_directory(store_dir)


def _sync_directory(folder: Path) -> None:
    # Durability of the rename after a power cut; the swap itself is already done.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def prune(store_dir: Path, keep: int) -> None:
    """Delete the oldest builds beyond *keep*, never the current one, and the builds older
    than the current one that have no version file: left half-written by a killed build
    (the caller holds the writer lock, so no other build is being written)."""
    current = (store_dir / os.readlink(store_dir / "current")).resolve()
    builds, abandoned = [], []
    for path in sorted((store_dir / "builds").iterdir()):
        if BUILD_NAME.match(path.name):
            unfinished = path.name < current.name and not version_file(path).exists()
            (abandoned if unfinished else builds).append(path)
    kept = builds[-max(keep, 1) :]
    for path in abandoned + builds:
        if path not in kept and path.resolve() != current:
            # A reader that still has this build open keeps its files until it reopens;
            # a failure to delete an old build must not fail a build that succeeded.
            shutil.rmtree(path, ignore_errors=True)
            version_file(path).unlink(missing_ok=True)


@contextmanager
def writer_lock(store_dir: Path) -> Iterator[None]:
    store_dir.mkdir(parents=True, exist_ok=True)
    with open(store_dir / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KGError(f"another build is being written in {store_dir}", 409) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
