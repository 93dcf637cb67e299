"""Helpers shared by test modules (importable from tests/ and tests/browser/: pytest puts both on sys.path)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest


def require(problem: str | None, what: str) -> None:
    """Skip when something a test needs is missing; under CI=true fail instead, so a CI run
    can never pass without having run `what`."""
    if not problem:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} must run under CI=true: {problem}")
    pytest.skip(problem)


def config_file(folder: Path, text: str, name: str = "team.yaml"):
    """An app config written to `folder` and loaded as the app loads it."""
    from workshop.config import load_config

    path = folder / name
    path.write_text(text, encoding="utf-8")
    return load_config(path)
