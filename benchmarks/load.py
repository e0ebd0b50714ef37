"""Bulk loading side by side with Oxigraph's own loader, on the same generated file.

A dataset of ``--quads`` quads (a million by default) is generated once by ``kg.generate`` into
the work folder and kept there for later runs. Then, ``--runs`` times, in turn:

- ``oxigraph load --location … --file …`` (PyPI ``oxigraph``, the Rust command line);
- :func:`kg.bulkload.load_nquads` into a new folder, in a Python process of its own;
- ``kg load FILE --store …`` (a new build made current: the load, the file's checksum for the
  build's version, the count printed at the end; Python's start-up included).

Each one is a child process, measured by ``os.wait4``: wall time, CPU time (user + system)
and peak resident memory. Printed: medians, the ratio of each to ``oxigraph load`` (target: at
most 1.5x) and the quads each store holds (they must agree). The machine may be shared: CPU
time moves less than wall time when other work competes for the cores; load averages are
printed before and after.

Run from the repository root: ``.venv/bin/python benchmarks/load.py`` (about 5 minutes;
``--quads 100000 --runs 1`` for a quick look).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from pyoxigraph import Store

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOADERS = ("oxigraph load", "load_nquads", "kg load")


def dataset(workdir: Path, quads: int, seed: int) -> Path:
    """The generated N-Quads file of *quads* quads, made once per version of the generator."""
    from kg.generate import write_nquads
    from kg.settings import load_settings

    made_by = hashlib.sha256((ROOT / "src" / "kg" / "generate.py").read_bytes()).hexdigest()[:8]
    path = workdir / f"generated-{quads}-seed{seed}-{made_by}.nq"
    if not path.exists():
        print(f"generating {path}", flush=True)
        settings = load_settings(
            environ={}, entities_dir=ROOT / "data" / "entities", ontology_dir=ROOT / "ontology"
        )
        partial = path.with_suffix(".part")
        write_nquads(settings, partial, quads, seed)
        partial.rename(path)
    return path


def command(loader: str, source: Path, target: Path) -> list[str]:
    """The command line of *loader* loading *source* into a new store at *target*."""
    if loader == "oxigraph load":
        return [str(BIN / "oxigraph"), "load", "--location", str(target), "--file", str(source)]
    if loader == "load_nquads":
        code = "import sys; from pathlib import Path; from kg.bulkload import load_nquads; "
        code += "load_nquads(Path(sys.argv[1]), Path(sys.argv[2]))"
        return [sys.executable, "-c", code, str(target), str(source)]
    return [str(BIN / "kg"), "load", str(source), "--store", str(target)]


def run(loader: str, source: Path, target: Path) -> dict:
    """Wall time, CPU time and peak memory of one load, and the quads the store holds."""
    shutil.rmtree(target, ignore_errors=True)
    log = target.with_suffix(".log")
    started = time.perf_counter()
    with log.open("wb") as output:
        line = command(loader, source, target)
        process = subprocess.Popen(line, stdout=subprocess.DEVNULL, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{loader} failed: {log.read_text(errors='replace')[-2000:]}")
    location = (target / "current").resolve() if (target / "current").exists() else target
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "store_mib": sum(p.stat().st_size for p in location.rglob("*") if p.is_file()) / 2**20,
        "quads": len(Store.read_only(str(location))),
    }


def summarise(results: dict[str, list[dict]], quads: int) -> str:
    """A Markdown table of medians and ratios to ``oxigraph load``."""
    median = {
        name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for name, runs in results.items()
    }
    base = median["oxigraph load"]
    lines = [
        f"\n## Loading {quads:,} generated quads (median of {len(results['kg load'])} runs)\n",
        "| loader | wall s | CPU s | wall / oxigraph | CPU / oxigraph | peak RSS MiB "
        "| store MiB | quads |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, m in median.items():
        lines.append(
            f"| {name} | {m['wall_s']:.1f} | {m['cpu_s']:.1f} | {m['wall_s'] / base['wall_s']:.2f}"
            f" | {m['cpu_s'] / base['cpu_s']:.2f} | {m['peak_rss_mib']:.0f}"
            f" | {m['store_mib']:.0f} | {m['quads']:,.0f} |"
        )
    return "\n".join(lines)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--json", type=Path, help="write every run's figures to this file")
    arguments = parser.parse_args()
    arguments.workdir.mkdir(parents=True, exist_ok=True)
    source = dataset(arguments.workdir, arguments.quads, arguments.seed)
    print(f"{source.stat().st_size / 2**20:.0f} MiB; load average before: {load_average()}")
    results: dict[str, list[dict]] = {name: [] for name in LOADERS}
    for number in range(arguments.runs):
        for name in LOADERS:  # in turn, so that a change of load on the machine weighs on all
            target = arguments.workdir / f"load-{name.replace(' ', '-')}"
            figures = run(name, source, target)
            results[name].append(figures)
            print(
                f"run {number + 1} {name:14} {figures['wall_s']:7.1f} s wall "
                f"{figures['cpu_s']:7.1f} s CPU {figures['peak_rss_mib']:6.0f} MiB",
                flush=True,
            )
            shutil.rmtree(target, ignore_errors=True)
    print(f"load average after: {load_average()}")
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2))
    print(summarise(results, arguments.quads))


if __name__ == "__main__":
    main()
