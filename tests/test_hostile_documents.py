"""Hostile source documents: each is skipped with a warning naming the file (and the line where
there is one) or read safely, whole; the build never stops, and the other documents give what
they gave without them.

Malformed front-matter, control characters, mixed encodings, UTF-16, compressed files named
``.txt`` and a "zip bomb of text" (one sentence repeated up to the size cap) are put beside the
seed document, and the real build (extraction, SHACL validation, store) runs over them.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from kg.build import run_build
from kg.documents import MAX_PARAGRAPH, read_document
from kg.errors import InputFileError
from kg.namespaces import DOC, GRAPH, MAI
from kg.settings import load_settings
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "documents" / "000_0f6c74b7f7ad8b14.txt"
CAP = 60_000  # the size cap of these builds (KG_MAX_DOCUMENT_BYTES), small to keep them short
SENTENCE = "Le groupe OCP a lancé un programme de formation à l’intelligence artificielle. "
BODY = "Le Maroc a lancé une stratégie nationale pour l’intelligence artificielle.\n"


def gzipped(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"), mtime=0)


def zipped(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner.txt", text)
    return buffer.getvalue()


def repeated(size: int, separator: str) -> bytes:
    """One sentence repeated to just under *size* bytes."""
    unit = (SENTENCE.strip() + separator).encode("utf-8")
    return unit * (size // len(unit))


# name: (bytes, line named in the warning or None, words of the warning)
SKIPPED = {
    "unclosed-front-matter.md": (f"---\ntitle: x\n{BODY}".encode(), 1, "never closed"),
    "bad-yaml.md": (f"---\ntitle: ok\nsource: [x\n  y: z\n---\n{BODY}".encode(), 4, "malformed"),
    "tab-in-yaml.md": (f"---\ntitle: x\n\tlanguage: fr\n---\n{BODY}".encode(), 3, "malformed"),
    "nested-yaml.md": (
        f"---\ntitle: {'[' * 5000}{']' * 5000}\n---\n{BODY}".encode(),
        2,
        "nested too deep",
    ),
    "list-front-matter.md": (f"---\n- a\n- b\n---\n{BODY}".encode(), 2, "mapping"),
    "bad-date.md": (f"---\ntitle: x\ndate: 17/06/2025\n---\n{BODY}".encode(), 3, "date"),
    "nul.txt": (f"{BODY}{BODY}Un octet nul\x00 ici.\n".encode(), 3, "NUL"),
    "bells.txt": (("\x07" * 40 + BODY).encode(), None, "control characters"),
    "latin1-paragraph.txt": (
        BODY.encode() + "\nUne phrase écrite en Latin-1.\n".encode("latin-1"),
        3,
        "not UTF-8",
    ),
    "utf16.txt": (("\ufeff" + BODY).encode("utf-16-le"), 1, "UTF-16"),
    "utf16-big-endian.txt": (("\ufeff" + BODY).encode("utf-16-be"), 1, "UTF-16"),
    "compressed.txt": (gzipped(BODY * 50), 1, "binary"),
    "archive.txt": (zipped(BODY * 50), 1, "binary"),
    "one-line-bomb.txt": (repeated(CAP, " "), 1, f"limit of {MAX_PARAGRAPH}"),
    "over-the-cap.txt": (repeated(CAP + 100, "\n"), None, f"limit of {CAP} bytes"),
    "empty.txt": (b"\n \n\t\n", None, "empty"),
    "front-matter-only.md": (b"---\ntitle: x\n---\n", None, "no text"),
}
# Read whole and extracted: odd but harmless characters, and a long text of short lines.
READ = {
    "control-characters.txt": (
        f"Le groupe OCP\x07 a lancé\x0c un programme.\u2028{BODY}\x0b{BODY}".encode()
    ),
    "lines-bomb.txt": repeated(CAP // 10, "\n"),
    "bom.txt": ("\ufeff" + BODY).encode(),
    "crlf-front-matter.md": f"---\r\ntitle: « Note »\r\n---\r\n{BODY}".encode(),
}


@pytest.mark.parametrize("name", SKIPPED, ids=SKIPPED.keys())
def test_a_hostile_document_is_refused_naming_the_file_and_line(tmp_path, name):
    content, line, words = SKIPPED[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError) as caught:
        read_document(path, CAP)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert words in caught.value.detail


@pytest.mark.parametrize("name", READ, ids=READ.keys())
def test_an_odd_but_harmless_document_is_read_whole(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(READ[name])
    document = read_document(path, CAP)
    assert document.text == READ[name].decode("utf-8")


def settings_for(folder: Path, documents: dict[str, bytes]):
    (folder / "documents").mkdir()
    for name, content in documents.items():
        (folder / "documents" / name).write_bytes(content)
    return load_settings(
        environ={},
        store_dir=folder / "store",
        documents_dir=folder / "documents",
        entities_dir=ROOT / "data" / "entities",
        ontology_dir=ROOT / "ontology",
        rdf_dir=folder / "rdf",
        max_document_bytes=CAP,
    )


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    """The build of the seed document alone: (settings, summary)."""
    settings = settings_for(tmp_path_factory.mktemp("alone"), {SEED.name: SEED.read_bytes()})
    return settings, run_build(settings)


@pytest.fixture(scope="module")
def among_hostile(tmp_path_factory):
    """The build of the seed document among every hostile one: (settings, summary)."""
    documents = {SEED.name: SEED.read_bytes()}
    documents |= {name: content for name, (content, _, _) in SKIPPED.items()}
    documents |= READ
    settings = settings_for(tmp_path_factory.mktemp("hostile"), documents)
    return settings, run_build(settings)


def test_the_build_skips_each_hostile_document_with_a_warning_naming_it(among_hostile):
    settings, summary = among_hostile
    skipped = [w for w in summary.warnings if w.startswith("skipped ")]
    assert len(skipped) == len(SKIPPED)
    for name, (_, line, words) in SKIPPED.items():
        path = settings.documents_dir / name
        where = f"{path}:{line}:" if line else f"{path}:"
        warning = next((w for w in skipped if where in w), None)
        assert warning is not None and words in warning, (name, skipped)
    assert summary.documents == 1 + len(READ)


def quads(settings, graph: str | None = None) -> set[str]:
    """The store's quads (of one graph), as N-Quads lines."""
    named = NamedNode(graph) if graph else None
    return {str(quad) for quad in open_store(settings).quads_for_pattern(None, None, None, named)}


def test_no_skipped_document_leaves_a_trace_in_the_store(among_hostile):
    settings, _ = among_hostile
    everything = "\n".join(quads(settings))
    for name in SKIPPED:
        stem = name.rsplit(".", 1)[0]
        assert f"{DOC}{stem}>" not in everything
        assert f"{GRAPH}evidence/{stem}>" not in everything


def test_every_document_read_is_stored_whole(among_hostile):
    settings, _ = among_hostile
    store = open_store(settings)
    for name, content in [*READ.items(), (SEED.name, SEED.read_bytes())]:
        iri = NamedNode(f"{DOC}{name.rsplit('.', 1)[0]}")
        texts = [q.object for q in store.quads_for_pattern(iri, NamedNode(MAI + "text"), None)]
        assert texts == [Literal(content.decode("utf-8"))], name


def test_what_the_seed_gives_is_unchanged_by_the_hostile_documents(alone, among_hostile):
    evidence = f"{GRAPH}evidence/{SEED.stem}"
    assert quads(among_hostile[0], evidence) == quads(alone[0], evidence)
    facts = quads(alone[0], f"{GRAPH}facts")
    assert facts and facts <= quads(among_hostile[0], f"{GRAPH}facts")
