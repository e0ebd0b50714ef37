"""The ``kg`` command line: build, validate, query and serve the knowledge graph.

Commands are thin: they fill the settings from their options, call one core function and
print its result. A :class:`~kg.errors.KGError` becomes a message on stderr (no traceback)
and the exit code of the error.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import click
from gunicorn.app.base import BaseApplication

from . import __version__, sparql
from .errors import KGError
from .settings import Settings, load_settings
from .store import open_store, require_current
from .web import create_app


class Failure(click.ClickException):
    """A user-facing failure: ``Error: <message>`` on stderr and a chosen exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KGError as error:
            raise Failure(error.message, error.exit_code) from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def kg() -> None:
    """Knowledge graph of Morocco's AI ecosystem: build it, query it, serve it.

    Every option also has a KG_* environment variable; `kg settings` lists them.
    """


def main() -> None:
    """Entry point of the ``kg`` script."""
    kg(prog_name="kg")


_store_option = click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the store builds (default: KG_STORE_DIR, else var/store).",
)
_documents_option = click.option(
    "--documents",
    "documents_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of source documents (default: KG_DOCUMENTS_DIR, else data/documents).",
)
_rdf_option = click.option(
    "--rdf",
    "rdf_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra RDF file added to the dataset as it is (repeatable).",
)


@kg.command()
@_documents_option
@_store_option
@_rdf_option
def build(documents_dir: Path | None, store_dir: Path | None, rdf_files: tuple[Path, ...]) -> None:
    """Build the dataset from the documents, validate it, and make it the current store.

    The store is replaced only when the dataset conforms to the shapes; otherwise the
    validation report is printed and the exit code is 1.
    """
    settings = load_settings(documents_dir=documents_dir, store_dir=store_dir)
    summary = _pipeline().run_build(settings, extra_rdf=list(rdf_files), progress=_progress)
    click.echo(summary.format())


@kg.command()
@_documents_option
@_rdf_option
def validate(documents_dir: Path | None, rdf_files: tuple[Path, ...]) -> None:
    """Build the dataset in memory and check it against the shapes, without storing it.

    Exit code 0 when it conforms, 1 when it does not, 2 when the check could not run.
    """
    try:
        settings = load_settings(documents_dir=documents_dir)
        report = _pipeline().check(settings, extra_rdf=list(rdf_files), progress=_progress)
    except KGError as error:
        raise Failure(error.message, 2) from error
    click.echo(report.text)
    if not report.conforms:
        raise click.exceptions.Exit(1)


@kg.command()
@click.option(
    "--gold",
    "gold_files",
    required=True,
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gold annotation in the format of seed.gold.yaml (repeatable).",
)
@click.option(
    "--documents",
    "documents_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder holding the gold's documents (default: the gold file's folder if the document "
    "is there, else KG_DOCUMENTS_DIR, else data/documents).",
)
@click.option("--details", is_flag=True, help="List every missed and extra fact.")
def evaluate(gold_files: tuple[Path, ...], documents_dir: Path | None, details: bool) -> None:
    """Score the extraction against gold annotations: precision, recall, F1, evidence overlap."""
    from .evaluate import evaluate_files

    settings = load_settings(documents_dir=documents_dir)
    click.echo(evaluate_files(settings, list(gold_files), documents_dir, details))


@kg.command()
@click.argument("query")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", *sparql.FORMAT_NAMES]),
    help="Output format (default: table for SELECT and ASK on a terminal, else json; "
    "ttl for CONSTRUCT and DESCRIBE).",
)
@_store_option
def query(query: str, format_name: str | None, store_dir: Path | None) -> None:
    """Run the SPARQL QUERY (its text, or @file.rq) on the current store.

    The default graph is the union of all graphs. Updates and SERVICE are refused.
    """
    settings = load_settings(store_dir=store_dir)
    result = sparql.run_query(open_store(settings), _query_text(query))
    if format_name is None and result.kind != "graph" and _stdout_is_terminal():
        format_name = "table"
    if format_name == "table":
        click.echo(result.to_table())
        return
    body = result.serialize(sparql.find_format(result.kind, format_name))
    click.echo(body, nl=not body.endswith(b"\n"))


@kg.command()
@_store_option
@click.option("--host", help="Address to bind (default: KG_HOST, else 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default: KG_PORT, else 5000).")
@click.option("--workers", type=int, help="Worker processes (default: KG_WORKERS, else 2).")
@click.option(
    "--get",
    "get_path",
    metavar="PATH",
    help="Run one GET request on PATH in-process, print the response body and exit "
    "(0 for a 2xx or 3xx status, else 1).",
)
def serve(
    store_dir: Path | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    get_path: str | None,
) -> None:
    """Serve the SPARQL endpoint and the web pages with gunicorn.

    Refuses to start (exit code 2) when no store has been built yet.
    """
    settings = load_settings(store_dir=store_dir, host=host, port=port, workers=workers)
    if get_path is not None:
        response = create_app(settings).test_client().get(get_path)
        body = response.get_data()
        click.echo(body, nl=not body.endswith(b"\n"))
        if response.status_code >= 400:
            raise click.exceptions.Exit(1)
        return
    require_current(settings)
    _Server(settings).run()


@kg.command("settings")
def show_settings() -> None:
    """List every setting: its environment variable, default and meaning."""
    rows = [("variable", "default", "meaning"), *Settings().help_table()]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for name, default, meaning in rows:
        click.echo(f"{name.ljust(widths[0])}  {default.ljust(widths[1])}  {meaning}")


class _Server(BaseApplication):
    """gunicorn running :func:`kg.web.create_app` in each worker process.

    The master never opens the store: a process that forks after opening one makes its
    children crash when they exit (RocksDB state does not survive ``fork``).
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        host = self.settings.host
        host = f"[{host}]" if ":" in host else host
        self.cfg.set("bind", f"{host}:{self.settings.port}")
        self.cfg.set("workers", self.settings.workers)
        # gunicorn 27 opens a control socket in the home folder; this server needs none.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self) -> object:
        return create_app(self.settings)


def _pipeline() -> ModuleType:
    # Imported on use: building pulls in spaCy and pySHACL, which querying does not need.
    return importlib.import_module("kg.build")


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _query_text(argument: str) -> str:
    """*argument* itself, or the content of the file it names after an ``@``.

    Raises :class:`~kg.errors.KGError` (400) when that file cannot be read.
    """
    if not argument.startswith("@"):
        return argument
    path = Path(argument[1:])
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KGError(f"cannot read the query file {path}: {error}", 400) from error


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


if __name__ == "__main__":
    main()
