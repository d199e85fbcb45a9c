#!/usr/bin/env python3
"""Start a catalog entry from a skeleton: python scripts/new_entry.py KIND NAME.

KIND is model, license, deployment, provider or comparison. NAME is <provider>/<id> for a
model (e.g. meta/llama-3.1-8b) and <id> for the others (e.g. apache-2.0). The skeleton is
generated from the kind's JSON Schema and never overwrites an existing file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kb.catalog import CATALOG, REPO, SchemaFileError, display_path, load_schemas, load_vocabularies, utc_today
from kb.problems import Result
from kb.report import text_line
from kb.scaffold import KIND_FOLDERS, ScaffoldError, build, check_free, parse_name, placeholder_lines, schema_ref, target
from kb.schemas import check_refs

PROG = "new_entry.py"


def create(root: Path, kind: str, name: str, today: dt.date | None = None) -> tuple[Path, str, list[str]]:
    """Write the skeleton; returns (path, text, notes). Raises ScaffoldError to refuse."""
    if not (root / "schemas" / "common.schema.json").is_file():
        raise ScaffoldError(f"{display_path(root)} is not a catalog folder (it has no schemas/common.schema.json)")
    try:
        schemas = load_schemas(root)
        check_refs(schemas)  # the skeleton follows them, through the schemas' $ids
    except SchemaFileError as error:
        raise ScaffoldError(f"the schemas cannot be used: {text_line(error.placed(root))}") from None
    provider, entry_id = parse_name(kind, name, schemas)
    path = target(root, kind, provider, entry_id)
    check_free(root, path, entry_id)
    text = build(
        kind,
        entry_id,
        schemas,
        today=today or utc_today(),
        provider=provider,
        schema_ref=schema_ref(path, root, kind),
        shown_path=display_path(path),
        vocab={name: doc.data for name, doc in load_vocabularies(root, Result()).items()},
    )
    notes = []
    if provider is not None and not target(root, "provider", None, provider).exists():
        notes.append(
            f"there is no provider '{provider}' in {display_path(root / 'providers')} yet: "
            f"add it too (python scripts/new_entry.py provider {provider}), or check the spelling of the folder"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite, even in a race
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} already exists; edit it instead (new_entry.py never overwrites a file)") from None
    except OSError as error:
        raise ScaffoldError(f"cannot write {display_path(path)}: {error.strerror}") from None
    return path, text, notes


def next_steps(path: Path, text: str, root: Path) -> str:
    shown = display_path(path)
    option = "" if root.resolve() == CATALOG.resolve() else f" --catalog {display_path(root)}"
    command = f"python {display_path(REPO / 'scripts' / 'validate.py')}{option} {shown}"
    todo = len(placeholder_lines(text))
    return "\n".join(
        [
            f"Wrote {shown} ({todo} TODO lines to fill).",
            "",
            "Next steps:",
            "  1. Open the file. Replace each TODO with a fact you confirmed from a primary source (the comment",
            "     above each field says what it needs), and delete the optional fields you cannot confirm.",
            "  2. List those sources (https links) under sources:, and set last_verified to the day you checked them.",
            "  3. Check the file, and repeat until it prints OK (each TODO left is reported as file:line:column):",
            f"       {command}",
            "  4. Open a pull request with that one file.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Write a skeleton for a new catalog entry, generated from its JSON Schema. Never overwrites a file.",
        epilog="examples: new_entry.py model meta/llama-3.1-8b   new_entry.py license apache-2.0   new_entry.py provider meta",
    )
    parser.add_argument("kind", choices=list(KIND_FOLDERS), metavar="KIND", help="one of: " + ", ".join(KIND_FOLDERS))
    parser.add_argument("name", metavar="NAME", help="<provider>/<id> for a model, <id> for the other kinds")
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="catalog folder (default: catalog/)")
    args = parser.parse_args(argv)
    try:
        path, text, notes = create(args.catalog, args.kind, args.name)
    except ScaffoldError as error:
        print(f"{PROG}: not written: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a safety net: contributors never see a traceback
        print(f"{PROG}: internal error ({type(error).__name__}: {error}); please report it.", file=sys.stderr)
        return 2
    print(next_steps(path, text, args.catalog))
    for note in notes:
        print(f"\nNote: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
