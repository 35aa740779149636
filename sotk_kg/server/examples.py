"""The example queries of `queries/*.rq`, read when asked (so a new file shows up without a
restart): title from the `# title:` header line, else the first comment line, else the file name.
The files name data IRIs under the canonical base; they are moved to the deploy base as the loader
moves the data (`sotk_kg.iris.rebase`), so their default values match under any base."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sotk_kg.iris import DEFAULT_BASE, rebase


@dataclass(frozen=True)
class Example:
    name: str  # file stem
    title: str
    query: str


def _title(text: str, fallback: str) -> str:
    first_comment = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header comment block ended
        body = stripped.lstrip("#").strip()
        key, sep, value = body.partition(":")
        if sep and key.strip().lower() == "title" and value.strip():
            return value.strip()
        if first_comment is None and body:
            first_comment = body
    return first_comment or fallback


def load_examples(directory: Path, base: str = DEFAULT_BASE) -> list[Example]:
    examples = []
    for path in sorted(directory.glob("*.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable example must not take the editor page down
        text = rebase(text, base)
        examples.append(Example(path.stem, _title(text, path.stem), text))
    return examples
