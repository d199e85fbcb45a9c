"""Scripts run with the pinned dependencies whatever `python` is typed, or say how to get them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, MiniCatalog
from kb import venv


def test_a_python_without_the_dependencies_starts_again_in_the_venv(mini: MiniCatalog):
    # -S: no site-packages at all, as with a bare system Python
    run = subprocess.run(
        [sys.executable, "-S", str(REPO / "scripts" / "validate.py"), "--catalog", str(mini.root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0 and run.stdout.startswith("OK:"), run.stderr
    assert "Traceback" not in run.stderr


def test_without_a_venv_it_says_how_to_make_one(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(venv, "NEEDED", ("surely_not_an_installed_module",))
    monkeypatch.setattr(venv, "VENV_PYTHON", tmp_path / "no-venv" / "bin" / "python")
    with pytest.raises(SystemExit) as stopped:
        venv.ensure_dependencies("validate.py")
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "validate.py: the Python packages surely_not_an_installed_module are not installed" in err and "make validate" in err
