"""A real browser (headless Chromium) renders report pages and their charts, offline."""

from __future__ import annotations

import dataclasses
import struct
import subprocess
import threading
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CHROMIUM, CHROMIUM_FLAGS
from werkzeug.serving import make_server

from kg.cli import kg
from kg.web import create_app

ROOT = Path(__file__).parent.parent
BAR_GREEN = (11, 110, 79)  # charts.PALETTE[0], the fill of every bar

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def chromium(profile: Path, *args: str) -> str:
    done = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def pixels(png: bytes) -> list[tuple[int, ...]]:
    """The RGB(A) pixels of an 8-bit, non-interlaced PNG (what Chromium's screenshots are)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, header = 8, b"", None
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        chunk = png[position + 8 : position + 8 + length]
        header = chunk if kind == b"IHDR" else header
        data += chunk if kind == b"IDAT" else b""
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    size = 3 if colour == 2 else 4
    raw, stride, previous, out = zlib.decompress(data), width * size, bytearray(width * size), []
    for row in range(height):
        kind, line = (
            raw[row * (stride + 1)],
            bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )[2]
                line[i] = (line[i] + near) & 255
        out += [tuple(line[i : i + 3]) for i in range(0, stride, size)]
        previous = line
    return out


@pytest.fixture(scope="module")
def site(seed_store_settings, tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(
        kg, ["report", "--all", "--out", str(out), "--store", str(seed_store_settings.store_dir)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_static_bar_chart_is_painted_offline(site, tmp_path):
    shot = tmp_path / "bars.png"
    chromium(
        tmp_path / "profile",
        "--window-size=1000,800",
        f"--screenshot={shot}",
        (site / "initiatives-by-sector.html").as_uri(),
    )
    green = sum(1 for pixel in pixels(shot.read_bytes()) if pixel == BAR_GREEN)
    assert green > 2000  # twelve bars on the seed, each hundreds of pixels


def test_the_static_index_has_its_four_charts_in_the_browser_dom(site, tmp_path):
    dom = chromium(tmp_path / "profile", "--dump-dom", (site / "index.html").as_uri())
    for view in ("bar", "timeline", "graph", "map"):
        assert f'class="chart chart-{view}"' in dom
    assert dom.count('class="region"') == 12
    assert dom.count('class="bar"') >= 10


@pytest.fixture(scope="module")
def base_url(seed_store_settings):
    settings = dataclasses.replace(seed_store_settings, queries_dir=ROOT / "queries")
    server = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_a_served_report_page_renders_its_map_and_form(base_url, tmp_path):
    dom = chromium(tmp_path / "profile", "--dump-dom", f"{base_url}/queries/regions?show=all")
    assert dom.count('class="region"') == 12
    assert 'data-region="casablanca-settat" data-value="2"' in dom
    assert '<select id="p-show" name="show">' in dom
