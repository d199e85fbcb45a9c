"""No function in scripts/ is longer than 60 lines, so each can be read whole."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

MAX_LINES = 60


def function_lengths(path: Path) -> dict[str, int]:
    """{qualified name: lines from the def line to the last line of the body}."""
    lengths: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lengths[prefix + child.name] = child.end_lineno - child.lineno + 1
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return lengths


def long_functions() -> dict[tuple[str, str], int]:
    found = {}
    for path in sorted((REPO / "scripts").rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        found.update({(relative, name): lines for name, lines in function_lengths(path).items() if lines > MAX_LINES})
    return found


def test_no_function_is_longer_than_60_lines():
    too_long = {f"{path}: {name} ({lines} lines)" for (path, name), lines in long_functions().items()}
    assert too_long == set(), "split these functions"


def test_function_lengths_count_from_def_to_the_last_line(tmp_path):
    path = tmp_path / "sample.py"
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    path.write_text(
        f"class A:\n    def method(self):\n{body.replace('    ', '        ')}\n\n\ndef short():\n    return 1\n", encoding="utf-8"
    )
    assert function_lengths(path) == {"A.method": MAX_LINES + 1, "short": 2}
