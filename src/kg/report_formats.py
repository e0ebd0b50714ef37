"""A report's answer as JSON, CSV, TSV, Turtle or a plain-text table.

JSON is for people and scripts that do not speak RDF: a row is an object of plain values (IRIs
as strings, numbers as numbers). CSV follows SPARQL 1.1 CSV results (IRIs and literal values as
text); TSV follows SPARQL 1.1 TSV results (terms in N-Triples syntax, so datatypes and languages
survive). CSV and TSV are written row by row, so a download of any size streams.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from .errors import NotAcceptable
from .namespaces import PREFIXES
from .report_params import compact

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + name for name in ("integer", "int", "long", "short", "nonNegativeInteger")}
_NUMBERS = {XSD + name for name in ("decimal", "double", "float")}

MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
}


def json_value(term: object) -> object:
    """A term as a plain JSON value: IRIs and strings as text, numbers and booleans as such.

    >>> [json_value(t) for t in (NamedNode("http://x/a"), Literal(12), Literal("500", datatype=
    ...     NamedNode(XSD + "decimal")), Literal(True), Literal("oui", language="fr"), None)]
    ['http://x/a', 12, 500, True, 'oui', None]
    """
    if term is None:
        return None
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, Literal):
        return term.value
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype in _NUMBERS:
            number = Decimal(term.value)
            return int(number) if number == number.to_integral_value() else float(number)
    except (ValueError, ArithmeticError):
        return term.value
    if datatype == XSD + "boolean":
        return term.value in ("true", "1")
    return term.value


def json_rows(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> list[dict]:
    """Rows as JSON objects keyed by column."""
    return [
        {name: json_value(term) for name, term in zip(columns, row, strict=True)} for row in rows
    ]


def _csv_cell(term: object) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


def _tsv_cell(term: object) -> str:
    return "" if term is None else str(term)


def csv_chunks(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """CSV text of the rows, one chunk per row after the header line.

    >>> "".join(csv_chunks(["a", "b"], [(Literal("x, y"), None)]))
    'a,b\\r\\n"x, y",\\r\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(term) for term in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def tsv_chunks(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """SPARQL TSV text of the rows: a header of ``?variables``, then terms, one row per line.

    >>> "".join(tsv_chunks(["a"], [(Literal("x\\ty", language="fr"),)]))
    '?a\\n"x\\\\ty"@fr\\n'
    """
    yield "\t".join(f"?{name}" for name in columns) + "\n"
    for row in rows:
        yield "\t".join(_tsv_cell(term) for term in row) + "\n"


def turtle(rows: Iterable[Sequence[object]]) -> bytes:
    """Turtle of (subject, predicate, object) rows, with the project's prefixes."""
    triples = [Triple(*row) for row in rows]
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=prefixes)


def text_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table for a terminal, IRIs shortened with the project's prefixes.

    >>> ocp = NamedNode("https://w3id.org/ma-ai/id/ocp")
    >>> print(text_table(["actor", "n"], [(ocp, Literal(2))]))
    actor   n
    ------  -
    id:ocp  2
    (1 row)
    """
    cells = [[_text_cell(term) for term in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]
    lines = ["  ".join(name.ljust(w) for name, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines)


def _text_cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact(term.value)
    return " ".join(_csv_cell(term).split())


def answer_document(
    result, title: str, parameters: dict[str, list[str]], version: str, rows=None
) -> dict:
    """The JSON document of a report answer (*rows*: a page of it; default all of it)."""
    rows = result.rows if rows is None else rows
    return {
        "report": result.name,
        "title": title,
        "dataset_version": version,
        "generated_at": result.generated_at,
        "parameters": parameters,
        "columns": list(result.columns),
        "rows": json_rows(result.columns, rows),
    }


def format_answer(
    result, title: str, parameters: dict[str, list[str]], version: str, fmt: str
) -> str:
    """The whole answer as text in *fmt*: ``table``, ``csv``, ``tsv``, ``json`` or ``ttl``.

    Raises :class:`~kg.errors.NotAcceptable` for Turtle of a SELECT report or another format.
    """
    if fmt == "table":
        return text_table(result.columns, result.rows)
    if fmt == "csv":
        return "".join(csv_chunks(result.columns, result.rows))
    if fmt == "tsv":
        return "".join(tsv_chunks(result.columns, result.rows))
    if fmt == "json":
        document = answer_document(result, title, parameters, version)
        return json.dumps(document, ensure_ascii=False, indent=1)
    if fmt == "ttl" and result.kind == "construct":
        return turtle(result.rows).decode("utf-8")
    raise NotAcceptable(f"report {result.name} is not available as {fmt}")
