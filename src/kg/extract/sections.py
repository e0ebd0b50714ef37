"""Risks and opportunities: the paragraphs of a section that announces them, and those named in
prose.

Whose they are: the place a sentence opens with ("le Souss-Massa peut devenir…"), "la région"
for the region named last, a country the sentence names, else the country or region the document
is about; in a fact sheet, its subject.
"""

from __future__ import annotations

import re

from . import clauses, concepts, factsheet, rules, sectors
from .context import Context, Sentence
from .mentions import Ref


def concepts_in_prose(ctx: Context, sentence: Sentence, focus: Ref | None) -> None:
    """Risks and opportunities named outside their sections are the country's; an initiative
    said to answer one addresses it; "le Royaume peut devenir une place de référence…" is an
    opportunity."""
    country = _country_of(ctx, sentence)
    if country is None:
        return
    faced = {f.object for f in ctx.facts if f.relation == "facesRisk"}
    worded = concepts.worded_concept(ctx, sentence)
    if worded is not None:
        relation = "facesRisk" if worded.top == "Risk" else "hasOpportunity"
        ctx.emit(country, relation, worded.slug, sentence, "concept-worded", 0.65)
    for named in sentence.refs_of("Risk"):
        for ref in concepts.coordinated_risks(ctx, sentence, named):
            ctx.emit(country, "facesRisk", ref.slug, sentence, "coordinated-risk", 0.65)
    for ref in sentence.refs_of("Risk"):
        if ref.slug not in faced:  # whose risk it is was said where it was first named
            ctx.emit(country, "facesRisk", ref.slug, sentence, "risk-named", 0.7)
        answered = _ANSWERS.search(sentence.text[: ref.start - sentence.start])
        if answered and focus is not None and focus.top == "Initiative":
            ctx.emit(focus.slug, "addressesRisk", ref.slug, sentence, "answers-risk", 0.7)
    for ref in sentence.refs_of("Opportunity"):
        ctx.emit(country, "hasOpportunity", ref.slug, sentence, "opportunity-named", 0.7)
    places = [r for r in sentence.refs_of("Place") if r.slug == country]
    becomes = concepts.BECOMES.search(sentence.text)
    if places and becomes and becomes.start() > places[0].start - sentence.start:
        start, label = concepts.concept_phrase(ctx, sentence)
        if len(label) > 3:
            begin = sentence.start + start
            opportunity = ctx.mint(
                label[:120], "Opportunity", "Opportunity", begin, begin + len(label), 0.6
            )
            ctx.emit(country, "hasOpportunity", opportunity.slug, sentence, "could-become", 0.65)
            rules.location_rule(ctx, sentence, opportunity)


# "doit répondre au risque de biais…", "pour réduire la fracture…": an answer to the risk.
_ANSWERS = re.compile(
    r"\b(?:répond(?:re)?|réduire|réduit|limiter|limite|lutter contre|lutte contre|prévenir|"
    r"atténuer|combler|remédier|pallier|pallie|freiner|freine|endiguer|contrer|contrecarrer|"
    r"combattre|combat|corriger|corrige|détecter|détecte|résorber|"
    # "s'attaque aux biais…", "pour faire face à la…" (not "la région fait face à": facing)
    r"s'attaquer?|s'attaquent|pour faire face)\b[^.;]{0,25}$",
    re.I,
)


def read_section_sentence(ctx: Context, sentence: Sentence, topic: Ref, section, is_title) -> None:
    country = _country_of(ctx, sentence)
    if section == "risk" and ctx.fields >= 2:  # a fact sheet's "Risques suivis": its subject's
        country = factsheet.document_subject(ctx, agreements=False) or country
    if country and not is_title and topic.slug not in ctx.topics_done:
        relation = "facesRisk" if section == "risk" else "hasOpportunity"
        listed = concepts.listed_concepts(ctx, sentence, topic, section)
        listed = listed or [topic, *_joined(sentence, topic)]
        for concept in listed:  # "trois obstacles : A, B et C" are A, B and C
            ctx.emit(country, relation, concept.slug, sentence, f"{section}-section", 0.8)
        ctx.topics_done.add(topic.slug)
    if section == "risk":
        for ref in sentence.refs_of("Initiative"):
            if clauses.preceding_word(sentence, ref) in ("de", "du", "des", "d'"):
                continue  # "l'application de la loi 09-08": a complement, not an answer
            ctx.emit(ref.slug, "addressesRisk", topic.slug, sentence, "initiative-in-risk", 0.7)
        return
    sectors.sector_rule(ctx, sentence, topic)
    rules.location_rule(ctx, sentence, topic)
    for ref in sentence.refs_of("Language"):
        ctx.emit(topic.slug, "concernsLanguage", ref.slug, sentence, "language-named", 0.75)
    anchor = Ref(country, "Place", "Country", sentence.start, sentence.start) if country else None
    rules.partner_rule(ctx, sentence, anchor, [])


def _joined(sentence: Sentence, topic: Ref) -> list[Ref]:
    """The concepts of the topic's kind named right after it: "A et B restent les risques"."""
    joined, cursor = [], topic.end
    for ref in sentence.refs_of(topic.top):
        if ref.start < cursor:
            continue
        gap = sentence.text[cursor - sentence.start : ref.start - sentence.start]
        if not _JOIN.fullmatch(gap):
            break
        joined.append(ref)
        cursor = ref.end
    return joined


_JOIN = re.compile(r"\s*(?:,|\bet\b|\bainsi que\b)\s*(?:la |le |les |l'|une |un |des )?\s*", re.I)


def _country_of(ctx: Context, sentence: Sentence) -> str | None:
    """Whose risk or opportunity: the place the sentence opens with ("le Souss-Massa peut
    devenir…"), else a country it names, else a region it names, else the country the document
    names most."""
    opening = re.match(r"^\W*(?:le|la|les|l')?\s*", sentence.text, re.I)
    for ref in sentence.refs_of("Place"):
        if ref.start - sentence.start == opening.end():
            return ref.slug
    if re.match(r"^\W*(?:la|cette) région\b(?!\s+(?:de|du|d')\b)", sentence.text, re.I):
        regions = [
            m
            for m in ctx.mentions
            if m.end <= sentence.start and ctx.classes.get(m.slug) == "Region"
        ]
        if regions:  # "La région fait face à…": the region named last
            return max(regions, key=lambda m: m.end).slug
    named = [r for r in sentence.refs_of("Place") if ctx.classes.get(r.slug) == "Country"]
    # "La pénurie de techniciens pèse sur la région de l'Oriental"
    named += [r for r in sentence.refs_of("Place") if ctx.classes.get(r.slug) == "Region"]
    return named[0].slug if named else ctx.holder or ctx.main_country()
