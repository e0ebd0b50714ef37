"""Charts of report answers, drawn on the server as inline SVG (no script, no download).

Four kinds: a bar chart (counts per label), a timeline (dated events by year), a network
(nodes and labelled edges, laid out by a deterministic force simulation), and a tile map of
Morocco's 12 regions (a schematic grid, roughly north to south; colour by value). Every text
is escaped; every mark carries a ``<title>`` so a pointer shows its value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#0b6e4f", "#c05621", "#2b6cb0", "#805ad5", "#b83280", "#718096", "#2c7a7b", "#975a16")
MAX_BARS = 40
MAX_EVENTS = 60
MAX_NODES = 60
FONT = 'font-family="system-ui, sans-serif"'

# The 12 regions (2015 division) on a schematic grid: (column, row), north at the top.
REGION_TILES = {
    "tanger-tetouan-al-hoceima": (2, 0),
    "rabat-sale-kenitra": (1, 1),
    "fes-meknes": (2, 1),
    "oriental": (3, 1),
    "casablanca-settat": (1, 2),
    "beni-mellal-khenifra": (2, 2),
    "marrakech-safi": (1, 3),
    "draa-tafilalet": (2, 3),
    "souss-massa": (1, 4),
    "guelmim-oued-noun": (0, 5),
    "laayoune-sakia-el-hamra": (0, 6),
    "dakhla-oued-ed-dahab": (0, 7),
}


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value and where it links to (or ``None``)."""

    label: str
    value: float
    href: str | None = None


@dataclass(frozen=True)
class Event:
    """One dated mark: ``when`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    when: str
    label: str
    group: str = ""
    href: str | None = None


@dataclass(frozen=True)
class Edge:
    """A labelled link between two node keys."""

    source: str
    target: str
    label: str = ""


def _svg(width: float, height: float, title: str, body: list[str], kind: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" style="max-width:{width:.0f}px" '
        f'{FONT} font-size="12"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _link(href: str | None, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def bar_chart(bars: Sequence[Bar], title: str) -> str:
    """Horizontal bars, largest first as given, the first :data:`MAX_BARS` of them.

    >>> svg = bar_chart([Bar("énergie", 3), Bar("eau & <mer>", 1)], "Sectors")
    >>> svg.count('class="bar"'), "eau &amp; &lt;mer&gt;" in svg
    (2, True)
    """
    shown = list(bars)[:MAX_BARS]
    top = max([bar.value for bar in shown] + [1])
    width, left, row = 760, 260, 26
    body = []
    for index, bar in enumerate(shown):
        y = 10 + index * row
        length = (width - left - 60) * (bar.value / top)
        text = escape(_short(bar.label, 42))
        mark = (
            f'<g class="bar"><title>{escape(bar.label)}: {_number(bar.value)}</title>'
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{text}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{max(length, 1):.1f}" height="{row - 8}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + 16}">{_number(bar.value)}</text></g>'
        )
        body.append(_link(bar.href, mark))
    if len(bars) > len(shown):
        body.append(_note(10 + len(shown) * row + 14, f"… and {len(bars) - len(shown)} more"))
    return _svg(
        width, 20 + len(shown) * row + (24 if len(bars) > len(shown) else 0), title, body, "bar"
    )


def _number(value: float) -> str:
    return f"{value:g}"


def _note(y: float, text: str) -> str:
    return f'<text x="10" y="{y:.0f}" fill="#5b6577">{escape(text)}</text>'


def year_of(when: str) -> float | None:
    """A date as a fractional year, or ``None`` when it is not one.

    >>> year_of("2029"), year_of("2025-07"), year_of("2025-01-01"), year_of("soon")
    (2029.0, 2025.5, 2025.0, None)
    """
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", when.strip())
    if not match:
        return None
    month, day = int(match.group(2) or 1), int(match.group(3) or 1)
    return int(match.group(1)) + (month - 1) / 12 + (day - 1) / 365


def timeline_chart(events: Sequence[Event], title: str) -> str:
    """Events on a time axis, one line each in date order, coloured by group.

    >>> svg = timeline_chart([Event("2029", "500 ingénieurs", "target")], "Deadlines")
    >>> svg.count('class="event"'), ">2029<" in svg
    (1, True)
    """
    dated = sorted(
        (e for e in events if year_of(e.when) is not None), key=lambda e: year_of(e.when)
    )
    shown = dated[:MAX_EVENTS]
    first = math.floor(min((year_of(e.when) for e in shown), default=2025))
    last = math.floor(max((year_of(e.when) for e in shown), default=2025)) + 1
    width, left, right, row, top = 760, 40, 300, 22, 34
    scale = (width - left - right) / max(last - first, 1)
    groups = list(dict.fromkeys(e.group for e in shown))
    body = [_axis(first, last, left, scale, top, top + len(shown) * row)]
    for index, event in enumerate(shown):
        x, y = left + (year_of(event.when) - first) * scale, top + 12 + index * row
        colour = PALETTE[groups.index(event.group) % len(PALETTE)]
        mark = (
            f'<g class="event"><title>{escape(event.when)} — {escape(event.label)}</title>'
            f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="{colour}"/>'
            f'<text x="{x + 9:.1f}" y="{y + 4}">{escape(event.when)} · '
            f"{escape(_short(event.label, 90))}</text></g>"
        )
        body.append(_link(event.href, mark))
    body += _legend(groups, width - right + 150, 14)
    return _svg(width + 200, top + 20 + len(shown) * row, title, body, "timeline")


def _axis(first: int, last: int, left: float, scale: float, top: float, bottom: float) -> str:
    ticks = []
    step = max(1, math.ceil((last - first) / 12))
    for year in range(first, last + 1, step):
        x = left + (year - first) * scale
        ticks.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom + 6}" stroke="#d9dee7"/>'
            f'<text x="{x:.1f}" y="{top - 12}" text-anchor="middle">{year}</text>'
        )
    return '<g class="axis">' + "".join(ticks) + "</g>"


def _legend(groups: Sequence[str], x: float, y: float) -> list[str]:
    return [
        f'<g class="legend"><circle cx="{x}" cy="{y + i * 18}" r="5" '
        f'fill="{PALETTE[i % len(PALETTE)]}"/><text x="{x + 10}" y="{y + 4 + i * 18}">'
        f"{escape(group)}</text></g>"
        for i, group in enumerate(groups)
        if group
    ]


def network_chart(
    nodes: dict[str, tuple[str, str]],
    edges: Sequence[Edge],
    title: str,
    link: Callable[[str], str | None] = lambda key: None,
) -> str:
    """Nodes (key → (label, kind)) and edges, the :data:`MAX_NODES` best connected drawn.

    >>> svg = network_chart({"a": ("OCP", "actor"), "b": ("AI Movement", "initiative")},
    ...                     [Edge("a", "b", "leads")], "Network")
    >>> svg.count('class="node"'), svg.count('class="edge"')
    (2, 1)
    """
    degree = {key: 0 for key in nodes}
    for edge in edges:
        for key in (edge.source, edge.target):
            degree[key] = degree.get(key, 0) + 1
    kept = sorted(degree, key=lambda key: (-degree[key], key))[:MAX_NODES]
    kept_edges = [e for e in edges if e.source in kept and e.target in kept]
    width, height = 760, 520
    position = layout(sorted(kept), [(e.source, e.target) for e in kept_edges], width, height)
    kinds = list(dict.fromkeys(nodes.get(key, (key, ""))[1] for key in sorted(kept)))
    body = [_edge(edge, position) for edge in kept_edges]
    for key in sorted(kept):
        label, kind = nodes.get(key, (key, ""))
        x, y = position[key]
        colour = PALETTE[kinds.index(kind) % len(PALETTE)]
        mark = (
            f'<g class="node"><title>{escape(label)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}"/>'
            f'<text x="{x + 10:.1f}" y="{y + 4:.1f}">{escape(_short(label, 28))}</text></g>'
        )
        body.append(_link(link(key), mark))
    body += _legend(kinds, width + 30, 20)
    if len(degree) > len(kept):
        body.append(_note(height - 8, f"{len(kept)} of {len(degree)} nodes: the best connected"))
    return _svg(width + 180, height, title, body, "graph")


def _edge(edge: Edge, position: dict[str, tuple[float, float]]) -> str:
    (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
    return (
        f'<g class="edge"><title>{escape(edge.label)}</title><line x1="{x1:.1f}" y1="{y1:.1f}" '
        f'x2="{x2:.1f}" y2="{y2:.1f}" stroke="#a0aec0" stroke-width="1.5"/></g>'
    )


def layout(
    keys: Sequence[str], links: Sequence[tuple[str, str]], width: float, height: float
) -> dict[str, tuple[float, float]]:
    """Positions of *keys* inside the box: a force simulation from a circle (deterministic).

    >>> spots = layout(["a", "b", "c"], [("a", "b")], 300, 200)
    >>> all(20 <= x <= 280 and 20 <= y <= 180 for x, y in spots.values())
    True
    """
    count = max(len(keys), 1)
    ideal = math.sqrt(width * height / count) * 0.5
    spots = {
        key: [
            width / 2 + width / 3 * math.cos(2 * math.pi * i / count),
            height / 2 + height / 3 * math.sin(2 * math.pi * i / count),
        ]
        for i, key in enumerate(keys)
    }
    heat = width / 10
    # Strong enough that n nodes repelling one another settle within the box.
    pull_x, pull_y = (count * ideal * ideal / (0.6 * side) ** 2 for side in (width, height))
    for _ in range(200):
        moves = {key: [0.0, 0.0] for key in keys}
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                _push(spots, moves, a, b, ideal * ideal, repel=True)
        for a, b in links:
            if a in spots and b in spots and a != b:
                _push(spots, moves, a, b, ideal, repel=False)
        for key, move in moves.items():
            # Gravity keeps unlinked groups in the picture instead of against its edges.
            move[0] -= (spots[key][0] - width / 2) * pull_x
            move[1] -= (spots[key][1] - height / 2) * pull_y
            size = math.hypot(*move) or 1.0
            step = min(size, heat) / size
            spots[key][0] = min(width - 20, max(20, spots[key][0] + move[0] * step))
            spots[key][1] = min(height - 20, max(20, spots[key][1] + move[1] * step))
        heat = max(heat * 0.97, 1.0)
    return {key: (x, y) for key, (x, y) in spots.items()}


def _push(spots: dict, moves: dict, a: str, b: str, strength: float, repel: bool) -> None:
    dx, dy = spots[a][0] - spots[b][0], spots[a][1] - spots[b][1]
    distance = math.hypot(dx, dy) or 0.01
    force = strength / distance if repel else -(distance * distance) / strength
    fx, fy = dx / distance * force, dy / distance * force
    moves[a][0] += fx
    moves[a][1] += fy
    moves[b][0] -= fx
    moves[b][1] -= fy


def regions_map(
    values: dict[str, tuple[float, str]],
    title: str,
    link: Callable[[str], str | None] = lambda slug: None,
) -> str:
    """The 12 regions as tiles (slug → (value, label)), darker for larger values.

    >>> svg = regions_map({"oriental": (2, "Oriental")}, "Regions")
    >>> svg.count('class="region"'), 'data-value="2"' in svg, 'data-value="0"' in svg
    (12, True, True)
    """
    top = max([value for value, _ in values.values()] + [1])
    size_x, size_y, gap = 170, 64, 6
    body = []
    for slug, (column, row) in REGION_TILES.items():
        value, label = values.get(slug, (0, slug.replace("-", " ").title()))
        x, y = 10 + column * (size_x + gap), 10 + row * (size_y + gap)
        shade = 0.12 + 0.88 * (value / top) if value else 0.0
        fill = f"rgba(11,110,79,{shade:.2f})" if value else "#edf0f4"
        ink = "#ffffff" if shade > 0.55 else "#1d2430"
        tile = (
            f'<g class="region" data-region="{escape(slug)}" data-value="{_number(value)}">'
            f"<title>{escape(label)}: {_number(value)}</title>"
            f'<rect x="{x}" y="{y}" width="{size_x}" height="{size_y}" rx="6" fill="{fill}" '
            f'stroke="#b8c2d0"/><text x="{x + 8}" y="{y + 22}" fill="{ink}" font-size="11">'
            f'{escape(_short(label, 26))}</text><text x="{x + 8}" y="{y + 48}" fill="{ink}" '
            f'font-size="18" font-weight="600">{_number(value)}</text></g>'
        )
        body.append(_link(link(slug), tile))
    width = 20 + 4 * (size_x + gap)
    return _svg(width, 20 + 8 * (size_y + gap), title, body, "map")
