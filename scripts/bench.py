#!/usr/bin/env python3
"""Measure validation and the site build on a synthetic catalog of N models.

    python scripts/bench.py [--models 5000] [--repeat 3] [--json FILE]
    python scripts/bench.py --sizes 500,1000,2000,5000 [--repeat 3] [--json FILE]
    python scripts/bench.py --table-sizes 5000,20000 [--json FILE]

The synthetic catalog is derived from the real one: licences, providers, deployments,
comparisons, the FAQ, schemas and vocabulary are copied as they are, and the real model
files are cloned, cycling through them, under new ids (file names) in their provider's
folder, so every file keeps its real shape and every reference still resolves. Timings
are medians of --repeat runs; sizes are from the last run. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import itertools
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# kb first: with a Python that lacks the dependencies, it starts this script again in .venv
from kb.build import Regenerator, render, write
from kb.catalog import CATALOG, REPO, load_catalog, utc_today
from kb.problems import Result
from kb.sitebuild import mkdocs_build, prepare_docs
from kb.validate import validate

# isort: split
import yaml

# Every key the JSON file holds, in the order the table shows them.
TIMINGS = (
    "parse_floor_s",
    "load_s",
    "validate_s",
    "peer_validate_s",
    "generate_s",
    "prepare_s",
    "mkdocs_s",
    "build_s",
    "regenerate_one_s",
    "rebuild_one_s",
    "edit_reload_s",
)
SIZES = ("search_index_bytes", "search_index_gz_bytes", "site_bytes", "peak_rss_mb")
BROWSER = ("table_filter_ms", "table_ready_ms", "table_dom_nodes")  # None where no chromium is installed
KEYS = ("models", *TIMINGS, *SIZES, *BROWSER)
TABLE_KEYS = ("prepare_s", "mkdocs_s", "build_s", *BROWSER)  # what --table-sizes measures
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}
READY_LOADS = 5
LOAD_TIMEOUT_MS = 600_000
# Runs before the page's own scripts: window.kbTableReady resolves with the time since the
# navigation started at which the first frame after the table script marked the table ready
# (data-ready on #kb-models) has been drawn. Checked once a frame, which costs nothing.
READY_SCRIPT = """window.kbTableReady = new Promise(function (resolve) {
  function poll() {
    var table = document.getElementById('kb-models');
    if (!table || !table.hasAttribute('data-ready')) { requestAnimationFrame(poll); return; }
    requestAnimationFrame(function () { setTimeout(function () { resolve(performance.now()); }, 0); });
  }
  requestAnimationFrame(poll);
});"""
# Toggles the "open weights" filter five times and returns the median time, in ms, for the
# table's change handler plus the layout it forces: what a visitor waits for.
FILTER_SCRIPT = """() => {
  const select = document.querySelector('select[name=open]');
  const times = [];
  for (const value of ['no', 'yes', '', 'no', 'yes']) {
    const start = performance.now();
    select.value = value;
    select.dispatchEvent(new Event('change', {bubbles: true}));
    void document.body.offsetHeight;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[2];
}"""
GIB = 1024
TARGETS: tuple[tuple[str, Callable[[dict[str, Any]], bool]], ...] = (
    ("validate_s <= 2 x parse_floor_s", lambda r: r["validate_s"] <= 2 * r["parse_floor_s"]),
    ("validate_s < peer_validate_s", lambda r: r["validate_s"] < r["peer_validate_s"]),
    ("build_s <= 60", lambda r: r["build_s"] <= 60),
    ("search_index_gz_bytes <= 1.5 MB", lambda r: r["search_index_gz_bytes"] <= 1_500_000),
    ("peak_rss_mb <= 1 GiB", lambda r: r["peak_rss_mb"] <= GIB),
    ("table_filter_ms <= 100", lambda r: r["table_filter_ms"] is not None and r["table_filter_ms"] <= 100),
    ("table_ready_ms <= 1000 (about a second)", lambda r: r["table_ready_ms"] is not None and r["table_ready_ms"] <= 1000),
    ("edit_reload_s <= 1.5 (about a second)", lambda r: r["edit_reload_s"] <= 1.5),
)


# ---- the synthetic catalog ------------------------------------------------------------


def _real_models(source: Path) -> list[Path]:
    """The real model files, those other entries refer to first (so small catalogs keep every reference)."""
    files = sorted((source / "models").glob("*/*.yaml"))
    wanted: list[str] = []
    for path in [source / "faq.yaml", *sorted((source / "comparisons").glob("*.yaml")), *files]:
        wanted.extend(re.findall(r"[a-z0-9][a-z0-9.-]*", path.read_text(encoding="utf-8")))
    order = {name: i for i, name in reversed(list(enumerate(wanted)))}
    referenced = [p for p in files if p.stem in order]
    referenced.sort(key=lambda p: order[p.stem])
    return referenced + [p for p in files if p.stem not in order]


def make_catalog(target: Path, models: int, source: Path = CATALOG) -> list[Path]:
    """Write a catalog of `models` cloned model files into target; returns the model files."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("models"))
    real = _real_models(source)
    count = len(real)
    new_id = {}  # (real id, copy number) -> new id
    for i in range(models):
        copy = i // count  # the first copy keeps the real id, so the guides' links to models still resolve
        new_id[(real[i % count].stem, copy)] = real[i % count].stem if copy == 0 else f"{real[i % count].stem}-x{copy}"
    written = []
    for i in range(models):
        path, copy = real[i % count], i // count
        text = path.read_text(encoding="utf-8")
        ident = new_id[(path.stem, copy)]
        text = re.sub(r"(?m)^id: .*$", f"id: {ident}", text, count=1)
        if copy:
            text = re.sub(r"(?m)^(name: )(['\"]?)(.*?)(\2)$", lambda m, c=copy: f"{m[1]}{m[2]}{m[3]} x{c}{m[4]}", text, count=1)

        def reference(match: re.Match[str], copy: int = copy) -> str:
            ref = match[2]
            for c in (copy, 0):
                if (ref, c) in new_id:
                    return f"{match[1]}{new_id[(ref, c)]}"
            return ""  # the model it names was not cloned: drop the line rather than leave it dangling

        text = re.sub(r"(?m)^((?:base_model|superseded_by): )(\S+)$", reference, text)
        out = target / "models" / path.parent.name / f"{ident}.yaml"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        written.append(out)
    # comparisons and the FAQ point at the first copy of each model they name
    # score sets keep the models that were cloned (their first copies keep the real ids)
    cloned = {ident for (_, copy), ident in new_id.items() if copy == 0}
    for path in sorted((target / "scores").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["results"] = [r for r in data["results"] if r["model"] in cloned]
        if data["results"]:
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        else:
            path.unlink()
    return written


# ---- one measurement run ----------------------------------------------------------------


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def parse_floor(files: list[Path]) -> int:
    """The least any YAML validator must do: read and parse each file with libyaml."""
    loader = yaml.CSafeLoader
    return sum(len(yaml.load(p.read_bytes(), Loader=loader)) for p in files)


def load_only(root: Path) -> int:
    result = Result()
    return len(load_catalog(root, result).entries)


def full_validate(root: Path, today: dt.date) -> Result:
    result, _ = validate(root, today=today)
    if not result.ok:
        raise SystemExit("bench: the synthetic catalog does not validate:\n" + "\n".join(map(str, result.errors[:10])))
    return result


def peer_validate(root: Path, files: list[Path]) -> None:
    """check-jsonschema with the same model schema over the same files. --base-uri points its
    relative $refs at the local files instead of the published URLs of the schemas' $ids."""
    schema = root / "schemas" / "model.schema.json"
    command = [
        str(Path(sys.executable).with_name("check-jsonschema")),
        "--schemafile",
        str(schema),
        "--base-uri",
        schema.resolve().as_uri(),
        "--regex-variant",
        "python",
        *(p.relative_to(root).as_posix() for p in files),
    ]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: check-jsonschema failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def generate(root: Path, work: Path, today: dt.date) -> int:
    result, outputs = render(root, today)
    if not result.ok:
        raise SystemExit("bench: render found errors")
    write(outputs, work / "docs")
    return len(outputs)


def edit_one_model(root: Path, docs: Path, site: Path, work: Path, today: dt.date) -> tuple[float, float]:
    """What make serve does after a contributor saves one model file: regenerate (in a
    process that has generated once already) and rebuild the changed pages (mkdocs --dirty).
    The file is put back afterwards, so every run measures the same catalog."""
    regenerate = Regenerator(root, docs)
    if regenerate(today)[1]:
        raise SystemExit("bench: regeneration rewrote pages that had not changed")
    model = sorted((root / "models").rglob("*.yaml"))[len(list((root / "models").rglob("*.yaml"))) // 2]
    original = model.read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^(summary: (?:[>|][-+]?\n\s+|['\"])?)", r"\1Edited. ", original, count=1)
    model.write_text(edited, encoding="utf-8")
    try:
        regenerated, (result, written, _) = _timed(lambda: regenerate(today))
        if not result.ok or not written or len(written) > 20:
            raise SystemExit(f"bench: one edit regenerated {len(written)} files (ok={result.ok})")
        rebuilt, done = _timed(lambda: mkdocs_build(docs, site, work, dirty=True))
        if done.returncode != 0:
            raise SystemExit(f"bench: mkdocs build --dirty failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    finally:
        model.write_text(original, encoding="utf-8")
    return regenerated, rebuilt


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def peak_rss_mb() -> float:
    """Largest resident set of this process or any child it waited for (Linux: KiB)."""
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return round(peak / 1024, 1)


def open_table(page: Any, url: str) -> Any:
    """Go to the models table and wait until its script has marked it ready (minutes, for the
    largest tables of the old rendering on a loaded machine)."""
    page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector("#kb-models[data-ready]", state="attached", timeout=LOAD_TIMEOUT_MS)
    return page


def first_visit_ms(browser: Any, url: str) -> float:
    """Open the models table in a fresh context (nothing cached) and return table_ready_ms."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(READY_SCRIPT)
        return float(open_table(context.new_page(), url).evaluate("window.kbTableReady"))
    finally:
        context.close()


def browser_figures(site: Path) -> dict[str, Any]:
    """The models table of a built site in Debian's chromium: how long a visitor waits for it
    (table_ready_ms, the median of READY_LOADS first visits), how many elements its HTML makes
    (table_dom_nodes, counted with scripts off) and how long a filter change takes
    (table_filter_ms). None each when chromium is missing."""
    if not Path(CHROMIUM).exists():
        return dict.fromkeys(BROWSER)
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/models/index.html"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
            ready = [first_visit_ms(browser, url) for _ in range(READY_LOADS)]
            filtered = float(open_table(browser.new_page(viewport=VIEWPORT), url).evaluate(FILTER_SCRIPT))
            static = browser.new_page(viewport=VIEWPORT, java_script_enabled=False)
            static.goto(url, timeout=LOAD_TIMEOUT_MS)
            nodes = int(static.evaluate("document.getElementsByTagName('*').length"))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"table_filter_ms": round(filtered, 1), "table_ready_ms": round(statistics.median(ready), 1), "table_dom_nodes": nodes}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def build_site(root: Path, work: Path, today: dt.date) -> tuple[float, float, Path, Path]:
    """The full site build (prepare_docs, then mkdocs build --strict): its two times, docs/ and site/."""
    prepared, (result, docs) = _timed(lambda: prepare_docs(root, work, today))
    if not result.ok:
        raise SystemExit("bench: prepare_docs found errors")
    site = work / "site"
    built, done = _timed(lambda: mkdocs_build(docs, site, work))
    if done.returncode != 0:
        raise SystemExit(f"bench: mkdocs build failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return prepared, built, docs, site


def run(models: int, repeat: int, today: dt.date, log: Callable[[str], None]) -> dict[str, Any]:
    samples: dict[str, list[float]] = {key: [] for key in TIMINGS}
    browser: dict[str, list[float]] = {key: [] for key in BROWSER}
    sizes: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        base = Path(tmp)
        root = base / "catalog"
        files = make_catalog(root, models)
        log(f"catalog: {models} models in {root}")
        for attempt in range(1, repeat + 1):
            steps: list[tuple[str, Callable[[], Any]]] = [
                ("parse_floor_s", lambda: parse_floor(files)),
                ("load_s", lambda: load_only(root)),
                ("validate_s", lambda: full_validate(root, today)),
                ("peer_validate_s", lambda: peer_validate(root, files)),
            ]
            for key, step in steps:
                seconds, _ = _timed(step)
                samples[key].append(seconds)
                log(f"  {key} = {seconds:.3f}")
            work = base / f"work{attempt}"
            seconds, _ = _timed(lambda w=work: generate(root, w / "gen", today))
            samples["generate_s"].append(seconds)
            shutil.rmtree(work / "gen")
            prepared, built, docs, site = build_site(root, work, today)
            samples["prepare_s"].append(prepared)
            samples["mkdocs_s"].append(built)
            samples["build_s"].append(prepared + built)
            log(f"  generate_s = {samples['generate_s'][-1]:.3f}, prepare_s = {prepared:.3f}, mkdocs_s = {built:.3f}")
            index = (site / "search" / "search_index.json").read_bytes()
            sizes = {
                "search_index_bytes": len(index),
                "search_index_gz_bytes": len(gzip.compress(index, compresslevel=9, mtime=0)),
                "site_bytes": folder_bytes(site),
            }
            for key, value in browser_figures(site).items():
                if value is not None:
                    browser[key].append(value)
                    log(f"  {key} = {value}")
            # last: a dirty build rewrites the search index with the rebuilt page only
            regenerated, rebuilt = edit_one_model(root, docs, site, work, today)
            samples["regenerate_one_s"].append(regenerated)
            samples["rebuild_one_s"].append(rebuilt)
            samples["edit_reload_s"].append(regenerated + rebuilt)
            log(f"  regenerate_one_s = {regenerated:.3f}, rebuild_one_s = {rebuilt:.3f}")
            shutil.rmtree(work)
            log(f"run {attempt}/{repeat} done")
    figures: dict[str, Any] = {"models": models}
    figures.update({key: round(statistics.median(values), 3) for key, values in samples.items()})
    figures.update(sizes)
    figures["peak_rss_mb"] = peak_rss_mb()
    figures.update({key: statistics.median(values) if values else None for key, values in browser.items()})
    return figures


def table_run(models: int, today: dt.date, log: Callable[[str], None]) -> dict[str, Any]:
    """One site build and the models table's browser figures, without the validation and edit
    runs of run(): enough to time the table at sizes where those would take many minutes."""
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        root = Path(tmp) / "catalog"
        make_catalog(root, models)
        log(f"catalog: {models} models in {root}")
        prepared, built, _, site = build_site(root, Path(tmp) / "work", today)
        log(f"  prepare_s = {prepared:.3f}, mkdocs_s = {built:.3f}")
        figures = {"models": models, "prepare_s": round(prepared, 3), "mkdocs_s": round(built, 3), "build_s": round(prepared + built, 3)}
        figures.update(browser_figures(site))
        log(f"  table_ready_ms = {figures['table_ready_ms']}, table_dom_nodes = {figures['table_dom_nodes']}")
        return figures


# ---- reporting --------------------------------------------------------------------------


def table(figures: dict[str, Any]) -> str:
    floor = figures["parse_floor_s"]
    lines = [f"{'figure':<24}{'value':>14}  note"]
    for key in KEYS:
        value = figures[key]
        note = f"{value / floor:.2f} x parse floor" if key.endswith("_s") and key != "parse_floor_s" and floor else ""
        shown = "n/a" if value is None else f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
        lines.append(f"{key:<24}{shown:>14}  {note}".rstrip())
    return "\n".join(lines)


def verdicts(figures: dict[str, Any]) -> str:
    return "\n".join(f"{'met    ' if check(figures) else 'NOT met'}  {name}" for name, check in TARGETS)


def growth(runs: list[dict[str, Any]], keys: tuple[str, ...] = KEYS[1:]) -> dict[str, list[float | None]]:
    """For each figure, its growth factor per doubling of the model count between consecutive sizes."""
    out: dict[str, list[float | None]] = {}
    for key in keys:
        factors: list[float | None] = []
        for small, big in itertools.pairwise(runs):
            if small[key] and big[key] and big[key] > 0 and small[key] > 0:
                factors.append(round((big[key] / small[key]) ** (1 / math.log2(big["models"] / small["models"])), 2))
            else:
                factors.append(None)
        out[key] = factors
    return out


def sizes_table(runs: list[dict[str, Any]], grown: dict[str, list[float | None]]) -> str:
    head = f"{'figure':<24}" + "".join(f"{r['models']:>12,}" for r in runs) + "   x per doubling"
    lines = [head]
    for key in grown:
        cells = "".join(
            f"{'n/a':>12}" if r[key] is None else f"{r[key]:>12,.3f}" if isinstance(r[key], float) else f"{r[key]:>12,}" for r in runs
        )
        factors = " ".join("-" if f is None else f"{f:.2f}" for f in grown[key])
        lines.append(f"{key:<24}{cells}   {factors}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark validation and the site build on a synthetic catalog.")
    parser.add_argument("--models", type=int, default=5000, help="number of models in the synthetic catalog (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; medians are reported (default 3)")
    parser.add_argument("--sizes", help="comma-separated model counts, e.g. 500,1000,2000,5000: one run per size, with growth")
    parser.add_argument(
        "--table-sizes", help="comma-separated model counts, e.g. 5000,20000: build the site and time the models table only"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--quiet", action="store_true", help="print only the final table")
    args = parser.parse_args(argv)
    if args.models < 1 or args.repeat < 1:
        parser.error("--models and --repeat must be at least 1")
    today = utc_today()

    def log(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    if args.table_sizes:
        runs = [table_run(int(n), today, log) for n in args.table_sizes.split(",") if n.strip()]
        grown = growth(runs, TABLE_KEYS)
        print(sizes_table(runs, grown))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"runs": runs, "growth_per_doubling": grown}, indent=2) + "\n", encoding="utf-8")
        return 0

    if args.sizes:
        counts = [int(n) for n in args.sizes.split(",") if n.strip()]
        runs = []
        for n in counts:  # each size in its own process, so peak memory is per size
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                command = [sys.executable, __file__, "--models", str(n), "--repeat", str(args.repeat), "--json", out.name]
                done = subprocess.run([*command, *(["--quiet"] if args.quiet else [])], cwd=REPO, check=False)
                if done.returncode != 0:
                    return done.returncode
                runs.append(json.loads(Path(out.name).read_text(encoding="utf-8")))
        grown = growth(runs)
        print(sizes_table(runs, grown))
        print()
        print(f"targets at {runs[-1]['models']:,} models:")
        print(verdicts(runs[-1]))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"runs": runs, "growth_per_doubling": grown}, indent=2) + "\n", encoding="utf-8")
        return 0

    figures = run(args.models, args.repeat, today, log)
    print(table(figures))
    print()
    print(f"targets (set for 5,000 models; this run has {args.models:,}):")
    print(verdicts(figures))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
