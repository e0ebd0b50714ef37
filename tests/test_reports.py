"""Canned reports: the files, typed parameters, binding, and the answers the seed document gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Store

from kg.errors import BadRequest, InputFileError, NotFound
from kg.report_params import Parameter, bind_text, fold
from kg.reports import (
    VIEWS,
    answer_report,
    check_classes,
    iter_rows,
    load_queries,
    read_query,
    run_report,
)
from kg.store import open_store

ROOT = Path(__file__).parent.parent
QUERIES = load_queries(ROOT / "queries")
ID = "https://w3id.org/ma-ai/id/"
SEED_TEXT = (ROOT / "data" / "documents" / "000_0f6c74b7f7ad8b14.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_store_settings):
    return open_store(seed_store_settings)


def ask(store, name, **values):
    """The answer of report *name* as a list of dicts of plain values (IRIs as strings)."""
    raw = {key: value if isinstance(value, list) else [value] for key, value in values.items()}
    _, _, result = answer_report(store, QUERIES, name, raw)
    return [
        {
            column: (term.value if term is not None else None)
            for column, term in zip(result.columns, row, strict=True)
        }
        for row in result.rows
    ]


def column(rows, name):
    return {row[name] for row in rows}


def parts(text):
    return set(text.split(" · ")) if text else set()


# --- the files -----------------------------------------------------------------------------------


def test_the_reports_answer_every_question_of_the_issue():
    assert len(QUERIES) >= 15
    for name in (
        "strategies",
        "centres",
        "initiative-participants",
        "actor-initiatives",
        "targets",
        "regions",
        "agreements",
        "public-bodies",
        "external-partners",
        "risks",
        "opportunity-sectors",
        "model-languages",
        "entity-facts",
        "document-facts",
        "search",
        "initiatives-by-sector",
        "calendar",
        "network",
    ):
        assert name in QUERIES


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_report_file_is_complete_and_valid_sparql_as_it_is(name):
    query = QUERIES[name]
    assert query.title and query.description and query.view in VIEWS
    Store().query(query.text)  # the front-matter is comments: the file itself parses
    assert query.bind(query.example_args())  # the example is valid


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_report_runs_on_the_small_fixture_store(name, store):
    query = QUERIES[name]
    columns, rows = iter_rows(store, query, query.bind(query.example_args()))
    assert columns and isinstance(list(rows), list)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_report_runs_on_the_seed_with_its_example_and_its_chart_columns_exist(name, seed):
    query = QUERIES[name]
    bindings = query.bind(query.example_args())
    check_classes(seed, query, bindings)
    result = run_report(seed, query, bindings)
    assert result.rows, f"{name} answers nothing on the seed with its example"
    assert set(query.chart.values()) <= set(result.columns)


def write(tmp_path, text, name="broken.rq"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("#+ title: [unclosed\nSELECT * WHERE {}", "not valid YAML"),
        ("#+ title: T\nSELECT * WHERE {}", "needs a 'description'"),
        (
            "#+ title: T\n#+ description: D\n#+ colour: red\nSELECT * WHERE {}",
            "unknown front-matter",
        ),
        ("#+ title: T\n#+ description: D\n#+ view: pie\nSELECT * WHERE {}", "view must be one of"),
        (
            "#+ title: T\n#+ description: D\n#+ params: {x: {type: float}}\nSELECT * WHERE {}",
            "type must be one of",
        ),
        (
            "#+ title: T\n#+ description: D\n#+ params: {x: {type: enum}}\nSELECT * WHERE {}",
            "needs 'values'",
        ),
        (
            "#+ title: T\n#+ description: D\n#+ params: {format: {type: string}}\n"
            "SELECT * WHERE {}",
            "the API's own",
        ),
        (
            "#+ title: T\n#+ description: D\n#+ params: {y: {type: year, default: soon}}\n"
            "SELECT * WHERE {}",
            "default of parameter 'y'",
        ),
        ("#+ title: T\n#+ description: D\nSELECT * WHERE { ?s ?p }", "syntax error"),
        ("#+ title: T\n#+ description: D\nASK WHERE { ?s ?p ?o }", "SELECT or a CONSTRUCT"),
        ("#+ title: T\n#+ description: D\nDELETE WHERE { ?s ?p ?o }", "read-only"),
        (
            "#+ title: T\n#+ description: D\nSELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
            "SERVICE",
        ),
        (
            "#+ title: T\n#+ description: D\n#+ params: {x: {type: string, default: a}}\n"
            "SELECT * { ?s ?p ?x }",
            "WHERE {",
        ),
    ],
)
def test_an_invalid_report_file_is_refused_with_its_name_and_reason(tmp_path, text, message):
    with pytest.raises(InputFileError) as caught:
        read_query(write(tmp_path, text))
    assert "broken.rq" in caught.value.message and message in caught.value.message


def test_a_report_file_name_must_fit_in_a_url(tmp_path):
    path = write(tmp_path, "#+ title: T\n#+ description: D\nSELECT * WHERE {}", "My report.rq")
    with pytest.raises(InputFileError, match="file name"):
        read_query(path)


def test_load_queries_names_reports_after_their_files(tmp_path):
    write(tmp_path, "#+ title: T\n#+ description: D\nSELECT ?s WHERE { ?s ?p ?o }", "mine.rq")
    assert list(load_queries(tmp_path)) == ["mine"]
    with pytest.raises(NotFound, match="mine"):
        answer_report(Store(), load_queries(tmp_path), "yours", {})


# --- parameters ----------------------------------------------------------------------------------

MAI = "https://w3id.org/ma-ai/ontology#"


@pytest.mark.parametrize(
    ("param", "raw", "expected"),
    [
        (Parameter("a", "iri"), "ocp", NamedNode(ID + "ocp")),
        (Parameter("a", "iri"), "id:ocp", NamedNode(ID + "ocp")),
        (Parameter("a", "iri"), ID + "ocp", NamedNode(ID + "ocp")),
        (Parameter("a", "iri"), f"<{ID}ocp>", NamedNode(ID + "ocp")),
        (Parameter("a", "iri"), "mai:Company", NamedNode(MAI + "Company")),
        (
            Parameter("d", "iri", namespace="doc"),
            "000_x",
            NamedNode("https://w3id.org/ma-ai/doc/000_x"),
        ),
        (Parameter("s", "string"), "  l’IA  ", Literal("l’IA")),
        (Parameter("s", "string", fold=True), "Énergie", Literal("energie")),
        (Parameter("n", "integer", minimum=1, maximum=9), "7", Literal(7)),
        (Parameter("y", "year"), "2029", Literal(2029)),
        (
            Parameter("d", "date"),
            "2025-06-17",
            Literal("2025-06-17", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        ),
        (Parameter("l", "lang"), "FR", Literal("fr")),
        (Parameter("e", "enum", choices=("all", "none")), "none", Literal("none")),
    ],
)
def test_each_type_turns_its_text_into_an_rdf_term(param, raw, expected):
    assert param.parse([raw]) == (expected,)


@pytest.mark.parametrize(
    ("param", "raw", "accepts"),
    [
        (Parameter("actor", "iri"), "not an iri", "an IRI, a prefixed name"),
        (Parameter("actor", "iri"), "http://x/a>b", "an IRI"),
        (Parameter("text", "string"), "x" * 201, "1 to 200 characters"),
        (Parameter("n", "integer", minimum=1, maximum=9), "10", "an integer from 1 to 9"),
        (Parameter("n", "integer"), "1.5", "an integer"),
        (Parameter("from", "year"), "20x9", "a year such as 2029"),
        (Parameter("on", "date"), "2025-02-30", "a date as YYYY-MM-DD"),
        (Parameter("on", "date"), "2025-2-3", "a date as YYYY-MM-DD"),
        (Parameter("lang", "lang"), "fr; DROP", "a language tag"),
        (Parameter("show", "enum", choices=("all", "none")), "some", "one of: all, none"),
    ],
)
def test_a_value_not_of_its_type_is_refused_naming_the_parameter_and_what_it_accepts(
    param, raw, accepts
):
    with pytest.raises(BadRequest) as caught:
        param.parse([raw])
    assert f"parameter '{param.name}'" in caught.value.message
    assert accepts in caught.value.message


def test_lists_defaults_and_required_values():
    sectors = Parameter("sector", "iri", multiple=2, optional=True)
    assert sectors.parse(["agriculture", "cloud", "agriculture"]) == (
        NamedNode(ID + "agriculture"),
        NamedNode(ID + "cloud"),
    )
    assert sectors.parse([]) == ()
    with pytest.raises(BadRequest, match="at most 2 values; 3 were given"):
        sectors.parse(["a", "b", "c"])
    assert Parameter("lang", "lang", default=("fr",)).parse([""]) == (Literal("fr"),)
    with pytest.raises(BadRequest, match="parameter 'actor' is required"):
        Parameter("actor", "iri").parse([])


def test_an_unknown_parameter_name_is_refused_with_the_names_the_report_takes():
    with pytest.raises(
        BadRequest, match="unknown parameter 'colour': report risks takes lang, show"
    ):
        QUERIES["risks"].bind({"colour": ["red"]})


def test_an_iri_of_the_wrong_class_is_refused(seed):
    with pytest.raises(BadRequest) as caught:
        answer_report(seed, QUERIES, "actor-initiatives", {"actor": ["casablanca"]})
    assert "parameter 'actor'" in caught.value.message and "not a mai:Actor" in caught.value.message


# --- injection -----------------------------------------------------------------------------------

HOSTILE = [
    'x" } ; DROP ALL ; SELECT * WHERE { "',
    "x' } INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    "}} ?entity ?p ?o . #",
    "line one\nline two } #",
    '"""\n} DELETE WHERE { ?s ?p ?o }',
    "\\u0022 } DROP ALL",
    "#",
    '} VALUES ?text { "maroc" }',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_bound_text_value_stays_one_literal_that_round_trips(value):
    text = bind_text("SELECT ?v WHERE { }", {"v": (Literal(value),)})
    (row,) = list(Store().query(text))
    assert row["v"] == Literal(value)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_search_text_matches_nothing_and_changes_nothing(seed, value):
    before = len(seed)
    assert ask(seed, "search", text=value) == []
    assert len(seed) == before


@pytest.mark.parametrize(
    "value",
    [
        "https://w3id.org/ma-ai/id/ocp> } ; DROP ALL ; <x:y",
        "http://x/a>b",
        "id:ocp } #",
        "ocp\nINSERT DATA { <a> <b> <c> }",
        "<javascript:alert(1)> } DROP",
    ],
)
def test_hostile_iri_values_are_refused_before_any_query(value):
    with pytest.raises(BadRequest, match="parameter 'actor'"):
        QUERIES["actor-initiatives"].bind({"actor": [value]})


def test_an_iri_that_exists_nowhere_matches_nothing(seed):
    with pytest.raises(BadRequest, match="is not a mai:Actor"):
        ask(seed, "actor-initiatives", actor="urn:x:DROP-ALL")
    assert ask(seed, "entity-facts", entity="urn:x:DROP-ALL") == []


# --- answers the seed document gives (gold fact ids in comments) ---------------------------------


def test_strategies_the_national_strategy_framing_ai_is_maroc_digital_2030(seed):
    rows = ask(seed, "strategies")
    (strategy,) = [row for row in rows if row["strategy"] == ID + "maroc-digital-2030"]
    assert "intelligence artificielle" in parts(strategy["sectors"])  # f06
    assert ask(seed, "strategies", lang="en")[0]["strategyLabel"] == "Digital Morocco 2030"


def test_centres_oracle_in_casablanca_on_cloud_ai_and_machine_learning(seed):
    rows = {row["centre"]: row for row in ask(seed, "centres")}
    oracle = rows[ID + "centre-rd-oracle-casablanca"]
    assert oracle["runBy"] == "Oracle"  # f01
    assert oracle["places"] == "Casablanca" and oracle["regions"] == "Casablanca-Settat"  # f02
    assert parts(oracle["technologyAreas"]) == {
        "cloud",
        "intelligence artificielle",
        "machine learning",
    }  # f03-f05
    assert rows[ID + "centre-excellence-donnees-ia-casablanca-settat"]["regions"] == (
        "Casablanca-Settat"
    )  # f10


def test_participants_of_the_ministry_cndp_agreement_and_of_the_platform(seed):
    accord = ask(seed, "initiative-participants")  # its default: the agreement
    signed = {row["actor"] for row in accord if row["role"] == "signed"}
    assert signed == {ID + "cndp", ID + "ministere-transition-numerique"}  # f23, f24
    platform = ask(
        seed, "initiative-participants", initiative="plateforme-nationale-ia-responsable"
    )
    assert {(row["actor"], row["role"]) for row in platform} == {
        (ID + "cndp", "leads"),
        (ID + "ministere-transition-numerique", "leads"),
    }  # f26, f27


def test_initiatives_an_actor_leads_or_joins(seed):
    assert {(r["role"], r["initiative"]) for r in ask(seed, "actor-initiatives", actor="ocp")} == {
        ("leads", ID + "ai-movement")
    }  # f30
    cndp = {(r["role"], r["initiative"]) for r in ask(seed, "actor-initiatives", actor="cndp")}
    assert cndp == {
        ("leads", ID + "plateforme-nationale-ia-responsable"),
        ("signed", ID + "accord-cndp-ministere-transition-numerique"),
    }  # f27, f24


def test_targets_with_a_deadline_only_the_500_engineers_by_2029(seed):
    (row,) = ask(seed, "targets")  # the 12 regions of Al Jazari have no year: not listed
    assert row["initiative"] == ID + "centre-excellence-donnees-ia-casablanca-settat"  # f14
    assert (row["year"], row["quantity"], row["approximate"]) == ("2029", "500", "true")
    assert row["unit"] == "ingénieurs formés"
    assert ask(seed, "targets", to="2028") == []


def test_regions_three_host_initiatives_and_nine_of_the_12_host_none(seed):
    rows = {row["region"].removeprefix(ID): row for row in ask(seed, "regions")}
    assert len(rows) == 12
    hosting = {
        slug: int(row["initiatives"]) for slug, row in rows.items() if row["initiatives"] != "0"
    }
    assert hosting == {
        "casablanca-settat": 2,
        "guelmim-oued-noun": 1,
        "oriental": 1,
    }  # f02 f10 f21 f22
    assert parts(rows["oriental"]["hosted"]) == {"Instituts Al Jazari"}  # Nador is in the Oriental
    none = {row["region"].removeprefix(ID) for row in ask(seed, "regions", show="none")}
    assert none == set(rows) - set(hosting)


def test_agreements_their_parties_and_what_they_are_for(seed):
    rows = {row["agreement"].removeprefix(ID): row for row in ask(seed, "agreements")}
    accord = rows["accord-cndp-ministere-transition-numerique"]
    assert len(parts(accord["parties"])) == 2  # f23, f24
    assert parts(accord["toDevelop"]) == {"Plateforme nationale pour une IA responsable"}  # f26
    assert parts(accord["challenges"]) == {"Réglementation, éthique, protection des données"}  # f40
    education = rows["creation-contenu-educatif-formation-inclusion-numerique"]
    assert not education["parties"] and "éducation" in parts(education["sectors"])  # f33


def test_public_bodies_the_ministry_and_the_cndp_and_through_what(seed):
    rows = {
        (r["body"].removeprefix(ID), r["role"], r["thing"].removeprefix(ID))
        for r in ask(seed, "public-bodies")
    }
    for body in ("ministere-transition-numerique", "cndp"):
        assert (body, "leads", "plateforme-nationale-ia-responsable") in rows
        assert (body, "signed", "accord-cndp-ministere-transition-numerique") in rows
    regulators = {r["body"] for r in ask(seed, "public-bodies", kind="regulators")}
    assert regulators == {ID + "cndp"}


def test_companies_in_initiatives_oracle_onepoint_and_ocp(seed):
    rows = {
        (r["organisation"].removeprefix(ID), r["initiative"].removeprefix(ID), r["category"])
        for r in ask(seed, "external-partners")
    }
    assert rows == {
        ("oracle", "centre-rd-oracle-casablanca", "company"),  # f01
        ("onepoint", "centre-excellence-donnees-ia-casablanca-settat", "company"),  # f11
        ("ocp", "ai-movement", "company"),  # f30
    }


def test_foreign_and_international_organisations_are_found_by_seat_and_class(tmp_path):
    from kg.settings import load_settings
    from kg.store import write_store

    a = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    mai, org, project = f"<{MAI}", f"<{ID}acme>", f"<{ID}projet>"
    lines = [
        f"{org} {a} {mai}Organisation> .",
        f"{org} {mai}locatedIn> <{ID}paris> .",
        f"<{ID}paris> {mai}locatedIn> <{ID}france> .",
        f"<{ID}france> {a} {mai}Country> .",
        f"<{ID}unesco> {a} {mai}Organisation> .",
        f"<{ID}unesco> {a} {mai}InternationalOrganisation> .",
        f"{project} {a} {mai}Initiative> .",
        f"{org} {mai}leads> {project} .",
        f"<{ID}unesco> {mai}partnerOf> {project} .",
    ]
    settings = load_settings(environ={}, store_dir=tmp_path / "store")
    write_store(settings, ("\n".join(lines) + "\n").encode())
    rows = ask(open_store(settings), "external-partners")
    assert {(r["organisation"], r["category"]) for r in rows} == {
        (ID + "acme", "foreign"),
        (ID + "unesco", "international"),
    }


def test_risks_identified_who_answers_them_and_which_none_does(seed):
    rows = {row["risk"].removeprefix(ID): row for row in ask(seed, "risks")}
    assert set(rows) == {
        "financement-rd-faible",
        "specialisation-competences",
        "infrastructure-souverainete-numerique",
        "reglementation-ethique-protection-donnees",
    }  # f35-f38
    assert rows["specialisation-competences"]["addressedBy"] == "Instituts Al Jazari"  # f39
    assert rows["reglementation-ethique-protection-donnees"]["initiatives"] == "1"  # f40
    unaddressed = {row["risk"].removeprefix(ID) for row in ask(seed, "risks", show="unaddressed")}
    assert unaddressed == {"financement-rd-faible", "infrastructure-souverainete-numerique"}


def test_sectors_named_as_opportunities_and_those_no_initiative_targets(seed):
    rows = {row["sector"].removeprefix(ID): row for row in ask(seed, "opportunity-sectors")}
    assert set(rows) == {
        "agriculture",
        "energie-renouvelable",
        "tourisme",
        "sante",
        "modeles-de-langage",
    }  # f44-f47, f49
    untargeted = {
        r["sector"].removeprefix(ID) for r in ask(seed, "opportunity-sectors", show="untargeted")
    }
    assert untargeted == {"energie-renouvelable", "sante"}
    assert rows["energie-renouvelable"]["broaderTargeted"] == "énergie"  # Al Jazari, f20


def test_languages_of_the_adaptation_of_language_models(seed):
    assert column(ask(seed, "model-languages"), "language") == {
        ID + "arabe-dialectal",
        ID + "amazigh",
    }
    english = column(ask(seed, "model-languages", lang="en"), "languageLabel")
    assert english == {"Moroccan Arabic", "Amazigh (Berber)"}


def test_every_fact_about_an_entity_with_its_document_span_and_sentence(seed):
    rows = ask(seed, "entity-facts", entity="ocp")
    assert {(r["property"], r["object"]) for r in rows} == {(MAI + "leads", ID + "ai-movement")}
    for row in rows + ask(seed, "entity-facts", entity="instituts-al-jazari"):
        assert row["document"] == "https://w3id.org/ma-ai/doc/000_0f6c74b7f7ad8b14"
        assert SEED_TEXT[int(row["start"]) : int(row["end"])] == row["quote"]
    assert any("Office Chérifien des Phosphates" in row["quote"] for row in rows)


def test_what_was_extracted_from_a_document_in_text_order(seed):
    rows = ask(seed, "document-facts", document="000_0f6c74b7f7ad8b14")
    (count,) = seed.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/ma-ai/graph/evidence/"
        "000_0f6c74b7f7ad8b14> { ?e a <https://w3id.org/ma-ai/ontology#Evidence> } }"
    )
    assert len(rows) == int(count["n"].value) > 40
    starts = [int(row["start"]) for row in rows]
    assert starts == sorted(starts)
    assert all(SEED_TEXT[int(r["start"]) : int(r["end"])] == r["quote"] for r in rows)


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("cherifien", "ocp"),
        ("Chérifien", "ocp"),
        ("ENERGIE RENOUV", "energie-renouvelable"),
        ("المغرب", "maroc"),
        ("onepoint", "onepoint"),
        ("Al Jazari", "instituts-al-jazari"),
    ],
)
def test_search_finds_labels_in_any_language_ignoring_case_and_accents(seed, text, entity):
    assert ID + entity in column(ask(seed, "search", text=text), "entity")


def test_fold_and_the_query_fold_agree_on_the_seed_labels(seed):
    for label in ("Énergie", "Office Chérifien", "l’IA", "Œuvre", "Drâa-Tafilalet"):
        assert fold(label) == fold(fold(label))
    assert ID + "draa-tafilalet" in column(ask(seed, "search", text="draa-tafilalet"), "entity")


def test_initiatives_by_sector_ai_comes_first(seed):
    rows = ask(seed, "initiatives-by-sector")
    assert rows[0]["sector"] == ID + "intelligence-artificielle"
    counts = [int(row["initiatives"]) for row in rows]
    assert counts == sorted(counts, reverse=True)
    technology = column(ask(seed, "initiatives-by-sector", areas="technology"), "sector")
    assert ID + "cloud" in technology and ID + "tourisme" not in technology


def test_initiatives_filtered_by_a_list_of_sectors_and_a_region(seed):
    rows = ask(seed, "initiatives", sector=["agriculture", "cloud"])
    assert column(rows, "initiative") == {
        ID + "instituts-al-jazari",
        ID + "centre-rd-oracle-casablanca",
    }
    in_region = column(ask(seed, "initiatives", region="casablanca-settat"), "initiative")
    assert in_region == {
        ID + "centre-rd-oracle-casablanca",
        ID + "centre-excellence-donnees-ia-casablanca-settat",
    }


def test_the_network_is_rdf_of_actors_and_initiatives(seed):
    _, _, result = answer_report(seed, QUERIES, "network", {})
    assert result.kind == "construct"
    edges = {(s.value, p.value, o.value) for s, p, o in result.rows}
    assert (ID + "oracle", MAI + "leads", ID + "centre-rd-oracle-casablanca") in edges
    assert (
        ID + "accord-cndp-ministere-transition-numerique",
        MAI + "signatory",
        ID + "cndp",
    ) in edges


def test_queries_folder_setting_is_where_reports_come_from(seed_store_settings, tmp_path):
    write(tmp_path, "#+ title: T\n#+ description: D\nSELECT ?s WHERE { ?s a ?c } LIMIT 1", "one.rq")
    settings = dataclasses.replace(seed_store_settings, queries_dir=tmp_path)
    assert list(load_queries(settings.queries_dir)) == ["one"]
