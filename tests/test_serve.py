"""make serve: one MkDocs process whose hook (serve_hooks.py) regenerates the pages before each build."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import Abort
from serve import address_problem
from serve_hooks import ServeRegeneration

from conftest import REPO, MiniCatalog
from kb.build import owned
from kb.schemas import site_url

SERVE = REPO / "scripts" / "serve.py"


def config(docs: Path) -> SimpleNamespace:
    return SimpleNamespace(docs_dir=str(docs))


def serving(mini: MiniCatalog) -> ServeRegeneration:
    hooks = ServeRegeneration(mini.root)
    hooks.on_startup(command="serve", dirty=True)
    return hooks


def snapshot(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def test_each_build_regenerates_what_changed(mini, tmp_path, capsys):
    docs = tmp_path / "docs"
    hooks = serving(mini)
    hooks.on_pre_build(config=config(docs))
    assert "regenerated in" in capsys.readouterr().out
    page, other = docs / "models" / "acme-pro.md", docs / "models" / "lab-7b.md"
    other_stamp = other.stat().st_mtime_ns
    mini.change("model", "acme-pro", summary="An edited summary.")
    hooks.on_pre_build(config=config(docs))
    assert "An edited summary." in page.read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == other_stamp
    assert ": 3 written, 0 removed" in capsys.readouterr().out  # the page, models.json and catalog.json


def test_a_catalog_with_errors_is_reported_and_the_last_good_pages_stay(mini, tmp_path, capsys):
    docs = tmp_path / "docs"
    hooks = serving(mini)
    hooks.on_pre_build(config=config(docs))
    good = snapshot(docs)
    capsys.readouterr()
    mini.change("provider", "openlab", kind="club")
    hooks.on_pre_build(config=config(docs))
    out = capsys.readouterr().out
    assert "kind is 'club', which is not one of" in out and "hint:" in out
    assert "the site keeps its last good pages until they are fixed" in out
    assert snapshot(docs) == good
    mini.change("provider", "openlab")  # fixed
    hooks.on_pre_build(config=config(docs))
    assert "regenerated in" in capsys.readouterr().out


def test_a_catalog_broken_from_the_start_writes_nothing(mini, tmp_path, capsys):
    mini.write_text("providers/broken.yaml", "id: [\n")
    serving(mini).on_pre_build(config=config(tmp_path / "docs"))
    assert "keeps its last good pages" in capsys.readouterr().out
    assert not (tmp_path / "docs").exists()


def test_an_internal_error_is_one_line_not_a_traceback(mini, tmp_path, capsys):
    def failing() -> None:
        raise RuntimeError("disk on fire")

    hooks = serving(mini)
    hooks.regenerate = failing
    hooks.on_pre_build(config=config(tmp_path / "docs"))
    assert capsys.readouterr().out.strip() == "serve: internal error while regenerating (RuntimeError: disk on fire); please report it."


def test_other_commands_do_not_regenerate(mini, tmp_path):
    hooks = ServeRegeneration(mini.root)
    hooks.on_startup(command="build", dirty=False)
    hooks.on_pre_build(config=config(tmp_path / "docs"))
    assert not (tmp_path / "docs").exists()
    assert hooks.on_build_error(error=ValueError("x")) is None  # mkdocs build reports its errors itself


class RecordingServer:
    """What MkDocs' server offers a hook: watch and unwatch."""

    def __init__(self) -> None:
        self.watched: set[str] = set()

    def watch(self, path: str) -> None:
        self.watched.add(path)

    def unwatch(self, path: str) -> None:
        self.watched.remove(path)


def test_the_server_watches_the_catalog_and_the_hand_written_pages_only(mini, tmp_path):
    docs = tmp_path / "docs"
    hooks = serving(mini)
    hooks.on_pre_build(config=config(docs))
    (docs / "guides").mkdir()
    (docs / "guides" / "a.md").write_text("# A\n", encoding="utf-8")
    (docs / "about.md").write_text("# About\n", encoding="utf-8")
    server = RecordingServer()
    server.watch(str(docs))  # as MkDocs does before on_serve
    assert hooks.on_serve(server, config=config(docs), builder=lambda: None) is server
    assert server.watched == {str(mini.root), str(docs / "guides"), str(docs / "about.md")}


def test_a_failed_rebuild_is_one_line_not_a_traceback(mini):
    hooks = serving(mini)
    with pytest.raises(Abort, match=r"^the site could not be built \(KeyError: 'nav'\)$"):
        hooks.on_build_error(error=KeyError("nav"))
    assert hooks.on_build_error(error=Abort("Aborted with a BuildError!")) is None  # already one line


# ---- the real thing: the hooks loaded by MkDocs, and serve.py, in their own processes ---------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], bool], timeout: float) -> float:
    """Seconds until condition() holds; fails the test after timeout."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            pytest.fail(f"still waiting after {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - start


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def children(pid: int) -> list[int]:
    """Processes whose parent is pid (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def project_copy(root: Path) -> MiniCatalog:
    """The project's scripts, site configuration and hand-written pages, with a small catalog."""
    shutil.copytree(REPO / "scripts", root / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, root / name)
    docs = REPO / "docs"
    shutil.copytree(docs, root / "docs", ignore=lambda folder, names: [n for n in names if Path(folder) == docs and owned(n)])
    return MiniCatalog(root / "catalog")


# MkDocs loads the hooks from mkdocs.yml and sends them the events of one command, without building.
# python -c: nothing but MkDocs puts scripts/ on sys.path.
RUN_HOOKS = """
import sys
from mkdocs.config import load_config
config = load_config(sys.argv[1])
config.plugins.on_startup(command=sys.argv[2], dirty=True)
config.plugins.on_pre_build(config=config)
print("generator loaded:", "kb.build" in sys.modules)
"""


@pytest.mark.parametrize("command", ["build", "gh-deploy", "serve"])
def test_only_serve_regenerates_and_only_serve_loads_the_generator(command, tmp_path):
    project = tmp_path / "project"
    project_copy(project)
    done = subprocess.run(
        [sys.executable, "-c", RUN_HOOKS, str(project / "mkdocs.yml"), command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    serving = command == "serve"
    assert done.stdout.endswith(f"generator loaded: {serving}\n"), done.stdout
    assert ("regenerated in" in done.stdout) == serving
    assert (project / "docs" / "models" / "acme-pro.md").is_file() == serving


def start_serving(script: Path, port: int, log: Path, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(script)],
        cwd=cwd,
        env={**os.environ, "KB_SERVE_ADDRESS": f"127.0.0.1:{port}"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        # Ctrl-C as in a terminal, even when the tests run in the background (where SIGINT is ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts processes through /proc (Linux)")
def test_make_serve_is_one_process_that_shows_an_edit_and_stops_on_ctrl_c(tmp_path):
    mini = project_copy(tmp_path / "project")
    port, log = free_port(), tmp_path / "serve.log"
    served_at = urllib.parse.urlsplit(site_url()).path  # MkDocs serves under site_url's path
    url = f"http://127.0.0.1:{port}{served_at}models/acme-pro.html"
    process = start_serving(tmp_path / "project" / "scripts" / "serve.py", port, log, cwd=tmp_path)
    try:
        wait_for(lambda: "Serving on" in log.read_text() or process.poll() is not None, timeout=120)
        assert process.poll() is None, log.read_text()
        assert "Acme Pro" in fetch(url)
        assert children(process.pid) == []

        mini.change("model", "acme-pro", name="Acme Pro Edited")
        seconds = wait_for(lambda: "Acme Pro Edited" in fetch(url), timeout=20)
        print(f"edit to served page: {seconds:.2f} s")
        assert seconds < 5  # about a second on an idle machine
        time.sleep(1.5)  # time for a second, needless rebuild to start, if the pages written set one off
        assert log.read_text().count("Building documentation") == 2, log.read_text()

        second = start_serving(tmp_path / "project" / "scripts" / "serve.py", port, tmp_path / "second.log", cwd=tmp_path)
        assert second.wait(timeout=120) == 1
        assert "serve.py: Address already in use: 127.0.0.1:" in (tmp_path / "second.log").read_text()

        mini.change("provider", "openlab", kind="club")
        wait_for(lambda: "keeps its last good pages" in log.read_text(), timeout=20)
        assert "kind is 'club'" in log.read_text()
        assert "Acme Pro Edited" in fetch(url)
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    text = log.read_text() + (tmp_path / "second.log").read_text()
    assert code == 0 and "Shutting down" in text
    assert "Traceback" not in text


@pytest.mark.parametrize("address", ["127.0.0.1:8000", "localhost:8123", "[::1]:8000", "0.0.0.0:80"])
def test_good_addresses(address):
    assert address_problem(address) is None


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("nowhere", "Must be a string of format 'IP:PORT'"),
        ("127.0.0.1:http", "'http' is not a valid port"),
        ("127.0.0.1:99999", "port 99999 is not between 1 and 65535"),
        ("example.org:80", "'example.org' does not appear to be an IPv4 or IPv6 address"),
    ],
)
def test_bad_addresses(address, problem):
    assert address_problem(address) == problem


def test_a_bad_address_is_a_message_not_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SERVE)],
        cwd=tmp_path,
        env={**os.environ, "KB_SERVE_ADDRESS": "127.0.0.1:99999"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr
        == "serve.py: KB_SERVE_ADDRESS='127.0.0.1:99999' is not host:port (port 99999 is not between 1 and 65535), e.g. 127.0.0.1:8001\n"
    )
