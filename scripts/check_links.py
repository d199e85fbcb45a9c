#!/usr/bin/env python3
"""Check that every https link in the catalog still answers: python scripts/check_links.py [--catalog DIR].

Run weekly by .github/workflows/links.yml, never in the tests or the pull-request gate (it needs
the network, and other people's servers fail for reasons a contributor cannot fix). It reports
each broken link with the files and lines that use it; the exit code is 1 when any link is
broken, 0 otherwise. Links are read with the same safe loader as the validator.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kb.catalog import CATALOG, catalog_files, display_path
from kb.loader import load
from kb.report import printable

USER_AGENT = "open-vs-closed-ai-link-check/1.0 (+https://github.com/)"
TIMEOUT_S = 20


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def links_in(data: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, url) for every field whose whole value is an https URL (sources, url, evidence, ...)."""
    for path, text in _strings(data):
        stripped = text.strip()
        if stripped.startswith("https://") and not any(c.isspace() for c in stripped):
            yield path, stripped


def extract(root: Path) -> dict[str, list[str]]:
    """Every https URL in the catalog -> the places ('file:line') that use it, sorted; unloadable files are skipped."""
    found: dict[str, list[str]] = {}
    for file in catalog_files(root):
        doc, problem = load(file, display_path(file))
        if doc is None or problem is not None:
            continue
        for path, url in links_in(doc.data):
            line, _ = doc.where(path)
            found.setdefault(url, []).append(f"{doc.path}:{line}")
    return dict(sorted(found.items()))


def ascii_url(url: str) -> str:
    """The URL as HTTP sends it: an internationalised host in IDNA form, other non-ASCII characters
    percent-encoded (the validator accepts both, urllib refuses them)."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").encode("idna").decode("ascii")
    netloc = host + (f":{parts.port}" if parts.port else "")
    keep = "/%:@!$&'()*+,;=-._~"
    return urllib.parse.urlunsplit(
        (parts.scheme, netloc, urllib.parse.quote(parts.path, safe=keep), urllib.parse.quote(parts.query, safe=keep + "?"), "")
    )


def check(url: str) -> str | None:
    """None when the URL answers with a success or redirect; else a short reason. Never raises:
    one odd server (a malformed status line, a reset) must not end the whole check."""
    last = "no answer"
    try:
        target = ascii_url(url)
    except (UnicodeError, ValueError) as error:
        return f"not a usable URL ({type(error).__name__})"
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(target, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # https only, see links_in
                if response.status < 400:
                    return None
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            last = str(getattr(error, "reason", error))
        except Exception as error:  # http.client.HTTPException (BadStatusLine, ...), ValueError and the like
            last = f"{type(error).__name__}: {error}"
    return last[:200]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="catalog folder (default: catalog/)")
    parser.add_argument("--workers", type=int, default=8, help="links checked at once")
    args = parser.parse_args(argv)
    links = extract(args.catalog)
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = dict(zip(links, pool.map(check, links), strict=True))
    broken = {url: reason for url, reason in results.items() if reason}
    for url, reason in broken.items():  # the server's words and the URL are outside text: escaped
        print(f"BROKEN {printable(url)} ({printable(reason)})")
        for place in links[url]:
            print(f"    used at {printable(place)}")
    print(f"{len(links)} links checked, {len(broken)} broken.")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
