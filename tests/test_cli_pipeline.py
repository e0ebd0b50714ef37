"""The command line over the real pipeline: build, query, validate and evaluate the seed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import kg

ROOT = Path(__file__).resolve().parents[1]
ACTORS = "PREFIX mai: <https://w3id.org/ma-ai/ontology#> SELECT ?x { ?x a mai:Actor }"
SEED_ACTORS = {"oracle", "onepoint", "ministere-transition-numerique", "cndp", "ocp", "unesco"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The real data built once into a temporary store; yields the environment to use it."""
    tmp = tmp_path_factory.mktemp("pipeline")
    env = {
        "KG_STORE_DIR": str(tmp / "store"),
        "KG_DOCUMENTS_DIR": str(ROOT / "data" / "documents"),
        "KG_ENTITIES_DIR": str(ROOT / "data" / "entities"),
        "KG_ONTOLOGY_DIR": str(ROOT / "ontology"),
        "KG_RDF_DIR": str(tmp / "no-rdf"),
    }
    result = CliRunner().invoke(kg, ["build"], env=env)
    assert result.exit_code == 0, result.output
    return env, result


def test_build_prints_what_the_store_holds(built):
    _, result = built
    assert "quads:" in result.stdout and "documents: 1" in result.stdout
    assert "Actor " in result.stdout


def test_query_lists_every_actor_the_seed_names(built):
    env, _ = built
    result = CliRunner().invoke(kg, ["query", ACTORS, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    iris = {b["x"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
    assert {f"https://w3id.org/ma-ai/id/{slug}" for slug in SEED_ACTORS} <= iris


def test_a_broken_catalogue_fails_and_the_previous_store_still_answers(built, tmp_path):
    env, _ = built
    entities = tmp_path / "entities"
    shutil.copytree(ROOT / "data" / "entities", entities)
    with (entities / "actors.yaml").open("a", encoding="utf-8") as stream:
        stream.write("- slug: oracle\n  class: Company\n  label: {fr: Oracle, en: Oracle}\n")
    broken = {**env, "KG_ENTITIES_DIR": str(entities)}
    result = CliRunner().invoke(kg, ["build"], env=broken)
    assert result.exit_code == 1
    assert "actors.yaml:" in result.stderr and "duplicate slug 'oracle'" in result.stderr
    answer = CliRunner().invoke(kg, ["query", ACTORS, "--format", "csv"], env=env)
    assert answer.exit_code == 0 and "https://w3id.org/ma-ai/id/oracle" in answer.stdout


def test_validate_reports_conformance_of_the_real_data(built):
    env, _ = built
    result = CliRunner().invoke(kg, ["validate"], env=env)
    assert result.exit_code == 0, result.output
    assert "Conforms: True" in result.stdout


def test_evaluate_prints_the_seed_scores(built):
    env, _ = built
    gold = ROOT / "tests" / "fixtures" / "seed.gold.yaml"
    result = CliRunner().invoke(kg, ["evaluate", "--gold", str(gold)], env=env)
    assert result.exit_code == 0, result.output
    scores = re.search(r"strict +precision ([\d.]+) +recall ([\d.]+)", result.stdout)
    assert float(scores.group(1)) >= 0.95 and float(scores.group(2)) >= 0.95
    assert "evidence span overlaps gold: 1.000" in result.stdout


def test_evaluate_names_a_gold_file_that_is_not_yaml(built, tmp_path):
    env, _ = built
    bad = tmp_path / "bad.gold.yaml"
    bad.write_text("document: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(kg, ["evaluate", "--gold", str(bad)], env=env)
    assert result.exit_code == 1
    assert "bad.gold.yaml" in result.stderr
