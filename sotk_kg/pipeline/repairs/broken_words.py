"""Words broken over two lines: "... Pemerin-" / "tah Daerah" -> "... Pemerintah" / "Daerah".

Reads: a line ending in letters and a hyphen, the next line starting with a lower-case word.
Writes: the word joined on the first line (the hyphen dropped), the rest of the second line left
on it, noted. A reduplicated word ("perundang-" / "undangan", "masing-" / "masing") keeps its
hyphen and is left to the parser, which joins it without a space: the part after the hyphen
repeats the part before it.
"""

from __future__ import annotations

import itertools
import re

from sotk_kg.pipeline.repairs.base import SourceLine

_BROKEN = re.compile(r"(\w*[^\W\d_])-$")
_FRAGMENT = re.compile(r"^\s*([a-z]+)([,.;:]?)(?:\s+|$)")


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
            word = head + tail
            line.text = f"{text[:-1]}{tail}{fragment.group(2)}"
            nxt.text = nxt.text[fragment.end() :]
            line.notes.append(
                f"Lines {line.number}-{nxt.number}: the word '{word}' is broken over two lines "
                f"('{head}-' / '{tail}'); joined."
            )
        return lines
