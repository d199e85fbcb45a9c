#!/usr/bin/env python3
"""make serve: generate the pages, regenerate when a catalog file changes, and run `mkdocs serve`.

Regeneration is plain Python watching catalog/ (no MkDocs plugin): it re-reads only the
changed files, re-renders only the pages whose inputs changed (kb.build.Regenerator), and
rewrites only the files whose bytes change, so `mkdocs serve --dirty` rebuilds just those.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from kb.build import Regenerator
from kb.catalog import CATALOG, REPO
from kb.report import render as report

ADDRESS = os.environ.get("KB_SERVE_ADDRESS", "127.0.0.1:8000")
CHANGES = {"created", "modified", "deleted", "moved"}


REGENERATE = Regenerator(CATALOG, REPO / "docs")
ONE_AT_A_TIME = threading.Lock()


def regenerate() -> None:
    started = time.perf_counter()
    with ONE_AT_A_TIME:
        result, written, removed = REGENERATE()
    if not result.ok:
        print(report(result), flush=True)
        print("catalog has errors: the site keeps its last good pages until they are fixed.", flush=True)
        return
    print(f"regenerated in {time.perf_counter() - started:.2f}s: {len(written)} written, {len(removed)} removed", flush=True)


class CatalogChanged(FileSystemEventHandler):
    """Debounces bursts of file events into one regeneration."""

    def __init__(self) -> None:
        self.timer: threading.Timer | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Reading the catalog raises "opened"/"closed" events too: react to changes only.
        paths = (str(event.src_path), str(getattr(event, "dest_path", "") or ""))
        if event.event_type not in CHANGES or not any(p.endswith((".yaml", ".yml", ".json")) for p in paths):
            return
        if self.timer:
            self.timer.cancel()
        self.timer = threading.Timer(0.3, regenerate)
        self.timer.start()


def main() -> int:
    regenerate()
    observer = Observer()
    observer.schedule(CatalogChanged(), str(CATALOG), recursive=True)
    observer.start()
    try:
        return subprocess.call(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", ADDRESS],
            cwd=REPO,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    except KeyboardInterrupt:
        return 0
    finally:
        observer.stop()


if __name__ == "__main__":
    sys.exit(main())
