"""Repair stages of body lines: classified line -> the line(s) the parser places in its stead.

Some repairs need the tree being built: the next Pasal in sequence, the markers the open lists
expect, whether the text before a line ends a sentence. Each is a stage of its own module, as the
text stages are; the parser (`structure.py`) hands every body and preamble line to them, in order,
with a read-only view of its state (`sequence.BodyState`), and places what they give back
strictly: a Pasal line is a heading, a marker line an item, a text line text. A stage yields the
line, rewritten or not and noted when rewritten, or the lines it stands for (a heading and its
text on one line: two), each handed to the next stage and placed before the stage goes on, so a
stage reads the state as it is when its line is placed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from sotk_kg.pipeline.repairs.glued_items import GluedListItem
from sotk_kg.pipeline.repairs.heading_with_text import HeadingWithText
from sotk_kg.pipeline.repairs.list_markers import LostListMarkers
from sotk_kg.pipeline.repairs.pasal_page_number import PasalPageNumber
from sotk_kg.pipeline.repairs.sequence import BodyState
from sotk_kg.pipeline.repairs.upper_huruf import UpperCaseHuruf
from sotk_kg.pipeline.repairs.wrapped_reference import WrappedHeading, WrappedMarker
from sotk_kg.pipeline.segment import Line


class BodyStage(Protocol):
    name: str

    def apply(self, line: Line, index: int | None, body: BodyState) -> Iterator[Line]:
        """The line(s) to place for `line` (`index`: its place in `body.lines`; None for the rest
        of a keyword line, "Menimbang : a. bahwa ...")."""
        ...


# A line that starts "Pasal <n>" (a heading, or a text line that may hold one), in order: a
# wrapped reference is text whatever number it shows; a heading's number is settled before a
# line with text after it is split.
HEADING_STAGES: tuple[BodyStage, ...] = (WrappedHeading(), PasalPageNumber(), HeadingWithText())
# A line of a provision's content (preamble and body): an upper-case marker is read before the
# marker is checked against the sequence; an item's line is split at a glued marker once it is
# known to be an item's; a text line may then be a lost item.
CONTENT_STAGES: tuple[BodyStage, ...] = (
    UpperCaseHuruf(),
    WrappedMarker(),
    GluedListItem(),
    LostListMarkers(),
)
