"""Byte-for-byte: a fresh build of the small fixture and of the seed is what tests/golden/ holds
(tests/golden_graphs.py explains the sample and regenerates it)."""

from __future__ import annotations

import pytest
from golden_graphs import SUMS, committed_golden, diff, fresh_builds, golden_of

Files = dict[str, bytes]


@pytest.fixture(scope="module")
def builds() -> tuple[Files, Files]:
    return fresh_builds()


def test_a_fresh_build_matches_the_golden_sample(builds: tuple[Files, Files]) -> None:
    committed, fresh = committed_golden(), golden_of(*builds)
    assert fresh == committed, (
        "the pipeline's output changed; if intended, run `python tests/golden_graphs.py` and "
        "commit tests/golden/:\n" + diff(committed, fresh)
    )


@pytest.mark.parametrize("suffix", [".ttl", ".nq"])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_one_changed_byte_of_the_seed_fails_it(
    builds: tuple[Files, Files], suffix: str, where: str
) -> None:
    """Of the seed only checksums and a sample are kept: one byte changed anywhere in a file must
    still fail the comparison (by the checksum; the sample shows the line when it holds it)."""
    fixture, seed = builds
    [name] = [n for n in seed if n.endswith(suffix)]
    data = bytearray(seed[name])
    at = {"first": 0, "middle": len(data) // 2, "last": len(data) - 2}[where]  # -1 is "\n"
    data[at] = ord("x") if data[at] != ord("x") else ord("y")
    changed = golden_of(fixture, {**seed, name: bytes(data)})
    committed = committed_golden()
    assert changed != committed
    assert changed[SUMS] != committed[SUMS]
    assert f"built/{SUMS}" in diff(committed, changed)
