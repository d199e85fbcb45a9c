#!/usr/bin/env python3
"""Compare the catalog with models.dev: python scripts/crosscheck.py PATH [--limit N].

PATH is a local checkout of the models.dev repository or its published api.json. The report
(Markdown) lists the models it has for the catalog's makers that the catalog lacks, newest
first, and the facts that disagree. It never changes a catalog file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.catalog import CATALOG
from kb.crosscheck import DatasetError, crosscheck, markdown
from kb.report import render
from kb.validate import validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report models and facts on which models.dev and the catalog differ.")
    parser.add_argument("source", type=Path, help="a models.dev checkout (folder) or its api.json (file)")
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="catalog folder (default: catalog/)")
    parser.add_argument("--limit", type=int, default=200, help="rows per table (default: 200)")
    args = parser.parse_args(argv)
    try:
        result, catalog = validate(args.catalog)
        if not result.ok:
            print(render(result, "text"))
            print("crosscheck.py: fix the catalog first; the cross-check reads only a valid catalog.", file=sys.stderr)
            return 1
        report = crosscheck(catalog, args.source)
    except DatasetError as error:
        print(f"crosscheck.py: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # a safety net: no traceback reaches a contributor
        print(f"crosscheck.py: internal error ({type(error).__name__}: {error}); please report it.", file=sys.stderr)
        return 2
    print(markdown(report, args.limit), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
