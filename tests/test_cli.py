"""The `kg` command line through click's runner, on a real store.

`kg build` and `kg validate` call kg.build, which these tests replace with a fake module:
those tests check only how the CLI translates results and errors (output, exit codes),
not the build itself.
"""

from __future__ import annotations

import json
import sys
import types

import pytest
from conftest import SMALL, graph_sizes
from rdflib import Graph

from kg.cli import kg
from kg.errors import InputFileError, Unavailable, ValidationFailed

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TOTAL = sum(graph_sizes().values())


def invoke(runner, settings, *args):
    return runner.invoke(kg, [*args], env={"KG_STORE_DIR": str(settings.store_dir)})


def test_every_command_has_help(runner):
    top = runner.invoke(kg, ["--help"])
    assert top.exit_code == 0
    for name, command in kg.commands.items():
        assert name in top.stdout
        result = runner.invoke(kg, [name, "--help"])
        assert result.exit_code == 0, name
        first_line = command.help.split("\n")[0]
        assert first_line and " ".join(first_line.split()) in " ".join(result.stdout.split())


def test_settings_lists_variables_defaults_and_meaning(runner):
    result = runner.invoke(kg, ["settings"])
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if line.startswith("KG_STORE_DIR"))
    assert "var/store" in line
    assert "Oxigraph" in line


def test_query_prints_json_when_not_on_a_terminal(runner, settings, store):
    result = invoke(runner, settings, "query", COUNT)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == str(TOTAL)


def test_query_store_option_wins_over_the_environment(runner, settings, store, tmp_path):
    result = runner.invoke(
        kg,
        ["query", COUNT, "--store", str(settings.store_dir)],
        env={"KG_STORE_DIR": str(tmp_path / "elsewhere")},
    )
    assert result.exit_code == 0, result.stderr


def test_query_table_and_csv(runner, settings, store):
    table = invoke(runner, settings, "query", COUNT, "--format", "table")
    assert table.stdout.splitlines() == ["n", "--", str(TOTAL), "(1 row)"]
    as_csv = invoke(runner, settings, "query", COUNT, "--format", "csv")
    assert as_csv.stdout.splitlines() == ["n", str(TOTAL)]


def test_on_a_terminal_select_is_a_table_and_construct_is_turtle(
    runner, settings, store, monkeypatch
):
    monkeypatch.setattr("kg.cli._stdout_is_terminal", lambda: True)
    table = invoke(runner, settings, "query", COUNT)
    assert table.stdout.splitlines()[-1] == "(1 row)"
    graph = invoke(runner, settings, "query", "CONSTRUCT WHERE { ?s a ?o }")
    assert len(Graph().parse(data=graph.stdout, format="turtle")) > 0


def test_query_from_a_file_and_construct_as_turtle(runner, settings, store, tmp_path):
    path = tmp_path / "all.rq"
    path.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", encoding="utf-8")
    result = invoke(runner, settings, "query", f"@{path}")
    assert result.exit_code == 0, result.stderr
    # The union view repeats a triple found in several graphs; the graph keeps it once.
    assert 0 < len(Graph().parse(data=result.stdout, format="turtle")) <= TOTAL


def test_query_errors_are_messages_with_exit_codes(runner, settings, store, tmp_path):
    syntax = invoke(runner, settings, "query", "SELECT ?s WHERE {")
    assert syntax.exit_code == 1
    assert "Error: SPARQL syntax error" in syntax.stderr
    assert "Traceback" not in syntax.stderr + syntax.stdout
    service = invoke(runner, settings, "query", "ASK { SERVICE <http://127.0.0.1:9/> {} }")
    assert service.exit_code == 1
    assert "SERVICE is not allowed" in service.stderr
    missing = invoke(runner, settings, "query", f"@{tmp_path / 'none.rq'}")
    assert missing.exit_code == 1
    assert "cannot read the query file" in missing.stderr
    wrong_format = invoke(runner, settings, "query", COUNT, "--format", "ttl")
    assert wrong_format.exit_code == 2
    assert "not available for select results" in wrong_format.stderr


def test_query_without_a_store_says_to_build(runner, settings):
    result = invoke(runner, settings, "query", COUNT)
    assert result.exit_code == 2
    assert "run `kg build`" in result.stderr


def test_serve_refuses_to_start_without_a_store(runner, settings):
    result = invoke(runner, settings, "serve", "--port", "1")
    assert result.exit_code == 2
    assert "no store built yet" in result.stderr


def test_serve_get_runs_one_request_in_process(runner, settings, store):
    ok = invoke(
        runner, settings, "serve", "--get", "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"
    )
    assert ok.exit_code == 0
    assert json.loads(ok.stdout) == {"head": {}, "boolean": True}
    missing = invoke(runner, settings, "serve", "--get", "/no/such/page")
    assert missing.exit_code == 1
    assert json.loads(missing.stdout)["status"] == 404


@pytest.fixture
def fake_build(monkeypatch):
    """A stand-in for kg.build that records its calls and plays a scripted outcome."""
    module = types.ModuleType("kg.build")
    module.calls = []
    module.outcome = None

    class Summary:
        def format(self):
            return "31 statements stored"

    def run_build(settings, extra_rdf, progress):
        module.calls.append((settings, extra_rdf))
        progress("reading documents")
        if module.outcome:
            raise module.outcome
        return Summary()

    def check(settings, extra_rdf, progress=None):
        module.calls.append((settings, extra_rdf))
        if isinstance(module.outcome, Exception):
            raise module.outcome
        return module.outcome

    module.run_build, module.check = run_build, check
    monkeypatch.setitem(sys.modules, "kg.build", module)
    return module


def test_build_prints_the_summary_and_progress(runner, settings, fake_build, tmp_path):
    documents = tmp_path / "docs"
    documents.mkdir()
    result = invoke(runner, settings, "build", "--documents", str(documents), "--rdf", str(SMALL))
    assert result.exit_code == 0
    assert result.stdout.strip() == "31 statements stored"
    assert "reading documents" in result.stderr
    passed, extra = fake_build.calls[0]
    assert (passed.documents_dir, passed.store_dir) == (documents, settings.store_dir)
    assert extra == [SMALL]


@pytest.mark.parametrize(
    "error, code",
    [(ValidationFailed("3 violations:\nmai:Actor needs a label"), 1), (Unavailable("busy"), 2)],
)
def test_build_failures_are_messages_with_exit_codes(runner, settings, fake_build, error, code):
    fake_build.outcome = error
    result = invoke(runner, settings, "build")
    assert result.exit_code == code
    assert error.message.splitlines()[-1] in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "outcome, code",
    [
        (types.SimpleNamespace(conforms=True, text="Conforms: True"), 0),
        (types.SimpleNamespace(conforms=False, text="Conforms: False\n1 violation"), 1),
        (InputFileError("data/entities/actors.yaml", 3, "bad slug"), 2),
    ],
)
def test_validate_exit_codes(runner, settings, fake_build, outcome, code):
    fake_build.outcome = outcome
    result = invoke(runner, settings, "validate")
    assert result.exit_code == code
    shown = result.stderr if code == 2 else result.stdout
    assert (str(outcome) if code == 2 else outcome.text) in shown
