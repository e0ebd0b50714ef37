"""Generated datasets shaped like a real build, at any size, for loading and serving at scale.

``kg generate --quads N OUT.nq`` writes N-Quads as it goes, in the named graphs of a build
(docs/architecture.md): ``ontology`` (``ontology/mai.ttl``); ``catalogue`` (the real catalogue
of ``data/entities``, then generated cities in its regions, actors of every kind and a quarter
of the initiatives, labelled ``@fr`` ``@en`` ``@ar``); ``facts`` (each statement once, the
entities extraction would mint, target and budget nodes); ``documents`` (one source document
per five initiatives, its text made of the sentences its evidence quotes); ``evidence/<id>``
(one record per statement and sentence, with ``rdf:subject``/``rdf:predicate``/``rdf:object``
and offsets into that text; a fifth of the ``mai:leads`` statements are stated again by the
next document); ``inferred`` (superclass types, the inverse of ``mai:partnerOf``).

A generated entity's name is its number spelt in syllables, and its statements are drawn from
a random generator seeded by the seed and that number: nothing but the catalogue is held in
memory, and the same size, seed, ontology and catalogue give the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from hashlib import sha256
from itertools import chain
from pathlib import Path

from pyoxigraph import BlankNode, RdfFormat, parse

from .catalogue import Catalogue, Entity, load_catalogue
from .errors import KGError
from .namespaces import DOC, GRAPH, ID, MAI, short_hash, slugify
from .ontology import ONTOLOGY_FILE, class_tops, load_ontology, superclasses
from .settings import Settings

SEED = 7
QUADS_PER_SCALE = 1_000_000
INITIATIVES_PER_DOCUMENT = 5
XSD, RDF = "http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TYPE, LABEL = f"<{RDF}type>", "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"
CATALOGUE, FACTS, INFERRED, DOCUMENTS = (
    f"<{GRAPH}{name}>" for name in ("catalogue", "facts", "inferred", "documents")
)

_CONSONANTS = tuple(zip("bdfklmnrstzj", "بدفكلمنرستزج", strict=True))
_VOWELS = (("a", "ا"), ("i", "ي"), ("ou", "و"))
_SYLLABLES = tuple((c + v, ca + va) for c, ca in _CONSONANTS for v, va in _VOWELS)
# Labels (French, English, Arabic) of each kind; {w} is the name, {a} its Arabic spelling.
_ORGANISATIONS = (
    ("Company", "{w} Technologies", "{w} Technologies", "{a} للتكنولوجيا"),
    ("GovernmentBody", "Agence {w} du numérique", "{w} Digital Agency", "وكالة {a} للرقمنة"),
    ("University", "Université {w}", "{w} University", "جامعة {a}"),
    ("Company", "{w} Data", "{w} Data", "{a} للبيانات"),
    ("ResearchCentre", "Centre de recherche {w}", "{w} Research Centre", "مركز {a} للبحث"),
    ("InternationalOrganisation", "Fondation {w}", "{w} Foundation", "مؤسسة {a} الدولية"),
    ("Association", "Association {w} IA", "{w} AI Association", "جمعية {a} للذكاء الاصطناعي"),
    ("Company", "{w} Analytics", "{w} Analytics", "{a} للتحليلات"),
    ("RegulatoryAuthority", "Autorité {w}", "{w} Authority", "هيئة {a} للتقنين"),
)  # the tenth actor of every ten is a person
_FAMILIES = (
    ("Alaoui", "العلوي"), ("Bennani", "بناني"), ("Tazi", "التازي"), ("Berrada", "برادة"),
    ("El Fassi", "الفاسي"), ("Chraibi", "الشرايبي"), ("Idrissi", "الإدريسي"),
)  # fmt: skip
# Of every twenty initiatives in a row, the first is a strategy the others are part of.
_INITIATIVES = (
    ("NationalStrategy", "Stratégie {w} 2030", "{w} 2030 Strategy", "استراتيجية {a} 2030"),
    ("Programme", "Programme {w}", "{w} Programme", "برنامج {a}"),
    ("Project", "Projet {w}", "{w} Project", "مشروع {a}"),
    ("Platform", "Plateforme {w}", "{w} Platform", "منصة {a}"),
    ("Agreement", "Accord {w}", "{w} Agreement", "اتفاقية {a}"),
    ("RDCentre", "Centre R&D {w}", "{w} R&D Centre", "مركز {a} للبحث والتطوير"),
    ("Programme", "Programme {w} Talents", "{w} Talents Programme", "برنامج {a} للكفاءات"),
    ("Event", "Journées {w} de l'IA", "{w} AI Days", "أيام {a} للذكاء الاصطناعي"),
    ("Project", "Projet pilote {w}", "{w} Pilot Project", "مشروع {a} التجريبي"),
    ("CentreOfExcellence", "Centre d'excellence {w}", "{w} Centre of Excellence", "مركز {a}"),
    ("Programme", "Programme {w} Startups", "{w} Startups Programme", "برنامج {a} للمقاولات"),
    ("Platform", "Plateforme de données {w}", "{w} Data Platform", "منصة {a} للبيانات"),
    ("Agreement", "Convention {w}", "{w} Convention", "اتفاقية شراكة {a}"),
    ("InstituteNetwork", "Réseau d'instituts {w}", "{w} Institute Network", "شبكة معاهد {a}"),
    ("Project", "Projet {w} Santé", "{w} Health Project", "مشروع {a} للصحة"),
    ("Infrastructure", "Centre de données {w}", "{w} Data Centre", "مركز بيانات {a}"),
    ("RDCentre", "Laboratoire {w}", "{w} Lab", "مختبر {a}"),
    ("Event", "Forum {w} de l'IA", "{w} AI Forum", "منتدى {a} للذكاء الاصطناعي"),
    ("Law", "Loi {w} sur les données", "{w} Data Act", "قانون {a} للمعطيات"),
    ("Programme", "Programme {w} Régions", "{w} Regions Programme", "برنامج {a} للجهات"),
)
# The date an initiative of a class states: property, datatype, length kept, sentence.
_DATES = {
    "Agreement": ("signatureDate", "date", 10, ""),  # stated with the signatories
    "Event": ("eventDate", "date", 10, "{name} se tiendront le {spoken}."),
    "RDCentre": ("openingDate", "gYear", 4, "{name} a ouvert ses portes en {date}."),
    "CentreOfExcellence": ("openingDate", "gYear", 4, "{name} a ouvert ses portes en {date}."),
    "Infrastructure": ("openingDate", "gYear", 4, "{name} est en service depuis {date}."),
    "Law": ("date", "gYear", 4, "{name} a été adoptée en {date}."),
}
_LAUNCH = ("launchDate", "gYearMonth", 7, "{name} a été lancé en {month}.")
_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
_UNITS = ("ingénieurs formés", "startups accompagnées", "chercheurs", "emplois", "étudiants")
_LANGUAGE_AREAS = ("modeles-de-langage", "traitement-automatique-des-langues")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_CONFIDENCE = {"leads": "0.9", "signatory": "0.9", "sectors": "0.75", "partner": "0.7"}


def spell(number: int) -> tuple[str, str]:
    """The name numbered *number*, in Latin and in Arabic letters (distinct for each number).

    Names of three syllables come first, then of four, and so on; within a length, numbers
    are shuffled (an affine map, one to one) so that neighbours do not sound alike.

    >>> spell(0), spell(1)
    (('Janaka', 'جاناكا'), ('Boutouja', 'بوتوجا'))
    """
    size, first = 3, 0
    while number >= first + len(_SYLLABLES) ** size:
        first, size = first + len(_SYLLABLES) ** size, size + 1
    rank = ((number - first) * 5**7 + 12345) % len(_SYLLABLES) ** size
    syllables = []
    for _ in range(size):
        rank, digit = divmod(rank, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
    latin, arabic = ("".join(parts) for parts in zip(*syllables, strict=True))
    return latin.capitalize(), arabic


def quads_for_scale(scale: float) -> int:
    """The number of quads a scale factor asks for (1 is a million).

    >>> quads_for_scale(0.5)
    500000
    """
    return round(scale * QUADS_PER_SCALE)


def literal(text: str, suffix: str = "") -> str:
    """An N-Quads literal; *suffix* is ``@lang`` or ``^^<datatype>``.

    >>> print(literal('« oui »\\n"2"', "@fr"))
    "« oui »\\n\\"2\\""@fr
    """
    return f'"{text.translate(_ESCAPES)}"{suffix}'


def typed(value: object, datatype: str) -> str:
    """An N-Quads literal of an XSD *datatype*.

    >>> typed(True, "boolean")
    '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    """
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return literal(text, f"^^<{XSD}{datatype}>")


def term(name: str) -> str:
    """The N-Quads form of the ``mai:`` term *name*."""
    return f"<{MAI}{name}>"


def quad(s: str, p: str, o: str, g: str) -> str:
    return f"{s} {p} {o} {g} .\n"


def about(subject: str, graph: str, pairs: list[tuple[str, str]]) -> list[str]:
    """Quads of *subject* in *graph*, one per (predicate, object) pair."""
    return [f"{subject} {p} {o} {graph} .\n" for p, o in pairs]


@dataclass(frozen=True)
class Thing:
    """An entity statements are made about: IRI (N-Quads form), class, labels fr, en, ar."""

    iri: str
    cls: str
    labels: tuple[str, ...]
    curated: bool = True

    @property
    def fr(self) -> str:
        return self.labels[0]


def named(number: int, cls: str, templates: tuple[str, ...], curated: bool) -> Thing:
    """The generated entity numbered *number*; its slug is made from its French label."""
    latin, arabic = spell(number)
    labels = tuple(template.format(w=latin, a=arabic) for template in templates)
    return Thing(f"<{ID}{slugify(labels[0])}>", cls, labels, curated)


class World:
    """What statements draw from: the catalogue's concepts and places, and generated cities,
    actors and initiatives (numbered one after the other, so that no two share a name)."""

    def __init__(self, settings: Settings, quads: int, seed: int):
        ontology = load_ontology(settings.ontology_dir)
        self.catalogue = load_catalogue(settings.entities_dir, class_tops(ontology))
        self.parents = {
            str(cls)[len(MAI) :]: sorted(f"<{p}>" for p in found)
            for cls, found in superclasses(ontology).items()
        }
        self.seed, self.cities, self.actors = seed, max(10, quads // 20_000), max(30, quads // 200)
        known = [
            (Thing(f"<{ID}{e.slug}>", e.cls, (e.labels["fr"],)), e) for e in self.catalogue.values()
        ]

        def pick(test: Callable[[Entity], bool]) -> tuple[Thing, ...]:
            return tuple(thing for thing, entity in known if test(entity))

        self.regions = pick(lambda e: e.cls == "Region")
        self.places = (*pick(lambda e: e.cls == "City"), *map(self.city, range(self.cities)))
        self.sectors = pick(lambda e: e.top == "Sector")
        self.risks = pick(lambda e: e.top == "Risk")
        self.opportunities = pick(lambda e: e.top == "Opportunity")
        self.languages = pick(lambda e: e.cls == "Language")
        self.country = next(iter(pick(lambda e: e.slug == "maroc")), None)
        self.language_areas = pick(lambda e: e.slug in _LANGUAGE_AREAS)

    def rng(self, kind: str, number: int) -> random.Random:
        return random.Random(f"{self.seed}/{kind}/{number}")

    def city(self, number: int) -> Thing:
        return named(number, "City", ("{w}", "{w}", "{a}"), True)

    def actor(self, number: int) -> Thing:
        if number % 10 == 9:
            family, family_ar = _FAMILIES[number // 10 % len(_FAMILIES)]
            person = ("{w} " + family, "{w} " + family, "{a} " + family_ar)
            return named(self.cities + number, "Person", person, number % 3 != 2)
        cls, *templates = _ORGANISATIONS[number % 10]
        return named(self.cities + number, cls, tuple(templates), number % 3 != 2)

    def initiative(self, number: int) -> Thing:
        cls, *templates = _INITIATIVES[number % len(_INITIATIVES)]
        name = self.cities + self.actors + number
        return named(name, cls, tuple(templates), number % 4 == 0)

    def seat(self, number: int) -> Thing:
        """The place the actor numbered *number* is based in."""
        return self.places[self.rng("seat", number).randrange(len(self.places))]

    def describe(self, thing: Thing, confidence: str = "0.7") -> list[str]:
        """Quads naming *thing*: in the catalogue if curated, else as extraction mints it;
        and its superclass types."""
        langs = ("@fr", "@en", "@ar") if thing.curated else ("@fr",)
        pairs = [(TYPE, term(thing.cls)), (term("curated"), typed(thing.curated, "boolean"))]
        pairs += [(LABEL, literal(t, lang)) for t, lang in zip(thing.labels, langs, strict=False)]
        if not thing.curated:
            pairs.append((term("confidence"), typed(confidence, "decimal")))
        lines = about(thing.iri, CATALOGUE if thing.curated else FACTS, pairs)
        return lines + about(thing.iri, INFERRED, [(TYPE, p) for p in self.parents[thing.cls]])


def ontology_quads(settings: Settings) -> list[str]:
    """``graph/ontology``: the ontology file as parsed, blank nodes named in order of appearance
    (the parser names anonymous ones at random, and the output must not change between runs)."""
    names: dict[str, str] = {}

    def name(node: object) -> str:
        if isinstance(node, BlankNode):
            return "_:o" + names.setdefault(node.value, str(len(names)))
        return str(node)

    graph, path = f"<{GRAPH}ontology>", Path(settings.ontology_dir) / ONTOLOGY_FILE
    triples = parse(path=path, format=RdfFormat.TURTLE)
    return [quad(name(t.subject), str(t.predicate), name(t.object), graph) for t in triples]


def catalogue_quads(world: World) -> list[str]:
    """The catalogue as a build writes it, in sorted lines, and its superclass types."""
    # Imported here: kg.graph imports the extraction stage (spaCy), which only this needs.
    from rdflib import Graph

    from .graph import add_catalogue

    graph = Graph()
    add_catalogue(graph, Catalogue(list(world.catalogue.values())))
    triples = graph.serialize(format="nt").splitlines()
    lines = sorted(f"{triple[:-2]} {CATALOGUE} .\n" for triple in triples if triple)
    for entity in world.catalogue.values():
        types = [(TYPE, parent) for parent in world.parents.get(entity.cls, ())]
        lines += about(f"<{ID}{entity.slug}>", INFERRED, types)
    return lines


def pool_quads(world: World, batch: int = 1000) -> Iterator[list[str]]:
    """Generated cities (in the catalogue's regions) and actors, *batch* at a time."""
    for first in range(0, world.cities, batch):
        lines = []
        for number in range(first, min(first + batch, world.cities)):
            city, region = world.city(number), world.regions[number % len(world.regions)]
            lines += [
                *world.describe(city),
                quad(city.iri, term("locatedIn"), region.iri, CATALOGUE),
            ]
        yield lines
    for first in range(0, world.actors, batch):
        lines = []
        for number in range(first, min(first + batch, world.actors)):
            actor = world.actor(number)
            lines += world.describe(actor)
            if actor.curated:
                lines.append(quad(actor.iri, term("locatedIn"), world.seat(number).iri, CATALOGUE))
            if actor.curated and actor.cls != "Person":
                acronym = "".join(w[0] for w in actor.fr.split() if w[0].isupper())
                lines.append(quad(actor.iri, ALT_LABEL, literal(acronym, "@fr"), CATALOGUE))
        yield lines


class Document:
    """One generated source document: sentences are added one by one, each stating facts."""

    def __init__(self, world: World, number: int):
        self.id = f"{number:06d}_{short_hash(world.seed, number, length=16)}"
        self.iri, self.graph = f"<{DOC}{self.id}>", f"<{GRAPH}evidence/{self.id}>"
        self.parts: list[str] = []
        self.length = 0
        self.lines: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def state(self, sentence: str, triples: list[tuple], rule: str, new: bool = True) -> None:
        """Add *sentence*, the statements it supports (unless already stated) and their evidence."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.add(" ")
        start = self.length
        self.add(sentence)
        for s, p, o in triples:
            if new:
                self.lines.append(quad(s, p, o, FACTS))
            record = f"<{DOC}{self.id}#ev-{short_hash(s, p, o, start, self.length, length=12)}>"
            self.lines += about(record, self.graph, [
                (TYPE, term("Evidence")), (f"<{RDF}subject>", s), (f"<{RDF}predicate>", p),
                (f"<{RDF}object>", o), (term("inDocument"), self.iri),
                (term("startOffset"), typed(start, "nonNegativeInteger")),
                (term("endOffset"), typed(self.length, "nonNegativeInteger")),
                (term("quote"), literal(sentence)), (term("rule"), literal(f"generated-{rule}")),
                (term("confidence"), typed(_CONFIDENCE.get(rule, "0.8"), "decimal")),
            ])  # fmt: skip

    def finish(self, title: str) -> list[str]:
        """Every quad of the document: facts, evidence, and the document with its text."""
        text, dc = "".join(self.parts), "<http://purl.org/dc/terms/{}>".format
        digest = sha256(text.encode("utf-8")).hexdigest()
        return self.lines + about(self.iri, DOCUMENTS, [
            (TYPE, term("SourceDocument")), (dc("identifier"), literal(self.id)),
            (dc("title"), literal(title)), (dc("language"), literal("fr")),
            (term("sha256"), literal(digest)), (term("text"), literal(text)),
        ])  # fmt: skip


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def state_initiative(world: World, doc: Document, number: int) -> None:
    """A paragraph on the initiative numbered *number*: who leads it, where, which sectors,
    and what its kind brings (parties, dates, strategy, targets, budgets, risks, partners)."""
    thing, rng = world.initiative(number), world.rng("initiative", number)
    i, name = thing.iri, f"« {thing.fr} »"
    doc.lines += world.describe(thing, "0.8")
    leader = world.actor(number % world.actors)
    doc.state(f"{leader.fr} pilote {name}.", [(leader.iri, term("leads"), i)], "leads")
    if number < world.actors:
        state_actor(world, doc, number)
    place = world.places[rng.randrange(len(world.places))]
    doc.state(f"{name} est implanté à {place.fr}.", [(i, term("locatedIn"), place.iri)], "place")
    sectors = rng.sample(world.sectors, 1 + rng.randrange(3))
    if number % 6 == 3 and world.language_areas and world.languages:
        area, language = rng.choice(world.language_areas), rng.choice(world.languages)
        sectors = [area, *(s for s in sectors if s != area)][:2]
        sentence = f"{name} adapte les modèles de langage à la langue {language.fr}."
        doc.state(sentence, [(i, term("concernsLanguage"), language.iri)], "language")
    triples = [(i, term("targetsSector"), s.iri) for s in sectors]
    doc.state(f"{name} cible : {_listed([s.fr for s in sectors])}.", triples, "sectors")
    state_dates(world, doc, thing, number, rng)
    if number % 3 == 0 or thing.cls == "NationalStrategy":
        state_target(doc, thing, rng)
    if number % 5 == 0:
        state_budget(doc, thing, rng)
    if number % 4 == 1 and world.risks:
        risk = rng.choice(world.risks)
        sentence = f"{name} répond au défi « {risk.fr} »."
        doc.state(sentence, [(i, term("addressesRisk"), risk.iri)], "risk")
    partner = world.actor(rng.randrange(world.actors))
    if number % 3 == 2 and partner != leader:
        sentence = f"{partner.fr} est partenaire de {name}."
        doc.state(sentence, [(partner.iri, term("partnerOf"), i)], "partner")
        doc.lines.append(quad(i, term("partnerOf"), partner.iri, INFERRED))


def state_dates(world: World, doc: Document, thing: Thing, number: int, rng: random.Random) -> None:
    """The date the kind of an initiative calls for (with the parties of an agreement), and the
    strategy it is part of."""
    year, month, day = 2019 + rng.randrange(8), 1 + rng.randrange(12), 1 + rng.randrange(28)
    words = dict(name=f"« {thing.fr} »", spoken=f"{day} {_MONTHS.split()[month - 1]} {year}")
    words |= dict(date=str(year), month=words["spoken"].split(" ", 1)[1])
    prop, datatype, length, sentence = _DATES.get(thing.cls, _LAUNCH)
    triples = [(thing.iri, term(prop), typed(f"{year}-{month:02d}-{day:02d}"[:length], datatype))]
    if thing.cls == "Agreement":
        parties = [world.actor(n) for n in rng.sample(range(world.actors), 2)]
        triples += [(thing.iri, term("signatory"), p.iri) for p in parties]
        sentence = f"{parties[0].fr} et {parties[1].fr} ont signé {{name}} le {{spoken}}."
        doc.state(sentence.format(**words), triples, "signatory")
    elif thing.cls in _DATES or rng.random() < 0.5:
        doc.state(sentence.format(**words), triples, "date")
    if thing.cls != "NationalStrategy":
        strategy = world.initiative(number - number % len(_INITIATIVES))
        sentence = f"{words['name']} s'inscrit dans « {strategy.fr} »."
        doc.state(sentence, [(thing.iri, term("partOf"), strategy.iri)], "part")


def state_target(doc: Document, thing: Thing, rng: random.Random) -> None:
    """A quantified objective of *thing*, as a ``mai:Target`` node."""
    amount, unit = rng.choice((60, 200, 500, 1200, 5000, 22000)), rng.choice(_UNITS)
    year, approximate = 2026 + rng.randrange(10), rng.random() < 0.3
    node = f"<{ID}target-{short_hash(thing.iri, amount, unit, year, approximate)}>"
    label = f"{'~ ' if approximate else ''}{amount} {unit} ({year})"
    doc.lines += about(node, FACTS, [
        (TYPE, term("Target")), (term("quantity"), typed(amount, "decimal")),
        (term("unit"), literal(unit)), (term("approximate"), typed(approximate, "boolean")),
        (term("targetYear"), typed(year, "integer")), (LABEL, literal(label, "@fr")),
    ])  # fmt: skip
    roughly = "environ " if approximate else ""
    sentence = f"« {thing.fr} » vise {roughly}{amount} {unit} d'ici {year}."
    doc.state(sentence, [(thing.iri, term("hasTarget"), node)], "target")


def state_budget(doc: Document, thing: Thing, rng: random.Random) -> None:
    """The budget of *thing*, as a ``mai:Budget`` node, in millions of dirhams."""
    millions = rng.choice((5, 20, 150, 850, 11000))
    node = f"<{ID}budget-{short_hash(thing.iri, millions, 'MAD')}>"
    spelt = f"{millions * 1_000_000:,}".replace(",", " ")
    pairs = [(TYPE, term("Budget")), (term("amount"), typed(millions * 1_000_000, "decimal"))]
    pairs += [(term("currency"), literal("MAD")), (LABEL, literal(f"{spelt} MAD", "@fr"))]
    if thing.cls == "NationalStrategy":
        pairs.append((term("period"), literal("2025-2030")))
    doc.lines += about(node, FACTS, pairs)
    sentence = f"« {thing.fr} » est doté d'un budget de {millions} millions de dirhams."
    doc.state(sentence, [(thing.iri, term("hasBudget"), node)], "budget")


def state_actor(world: World, doc: Document, number: int) -> None:
    """The seat of an actor extraction found (curated ones have it in the catalogue) and the
    head of some organisations."""
    actor = world.actor(number)
    if not actor.curated:
        seat = world.seat(number)
        sentence = f"{actor.fr} est basé à {seat.fr}."
        doc.state(sentence, [(actor.iri, term("locatedIn"), seat.iri)], "place")
    head = number - number % 10 + 9
    if number % 10 in (1, 4) and head < world.actors:
        person = world.actor(head)
        sentence = f"{actor.fr} est dirigé par {person.fr}."
        doc.state(sentence, [(actor.iri, term("headedBy"), person.iri)], "head")


def state_country(world: World, doc: Document) -> None:
    """What the first document says of the country: its challenges and its opportunities."""
    if world.country is None:
        return
    rng, country = world.rng("country", 0), world.country.iri
    for risk in world.risks:
        sentence = f"Le Maroc fait face au défi « {risk.fr} »."
        doc.state(sentence, [(country, term("facesRisk"), risk.iri)], "risk")
    for index, chance in enumerate(world.opportunities):
        sectors = rng.sample(world.sectors, 2)
        triples = [(country, term("hasOpportunity"), chance.iri)]
        triples += [(chance.iri, term("targetsSector"), s.iri) for s in sectors]
        if index % 2 == 0 and world.languages:
            triples.append((chance.iri, term("concernsLanguage"), rng.choice(world.languages).iri))
        sentence = f"« {chance.fr} » est une opportunité pour le Maroc ({sectors[0].fr})."
        doc.state(sentence, triples, "opportunity")
    doc.add("\n\n")


def document_quads(world: World, number: int) -> list[str]:
    """The document numbered *number*: five initiatives, then a fifth of the previous
    document's initiatives named again with their leader."""
    doc, first = Document(world, number), number * INITIATIVES_PER_DOCUMENT
    if number == 0:
        state_country(world, doc)
    for index in range(first, first + INITIATIVES_PER_DOCUMENT):
        state_initiative(world, doc, index)
        doc.add("\n\n")
    for index in range(max(0, first - INITIATIVES_PER_DOCUMENT), first, 5):
        thing, leader = world.initiative(index), world.actor(index % world.actors)
        sentence = f"« {thing.fr} » est porté par {leader.fr}."
        doc.state(sentence, [(leader.iri, term("leads"), thing.iri)], "leads", new=False)
    return doc.finish(f"Veille IA n° {number + 1} : {world.initiative(first).fr}")


def generate(settings: Settings, quads: int, seed: int = SEED) -> Iterator[list[str]]:
    """N-Quads lines of a dataset of about *quads* quads (at least one document), in batches.

    Raises :class:`~kg.errors.KGError` (or :class:`~kg.errors.InputFileError`) when the
    ontology or the catalogue cannot be read.
    """
    world = World(settings, quads, seed)
    written = 0
    for lines in chain((ontology_quads(settings), catalogue_quads(world)), pool_quads(world)):
        written += len(lines)
        yield lines
    number = 0
    while number == 0 or written < quads:
        lines = document_quads(world, number)
        written += len(lines)
        number += 1
        yield lines


def write_nquads(
    settings: Settings,
    path: Path,
    quads: int,
    seed: int = SEED,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the dataset :func:`generate` makes to *path*; the number of quads written.

    Calls ``progress(written, quads)`` as it goes. Raises :class:`~kg.errors.KGError` naming
    *path* when it cannot be written.
    """
    written = 0
    try:
        with Path(path).open("w", encoding="utf-8", newline="\n") as out:
            for lines in generate(settings, quads, seed):
                out.writelines(lines)
                written += len(lines)
                if progress is not None:
                    progress(written, quads)
    except OSError as error:
        raise KGError(f"cannot write {path}: {error.strerror or error}", 500) from error
    return written
