"""`POST /validate`: SHACL report for an uploaded RDF file (Turtle, JSON-LD) or roster CSV.

The query parameters are the options of `sotk-kg validate`: `lang`, `complete` and
`perangkat_daerah` (`--lang`, `--complete`, `--perangkat-daerah`). The upload is validated by the
server's validation workers (`app.state.validation`, server/validation_runner.py): a bounded pool
with its own threads, answered 503 with Retry-After when it is full."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import PlainTextResponse

from sotk_kg.server.http import HttpError, media_type, read_body, retry_later
from sotk_kg.server.negotiation import negotiate
from sotk_kg.server.pool import MemoryLimitExceeded, PoolBusy, WorkerEnded
from sotk_kg.server.validation_runner import (
    Report,
    Upload,
    ValidationService,
    ValidationTimeout,
    ValidationUnavailable,
)
from sotk_kg.settings import Settings

REPORT_TYPES = ["application/ld+json", "text/turtle", "text/html", "application/json"]

Lang = Annotated[
    Literal["id", "en"],
    Query(description="Language of the HTML report (as `sotk-kg validate --lang`)."),
]
Complete = Annotated[
    bool,
    Query(
        description="The roster claims to be complete: every leading post of the perangkat "
        "daerah it names must be filled, a vacant one is a violation (as `--complete`)."
    ),
]
PerangkatDaerah = Annotated[
    str | None,
    Query(
        description="The perangkat daerah (Dinas, Badan ...) whose posts a CSV roster names, by "
        "IRI or name (punctuation-insensitive; a unique beginning of the name, e.g. without the "
        "region, will do), when post names are shared across regulations (as "
        "`--perangkat-daerah`; a row's own `perangkat_daerah` column comes first). An unknown or "
        "ambiguous one is answered 400.",
        examples=["Dinas Koperasi, Usaha Kecil dan Menengah"],
    ),
]
Filename = Annotated[
    str | None,
    Query(
        description="Name of a raw-body upload: named in the report, and its extension tells "
        "CSV from RDF when the Content-Type does not."
    ),
]


async def _upload(
    request: Request, limit: int, filename: str | None
) -> tuple[bytes, str, str | None]:
    """(payload, its media type, file name) from a raw body or a multipart form field `file`."""
    ctype = media_type(request)
    if ctype == "multipart/form-data":
        body = await read_body(request, limit)  # the cap applies to the whole form

        async def replay() -> dict[str, object]:
            return {"type": "http.request", "body": body, "more_body": False}

        form = await Request(request.scope, replay).form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HttpError(400, "multipart upload without a file field named 'file'")
        data = await upload.read()
        utype = (upload.content_type or "").split(";")[0].strip().lower()
        return data, utype, upload.filename
    return await read_body(request, limit), ctype, filename


def make_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["Validation"])

    @router.post(
        "/validate",
        response_class=Response,
        summary="Validate RDF (Turtle, JSON-LD) or a roster CSV against the project's shapes",
        description=(
            "Raw body with its Content-Type, or multipart field `file`. The report is JSON-LD, "
            "Turtle, HTML or JSON by Accept; header `X-SHACL-Conforms`. A roster (CSV, or RDF "
            "with org:Membership) is checked against the published regulations, with the "
            "options of `sotk-kg validate` as query parameters: `perangkat_daerah`, "
            "`complete`, `lang`. Unusable input (syntax, CSV header, unknown perangkat daerah) "
            "is answered 400 with the reason. The upload is validated on its own and never "
            "stored."
        ),
    )
    async def validate(
        request: Request,
        lang: Lang = "en",
        complete: Complete = False,
        perangkat_daerah: PerangkatDaerah = None,
        filename: Filename = None,
    ) -> Response:
        answer_type = negotiate(request.headers.get("accept"), REPORT_TYPES, REPORT_TYPES[0])
        if answer_type is None:
            return PlainTextResponse(
                "not acceptable; available: " + ", ".join(REPORT_TYPES) + "\n", 406
            )
        try:
            payload, utype, name = await _upload(request, settings.max_body, filename)
            if not payload:
                raise HttpError(400, "empty upload")
            upload = Upload(payload, utype, name, lang, complete, perangkat_daerah or None)
            service: ValidationService = request.app.state.validation
            outcome = await service.validate(
                request.app.state.validation_module, upload, answer_type
            )
        except HttpError as exc:
            return exc.response()
        except ValidationUnavailable as exc:
            return PlainTextResponse(f"{exc}\n", 503)
        except (ValidationTimeout, MemoryLimitExceeded) as exc:
            return retry_later(str(exc), 30)
        except PoolBusy as exc:
            return retry_later(f"validation busy: {exc}", 30)
        except WorkerEnded as exc:
            return retry_later(f"{exc}; send the upload again", 5)
        if not isinstance(outcome, Report):
            return PlainTextResponse(outcome.message + "\n", outcome.status)
        mt = outcome.media_type
        return Response(
            outcome.body,
            media_type=mt + ("; charset=utf-8" if mt.startswith("text/") else ""),
            headers={"X-SHACL-Conforms": "true" if outcome.conforms else "false", "Vary": "Accept"},
        )

    return router
