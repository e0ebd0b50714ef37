"""The entity catalogue: the real data, the loader's API and every error it reports."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from kg.catalogue import Catalogue, load_catalogue, normalise_form
from kg.errors import InputFileError
from kg.namespaces import is_slug
from kg.ontology import class_tops, load_ontology

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "catalogue" / "good"
DECREE = "Décret n° 2-15-40 du 20 février 2015"

# Hand-made class → top mapping, so that loader tests do not depend on the ontology's evolution.
TOPS = {
    **dict.fromkeys(
        [
            "Actor",
            "Organisation",
            "GovernmentBody",
            "RegulatoryAuthority",
            "Company",
            "University",
            "ResearchCentre",
            "InternationalOrganisation",
            "Association",
            "Person",
        ],
        "Actor",
    ),
    **dict.fromkeys(
        [
            "Initiative",
            "NationalStrategy",
            "RDCentre",
            "CentreOfExcellence",
            "InstituteNetwork",
            "Platform",
            "Programme",
            "Agreement",
            "Event",
            "Infrastructure",
            "Law",
            "Project",
        ],
        "Initiative",
    ),
    **dict.fromkeys(["Place", "Country", "Region", "City", "Site", "Continent"], "Place"),
    "Sector": "Sector",
    "TechnologyArea": "Sector",
    "Risk": "Risk",
    "Opportunity": "Opportunity",
    "Target": "Target",
}

# Slugs of the seed document's entities: public IRIs, so they must never change.
SEED_SLUGS = {
    "oracle": "oracle",
    "onepoint": "onepoint",
    "mtn": "ministere-transition-numerique",
    "cndp": "cndp",
    "ocp": "ocp",
    "unesco": "unesco",
    "maroc": "maroc",
    "oracle_rd": "centre-rd-oracle-casablanca",
    "md2030": "maroc-digital-2030",
    "cedia": "centre-excellence-donnees-ia-casablanca-settat",
    "jazari": "instituts-al-jazari",
    "platform": "plateforme-nationale-ia-responsable",
    "accord_cndp": "accord-cndp-ministere-transition-numerique",
    "aimov": "ai-movement",
    "edu_prog": "creation-contenu-educatif-formation-inclusion-numerique",
    "casablanca": "casablanca",
    "casa_settat": "casablanca-settat",
    "guelmim": "guelmim-oued-noun",
    "nador": "nador",
    "afrique": "afrique",
    "cloud": "cloud",
    "ia": "intelligence-artificielle",
    "ml": "machine-learning",
    "transfo": "transformation-numerique",
    "services_publics": "services-publics",
    "agri": "agriculture",
    "tourisme": "tourisme",
    "energie": "energie",
    "enr": "energie-renouvelable",
    "sante": "sante",
    "llm": "modeles-de-langage",
    "education": "education",
    "formation": "formation",
    "infra": "infrastructures",
    "deep_learning": "deep-learning",
    "r_fin": "financement-rd-faible",
    "r_skills": "specialisation-competences",
    "r_infra": "infrastructure-souverainete-numerique",
    "r_reg": "reglementation-ethique-protection-donnees",
    "o_hub": "hub-regional-ia-afrique",
    "o_sect": "applications-ia-impact-local",
    "o_llm": "adaptation-llm-langues-locales",
    "o_collab": "collaboration-internationale",
}

# Gold surface forms deliberately not in the gazetteer: generic nouns that would match everywhere.
GENERIC_FORMS = {
    ("oracle_rd", "Centre R&D"): "any company's research centre is a 'centre R&D'",
    ("accord_cndp", "accord"): "common noun; the agreement is identified by its parties' slugs",
}

REGIONS = {
    "tanger-tetouan-al-hoceima",
    "oriental",
    "fes-meknes",
    "rabat-sale-kenitra",
    "beni-mellal-khenifra",
    "casablanca-settat",
    "marrakech-safi",
    "draa-tafilalet",
    "souss-massa",
    "guelmim-oued-noun",
    "laayoune-sakia-el-hamra",
    "dakhla-oued-ed-dahab",
}


@pytest.fixture(scope="module")
def real() -> Catalogue:
    tops = class_tops(load_ontology(ROOT / "ontology"))
    return load_catalogue(ROOT / "data" / "entities", tops)


@pytest.fixture(scope="module")
def gold() -> dict:
    return yaml.safe_load((FIXTURES / "seed.gold.yaml").read_text(encoding="utf-8"))


def _index(catalogue: Catalogue) -> dict[str, str]:
    return {normalise_form(text): slug for text, slug in catalogue.surface_forms()}


def _resolve(index: dict[str, str], form: str) -> str | None:
    """Slug named by *form*; a leading article may be dropped, as the matcher does."""
    found = index.get(normalise_form(form))
    if found is None:
        bare = re.sub(r"^(?:l['’]|le |la |les )", "", form, flags=re.IGNORECASE)
        found = index.get(normalise_form(bare))
    return found


# --- the real catalogue -----------------------------------------------------------------------


def test_real_catalogue_has_every_kind(real):
    for top in ("Actor", "Initiative", "Place", "Sector", "Risk", "Opportunity", "Language"):
        assert real.by_top(top), top
    assert len(real) > 250


def test_every_slug_of_every_file_is_a_slug():
    for path in sorted((ROOT / "data" / "entities").glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            assert is_slug(str(entry["slug"])), (path.name, entry["slug"])


def test_seed_slugs_are_stable(real):
    missing = {gid: slug for gid, slug in SEED_SLUGS.items() if slug not in real}
    assert not missing


def test_every_gold_entity_resolves_to_its_catalogue_entry(real, gold):
    index = _index(real)
    for entity in gold["entities"]:
        gid, slug = entity["id"], SEED_SLUGS[entity["id"]]
        forms = [f for f in entity["surface_forms"] if (gid, f) not in GENERIC_FORMS]
        for form in forms or [entity["name"]]:
            assert _resolve(index, form) == slug, (gid, form)
        assert real[slug].top == entity["type"].split("/")[0], gid


def test_generic_gold_forms_stay_out_of_the_gazetteer(real):
    index = _index(real)
    for (gid, form), reason in GENERIC_FORMS.items():
        assert normalise_form(form) not in index, (gid, form, reason)


def test_gold_entities_map_to_distinct_entries():
    assert len(set(SEED_SLUGS.values())) == len(SEED_SLUGS)


def test_agreement_named_by_its_parties_has_the_parties_slug(real):
    parties = sorted([SEED_SLUGS["mtn"], SEED_SLUGS["cndp"]])
    slug = "accord-" + "-".join(parties)
    assert real[slug].cls == "Agreement"


def test_the_twelve_regions_are_within_maroc(real):
    regions = {e.slug: e for e in real.by_top("Place") if e.cls == "Region"}
    assert set(regions) == REGIONS
    for region in regions.values():
        assert region.within == "maroc"
        assert region.source.startswith(DECREE)
        assert {"fr", "en", "ar"} <= set(region.labels)


def test_every_city_is_within_a_region(real):
    cities = [e for e in real.by_top("Place") if e.cls == "City"]
    assert len(cities) >= 27
    for city in cities:
        assert city.within in REGIONS, city.slug


def test_seed_spelling_variants_resolve(real):
    index = _index(real)
    assert _resolve(index, "Guelmim Oued Noun") == "guelmim-oued-noun"
    assert (
        _resolve(
            index,
            "Commission nationale de contrôle de la protection des données à caractère personnel",
        )
        == "cndp"
    )
    assert _resolve(index, "darija") == "arabe-dialectal"
    assert _resolve(index, "LLM") == "modeles-de-langage"


# --- the loader on a good catalogue -----------------------------------------------------------


def test_good_catalogue_api():
    cat = load_catalogue(GOOD, TOPS)
    assert len(cat) == 12 and "ocp" in cat and "nowhere" not in cat
    assert cat.get("nowhere") is None
    assert cat["maroc"].same_as == ("http://www.wikidata.org/entity/Q1028",)
    assert cat["casablanca"].within == "casablanca-settat"
    assert cat["energie-renouvelable"].broader == "energie"
    assert [e.slug for e in cat.by_top("Sector")] == [
        "energie",
        "energie-renouvelable",
        "intelligence-artificielle",
    ]
    assert cat["intelligence-artificielle"].cls == "TechnologyArea"
    assert cat["amazigh"].top == "Language"
    ocp = cat["ocp"]
    assert (Path(ocp.path).name, ocp.line) == ("actors.yaml", 1)


def test_surface_forms_cover_labels_in_all_languages_and_aliases():
    forms = load_catalogue(GOOD, TOPS).surface_forms()
    assert ("المغرب", "maroc") in forms
    assert ("IA", "intelligence-artificielle") in forms
    assert ("Office Chérifien des Phosphates", "ocp") in forms
    assert len(forms) == len(set(forms))
    assert [f for f in forms if f[1] == "casablanca"] == [("Casablanca", "casablanca")]


def test_catalogue_is_immutable():
    cat = load_catalogue(GOOD, TOPS)
    with pytest.raises(TypeError):
        cat["x"] = cat["ocp"]  # type: ignore[index]
    with pytest.raises(TypeError):
        cat["ocp"].labels["fr"] = "x"  # type: ignore[index]


def test_names_stay_text_whatever_yaml_would_make_of_them(tmp_path):
    folder = _catalogue(
        tmp_path,
        languages="""
        - slug: norvegien
          class: Language
          label: {fr: norvégien, en: Norwegian}
          aliases: [no, 2030, 5G, null-island]
        """,
    )
    assert load_catalogue(folder, TOPS)["norvegien"].aliases == ("no", "2030", "5G", "null-island")


def test_missing_kind_files_are_allowed(tmp_path):
    folder = tmp_path / "entities"
    folder.mkdir()
    shutil.copy(GOOD / "languages.yaml", folder)
    assert list(load_catalogue(folder, TOPS)) == ["amazigh"]


# --- the loader's errors ----------------------------------------------------------------------

OCP = "- slug: ocp\n  class: Company\n  label: {fr: Groupe OCP, en: OCP Group}\n"

ERRORS = [
    # (id, file, text, line, message fragment)
    ("syntax", "actors.yaml", OCP + "  note: a: b\n", 4, "YAML syntax error"),
    ("not-a-list", "actors.yaml", "slug: ocp\n", 1, "expected a list of entries"),
    ("empty", "actors.yaml", "# nothing yet\n", 1, "empty catalogue file"),
    ("empty-list", "actors.yaml", "[]\n", 1, "empty catalogue file"),
    ("not-a-mapping", "actors.yaml", OCP + "- just a name\n", 4, "entry is not a mapping"),
    ("unknown-key", "actors.yaml", OCP + "  lable: x\n", 4, "unknown key 'lable'"),
    ("twice-key", "actors.yaml", OCP + "  slug: ocp2\n", 4, "key 'slug' given twice"),
    (
        "no-slug",
        "actors.yaml",
        OCP + "- class: Company\n  label: {fr: X, en: X}\n",
        4,
        "entry has no 'slug'",
    ),
    ("no-class", "actors.yaml", OCP + "- slug: x\n  label: {fr: X, en: X}\n", 4, "no 'class'"),
    ("no-label", "actors.yaml", OCP + "- slug: x\n  class: Company\n", 4, "entry has no 'label'"),
    (
        "no-label-fr",
        "actors.yaml",
        OCP + "- slug: x\n  class: Company\n  label: {en: X}\n",
        6,
        "entry has no 'label.fr'",
    ),
    (
        "no-label-en",
        "actors.yaml",
        OCP + "- slug: x\n  class: Company\n  label:\n    fr: X\n",
        6,
        "entry has no 'label.en'",
    ),
    ("label-text", "actors.yaml", OCP + "- slug: x\n  class: Company\n  label: X\n", 6, "'label'"),
    (
        "empty-label",
        "actors.yaml",
        OCP + "- slug: x\n  class: Company\n  label: {fr: X, en: }\n",
        6,
        "'label.en' is empty",
    ),
    (
        "invalid-slug",
        "actors.yaml",
        OCP + "- slug: OCP_Group\n  class: Company\n  label: {fr: X, en: X}\n",
        4,
        "invalid slug 'OCP_Group'",
    ),
    (
        "duplicate-slug",
        "actors.yaml",
        OCP + "- slug: ocp\n  class: Company\n  label: {fr: X, en: X}\n",
        4,
        "duplicate slug 'ocp' (first defined at actors.yaml:1)",
    ),
    (
        "duplicate-slug-across-files",
        "initiatives.yaml",
        "- slug: cndp\n  class: Programme\n  label: {fr: X, en: X}\n",
        1,
        "duplicate slug 'cndp' (first defined at actors.yaml:5)",
    ),
    (
        "unknown-class",
        "actors.yaml",
        OCP.replace("Company", "Startup"),
        2,
        "unknown class 'Startup'",
    ),
    (
        "class-in-wrong-file",
        "actors.yaml",
        OCP.replace("Company", "City"),
        2,
        "class 'City' is a kind of Place, not of Actor: it belongs in places.yaml",
    ),
    (
        "class-in-no-file",
        "actors.yaml",
        OCP.replace("Company", "Target"),
        2,
        "no catalogue file holds it",
    ),
    (
        "bad-same-as",
        "actors.yaml",
        OCP + '  same_as: ["wd:Q1"]\n',
        4,
        "'wd:Q1' is not a Wikidata id",
    ),
    (
        "within-unknown",
        "places.yaml",
        "- slug: x\n  class: City\n  label: {fr: X, en: X}\n  within: atlantis\n  source: s\n",
        4,
        "'within' names unknown slug 'atlantis'",
    ),
    (
        "within-not-a-place",
        "places.yaml",
        "- slug: x\n  class: City\n  label: {fr: X, en: X}\n  within: ocp\n  source: s\n",
        4,
        "'within' names 'ocp', not a place",
    ),
    (
        "within-on-an-actor",
        "actors.yaml",
        OCP + "  within: maroc\n  source: s\n",
        4,
        "'within' is only for places",
    ),
    (
        "within-without-source",
        "places.yaml",
        "- slug: maroc\n  class: Country\n  label: {fr: Maroc, en: Morocco}\n"
        "- slug: x\n  class: City\n  label: {fr: X, en: X}\n  within: maroc\n",
        7,
        "'within' given without a 'source'",
    ),
    (
        "within-cycle",
        "places.yaml",
        "- slug: a\n  class: Region\n  label: {fr: A, en: A}\n  within: b\n  source: s\n"
        "- slug: b\n  class: Region\n  label: {fr: B, en: B}\n  within: a\n  source: s\n",
        4,
        "'within' cycle: a → b → a",
    ),
    (
        "broader-unknown",
        "sectors.yaml",
        "- slug: x\n  class: Sector\n  label: {fr: X, en: X}\n  broader: nowhere\n  source: s\n",
        4,
        "'broader' names unknown slug 'nowhere'",
    ),
    (
        "broader-other-kind",
        "sectors.yaml",
        "- slug: x\n  class: Sector\n  label: {fr: X, en: X}\n"
        "  broader: fuite-des-cerveaux\n  source: s\n",
        4,
        "'broader' names 'fuite-des-cerveaux', a Risk, not a Sector",
    ),
    (
        "broader-on-an-actor",
        "actors.yaml",
        OCP + "  broader: cndp\n  source: s\n",
        4,
        "'broader' is only for sectors",
    ),
    (
        "broader-without-source",
        "risks.yaml",
        "- slug: a\n  class: Risk\n  label: {fr: A, en: A}\n"
        "- slug: b\n  class: Risk\n  label: {fr: B, en: B}\n  broader: a\n",
        7,
        "'broader' given without a 'source'",
    ),
    (
        "alias-clash",
        "actors.yaml",
        OCP
        + "  aliases: [OCP]\n- slug: fondation-ocp\n  class: Association\n"
        + "  label: {fr: Fondation OCP, en: OCP Foundation}\n  aliases: [Fondation OCP,  ocp ]\n",
        8,
        "alias 'ocp' is claimed by both ocp (actors.yaml:4, as alias) and fondation-ocp "
        "(actors.yaml:8)",
    ),
    (
        "label-clash-across-files",
        "languages.yaml",
        "- slug: ia-langue\n  class: Language\n  label: {fr: Ia, en: Ia language}\n",
        3,
        "label 'Ia' is claimed by both intelligence-artificielle (sectors.yaml:12, as alias) and "
        "ia-langue (languages.yaml:3)",
    ),
    (
        "label-language-twice",
        "actors.yaml",
        "- slug: x\n  class: Company\n  label:\n    fr: X\n    en: X\n    fr: Y\n",
        6,
        "label 'fr' given twice",
    ),
]


def _catalogue(tmp_path: Path, **files: str) -> Path:
    """A copy of the good catalogue with some files (by kind) replaced by *files*."""
    folder = tmp_path / "entities"
    shutil.copytree(GOOD, folder)
    for kind, text in files.items():
        (folder / f"{kind}.yaml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "text", "line", "fragment"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_bad_entry_is_reported_with_file_and_line(tmp_path, name, text, line, fragment):
    folder = _catalogue(tmp_path, **{name.removesuffix(".yaml"): text})
    with pytest.raises(InputFileError) as caught:
        load_catalogue(folder, TOPS)
    error = caught.value
    assert fragment in error.detail
    assert (Path(error.path).name, error.line) == (name, line), error.detail


def test_missing_folder(tmp_path):
    with pytest.raises(InputFileError, match="catalogue folder not found") as caught:
        load_catalogue(tmp_path / "absent", TOPS)
    assert caught.value.path == str(tmp_path / "absent")


def test_folder_without_catalogue_files(tmp_path):
    (tmp_path / "README.md").write_text("notes\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="no catalogue file"):
        load_catalogue(tmp_path, TOPS)


def test_unknown_file_is_named(tmp_path):
    folder = _catalogue(tmp_path, partners="- slug: x\n")
    with pytest.raises(InputFileError, match="unknown catalogue file") as caught:
        load_catalogue(folder, TOPS)
    assert Path(caught.value.path).name == "partners.yaml"


def test_file_that_is_not_utf8(tmp_path):
    folder = _catalogue(tmp_path)
    (folder / "risks.yaml").write_bytes(b"- slug: r\n  label: {fr: \xe9}\n")
    with pytest.raises(InputFileError, match="not UTF-8") as caught:
        load_catalogue(folder, TOPS)
    assert Path(caught.value.path).name == "risks.yaml"
