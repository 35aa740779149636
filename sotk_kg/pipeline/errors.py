"""Errors the pipeline raises on input it cannot use; each names source, line and expectation."""

from __future__ import annotations


class PipelineError(Exception):
    """Base of the pipeline's input errors: `source:line: message`."""

    def __init__(self, message: str, line: int | None = None, source: str = "<text>") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.source = source

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}, line {self.line}"
        return f"{where}: {self.message}"


class NotARegulationError(PipelineError):
    """The text is not a regional regulation of the SOTK genre at all."""
