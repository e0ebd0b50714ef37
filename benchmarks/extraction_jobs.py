"""Extraction on several cores: documents per second with 1 and 2 processes, and the speed-up.

The documents are those of ``benchmarks/extraction.py``: seed-sized (~3,300 characters), all
different, from French templates filled with catalogue entities, numbers and dates. For each
number of documents and each ``--jobs`` value, the build's extraction stage
(:func:`kg.extract.pool.extract_documents`: workers forked, documents read, extractions back in
order) runs once with that many processes, whatever threshold ``kg build`` would apply. The model
is loaded once, first, and timed apart (``kg build`` loads it before forking). Printed: wall
seconds, documents per second, speed-up over the first ``--jobs`` value, CPU seconds (this
process and its workers), and whether the extractions equal the first run's. ``--build`` also
times whole builds (``run_build``: extraction, then graph, SHACL and store, which run in one
process) over the largest number of documents.

    python benchmarks/extraction_jobs.py [--documents 1000] [--jobs 1 2] [--build]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from extraction import ROOT, generate


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its finished children."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_documents(catalogue, count: int, folder: Path) -> list:
    """*count* generated documents written to *folder*, read back as the build reads them."""
    from kg.documents import read_document

    folder.mkdir(parents=True)
    for i, text in enumerate(generate(catalogue, count)):
        (folder / f"bench_{i:04d}.txt").write_text(text, encoding="utf-8")
    return [read_document(p) for p in sorted(folder.iterdir())]


def run_extraction(catalogue, documents: list, processes: int) -> tuple[float, float, list]:
    """Wall seconds, CPU seconds and the extractions of one run with *processes* processes."""
    from kg.extract.pool import extract_documents

    cpu, started = cpu_seconds(), time.perf_counter()
    extractions = list(extract_documents(catalogue, documents, processes))
    return time.perf_counter() - started, cpu_seconds() - cpu, extractions


def run_builds(folder: Path, tmp: Path, jobs: list[int]) -> None:
    """Time whole builds of *folder*, one per *jobs* value."""
    from kg.build import run_build
    from kg.settings import load_settings

    print(f"\nwhole builds of {folder.name}: {'jobs':>4} {'build s':>8} {'extraction':>11}")
    for n in jobs:
        settings = load_settings(
            environ={},
            documents_dir=folder,
            store_dir=tmp / f"store-{n}",
            entities_dir=ROOT / "data/entities",
            ontology_dir=ROOT / "ontology",
            rdf_dir=tmp / "no-rdf",
            extract_jobs=n,
        )
        started = time.perf_counter()
        summary = run_build(settings)
        print(
            f"{'':>{len(folder.name) + 16}} {n:>4} {time.perf_counter() - started:>8.1f}  "
            f"{summary.extraction.format()}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--build", action="store_true", help="also time whole builds")
    args = parser.parse_args()

    from kg.catalogue import load_catalogue
    from kg.extract.nlp import load_model
    from kg.extract.pool import usable_cpus
    from kg.ontology import class_tops, load_ontology

    started = time.perf_counter()
    load_model()
    print(f"model load: {time.perf_counter() - started:.2f} s (once, before the workers start)")
    print(f"usable CPUs: {usable_cpus()}")
    catalogue = load_catalogue(ROOT / "data/entities", class_tops(load_ontology(ROOT / "ontology")))
    print(f"{'docs':>5} {'jobs':>4} {'wall s':>7} {'docs/s':>7} {'speed-up':>8} {'CPU s':>6} same")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.documents:
            folder = Path(tmp) / f"documents-{count}"
            documents = write_documents(catalogue, count, folder)
            first = None
            for n in args.jobs:
                wall, cpu, extractions = run_extraction(catalogue, documents, n)
                first = first or (wall, extractions)
                same = "yes" if extractions == first[1] else "NO"
                print(
                    f"{count:>5} {n:>4} {wall:>7.2f} {count / wall:>7.1f} "
                    f"{first[0] / wall:>8.2f} {cpu:>6.1f} {same}"
                )
                sys.stdout.flush()
        if args.build:
            run_builds(folder, Path(tmp), args.jobs)


if __name__ == "__main__":
    main()
