"""MkDocs hook: hand the generator's finished HTML pages to the theme without Markdown.

A speed-up only. Generated pages (scripts/kb/pages.py) are one raw-HTML block, which
Markdown passes through unchanged after parsing every tag twice (its own block parser and
MkDocs' anchor scan): about half the per-page build time at thousands of models. Here such
a page skips Markdown and its HTML becomes the page content as it is. Without this hook
(another engine, or the hook removed) the same pages build to the same HTML, more slowly;
tests/test_build.py checks that both give identical pages.
"""

from __future__ import annotations

from typing import Any

# Every generated page's body is exactly one block: this opening tag ... "</div>".
GENERATED_PAGE = '<div class="kb-page">\n'

_finished_html: dict[str, str] = {}


def is_generated_html(markdown: str) -> bool:
    body = markdown.strip()
    return body.startswith(GENERATED_PAGE) and body.endswith("</div>") and "\n\n" not in body


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str | None:
    if not is_generated_html(markdown):
        return None
    _finished_html[page.file.src_uri] = markdown.strip()
    return ""


def on_page_content(html: str, page: Any, **_: Any) -> str | None:
    return _finished_html.pop(page.file.src_uri, None)
