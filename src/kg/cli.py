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

from . import __version__, sparql
from .errors import KGError
from .serve import Server, check_store
from .settings import Settings, is_store_url, load_settings
from .store import dataset_version, open_store
from .web import create_app, store_damage


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
        except RuntimeError as error:  # a damaged block, found when a command reads it
            damaged = store_damage(error)
            if damaged is None:
                raise
            raise Failure(damaged.message, damaged.exit_code) from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def kg() -> None:
    """Knowledge graph of Morocco's AI ecosystem: build it, query it, serve it.

    Every option also has a KG_* environment variable; `kg settings` lists them.
    """


def main() -> None:
    """Entry point of the ``kg`` script."""
    kg(prog_name="kg")


class _StoreLocation(click.ParamType):
    """A store folder, or a remote store's ``sparql+http(s)://`` URL kept as text (a Path
    would collapse its ``//``)."""

    name = "folder|url"

    def convert(self, value, param, ctx):
        if is_store_url(value):
            return value
        return click.Path(file_okay=False, path_type=Path).convert(value, param, ctx)


_store_option = click.option(
    "--store",
    "store_dir",
    type=_StoreLocation(),
    help="Folder of the store builds, or a remote SPARQL store as sparql+http://host:port/path "
    "(default: KG_STORE_DIR, else var/store).",
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
@click.option(
    "--jobs",
    type=int,
    help="Processes extracting documents (default: KG_EXTRACT_JOBS, else one per usable CPU; "
    "1: in this process).",
)
def build(
    documents_dir: Path | None,
    store_dir: Path | None,
    rdf_files: tuple[Path, ...],
    jobs: int | None,
) -> None:
    """Build the dataset from the documents, validate it, and make it the current store.

    The store is replaced only when the dataset conforms to the shapes; otherwise the
    validation report is printed and the exit code is 1.
    """
    settings = load_settings(documents_dir=documents_dir, store_dir=store_dir, extract_jobs=jobs)
    summary = _pipeline().run_build(settings, extra_rdf=list(rdf_files), progress=_progress)
    click.echo(summary.format())


@kg.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--quads", type=click.IntRange(min=1), help="About how many quads to write.")
@click.option(
    "--scale",
    type=click.FloatRange(min=0, min_open=True),
    help="Size as a scale factor, 1 being about a million quads (the default).",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the random choices.")
def generate(out: Path, quads: int | None, scale: float | None, seed: int) -> None:
    """Write a generated dataset shaped like a real build to OUT (N-Quads), to load and serve
    at scale: `kg load OUT`, then `kg serve`.

    The same size and seed (and the same ontology and catalogue) give the same file.
    """
    from .generate import quads_for_scale, write_nquads

    if quads is not None and scale is not None:
        raise click.UsageError("give --quads or --scale, not both")
    wanted = quads if quads is not None else quads_for_scale(scale or 1)
    written = write_nquads(load_settings(), out, wanted, seed, _meter("generated", 1, " quads"))
    click.echo(f"wrote {written} quads to {out}")


@kg.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_store_option
def load(source: Path, store_dir: Path | None) -> None:
    """Make a new store build of the N-Quads file SOURCE, as it is, and make it current.

    No extraction and no validation: for datasets made elsewhere, such as by `kg generate`.
    The store being served is replaced only once the new build is complete.
    """
    from .store import count_quads, write_store

    settings = load_settings(store_dir=store_dir)
    where = write_store(settings, source, progress=_meter("loaded", 1 << 20, " MiB"))
    click.echo(f"store: {where}\nquads: {count_quads(open_store(settings))}")


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
@click.option("--threads", type=int, help="Threads per worker (default: KG_THREADS, else 8).")
@click.option(
    "--timeout",
    "query_timeout",
    type=float,
    help="Deadline of one query in seconds (default: KG_QUERY_TIMEOUT, else 30).",
)
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
    threads: int | None,
    query_timeout: float | None,
    get_path: str | None,
) -> None:
    """Serve the SPARQL endpoint and the web pages with gunicorn.

    --store may also name a plain Oxigraph store folder made by other tools. The store is
    opened read-only; a new `kg build` is served without a restart. Refuses to start (exit
    code 2) when there is no store or when it is damaged.
    """
    settings = load_settings(
        store_dir=store_dir,
        host=host,
        port=port,
        workers=workers,
        threads=threads,
        query_timeout=query_timeout,
    )
    if get_path is not None:
        response = create_app(settings).test_client().get(get_path)
        body = response.get_data()
        click.echo(body, nl=not body.endswith(b"\n"))
        if response.status_code >= 400:
            raise click.exceptions.Exit(1)
        return
    check_store(settings)
    Server(settings).run()


@kg.command()
@click.option(
    "--out",
    "dumps_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the releases (default: KG_DUMPS_DIR, else dumps); writes OUT/<version>/.",
)
@_store_option
def export(dumps_dir: Path | None, store_dir: Path | None) -> None:
    """Write a versioned release of the current store: gzip-compressed N-Quads, TriG,
    Turtle and JSON-LD, with SHA256SUMS and metadata.json (licence, citation, counts).
    """
    settings = load_settings(store_dir=store_dir, dumps_dir=dumps_dir)
    release = importlib.import_module("kg.export").export_release(settings)
    click.echo(release.format())


@kg.command()
@click.argument("name", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value; repeat a key to give a list (--param sector=agriculture).",
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", "csv", "tsv", "json", "ttl"]),
    default="table",
    show_default=True,
    help="Output format (ttl: CONSTRUCT reports only).",
)
@click.option("--all", "all_reports", is_flag=True, help="Write every report as a static site.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the static site written by --all.",
)
@_store_option
def report(
    name: str | None,
    params: tuple[str, ...],
    format_name: str,
    all_reports: bool,
    out: Path | None,
    store_dir: Path | None,
) -> None:
    """Run the canned report NAME (from queries/*.rq); without NAME, list the reports.

    With --all --out DIR, write every report with its chart, table, CSV and JSON as a
    self-contained HTML site readable offline (DIR/index.html).
    """
    from . import report_formats, report_html, reports

    settings = load_settings(store_dir=store_dir)
    queries = reports.load_queries(settings.queries_dir)
    if all_reports:
        if out is None:
            raise click.UsageError("--all needs --out DIR")
        version = dataset_version(settings).version
        written = report_html.write_site(open_store(settings), queries, out, version)
        click.echo(f"wrote {len(written)} files to {out} (open {out / 'index.html'})")
    elif name is None:
        for query in queries.values():
            click.echo(f"{query.name:26} {query.title}")
    else:
        raw = _report_params(params)
        query, bindings, result = reports.answer_report(open_store(settings), queries, name, raw)
        values = {key: [term.value for term in terms] for key, terms in bindings.items()}
        version = dataset_version(settings).version
        click.echo(report_formats.format_answer(result, query.title, values, version, format_name))


def _report_params(pairs: tuple[str, ...]) -> dict[str, list[str]]:
    """``key=value`` options as lists of values by key.

    Raises :class:`click.BadParameter` for an option without ``=``.
    """
    values: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        values.setdefault(key.strip(), []).append(value)
    return values


@kg.command("settings")
def show_settings() -> None:
    """List every setting: its environment variable, default and meaning."""
    rows = [("variable", "default", "meaning"), *Settings().help_table()]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for name, default, meaning in rows:
        click.echo(f"{name.ljust(widths[0])}  {default.ljust(widths[1])}  {meaning}")


def _pipeline() -> ModuleType:
    # Imported on use: building pulls in spaCy and pySHACL, which querying does not need.
    return importlib.import_module("kg.build")


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _meter(label: str, unit: int, name: str):
    """A progress callback ``(done, total)`` printing on stderr, at most every two seconds."""
    import time

    shown = [0.0]

    def show(done: int, total: int) -> None:
        if done < total and time.monotonic() - shown[0] < 2:
            return
        shown[0] = time.monotonic()
        percent = min(100, 100 * done // max(total, 1))
        click.echo(f"{label} {done // unit:,} of {total // unit:,}{name} ({percent}%)", err=True)

    return show


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
