"""Builds the whole static site from any catalog into any folder (tests, benchmarks).

The real docs/ is left alone: hand-written pages are copied next to the generated
ones in a work folder, and MkDocs runs on a copy of mkdocs.yml pointing there.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import yaml

from kb.build import owned, render, write, write_atomically
from kb.catalog import REPO
from kb.problems import Result


def prepare_docs(catalog: Path, work: Path, today: dt.date | None = None) -> tuple[Result, Path]:
    """Hand-written pages plus freshly generated ones in work/docs."""
    docs = work / "docs"
    source = REPO / "docs"
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source).as_posix()
        if path.is_file() and not owned(relative):
            target = docs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, path.read_bytes())
    result, outputs = render(catalog, today)
    if result.ok:
        write(outputs, docs)
    return result, docs


def mkdocs_build(
    docs: Path, site: Path, work: Path, hooks: bool = True, dirty: bool = False, strict: bool = True
) -> subprocess.CompletedProcess[str]:
    """mkdocs build (--strict unless dirty) with the project's configuration, docs and site moved.

    hooks=False builds as an engine that runs no MkDocs hooks would (see mkdocs_hooks.py);
    dirty=True rebuilds only pages whose source is newer than the built page, as
    `mkdocs serve --dirty` (make serve) does after a change; MkDocs always warns that a dirty
    build may leave stale links, so that one is not strict. strict=False is for small test
    catalogs, where the hand-written guides' links to real entries cannot resolve. No --quiet: with it MkDocs does not
    count warnings, and --strict could never fail on one.
    """
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site)
    config["hooks"] = [str(REPO / hook) for hook in config.get("hooks", [])] if hooks else []
    config_path = work / ("mkdocs.yml" if hooks else "mkdocs-no-hooks.yml")
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config_path), *(["--dirty"] if dirty else ["--strict"] if strict else [])],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
