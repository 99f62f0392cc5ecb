"""The scheduling tests' instances, kept in the repository (tests/data/schedule, see its README)."""

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "schedule"


def path_of(name: str) -> Path:
    return DATA / f"{name}.json"


def load(name: str) -> dict[str, Any]:
    """A fresh copy of a stored instance (tests may change it)."""
    return json.loads(path_of(name).read_text())
