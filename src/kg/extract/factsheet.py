"""Fact sheets: lists under a header that says what they hold.

"Partenaires", "Budget", "Implantation", "Objectifs à l'horizon 2029", "Domaines prioritaires",
"Calendrier": each item of such a list says one thing of the document's subject (the first
initiative the document names, usually in its title).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..facts import DateValue, Quantity
from .clauses import rel
from .context import Context, Sentence
from .mentions import Ref
from .values import find_amounts, find_dates, find_quantities, parse_number

# The first word of a header → what the items below it say of the subject.
FIELDS = {
    # Words that head a list only in a fact sheet ("Maître d'ouvrage", "Lieux", "Échéancier"),
    # not words a report's section may open with ("Secteur", "Zone", "Coût").
    **dict.fromkeys(("porteur", "porteurs", "pilotage", "gouvernance", "maître"), "leader"),
    **dict.fromkeys(("partenaires", "partenaire", "partenariats", "appui"), "partner"),
    **dict.fromkeys(("budget", "financement", "financements"), "budget"),
    **dict.fromkeys(
        ("implantation", "implantations", "sites", "localisation", "lieu", "lieux"), "place"
    ),
    **dict.fromkeys(("objectifs", "cibles", "indicateurs"), "target"),
    **dict.fromkeys(("domaines", "secteurs", "thématiques"), "sector"),
    **dict.fromkeys(("calendrier", "étapes", "jalons", "chronologie", "échéancier"), "calendar"),
    # A labelled item of its own: "**Lancement :** 4 novembre 2025".
    **dict.fromkeys(("lancement", "ouverture", "inauguration"), "calendar"),
    # Items that are each an initiative of their own ("Projets phares"), not facts of the subject.
    **dict.fromkeys(("projets", "réalisations", "chantiers"), "project"),
}
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_TOTAL = re.compile(r"\b(?:total|totale|global|globale|enveloppe)\b", re.I)
# "8 avril 2025 : lancement officiel à Benguerir", "Ouverture du site : 2027".
_MILESTONE = re.compile(
    r"^(?:lancement|ouverture|inauguration|mise en service|entrée en vigueur|adoption)\b",
    re.I,
)
_BARE_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*$")
_AGREEMENT_WORDS = re.compile(r"\b(?:convention|accord|mémorandum|protocole|partenariat)\b", re.I)


def field_of(header: str) -> tuple[str, int | None] | None:
    """What the list under *header* holds, and the year the header gives it.

    >>> field_of("Objectifs à l'horizon 2029"), field_of("## Partenaires")
    (('target', 2029), ('partner', None))
    >>> field_of("Risques suivis") is None
    True
    """
    first = _FIRST_WORD.search(header)
    kind = FIELDS.get(first.group(0).lower()) if first else None
    if kind is None:
        return None
    year = _YEAR.search(header)
    return kind, int(year.group(1)) if year else None


_LABEL = re.compile(r"^\W*\*{0,2}\s*([^:*\n]{2,40}?)\s*\*{0,2}\s*:")


def item_field(text: str) -> tuple[str, int | None] | None:
    """What a list item's own label says it holds: "**Porteur :** X", "Financement : 2 MDH".

    >>> item_field("**Partenaire technique :** Sowit"), item_field("Lancement : mai 2025")
    (('partner', None), ('calendar', None))
    >>> item_field("Un programme : trois axes") is None
    True
    """
    label = _LABEL.match(text)
    return field_of(label.group(1)) if label else None


def document_subject(ctx: Context, agreements: bool = True) -> str | None:
    """The first initiative the document names (agreements only when *agreements*)."""
    named = [
        m
        for m in ctx.mentions
        if ctx.tops.get(m.slug) == "Initiative"
        and (agreements or ctx.classes.get(m.slug) != "Agreement")
    ]
    return min(named, key=lambda m: m.start).slug if named else None


def read_item(ctx: Context, sentences: list[Sentence], field: tuple[str, int | None]) -> None:
    """Emit what one list item says of the document's subject under the list's *field*: the
    first initiative the document names, an agreement only when it names nothing else."""
    subject = document_subject(ctx, agreements=False) or document_subject(ctx)
    if subject is None or not sentences:
        return
    kind, year = field
    label = None
    labelled = len(sentences) > 1 and ":" in ctx.quote(sentences[0].start, sentences[1].start)
    if labelled and not sentences[0].refs:
        label, sentences = sentences[0].text, sentences[1:]  # "**Porteur :** X"
    item = sentences[0]
    if kind in ("leader", "partner"):
        actors = [r.slug for r in item.refs_of("Actor") if r.slug != subject]
        if actors and kind == "leader":
            ctx.emit(actors[0], "leads", subject, item, "factsheet-leader", 0.7)
        elif actors:
            ctx.emit(actors[0], "partnerOf", subject, item, "factsheet-partner", 0.7)
    elif kind == "place":
        for ref in _places(item):
            ctx.emit(subject, "locatedIn", ref.slug, item, "factsheet-place", 0.7)
    elif kind == "sector":
        for ref in item.refs_of("Sector"):
            ctx.emit(subject, "targetsSector", ref.slug, item, "factsheet-sector", 0.7)
    elif kind == "budget":
        _budget(ctx, item, subject)
    elif kind == "target":
        _targets(ctx, item, subject, year, label)
    elif kind == "calendar" and not _AGREEMENT_WORDS.search(item.text):
        _milestone(ctx, item, subject, label)


def _milestone(ctx: Context, item: Sentence, subject: str, label: str | None) -> None:
    """A dated step of the subject's own life (its launch, its opening), either way round, or
    after the item's label ("**Lancement :** 4 novembre 2025")."""
    if label is not None:
        left, right = label.strip(" *").lower(), item.text.split(",")[0]
    elif ":" in item.text:
        left, right = (side.strip(" .;*") for side in item.text.split(":", 1))
    else:
        return
    for when, event in ((left, right), (right, left)):
        year = _BARE_YEAR.match(when)
        dates = [DateValue(year.group(1), event)] if year else [d for _, _, d in find_dates(when)]
        if dates and _MILESTONE.match(event):
            value = replace(dates[0], event=event)
            ctx.emit(subject, "date", value, item, "factsheet-calendar", 0.7)
            return


def _places(item: Sentence) -> list[Ref]:
    return item.refs_of("Place") or item.refs_of("Place", nested=True)


def _budget(ctx: Context, item: Sentence, subject: str) -> None:
    # The first line of a budget list, or the one that says it is the total.
    first = not any(f.relation == "hasBudget" and f.subject == subject for f in ctx.facts)
    amounts = find_amounts(item.text)
    # "5 M€ de l'AFD et 18 MDH du Conseil régional": each currency is a share of its own.
    shares = len({a.currency for _, _, a in amounts}) == len(amounts)
    shares = shares and not re.search(r"\bdont\b", item.text)  # "52 MDH, dont 3 M$ de…": a part
    if first or _TOTAL.search(item.text):
        for _, _, amount in amounts if first and shares else amounts[:1]:
            ctx.emit(subject, "hasBudget", amount, item, "factsheet-budget", 0.7)


_BARE_FIGURE = re.compile(r"^\W*(\d{1,3}(?:[  \u202f]\d{3})+|\d+(?:,\d+)?)\s*(%?)(?![\w,])")


def _targets(
    ctx: Context, item: Sentence, subject: str, year: int | None, label: str | None
) -> None:
    taken = [rel(item, r) for r in item.refs]
    figure = _BARE_FIGURE.match(item.text) if label else None
    if figure:  # "**Coopératives accompagnées :** 1 500 d'ici 2029": the label counts
        unit = label.strip(" *").lower()
        dates = _YEAR.findall(item.text)
        quantity = Quantity(
            parse_number(figure.group(1)),
            f"{figure.group(2)} {unit}".strip(),
            int(dates[0]) if dates else year,
        )
        ctx.emit(subject, "hasTarget", quantity, item, "factsheet-target", 0.7)
        return
    for _, _, quantity in find_quantities(item.text, taken)[:1]:
        if quantity.year is None and year is not None:
            quantity = replace(quantity, year=year)
        ctx.emit(subject, "hasTarget", quantity, item, "factsheet-target", 0.7)


_CELL_SPLIT = re.compile(r"\s*\|\s*")
_OBJECTIVE_COLUMN = re.compile(r"\b(?:objectifs?|cibles?|valeurs? cibles?)\b", re.I)
_DEADLINE_COLUMN = re.compile(r"\b(?:échéance|horizon|année|délai)\b", re.I)
_FIGURE = re.compile(r"^~?\s*(\d{1,3}(?:[  \u202f]\d{3})+|\d+(?:,\d+)?)\s*(%?)$")


def read_table(ctx: Context, start: int, text: str) -> bool:
    """A Markdown table of objectives ("| Indicateur | Objectif | Échéance |"): each row is a
    target of the document's subject — the row's label counted, by the year of its deadline.

    Returns whether *text* was a table (a table is never read as prose).
    """
    rows = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    if not rows or not all(row.lstrip().startswith("|") for _, row in rows):
        return False
    header = _cells(rows[0][1])
    value = next((i for i, c in enumerate(header) if _OBJECTIVE_COLUMN.search(c)), None)
    deadline = next((i for i, c in enumerate(header) if _DEADLINE_COLUMN.search(c)), None)
    subject = document_subject(ctx, agreements=False)  # what the objectives are of
    if value is None or subject is None:
        return True
    for offset, row in rows[1:]:
        cells = _cells(row)
        if len(cells) != len(header) or not cells[0].strip("-: "):
            continue  # the separator line
        figure = _FIGURE.match(cells[value])
        if figure is None:
            continue
        year = _YEAR.search(cells[deadline]) if deadline is not None else None
        begin = start + offset
        sentence = Sentence(begin, begin + len(row), ctx.quote(begin, begin + len(row)), [], [])
        place = _place_in(ctx, begin, begin + row.find(cells[0]) + len(cells[0]))
        # "| Azilal | 30 | 2026 |": a place per row, and what is counted says the column
        label = _UNIT_NOTE.sub("", header[value]) if place else cells[0]
        label = label[:1].lower() + label[1:]
        unit = f"% {label}" if figure.group(2) else label
        quantity = Quantity(
            parse_number(figure.group(1)), unit, int(year.group(1)) if year else None
        )
        if place is not None:
            ctx.emit(subject, "locatedIn", place, sentence, "factsheet-table", 0.7)
        ctx.emit(subject, "hasTarget", quantity, sentence, "factsheet-table", 0.7)
    return True


_UNIT_NOTE = re.compile(r"\s*\((?:objectifs?|cibles?)\)\s*$", re.I)


def _place_in(ctx: Context, start: int, end: int) -> str | None:
    """The place a table cell names, if it names one."""
    places = [m for m in ctx.mentions if start <= m.start < end and ctx.tops.get(m.slug) == "Place"]
    return places[0].slug if places else None


def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row.

    >>> _cells("| Écoles équipées | 40 | 2028 |")
    ['Écoles équipées', '40', '2028']
    """
    return _CELL_SPLIT.split(row.strip().strip("|").strip())
