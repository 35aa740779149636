"""The one place that reads SOTK_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASE = "https://w3id.org/sotk-kg"


def _env(name: str, default: str) -> str:
    return os.environ.get(f"SOTK_{name}", default)


@dataclass(frozen=True)
class Settings:
    """Paths and knobs; every field can be set by an environment variable SOTK_<FIELD>."""

    base: str = field(default_factory=lambda: _env("BASE", DEFAULT_BASE).rstrip("/"))
    root: Path = field(default_factory=lambda: Path(_env("ROOT", str(REPO_ROOT))))

    @property
    def source_dir(self) -> Path:
        return self.root / "data" / "source"

    @property
    def graph_dir(self) -> Path:
        return self.root / "data" / "graph"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"
