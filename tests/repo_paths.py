"""The checkout the suite runs in: its fixtures, docs and data folders. Tests read files by their
place in the checkout; the code finds its data through `sotk_kg.resources` (installed or not)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
