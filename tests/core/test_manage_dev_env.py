"""`manage.py` reads the development defaults that `make install` writes, but only in a checkout
with nothing configured: the environment always wins, and a SECRET_KEY means a real server."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def manage(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("wushe_manage", ROOT / "manage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    env_file = tmp_path / "dev.env"
    env_file.write_text("# comment\nDEBUG=true\nWUSHE_EXAMPLE = from-file\nnot a setting\n", encoding="utf-8")
    monkeypatch.setattr(module, "DEV_ENV", env_file)
    for name in ("DEBUG", "WUSHE_EXAMPLE", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    return module


def test_it_fills_unset_variables_from_the_file(manage, monkeypatch):
    manage.load_dev_env()
    assert os.environ["DEBUG"] == "true"
    assert os.environ["WUSHE_EXAMPLE"] == "from-file"
    assert "not a setting" not in os.environ


def test_the_environment_wins_over_the_file(manage, monkeypatch):
    monkeypatch.setenv("DEBUG", "false")
    manage.load_dev_env()
    assert os.environ["DEBUG"] == "false"


def test_a_configured_server_ignores_the_file(manage, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-key")
    manage.load_dev_env()
    assert "DEBUG" not in os.environ
    assert "WUSHE_EXAMPLE" not in os.environ
