"""Mentions of entities in a paragraph: catalogue names, nested places, and new names.

A new name gets a deterministic slug and a class inferred from the noun that introduces it
("le groupe Onepoint" → Company, "la région de l'Oriental" → Region, "le programme « X »" →
Programme). Agreements named only by their parties get ``accord-<party slugs, sorted>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from ..namespaces import slugify


@dataclass(frozen=True)
class Candidate:
    """A new name found in a paragraph, not yet minted."""

    label: str
    cls: str
    top: str
    start: int
    end: int
    quoted: bool = False
    confidence: float = 0.7
    acronym: tuple[int, int] | None = None  # where "(ACRO)" defines this name's acronym
    bare: bool = False  # capitals that name something only if an acronym defined them


@dataclass
class Ref:
    """An entity referred to by a span of a paragraph (absolute character offsets)."""

    slug: str
    top: str
    cls: str
    start: int
    end: int
    nested: bool = False
    new: bool = False

    def overlaps(self, start: int, end: int) -> bool:
        """True when this mention overlaps ``[start, end)``."""
        return self.start < end and start < self.end


def catalogue_refs(doc: Doc, offset: int, classes: dict[str, str]) -> list[Ref]:
    """Mentions found by the catalogue ruler (entities with an id)."""
    refs = []
    for ent in doc.ents:
        if ent.ent_id_ and not _verb_form(ent):
            slug = ent.ent_id_
            refs.append(
                Ref(
                    slug,
                    ent.label_,
                    classes.get(slug, ent.label_),
                    offset + ent.start_char,
                    offset + ent.end_char,
                )
            )
    return refs


def _verb_form(ent) -> bool:
    """A one-word field used as a verb: "le Crédit Agricole finance la plateforme", "qui
    recherche" name no sector; "la finance", "de la finance", "santé, finance" do. The tagger
    often takes such a verb for the noun, so the word before decides: a name or a subject
    pronoun."""
    token = ent[0]
    if len(ent) != 1 or ent.label_ != "Sector" or not token.is_lower or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    if before.lower_ in _SUBJECT_PRONOUNS:
        return True
    return before.is_alpha and before.text[0].isupper() and before.pos_ in ("PROPN", "NOUN")


_SUBJECT_PRONOUNS = frozenset("il elle ils elles on qui".split())


def nested_refs(
    doc: Doc, offset: int, names: list[tuple[str, int, int]], refs: list[Ref], ctx_tops: dict
) -> list[Ref]:
    """Place and sector names strictly inside another mention ("hub … en Afrique")."""
    nested = []
    names = [p for p in names if not any(q != p and q[1] <= p[1] and p[2] <= q[2] for q in names)]
    for slug, start, end in names:
        s, e = offset + doc[start].idx, offset + doc[end - 1].idx + len(doc[end - 1])
        outer = [r for r in refs if r.start <= s and e <= r.end and (r.start, r.end) != (s, e)]
        top = ctx_tops[slug]
        if outer and outer[0].top not in (top, "Actor"):
            nested.append(Ref(slug, top, top, s, e, nested=True))
    return nested


def named_again(ctx, text: str, offset: int, refs: list[Ref]) -> list[Ref]:
    """Names of actors and initiatives the document introduced ("la société Agridata") used
    again bare in a paragraph that does not name them otherwise ("développée par Agridata")."""
    found = []
    for slug, entity in ctx.new_entities.items():
        label = entity.label
        if entity.top not in ("Actor", "Initiative") or len(label) < 4 or not label[0].isupper():
            continue
        if any(r.slug == slug for r in refs):
            continue  # named in this paragraph already: its other words are read there
        for m in re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text):
            start, end = offset + m.start(), offset + m.end()
            clashes = [r for r in refs + found if r.overlaps(start, end)]
            # "Tilelli Drones" named again: the field "drones" inside it is part of the name
            inside = [r for r in clashes if start <= r.start and r.end <= end and r.top in _WORDS]
            if len(inside) == len(clashes):
                for r in inside:
                    refs.remove(r)
                    ctx.forget_mention(r)
                found.append(Ref(slug, entity.top, entity.cls, start, end, new=True))
                ctx.note_mention(found[-1])
    return found


_WORDS = frozenset({"Place", "Sector", "Language"})  # names that a longer name may hold


def head_at(text: str, pos: int, heads: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """The (head noun, class) written at *pos* of *text*, longest first, on word boundaries.

    >>> from kg.extract.lexicon import INITIATIVE_HEADS
    >>> head_at("le centre d'excellence de Rabat", 3, INITIATIVE_HEADS)
    ("centre d'excellence", 'CentreOfExcellence')
    """
    lower = _lower(text)
    if _word_char(lower, pos - 1):
        return None
    for head, cls in heads:
        if lower.startswith(head, pos) and not _word_char(lower, pos + len(head)):
            return head, cls
    return None


@lru_cache(maxsize=64)
def _lower(text: str) -> str:
    """*text* in lower case, kept for the many head lookups over one sentence."""
    return text.lower()


def _word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "&")


def mint_slug(label: str, taken: dict[str, str], top: str) -> str:
    """Deterministic slug for a new entity; one already used by another kind gets a suffix.

    >>> mint_slug("Groupe Onepoint", {}, "Actor")
    'groupe-onepoint'
    >>> mint_slug("Nador", {"nador": "Place"}, "Actor")
    'nador-actor'
    """
    slug = slugify(label) or "entity"
    if taken.get(slug, top) != top:
        slug = f"{slug}-{top.lower()}"
    return slug


def agreement_slug(parties: list[str]) -> str:
    """Slug of an agreement known only by its parties.

    >>> agreement_slug(["ministere-transition-numerique", "cndp"])
    'accord-cndp-ministere-transition-numerique'
    """
    return "accord-" + "-".join(sorted(set(parties)))


def content_words(text: str) -> set[str]:
    """Lower-case words that carry meaning (articles and prepositions dropped).

    >>> sorted(content_words("Centre R&D d’Oracle à Casablanca"))
    ['casablanca', 'centre', 'oracle', 'r&d']
    """
    words = re.findall(r"[\w&]+", text.lower().replace("’", "'").replace("'", " "))
    return {w for w in words if w not in _STOP and (len(w) > 1 or w.isdigit())}


_STOP = frozenset(
    """le la les l de du des d à au aux en et ou un une pour par sur dans avec sa son ses
    leur leurs ce cette ces cet qui que dont est sont""".split()
)


# Words of a name: a participle ends a capitalised run ("IA de Tanger Réalisé …"), and so do
# these words.
PARTICIPLE = re.compile(r"\w+(?:é|ée|és|ées)$")
NAME_STOPS = frozenset(
    "à en pour par avec sur dans qui que dont est sont a ont et ou sera seront va vont".split()
)


def sentence_start(text: str, pos: int) -> bool:
    """True when *pos* opens a sentence (or a quotation, or follows a colon or dash).

    >>> sentence_start("Il dit : Rabat", 9), sentence_start("à Rabat", 2)
    (True, False)
    """
    before = text[:pos].rstrip()
    return not before or before[-1] in '.!?:;«"–—-'


def is_verb(token) -> bool:
    """A verb, not a tagging slip: a quotation mark, a noun after a determiner ("Notre
    assistant") or the first word of a quoted name ("le centre « Anir Data » ouvrira"); nor a
    participle that gives a name ("Ce fonds, dénommé « X », sera…": the verb is "sera")."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    slip = before is not None and (before.pos_ == "DET" or before.text in ("«", '"', "“"))
    slip = slip or bool(_NAMING_PARTICIPLE.fullmatch(token.lower_))
    return token.pos_ in ("VERB", "AUX") and token.is_alpha and not slip


_NAMING_PARTICIPLE = re.compile(r"(?:baptis|dénomm|intitul|nomm|appel)ée?s?")
