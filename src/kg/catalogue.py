"""Read the entity catalogue: curated YAML saying what exists, never facts about it.

One file per kind of entity in ``data/entities/`` (see :data:`KIND_FILES`). Each entry gives a
stable slug, a ``mai:`` class, labels (``fr`` and ``en`` required), aliases used as a gazetteer by
extraction, and optionally Wikidata ids, place containment (``within``) or concept hierarchy
(``broader``) with the ``source`` that backs it. Every problem is an :class:`InputFileError`
naming the file and the line of the offending entry or key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InputFileError
from .namespaces import WD, is_slug

KIND_FILES = {
    "actors.yaml": "Actor",
    "initiatives.yaml": "Initiative",
    "places.yaml": "Place",
    "sectors.yaml": "Sector",
    "risks.yaml": "Risk",
    "opportunities.yaml": "Opportunity",
    "languages.yaml": "Language",
}
CONCEPT_TOPS = frozenset({"Sector", "Risk", "Opportunity", "Language"})
KEYS = ("slug", "class", "label", "aliases", "same_as", "within", "broader", "source", "note")
REQUIRED_LANGS = ("fr", "en")

_NULL_TAG = "tag:yaml.org,2002:null"
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")
_WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True)
class Entity:
    """One catalogue entry, with the file and line it was read from."""

    slug: str
    cls: str
    top: str
    labels: Mapping[str, str] = field(hash=False)
    aliases: tuple[str, ...]
    same_as: tuple[str, ...]
    within: str | None
    broader: str | None
    source: str | None
    path: str
    line: int

    @property
    def where(self) -> str:
        """``file:line`` of the entry, for messages."""
        return f"{Path(self.path).name}:{self.line}"


class Catalogue(Mapping[str, Entity]):
    """Immutable mapping slug → :class:`Entity`, in file order."""

    def __init__(self, entities: list[Entity]):
        self._entities = MappingProxyType({e.slug: e for e in entities})

    def __getitem__(self, slug: str) -> Entity:
        return self._entities[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entities)

    def __len__(self) -> int:
        return len(self._entities)

    def by_top(self, top: str) -> list[Entity]:
        """Entities whose top class is *top* (``Actor``, ``Place``, ``Language``…)."""
        return [e for e in self._entities.values() if e.top == top]

    def surface_forms(self) -> list[tuple[str, str]]:
        """``(text, slug)`` for every label (all languages) and alias, without repeats."""
        pairs: dict[tuple[str, str], None] = {}
        for entity in self._entities.values():
            for text in (*entity.labels.values(), *entity.aliases):
                pairs[(text, entity.slug)] = None
        return list(pairs)


@dataclass
class _Draft:
    """An entity being checked: the lines of its keys and surface forms travel with it."""

    entity: Entity
    key_lines: dict[str, int]
    forms: list[tuple[str, str, int]]  # (text, "label"/"alias", line)


def load_catalogue(entities_dir: Path, class_tops: Mapping[str, str]) -> Catalogue:
    """Read and check every catalogue file of *entities_dir*.

    *class_tops* maps each ``mai:`` class local name to its top class (see
    :func:`kg.ontology.class_tops`). Raises :class:`InputFileError` on the first problem found.
    """
    # Language is a catalogue kind of its own, outside the eight top classes of the ontology.
    tops = {**class_tops, "Language": "Language"}
    drafts: list[_Draft] = []
    for path in _catalogue_files(Path(entities_dir)):
        drafts.extend(_read_file(path, tops))
    by_slug = _index_slugs(drafts)
    for draft in drafts:
        _check_link(draft, "within", by_slug)
        _check_link(draft, "broader", by_slug)
    _check_surface_forms(drafts)
    return Catalogue([d.entity for d in drafts])


def _catalogue_files(entities_dir: Path) -> list[Path]:
    """The known catalogue files present in *entities_dir*, in :data:`KIND_FILES` order."""
    if not entities_dir.is_dir():
        raise InputFileError(entities_dir, None, "catalogue folder not found")
    for path in sorted(entities_dir.iterdir()):
        if path.suffix in (".yaml", ".yml") and path.name not in KIND_FILES:
            known = ", ".join(KIND_FILES)
            raise InputFileError(path, None, f"unknown catalogue file (known files: {known})")
    files = [entities_dir / name for name in KIND_FILES if (entities_dir / name).is_file()]
    if not files:
        raise InputFileError(entities_dir, None, "no catalogue file in folder")
    return files


def _read_file(path: Path, tops: Mapping[str, str]) -> list[_Draft]:
    """Parse one catalogue file into drafts; raise on syntax errors and malformed entries."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as exc:
        raise InputFileError(path, None, f"not UTF-8 text: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputFileError(path, line, f"YAML syntax error: {exc.problem}") from None
    if root is None or (isinstance(root, SequenceNode) and not root.value):
        raise InputFileError(path, 1, "empty catalogue file")
    if not isinstance(root, SequenceNode):
        raise InputFileError(path, _line(root), "expected a list of entries")
    return [_read_entry(path, node, tops) for node in root.value]


def _read_entry(path: Path, node: Node, tops: Mapping[str, str]) -> _Draft:
    """Turn one entry node into a draft, checking keys, slug, class and labels."""
    if not isinstance(node, MappingNode):
        raise InputFileError(path, _line(node), "entry is not a mapping")
    values, key_lines = _entry_values(path, node)
    for key in ("slug", "class", "label"):
        if key not in values:
            raise InputFileError(path, _line(node), f"entry has no '{key}'")
    slug = _string(path, values["slug"], "slug")
    if not is_slug(slug):
        raise InputFileError(path, key_lines["slug"], f"invalid slug '{slug}'")
    cls = _string(path, values["class"], "class")
    top = _top_of(path, values["class"], cls, tops)
    labels = _labels(path, values["label"], key_lines["label"])
    aliases = _strings(path, values.get("aliases"), "aliases")
    texts = {k: _string(path, values[k], k) for k in ("within", "broader", "source") if k in values}
    if "note" in values:
        _string(path, values["note"], "note")
    _check_link_keys(path, key_lines, top, texts)
    entity = Entity(
        slug=slug,
        cls=cls,
        top=top,
        labels=MappingProxyType({lang: text for lang, text, _ in labels}),
        aliases=aliases,
        same_as=_same_as(path, values.get("same_as")),
        within=texts.get("within"),
        broader=texts.get("broader"),
        source=texts.get("source"),
        path=str(path),
        line=_line(node),
    )
    forms = [(text, "label", line) for _, text, line in labels]
    alias_nodes = _items(values.get("aliases"))
    forms += [(t, "alias", _line(n)) for t, n in zip(aliases, alias_nodes, strict=True)]
    return _Draft(entity, key_lines, forms)


def _same_as(path: Path, node: Node | None) -> tuple[str, ...]:
    """Full Wikidata IRIs of the ``same_as`` ids (``Q`` followed by digits)."""
    iris = []
    for item, qid in zip(_items(node), _strings(path, node, "same_as"), strict=True):
        if not _WIKIDATA_ID.match(qid):
            raise InputFileError(path, _line(item), f"same_as '{qid}' is not a Wikidata id")
        iris.append(str(WD[qid]))
    return tuple(iris)


def _entry_values(path: Path, node: MappingNode) -> tuple[dict[str, Node], dict[str, int]]:
    """Key → value node, and key → line, of an entry; unknown and repeated keys are errors."""
    values: dict[str, Node] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise InputFileError(path, _line(key_node), f"unknown key '{key}' (known: {known})")
        if key in values:
            raise InputFileError(path, _line(key_node), f"key '{key}' given twice")
        values[key], lines[key] = value_node, _line(key_node)
    return values, lines


def _top_of(path: Path, node: Node, cls: str, tops: Mapping[str, str]) -> str:
    """The top class of *cls*, which must belong in this file's kind."""
    if cls not in tops:
        raise InputFileError(path, _line(node), f"unknown class '{cls}'")
    top = tops[cls]
    expected = KIND_FILES[path.name]
    if top != expected:
        right = next((name for name, kind in KIND_FILES.items() if kind == top), None)
        where = f"it belongs in {right}" if right else "no catalogue file holds it"
        message = f"class '{cls}' is a kind of {top}, not of {expected}: {where}"
        raise InputFileError(path, _line(node), message)
    return top


def _labels(path: Path, node: Node, line: int) -> list[tuple[str, str, int]]:
    """``(lang, text, line)`` of the ``label`` mapping (key at *line*); ``fr`` and ``en`` needed."""
    if not isinstance(node, MappingNode):
        raise InputFileError(path, line, "'label' must map languages to labels")
    labels: dict[str, tuple[str, str, int]] = {}
    for key_node, value_node in node.value:
        lang = _string(path, key_node, "label language")
        if not _LANG.match(lang):
            raise InputFileError(path, _line(key_node), f"invalid language code '{lang}'")
        if lang in labels:
            raise InputFileError(path, _line(key_node), f"label '{lang}' given twice")
        labels[lang] = (lang, _string(path, value_node, f"label.{lang}"), _line(key_node))
    for lang in REQUIRED_LANGS:
        if lang not in labels:
            raise InputFileError(path, line, f"entry has no 'label.{lang}'")
    return list(labels.values())


def _check_link_keys(path: Path, key_lines: dict[str, int], top: str, texts: dict) -> None:
    """``within`` only on places, ``broader`` only on concepts, each with a ``source``."""
    if "within" in texts and top != "Place":
        raise InputFileError(path, key_lines["within"], "'within' is only for places")
    if "broader" in texts and top not in CONCEPT_TOPS:
        message = "'broader' is only for sectors, risks, opportunities and languages"
        raise InputFileError(path, key_lines["broader"], message)
    for key in ("within", "broader"):
        if key in texts and "source" not in texts:
            raise InputFileError(path, key_lines[key], f"'{key}' given without a 'source'")


def _index_slugs(drafts: list[_Draft]) -> dict[str, _Draft]:
    """Slug → draft; a slug defined twice (in any files) is an error naming the first place."""
    by_slug: dict[str, _Draft] = {}
    for draft in drafts:
        entity = draft.entity
        first = by_slug.get(entity.slug)
        if first is not None:
            raise InputFileError(
                entity.path,
                draft.key_lines["slug"],
                f"duplicate slug '{entity.slug}' (first defined at {first.entity.where})",
            )
        by_slug[entity.slug] = draft
    return by_slug


def _check_link(draft: _Draft, key: str, by_slug: Mapping[str, _Draft]) -> None:
    """``within``/``broader`` names a known entity of the right kind, without a cycle."""
    entity = draft.entity
    target = getattr(entity, key)
    if target is None:
        return
    line = draft.key_lines[key]
    if target not in by_slug:
        raise InputFileError(entity.path, line, f"'{key}' names unknown slug '{target}'")
    target_top = by_slug[target].entity.top
    if key == "within" and target_top != "Place":
        raise InputFileError(entity.path, line, f"'within' names '{target}', not a place")
    if key == "broader" and target_top != entity.top:
        raise InputFileError(
            entity.path, line, f"'broader' names '{target}', a {target_top}, not a {entity.top}"
        )
    seen, chain = {entity.slug}, [entity.slug]
    while target in by_slug:
        chain.append(target)
        if target == entity.slug:
            raise InputFileError(entity.path, line, f"'{key}' cycle: {' → '.join(chain)}")
        if target in seen:
            return  # a cycle further up: reported at the entries that form it
        seen.add(target)
        target = getattr(by_slug[target].entity, key)


def _check_surface_forms(drafts: list[_Draft]) -> None:
    """No label or alias may name two entities (compared by :func:`normalise_form`)."""
    claimed: dict[str, tuple[_Draft, str, int]] = {}
    for draft in drafts:
        for text, kind, line in draft.forms:
            key = normalise_form(text)
            first = claimed.setdefault(key, (draft, kind, line))
            first_draft, first_kind, first_line = first
            if first_draft is draft:
                continue
            a, b = first_draft.entity, draft.entity
            raise InputFileError(
                b.path,
                line,
                f"{kind} '{text}' is claimed by both {a.slug} ({Path(a.path).name}:"
                f"{first_line}, as {first_kind}) and {b.slug} ({Path(b.path).name}:{line})",
            )


def normalise_form(text: str) -> str:
    """Key under which two surface forms count as the same name.

    Case, Unicode composition, runs of whitespace and typographic apostrophes do not matter.

    >>> normalise_form("Côte d’Ivoire") == normalise_form("  CÔTE   d'ivoire ")
    True
    """
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    return " ".join(text.split()).casefold()


def _string(path: Path, node: Node, what: str) -> str:
    """The text of a scalar node, as written: YAML's implicit typing would turn ``5G`` or ``no``
    into other things, and a name is always text. Empty values are errors."""
    if not isinstance(node, ScalarNode):
        raise InputFileError(path, _line(node), f"'{what}' must be a single text value")
    if node.tag == _NULL_TAG or not node.value.strip():
        raise InputFileError(path, _line(node), f"'{what}' is empty")
    return " ".join(node.value.split())


def _strings(path: Path, node: Node | None, what: str) -> tuple[str, ...]:
    """The texts of a list node (absent means empty)."""
    if node is None:
        return ()
    if not isinstance(node, SequenceNode):
        raise InputFileError(path, _line(node), f"'{what}' must be a list")
    return tuple(_string(path, item, what) for item in node.value)


def _items(node: Node | None) -> list[Node]:
    return node.value if isinstance(node, SequenceNode) else []


def _line(node: Node) -> int:
    return node.start_mark.line + 1
