"""Records passed from extraction to the graph: facts, their evidence, structured values.

A :class:`Fact` links a subject entity (by slug) to an object entity (by slug) or to a
structured value (:class:`Quantity`, :class:`Amount`, :class:`DateValue`) through one of
:data:`RELATIONS` (the local names of ``mai:`` properties).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

RELATIONS = (
    "leads",
    "oversees",
    "headedBy",
    "partnerOf",
    "signatory",
    "partOf",
    "locatedIn",
    "targetsSector",
    "hasTarget",
    "hasBudget",
    "date",
    "addressesRisk",
    "facesRisk",
    "hasOpportunity",
    "concernsLanguage",
)

SYMMETRIC = frozenset({"partnerOf"})


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: document, code-point span (end exclusive), quote, rule, confidence."""

    document_id: str
    start: int
    end: int
    quote: str
    rule: str
    confidence: float


@dataclass(frozen=True)
class Quantity:
    """A quantified objective: ``~ 500 ingénieurs d'ici 2029``."""

    quantity: Decimal
    unit: str
    year: int | None = None
    approximate: bool = False


@dataclass(frozen=True)
class Amount:
    """A budget: ``11 milliards de dirhams``; *currency* is an ISO 4217 code."""

    amount: Decimal
    currency: str
    period: str | None = None


@dataclass(frozen=True)
class DateValue:
    """A date as stated: ISO ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, and what happened then."""

    value: str
    event: str | None = None


Value = Quantity | Amount | DateValue


@dataclass(frozen=True)
class Fact:
    """One extracted statement with its evidence."""

    subject: str
    relation: str
    object: str | Value
    evidence: Evidence

    def key(self) -> tuple:
        """Identity of the statement, evidence aside (symmetric relations are ordered).

        >>> ev = Evidence("d", 0, 1, "x", "r", 0.9)
        >>> Fact("b", "partnerOf", "a", ev).key() == Fact("a", "partnerOf", "b", ev).key()
        True
        """
        subject, obj = self.subject, self.object
        if self.relation in SYMMETRIC and isinstance(obj, str) and obj < subject:
            subject, obj = obj, subject
        return (subject, self.relation, obj)


@dataclass(frozen=True)
class Mention:
    """A span of a document that names an entity."""

    slug: str
    start: int
    end: int
    text: str


@dataclass
class NewEntity:
    """An entity named by a document but absent from the catalogue (minted by extraction)."""

    slug: str
    cls: str
    label: str
    confidence: float
    top: str = ""
    mentions: list[Mention] = field(default_factory=list)
