"""The link checker's URL extraction, offline (the network check itself runs only in the weekly workflow)."""

from __future__ import annotations

import http.client
import importlib.util
import urllib.request

import pytest

from conftest import REPO, MiniCatalog
from kb.catalog import CATALOG

spec = importlib.util.spec_from_file_location("check_links", REPO / "scripts" / "check_links.py")
check_links = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_links)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("tests must not use the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_links_in_finds_whole_value_urls_at_their_paths():
    data = {
        "url": "https://a.example.org",
        "sources": ["https://b.example.org/x", "http://insecure.example.org"],
        "summary": "See https://c.example.org inside prose",
        "openness": {"weights": {"evidence": "https://d.example.org/e", "status": "open"}},
        "note": "  https://e.example.org  ",
        "count": 3,
    }
    assert list(check_links.links_in(data)) == [
        (("url",), "https://a.example.org"),
        (("sources", 0), "https://b.example.org/x"),
        (("openness", "weights", "evidence"), "https://d.example.org/e"),
        (("note",), "https://e.example.org"),
    ]


def test_extract_lists_each_url_once_with_every_place(tmp_path):
    mini = MiniCatalog(tmp_path / "catalog")
    mini.write_text("providers/broken.yaml", "id: broken\nurl: [https://never.example.org\n")
    found = check_links.extract(mini.root)
    assert list(found) == sorted(found)
    assert "https://never.example.org" not in found  # unloadable files are skipped, not fatal
    places = found["https://example.org/source"]
    assert len(places) == 10  # SOURCE is shared by every entry except the FAQ
    assert all(p.rsplit(":", 1)[1].isdigit() for p in places)
    hf = found["https://huggingface.co/acme/open-70b"]
    assert len(hf) == 1 and hf[0].endswith("acme-open-70b.yaml:" + str(_line(mini, "https://huggingface.co/acme/open-70b")))
    assert all(url.startswith("https://") for url in found)


def _line(mini: MiniCatalog, text: str) -> int:
    path = mini.path("model", "acme-open-70b")
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_real_catalog_has_links_to_check():
    found = check_links.extract(CATALOG)
    assert len(found) > 50
    assert all(url.startswith("https://") and " " not in url for url in found)


class Answer:
    """What urlopen returns, as a context manager."""

    def __init__(self, status: int) -> None:
        self.status = status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_non_ascii_urls_are_sent_in_their_ascii_form(monkeypatch):
    seen = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout: seen.append(request.full_url) or Answer(200))
    assert check_links.check("https://bücher.example.org/ü/a b?q=é") is None
    assert seen == ["https://xn--bcher-kva.example.org/%C3%BC/a%20b?q=%C3%A9"]


@pytest.mark.parametrize(
    "failure",
    [http.client.BadStatusLine("HTTP/1.1 2OO\r\n::error::injected"), ValueError("odd"), http.client.IncompleteRead(b"")],
)
def test_a_misbehaving_server_is_a_broken_link_not_a_crash(monkeypatch, failure):
    def fail(request, timeout):
        raise failure

    monkeypatch.setattr(urllib.request, "urlopen", fail)
    reason = check_links.check("https://odd.example.org/")
    assert reason and type(failure).__name__ in reason


def test_server_text_cannot_start_a_workflow_command_in_the_log(tmp_path, monkeypatch, capsys):
    mini = MiniCatalog(tmp_path / "catalog")
    monkeypatch.setattr(check_links, "check", lambda url: "BadStatusLine: x\r\n::error file=a::pwned" if "acme" in url else None)
    assert check_links.main(["--catalog", str(mini.root), "--workers", "1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("BROKEN https://acme.example.org") for line in lines)
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert any("\\r\\n::error" in line for line in lines)
