"""The catalog toolkit: load -> validate -> derive -> render -> export."""

import sys
from pathlib import Path

from kb.venv import ensure_dependencies

# Before any module that needs a dependency is imported: `python3 scripts/validate.py` with a
# Python that lacks them starts again in .venv, or says how to create it (no traceback).
ensure_dependencies(Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "kb")
