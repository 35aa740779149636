"""Errors of the checks package: input that cannot be validated at all."""

from __future__ import annotations


class UnusableInput(Exception):
    """The input is not CSV/RDF we can read: wrong media type, encoding, header or syntax.

    `str()` names `file:line:column` (the parts that are known), then the message, so that a CLI
    user or an HTTP client sees where to look. `status` is the HTTP status the server answers with.
    `message_id` is the message in Indonesian (`text("id")`), for the people the reports speak to.
    """

    status = 400

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        message_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.message_id = message_id
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

    def text(self, lang: str) -> str:
        """Where and what, in Indonesian (`lang` "id") or English: 'roster.csv, baris 3, kolom 5:
        ...'. A message without an Indonesian wording (a parser's own) is quoted as it is."""
        unknown, line, column = _WHERE["id" if lang == "id" else "en"]
        where = [self.file or unknown]
        where += [f"{line} {self.line}"] if self.line is not None else []
        where += [f"{column} {self.column}"] if self.column is not None else []
        message = self.message
        if lang == "id":
            message = self.message_id or f"berkas tidak dapat dibaca ({self.message})"
        return f"{', '.join(where)}: {message}"


_WHERE = {"id": ("<berkas>", "baris", "kolom"), "en": ("<input>", "line", "column")}
