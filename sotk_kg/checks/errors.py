"""Errors of the checks package: input that cannot be validated at all."""

from __future__ import annotations


class UnusableInput(Exception):
    """The input is not CSV/RDF we can read: wrong media type, encoding, header or syntax.

    `str()` names `file:line:column` (the parts that are known), then the message, so that a CLI
    user or an HTTP client sees where to look. `status` is the HTTP status the server answers with.
    """

    status = 400

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"
