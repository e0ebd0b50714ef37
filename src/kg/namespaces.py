"""All namespaces and the IRI scheme (a public contract: researchers cite these IRIs).

``mai:`` terms live under ``<base>ontology#``; things under ``<base>id/<slug>``;
source documents under ``<base>doc/<id>``; named graphs under ``<base>graph/<name>``.
The base is a setting; :data:`BASE` is its default.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

BASE = "https://w3id.org/ma-ai/"

MAI = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
DOC = Namespace(BASE + "doc/")
GRAPH = Namespace(BASE + "graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_IRI = BASE + "ontology"

PREFIXES = {
    "mai": MAI,
    "id": ID,
    "doc": DOC,
    "graph": GRAPH,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "schema": SDO,
    "org": ORG,
    "sh": SH,
    "wd": WD,
}

_SLUG_OK = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII, lower-case, hyphen-separated slug of a name.

    >>> slugify("Centre d’excellence données & IA à Casablanca-Settat")
    'centre-d-excellence-donnees-ia-a-casablanca-settat'
    >>> slugify("Ministère de la Transition Numérique")
    'ministere-de-la-transition-numerique'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", kept).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def is_slug(text: str) -> bool:
    """True when *text* is a valid slug (ASCII lower-case words joined by hyphens).

    >>> is_slug("casablanca-settat"), is_slug("Casablanca"), is_slug("a--b")
    (True, False, False)
    """
    return bool(_SLUG_OK.fullmatch(text))


def short_hash(*parts: object, length: int = 10) -> str:
    """Deterministic short hex digest of *parts* (for IRIs of structured values).

    >>> short_hash("a", 1) == short_hash("a", 1) != short_hash("a", 2)
    True
    """
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]
