"""Runs `sotk_kg.checks.validation.validate_upload` in a pool of killable validation workers.

SHACL validation cannot be interrupted inside a process (stack-findings §5), and an upload is
untrusted input (rdflib's RDF/XML parser, JSON-LD remote contexts): each upload is validated in a
worker process that has no network (server/sandbox.py) and a memory limit, and is killed (and
replaced) when the time limit passes. The upload is validated on its own and never reaches the
store.

The pool is small and bounded (`SOTK_VALIDATE_WORKERS`, default 2, plus `SOTK_VALIDATE_QUEUE`
uploads waiting; past that 503 with Retry-After at once), runs in its own threads and at a lower
CPU priority (nice 10), so a flood of uploads neither starts a process per upload nor takes the
threads and cores that `/sparql` and `/health` need. Its workers start with the first upload
(most deployments validate rarely) and keep the validator imported between uploads.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sotk_kg.checks.errors import UnusableInput
from sotk_kg.server.admission import Gate
from sotk_kg.server.executor import worker_options
from sotk_kg.server.pool import JobTimeout, WorkerCrashed, WorkerPool, WorkerStartFailed
from sotk_kg.settings import Settings

VALIDATION_NICE = 10  # the validators yield the CPU to query workers and the server
# The validator, named: a worker process imports its code by name on its side of the process
# boundary (server/pool.py), and the server process never imports pySHACL. This dotted name is
# that boundary's contract; a test checks that it imports and is a validator.
VALIDATOR_MODULE = "sotk_kg.checks.validation"


@dataclass(frozen=True)
class Upload:
    """One upload and the options of `sotk-kg validate` that apply to it (`--lang`, `--complete`,
    `--perangkat-daerah`), as `sotk_kg.checks.validation.validate_upload` takes them."""

    payload: bytes
    media_type: str
    filename: str | None = None
    lang: str = "en"
    complete: bool = False
    perangkat_daerah: str | None = None  # IRI or name: where CSV rosters' post names are found
    # "" the standard reports; "rows" the report for people, row by row (HTML, CSV); "page" the
    # part of the upload page that shows it (JSON: conforms and the HTML fragment)
    view: str = ""
    as_of: str | None = None  # YYYY-MM-DD: the rules in force then (else each row's `mulai`)


@dataclass(frozen=True)
class ValidationJob:
    module: str  # the validator module (VALIDATOR_MODULE; tests give a stand-in)
    upload: Upload
    answer_type: str  # the negotiated media type of the report


@dataclass(frozen=True)
class Report:
    conforms: bool
    body: bytes
    media_type: str


@dataclass(frozen=True)
class Rejected:
    status: int
    message: str


class ValidationUnavailable(Exception):
    pass


class ValidationTimeout(Exception):
    pass


def available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def start(settings: Settings) -> Callable[[ValidationJob], Report | Rejected]:
    """Entry of a validation worker (server/pool.py): the validator is imported once, here (a
    failure is the worker's start failure: 503 "validation service not available" naming it);
    each job then validates one upload with the server's settings."""
    importlib.import_module(VALIDATOR_MODULE)
    return lambda job: validate(job, settings)


def validate(job: ValidationJob, settings: Settings) -> Report | Rejected:
    validation = importlib.import_module(job.module)
    upload = job.upload
    try:
        outcome = validation.validate_upload(
            upload.payload,
            upload.media_type,
            upload.filename,
            upload.lang,
            complete=upload.complete,
            perangkat_daerah=upload.perangkat_daerah,
            # only when given: validator stand-ins of the tests need not know it
            **({"as_of": upload.as_of} if upload.as_of else {}),
            # the server's own paths and base, not the worker's environment: options given on
            # the command line (`serve --base`) must reach the validator too
            sources=validation.Sources.from_settings(settings),
        )
    except UnusableInput as exc:
        # in the user's language; English as the CLI prints it (file:line:column)
        message = exc.text("id") if upload.lang == "id" else str(exc)
        return Rejected(int(getattr(exc, "status", 400)), message)
    return Report(bool(outcome.conforms), _report_body(outcome, job), job.answer_type)


def _report_body(outcome: Any, job: ValidationJob) -> bytes:
    lang, view = job.upload.lang, job.upload.view
    if view == "page":
        fragment = outcome.to_rows_html(lang, fragment=True)
        return json.dumps({"conforms": bool(outcome.conforms), "html": fragment}).encode()
    if view == "rows" and job.answer_type == "text/html":
        return str(outcome.to_rows_html(lang)).encode()
    if view == "rows" and job.answer_type == "text/plain":
        return str(outcome.to_rows_text(lang)).encode()
    if job.answer_type == "text/csv":
        return str(outcome.to_csv(lang)).encode()
    if job.answer_type == "text/plain":
        return str(outcome.to_text(lang)).encode()
    if job.answer_type == "text/html":
        return str(outcome.to_html(job.upload.lang)).encode()
    if job.answer_type == "application/json":
        out = outcome.to_json()
        return out.encode() if isinstance(out, str) else json.dumps(out).encode()
    fmt = "turtle" if job.answer_type == "text/turtle" else "json-ld"
    out = outcome.serialize(fmt)
    return out.encode() if isinstance(out, str) else bytes(out)


class ValidationService:
    """The validation workers of one server, started with the first upload."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = WorkerPool(
            "validation",
            start,
            (settings,),
            settings.validate_workers,
            options=worker_options(settings, nice=VALIDATION_NICE),
            # a queued upload waits at most one validation's time limit for a worker
            queue_wait=settings.validate_timeout,
        )
        self.gate = Gate("validation", settings.validate_workers + settings.validate_queue)

    async def validate(self, module: str, upload: Upload, answer_type: str) -> Report | Rejected:
        """The report, or Rejected (unusable input: 400; a crash on it: 422). Raises
        ValidationUnavailable, ValidationTimeout, and the pool's PoolBusy, MemoryLimitExceeded
        and WorkerEnded (all 503)."""
        if not available(module):
            raise ValidationUnavailable("validation service not available")
        job = ValidationJob(module, upload, answer_type)
        try:
            return await self.gate.run(self.pool.run, job, self.settings.validate_timeout)
        except WorkerStartFailed as exc:
            raise ValidationUnavailable(f"validation service not available: {exc}") from exc
        except JobTimeout as exc:
            raise ValidationTimeout(str(exc)) from exc
        except WorkerCrashed as exc:
            return Rejected(422, f"the validator could not process this input ({exc})")

    def close(self) -> None:
        self.pool.close()
