#!/usr/bin/env python3
"""make serve: generate the pages and serve the site with live reload, regenerating when a catalog file changes.

One process: MkDocs' own development server (a dirty build after each change) with its one
file watcher, which the hook scripts/serve_hooks.py extends to catalog/ and uses to
regenerate the changed pages before every build. The address is 127.0.0.1:8000, or
KB_SERVE_ADDRESS (host:port).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

# kb first: with a Python that lacks the dependencies, it starts this script again in .venv
from kb.catalog import REPO

# isort: split
from mkdocs.commands.serve import serve
from mkdocs.config.config_options import IpAddress, ValidationError
from mkdocs.exceptions import Abort

ADDRESS = os.environ.get("KB_SERVE_ADDRESS", "127.0.0.1:8000")


def address_problem(address: str) -> str | None:
    """Why MkDocs could not serve on address (host:port), or None."""
    try:
        port = IpAddress().validate(address).port
    except ValidationError as error:
        return str(error)
    return None if 0 < port < 65536 else f"port {port} is not between 1 and 65535"


def show_mkdocs_messages() -> None:
    """Print MkDocs' log as its command line does; called as a function, MkDocs sets up no output."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    if problem := address_problem(ADDRESS):
        print(f"serve.py: KB_SERVE_ADDRESS={ADDRESS!r} is not host:port ({problem}), e.g. 127.0.0.1:8001", file=sys.stderr)
        return 2
    show_mkdocs_messages()
    os.chdir(REPO)  # paths in mkdocs.yml (the snippets' base_path) are read from the working directory
    try:
        serve(config_file=str(REPO / "mkdocs.yml"), livereload=True, build_type="dirty", dev_addr=ADDRESS)
    except KeyboardInterrupt:  # Ctrl-C during the first build; MkDocs handles it once serving
        return 0
    except Abort as error:  # MkDocs or serve_hooks.py has logged or put why in the message
        print(f"serve.py: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # most often the address: in use by another server, or not this machine's
        where = error.filename or f"{ADDRESS} (another address: KB_SERVE_ADDRESS=host:port)"
        print(f"serve.py: {error.strerror or error}: {where}", file=sys.stderr)
        return 1
    except Exception as error:  # a safety net: contributors never see a traceback
        print(f"serve.py: internal error ({type(error).__name__}: {error}); please report it.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
