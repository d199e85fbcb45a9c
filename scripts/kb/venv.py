"""Run the command-line scripts with the project's pinned dependencies, whatever `python` is typed.

`python3 scripts/validate.py` with a Python that lacks the dependencies would stop at an import
with a traceback. If the project's virtual environment exists (make creates it), the script
starts again inside it; otherwise it says how to set it up. Standard library only: this runs
before any dependency is imported.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
NEEDED = ("yaml", "jsonschema", "jsonschema_rs", "regress", "nh3", "markdown", "mkdocs")


def ensure_dependencies(program: str) -> None:
    """Return if the dependencies can be imported; else start again in .venv, or explain and exit."""
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if not missing:
        return
    if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parents[1].resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])  # the same command, in .venv
    print(
        f"{program}: the Python packages {', '.join(missing)} are not installed for {sys.executable}.\n"
        "    hint: run `make validate` once (it creates .venv with the pinned dependencies), "
        "then use .venv/bin/python",
        file=sys.stderr,
    )
    sys.exit(2)
