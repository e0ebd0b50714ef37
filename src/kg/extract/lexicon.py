"""French words the extraction rules read: triggers, head nouns and their classes, markers.

Everything here is general French of the genre (news, reports, strategy papers); nothing names
an entity. Words are lower-case, apostrophes normalised to ``'``.
"""

from __future__ import annotations

# Verbs (lemmas) by which an actor creates, opens, launches or develops an initiative.
CREATION_VERBS = frozenset(
    """ouvrir lancer créer inaugurer établir développer implanter fonder construire bâtir
    organiser initier piloter déployer annoncer mettre concevoir installer monter porter
    instaurer mener conduire réaliser élaborer présenter dévoiler accueillir adopter
    publier gérer exploiter opérer coordonner""".split()
)
# Participles used in the passive ("mis en place par", "lancées par"), in every agreement.
IRREGULAR_PARTICIPLES = {
    "mettre": "mis en place",
    "ouvrir": "ouvert",
    "construire": "construit",
    "concevoir": "conçu",
    "établir": "établi",
    "conduire": "conduit",
    "bâtir": "bâti",
}


def _participles(verbs) -> tuple[str, ...]:
    """Past participles, masculine and feminine, singular and plural.

    >>> [p for p in _participles(["lancer", "ouvrir"]) if p.startswith(("lanc", "ouv"))]
    ['lancé', 'lancée', 'lancés', 'lancées', 'ouvert', 'ouverte', 'ouverts', 'ouvertes']
    """
    forms = []
    for verb in verbs:
        if verb in IRREGULAR_PARTICIPLES:
            base = IRREGULAR_PARTICIPLES[verb]
            word, _, rest = base.partition(" ")
            tail = f" {rest}" if rest else ""
            plural = "" if word.endswith("s") else "s"
            forms += [f"{word}{tail}", f"{word}e{tail}", f"{word}{plural}{tail}", f"{word}es{tail}"]
        elif verb.endswith("er"):
            forms += [verb[:-2] + ending for ending in ("é", "ée", "és", "ées")]
    return tuple(dict.fromkeys(forms))


CREATION_PARTICIPLES = _participles(sorted(CREATION_VERBS))


def _finite_forms(verbs) -> dict[str, str]:
    """Third-person present and future forms of the regular verbs in "-er", to their verb.

    >>> forms = _finite_forms(["piloter", "déployer"])
    >>> forms["pilote"], forms["pilotent"], forms["déploiera"], forms["déploient"]
    ('piloter', 'piloter', 'déployer', 'déployer')
    """
    forms = {}
    for verb in verbs:
        if not verb.endswith("er"):
            continue
        stem = verb[:-2]
        if stem.endswith("oy"):  # déployer → déploie
            stem = stem[:-1] + "i"
        for ending in ("e", "ent", "era", "eront"):
            forms[stem + ending] = verb
    return forms


# "La startup X porte le projet…": read as a verb even when the tagger takes it for a noun.
CREATION_FORMS = _finite_forms(sorted(CREATION_VERBS))
# Verbs after which the object is a purpose ("pour développer une plateforme").
PURPOSE_VERBS = frozenset(
    """développer créer lancer construire mettre établir concevoir déployer bâtir réaliser
    tester expérimenter piloter""".split()
)
AGREEMENT_NOUNS = frozenset(
    """accord accords convention conventions mémorandum protocole partenariat partenariats
    contrat contrats alliance""".split()
)
SIGNING_VERBS = frozenset("signer conclure parapher nouer sceller".split())
PARTNER_MARKERS = (
    "signé avec",
    "signée avec",
    "conclu avec",
    "conclue avec",
    "en partenariat avec",
    "mis en œuvre avec",
    "mise en œuvre avec",
    "mis en oeuvre avec",
    "mise en oeuvre avec",
    "en collaboration avec",
    "en association avec",
    "en coopération avec",
    "avec l'appui de",
    "avec l'appui du",
    "avec l'appui technique de",
    "avec l'appui technique du",
    "avec le concours de",
    "avec le concours du",
    "avec le concours d'",
    "avec l'appui d'",
    "bénéficie du soutien de",
    "bénéficie du soutien du",
    "bénéficie de l'appui de",
    "bénéficie de l'appui du",
    "associe aussi",
    "associe également",
    "travaille avec",
    "travaillent avec",
    "travaillons avec",
    "collabore avec",
    "collaborent avec",
    "collaborons avec",
    "coopère avec",
    "coopérons avec",
    "s'associe à",
    "s'associe au",
    "s'associe avec",
    "s'est associé à",
    "s'est associé au",
    "s'est associé avec",
    "s'est associée à",
    "s'est associée au",
    "s'est associée avec",
    "s'allie à",
    "s'allie avec",
    "s'est allié à",
    "s'est alliée à",
    "partenariat avec",
    "accord avec",
    "accords avec",
    "convention avec",
    "collaboration avec",
)
# "X et Y s'allient": coordinated subjects of these verbs become partners.
RECIPROCAL_VERBS = frozenset(
    "allier associer unir collaborer coopérer rapprocher nouer conjuguer".split()
)
OVERSIGHT_VERBS = frozenset("superviser contrôler réguler encadrer veiller auditer".split())
# Roles that head an organisation: "le directeur général de l'ADD, Karim Idrissi".
HEAD_ROLES = (
    "directeur général",
    "directrice générale",
    "président-directeur général",
    "présidente",
    "président",
    "directrice",
    "directeur",
    "pdg",
    "ministre",
    "secrétaire général",
    "secrétaire générale",
    "fondateur",
    "fondatrice",
    "ceo",
    "rectrice",
    "recteur",
    "wali",
    "gouverneur",
)
# Participles that place an actor ("basée à Agadir"), not the initiative being read about.
SEAT_PARTICIPLES = (
    "basé",
    "basée",
    "basés",
    "installé",
    "installée",
    "implanté",
    "implantée",
    "situé",
    "située",
    "domicilié",
    "domiciliée",
    "siégeant",
    "fondé",
    "fondée",
)
OVERSIGHT_MARKERS = (
    "sous la tutelle de",
    "sous la tutelle du",
    "sous la tutelle des",
    "sous l'égide de",
    "sous l'égide du",
    "supervisé par",
    "supervisée par",
    "sous la supervision de",
    "sous la supervision du",
    "sous la supervision des",
)
# "l'OMEN, que préside Nadia Tazi" / "l'agence, dirigée par X": the person after heads the
# organisation before.
HEAD_MARKERS = (
    "que préside",
    "que dirige",
    "dirigé par",
    "dirigée par",
    "présidé par",
    "présidée par",
)
MEMBERSHIP_MARKERS = (
    "dans le cadre de",
    "s'inscrit dans",
    "s'inscrivent dans",
    "inscrit dans",
    "fait partie de",
    "font partie de",
    "membre de",
    "membres de",
    "composante de",
    "décline",
    "déclinaison de",
    "déclinaison régionale de",
)
# Head nouns of initiatives → ontology class. Multi-word heads come first (longest match).
INITIATIVE_HEADS = (
    ("centre d'excellence", "CentreOfExcellence"),
    ("centres d'excellence", "CentreOfExcellence"),
    ("centre de données", "Infrastructure"),
    ("centres de données", "Infrastructure"),
    ("centre de recherche", "RDCentre"),
    ("centre r&d", "RDCentre"),
    ("centre d'innovation", "RDCentre"),
    ("centre d'intelligence artificielle", "RDCentre"),
    ("centre d'ia", "RDCentre"),
    ("feuille de route", "NationalStrategy"),
    ("data center", "Infrastructure"),
    ("datacenter", "Infrastructure"),
    ("projet de loi", "Law"),
    ("stratégie", "NationalStrategy"),
    ("plan", "NationalStrategy"),
    ("vision", "NationalStrategy"),
    ("pacte", "NationalStrategy"),
    ("instituts", "InstituteNetwork"),
    ("réseau", "InstituteNetwork"),
    ("plateforme", "Platform"),
    ("portail", "Platform"),
    ("programme", "Programme"),
    ("programmes", "Programme"),
    ("formation", "Programme"),
    ("master", "Programme"),
    ("cursus", "Programme"),
    ("filière", "Programme"),
    ("licence", "Programme"),
    ("diplôme", "Programme"),
    ("certificat", "Programme"),
    ("appel à projets", "Programme"),
    ("fonds", "Programme"),
    ("initiative", "Programme"),
    ("bootcamp", "Programme"),
    ("chaire", "Programme"),
    ("incubateur", "Programme"),
    ("accélérateur", "Programme"),
    ("accord", "Agreement"),
    ("accords", "Agreement"),
    ("convention", "Agreement"),
    ("mémorandum", "Agreement"),
    ("protocole", "Agreement"),
    ("partenariat", "Agreement"),
    ("salon", "Event"),
    ("forum", "Event"),
    ("sommet", "Event"),
    ("conférence", "Event"),
    ("colloque", "Event"),
    ("hackathon", "Event"),
    ("assises", "Event"),
    ("journées", "Event"),
    ("supercalculateur", "Infrastructure"),
    ("infrastructure", "Infrastructure"),
    ("loi", "Law"),
    ("lignes directrices", "Law"),
    ("charte", "Law"),
    ("règlement", "Law"),
    ("living lab", "Project"),
    ("laboratoire vivant", "Project"),
    ("jumeau numérique", "Platform"),
    ("guichet unique", "Platform"),
    ("guichet", "Platform"),
    ("académie", "Programme"),
    ("agent conversationnel", "Platform"),
    ("chatbot", "Platform"),
    ("assistant vocal", "Platform"),
    ("assistant virtuel", "Platform"),
    ("assistant", "Platform"),
    ("application", "Platform"),
    ("portefeuille mobile", "Platform"),
    ("outil", "Platform"),
    ("logiciel", "Platform"),
    ("solution", "Platform"),
    ("décret", "Law"),
    ("circulaire", "Law"),
    ("laboratoire", "RDCentre"),
    ("centre", "RDCentre"),
    ("centres", "RDCentre"),
    ("institut", "RDCentre"),
    ("campus", "Infrastructure"),
    ("bac à sable", "Programme"),
    ("dispositif", "Programme"),
    ("système", "Platform"),
    ("mécanisme", "Programme"),
    ("garantie", "Programme"),
    ("pôle", "Project"),
    ("projet pilote", "Project"),
    ("pilote", "Project"),
    ("cluster", "Project"),
    ("technopole", "Infrastructure"),
    ("projet", "Project"),
    ("projets", "Project"),
)
# Head nouns that introduce a new actor's name → ontology class.
ACTOR_HEADS = (
    ("ministère", "GovernmentBody"),
    ("agence", "GovernmentBody"),
    ("chambre", "GovernmentBody"),
    ("direction générale", "GovernmentBody"),
    ("office", "Company"),
    ("conseil régional", "GovernmentBody"),
    ("commune", "GovernmentBody"),
    ("autorité", "RegulatoryAuthority"),
    ("commission", "RegulatoryAuthority"),
    ("université", "University"),
    ("institut", "ResearchCentre"),
    ("observatoire", "GovernmentBody"),
    ("centre hospitalier universitaire", "Organisation"),
    ("centre hospitalier", "Organisation"),
    ("chu", "Organisation"),
    ("hôpital", "Organisation"),
    ("école", "University"),
    ("faculté", "University"),
    ("groupe", "Company"),
    ("société", "Company"),
    ("entreprise", "Company"),
    ("start-up", "Company"),
    ("jeune pousse", "Company"),
    ("startup", "Company"),
    ("fintech", "Company"),
    ("banque", "Company"),
    ("cabinet", "Company"),
    ("association", "Association"),
    ("coopérative", "Association"),
    ("fédération", "Association"),
    ("fondation", "Association"),
    ("organisation", "InternationalOrganisation"),
)
PLACE_HEADS = (("région", "Region"), ("ville", "City"), ("province", "Region"))
# Section headers: words that type the paragraphs under them.
RISK_SECTION_WORDS = frozenset(
    "défis défi risques risque enjeux obstacles freins limites contraintes faiblesses menaces "
    "difficultés challenges".split()
)
OPPORTUNITY_SECTION_WORDS = frozenset(
    "opportunités opportunité perspectives atouts potentiel potentiels leviers forces".split()
)
# Words that open a sentence (a capitalised one ends a title run into its body).
SENTENCE_STARTERS = frozenset(
    """un une le la les l' il elle ils elles on plusieurs malgré ce cette ces cet depuis dans
    en pour selon grâce avec après lors à au aux chez du des outre par sur enfin ainsi toutefois
    cependant néanmoins d'ailleurs aujourd'hui actuellement désormais""".split()
)
LOCATIVE_PREPOSITIONS = frozenset({"à", "en", "au", "aux", "dans"})
APPROXIMATE_MARKERS = ("~", "environ", "près de", "quelque", "plus de", "autour de", "presque")
# Counted nouns that are not targets (units of time, money, rank).
NON_TARGET_UNITS = frozenset(
    """an ans année années mois jour jours semaine semaines heure heures minute minutes fois
    dirham dirhams dh mad dollar dollars usd euro euros eur milliard milliards million millions
    % janvier février mars avril mai juin juillet août septembre octobre novembre
    décembre mètres m2 m²""".split()
)
