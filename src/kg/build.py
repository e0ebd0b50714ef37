"""The build: documents + catalogue + ontology → extraction → dataset → validation → store.

:func:`run_build` is the core API behind ``kg build``; :func:`check` is the same without the
store, behind ``kg validate``. A document that cannot be read is skipped with a warning naming
it; a catalogue or ontology error, or a dataset that does not conform, stops the build and the
store keeps serving the previous build.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset
from rdflib.namespace import RDF

from .catalogue import Catalogue, load_catalogue
from .documents import Document, document_paths, read_document
from .errors import InputFileError, ValidationFailed
from .extract import Extraction
from .extract.nlp import load_model
from .extract.pool import extract_documents, extraction_jobs, processes_for
from .fit import Signatures, fitting
from .graph import QUAD_FORMATS, TRIPLE_FORMATS, build_dataset
from .namespaces import MAI
from .ontology import TOP_CLASSES, class_tops, load_ontology, load_shapes
from .settings import Settings
from .validate import Report, validate_dataset

Progress = Callable[[str], None]


@dataclass
class Assembly:
    """Everything a build produced before it reaches the store."""

    dataset: Dataset
    catalogue: Catalogue
    documents: list[Document]
    extractions: list[Extraction]
    warnings: list[str] = field(default_factory=list)
    extraction: ExtractionRun | None = None


@dataclass(frozen=True)
class ExtractionRun:
    """How the extraction ran: documents, wall time (model load apart), processes."""

    documents: int
    seconds: float
    processes: int

    def format(self) -> str:
        """One line for the terminal.

        >>> print(ExtractionRun(1000, 50.0, 2).format())
        extraction: 1000 documents in 50.0 s (20.0 documents/s, 2 processes)
        >>> print(ExtractionRun(1, 0.25, 1).format())
        extraction: 1 document in 0.2 s (4.0 documents/s, 1 process)
        """
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (
            f"extraction: {counted(self.documents, 'document')} in {self.seconds:.1f} s "
            f"({rate:.1f} documents/s, {counted(self.processes, 'process', 'es')})"
        )


def counted(n: int, noun: str, plural: str = "s") -> str:
    """*n* and *noun*, in the plural when *n* is not 1.

    >>> counted(1, "document"), counted(2, "process", "es")
    ('1 document', '2 processes')
    """
    return f"{n} {noun}{plural if n != 1 else ''}"


@dataclass
class BuildSummary:
    """What ``kg build`` reports."""

    store_path: Path
    quads: int
    entities_per_class: dict[str, int]
    documents: int
    facts: int
    seconds: float
    warnings: list[str]
    extraction: ExtractionRun | None = None

    def format(self) -> str:
        """A few readable lines for the terminal."""
        lines = [
            f"store: {self.store_path}",
            f"quads: {self.quads}",
            f"documents: {self.documents}",
            f"distinct extracted facts: {self.facts}",
            "entities per class: "
            + ", ".join(f"{name} {n}" for name, n in self.entities_per_class.items()),
        ]
        if self.extraction:
            lines.append(self.extraction.format())
        lines.append(f"time: {self.seconds:.1f} s")
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def read_documents(settings: Settings, progress: Progress) -> tuple[list[Document], list[str]]:
    """Every readable document of the documents folder, and a warning for each skipped one."""
    documents, warnings, seen = [], [], {}
    for path in document_paths(settings.documents_dir):
        try:
            document = read_document(path, settings.max_document_bytes)
        except InputFileError as exc:
            warnings.append(f"skipped {exc}")
            progress(f"warning: skipped {exc}")
            continue
        if document.id in seen:
            warnings.append(f"skipped {path}: same document id as {seen[document.id]}")
            continue
        seen[document.id] = path
        documents.append(document)
        warnings.extend(document.warnings)
        for warning in document.warnings:
            progress(f"warning: {warning}")
    return documents, warnings


def extract_all(
    catalogue: Catalogue, documents: list[Document], progress: Progress, jobs: int = 1
) -> tuple[list[Extraction], ExtractionRun | None]:
    """Run the extraction over every document with up to *jobs* processes, in their order.

    The model is loaded once, here, before any worker process starts. Raises
    :class:`InputFileError` naming the document and line where the extraction failed.
    """
    if not documents:
        return [], None
    processes = processes_for(len(documents), jobs)
    progress("loading the French model")
    load_model()
    total, extractions = len(documents), []
    progress(f"extracting {counted(total, 'document')} in {counted(processes, 'process', 'es')}")
    started = time.monotonic()
    for extraction in extract_documents(catalogue, documents, processes):
        extractions.append(extraction)
        rate = len(extractions) / max(time.monotonic() - started, 1e-6)
        progress(
            f"extracted {len(extractions)}/{total} ({rate:.1f} documents/s): "
            f"{extraction.document.id} ({len(extraction.facts)} facts)"
        )
    return extractions, ExtractionRun(total, time.monotonic() - started, processes)


def assemble(
    settings: Settings, extra_rdf: Iterable[Path] = (), progress: Progress | None = None
) -> Assembly:
    """Read, extract and build the dataset.

    Raises :class:`InputFileError` for bad inputs, :class:`KGError` for a bad setting.
    """
    progress = progress or (lambda _msg: None)
    jobs = extraction_jobs(settings.extract_jobs)
    ontology = load_ontology(settings.ontology_dir)
    catalogue = load_catalogue(settings.entities_dir, class_tops(ontology))
    progress(f"catalogue: {len(catalogue)} entities")
    documents, warnings = read_documents(settings, progress)
    extractions, run = extract_all(catalogue, documents, progress, jobs)
    warnings += [w for e in extractions for w in e.warnings]
    warnings += fitting(Signatures(ontology), catalogue, extractions)
    extra = list(extra_rdf) + _rdf_files(settings.rdf_dir)
    dataset = build_dataset(ontology, catalogue, documents, extractions, extra)
    return Assembly(dataset, catalogue, documents, extractions, warnings, run)


def _rdf_files(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    known = {*QUAD_FORMATS, *TRIPLE_FORMATS}
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in known)


def check(settings: Settings, extra_rdf: Iterable[Path] = (), progress=None) -> Report:
    """Assemble and validate without touching the store (``kg validate``)."""
    assembly = assemble(settings, extra_rdf, progress)
    return validate_dataset(assembly.dataset, load_shapes(settings.ontology_dir))


def run_build(
    settings: Settings, extra_rdf: Iterable[Path] = (), progress: Progress | None = None
) -> BuildSummary:
    """Build the store. Raises :class:`ValidationFailed` (with the SHACL report) or KGError."""
    from .store import write_store

    started = time.monotonic()
    progress = progress or (lambda _msg: None)
    assembly = assemble(settings, extra_rdf, progress)
    progress("validating with SHACL")
    report = validate_dataset(assembly.dataset, load_shapes(settings.ontology_dir))
    if not report.conforms:
        raise ValidationFailed(
            "the dataset does not conform to the shapes; the store was not replaced\n" + report.text
        )
    progress("writing the store")
    nquads = assembly.dataset.serialize(format="nquads", encoding="utf-8")
    path = write_store(settings, nquads)
    return BuildSummary(
        store_path=path,
        quads=sum(1 for _ in assembly.dataset.quads((None, None, None, None))),
        entities_per_class=entities_per_class(assembly.dataset),
        documents=len(assembly.documents),
        facts=len({f.key() for e in assembly.extractions for f in e.facts}),
        seconds=time.monotonic() - started,
        warnings=assembly.warnings,
        extraction=assembly.extraction,
    )


def entities_per_class(dataset: Dataset) -> dict[str, int]:
    """Distinct instances of each top class (materialised types included)."""
    counts: Counter = Counter()
    seen = set()
    for s, _, o, _ in dataset.quads((None, RDF.type, None, None)):
        for name in TOP_CLASSES:
            if o == MAI[name] and (s, name) not in seen:
                seen.add((s, name))
                counts[name] += 1
    return {name: counts[name] for name in TOP_CLASSES}
