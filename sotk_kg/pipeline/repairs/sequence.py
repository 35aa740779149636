"""What the body-line repair stages (`repairs/body.py`) read of the tree being built: the expected
sequence of list markers and Pasal, and whether the text before a line ends a sentence. Pure
functions of the open provisions; the parser (`structure.py`) uses the same ones to place lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sotk_kg.pipeline.segment import Line
    from sotk_kg.pipeline.tree import Provision

# End of a complete list item: ";" "." or "; dan" / "; atau" (also with a comma).
ITEM_END = re.compile(r"(?:[;.]|[;,]\s*(?:dan|atau))\s*$")


class BodyState(Protocol):
    """The parse as a body-line stage may read it (never write it)."""

    @property
    def stack(self) -> list[Provision]:
        """The open provisions, from the container (a Pasal, a preamble block) to the innermost."""
        ...

    @property
    def last_pasal(self) -> int:
        """The number of the last Pasal heading placed (0 before the first)."""
        ...

    @property
    def lines(self) -> list[Line]:
        """Every classified line of the text: a stage may look ahead of the line it reads."""
        ...


def text_run(lines: Sequence[Line], index: int) -> tuple[list[Line], Line | None]:
    """The text lines after line `index` (blank, page and garbage lines skipped) and the first
    line after them that is no text (a marker or heading), None at the end."""
    run: list[Line] = []
    for later in lines[index + 1 :]:
        if later.kind in ("blank", "page", "garbage"):
            continue
        if later.kind != "text":
            return run, later
        run.append(later)
    return run, None


def base(number: str) -> int:
    """The number an inserted provision is inserted after: "12A" -> 12, "1a" -> 1 ("12" -> 12)."""
    return int(re.match(r"\d+", number).group())  # type: ignore[union-attr]


def inserted_after(value: str, last: int) -> bool:
    """Is `value` an inserted Pasal ("12A", "12B"), BAB ("5a") or ayat ("1a") following number
    `last` (12) or one inserted after it (amending acts and the texts consolidating them)?"""
    m = re.fullmatch(r"(\d+)[A-Za-z]", value)
    return m is not None and int(m.group(1)) == last


def next_pasal(body: BodyState, value: str) -> bool:
    """Is Pasal `value` the next in sequence: the one after the last, or one inserted after it?"""
    return value == str(body.last_pasal + 1) or inserted_after(value, body.last_pasal)


def succ(kind: str, value: str) -> str:
    """The marker after `value` in a list of `kind` ("" before the first; after an inserted
    "1a", "2")."""
    if kind == "huruf":
        return chr(ord(value) + 1) if value else "a"
    return str(base(value) + 1) if value else "1"


def follows(kind: str, last: str, value: str) -> bool:
    """Does marker `value` follow `last` in a list of `kind`: its successor, or for ayat one
    inserted after it ("(1a)" after "(1)")?"""
    return value == succ(kind, last) or (
        kind == "ayat" and bool(last) and inserted_after(value, base(last))
    )


def first_of(kind: str) -> str:
    return "a" if kind == "huruf" else "1"


def advance(kind: str, value: str, steps: int) -> str:
    for _ in range(steps):
        value = succ(kind, value)
    return value


def mid_sentence(stack: Sequence[Provision]) -> bool:
    """The innermost open provision's text stops mid-sentence (a wrapped line follows)."""
    if not stack or not stack[-1].text:
        return False
    text = stack[-1].text.rstrip()
    return not (text.endswith(":") or ITEM_END.search(text))


def expected(stack: Sequence[Provision], line: Line) -> bool:
    """The marker is the next one some open list expects, or starts a new list."""
    if line.kind == "ayat":
        ayat = [c for c in stack[0].children if c.kind == "ayat"]
        return follows("ayat", ayat[-1].number if ayat else "", line.value)
    if line.value == first_of(line.kind):
        return True
    return any(n.kind == line.kind and succ(n.kind, n.number) == line.value for n in stack[1:])
