"""MkDocs hook: under `mkdocs serve` (make serve), regenerate the catalog pages before each build.

make serve is one process: MkDocs' own server, with its one file watcher, also watches catalog/,
and every (re)build starts by running the plain-Python regeneration (kb.build.Regenerator), which
re-reads only changed catalog files and rewrites only the pages whose bytes change, so the dirty
build that follows re-renders just those. `mkdocs build` does nothing here: the site build and the
benchmark generate first (scripts/generate.py, kb.sitebuild) and time MkDocs on its own.

A catalog with errors prints the validator's report and leaves docs/ as it was: the site keeps
its last good pages until the errors are fixed.

MkDocs puts this file's folder on sys.path while it imports it, which is how `kb` is found
whatever the working directory; kb's other modules are found later through the package's own
path. The generator (kb.build) is imported only under serve, so `mkdocs build` does not load it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import Abort

from kb.catalog import CATALOG
from kb.report import render as report

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

    from kb.build import Regenerator


class ServeRegeneration:
    """The regeneration state one `mkdocs serve` keeps from build to build."""

    def __init__(self, catalog: Path) -> None:
        self.catalog = catalog
        self.serving = False
        self.regenerate: Regenerator | None = None

    def on_startup(self, command: str, **_: object) -> None:
        self.serving = command == "serve"

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, **_: object) -> LiveReloadServer:
        """Watch what the pages are made from: catalog/ and the hand-written part of docs/.

        Not the generated pages: a regeneration rewrites some of them during the build, and
        MkDocs would take those writes for a new change and build (and reload) a second time."""
        from kb.build import owned

        server.unwatch(config.docs_dir)
        for path in sorted(Path(config.docs_dir).iterdir()):
            if not owned(path.name):
                server.watch(str(path))
        server.watch(str(self.catalog))
        return server

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self.serving:
            return
        if self.regenerate is None:
            from kb.build import Regenerator

            self.regenerate = Regenerator(self.catalog, Path(config.docs_dir))
        started = time.perf_counter()
        try:
            result, written, removed = self.regenerate()
        except Exception as error:  # a safety net: contributors never see a traceback
            print(f"serve: internal error while regenerating ({type(error).__name__}: {error}); please report it.", flush=True)
            return
        if not result.ok:
            print(report(result), flush=True)
            print("catalog has errors: the site keeps its last good pages until they are fixed.", flush=True)
            return
        print(f"regenerated in {time.perf_counter() - started:.2f}s: {len(written)} written, {len(removed)} removed", flush=True)

    def on_build_error(self, error: Exception) -> None:
        """MkDocs prints a traceback when a rebuild fails; one line says what went wrong instead."""
        if self.serving and not isinstance(error, Abort):
            raise Abort(f"the site could not be built ({type(error).__name__}: {error})") from None


_serve = ServeRegeneration(CATALOG)
on_startup = _serve.on_startup
on_serve = _serve.on_serve
on_pre_build = _serve.on_pre_build
on_build_error = _serve.on_build_error
