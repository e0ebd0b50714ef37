"""Server-side SVG charts: what they draw, that they escape text, that they are deterministic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pyoxigraph import Literal, NamedNode

from kg.charts import (
    MAX_NODES,
    REGION_TILES,
    Bar,
    Edge,
    Event,
    bar_chart,
    network_chart,
    regions_map,
    timeline_chart,
)
from kg.report_views import render_view

SVG = "{http://www.w3.org/2000/svg}"
ID = "https://w3id.org/ma-ai/id/"


def parsed(svg: str) -> ET.Element:
    """The chart as XML: it must be well-formed to render inline in HTML and as a file."""
    return ET.fromstring(svg)


def test_bars_are_proportional_and_labels_escaped():
    svg = bar_chart([Bar("<script>alert(1)</script>", 4), Bar("eau", 2)], "Sectors & <more>")
    root = parsed(svg)
    widths = [float(r.get("width")) for r in root.iter(SVG + "rect")]
    assert widths[0] == 2 * widths[1]
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_regions_map_draws_the_12_regions_with_their_values():
    svg = regions_map({"oriental": (3, "Oriental"), "souss-massa": (1, "Souss-Massa")}, "Map")
    tiles = {
        g.get("data-region"): g.get("data-value")
        for g in parsed(svg).iter(SVG + "g")
        if g.get("class") == "region"
    }
    assert len(tiles) == 12 == len(REGION_TILES)
    assert tiles["oriental"] == "3" and tiles["souss-massa"] == "1" and tiles["fes-meknes"] == "0"


def test_the_timeline_puts_events_in_date_order():
    svg = timeline_chart(
        [Event("2029", "late"), Event("2025-06-17", "early"), Event("someday", "undated")], "T"
    )
    labels = re.findall(r"<text [^>]*>([^<]*· [^<]*)</text>", svg)
    assert [label.split(" · ")[1] for label in labels] == ["early", "late"]


def test_the_network_keeps_the_best_connected_nodes_and_is_deterministic():
    nodes = {f"n{i}": (f"node {i}", "actor") for i in range(MAX_NODES + 20)}
    edges = [Edge("n0", f"n{i}", "leads") for i in range(1, MAX_NODES + 20)]
    svg = network_chart(nodes, edges, "Network")
    assert svg.count('class="node"') == MAX_NODES and "of 80 nodes" in svg
    assert network_chart(nodes, edges, "Network") == svg
    parsed(svg)


def test_render_view_reads_rows_of_terms_by_their_chart_roles():
    rows = [(NamedNode(ID + "oriental"), Literal("Oriental"), Literal(2))]
    svg = render_view(
        "map",
        {"region": "r", "label": "l", "value": "v"},
        ["r", "l", "v"],
        rows,
        "Regions",
        lambda iri: "/x?e=" + iri,
    )
    assert 'data-region="oriental" data-value="2"' in svg
    assert f'href="/x?e={ID}oriental"' in svg
    assert render_view("table", {}, ["a"], [], "T") is None
    triples = [
        (
            NamedNode(ID + "ocp"),
            NamedNode("https://w3id.org/ma-ai/ontology#leads"),
            NamedNode(ID + "ai-movement"),
        )
    ]
    graph = render_view("graph", {}, ["subject", "predicate", "object"], triples, "Network")
    assert graph.count('class="node"') == 2 and "<title>leads</title>" in graph
