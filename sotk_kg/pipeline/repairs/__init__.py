"""Repair stages: text -> text, before any line is classified.

Each stage is one small module that reads the source lines and rewrites some of them, leaving an
English editorial note on each line it changes; `segment.py` classifies the repaired lines and
`structure.py` moves each line's notes onto the provision the line ends up in, so every repair is
noted on the node it touches.

The line mapping is kept by construction: a stage never adds or removes a line. A repair that
joins two lines writes the joined text on the first and leaves the second blank, so
`SourceLine.number` (the 1-based line of the source) stays the line a provision's provenance
cites, and line i of the repaired text is line i of the source.

Repairs that need the tree being built (a heading with the first line of its text on one line, a
list item whose marker was lost, a cross-reference wrapped to a line's start, a Pasal number read
against the sequence, an upper-case huruf marker) are body-line stages (`repairs/body.py`), run by
the parser on each classified line with a read-only view of its state: see docs/pipeline.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sotk_kg.pipeline.repairs.base import SourceLine
from sotk_kg.pipeline.repairs.broken_words import BrokenWords
from sotk_kg.pipeline.repairs.glued_pasal import GluedPasalHeading
from sotk_kg.pipeline.repairs.glued_verbs import GluedVerbs
from sotk_kg.pipeline.repairs.heading_numbers import HeadingNumbers
from sotk_kg.pipeline.repairs.lone_punctuation import LonePunctuation
from sotk_kg.pipeline.repairs.page_numbers import GluedPageNumbers
from sotk_kg.pipeline.repairs.running_furniture import RunningFurniture
from sotk_kg.pipeline.repairs.title_number import SplitTitleNumber, TitleNumberDigits

__all__ = [
    "STAGES",
    "BrokenWords",
    "GluedPageNumbers",
    "GluedPasalHeading",
    "GluedVerbs",
    "HeadingNumbers",
    "LonePunctuation",
    "RunningFurniture",
    "SourceLine",
    "SplitTitleNumber",
    "Stage",
    "TitleNumberDigits",
    "repair",
    "source_lines",
]


class Stage(Protocol):
    """A repair: `apply` returns the same number of lines, some rewritten and noted."""

    name: str

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]: ...


# In order: a page's running header or footer goes first (no stage reads it as text); a Pasal
# glued to a title, and a heading's number, are read once the page number glued before them is
# gone; the title's number is joined before its digits are read; page numbers go before broken
# words are joined (a page number is no word).
STAGES: tuple[Stage, ...] = (
    RunningFurniture(),
    GluedPageNumbers(),
    GluedPasalHeading(),
    HeadingNumbers(),
    SplitTitleNumber(),
    TitleNumberDigits(),
    BrokenWords(),
    LonePunctuation(),
    GluedVerbs(),
)


def source_lines(text: str) -> list[SourceLine]:
    """The lines of `text`, numbered from 1, as no stage has touched them."""
    return [SourceLine(number, raw, raw) for number, raw in enumerate(text.splitlines(), start=1)]


def repair(text: str, stages: Sequence[Stage] = STAGES) -> list[SourceLine]:
    """`text`'s lines after every stage, in order."""
    lines = source_lines(text)
    for stage in stages:
        count = len(lines)
        lines = stage.apply(lines)
        assert len(lines) == count, f"{stage.name} added or removed a line"
    return lines
