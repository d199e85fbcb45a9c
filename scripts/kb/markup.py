"""Turning untrusted contributor text into safe HTML."""

from __future__ import annotations

import html
import json

import markdown
import nh3

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br", "hr"}


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _markdown_without_html() -> markdown.Markdown:
    """A Markdown converter that treats raw HTML as plain text (escaped on output)."""
    converter = markdown.Markdown(extensions=["sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


_MARKDOWN = _markdown_without_html()


def md(text: str) -> str:
    """Contributor Markdown to HTML: raw HTML is shown as text, only https links survive.

    Two layers: the converter never passes HTML through, and nh3 then keeps only a few
    harmless tags and https links in whatever the converter produced. Links keep their
    href alone: a Markdown link title would become a title attribute, which themes turn
    into tooltip HTML, so contributor text never reaches any other attribute."""
    rendered = _MARKDOWN.reset().convert(text)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}, "*": set()},  # "*" empty: no title or lang, which nh3 allows by default
        url_schemes={"https"},
        link_rel="noopener noreferrer nofollow",
    )


def front_matter(title: str, **extra: object) -> str:
    """YAML front matter; JSON strings are valid YAML. Text values are pre-escaped for HTML,
    because themes print page.meta (the title, the description meta tag) without escaping."""
    lines = [f"title: {json.dumps(esc(title))}"]
    lines += [f"{key}: {json.dumps(esc(value) if isinstance(value, str) else value)}" for key, value in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"
