"""`bench/` is a folder of scripts run from the repository root (`python -m bench.scale`), not an
installed package: put the root on sys.path so the tests can import it the same way."""

from __future__ import annotations

import sys

from repo_paths import REPO_ROOT

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
