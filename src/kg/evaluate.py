"""Score extraction against a gold annotation (the format of ``seed.gold.yaml``).

Gold entities are aligned with ours by their mentions (overlapping spans) and their names;
facts are compared on (subject, relation, object) after alignment — strictly, and ignoring the
relation. Gold facts marked ``core: false`` count neither as misses nor as false positives, and
our facts whose relation the gold vocabulary does not define are not scored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from .catalogue import Catalogue, load_catalogue
from .documents import read_document
from .errors import InputFileError, KGError
from .extract import Extraction, Extractor
from .facts import Amount, DateValue, Fact, Quantity

RELATIONS = {
    "leads": "leads",
    "oversees": "oversees",
    "headed_by": "headedBy",
    "partner_of": "partnerOf",
    "signed_between": "signatory",
    "part_of": "partOf",
    "located_in": "locatedIn",
    "targets_sector": "targetsSector",
    "has_target": "hasTarget",
    "has_budget": "hasBudget",
    "dated": "date",
    "addresses_risk": "addressesRisk",
    "faces_risk": "facesRisk",
    "has_opportunity": "hasOpportunity",
}


@dataclass
class Score:
    """Precision, recall and F1 from counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """Scores of one gold document, with the lists behind them."""

    document: str
    strict: Score
    agnostic: Score
    evidence_overlap: float
    not_in_text_rate: float
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def format(self) -> str:
        """A readable report."""
        rows = [f"document: {self.document}"]
        for name, s in (("strict", self.strict), ("relation-agnostic", self.agnostic)):
            rows.append(
                f"{name:18} precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}"
                f"  (tp {s.tp}, fp {s.fp}, fn {s.fn})"
            )
        rows.append(f"evidence span overlaps gold: {self.evidence_overlap:.3f}")
        rows.append(
            f"triples with a subject or object not in the text: {self.not_in_text_rate:.3f}"
        )
        rows += [f"miss: {m}" for m in self.misses]
        rows += [f"false positive: {f}" for f in self.false_positives]
        return "\n".join(rows)


def load_gold(path: Path) -> dict:
    """Read a gold file. Raises :class:`InputFileError` naming the file when it is malformed."""
    try:
        gold = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputFileError(path, None, "file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputFileError(path, mark.line + 1 if mark else None, f"not YAML: {exc}") from None
    if not isinstance(gold, dict) or not {"document", "entities", "facts"} <= set(gold):
        raise InputFileError(path, None, "a gold file needs 'document', 'entities' and 'facts'")
    return gold


def evaluate(
    gold_path: Path, documents_dir: Path, catalogue: Catalogue, extractor: Extractor | None = None
) -> Evaluation:
    """Extract the gold's document from *documents_dir* and score it (with *extractor*, or a
    new one over *catalogue*)."""
    gold = load_gold(gold_path)
    doc_path = Path(documents_dir) / gold["document"]
    if not doc_path.exists():
        raise KGError(
            f"{gold_path}: its document {gold['document']} is not in {documents_dir}", 400
        )
    extraction = (extractor or Extractor(catalogue)).extract(read_document(doc_path))
    return score(gold, extraction, catalogue)


def align(gold: dict, extraction: Extraction, catalogue: Catalogue) -> dict[str, str]:
    """Gold entity id → our slug, by overlapping mentions, then by names."""
    names: dict[str, set[str]] = {}
    for text, slug in catalogue.surface_forms():
        names.setdefault(_norm(text), set()).add(slug)
    for slug, entity in extraction.new_entities.items():
        names.setdefault(_norm(entity.label), set()).add(slug)
    tops = {e.slug: e.top for e in catalogue.values()}
    tops.update({slug: e.top for slug, e in extraction.new_entities.items()})
    mapping = {}
    for entity in gold["entities"]:
        votes: Counter = Counter()
        for start, end in entity.get("mentions", []):
            for m in extraction.mentions:
                if m.start < end and start < m.end:
                    votes[m.slug] += min(end, m.end) - max(start, m.start)
        for form in [entity["name"], *entity.get("surface_forms", [])]:
            for slug in names.get(_norm(form), ()):
                votes[slug] += 1000
        # Only entities of the gold's kind (the part before "/": Actor, Initiative, Place…).
        kind = str(entity.get("type", "")).split("/")[0]
        votes = Counter({s: v for s, v in votes.items() if tops.get(s) in (kind, None) or not kind})
        if votes:
            mapping[entity["id"]] = votes.most_common(1)[0][0]
    return mapping


def _norm(text: str) -> str:
    return " ".join(str(text).lower().replace("’", "'").split())


def score(gold: dict, extraction: Extraction, catalogue: Catalogue) -> Evaluation:
    """Compare extracted facts with the gold facts."""
    mapping = align(gold, extraction, catalogue)
    ours = _our_facts(extraction)
    strict, agnostic = Score(), Score()
    matched, overlaps, misses = set(), [], []
    for g in gold["facts"]:
        hits = [k for k in ours if _matches(g, k, mapping, strict=True)]
        loose = [k for k in ours if _matches(g, k, mapping, strict=False)]
        if not g.get("core", True):
            matched.update(loose)  # an optional fact: stating it is neither right nor wrong
            continue
        matched.update(hits)
        strict.tp, strict.fn = strict.tp + bool(hits), strict.fn + (not hits)
        agnostic.tp, agnostic.fn = agnostic.tp + bool(loose), agnostic.fn + (not loose)
        if hits:
            overlaps.append(_overlaps(ours[hits[0]], g["evidence_span"]))
        else:
            misses.append(f"{g['id']} {g['subject']} {g['relation']} {g['object']}")
    agnostic_matched = {
        k for k in ours if any(_matches(g, k, mapping, False) for g in gold["facts"])
    }
    false_positives = [k for k in ours if k not in matched]
    strict.fp = len(false_positives)
    agnostic.fp = len([k for k in ours if k not in agnostic_matched])
    return Evaluation(
        document=gold["document"],
        strict=strict,
        agnostic=agnostic,
        evidence_overlap=sum(overlaps) / len(overlaps) if overlaps else 0.0,
        not_in_text_rate=_not_in_text(ours, extraction),
        misses=misses,
        false_positives=[f"{s} {r} {_show(o)}" for s, r, o in false_positives],
    )


def _our_facts(extraction: Extraction) -> dict[tuple, list[Fact]]:
    scored = set(RELATIONS.values())
    facts: dict[tuple, list[Fact]] = {}
    for fact in extraction.facts:
        if fact.relation in scored:
            facts.setdefault(fact.key(), []).append(fact)
    return facts


def _matches(g: dict, key: tuple, mapping: dict[str, str], strict: bool) -> bool:
    subject, relation, obj = key
    if strict and RELATIONS.get(g["relation"]) != relation:
        return False
    pairs = [(g["subject"], g["object"])]
    if (g["relation"] == "partner_of" or not strict) and not isinstance(g["object"], dict):
        pairs.append((g["object"], g["subject"]))
    for gs, go in pairs:
        if mapping.get(gs) == subject and isinstance(go, dict) == (not isinstance(obj, str)):
            if isinstance(go, dict) and _value_matches(go, obj):
                return True
            if not isinstance(go, dict) and mapping.get(go) == obj:
                return True
    return False


def _value_matches(gold: dict, obj: object) -> bool:
    if isinstance(obj, Quantity) and "quantity" in gold:
        same_year = gold.get("year") in (None, obj.year)
        same_unit = _stem(str(gold.get("unit", ""))) == _stem(obj.unit)
        return Decimal(str(gold["quantity"])) == obj.quantity and same_year and same_unit
    if isinstance(obj, Amount) and "amount" in gold:
        return Decimal(str(gold["amount"])) == obj.amount and gold.get("currency") == obj.currency
    if isinstance(obj, DateValue) and "date" in gold:
        return str(gold["date"]) == obj.value
    return False


def _stem(unit: str) -> str:
    words = unit.lower().split()
    return words[0][:5] if words else ""


def _overlaps(facts: list[Fact], span: list[int]) -> bool:
    return any(f.evidence.start < span[1] and span[0] < f.evidence.end for f in facts)


def _not_in_text(ours: dict[tuple, list[Fact]], extraction: Extraction) -> float:
    mentioned = {m.slug for m in extraction.mentions}
    missing = 0
    for subject, _, obj in ours:
        slugs = [subject] + ([obj] if isinstance(obj, str) else [])
        missing += any(s not in mentioned for s in slugs)
    return missing / len(ours) if ours else 0.0


def _show(obj: object) -> str:
    return obj if isinstance(obj, str) else repr(obj)


def evaluate_files(
    settings, gold_files: list[Path], documents_dir: Path | None = None, details: bool = False
) -> str:
    """Score several gold files and report each, then their micro-averaged totals.

    A gold's document is looked up in *documents_dir* when given, else beside the gold file,
    else in the settings' documents folder.
    """
    from .ontology import class_tops, load_ontology

    ontology = load_ontology(settings.ontology_dir)
    catalogue = load_catalogue(settings.entities_dir, class_tops(ontology))
    reports, total = [], Score()
    extractor = Extractor(catalogue)  # one ruler for every gold file
    for gold_file in gold_files:
        folder = documents_dir or _folder_of(gold_file, settings.documents_dir)
        result = evaluate(gold_file, folder, catalogue, extractor)
        text = result.format()
        reports.append(text if details else "\n".join(text.splitlines()[:5]))
        total.tp += result.strict.tp
        total.fp += result.strict.fp
        total.fn += result.strict.fn
    if len(gold_files) > 1:
        reports.append(
            f"all documents (strict, micro-averaged): precision {total.precision:.3f}  "
            f"recall {total.recall:.3f}  F1 {total.f1:.3f}"
        )
    return "\n\n".join(reports)


def _folder_of(gold_file: Path, default: Path) -> Path:
    document = load_gold(gold_file)["document"]
    beside = Path(gold_file).parent
    return beside if (beside / document).exists() else Path(default)
