#!/usr/bin/env python3
"""List the changed files a pull request may not change on its own: git diff --name-only BASE... | python scripts/protected_changes.py

Everything outside catalog entries (schemas, vocabularies, scripts, tests, workflows, the
site's own pages and configuration) decides what the gate checks, so a pull request that
changes it is reported loudly: each such file as a GitHub warning annotation, and exit code 1,
which makes this a separate failing check that a maintainer reviews before merging.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import PurePosixPath

from kb.catalog import kind_inside
from kb.report import printable


def is_entry(path: str) -> bool:
    """A catalog entry file: what contributors are expected to change."""
    parts = PurePosixPath(path).parts
    return len(parts) > 1 and parts[0] == "catalog" and path.endswith(".yaml") and kind_inside(parts[1:]) is not None


def protected(paths: list[str]) -> list[str]:
    return sorted({p for p in (line.strip() for line in paths) if p and not is_entry(p)})


def main(argv: list[str] | None = None) -> int:
    description = "Read changed file names (git diff --name-only) on standard input; report those that are not catalog entries."
    argparse.ArgumentParser(description=description).parse_args(argv)
    found = protected(sys.stdin.read().splitlines())
    for path in found:
        shown = printable(path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        print(f"::warning file={shown}::this pull request changes {shown}, which the gate itself depends on: a maintainer must review it")
    print(f"{len(found)} protected file(s) changed." if found else "Only catalog entries changed.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
