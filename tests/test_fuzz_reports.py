"""Canned-report parameters fuzzed with Hypothesis: never a 500, every answer valid as declared.

Every report of queries/ (plus two reports that bind one parameter of each declared type and
echo the values back, so hostile text reaches every output format) is asked through the Flask
test client with values drawn from hostile text (quotes, braces, ``#``, newlines, NUL, astral
characters, very long), malformed IRIs, out-of-range integers, impossible dates, lists longer
than allowed, unknown names and bad paging. A 400 is the JSON error shape; a 200 parses in its
declared format (JSON, CSV, TSV, Turtle with pyoxigraph, SVG as XML, HTML with balanced tags
and the values escaped). The runs are derandomized and keep no example database.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import urllib.parse
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, parse

from kg.report_api import formats_of
from kg.reports import load_queries
from kg.web import create_app

ROOT = Path(__file__).resolve().parents[1]
FUZZ = settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Reports that echo their values: one parameter of each type, and a CONSTRUCT of the strings.
ECHO = """#+ title: Every parameter type
#+ description: Binds one parameter of each type and answers with the values it was given.
#+ params:
#+   count: {type: integer, min: 1, max: 100, default: 10}
#+   since: {type: date, optional: true}
#+   words: {type: string, multiple: 3, optional: true}
#+   kind: {type: enum, values: [one, two], default: one}
#+   place: {type: iri, class: mai:Place, optional: true, multiple: 2, choices: class}
#+   year: {type: year, optional: true}
#+   lang: {type: lang, default: fr}
SELECT ?count ?since ?words ?kind ?place ?year ?lang WHERE { }
"""
ECHO_GRAPH = """#+ title: Strings as a graph
#+ description: Answers with a triple for each string it was given.
#+ params:
#+   words: {type: string, multiple: 4, default: x}
CONSTRUCT { <https://w3id.org/ma-ai/id/echo> <http://www.w3.org/2000/01/rdf-schema#label> ?words }
WHERE { }
"""
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The report folder: every report of queries/, and the two echo reports."""
    folder = tmp_path_factory.mktemp("queries")
    for path in (ROOT / "queries").glob("*.rq"):
        shutil.copy(path, folder / path.name)
    (folder / "echo-types.rq").write_text(ECHO, encoding="utf-8")
    (folder / "echo-graph.rq").write_text(ECHO_GRAPH, encoding="utf-8")
    return load_queries(folder), folder


@pytest.fixture(scope="module")
def client(seed_store_settings, reports):
    settings = dataclasses.replace(seed_store_settings, queries_dir=reports[1])
    return create_app(settings).test_client()


@pytest.fixture(scope="module")
def known(client, reports) -> dict[str, list[str]]:
    """Local names of the seed's things by class ("": any), so that drawn IRIs may exist."""
    classes = {p.cls for query in reports[0].values() for p in query.params if p.cls}
    found = {}
    for cls in ["", *sorted(classes)]:
        pattern = f"?s a <{cls}>" if cls else "?s a ?c"
        query = f"SELECT DISTINCT ?s WHERE {{ {pattern} }} ORDER BY ?s LIMIT 300"
        answer = client.get("/sparql", query_string={"query": query}).get_json()
        found[cls] = [row["s"]["value"].rsplit("/", 1)[-1] for row in answer["results"]["bindings"]]
    return found


# --- values ---------------------------------------------------------------------------------------

HOSTILE = [
    '"',
    "'",
    '" } ; DROP ALL ; SELECT * { #',
    "x' . ?s ?p ?o } #",
    "} UNION { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } #",
    "<script>alert(1)</script>",
    "a\nb\r\nc",
    "tab\there",
    "nul\x00nul",
    "\\u0022 \\\\",
    "𝕄𝔸 🌱",
    "\u2028\u2029\x85",
    "%00%ff",
    "x" * 201,
    "é" * 200,
]
IRI_LIKE = [
    "id:ocp",
    "ocp",
    "<https://w3id.org/ma-ai/id/ocp>",
    "https://w3id.org/ma-ai/id/ocp>",
    "<https://w3id.org/ma-ai/id/ocp> } #",
    "id:",
    "nope:thing",
    "http://x/a b",
    "http://x/\x00",
    "<>",
    "doc:000_0f6c74b7f7ad8b14",
    "mai:Actor",
    "javascript:alert(1)",
]
text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(list("\"'{}<>#\\\n\r\t\x00 ?$.;,()[]|^")), max_size=30),
    st.text(min_size=190, max_size=260),
)


def valid(param, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """Values the parameter accepts (strings: any text, hostile text included)."""
    if param.type == "iri":
        names = known.get(param.cls or "", []) or known[""]
        prefix = "doc:" if param.namespace == "doc" else ""
        return st.sampled_from(names).map(lambda name: prefix + name)
    if param.type == "integer":
        low = -(10**18) if param.minimum is None else param.minimum
        high = 10**18 if param.maximum is None else param.maximum
        return st.integers(low, high).map(str)
    if param.type == "year":
        return st.integers(1990, 2040).map(str)
    if param.type == "date":
        return st.dates().map(lambda day: day.isoformat())
    if param.type in ("lang", "enum"):
        return st.sampled_from(list(param.choices))
    return st.one_of(st.sampled_from([h for h in HOSTILE if len(h) <= 200]), text)


def invalid(param) -> st.SearchStrategy[str]:
    """Values of the wrong type or out of range, and hostile text."""
    if param.type == "iri":
        return st.one_of(st.sampled_from(IRI_LIKE), text)
    if param.type in ("integer", "year"):
        edges = [param.minimum, param.maximum, 0, 999, 10_000]
        numbers = st.one_of(
            st.integers(-(10**20), 10**20),
            st.sampled_from([e + d for e in edges if e is not None for d in (-1, 0, 1)]),
        )
        odd = st.sampled_from(["1e3", "+5", "٣", "２０２９", "0x10", " 7 ", "7.0"])
        return st.one_of(numbers.map(str), odd, text)
    if param.type == "date":
        bad = ["2029-02-30", "2029-13-01", "20290101", "2029-W01-1", "2029-1-1", "2029-01-01T00"]
        return st.one_of(st.sampled_from(bad), text)
    if param.type == "lang":
        return st.one_of(st.sampled_from(["FR", "fr-MA", "xx", "f", "fr\n"]), text)
    return st.one_of(text, st.sampled_from(["x" * 201, "é" * 300]))


def values_of(param, known: dict[str, list[str]]) -> st.SearchStrategy[list[str]]:
    """No value, accepted values, or a mix with wrong ones, up to past the maximum count."""
    good = st.lists(valid(param, known), min_size=1, max_size=param.multiple)
    mixed = st.lists(st.one_of(valid(param, known), invalid(param)), max_size=param.multiple + 2)
    return st.one_of(st.just([]), good, good, mixed)


PAGING = st.one_of(
    st.just({}),
    st.just({}),
    st.fixed_dictionaries({}, optional={"_page": st.sampled_from(["1", "2", "3"])}),
    st.fixed_dictionaries(
        {},
        optional={
            "_page": st.sampled_from(["1", "0", "-1", "x", "99999999999999999999", ""]),
            "_size": st.sampled_from(["1", "1000", "1001", "0", "abc", "2.5"]),
        },
    ),
)


@st.composite
def requests(draw, query, known) -> tuple[str, list[tuple[str, str]]]:
    """(format, query-string pairs) of one request to *query*."""
    pairs = []
    for param in query.params:
        pairs += [(param.name, value) for value in draw(values_of(param, known))]
    if draw(st.integers(0, 7)) == 0:
        pairs.append((draw(st.sampled_from(["x", "", "Lang", "format2"])), draw(text)))
    pairs += list(draw(PAGING).items())
    fmt = draw(st.sampled_from([*formats_of(query), "svg", "html"]))
    return fmt, draw(st.permutations(pairs))


# --- what an answer must be ---------------------------------------------------------------------


class Balanced(HTMLParser):
    """Every element closed in order (void elements aside)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()


def check_html(body: str, pairs: list[tuple[str, str]]) -> None:
    parser = Balanced()
    parser.feed(body)
    parser.close()
    assert not parser.errors and not parser.open, (parser.errors[:3], parser.open[-3:])
    for _, value in pairs:
        if "<" in value and len(value) > 1:
            assert value not in body, f"{value!r} is shown unescaped"


def check_error(response) -> None:
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert set(document) == {"error", "status"} and document["status"] == response.status_code
    assert document["error"] and "Traceback" not in document["error"]


def check_data(fmt: str, body: bytes, query) -> None:
    if fmt == "json":
        document = json.loads(body)
        assert document["report"] == query.name
        assert all(set(row) == set(document["columns"]) for row in document["rows"])
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        assert all(len(row) == len(rows[0]) for row in rows)
    elif fmt == "tsv":
        lines = body.decode("utf-8").split("\n")
        assert lines[-1] == ""
        assert all(line.count("\t") == lines[0].count("\t") for line in lines[:-1])
    elif fmt == "ttl":
        list(parse(body, RdfFormat.TURTLE))
    elif fmt == "svg":
        assert ElementTree.fromstring(body).tag.endswith("svg")


def ask(client, query, fmt: str, pairs: list[tuple[str, str]]):
    path = f"/queries/{query.name}" + ("" if fmt == "html" else f".{fmt}")
    return client.get(f"{path}?{urllib.parse.urlencode(pairs)}")


def check(client, query, fmt: str, pairs: list[tuple[str, str]]) -> None:
    response = ask(client, query, fmt, pairs)
    status, body = response.status_code, response.get_data()
    assert status in (200, 400, 406), (status, body[:300])
    if fmt == "html" and status in (200, 400):
        assert response.mimetype == "text/html"
        check_html(body.decode("utf-8"), pairs)
    elif status != 200:
        check_error(response)
    else:
        check_data(fmt, body, query)


# --- the tests ----------------------------------------------------------------------------------

REPORTS = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))


@pytest.mark.parametrize("name", [*REPORTS, "echo-types", "echo-graph"])
@FUZZ
@given(data=st.data())
def test_fuzzed_parameters_never_break_a_report(client, reports, known, name, data):
    query = reports[0][name]
    fmt, pairs = data.draw(requests(query, known), label="request")
    check(client, query, fmt, pairs)


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "html"])
def test_hostile_strings_come_back_intact_in_every_format(client, reports, fmt):
    query = reports[0]["echo-types"]
    words = ["a\tb", 'say "hi"\nthen, go', "<b>x</b> & #"]
    pairs = [("words", word) for word in words]
    response = ask(client, query, fmt, pairs)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    check(client, query, fmt, pairs)
    if fmt == "json":
        assert sorted(row["words"] for row in json.loads(body)["rows"]) == sorted(words)
    elif fmt == "csv":
        column = next(csv.reader(io.StringIO(body))).index("words")
        got = [row[column] for row in list(csv.reader(io.StringIO(body, newline="")))[1:]]
        assert sorted(got) == sorted(words)
    elif fmt == "tsv":
        assert '"a\\tb"' in body and '"say \\"hi\\"\\nthen, go"' in body
    else:
        assert "&lt;b&gt;x&lt;/b&gt; &amp; #" in body


def test_strings_come_back_as_turtle_that_parses_to_the_same_values(client, reports):
    words = ['"""', "a\nb", "x\\y\x00", "🌱 > <"]
    response = ask(client, reports[0]["echo-graph"], "ttl", [("words", word) for word in words])
    assert response.status_code == 200
    labels = sorted(quad.object.value for quad in parse(response.get_data(), RdfFormat.TURTLE))
    assert labels == sorted(words)


@pytest.mark.parametrize(
    "pairs",
    [
        [("words", "a"), ("words", "b"), ("words", "c"), ("words", "d")],
        [("place", "id:casablanca"), ("place", "id:rabat"), ("place", "id:fes")],
        [("count", "0")],
        [("count", "101")],
        [("count", "99999999999999999999")],
        [("since", "2029-02-30")],
        [("place", "https://w3id.org/ma-ai/id/ocp>")],
        [("year", "20290")],
        [("kind", "three")],
    ],
    ids=["4 strings", "3 places", "0", "101", "2^66", "Feb 30", "IRI with >", "5 digits", "enum"],
)
def test_values_out_of_their_type_or_range_are_a_400_naming_the_parameter(client, reports, pairs):
    response = ask(client, reports[0]["echo-types"], "json", pairs)
    assert response.status_code == 400
    check_error(response)
    assert f"parameter '{pairs[0][0]}'" in response.get_json()["error"]


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
@pytest.mark.parametrize(
    "raw",
    ["%ED%A0%80", "%ED%BF%BF", "%F0%9F%8C", "%C0%80", "abc%FF"],
    ids=["high surrogate", "low surrogate", "cut astral", "overlong NUL", "0xFF"],
)
def test_bytes_that_are_not_utf8_are_a_400_naming_it(client, fmt, raw):
    path = "/queries/search" + ("" if fmt == "html" else f".{fmt}")
    response = client.get(f"{path}?text={raw}")
    assert response.status_code == 400
    check_error(response)
    assert "not valid UTF-8" in response.get_json()["error"]
