"""Bulk loading of N-Quads into a new embedded store, with progress, in bounded memory.

pyoxigraph's ``Store.bulk_load`` takes no progress callback, so the input is read in chunks
of :data:`CHUNK_BYTES` cut at line ends (an N-Quads statement is one line) and each chunk is
bulk-loaded in turn; progress is reported after each one. Measured on a million generated
quads (``benchmarks/load.py``): 64 MiB chunks load faster than one ``bulk_load`` of the whole
file (in memory, pyoxigraph parses on both cores; from a file, on one), and the store is as
small; smaller chunks leave more duplicate dictionary entries in the store and load slower,
larger ones only cost memory. Memory is about six times the chunk, whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pyoxigraph import RdfFormat, Store

CHUNK_BYTES = 64 << 20


def load_nquads(
    target: Path, source: Path | bytes, progress: Callable[[int, int], None] | None = None
) -> int:
    """Bulk-load N-Quads into a new Oxigraph store at *target* (created), flushed; calls
    progress(bytes_read, bytes_total) as it goes; returns the number of quads loaded.
    Raises SyntaxError (with the line) for invalid N-Quads and OSError for I/O errors.

    The line is the line of the whole input (``SyntaxError.lineno``, and in the message), and
    ``SyntaxError.filename`` names *source* when it is a file. *target* may exist if it is an
    empty directory; a store already there is refused (:class:`FileExistsError`).

    >>> import tempfile
    >>> quad = b'<http://e/s> <http://e/p> "o" <http://e/g> .\\n'
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     load_nquads(Path(folder) / "store", quad * 2)
    1
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     try:
    ...         load_nquads(Path(folder) / "store", quad + b"<http://e/s> .\\n")
    ...     except SyntaxError as error:
    ...         print(error.lineno, error)
    2 The predicate of a triple must be an IRI at column 14 (line 2)
    """
    target = Path(target)
    if target.is_dir() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty: bulk loading makes a new store")
    store = Store(str(target))
    total = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    if progress is not None:
        progress(0, total)
    done = lines = 0
    for chunk in _chunks(source):
        try:
            store.bulk_load(input=chunk, format=RdfFormat.N_QUADS)
        except SyntaxError as error:
            raise _in_input(error, lines, source) from None
        done += len(chunk)
        lines += chunk.count(b"\n")
        if progress is not None:
            progress(done, total)
    store.flush()
    return len(store)


def _chunks(source: Path | bytes, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """*source* in pieces of about *size* bytes, each ending at the end of a line."""
    if isinstance(source, bytes):
        start = 0
        while start < len(source):
            end = source.find(b"\n", start + size)
            end = len(source) if end < 0 else end + 1
            yield source[start:end]
            start = end
        return
    with Path(source).open("rb") as stream:
        while chunk := stream.read(size):
            yield chunk + stream.readline()


def _in_input(error: SyntaxError, lines_before: int, source: Path | bytes) -> SyntaxError:
    """*error*, raised on a chunk, restated with the line of the whole input.

    >>> error = SyntaxError("Parser error at line 2 between columns 5 and 9: Unexpected end")
    >>> error.lineno, error.offset = 2, 5
    >>> str(_in_input(error, 10, Path("data.nq")))
    'Unexpected end at column 5 (data.nq, line 12)'
    """
    message = str(error.msg or error)
    # pyoxigraph's message starts with the position in the chunk, which would mislead.
    if message.startswith("Parser error") and ": " in message:
        message = message.split(": ", 1)[1]
    line = (error.lineno or 1) + lines_before
    filename = str(source) if isinstance(source, Path) else None
    return SyntaxError(f"{message} at column {error.offset}", (filename, line, error.offset, None))
