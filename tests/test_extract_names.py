"""Initiatives named the way news stories name them, and who leads them."""

from __future__ import annotations

import pytest
from test_extract_rules import extract_text
from test_extract_rules import extractor as extractor


def _kinds(extraction) -> dict[str, str]:
    return {e.label: e.cls for e in extraction.new_entities.values()}


def _leads(extraction) -> set[tuple[str, str]]:
    labels = {slug: e.label for slug, e in extraction.new_entities.items()}
    return {
        (labels.get(f.subject, f.subject), labels.get(f.object, f.object))
        for f in extraction.facts
        if f.relation == "leads"
    }


def test_a_quoted_name_after_a_kind_and_its_adjective_is_that_kind(extractor, tmp_path):
    text = "La commune a présenté la plateforme numérique « Wadi Tech », un outil de suivi.\n"
    assert _kinds(extract_text(extractor, tmp_path, text)).get("Wadi Tech") == "Platform"


def test_at_the_initiative_of_names_who_acts_not_an_initiative(extractor, tmp_path):
    text = "À l’initiative de la fondation Nour Atlas, le programme « Code Rural » formera 90 "
    text += "jeunes.\n"
    extraction = extract_text(extractor, tmp_path, text)
    assert not [label for label in _kinds(extraction) if label.lower().startswith("initiative")]
    assert ("Fondation Nour Atlas", "Code Rural") in _leads(extraction)


def test_a_participle_opening_a_sentence_is_no_organisation(extractor, tmp_path):
    text = "Développé par la startup Ramla Soft, l’assistant vocal « Sanad » répond en darija.\n"
    extraction = extract_text(extractor, tmp_path, text)
    assert "Développé" not in _kinds(extraction)
    assert ("Ramla Soft", "Sanad") in _leads(extraction)


@pytest.mark.parametrize(
    "text",
    [
        "Selon le directeur de Tilila Data, le projet coûtera 4 millions de dirhams.\n",
        "D’après la présidente de Tilila Data, la plateforme sera ouverte en mai.\n",
    ],
)
def test_an_organisation_before_a_comma_is_not_renamed_an_initiative(extractor, tmp_path, text):
    kinds = _kinds(extract_text(extractor, tmp_path, text))
    assert kinds.get("Tilila Data") not in ("Project", "Platform"), kinds


def test_what_an_act_deploys_is_an_initiative_whatever_its_noun(extractor, tmp_path):
    text = "Le groupe Tafraout Télécom a annoncé le déploiement d’une offre de cloud régional.\n"
    extraction = extract_text(extractor, tmp_path, text)
    led = {obj for subject, obj in _leads(extraction) if subject == "Tafraout Télécom"}
    assert any(label.startswith("Offre de cloud") for label in led), _leads(extraction)


def test_a_name_given_by_appelee_after_the_phrase_is_that_kind(extractor, tmp_path):
    text = (
        "La startup Ramla Soft a conçu une application de suivi des troupeaux, appelée « Raï ».\n"
    )
    extraction = extract_text(extractor, tmp_path, text)
    assert _kinds(extraction).get("Raï") == "Platform", _kinds(extraction)
    assert ("Ramla Soft", "Raï") in _leads(extraction)


@pytest.mark.parametrize("kind, cls", [("living lab", "Project"), ("jumeau numérique", "Platform")])
def test_new_kinds_of_initiative(extractor, tmp_path, kind, cls):
    text = f"Le {kind} « Tiznit Smart » ouvrira en mai à Tiznit.\n"
    assert _kinds(extract_text(extractor, tmp_path, text)).get("Tiznit Smart") == cls


def test_a_place_after_an_unknown_agent_leads_nothing(extractor, tmp_path):
    text = (
        "Le projet « Nakhla Vision », piloté par l’IRDA, cartographie les palmeraies de Figuig.\n"
    )
    extraction = extract_text(extractor, tmp_path, text)
    assert not [f for f in extraction.facts if f.relation == "leads"]


def test_a_figure_in_a_relative_clause_belongs_to_what_it_hangs_on(extractor, tmp_path):
    text = (
        "Le groupe Tafraout Télécom a lancé le projet « Souss Fibre » à Tiznit.\n\n"
        "Le projet s’inscrit dans le plan Souss Horizon, qui vise à former 900 ingénieurs "
        "d’ici 2030.\n"
    )
    extraction = extract_text(extractor, tmp_path, text)
    labels = {slug: e.label for slug, e in extraction.new_entities.items()}
    owners = {labels.get(f.subject) for f in extraction.facts if f.relation == "hasTarget"}
    assert owners == {"Plan Souss Horizon"}, owners


def test_a_name_the_next_sentence_gives_is_the_phrase_created(extractor, tmp_path):
    text = (
        "L’Université Ibn Zohr a ouvert un laboratoire de robotique à Agadir. Baptisé "
        "« Tafoukt Lab », ce laboratoire réunit douze chercheurs.\n"
    )
    extraction = extract_text(extractor, tmp_path, text)
    assert ("universite-ibn-zohr", "Tafoukt Lab") in _leads(extraction), _leads(extraction)
    assert not [e for e in _kinds(extraction) if e.startswith("Laboratoire")]


def test_a_town_inside_an_unknown_agent_leads_nothing(extractor, tmp_path):
    text = "Enfin, un hackathon consacré à l’IA frugale, organisé par l’ENSA de Fès, a réuni 90 "
    text += "étudiants en mai 2025.\n"
    extraction = extract_text(extractor, tmp_path, text)
    assert "Event" in _kinds(extraction).values(), _kinds(extraction)
    assert not [f for f in extraction.facts if f.relation == "leads"]


def test_an_agreement_told_from_one_side_is_an_agreement_of_both(extractor, tmp_path):
    text = (
        "- Nvidia : fourniture de processeurs, dans le cadre d’une convention signée avec l’OCP\n"
    )
    extraction = extract_text(extractor, tmp_path, text)
    signed = {f.object for f in extraction.facts if f.relation == "signatory"}
    assert signed == {"nvidia", "ocp"}, signed
    assert not [f for f in extraction.facts if f.relation == "locatedIn"]


def test_an_alliance_sealed_by_two_parties_is_an_agreement(extractor, tmp_path):
    text = "Microsoft et l’OCP ont scellé une alliance pour déployer des assistants.\n"
    extraction = extract_text(extractor, tmp_path, text)
    signed = {f.object for f in extraction.facts if f.relation == "signatory"}
    assert signed == {"microsoft", "ocp"}, signed


def test_an_agreement_named_by_its_signature_is_dated_and_placed(extractor, tmp_path):
    text = "La signature d’un mémorandum entre la CNDP et l’OCP a eu lieu le 3 juin 2026 à Rabat.\n"
    extraction = extract_text(extractor, tmp_path, text)
    agreement = next(s for s, e in extraction.new_entities.items() if e.cls == "Agreement")
    about = {(f.relation, str(f.object)) for f in extraction.facts if f.subject == agreement}
    assert ("signatory", "ocp") in about and ("locatedIn", "rabat") in about, about


@pytest.mark.parametrize(
    "text",
    [
        "Un pilote de télésurveillance des barrages est mené par la startup Ramla Soft.\n",
        "La startup Ramla Soft s’est dotée d’une plateforme de suivi des barrages.\n",
        "La startup Ramla Soft prévoit d’investir 9 millions de dirhams dans un réseau de "
        "capteurs.\n",
    ],
)
def test_an_unnamed_initiative_and_who_leads_it(extractor, tmp_path, text):
    extraction = extract_text(extractor, tmp_path, text)
    led = [obj for subject, obj in _leads(extraction) if subject == "Ramla Soft"]
    assert len(led) == 1 and led[0].endswith("(Ramla Soft)"), _leads(extraction)


@pytest.mark.parametrize(
    "text, name",
    [
        # Kind nouns that name initiatives: an academy, a one-stop counter.
        ("Tafilalt IoT ouvrira l’académie « Draa Skills » à Ouarzazate.\n", "Draa Skills"),
        ("La commune a mis en place le guichet numérique « Bab Souss ».\n", "Bab Souss"),
        (
            "La Région Souss-Massa a lancé « Tamount Data » pour ouvrir ses données.\n",
            "Tamount Data",
        ),
        ("Avec « Jisr Rural », la Fondation OCP veut connecter 100 lycées.\n", "Jisr Rural"),
        ("Tiznit Connect, lancé en 2025 par l’OCP, équipe 30 écoles.\n", "Tiznit Connect"),
        ("Safi Green Valley sera construit par Masen à Safi.\n", "Safi Green Valley"),
        ("Sahara Solar Data est un centre de données solaire à Dakhla.\n", "Sahara Solar Data"),
        ("L’OCP a mis en service Data Oasis, son nouveau centre de données.\n", "Data Oasis"),
        (
            "L’application mobile Tbib Dialna compte 50 000 utilisateurs.\n",
            "Application mobile Tbib Dialna",
        ),
    ],
)
def test_initiatives_named_by_their_kind_or_without_a_kind_noun_before_the_name(
    extractor, tmp_path, text, name
):
    tops = {e.label: e.top for e in extract_text(extractor, tmp_path, text).new_entities.values()}
    assert tops.get(name) == "Initiative", tops


def test_a_title_run_into_a_body_that_says_its_kind(extractor, tmp_path):
    text = (
        "Panorama\nOriental Smart Farming Une plateforme de conseil agricole développée par la "
        "startup AgriNova.\n"
    )
    extraction = extract_text(extractor, tmp_path, text)
    assert _kinds(extraction).get("Oriental Smart Farming") == "Platform", _kinds(extraction)
    assert ("AgriNova", "Oriental Smart Farming") in _leads(extraction)


def test_a_city_said_to_be_a_centre_stays_a_place(extractor, tmp_path):
    text = "Casablanca est le centre financier du Royaume.\n"
    extraction = extract_text(extractor, tmp_path, text)
    assert not [e for e in extraction.new_entities.values() if e.top == "Initiative"]


@pytest.mark.parametrize(
    "text",
    [
        "L’OCP, pionnier en la matière, a déployé dès 2023 un système de contrôle qualité.\n",
        "L’OCP, de son côté, a annoncé la création d’un centre de compétences à Safi.\n",
        "L’OCP pilote le programme « Atlas Skills », qui forme 300 techniciens.\n",
        "Conçue par l’OCP, la solution « LineEye » équipe cinq usines.\n",
    ],
)
def test_who_leads_across_an_incise_or_a_verb_taken_for_a_noun(extractor, tmp_path, text):
    extraction = extract_text(extractor, tmp_path, text)
    assert [obj for subject, obj in _leads(extraction) if subject == "ocp"], _leads(extraction)


def test_an_organisation_that_manages_an_infrastructure_leads_it(extractor, tmp_path):
    text = "Le CNRST gère un réseau de calcul intensif.\n"
    extraction = extract_text(extractor, tmp_path, text)
    assert [obj for subject, obj in _leads(extraction) if subject == "cnrst"], _leads(extraction)


def test_a_kind_given_first_then_the_name_between_commas(extractor, tmp_path):
    text = "Fondée en 2023, la startup Fellah Voice grandit. Son premier produit, Souk Voice, "
    text += "compte 20 000 utilisateurs.\n"
    kinds = _kinds(extract_text(extractor, tmp_path, text))
    assert kinds.get("Souk Voice") == "Platform", kinds


def test_creating_a_subsidiary_creates_no_initiative(extractor, tmp_path):
    text = "Le groupe Atlas Mines a annoncé la création d’une filiale dédiée au numérique.\n"
    extraction = extract_text(extractor, tmp_path, text)
    assert not [e for e in extraction.new_entities.values() if e.top == "Initiative"]


def test_the_centre_opening_a_sentence_refers_back_and_is_no_new_one(extractor, tmp_path):
    text = (
        "Khouribga, le 3 mars 2026 – Un centre de recherche minière ouvrira en 2027.\n\n"
        "Le centre, porté par l’OCP, accueillera 60 chercheurs.\n"
    )
    extraction = extract_text(extractor, tmp_path, text)
    assert not [e.label for e in extraction.new_entities.values() if "(Groupe OCP)" in e.label]
