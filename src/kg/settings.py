"""One settings object, filled from defaults, ``KG_*`` environment variables and CLI options.

Nothing is read at import time: call :func:`load_settings`.

>>> s = load_settings(environ={"KG_PORT": "8080"}, store_dir="/srv/kg")
>>> (s.port, str(s.store_dir))
(8080, '/srv/kg')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import KGError


@dataclass(frozen=True)
class Settings:
    """Every setting of the project; ``help`` metadata documents each one."""

    documents_dir: Path = field(
        default=Path("data/documents"), metadata={"help": "Folder of source documents."}
    )
    entities_dir: Path = field(
        default=Path("data/entities"), metadata={"help": "Folder of the entity catalogue (YAML)."}
    )
    rdf_dir: Path = field(
        default=Path("data/rdf"), metadata={"help": "Folder of extra RDF files loaded as they are."}
    )
    ontology_dir: Path = field(
        default=Path("ontology"), metadata={"help": "Folder of the ontology and SHACL shapes."}
    )
    queries_dir: Path = field(
        default=Path("queries"), metadata={"help": "Folder of canned report queries (.rq)."}
    )
    store_dir: Path = field(
        default=Path("var/store"),
        metadata={"help": "Folder holding the Oxigraph store builds and the 'current' pointer."},
    )
    dumps_dir: Path = field(
        default=Path("dumps"),
        metadata={"help": "Folder of the dataset releases written by `kg export` and served."},
    )
    max_document_bytes: int = field(
        default=2_000_000,
        metadata={"help": "Larger source documents are skipped with a warning, in bytes."},
    )
    keep_builds: int = field(
        default=3, metadata={"help": "How many store builds to keep on disk (current included)."}
    )
    host: str = field(default="127.0.0.1", metadata={"help": "Address the server binds to."})
    port: int = field(default=5000, metadata={"help": "Port the server listens on."})
    workers: int = field(default=2, metadata={"help": "Number of gunicorn worker processes."})
    query_timeout: float = field(
        default=30.0, metadata={"help": "Deadline of one SPARQL query, in seconds."}
    )
    max_rows: int = field(
        default=10000, metadata={"help": "Row cap of interactive SPARQL SELECT responses."}
    )
    max_request_bytes: int = field(
        default=1_000_000, metadata={"help": "Largest request body accepted, in bytes."}
    )
    threads: int = field(
        default=8, metadata={"help": "Threads per gunicorn worker process (gthread workers)."}
    )
    keepalive: int = field(
        default=5, metadata={"help": "Seconds an idle HTTP connection is kept open."}
    )
    max_client_queries: int = field(
        default=4,
        metadata={
            "help": "SPARQL queries one client address may run at once in each worker process "
            "(429 beyond; 0: no cap)."
        },
    )
    result_cache_bytes: int = field(
        default=32_000_000,
        metadata={"help": "Per-process cache of SPARQL answers, in bytes (0: no cache)."},
    )
    update_enabled: bool = field(
        default=False, metadata={"help": "Accept SPARQL updates at /update (with the token)."}
    )
    update_token: str = field(
        default="", metadata={"help": "Bearer token required by /update (empty: refused)."}
    )

    def help_table(self) -> list[tuple[str, str, str]]:
        """(environment variable, default, help) for every setting, for the docs and CLI."""
        return [
            (env_name(f.name), str(f.default), f.metadata.get("help", "")) for f in fields(self)
        ]


def env_name(name: str) -> str:
    """Environment variable of a setting.

    >>> env_name("store_dir")
    'KG_STORE_DIR'
    """
    return "KG_" + name.upper()


_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True}
_BOOLEANS |= {"0": False, "false": False, "no": False, "off": False, "": False}


def _coerce(name: str, kind: type, raw: object) -> object:
    if isinstance(raw, kind) and (kind is bool or not isinstance(raw, bool)):
        return raw
    if kind is bool and str(raw).strip().lower() in _BOOLEANS:
        return _BOOLEANS[str(raw).strip().lower()]
    if kind is bool:
        raise KGError(f"setting {name} ({env_name(name)}): {raw!r} is not true or false", 400)
    try:
        return kind(raw)
    except (TypeError, ValueError):
        message = f"setting {name} ({env_name(name)}): {raw!r} is not a {kind.__name__}"
        raise KGError(message, 400) from None


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Build the settings: defaults, then ``KG_*`` variables, then non-``None`` *overrides*.

    Raises :class:`~kg.errors.KGError` (400) for a value of the wrong type or an unknown name.
    """
    environ = os.environ if environ is None else environ
    kinds = {f.name: type(f.default) for f in fields(Settings)}
    values: dict[str, object] = {}
    for name, kind in kinds.items():
        if env_name(name) in environ:
            values[name] = _coerce(name, kind, environ[env_name(name)])
    for name, raw in overrides.items():
        if name not in kinds:
            raise KGError(f"unknown setting {name!r}", 400)
        if raw is not None:
            values[name] = _coerce(name, kinds[name], raw)
    return replace(Settings(), **values)
