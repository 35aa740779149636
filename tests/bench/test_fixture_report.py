"""bench/fixture_report.py reads its expected values from where the tests keep them: the README's
table of the fixtures of other kinds, test_genre.EXPECTED, the satpol fixture's lists and the real
partial tests' parameters, never a copy of its own."""

from __future__ import annotations

import pytest

from bench.fixture_report import (
    FIXTURES,
    Expectation,
    _params,
    _readme_counts,
    fixture_expectations,
    measure,
    real_partial_expectations,
    render,
)


def test_the_readme_table_gives_posts_and_reporting_lines() -> None:
    counts = _readme_counts()
    # "| `pergub-contoh-2024-15-dua-badan.txt` | ... | 6 | 10 / 8 | 10 |"
    assert counts["pergub-contoh-2024-15-dua-badan.txt"] == (10, 10)
    assert counts["perbup-contoh-2024-11-badan.txt"] == (9, 9)
    assert counts["perwal-contoh-2022-42-rsud.txt"] == (11, 10)
    assert len(counts) == 8


def test_labelled_expectations_win_over_the_counts() -> None:
    expected = fixture_expectations()
    badan = expected["perbup-contoh-2024-11-badan.txt"]
    assert isinstance(badan.posts, set) and "Kepala Badan" in badan.posts
    assert expected["pergub-contoh-2024-15-dua-badan.txt"].posts == 10
    assert "perwali-contoh-2023-13-ocr.txt" in expected


def test_parametrize_values_are_read_with_their_xfail_params() -> None:
    @pytest.mark.parametrize(("a", "b"), [(1, 2), pytest.param(3, 4, marks=pytest.mark.xfail)])
    def probe(a: int, b: int) -> None: ...

    assert _params(probe) == [(1, 2), (3, 4)]


def test_a_missing_post_counts_as_missing() -> None:
    path = FIXTURES / "perbup-contoh-2024-14-satpolpp.txt"
    expected = fixture_expectations()[path.name]
    assert isinstance(expected.posts, set) and isinstance(expected.lines, set)
    one_more = Expectation(expected.posts | {"Kepala Seksi Yang Tidak Ada"}, expected.lines)
    row = measure(path, one_more, None, 1)
    assert row.posts == f"{len(expected.posts)}/{len(expected.posts) + 1}"
    assert row.reporting_lines == f"{len(expected.lines)}/{len(expected.lines)}"
    assert row.placed_percent == 100.0
    assert row.text in render([row])


def test_the_real_partial_expectations_are_the_tests_lists() -> None:
    """Serang (test_real_partial_excerpts.py): "Kepala Dinas" reports to the Wali Kota (POSTS),
    the UPTD laboratory's group to its Kepala UPTD (a strict xfail of test_known_missed_lines);
    the Wali Kota is the region's, no post of the text."""
    expected = {name: e for name, (_, e) in real_partial_expectations().items() if "serang" in name}
    (serang,) = expected.values()
    assert isinstance(serang.posts, set) and isinstance(serang.lines, set)
    assert ("Kepala Dinas", "Wali Kota") in serang.lines
    assert (
        "Ketua Kelompok Jabatan Fungsional UPTD Laboratorium Lingkungan",
        "Kepala UPTD Laboratorium Lingkungan",
    ) in serang.lines
    assert {
        "Kepala Dinas",
        "Seksi Limbah B3",
        "Pejabat Fungsional UPTD Laboratorium Lingkungan",
    } <= serang.posts
    assert "Wali Kota" not in serang.posts
