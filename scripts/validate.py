#!/usr/bin/env python3
"""Validate the catalog: python scripts/validate.py [PATH ...] [--format text|github]."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kb.catalog import CATALOG
from kb.report import render
from kb.validate import validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check catalog files: YAML syntax, schema, and catalog-wide rules.")
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to report on (default: the whole catalog)")
    parser.add_argument("--format", choices=("text", "github"), default="text", help="github prints pull-request annotations")
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="catalog folder (default: catalog/)")
    args = parser.parse_args(argv)
    try:
        result, _ = validate(args.catalog, args.paths or None)
    except Exception as error:  # a safety net: contributors never see a traceback
        print(f"validate.py: internal error ({type(error).__name__}: {error}); please report it.", file=sys.stderr)
        return 2
    try:
        print(render(result, args.format))
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return result.exit_code()


if __name__ == "__main__":
    sys.exit(main())
