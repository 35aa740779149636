"""The genre's key verbs glued to the word before them: "Seksi Pelayanan umummempunyai uraian
tugas" -> "Seksi Pelayanan umum mempunyai uraian tugas".

Reads: a word ending in one of the verbs the organisation reader finds subjects and heads by
("mempunyai", "menyelenggarakan", "dipimpin", "membawahi", "membawahkan", "bertanggung"), with
at least three letters before the verb, as a PDF or a web page loses the space between two words.
No word of the language ends in these verbs, so the split is safe.
Writes: the two words with a space between them, noted on the line.
"""

from __future__ import annotations

import re

from sotk_kg.pipeline.repairs.base import SourceLine

_VERBS = ("mempunyai", "menyelenggarakan", "dipimpin", "membawahi", "membawahkan", "bertanggung")
_GLUED = re.compile(rf"\b([^\W\d_]{{3,}}?)({'|'.join(_VERBS)})(?=[^\w]|$|jawab)", re.IGNORECASE)


class GluedVerbs:
    name = "glued-verbs"

    def apply(self, lines: list[SourceLine]) -> list[SourceLine]:
        for line in lines:
            found = [m.group(0) for m in _GLUED.finditer(line.text)]
            if not found:
                continue
            line.text = _GLUED.sub(r"\1 \2", line.text)
            for word in found:
                m = _GLUED.match(word)
                assert m is not None
                line.notes.append(
                    f"Source reads '{word}' (two words glued, no space between them); read "
                    f"as '{m.group(1)} {m.group(2)}'."
                )
        return lines
