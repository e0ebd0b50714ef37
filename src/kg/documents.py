"""Read source documents: text as read, a stable id, a checksum, front-matter and paragraphs.

Offsets everywhere are Unicode code points into :attr:`Document.text`, the whole file decoded
from UTF-8 with nothing normalised (front-matter and line endings included), end exclusive.

Two shapes are understood: one paragraph per line (titles run into their bodies, section headers
on their own line) and ordinary prose, where blank lines separate paragraphs and single line
breaks only wrap them.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputFileError
from .namespaces import is_slug, slugify

SUFFIXES = (".txt", ".md")
# The French model reads a paragraph at once, in time and memory that grow faster than its
# length (100 000 characters: a minute and 600 MB; past a million it refuses).
MAX_PARAGRAPH = 20_000
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
METADATA_KEYS = ("id", "title", "source", "publisher", "date", "language", "license")
_FRONT = re.compile(r"\A(\ufeff?)---[ \t]*\r?\n(.*?)^---[ \t]*(\r?\n|\Z)", re.S | re.M)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s+")
_MD_HEADER = re.compile(r"^\s*#{1,6}\s+")
# An interview's turns: "Q : …", "R : …", "Question : …" (the marker is not text).
_SPEAKER = re.compile(r"^\s*(?:Q|R|Question|Réponse)\s*[:–—]\s+")
_ISO_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
_FINAL = re.compile(r"[.!?…:;»\")]\s*$")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph, a header or a list item: its span (markup excluded) and its kind."""

    start: int
    end: int
    kind: str  # "paragraph" | "header" | "item"


@dataclass(frozen=True)
class Document:
    """A source document as read from disk."""

    id: str
    path: Path
    text: str
    sha256: str
    metadata: dict = field(default_factory=dict)
    body_start: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The front-matter title, else the first line of the body."""
        if self.metadata.get("title"):
            return str(self.metadata["title"])
        first = self.text[self.body_start :].strip().splitlines()
        return first[0][:120] if first else self.id

    @property
    def language(self) -> str:
        """The front-matter language, French by default."""
        return str(self.metadata.get("language") or "fr")


def document_paths(folder: Path) -> list[Path]:
    """The ``.txt`` and ``.md`` files of *folder* (recursively), in a stable order."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())


def read_document(path: Path, max_bytes: int = 2_000_000) -> Document:
    """Read and check one document.

    Raises :class:`InputFileError` naming the file (and the line where there is one) when the
    file is empty, larger than *max_bytes*, binary, not UTF-8, has malformed front-matter or a
    paragraph longer than :data:`MAX_PARAGRAPH` characters.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputFileError(
            path, None, f"{size} bytes is more than the limit of {max_bytes} bytes"
        )
    data = path.read_bytes()
    text = _decode(path, data)
    if not text.strip():
        raise InputFileError(path, None, "the document is empty")
    metadata, body_start, warnings = _front_matter(path, text)
    if not text[body_start:].strip():
        raise InputFileError(path, None, "the document has front-matter but no text")
    doc_id = _document_id(path, metadata)
    document = Document(
        id=doc_id,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        metadata=metadata,
        body_start=body_start,
        warnings=warnings,
    )
    _check_paragraphs(document)
    return document


def _check_paragraphs(document: Document) -> None:
    """Raises :class:`InputFileError` at a paragraph longer than :data:`MAX_PARAGRAPH`."""
    for para in paragraphs(document):
        if para.end - para.start > MAX_PARAGRAPH:
            raise InputFileError(
                document.path,
                document.text.count("\n", 0, para.start) + 1,
                f"a paragraph of {para.end - para.start} characters is longer than the limit of "
                f"{MAX_PARAGRAPH}: break the text into paragraphs (a blank line between them)",
            )


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(_WIDE_BOMS):
        raise InputFileError(
            path, 1, "UTF-16 or UTF-32 text (it starts with a byte order mark): save it as UTF-8"
        )
    if b"\x00" in data:
        raise InputFileError(path, _line_of(data, data.index(b"\x00")), "binary file (NUL byte)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            path, _line_of(data, exc.start), f"not UTF-8 (byte 0x{data[exc.start]:02x})"
        ) from None
    controls = [c for c in text if ord(c) < 32 and c not in "\t\n\r\f"]
    if len(controls) > max(8, len(text) // 100):
        raise InputFileError(path, None, "binary or corrupted file (control characters)")
    return text


def _line_of(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def _front_matter(path: Path, text: str) -> tuple[dict, int, tuple[str, ...]]:
    """The metadata, where the body starts, and warnings for keys that are not read.

    Raises :class:`InputFileError` with the line for malformed or unclosed front-matter.
    """
    match = _FRONT.match(text)
    if not match:
        if re.match(r"\ufeff?---[ \t]*\r?\n", text):
            raise InputFileError(path, 1, "front-matter opened with --- is never closed by ---")
        return {}, 1 if text.startswith("\ufeff") else 0, ()
    block = match.group(2)
    try:
        # BaseLoader keeps every value a string: "language: no" stays "no".
        loaded = yaml.load(block, Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise InputFileError(path, line, f"malformed front-matter: {exc}") from None
    except RecursionError:  # PyYAML composes nested values recursively
        raise InputFileError(path, 2, "malformed front-matter: values nested too deep") from None
    if not isinstance(loaded, dict):
        raise InputFileError(path, 2, "front-matter must be a mapping of 'key: value' lines")
    metadata, warnings = {}, []
    for key, value in loaded.items():
        line = _key_line(block, key)
        if key not in METADATA_KEYS:
            known = ", ".join(METADATA_KEYS)
            warnings.append(f"{path}:{line}: front-matter key {key!r} ignored (known: {known})")
            continue
        if not isinstance(value, str):
            raise InputFileError(path, line, f"front-matter {key!r} must be a single value")
        if key == "date" and not _ISO_DATE.fullmatch(value):
            raise InputFileError(path, line, f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        metadata[key] = value
    return metadata, match.end(), tuple(warnings)


def _key_line(block: str, key: str) -> int:
    """1-based line in the file of *key* in the front-matter block (the file's line 1 is ---)."""
    for number, line in enumerate(block.splitlines(), 2):
        if line.split(":", 1)[0].strip().strip("\"'") == key:
            return number
    return 2


def _document_id(path: Path, metadata: dict) -> str:
    """The front-matter id, else the file name without suffix (kept when already a valid id)."""
    candidate = metadata.get("id") or path.stem
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", candidate):
        return candidate
    slug = slugify(candidate)
    if not is_slug(slug):
        raise InputFileError(path, None, f"cannot make a document id from {candidate!r}")
    return slug


def paragraphs(doc: Document) -> list[Paragraph]:
    """Split the body into paragraphs, headers and list items (spans exclude markup)."""
    lines = list(_lines(doc.text, doc.body_start))
    one_per_line = not any(not text.strip() for _, text in lines)
    width = _wrap_width(lines)
    result: list[Paragraph] = []
    current: list[tuple[int, str]] = []
    for start, text in lines:
        if not text.strip():
            _flush(current, result)
            current = []
            continue
        if (
            one_per_line
            or _starts_block(text)
            or _is_header_line(current, text)
            or _ends_unwrapped_line(current, text, width)
        ):
            _flush(current, result)
            current = []
        current.append((start, text))
    _flush(current, result)
    return result


def _wrap_width(lines: list[tuple[int, str]]) -> int:
    """The width prose is hard-wrapped at (the longest line), 0 when lines are not wrapped."""
    lengths = sorted(len(text.rstrip()) for _, text in lines if text.strip())
    if not lengths or lengths[-1] > 120:
        return 0
    return lengths[-1]


def _ends_unwrapped_line(current: list[tuple[int, str]], text: str, width: int) -> bool:
    """A line that ends a sentence and is not a wrapped line of prose ends its paragraph.

    Lines of one paragraph each (long, or much shorter than the wrapping width) break; a
    sentence that happens to end at the wrapping width does not.
    """
    if not current or not text.strip()[:1].isupper():
        return False
    previous = current[-1][1].rstrip()
    if not re.search(r"[.!?…»\")]$", previous):
        return False
    return width == 0 or len(previous) < 0.7 * width


def _lines(text: str, offset: int) -> Iterator[tuple[int, str]]:
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text[offset:]):
        raw = match.group(0)
        if not raw:
            break
        yield offset + match.start(), raw.rstrip("\r\n")


def _starts_block(text: str) -> bool:
    return bool(_LIST_ITEM.match(text) or _MD_HEADER.match(text))


def _is_header_line(current: list[tuple[int, str]], text: str) -> bool:
    """A line after a line that looked like a header (short, no final punctuation)."""
    starts_upper = not text.strip()[:1].islower()
    return len(current) == 1 and starts_upper and looks_like_header(current[0][1])


def looks_like_header(text: str) -> bool:
    """A short line without final punctuation, or a Markdown heading.

    >>> looks_like_header("⚠️ Défis identifiés"), looks_like_header("Le Maroc a signé.")
    (True, False)
    """
    stripped = text.strip()
    if _MD_HEADER.match(stripped):
        return True
    words = stripped.split()
    return 0 < len(words) <= 6 and not _FINAL.search(stripped)


def _flush(block: list[tuple[int, str]], result: list[Paragraph]) -> None:
    if not block:
        return
    first_start, first_text = block[0]
    last_start, last_text = block[-1]
    markup = (
        _MD_HEADER.match(first_text) or _LIST_ITEM.match(first_text) or _SPEAKER.match(first_text)
    )
    lead = len(first_text) - len(first_text.lstrip())
    start = first_start + (markup.end() if markup else lead)
    end = last_start + len(last_text.rstrip())
    if end <= start:
        return
    kind = "item" if _LIST_ITEM.match(first_text) else "paragraph"
    # A bulleted line is an item however short; a numbered one may be a section title.
    bulleted = kind == "item" and not re.match(r"\s*\d", first_text)
    if len(block) == 1 and looks_like_header(first_text) and not bulleted:
        kind = "header"
    result.append(Paragraph(start, end, kind))
