"""HTML is written by the templates (scripts/kb/templates/) alone, where escaping is the default:
no module builds tags from strings, so no module can forget to escape."""

from __future__ import annotations

import ast
import re

from conftest import REPO

KB = REPO / "scripts" / "kb"
TAG = re.compile(r"<(/|[a-zA-Z][a-zA-Z0-9]*)")
# Angle-bracket placeholders in messages and docstrings (catalog/models/<provider>/<id>.yaml) are not tags.
PLACEHOLDERS = {"provider", "id", "folder", "lab"}
ALLOWED = {
    "markup.py",  # sanitised contributor Markdown: the one trusted conversion
}


def html_literals(source: str) -> list[str]:
    """String constants (f-string parts included) that hold an HTML tag, as 'line: text'."""
    return [
        f"{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(name.lower() not in PLACEHOLDERS for name in TAG.findall(node.value))
    ]


def test_the_scan_finds_tags_and_lets_placeholders_pass():
    assert html_literals("x = f'<td>{value}</td>'") == ["1: '<td>'", "1: '</td>'"]
    assert html_literals("x = f'<h2{ident}>'") == ["1: '<h2'"]
    assert html_literals("'''Write catalog/models/<provider>/<id>.yaml.'''\nx = a < b") == []


def test_no_module_builds_html_outside_the_templates():
    found = [
        f"{path.relative_to(KB)}:{hit}"
        for path in sorted(KB.rglob("*.py"))
        if path.name not in ALLOWED
        for hit in html_literals(path.read_text(encoding="utf-8"))
    ]
    assert found == []
