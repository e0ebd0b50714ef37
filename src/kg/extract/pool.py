"""Extraction on several cores: the same extractions, in the documents' order, sooner.

Worker processes are forked from the build after it has loaded the French model, so they start
in a fraction of a second and share the model's memory; each builds its own
:class:`~kg.extract.Extractor` from the catalogue once. Documents go to whichever worker is
free and the extractions come back in the documents' order: a build gives the same dataset
whatever the number of processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ..catalogue import Catalogue
from ..documents import Document
from ..errors import InputFileError, KGError
from . import Extraction, Extractor

# A forked worker costs ~0.1 s of CPU on top of what the build's own process would spend (the
# model is inherited; the catalogue ruler is installed once either way); a document takes
# ~0.1 s. With fewer documents per process than this, the workers do not pay for themselves
# (benchmarks/extraction_jobs.py --documents 2 4 8 16).
MIN_DOCUMENTS_PER_PROCESS = 4
# Forked workers inherit the loaded model and the catalogue; spawned ones would each load the
# model again (~3 s) and need the catalogue pickled, which its read-only mappings refuse.
START_METHOD = "fork"

_worker: dict[str, Extractor] = {}


@dataclass(frozen=True)
class _Failed:
    """An :class:`InputFileError` on its way back from a worker.

    Exceptions cross processes pickled from their ``args``, from which InputFileError (path,
    line, message) cannot be rebuilt, so a worker returns its parts instead.
    """

    path: str
    line: int | None
    detail: str


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, which containers and ``taskset`` narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity call on macOS and Windows
        return os.cpu_count() or 1


def extraction_jobs(setting: int) -> int:
    """The number of extraction processes the ``extract_jobs`` setting asks for.

    0 means one per usable CPU. Raises :class:`KGError` (400) for a negative number.

    >>> extraction_jobs(3), extraction_jobs(0) == usable_cpus()
    (3, True)
    >>> extraction_jobs(-1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.KGError: setting extract_jobs (KG_EXTRACT_JOBS, --jobs): -1 is not a number of ...
    """
    if setting < 0:
        raise KGError(
            f"setting extract_jobs (KG_EXTRACT_JOBS, --jobs): {setting} is not a number of "
            "processes: give 1 or more (1: extract in the build's own process), or 0 for one "
            "per usable CPU",
            400,
        )
    return setting or usable_cpus()


def processes_for(documents: int, jobs: int) -> int:
    """How many processes to extract *documents* with, at most *jobs*.

    One (the build's own) when there are too few documents to keep more busy, or when this
    platform cannot fork.

    >>> processes_for(1000, 2), processes_for(MIN_DOCUMENTS_PER_PROCESS * 2, 4)
    (2, 2)
    >>> processes_for(MIN_DOCUMENTS_PER_PROCESS * 2 - 1, 2), processes_for(1000, 1)
    (1, 1)
    """
    if START_METHOD not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs, documents // MIN_DOCUMENTS_PER_PROCESS))


def extract_documents(
    catalogue: Catalogue, documents: list[Document], processes: int = 1
) -> Iterator[Extraction]:
    """The extraction of each document, in their order, with *processes* processes.

    Load the model first (:func:`kg.extract.nlp.load_model`) so that workers inherit it.
    Raises :class:`InputFileError` naming the file and line where the extraction failed, and
    :class:`KGError` when a worker process dies (killed, out of memory).
    """
    if processes <= 1:
        extractor = Extractor(catalogue)
        for document in documents:
            yield extractor.extract(document)
        return
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context(START_METHOD),
        initializer=_start_worker,
        initargs=(catalogue,),
    )
    done = 0
    try:
        for result in pool.map(_extract_in_worker, documents):
            if isinstance(result, _Failed):
                raise InputFileError(result.path, result.line, result.detail)
            done += 1
            yield result
    except BrokenProcessPool:
        raise KGError(
            f"an extraction process stopped abruptly (killed, or out of memory?) while "
            f"{documents[done].path} or a document after it was being read; nothing was stored. "
            "Run the build again, or with --jobs 1 (KG_EXTRACT_JOBS=1) to extract in one process",
            500,
        ) from None
    finally:
        # On an error, drop the documents not yet started instead of extracting them all first.
        pool.shutdown(cancel_futures=True)


def _start_worker(catalogue: Catalogue) -> None:
    _worker["extractor"] = Extractor(catalogue)


def _extract_in_worker(document: Document) -> Extraction | _Failed:
    try:
        return _worker["extractor"].extract(document)
    except InputFileError as error:
        return _Failed(error.path, error.line, error.detail)
