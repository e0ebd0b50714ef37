// Runs queries from the SPARQL page in place; without this script the form still works.
"use strict";

(function () {
  const form = document.getElementById("sparql-form");
  const editor = document.getElementById("sparql-query");
  const results = document.getElementById("sparql-results");
  const endpoint = form.getAttribute("action");
  const base = form.dataset.base; // our own IRIs are browsed on this server
  const RESULT_FORMATS = ["json", "xml", "csv", "tsv"];
  const GRAPH_FORMATS = ["ttl", "nt", "nq", "trig", "jsonld", "rdf"];

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(query, format) {
    return endpoint + "?" + new URLSearchParams({ query: query, format: format }).toString();
  }

  function cell(term, prefixes) {
    const td = element("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = term.value.startsWith(base) ? "/" + term.value.slice(base.length) : term.value;
      td.appendChild(element("a", { href: href }, compact(term.value, prefixes)));
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value + (term["xml:lang"] ? "@" + term["xml:lang"] : "");
    }
    return td;
  }

  function compact(iri, prefixes) {
    let best = null;
    prefixes.forEach(([name, namespace]) => {
      if (iri.startsWith(namespace) && (!best || namespace.length > best[1].length)) {
        best = [name, namespace];
      }
    });
    return best ? best[0] + ":" + iri.slice(best[1].length) : "<" + iri + ">";
  }

  function knownPrefixes() {
    const text = document.getElementById("sparql-all-prefixes").content.textContent;
    return [...text.matchAll(/PREFIX\s+([\w-]*):\s*<([^>]*)>/g)].map((m) => [m[1], m[2]]);
  }

  function downloads(query, formats) {
    const paragraph = element("p", { class: "sparql-downloads" }, "Download: ");
    formats.forEach((name) => {
      paragraph.appendChild(element("a", { href: link(query, name), download: "" }, name.toUpperCase()));
      paragraph.appendChild(document.createTextNode(" "));
    });
    return paragraph;
  }

  function showTable(document_, truncated, limit) {
    const nodes = [];
    if (truncated) {
      nodes.push(element("p", { class: "sparql-truncated", role: "status" },
        "Only the first " + limit + " results are shown: the answer was cut. " +
        "Add a LIMIT or make the query more selective."));
    }
    if ("boolean" in document_) {
      nodes.push(element("p", { class: "sparql-boolean" }, String(document_.boolean)));
      return nodes;
    }
    const vars = document_.head.vars;
    const rows = document_.results.bindings;
    const prefixes = knownPrefixes();
    nodes.push(element("p", { class: "muted sparql-count" },
      rows.length + (rows.length === 1 ? " row" : " rows")));
    const table = element("table", { class: "sparql-table" });
    const head = element("tr");
    vars.forEach((name) => head.appendChild(element("th", {}, name)));
    table.appendChild(element("thead")).appendChild(head);
    const body = table.appendChild(element("tbody"));
    rows.forEach((binding) => {
      const tr = element("tr");
      vars.forEach((name) => tr.appendChild(cell(binding[name], prefixes)));
      body.appendChild(tr);
    });
    nodes.push(table);
    return nodes;
  }

  async function run(event) {
    if (event) event.preventDefault();
    const query = editor.value;
    results.replaceChildren(element("p", { class: "muted" }, "Running…"));
    history.replaceState(null, "", link(query, "html"));
    let response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: query }),
      });
    } catch (error) {
      results.replaceChildren(element("p", { class: "sparql-error", role: "alert" }, String(error)));
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try { message = (await response.json()).error; } catch (ignored) { /* not JSON */ }
      results.replaceChildren(element("p", { class: "sparql-error", role: "alert" }, message));
      return;
    }
    const truncated = response.headers.get("KG-Results-Truncated") === "true";
    const limit = response.headers.get("KG-Row-Limit");
    if (type.startsWith("text/turtle")) {
      results.replaceChildren(downloads(query, GRAPH_FORMATS),
        element("pre", { class: "sparql-graph" }, await response.text()));
      return;
    }
    const answer = await response.json();
    results.replaceChildren(downloads(query, RESULT_FORMATS), ...showTable(answer, truncated, limit));
  }

  form.addEventListener("submit", run);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(event);
  });
  document.querySelectorAll(".sparql-example").forEach((anchor) => {
    anchor.addEventListener("click", (event) => {
      event.preventDefault();
      editor.value = anchor.dataset.query;
      editor.focus();
    });
  });
  const prefixButton = document.getElementById("sparql-prefixes");
  prefixButton.hidden = false;
  prefixButton.addEventListener("click", () => {
    const all = document.getElementById("sparql-all-prefixes").content.textContent;
    const missing = all.split("\n").filter((line) => line && !editor.value.includes(line));
    editor.value = missing.join("\n") + (missing.length ? "\n" : "") + editor.value;
  });
})();
