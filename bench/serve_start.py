"""Start-up of `sotk-kg serve` with the graph built on demand: the seconds until /health answers
on a first start (the graph is built from data/source/, then loaded) and on the next one (the
cached build is checked against its manifest and reused).

    .venv/bin/python -m bench.serve_start [--texts DIR] [--runs 3]

Runs on a copy of the data folders in a temporary root (SOTK_ROOT), so the checkout's data/graph/
is not touched; `--texts` puts those texts (e.g. a `bench.corpus` folder) in its data/source/
instead of the checkout's. Each start is a new process; the figures are the median of `--runs`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("ontology", "shapes", "queries")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_until_healthy(root: Path) -> float:
    """Seconds from `sotk-kg serve` to the first 200 from /health; the server is stopped."""
    port = _free_port()
    env = {**os.environ, "SOTK_ROOT": str(root), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "sotk_kg.cli", "serve", "--port", str(port), "--log-level", "error"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"sotk-kg serve exited with {server.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, help="source texts (default: data/source/)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = sorted((args.texts or ROOT / "data" / "source").glob("*.txt"))
    first, cached = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            for folder in FOLDERS:
                shutil.copytree(ROOT / folder, root / folder)
            (root / "data" / "source").mkdir(parents=True)
            for text in texts:
                shutil.copy(text, root / "data" / "source" / text.name)
            first.append(start_until_healthy(root))
            cached.append(start_until_healthy(root))
    print(f"{len(texts)} text(s), median of {args.runs} runs, until /health answers 200:")
    print(f"  first start (graph built, then loaded): {statistics.median(first):6.2f} s")
    print(f"  next start (cached build reused):       {statistics.median(cached):6.2f} s")


if __name__ == "__main__":
    main()
