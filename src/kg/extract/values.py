"""Structured values read from French text: amounts, dates, quantified objectives.

Each finder returns ``(start, end, value)`` with offsets into the string it was given.
Apostrophes are expected normalised to ``'`` (see :func:`kg.extract.nlp.normalise`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from ..facts import Amount, DateValue, Quantity
from .lexicon import APPROXIMATE_MARKERS, NON_TARGET_UNITS

MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
CURRENCIES = {
    "dirham": "MAD",
    "dirhams": "MAD",
    "dh": "MAD",
    "dhs": "MAD",
    "mad": "MAD",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "$": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "€": "EUR",
}
SCALES = {
    "milliard": Decimal(10) ** 9,
    "milliards": Decimal(10) ** 9,
    "mds": Decimal(10) ** 9,
    "md": Decimal(10) ** 9,
    "mrd": Decimal(10) ** 9,
    "mrds": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "millions": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
}
# Participle agreeing with the counted noun, from the verb that governs a target.
TARGET_PARTICIPLES = {
    "former": "formés",
    "créer": "créés",
    "recruter": "recrutés",
    "accompagner": "accompagnés",
    "certifier": "certifiés",
    "incuber": "incubés",
    "équiper": "équipés",
    "connecter": "connectés",
    "couvrir": "couverts",
    "numériser": "numérisés",
    "lancer": "lancés",
    "ouvrir": "ouverts",
    "construire": "construits",
    "déployer": "déployés",
    "générer": "générés",
    "atteindre": "atteints",
    "sensibiliser": "sensibilisés",
    "employer": "employés",
    # the act named by a noun: "prévoit la formation de 2 000 développeurs"
    "formation": "formés",
    "création": "créés",
    "recrutement": "recrutés",
    "accompagnement": "accompagnés",
    "raccordement": "raccordés",
    "équipement": "équipés",
    "numérisation": "numérisés",
    "sensibilisation": "sensibilisés",
}

_NUMBER = r"\d{1,3}(?:[  \u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_AMOUNT = re.compile(
    rf"(?<![\w.,])({_NUMBER})\s*(milliards?|millions?|mrds?|mds?|md|m)?\.?\s*"
    r"(?:de\s+|d')?(dirhams?|dhs?|mad|dollars?|usd|euros?|eur|\$|€)(?!\w)",
    re.I,
)
# "850 MDH" (millions of dirhams), "2 MMDH" (billions): the press's short forms.
_SHORT_AMOUNT = re.compile(rf"(?<![\w.,])({_NUMBER})\s*(MMDH|MDH|MMDHS|MDHS)(?!\w)")
_MONTH = "|".join(MONTHS)
_FULL_DATE = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH})\s+(\d{{4}})\b", re.I)
_MONTH_DATE = re.compile(rf"\b({_MONTH})\s+(\d{{4}})\b", re.I)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_YEAR_DATE = re.compile(
    r"\b(?:en|depuis|dès|début|fin|courant|à partir de|(?:à )?la rentrée(?: universitaire)?|"
    r"(?:premier|second|deuxième|troisième|quatrième) (?:semestre|trimestre)(?: de)?)"
    r"\s+((?:19|20)\d{2})\b",
    re.I,
)
_QUANTITY = re.compile(rf"(?<![\w.,/-])({_NUMBER})(?:\s*(%)|\s+([^\W\d_][\w'-]*))")
_FUNCTION_WORDS = frozenset(
    """le la les l' de du des d' et ou à au aux un une pour dans en sur avec par qui que dont
    ce cette ces son sa ses leur leurs il elle ils elles on est sont a ont d'entre""".split()
)
_YEAR_BEFORE = re.compile(r"(?:en|d'ici|depuis|horizon|avant|fin|début|de|à|dès|l'an)\s*$", re.I)
_TARGET_YEAR = re.compile(
    r"^[^.;:!?]{0,60}?\b(?:d'ici(?: à)?|à l'horizon|horizon|avant|jusqu'en|en|pour|à fin)"
    rf"\s+(?:(?:la )?fin |début |(?:la )?fin de l'année |(?:{_MONTH})\s+)?((?:19|20)\d{{2}})\b"
)


def parse_number(text: str) -> Decimal:
    """French number text → Decimal.

    >>> parse_number("5 000"), parse_number("1,5"), parse_number("2.500")
    (Decimal('5000'), Decimal('1.5'), Decimal('2500'))
    """
    cleaned = re.sub(r"[  \u202f]", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def find_amounts(text: str) -> list[tuple[int, int, Amount]]:
    """Money amounts.

    >>> [(v.amount, v.currency) for _, _, v in find_amounts("11 milliards de dirhams et 3 M€")]
    [(Decimal('11000000000'), 'MAD'), (Decimal('3000000'), 'EUR')]
    >>> find_amounts("un budget de 1,5 million d'euros")[0][2].amount
    Decimal('1500000.0')
    >>> find_amounts("Budget global : 850 MDH")[0][2].amount
    Decimal('850000000')
    """
    found = []
    for m in _AMOUNT.finditer(text):
        scale = SCALES.get((m.group(2) or "").lower(), Decimal(1))
        value = parse_number(m.group(1)) * scale
        found.append((m.start(), m.end(), Amount(value, CURRENCIES[m.group(3).lower()])))
    for m in _SHORT_AMOUNT.finditer(text):
        scale = Decimal(10) ** (9 if m.group(2).startswith("MM") else 6)
        found.append((m.start(), m.end(), Amount(parse_number(m.group(1)) * scale, "MAD")))
    return sorted(found, key=lambda x: x[0])


def find_dates(text: str) -> list[tuple[int, int, DateValue]]:
    """Dates as precise as the text: day, month or year (a bare year needs 'en', 'depuis'…).

    >>> [d.value for _, _, d in find_dates("signé le 17 juin 2025, lancé en mars 2024")]
    ['2025-06-17', '2024-03']
    >>> [d.value for _, _, d in find_dates("ouvert en 2023 ; objectif d'ici 2030")]
    ['2023']
    """
    found: list[tuple[int, int, DateValue]] = []
    for m in _FULL_DATE.finditer(text):
        month = MONTHS[m.group(2).lower()]
        found.append(
            (m.start(), m.end(), DateValue(f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"))
        )
    for m in _NUMERIC_DATE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append((m.start(), m.end(), DateValue(f"{m.group(3)}-{month:02d}-{day:02d}")))
    for m in _MONTH_DATE.finditer(text):
        value = f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
        found.append((m.start(), m.end(), DateValue(value)))
    for m in _YEAR_DATE.finditer(text):
        found.append((m.start(1), m.end(1), DateValue(m.group(1))))
    return _weekdays(text, _drop_overlaps(found))


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# "TANGER, 4 juin 2025 — … ont annoncé mardi …": a bare weekday after a dateline.
_BARE_WEEKDAY = re.compile(rf"\b({'|'.join(_WEEKDAYS)})\b(?!\s+(?:\d|prochain|dernier))", re.I)


def _weekdays(text: str, found: list[tuple[int, int, DateValue]]):
    """A weekday named after a full date (a news dateline) is the last such day on or before
    that date: the dateline is then only the day of publication.

    >>> [d.value for _, _, d in find_dates("TANGER, 4 juin 2025 — Ils ont annoncé mardi un fonds")]
    ['2025-06-03']
    """
    day = _BARE_WEEKDAY.search(text)
    full = [f for f in found if len(f[2].value) == 10 and f[1] <= (day.start() if day else -1)]
    if not day or not full:
        return found
    published = date.fromisoformat(full[-1][2].value)
    back = (published.weekday() - _WEEKDAYS.index(day.group(1).lower())) % 7
    resolved = DateValue((published - timedelta(days=back)).isoformat())
    # The dateline's span stays taken (it is not a quantity); its value is the resolved day.
    return [(s, e, resolved) if (s, e, v) == full[-1] else (s, e, v) for s, e, v in found]


WORD_NUMBERS = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}
_WORD_QUANTITY = re.compile(
    rf"\b(?:une?|des|plusieurs)\s+({'|'.join(WORD_NUMBERS)})s?\s+(?:de\s+|d')([^\W\d_][\w'-]*)",
    re.I,
)


_MILLIONS = re.compile(
    rf"(?<![\w.,])({_NUMBER})\s+(millions?|milliards?)\s+(?:de\s+|d')([^\W\d_][\w'-]*)", re.I
)
_OBJECTIVE = re.compile(r"\b(?:objectifs?|vise|visent|cible|ambitionne|fixe)\b", re.I)


def find_quantities(
    text: str, excluded: list[tuple[int, int]] = ()
) -> list[tuple[int, int, Quantity]]:
    """Counted objectives: a number, the noun counted, an optional deadline year.

    Numbers inside *excluded* spans (names, dates, amounts) are skipped, and so are years,
    percentages and units of time or money.

    >>> [v for _, _, v in find_quantities("former ~ 500 ingénieurs d'ici 2029.")]
    [Quantity(quantity=Decimal('500'), unit='ingénieurs formés', year=2029, approximate=True)]
    >>> [v.unit for _, _, v in find_quantities("dans les 12 régions du pays")]
    ['régions']
    >>> find_quantities("en 2030, pour 3 ans")
    []
    >>> find_quantities("40 d'entre eux seront raccordés")
    []
    >>> [v.unit for _, _, v in find_quantities("la formation de 2 000 développeurs")]
    ['développeurs formés']
    """
    found = _word_quantities(text, excluded) + _large_quantities(text, excluded)
    taken = [(s, e) for s, e, _ in found]
    for m in _QUANTITY.finditer(text):
        if any(s <= m.start(1) < e for s, e in [*excluded, *taken]):
            continue
        unit = m.group(2) or m.group(3)
        number = parse_number(m.group(1))
        if unit == "%":
            if not _OBJECTIVE.search(text):
                continue  # a share, not an objective
            # "l'objectif de dématérialiser 90 % des démarches": the share of what
            unit = "% " + " ".join(re.findall(r"[\w'-]+", text[m.end() : m.end() + 40])[:3])
        elif not _is_counted_noun(unit):
            continue
        grouped = re.search(r"\d[  \u202f.]\d", m.group(1))  # "de 2 000 développeurs"
        if _is_year(number) and _YEAR_BEFORE.search(text[: m.start(1)]) and not grouped:
            continue
        participle = _governing_participle(text[: m.start()])
        if participle:
            unit = f"{unit} {participle}"
        year = _TARGET_YEAR.match(text[m.end() :])
        quantity = Quantity(
            number,
            unit,
            int(year.group(1)) if year else None,
            _is_approximate(text[: m.start(1)]),
        )
        found.append((m.start(1), m.end(), quantity))
    return found


def _is_counted_noun(unit: str) -> bool:
    """A word that can be counted as an objective ("ingénieurs", "PME"), not a unit of time or
    money, a function word, or a capitalised name ("2025 Oracle")."""
    acronym = unit.isupper() and len(unit) >= 2  # "1 200 PME", "500 MW"
    lower = unit.lower()
    if lower in NON_TARGET_UNITS or lower in _FUNCTION_WORDS:
        return False
    return acronym or not unit[:1].isupper()


def _large_quantities(text: str, excluded) -> list[tuple[int, int, Quantity]]:
    """ "2 millions d'utilisateurs d'ici 2027" → 2 000 000 utilisateurs (money is an amount).

    >>> [(q.quantity, q.unit) for _, _, q in _large_quantities("2 millions d'utilisateurs", [])]
    [(Decimal('2000000'), 'utilisateurs')]
    """
    found = []
    for m in _MILLIONS.finditer(text):
        if any(s <= m.start() < e for s, e in excluded) or m.group(3).lower() in CURRENCIES:
            continue
        scale = SCALES[m.group(2).lower()]
        year = _TARGET_YEAR.match(text[m.end() :])
        quantity = Quantity(
            parse_number(m.group(1)) * scale,
            m.group(3),
            int(year.group(1)) if year else None,
            _is_approximate(text[: m.start()]),
        )
        found.append((m.start(), m.end(), quantity))
    return found


def _word_quantities(text: str, excluded) -> list[tuple[int, int, Quantity]]:
    """ "une soixantaine d'étudiants" → ~ 60 étudiants.

    >>> found = _word_quantities("une soixantaine d'étudiants", [])
    >>> [(q.quantity, q.unit, q.approximate) for _, _, q in found]
    [(Decimal('60'), 'étudiants', True)]
    """
    found = []
    for m in _WORD_QUANTITY.finditer(text):
        if any(s <= m.start() < e for s, e in excluded):
            continue
        unit = m.group(2)
        participle = _governing_participle(text[: m.start()])
        unit = f"{unit} {participle}" if participle else unit
        year = _TARGET_YEAR.match(text[m.end() :])
        value = Decimal(WORD_NUMBERS[m.group(1).lower()])
        quantity = Quantity(value, unit, int(year.group(1)) if year else None, True)
        found.append((m.start(), m.end(), quantity))
    return found


def _is_year(number: Decimal) -> bool:
    return 1900 <= number <= 2100 and number == number.to_integral_value()


def _is_approximate(before: str) -> bool:
    tail = before[-14:].lower()
    return any(tail.rstrip().endswith(marker) for marker in APPROXIMATE_MARKERS)


def _governing_participle(before: str) -> str | None:
    words = re.findall(r"[^\W\d_][\w'-]*|~", before[-40:].lower())
    for word in reversed(words[-4:]):
        if word in TARGET_PARTICIPLES:
            return TARGET_PARTICIPLES[word]
    return None


def _drop_overlaps(found: list[tuple[int, int, DateValue]]) -> list[tuple[int, int, DateValue]]:
    """Keep the first of overlapping matches (finders run from most to least precise)."""
    kept: list[tuple[int, int, DateValue]] = []
    for item in found:
        if all(item[1] <= s or item[0] >= e for s, e, _ in kept):
            kept.append(item)
    return sorted(kept, key=lambda x: x[0])
