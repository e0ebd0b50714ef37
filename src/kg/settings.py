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
    store_url: str = field(
        default="",
        metadata={
            "help": "Query endpoint of a remote SPARQL 1.1 store, sparql+http://host:port/path "
            "(also accepted as KG_STORE_DIR or --store); empty: the embedded store."
        },
    )
    store_update_url: str = field(
        default="",
        metadata={"help": "Update endpoint of the remote store (empty: .../query -> .../update)."},
    )
    store_graph_store_url: str = field(
        default="",
        metadata={
            "help": "Graph Store endpoint of the remote store, where builds are loaded "
            "(empty: .../query -> .../store)."
        },
    )
    store_token: str = field(
        default="", metadata={"help": "Bearer token sent to the remote store (empty: none)."}
    )
    store_timeout: float = field(
        default=60.0, metadata={"help": "Timeout of each call to the remote store, in seconds."}
    )
    store_write_timeout: float = field(
        default=3600.0,
        metadata={"help": "Timeout of the remote store's loads and updates, in seconds."},
    )
    store_version_ttl: float = field(
        default=5.0,
        metadata={"help": "Seconds a remote store's dataset version is reused before re-reading."},
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
    extract_jobs: int = field(
        default=0,
        metadata={
            "help": "Processes extracting documents during a build (0: one per usable CPU; "
            "1: in the build's own process)."
        },
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
    for name in kinds:
        if env_name(name) in environ:
            _put(values, kinds, name, environ[env_name(name)])
    for name, raw in overrides.items():
        if name not in kinds:
            raise KGError(f"unknown setting {name!r}", 400)
        if raw is not None:
            _put(values, kinds, name, raw)
    return replace(Settings(), **values)


def _put(values: dict[str, object], kinds: dict[str, type], name: str, raw: object) -> None:
    """Set one value; a store folder given as a ``sparql+http(s)://`` URL names a remote store."""
    if name == "store_dir":
        values.pop("store_url", None)  # the last store named wins, folder or server
        if is_store_url(raw):
            name = "store_url"
    values[name] = _coerce(name, kinds[name], raw)


def is_store_url(value: object) -> bool:
    """True when *value* names a remote SPARQL store rather than a folder.

    Checked on the text: a :class:`~pathlib.Path` would have collapsed the ``//``.

    >>> is_store_url("sparql+http://127.0.0.1:7878/query"), is_store_url("var/store")
    (True, False)
    """
    return isinstance(value, str) and value.startswith(("sparql+http://", "sparql+https://"))
