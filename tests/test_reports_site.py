"""`kg report`: one report in the terminal, CSV or JSON, and the static site of every report."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from kg.cli import kg
from kg.reports import load_queries

ROOT = Path(__file__).parent.parent
QUERIES = load_queries(ROOT / "queries")
ID = "https://w3id.org/ma-ai/id/"


@pytest.fixture
def run(runner, seed_store_settings, monkeypatch):
    monkeypatch.chdir(ROOT)  # queries/ is found where the project is

    def invoke(*args):
        return runner.invoke(kg, ["report", *args, "--store", str(seed_store_settings.store_dir)])

    return invoke


def test_without_a_name_it_lists_the_reports(run):
    result = run()
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == list(QUERIES)


def test_a_report_as_a_table_csv_and_json(run):
    table = run("risks", "--param", "show=unaddressed")
    assert table.exit_code == 0 and "id:financement-rd-faible" in table.output
    assert table.output.rstrip().endswith("(2 rows)")
    rows = list(csv.DictReader(io.StringIO(run("regions", "--format", "csv").output)))
    assert len(rows) == 12
    document = json.loads(run("actor-initiatives", "-p", "actor=ocp", "--format", "json").output)
    assert document["parameters"]["actor"] == [ID + "ocp"]
    assert document["rows"][0]["initiative"] == ID + "ai-movement"


def test_list_values_repeat_the_key(run):
    output = run("initiatives", "-p", "sector=agriculture", "-p", "sector=cloud", "--format", "csv")
    initiatives = {row["initiative"] for row in csv.DictReader(io.StringIO(output.output))}
    assert initiatives == {ID + "instituts-al-jazari", ID + "centre-rd-oracle-casablanca"}


def test_errors_name_the_parameter_and_exit_non_zero(run):
    bad = run("targets", "-p", "from=20x9")
    assert bad.exit_code == 1 and "parameter 'from'" in bad.output
    assert run("targets", "-p", "from").exit_code == 2  # not KEY=VALUE: a usage error
    assert "no report 'nope'" in run("nope").output
    assert run("risks", "--format", "ttl").exit_code != 0
    assert run("--all").exit_code == 2


def test_the_static_site_has_every_report_and_the_four_charts(run, tmp_path):
    out = tmp_path / "site"
    result = run("--all", "--out", str(out))
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    for view in ("bar", "timeline", "graph", "map"):
        assert f'class="chart chart-{view}"' in index
    for name, query in QUERIES.items():
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert f'href="{name}.html"' in index and query.title.replace("&", "&amp;") in page
        data = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        lines = (out / f"{name}.csv").read_text(encoding="utf-8").strip().splitlines()
        assert len(lines) == len(data["rows"]) + 1 > 1


def test_the_static_site_reads_offline(run, tmp_path):
    out = tmp_path / "site"
    run("--all", "--out", str(out))
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "<link" not in text
        remote = re.findall(r'(?:src|href)="(https?:[^"]*)"', text)
        assert remote == [], f"{page.name} fetches {remote[:3]}"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_report_runs_from_the_command_line(run, name):
    options = [
        f"--param={key}={value}"
        for key, values in QUERIES[name].example_args().items()
        for value in values
    ]
    result = run(name, *options, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(list(csv.reader(io.StringIO(result.output)))) > 1
