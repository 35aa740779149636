"""Words broken over two lines: "urusan Pemerin-" / "tahan Daerah" -> "urusan" / "Pemerintahan
Daerah".

Reads: a line ending in letters and a hyphen, the next line starting with a lower-case word.
Writes: the word joined at the start of the second line (the hyphen dropped), the first line
without it; noted on the second line. A reduplicated word ("perundang-" / "undangan", "masing-" /
"masing") keeps its hyphen and is left to the parser, which joins it without a space: the part
after the hyphen repeats the part before it.
"""

from __future__ import annotations

import itertools
import re

from sotk_kg.pipeline.repairs.base import SourceLine

_BROKEN = re.compile(r"\b(\w*[^\W\d_])-$")
_FRAGMENT = re.compile(r"^\s*([a-z]+)")


def _reduplicated(before: str, after: str) -> bool:
    """ "perundang" + "undangan", "masing" + "masing", "sehari" + "hari": the stem repeats."""
    return after[:3].lower() in before.lower()


class BrokenWords:
    name = "broken-words"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        for line, nxt in itertools.pairwise(lines):
            text = line.text.rstrip()
            broken = _BROKEN.search(text)
            fragment = _FRAGMENT.match(nxt.text)
            if broken is None or fragment is None:
                continue
            head, tail = broken.group(1), fragment.group(1)
            if _reduplicated(head, tail):
                continue
            # The word goes down to the line its end is on: both lines usually keep some text,
            # so neither provision's line span changes.
            line.text = text[: broken.start()].rstrip()
            nxt.text = head + nxt.text.lstrip()
            nxt.notes.append(
                f"Lines {line.number}-{nxt.number}: the word '{head}{tail}' is broken over two "
                f"lines ('{head}-' / '{tail}'); joined."
            )
        return lines
