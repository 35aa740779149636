"""The real partial texts of other regions in ../shared/corpus/real-partial/ (SOURCES.md there),
read from there, never copied. They have no title block; until `--work` lands, `with_title_block`
wraps one in a minimal synthetic title block and closing (named here, in the tests' docstrings),
and for the two texts that show no Pasal heading, a synthetic "Pasal 1" line before the text."""

from __future__ import annotations

import os
from pathlib import Path

REAL_PARTIAL = Path(
    os.environ.get(
        "SOTK_REAL_PARTIAL",
        Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real-partial",
    )
)


def with_title_block(text: str, head: str, region: str, title: str, pasal: bool = False) -> str:
    """`text` between a synthetic title block ("PERATURAN BUPATI X NOMOR 1 TAHUN 2020 TENTANG
    <title>", one Menimbang, one Mengingat) and a synthetic closing; `pasal`: a "Pasal 1"
    heading before it, for a text that shows its ayat without their Pasal."""
    name = region.split(" ", 1)[1].upper()
    return (
        f"PERATURAN {head} {name}\nNOMOR 1 TAHUN 2020\n\nTENTANG\n\n{title}\n\n"
        "Menimbang : a. bahwa perlu menetapkan Peraturan;\n\n"
        "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;\n\n"
        f"MEMUTUSKAN\n\nMenetapkan : PERATURAN {head} TENTANG {title}.\n\n"
        + ("Pasal 1\n\n" if pasal else "")
        + text
        + f"\n\nDitetapkan di {name.title()}\npada tanggal 1 Januari 2020\n\n{head} {name},"
        "\n\nttd.\n\nNAMA\n"
    )
