"""Where the project's data lives: `ontology/`, `shapes/`, `queries/` and `data/source/`, and
where what is made from it goes (`data/graph/`, the caches).

In a checkout (an editable install included) they are the checkout's top-level folders, which
people read and edit; an installed wheel carries copies of them as package data in this folder
(pyproject.toml maps each one here), so that `pipx install sotk-kg` then `sotk-kg serve` works
away from any checkout. `DATA_ROOT` is the one answer, `Settings.root` defaults to it and
`SOTK_ROOT` overrides it. Installed package data is read-only: what the tools write (the
validation cache, the graphs built from data/source/) goes to the user's cache folder instead
(`cache_dir`).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGED_ROOT = Path(__file__).resolve().parent  # the wheel's copies of the data folders
_CHECKOUT_CANDIDATE = PACKAGED_ROOT.parents[1]  # sotk_kg/resources/ -> the checkout


def _is_checkout(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / "ontology").is_dir()


CHECKOUT: Path | None = _CHECKOUT_CANDIDATE if _is_checkout(_CHECKOUT_CANDIDATE) else None
DATA_ROOT: Path = CHECKOUT or PACKAGED_ROOT


def is_packaged(root: Path) -> bool:
    """`root` is the installed package data (inside site-packages: never written to)."""
    return root.resolve() == PACKAGED_ROOT


def cache_dir(root: Path, name: str, beside: Path | None = None) -> Path:
    """The folder for cached results `name` of the data under `root`: `beside`, else
    `root/.cache/name` (beside the data it was made from, as a checkout keeps it), but the user's
    cache folder (`$XDG_CACHE_HOME/sotk-kg/name`, else `~/.cache/sotk-kg/name`) for the installed
    package data."""
    if not is_packaged(root):
        return beside or root / ".cache" / name
    user_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(user_cache) / "sotk-kg" / name
