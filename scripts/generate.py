#!/usr/bin/env python3
"""Generate the site's catalog pages and data exports into docs/ (only files that change)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.build import clean, render, write
from kb.catalog import CATALOG, REPO
from kb.report import render as report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="catalog folder (default: catalog/)")
    parser.add_argument("--docs", type=Path, default=REPO / "docs", help="docs folder to write into (default: docs/)")
    parser.add_argument("--clean", action="store_true", help="remove every generated file instead")
    parser.add_argument("--debug", action="store_true", help="show the traceback when a page cannot be rendered (for bug reports)")
    args = parser.parse_args(argv)
    if args.clean:
        print(f"removed {len(clean(args.docs))} generated files")
        return 0
    try:
        result, outputs = render(args.catalog, debug=args.debug)
    except Exception as error:  # a safety net: contributors never see a traceback unless they ask
        if args.debug:
            raise
        print(f"generate.py: internal error ({type(error).__name__}: {error}); run with --debug and report it.", file=sys.stderr)
        return 2
    if not result.ok:
        print(report(result), file=sys.stderr)
        print("generate.py: the catalog has errors, so no pages were written; fix them first.", file=sys.stderr)
        return 1
    written, removed = write(outputs, args.docs)
    print(f"generated {len(outputs)} files: {len(written)} written, {len(outputs) - len(written)} unchanged, {len(removed)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
