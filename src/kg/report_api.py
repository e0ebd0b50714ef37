"""The OpenAPI 3 description of the report API, generated from the report files.

Each report gets one path per format (``/queries/<name>.json``, ``.csv``, ``.tsv``, and
``.ttl`` for CONSTRUCT reports), its parameters typed as in its front-matter, plus the paging
parameters. The docs page (``/openapi``) is rendered from this same document.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import __version__
from .report_params import LANGUAGES, Parameter
from .reports import CannedQuery

PAGE_PARAMETERS = [
    {
        "name": "_page",
        "in": "query",
        "description": "Page number, from 1 (JSON: always paged; CSV and TSV: paged only when "
        "_page or _size is given, else the whole answer is streamed).",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    {
        "name": "_size",
        "in": "query",
        "description": "Rows per page (the report's page size by default).",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
    },
]
MAX_PAGE_SIZE = 1000
_MEDIA = {
    "json": "application/json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
}


def formats_of(query: CannedQuery) -> tuple[str, ...]:
    """The data formats a report is served in.

    >>> formats_of(CannedQuery("n", "t", "d", "CONSTRUCT {} WHERE {}", kind="construct"))
    ('json', 'csv', 'tsv', 'ttl')
    """
    return ("json", "csv", "tsv", "ttl") if query.kind == "construct" else ("json", "csv", "tsv")


def parameter_schema(param: Parameter) -> dict:
    """The JSON schema of one parameter's values (an array when it takes several).

    An empty value of a parameter that is not required counts as none (HTML forms send empty
    fields), so its schema admits ``""``.

    >>> parameter_schema(Parameter("year", "year"))
    {'type': 'integer', 'minimum': 1000, 'maximum': 9999}
    >>> parameter_schema(Parameter("year", "year", optional=True))["anyOf"][1]
    {'const': ''}
    >>> parameter_schema(Parameter("s", "enum", choices=("a", "b"), multiple=2))["maxItems"]
    2
    """
    schema: dict = {
        "iri": {"type": "string", "minLength": 1},
        "string": {"type": "string", "minLength": 1, "maxLength": 200},
        "integer": {"type": "integer"},
        "year": {"type": "integer", "minimum": 1000, "maximum": 9999},
        "date": {"type": "string", "format": "date"},
        "lang": {"type": "string", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"},
        "enum": {"type": "string", "enum": list(param.choices or ())},
    }[param.type]
    if param.type == "integer":
        schema.update(
            {
                k: v
                for k, v in (("minimum", param.minimum), ("maximum", param.maximum))
                if v is not None
            }
        )
    if param.type == "lang":
        schema["examples"] = list(LANGUAGES)
    if not param.required:
        schema = {"anyOf": [schema, {"const": ""}]}
    if param.multiple > 1:
        schema = {"type": "array", "items": schema, "maxItems": param.multiple}
    if param.default:
        schema["default"] = list(param.default) if param.multiple > 1 else param.default[0]
    return schema


def _parameter(param: Parameter) -> dict:
    description = f"{param.description or param.name} Accepts {param.accepts()}."
    if param.multiple > 1:
        description += f" Up to {param.multiple} distinct values; a repeated one counts once."
    if not param.required:
        description += " An empty value counts as none" + (
            f" (the default, {', '.join(param.default)}, applies)." if param.default else "."
        )
    return {
        "name": param.name,
        "in": "query",
        "required": param.required,
        "description": description,
        "schema": parameter_schema(param),
        **({"style": "form", "explode": True} if param.multiple > 1 else {}),
    }


def _operation(query: CannedQuery, fmt: str) -> dict:
    return {
        "get": {
            "operationId": f"{query.name.replace('-', '_')}_{fmt}",
            "summary": query.title,
            "description": query.description,
            "tags": [query.name],
            "parameters": [_parameter(p) for p in query.params] + PAGE_PARAMETERS,
            "responses": {
                "200": {
                    "description": f"The answer as {fmt.upper()}.",
                    "content": {_MEDIA[fmt]: {"schema": _body_schema(fmt)}},
                    "headers": {
                        "ETag": {"schema": {"type": "string"}},
                        "Link": {
                            "description": "first, prev, next, last pages (RFC 8288)",
                            "schema": {"type": "string"},
                        },
                    },
                },
                "304": {"description": "Not modified since the ETag sent in If-None-Match."},
                "400": {"$ref": "#/components/responses/Error"},
                "503": {"$ref": "#/components/responses/Error"},
            },
        }
    }


def _body_schema(fmt: str) -> dict:
    return {"$ref": "#/components/schemas/ReportPage"} if fmt == "json" else {"type": "string"}


def openapi(queries: Mapping[str, CannedQuery], dataset_version: str = "") -> dict:
    """The OpenAPI 3.1 document of every report of *queries*."""
    paths = {
        f"/queries/{query.name}.{fmt}": _operation(query, fmt)
        for query in queries.values()
        for fmt in formats_of(query)
    }
    paths["/queries.json"] = {
        "get": {
            "operationId": "list_reports",
            "summary": "Every report, its question and its parameters",
            "responses": {
                "200": {
                    "description": "The reports.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Morocco AI knowledge graph: reports",
            "version": __version__,
            "description": "Canned reports over the knowledge graph of Morocco's AI ecosystem. "
            "Parameters are typed and bound as RDF terms; answers are cached per dataset "
            f"version{f' (now {dataset_version})' if dataset_version else ''}.",
            "license": {"name": "CC-BY-4.0 (data)", "identifier": "CC-BY-4.0"},
        },
        "paths": paths,
        "components": _COMPONENTS,
    }


_COMPONENTS = {
    "schemas": {
        "ReportPage": {
            "type": "object",
            "required": ["report", "dataset_version", "generated_at", "columns", "rows"],
            "properties": {
                "report": {"type": "string"},
                "title": {"type": "string"},
                "dataset_version": {"type": "string"},
                "generated_at": {"type": "string", "format": "date-time"},
                "parameters": {"type": "object"},
                "columns": {"type": "array", "items": {"type": "string"}},
                "rows": {"type": "array", "items": {"type": "object"}},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "total": {"type": "integer"},
                "links": {"type": "object"},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error", "status"],
            "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
        },
    },
    "responses": {
        "Error": {
            "description": "The error, with the parameter at fault and what it accepts.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    },
}
