"""Reading source documents: offsets into the text as read, front-matter, errors, paragraphs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.documents import METADATA_KEYS, document_paths, looks_like_header, paragraphs, read_document
from kg.errors import InputFileError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "documents" / "000_0f6c74b7f7ad8b14.txt"

# The seed's shape: one paragraph per line, a title running into its body, section headers on
# their own line (the emoji are two code points, and 🌱 is outside the Basic Multilingual Plane).
SEED_SHAPE = [
    ("paragraph", "Oracle — Centre R&D à Casablanca Oracle a ouvert un centre à Casablanca."),
    ("header", "⚠️ Défis identifiés"),
    ("paragraph", "Financement R&D relativement faible Les dépenses restent modestes."),
    ("header", "🌱 Opportunités"),
    ("paragraph", "Le Maroc pourrait devenir un hub régional pour l’IA en Afrique."),
]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def spans(doc) -> list[tuple[str, str]]:
    return [(p.kind, doc.text[p.start : p.end]) for p in paragraphs(doc)]


# --- offsets are code points into the text as read -------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
def test_paragraph_offsets_slice_the_files_own_characters(tmp_path, newline, bom):
    content = bom + newline.join(text for _, text in SEED_SHAPE) + newline
    path = write(tmp_path, "doc.txt", content)
    doc = read_document(path)
    # Nothing is normalised: the BOM and the carriage returns are part of the text.
    assert doc.text == path.read_bytes().decode("utf-8")
    assert spans(doc) == SEED_SHAPE
    last = paragraphs(doc)[-1]
    assert last.start == content.index("Le Maroc pourrait")
    assert last.end == len(content) - len(newline)


def test_offsets_into_a_crlf_file_with_bom_and_front_matter(tmp_path):
    body = ["Le Maroc a lancé une stratégie", "pour l’IA.", "", "Second paragraphe.", ""]
    content = "\r\n".join(["\ufeff---", "title: Étude", "---", *body])
    doc = read_document(write(tmp_path, "etude.md", content))
    assert doc.text == content
    assert doc.body_start == content.index("Le Maroc")
    # A hard-wrapped paragraph keeps its own line break inside the span.
    assert spans(doc) == [
        ("paragraph", "Le Maroc a lancé une stratégie\r\npour l’IA."),
        ("paragraph", "Second paragraphe."),
    ]


def test_a_bom_alone_is_not_part_of_the_body(tmp_path):
    doc = read_document(write(tmp_path, "b.txt", "\ufeffOracle a ouvert un centre.\n"))
    assert doc.body_start == 1
    assert doc.title == "Oracle a ouvert un centre."


# --- front-matter -----------------------------------------------------------------------------

FULL_FRONT_MATTER = """\
---
id: rapport-ia-2025
title: "Rapport : l’IA au Maroc"
source: https://example.org/rapport
publisher: Agence de développement du digital
date: 2025-06-17
language: fr
license: CC-BY-4.0
---
Le Maroc a lancé une stratégie nationale.
"""


def test_front_matter_is_read_and_the_body_starts_after_it(tmp_path):
    doc = read_document(write(tmp_path, "anything.md", FULL_FRONT_MATTER))
    assert doc.metadata == {
        "id": "rapport-ia-2025",
        "title": "Rapport : l’IA au Maroc",
        "source": "https://example.org/rapport",
        "publisher": "Agence de développement du digital",
        "date": "2025-06-17",
        "language": "fr",
        "license": "CC-BY-4.0",
    }
    assert set(doc.metadata) == set(METADATA_KEYS)
    assert doc.text[doc.body_start :] == "Le Maroc a lancé une stratégie nationale.\n"
    assert (doc.id, doc.title, doc.language) == ("rapport-ia-2025", "Rapport : l’IA au Maroc", "fr")
    assert spans(doc) == [("paragraph", "Le Maroc a lancé une stratégie nationale.")]


def test_without_front_matter_title_is_the_first_line_and_language_french(tmp_path):
    doc = read_document(write(tmp_path, "n.txt", "\n\nPremière ligne\nSuite du texte.\n"))
    assert doc.metadata == {}
    assert (doc.title, doc.language) == ("Première ligne", "fr")


# --- errors name the file (and the line) ----------------------------------------------------

ANY_LINE = object()  # the line is not checked (see the report on unknown keys)
ERRORS = {
    "malformed-front-matter": (
        "---\ntitle: ok\nsource: [unclosed\n  x: y\n---\nTexte.\n",
        4,
        "malformed front-matter",
    ),
    "front-matter-not-a-mapping": ("---\n- a\n- b\n---\nTexte.\n", 2, "mapping"),
    "empty": (b"", None, "empty"),
    "whitespace-only": (" \n\t\r\n  \n", None, "empty"),
    "front-matter-without-text": ("---\ntitle: ok\n---\n\n", None, "no text"),
    "nul-bytes": (b"Ligne un\nLigne\x00deux\n", 2, "binary"),
    "control-characters": (b"Texte " + bytes(range(1, 9)) * 2 + b" ici\n", None, "binary"),
    "latin-1": ("Première ligne\nCafé\n".encode("latin-1"), 1, "not UTF-8"),
    "latin-1-second-line": ("Ligne un\nCafé\n".encode("latin-1"), 2, "not UTF-8"),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_bad_documents_raise_an_error_naming_the_file(tmp_path, case):
    content, line, words = ERRORS[case]
    path = write(tmp_path, f"{case}.md", content)
    with pytest.raises(InputFileError) as info:
        read_document(path)
    error = info.value
    assert error.path == str(path)
    assert str(error).startswith(f"{path}:")
    assert words in error.detail
    if line is not ANY_LINE:
        assert error.line == line
        assert str(error).startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_a_file_over_the_size_limit_is_refused_and_one_at_the_limit_is_read(tmp_path):
    at_limit = write(tmp_path, "ok.txt", "a" * 99 + "\n")
    assert read_document(at_limit, max_bytes=100).text == "a" * 99 + "\n"
    over = write(tmp_path, "big.txt", "a" * 100 + "\n")
    with pytest.raises(InputFileError, match=r"big\.txt: 101 bytes .* limit of 100 bytes"):
        read_document(over, max_bytes=100)


# --- paragraphs -----------------------------------------------------------------------------


def test_the_seed_reads_one_paragraph_per_line_with_its_two_section_headers():
    doc = read_document(SEED)
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = spans(doc)
    assert [text for _, text in found] == [line.strip() for line in lines]
    assert [text for kind, text in found if kind == "header"] == [
        "⚠️ Défis identifiés",
        "🌱 Opportunités",
    ]


PROSE = """\
# Le numérique au Maroc

Le Maroc a lancé une stratégie nationale pour
l’intelligence artificielle, avec des centres
dans plusieurs régions du Royaume.

## Partenaires
Plusieurs accords ont été signés en 2024.

- Oracle ouvre un centre à Casablanca ;
- l’OCP finance AI Movement.
1. La CNDP veille aux données personnelles.

Un dernier paragraphe,
écrit sur deux lignes.
"""


def test_prose_paragraphs_headings_and_list_items(tmp_path):
    doc = read_document(write(tmp_path, "prose.md", PROSE))
    assert spans(doc) == [
        ("header", "Le numérique au Maroc"),
        (
            "paragraph",
            "Le Maroc a lancé une stratégie nationale pour\nl’intelligence artificielle, avec des "
            "centres\ndans plusieurs régions du Royaume.",
        ),
        ("header", "Partenaires"),
        ("paragraph", "Plusieurs accords ont été signés en 2024."),
        ("item", "Oracle ouvre un centre à Casablanca ;"),
        ("item", "l’OCP finance AI Movement."),
        ("item", "La CNDP veille aux données personnelles."),
        ("paragraph", "Un dernier paragraphe,\nécrit sur deux lignes."),
    ]


def test_a_short_title_line_is_a_header_before_its_paragraph(tmp_path):
    text = "Calendrier\nLes candidatures sont ouvertes jusqu’en juin.\n\nSuite.\n"
    doc = read_document(write(tmp_path, "t.md", text))
    assert spans(doc)[:2] == [
        ("header", "Calendrier"),
        ("paragraph", "Les candidatures sont ouvertes jusqu’en juin."),
    ]


def test_a_short_list_item_is_an_item(tmp_path):
    text = "Partenaires :\n\n- Oracle à Casablanca\n- OCP\n"
    doc = read_document(write(tmp_path, "l.md", text))
    assert spans(doc)[1:] == [("item", "Oracle à Casablanca"), ("item", "OCP")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("⚠️ Défis identifiés", True),
        ("## Une section au titre long de plus de six mots ici", True),
        ("Calendrier", True),
        ("Le Maroc a signé.", False),
        ("Collaboration internationale :", False),
        ("Un réseau de centres d’excellence régionaux pour rapprocher l’IA", False),
        ("", False),
    ],
)
def test_looks_like_header(line, expected):
    assert looks_like_header(line) is expected


# --- document ids, checksums and the documents folder -----------------------------------------


def test_the_id_is_the_file_stem_whatever_the_content(tmp_path):
    path = write(tmp_path, "000_0f6c74b7f7ad8b14.txt", "Première version.\n")
    first = read_document(path)
    write(tmp_path, "000_0f6c74b7f7ad8b14.txt", "Seconde version, modifiée.\n")
    second = read_document(path)
    assert first.id == second.id == "000_0f6c74b7f7ad8b14"
    assert first.sha256 != second.sha256
    assert second.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_seed_keeps_its_file_name_as_id():
    assert read_document(SEED).id == SEED.stem


@pytest.mark.parametrize(
    ("name", "front", "expected"),
    [
        ("Étude IA 2024.txt", "", "etude-ia-2024"),
        ("x.md", "---\nid: Mon Rapport\n---\n", "mon-rapport"),
        ("x.md", "---\nid: rapport_2025.v2\n---\n", "rapport_2025.v2"),
        ("x.md", "---\nid: 2025\n---\n", "2025"),
    ],
)
def test_ids_from_odd_names_and_front_matter_are_usable_in_iris(tmp_path, name, front, expected):
    doc = read_document(write(tmp_path, name, front + "Texte.\n"))
    assert doc.id == expected


def test_document_paths_lists_text_and_markdown_recursively_in_a_stable_order(tmp_path):
    for name in ("b.md", "a.txt", "sub/c.TXT", "notes.yaml", "scan.pdf", "sub/d.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    expected = [tmp_path / n for n in ("a.txt", "b.md", "sub/c.TXT", "sub/d.md")]
    assert document_paths(tmp_path) == expected
    assert document_paths(tmp_path / "missing") == []


def test_an_unknown_front_matter_key_is_ignored_with_a_warning_naming_its_line(tmp_path):
    doc = read_document(write(tmp_path, "k.md", "---\ntitle: ok\nauthor: moi\n---\nTexte.\n"))
    assert doc.metadata == {"title": "ok"}
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith(f"{tmp_path / 'k.md'}:3: front-matter key 'author' ignored")
