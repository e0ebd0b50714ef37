"""Sectors and technology areas: the fields an initiative, an organisation or an opportunity
works in ("axé sur le cloud, l'IA…", "spécialisée dans la logistique"), and the sector words
that name no field (a material, an agent, an act done to an initiative).
"""

from __future__ import annotations

import re

from .clauses import preceding_word, rel
from .context import Context, Sentence
from .governors import compared, foreign_owner
from .lexicon import INITIATIVE_HEADS
from .mentions import Ref, head_at


def sector_rule(ctx: Context, sentence: Sentence, focus: Ref) -> None:
    """Sectors and technology areas named about the focus: "axé sur le cloud, l'IA…".

    A sector inside the focus's own name counts only for an opportunity, and only when it is the
    name's head or its complement ("agriculture de précision", "adaptation des modèles de
    langage"), not when it qualifies it ("hub pour l'IA", "applications IA").
    """
    if focus.top not in ("Initiative", "Actor", "Opportunity"):
        return
    if ctx.classes.get(focus.slug) == "Person":
        return  # a person speaks of a field; organisations and initiatives work in one
    beneficiary_rule(ctx, sentence, focus)
    for ref in sentence.refs_of("Sector", nested=True):
        word = preceding_word(sentence, ref)
        if focus.start <= ref.start and ref.end <= focus.end and focus.end > focus.start:
            own = focus.top == "Opportunity" or focus.new  # a descriptive name, not a brand
            # An event's name says what it is about, not a field it works in; a sector that
            # opens a concept's name is what the concept is ("L'agriculture de précision").
            own = own and ctx.classes.get(focus.slug) != "Event"
            own = (
                own
                and sentence.text[rel(sentence, ref)[0] : rel(sentence, ref)[1]].lower()
                not in _MATERIALS
            )
            complement = ("de", "des", "du", "d'", "en", "à", "au", "aux", "dans")
            if own and word in complement:
                ctx.emit(focus.slug, "targetsSector", ref.slug, sentence, "sector-in-name", 0.7)
            continue
        apposition = (
            re.fullmatch(
                r",\s*(?:un|une)\s*",
                sentence.text[focus.end - sentence.start : ref.start - sentence.start],
            )
            if focus.end > focus.start
            else None
        )
        if ref.nested or (word in ("un", "une", "d'un", "d'une") and not apposition):
            continue  # "construire une infrastructure" builds one; "X, un assistant vocal" is one
        if _not_a_field(sentence, ref):
            continue
        if _specialist_of(sentence, ref) is not None:
            continue  # the sector of the actor just before (specialist_rule), not the focus
        if foreign_owner(sentence, ref, focus):
            continue  # "la région pourrait exploiter son gisement éolien": the country's
        if compared(sentence, ref):
            continue  # "comme l'avait fait un dispositif dans le tourisme": another's field
        ctx.emit(focus.slug, "targetsSector", ref.slug, sentence, "sector-in-focus", 0.8)


_DEFINITE = re.compile(r"(?:\b(?:le|la|les|ce|cette|cet|ces)\s+|\bl')$", re.I)
_ACTION_ON = re.compile(r"\s*(?:de la |de l'|du |des |d'un |d'une |de |d')")


# Words that name a material more often than a field, unless a sentence devotes something to it.
_MATERIALS = frozenset({"données", "data"})
_DEVOTED = re.compile(
    r"\b(?:consacrée?s?|dédiée?s?|spécialisée?s?|axée?s?|centrée?s?)\s+(?:à|aux|au|sur|dans|en)"
    r"\s+(?:la |le |les |l')?$",
    re.I,
)

# Means, not fields: "alimenté à l'énergie éolienne", "reposant sur la vision par ordinateur".
_INSTRUMENT = re.compile(
    r"\b(?:alimentée?s?\s+(?:à|au|par)|(?:fondée?s?|basée?s?|reposant|reposent|repose)\s+sur"
    r"|grâce\s+(?:à|au|aux)|fonctionnant\s+(?:à|au)|dopée?s?\s+(?:à|au))"
    r"\s+(?:la |le |les |l'|des |du |de l'|de la |un |une |son |sa |ses |leurs? )?$",
    re.I,
)

# A quantity of a resource, not a field: a measure noun with a bare "de" ("une économie d'eau",
# "la consommation d'énergie"), or a price of it ("le coût de l'électricité").
_MEASURED = re.compile(
    r"\b(?:(?:économies?|consommations?|quantités?|volumes?|pertes?|gaspillages?|dépenses?)"
    r"\s+(?:de|d')|(?:coûts?|prix|factures?|tarifs?)\s+(?:de|d'|du|des|de la|de l'))\s*$",
    re.I,
)


def _not_a_field(sentence: Sentence, ref: Ref) -> bool:
    """A sector word that is no field of the focus: a material ("ses données de production"),
    the agent of a passive ("utilisés par
    l'administration"), a kind of initiative taken up by an article ("L'infrastructure
    hébergera…": the focus again), or an act done to an initiative ("la construction d'un
    campus")."""
    start, end = rel(sentence, ref)
    before = sentence.text[:start]
    if re.search(r"\w(?:ée?s?|ie?s?|ue?s?|ite?s?)\s+par\s+(?:le |la |les |l')$", before, re.I):
        return True  # "utilisés par l'administration", not "assisté par IA"
    if _INSTRUMENT.search(before):
        return True  # "alimenté à l'énergie éolienne": what it runs on, not what it works in
    if _MEASURED.search(before):
        return True  # "réduire la consommation d'eau de 20 %": what it saves, not its field
    text = sentence.text[start:end].lower()
    if text in _MATERIALS and not _DEVOTED.search(before):
        return True  # "le traitement des données": what is worked on, not a field
    head = head_at(text, 0, INITIATIVE_HEADS)
    if _DEFINITE.search(before) and head is not None and head[0] == text:
        return True
    action = _ACTION_ON.match(sentence.text, end) if _DEFINITE.search(before) else None
    return bool(action) and head_at(sentence.text, action.end(), INITIATIVE_HEADS) is not None


# "spécialisée dans l'inspection des soudures par vision par ordinateur et la robotique": the fields
# named in the phrase after the marker, up to the end of the clause.
_SPECIALISED = re.compile(
    r"(?:\b(?:spécialisée?s?|active?s?|positionnée?s?|experte?s?)\s+(?:dans|en|sur)\s+"
    # "X, spécialiste de la cybersécurité", "Y, acteur majeur de la logistique"
    r"|,\s*(?:une?\s+|le\s+|la\s+|l')?(?:spécialiste|acteur|actrice|leader|pionni(?:er|ère)|"
    r"champion(?:ne)?)(?:\s+[a-zé]+)?\s+(?:de|du|des|d'|en|dans)\s*)"
    r"[^,;:.()«»]{0,70}$",
    re.I,
)
_NEW_CLAUSE = re.compile(r"\b(?:qui|que|dont|afin|mais|tandis)\b|\bpour\s+\w+er\b")


def specialist_rule(ctx: Context, sentence: Sentence) -> None:
    """ "la jeune pousse Bahr Analytics, spécialisée dans la logistique": that actor's sector;
    "la startup X conçoit des robots de cueillette": a company's activity."""
    for ref in sentence.refs_of("Sector"):
        specialist = _specialist_of(sentence, ref)
        if specialist is not None:
            ctx.emit(specialist.slug, "targetsSector", ref.slug, sentence, "specialised-in", 0.75)
    activity_rule(ctx, sentence)


def _specialist_of(sentence: Sentence, ref: Ref) -> Ref | None:
    """ "la jeune pousse Bahr Analytics, spécialisée dans la logistique": that actor's sector."""
    before = sentence.text[: rel(sentence, ref)[0]]
    marker = _SPECIALISED.search(before)
    if not marker or _NEW_CLAUSE.search(marker.group(0)):
        return None
    at = marker.start()
    actors = [a for a in sentence.refs_of("Actor") if 0 <= at - rel(sentence, a)[1] <= 45]
    gap = before[rel(sentence, actors[-1])[1] : at] if actors else ""
    # "X compte recruter 80 techniciens spécialisés dans le cloud": the technicians are
    if not actors or _NEW_CLAUSE.search(gap) or re.search(r"\d", gap):
        return None
    return actors[-1]


# What a company does, in the present: "X développe / conçoit / déploie / optimise …".
_ACTIVITIES = frozenset(
    """développer concevoir déployer commercialiser éditer fabriquer optimiser prédire
    proposer automatiser analyser""".split()
)
_FIELD_VERBS = frozenset({"travailler", "opérer", "intervenir"})
_FIELD_AFTER = re.compile(r"\w+\s+(?:\w+ment\s+)?(?:pour|dans|sur)\s", re.I)
_COMPANIES = frozenset({"Company", "Organisation", "ResearchCentre", "RDCentre"})


def activity_rule(ctx: Context, sentence: Sentence) -> None:
    """ "Fondée à Settat, la startup X conçoit des drones qui surveillent les cultures", "Y,
    installée à Tata, qui fabrique des onduleurs pour l'énergie solaire": the
    fields a company works in, when the sentence names no initiative to give them to."""
    if sentence.refs_of("Initiative"):
        return
    for token in sentence.tokens:
        verb = token.idx - sentence.tokens[0].idx
        # "qui travaille pour l'industrie automobile", "opère dans la logistique"
        field = token.lemma_ in _FIELD_VERBS and _FIELD_AFTER.match(sentence.text, verb)
        if token.pos_ != "VERB" or not (token.lemma_ in _ACTIVITIES or field):
            continue
        if "Fin" not in token.morph.get("VerbForm") or "Pres" not in token.morph.get("Tense"):
            continue
        company = _doer(ctx, sentence, verb)
        if company is None:
            continue
        # a relative clause ends at its comma: "Y, qui travaille pour Z, a ouvert…"
        relative = sentence.text[:verb].rstrip().endswith("qui")
        ends = r"[;.,]" if relative else r"[;.]|\bet\s+(?:le |la |l')?[A-ZÀ-Ý]"
        stop = re.search(ends, sentence.text[verb:])
        end = verb + (stop.start() if stop else len(sentence.text))
        for ref in sentence.refs_of("Sector"):
            if verb < rel(sentence, ref)[0] < end and not _not_a_field(sentence, ref):
                ctx.emit(company.slug, "targetsSector", ref.slug, sentence, "company-activity", 0.7)


def _doer(ctx: Context, sentence: Sentence, verb: int) -> Ref | None:
    """The company a present-tense verb at *verb* says what it does: its subject, or the
    actor a relative "qui" after an apposition hangs on ("Y, installée à Tata, qui fabrique")."""
    before = sentence.text[:verb]
    actors = [a for a in sentence.refs_of("Actor") if rel(sentence, a)[1] <= verb]
    if not actors or ctx.classes.get(actors[-1].slug) not in _COMPANIES:
        return None
    gap = before[rel(sentence, actors[-1])[1] :]
    relative = re.fullmatch(r",?\s*(?:[^,;.]{0,40},\s*)?qui\s+", gap)
    if relative or re.fullmatch(r"\s*", gap):
        return actors[-1]
    return None


# Whom something is for says its field: "destiné aux agriculteurs" → agriculture.
_BENEFICIARIES = {
    "agriculteurs": "agriculture",
    "exploitants agricoles": "agriculture",
    "exploitations agricoles": "agriculture",
    "coopératives agricoles": "agriculture",
    "fellahs": "agriculture",
    "patients": "sante",
    "médecins": "sante",
    "soignants": "sante",
    "hôpitaux": "sante",
    "élèves": "education",
    "enseignants": "education",
    "pêcheurs": "peche",
    "touristes": "tourisme",
}
_FOR_WHOM = re.compile(
    r"\b(?:destinée?s?\s+(?:à|aux)|dédiée?s?\s+aux|au service des|à destination des|au profit "
    r"des|s'adresse aux|s'adressent aux|(?:cible|vise|accompagne|équipe)(?:nt|ra|ront)?\s+"
    r"(?:en priorité\s+)?les)\s+"
    r"(?:(?:petits|petites|jeunes|\d[\d  ]*)\s+)?(?P<who>[a-zàâçéèêëîïôûù]+(?:\s+agricoles)?)",
    re.I,
)


def beneficiary_rule(ctx: Context, sentence: Sentence, focus: Ref) -> None:
    """ "une application destinée aux agriculteurs", "au service des patients": the sector of
    the people the focus is for, when the catalogue knows it.

    >>> _FOR_WHOM.search("Il cible en priorité les petits agriculteurs du Saïs").group("who")
    'agriculteurs'
    """
    for match in _FOR_WHOM.finditer(sentence.text):
        sector = _BENEFICIARIES.get(match.group("who").lower())
        if sector is None or ctx.tops.get(sector) != "Sector":
            continue
        if ctx.labels.get(sector, "?").lower() in ctx.labels.get(focus.slug, "").lower():
            continue  # "l'Institut de santé X, au service des patients": its name says
        start, end = sentence.offset(match.start("who")), sentence.offset(match.end("who"))
        ctx.note_mention(Ref(sector, "Sector", "Sector", start, end))
        ctx.emit(focus.slug, "targetsSector", sector, sentence, "sector-of-beneficiaries", 0.65)
