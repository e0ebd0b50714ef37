"""Scoring extraction against gold annotations: the arithmetic, the alignment, the floors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg.catalogue import load_catalogue
from kg.documents import read_document
from kg.errors import InputFileError
from kg.evaluate import Score, evaluate, load_gold, score
from kg.extract import Extraction
from kg.facts import Evidence, Fact, Mention, NewEntity, Quantity
from kg.ontology import class_tops, load_ontology

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "data" / "entities", class_tops(load_ontology(ROOT / "ontology")))


def gold_of(facts: list[dict]) -> dict:
    return {
        "document": "d.txt",
        "entities": [
            {"id": "o", "name": "Oracle", "type": "Actor/Company", "mentions": [[0, 6]]},
            {"id": "c", "name": "Casablanca", "type": "Place/City", "mentions": [[10, 20]]},
            {"id": "x", "name": "Centre X", "type": "Initiative/Project", "mentions": [[25, 33]]},
        ],
        "facts": facts,
    }


def extraction_of(tmp_path, facts: list[tuple]) -> Extraction:
    path = tmp_path / "d.txt"
    path.write_text("Oracle à Casablanca : le Centre X ouvre ses portes en 2025.\n", "utf-8")
    doc = read_document(path)
    made = [Fact(s, r, o, Evidence(doc.id, 0, 30, doc.text[:30], "rule", 0.9)) for s, r, o in facts]
    mentions = [Mention("oracle", 0, 6, "Oracle"), Mention("casablanca", 9, 19, "Casablanca")]
    new = {"centre-x": NewEntity("centre-x", "Project", "Centre X", 0.6, "Initiative")}
    mentions.append(Mention("centre-x", 25, 33, "Centre X"))
    return Extraction(doc, made, new, mentions)


def fact(fid, s, r, o, core=True, span=(0, 30)):
    return {
        "id": fid,
        "subject": s,
        "relation": r,
        "object": o,
        "core": core,
        "evidence": "",
        "evidence_span": list(span),
    }


def test_score_arithmetic():
    s = Score(tp=8, fp=2, fn=8)
    assert (s.precision, s.recall) == (0.8, 0.5)
    assert round(s.f1, 4) == round(2 * 0.8 * 0.5 / 1.3, 4)
    assert Score().f1 == 0.0


def test_a_matched_fact_counts_and_a_missed_one_is_named(tmp_path, catalogue):
    gold = gold_of([fact("f1", "o", "leads", "x"), fact("f2", "x", "located_in", "c")])
    result = score(gold, extraction_of(tmp_path, [("oracle", "leads", "centre-x")]), catalogue)
    assert (result.strict.tp, result.strict.fp, result.strict.fn) == (1, 0, 1)
    assert result.misses == ["f2 x located_in c"]
    assert result.evidence_overlap == 1.0


def test_optional_gold_facts_count_neither_way(tmp_path, catalogue):
    gold = gold_of([fact("f1", "o", "leads", "x"), fact("f2", "x", "located_in", "c", False)])
    ours = [("oracle", "leads", "centre-x"), ("centre-x", "locatedIn", "casablanca")]
    result = score(gold, extraction_of(tmp_path, ours), catalogue)
    assert (result.strict.tp, result.strict.fp, result.strict.fn) == (1, 0, 0)


def test_a_wrong_relation_is_a_false_positive_strictly_but_not_agnostically(tmp_path, catalogue):
    gold = gold_of([fact("f1", "o", "leads", "x")])
    result = score(gold, extraction_of(tmp_path, [("oracle", "partnerOf", "centre-x")]), catalogue)
    assert (result.strict.tp, result.strict.fp) == (0, 1)
    assert (result.agnostic.tp, result.agnostic.fp) == (1, 0)


def test_targets_match_on_quantity_year_and_unit(tmp_path, catalogue):
    target = {"quantity": 500, "unit": "ingénieurs formés", "year": 2029, "approx": True}
    gold = gold_of([fact("f1", "x", "has_target", target)])
    right = Quantity(Decimal("500"), "ingénieurs formés", 2029, True)
    wrong = Quantity(Decimal("500"), "ingénieurs formés", 2030, True)
    assert (
        score(
            gold, extraction_of(tmp_path, [("centre-x", "hasTarget", right)]), catalogue
        ).strict.tp
        == 1
    )
    assert (
        score(
            gold, extraction_of(tmp_path, [("centre-x", "hasTarget", wrong)]), catalogue
        ).strict.tp
        == 0
    )


def test_a_malformed_gold_file_is_named(tmp_path):
    bad = tmp_path / "bad.gold.yaml"
    bad.write_text("facts: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad\.gold\.yaml"):
        load_gold(bad)
    incomplete = tmp_path / "incomplete.gold.yaml"
    incomplete.write_text("document: d.txt\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"needs 'document', 'entities' and 'facts'"):
        load_gold(incomplete)


@pytest.mark.parametrize("gold", sorted(HELDOUT.glob("*.gold.yaml")), ids=lambda p: p.name[:3])
def test_held_out_documents_keep_their_quality(gold, catalogue):
    """A regression floor on the documents the rules were developed against."""
    result = evaluate(gold, HELDOUT, catalogue)
    assert result.strict.precision >= 0.95, result.format()
    assert result.strict.recall >= 0.6, result.format()
    assert result.not_in_text_rate == 0.0


def test_a_fact_sheet_is_read_list_by_list(catalogue):
    """A regression floor on the fact sheet of the development set: lists under "Partenaires",
    "Budget", "Implantation", "Objectifs…" give facts of the sheet's subject."""
    folder = ROOT / "tests" / "fixtures" / "dev2"
    result = evaluate(folder / "603_fiche_reseau_calcul_ia.gold.yaml", folder, catalogue)
    assert result.strict.precision >= 0.95, result.format()
    assert result.strict.recall >= 0.85, result.format()
