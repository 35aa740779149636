"""`/validate`: the upload page (GET) and the SHACL report of an uploaded roster (CSV, XLSX) or
RDF file (POST).

The page (templates/validate.html, Jinja, autoescaped) posts the file with the options as form
fields and `format`: `page` shows the report in the page, row by row; `html`, `csv`, `turtle`,
`jsonld`, `json`, `text` download it. Without `format`, the report's type is negotiated by
`Accept` as before (JSON-LD, Turtle, HTML, JSON, CSV, plain text).

The query parameters are the options of `sotk-kg validate`: `lang`, `complete`,
`perangkat_daerah` and `as-of` (`--lang`, `--complete`, `--perangkat-daerah`, `--as-of`). The
upload is validated by the server's validation workers (`app.state.validation`,
server/validation_runner.py): a bounded pool with its own threads, answered 503 with Retry-After
when it is full."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from markupsafe import Markup

from sotk_kg.checks.templating import environment
from sotk_kg.server.http import (
    BodyTooLarge,
    HttpError,
    add_route,
    drain,
    media_type,
    read_body,
)
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

REPORT_TYPES = [
    "application/ld+json",
    "text/turtle",
    "text/html",
    "application/json",
    "text/csv",
    "text/plain",
]
# the page's "report as" choices: (media type, view, file extension)
DOWNLOADS = {
    "html": ("text/html", "rows", "html"),
    "csv": ("text/csv", "", "csv"),
    "turtle": ("text/turtle", "", "ttl"),
    "jsonld": ("application/ld+json", "", "jsonld"),
    "json": ("application/json", "", "json"),
    "text": ("text/plain", "rows", "txt"),
}
PAGE_TEXTS = {
    "id": {
        "title": "Periksa daftar pegawai",
        "intro": "Unggah daftar pegawai (CSV dengan pemisah titik koma atau koma, XLSX, atau "
        "RDF) untuk diperiksa terhadap struktur organisasi yang diterbitkan. Berkas tidak "
        "disimpan.",
        "columns": "Kolom: nama, nip, jabatan, jenis_jabatan (wajib); unit, jenjang, mulai, "
        "selesai, perangkat_daerah (boleh).",
        "file": "Berkas",
        "lang": "Bahasa laporan",
        "pd": "Perangkat daerah (boleh kosong)",
        "as_of": "Tanggal daftar (boleh kosong: tanggal mulai tiap baris), menurut aturan saat itu",
        "complete": "Daftar ini lengkap (setiap jabatan pimpinan harus terisi)",
        "format": "Hasil",
        "page": "tampilkan di halaman ini",
        "send": "Periksa",
        "error": "Berkas tidak dapat diperiksa",
        "report": "Hasil pemeriksaan",
        "editor": "Editor SPARQL",
        "docs": "Dokumentasi API",
        "example": "Contoh daftar",
    },
    "en": {
        "title": "Check a staffing roster",
        "intro": "Upload a staffing roster (CSV separated by semicolons or commas, XLSX, or RDF) "
        "to check it against the published organisation structure. The file is not stored.",
        "columns": "Columns: nama, nip, jabatan, jenis_jabatan (required); unit, jenjang, mulai, "
        "selesai, perangkat_daerah (optional).",
        "file": "File",
        "lang": "Report language",
        "pd": "Perangkat daerah (optional)",
        "as_of": "The roster's date (optional: each row's start date): the rules in force then",
        "complete": "This roster is complete (every leading post must be filled)",
        "format": "Result",
        "page": "show in this page",
        "send": "Check",
        "error": "The file cannot be checked",
        "report": "Result",
        "editor": "SPARQL editor",
        "docs": "API docs",
        "example": "Example roster",
    },
}

# Why an upload was not checked, in the user's language: on the page, in a problem+json answer
# (RFC 9457: title, status, detail, with the texts of both languages and the wait) and as text.
# Each says what happened, whether the file was at fault, and what to do.
REFUSALS: dict[str, dict[str, str]] = {
    "too-large": {
        "id": "Berkas terlalu besar ({size}); batasnya {limit}. Perkecil berkasnya (misalnya "
        "satu daftar per perangkat daerah, tanpa lembar kerja lain) lalu kirim lagi.",
        "en": "The file is too large ({size}); the limit is {limit}. Make it smaller (for "
        "instance one roster per perangkat daerah, without other sheets) and send it again.",
    },
    "busy": {
        "id": "Layanan pemeriksaan sedang sibuk dengan pemeriksaan lain. Coba lagi dalam "
        "{retry} detik; berkas Anda tidak disimpan.",
        "en": "The validation service is busy with other checks. Try again in {retry} "
        "seconds; your file was not stored.",
    },
    "timeout": {
        "id": "Pemeriksaan tidak selesai dalam batas waktu {timeout} detik dan dihentikan. "
        "Coba lagi dalam {retry} detik, atau bagi daftar menjadi beberapa berkas yang lebih kecil.",
        "en": "The check did not finish within the time limit of {timeout} seconds and was "
        "stopped. Try again in {retry} seconds, or split the roster into smaller files.",
    },
    "memory": {
        "id": "Pemeriksaan memerlukan memori lebih banyak daripada yang diizinkan ({limit}) "
        "dan dihentikan. Bagi daftar menjadi beberapa berkas yang lebih kecil lalu kirim lagi.",
        "en": "The check needed more memory than it may use ({limit}) and was stopped. Split "
        "the roster into smaller files and send them again.",
    },
    "interrupted": {
        "id": "Proses pemeriksaan terhenti, bukan karena berkas Anda. Kirim berkasnya lagi "
        "dalam {retry} detik.",
        "en": "The checking process stopped, not because of your file. Send the file again "
        "in {retry} seconds.",
    },
    "unavailable": {
        "id": "Layanan pemeriksaan tidak tersedia di server ini; berkas Anda tidak diperiksa. "
        "Beri tahu pengelola server ({reason}).",
        "en": "The validation service is not available on this server; your file was not "
        "checked. Tell the server's operator ({reason}).",
    },
}
# How much of a too-large upload from the page is read (and dropped) so that the browser shows the
# 413 page rather than a reset connection; the page's script refuses larger files before sending.
DRAIN_CAP = 64 * 2**20
# The short English title of each refusal (problem+json `title`).
REFUSAL_TITLES = {
    "too-large": "upload too large",
    "busy": "validation busy",
    "timeout": "validation timed out",
    "memory": "validation memory limit exceeded",
    "interrupted": "validation interrupted",
    "unavailable": "validation service not available",
}


def _size(n: int) -> str:
    """ "1 MB" / "1.5 MB" / "900 kB": sizes as people read them (decimal units, as the limit is
    set in bytes)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(n / 1000))} kB"


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
AsOf = Annotated[
    str | None,
    Query(
        alias="as-of",
        description="The roster's date, YYYY-MM-DD: it is checked against the regulations in "
        "force then (as `--as-of`); without it, each row against those in force on its `mulai`, "
        "else today. Not a date: 400.",
        examples=["2024-06-01"],
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
) -> tuple[bytes, str, str | None, dict[str, str]]:
    """(payload, its media type, file name, the form's other fields) from a raw body or a
    multipart form field `file`."""
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
        if utype in ("", "application/octet-stream", "application/vnd.ms-excel"):
            # browsers send a CSV as Excel's type and an unknown file as octet-stream
            utype = _by_extension(upload.filename)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        return data, utype, upload.filename, fields
    return await read_body(request, limit), ctype, filename, {}


def _by_extension(name: str | None) -> str:
    suffix = (name or "").rsplit(".", 1)[-1].lower()
    return {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ttl": "text/turtle",
        "jsonld": "application/ld+json",
        "json": "application/ld+json",
        "nt": "application/n-triples",
    }.get(suffix, "application/octet-stream")


def render_page(
    lang: str,
    *,
    report: str | None = None,
    error: str | None = None,
    fields: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> str:
    """The upload page; with the report of the last upload (an HTML fragment rendered by the
    validator's own autoescaping template), or the reason it could not be checked."""
    lang = "en" if lang == "en" else "id"
    template = environment("sotk_kg.server").get_template("validate.html")
    return str(
        template.render(
            t=PAGE_TEXTS[lang],
            lang=lang,
            report=None if report is None else Markup(report),
            error=error,
            fields=fields or {},
            formats=["page", *DOWNLOADS],
            # the page's script refuses a file over the server's limit before sending it
            max_bytes=max_bytes,
            too_large=REFUSALS["too-large"][lang].replace(
                "{limit}", _size(max_bytes) if max_bytes else ""
            ),
        )
    )


def make_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["Validation"])

    @router.post(
        "/validate",
        response_class=Response,
        summary="Validate RDF (Turtle, JSON-LD) or a roster (CSV, XLSX) against the shapes",
        description=(
            "Raw body with its Content-Type, or multipart field `file`. The report is JSON-LD, "
            "Turtle, HTML, JSON, CSV or plain text by Accept; header `X-SHACL-Conforms`. A "
            "roster (CSV separated by `;` or `,`, XLSX, or RDF with org:Membership) is checked "
            "against the published regulations, with the options of `sotk-kg validate` as "
            "query parameters: `perangkat_daerah`, `complete`, `lang`, `as-of` (the roster's "
            "date: the regulations in force then; else each row's `mulai`). Unusable input "
            "(syntax, CSV header, unknown perangkat daerah) is answered 400 with the reason (in "
            "Indonesian under `lang=id`). A multipart form with a `format` field is the upload "
            "page's (`GET /validate`): its fields are the options, and `format=page` answers "
            "the page with the report. The upload is validated on its own and never stored. "
            "Not checked: 413 (too large) and 503 (busy, over its time or memory limit, "
            "interrupted, unavailable; `Retry-After` where trying later helps), with the reason "
            "in `lang`: `application/problem+json` (RFC 9457; `reason`, `messages` in id and "
            "en, `retryAfter`) for a JSON or JSON-LD Accept, the page for the upload page's form, "
            "text otherwise."
        ),
    )
    async def validate(
        request: Request,
        lang: Lang = "en",
        complete: Complete = False,
        perangkat_daerah: PerangkatDaerah = None,
        filename: Filename = None,
        as_of: AsOf = None,
    ) -> Response:
        answer_type = negotiate(request.headers.get("accept"), REPORT_TYPES, REPORT_TYPES[0])
        view, download = "", ""
        fields: dict[str, str] = {}
        # A browser's form post: refused before its fields are read (too large), it still gets
        # the page back with the reason, in the page's language (the form's action names it).
        from_browser = media_type(request) == "multipart/form-data" and answer_type == "text/html"

        def refuse(kind: str, status: int, retry: int | None = None, **values: str) -> Response:
            return _refusal(kind, status, lang, retry, values,
                            page=view == "page" or "format" in fields or from_browser,
                            fields=fields, answer_type=answer_type,
                            max_bytes=settings.max_body)  # fmt: skip

        try:
            payload, utype, name, fields = await _upload(request, settings.max_body, filename)
            if "format" in fields:  # from the upload page: its fields are the options
                lang = "en" if fields.get("lang") == "en" else "id"
                complete = fields.get("complete") == "true"
                perangkat_daerah = fields.get("perangkat_daerah", "").strip() or None
                as_of = fields.get("as-of", "").strip() or None
                download = fields["format"] if fields["format"] in DOWNLOADS else ""
                answer_type, view = DOWNLOADS[download][:2] if download else ("", "page")
            if answer_type is None:
                return PlainTextResponse(
                    "not acceptable; available: " + ", ".join(REPORT_TYPES) + "\n", 406
                )
            if not payload:
                raise HttpError(400, "berkas kosong" if view == "page" and lang == "id"
                                else "empty upload")  # fmt: skip
            upload = Upload(
                payload, utype, name, lang, complete, perangkat_daerah or None, view, as_of
            )
            service: ValidationService = request.app.state.validation
            outcome = await service.validate(
                request.app.state.validation_module, upload, answer_type or "application/json"
            )
        except BodyTooLarge as exc:
            said = {"id": "lebih dari batas", "en": "over the limit"}[lang]
            size = _size(exc.size) if exc.size is not None else said
            answer = refuse("too-large", 413, size=size, limit=_size(exc.limit),
                            cause=exc.message)  # fmt: skip
            if from_browser and await drain(request, DRAIN_CAP):
                del answer.headers["connection"]  # read to its end: the connection stays usable
            return answer
        except HttpError as exc:
            if view == "page":
                return _page(lang, fields, error=exc.message, status=exc.status,
                             max_bytes=settings.max_body)  # fmt: skip
            return exc.response()
        except ValidationUnavailable as exc:
            return refuse("unavailable", 503, reason=str(exc), cause=str(exc))
        except ValidationTimeout as exc:
            return refuse("timeout", 503, retry=30, timeout=f"{settings.validate_timeout:g}",
                          cause=str(exc))  # fmt: skip
        except MemoryLimitExceeded as exc:
            return refuse("memory", 503, retry=30, limit=f"{settings.worker_memory} MiB",
                          cause=str(exc))  # fmt: skip
        except PoolBusy as exc:
            return refuse("busy", 503, retry=30, cause=str(exc))
        except WorkerEnded as exc:
            return refuse("interrupted", 503, retry=5, cause=str(exc))
        if not isinstance(outcome, Report):
            if view == "page":
                return _page(lang, fields, error=outcome.message, status=outcome.status,
                             max_bytes=settings.max_body)  # fmt: skip
            return PlainTextResponse(outcome.message + "\n", outcome.status)
        conforms = {"X-SHACL-Conforms": "true" if outcome.conforms else "false"}
        if view == "page":
            shown = json.loads(outcome.body)
            return _page(lang, fields, report=shown["html"], headers=conforms,
                         max_bytes=settings.max_body)  # fmt: skip
        mt = outcome.media_type
        headers = {**conforms, "Vary": "Accept"}
        if download:
            stem = (name or "laporan").rsplit(".", 1)[0] or "laporan"
            headers["Content-Disposition"] = (
                f'attachment; filename="{_safe(stem)}-laporan.{DOWNLOADS[download][2]}"'
            )
        return Response(
            outcome.body,
            media_type=mt + ("; charset=utf-8" if mt.startswith("text/") else ""),
            headers=headers,
        )

    def page(lang: Lang = "id") -> HTMLResponse:
        return HTMLResponse(render_page(lang, max_bytes=settings.max_body))

    add_route(router, "/validate", page, shown=["GET"], response_class=HTMLResponse,
              summary="The upload page: check a staffing roster in the browser (Indonesian "
              "by default, `lang=en`)")  # fmt: skip

    return router


def _page(
    lang: str,
    fields: dict[str, str],
    *,
    report: str | None = None,
    error: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> HTMLResponse:
    body = render_page(lang, report=report, error=error, fields=fields, max_bytes=max_bytes)
    return HTMLResponse(body, status_code=status, headers=headers)


def _refusal(
    kind: str,
    status: int,
    lang: str,
    retry: int | None,
    values: dict[str, str],
    *,
    page: bool,
    fields: dict[str, str],
    answer_type: str | None,
    max_bytes: int,
) -> Response:
    """Why the upload was not checked (REFUSALS), in `lang`: the upload page with the reason for
    a browser's form, problem+json (RFC 9457) for a client asking for JSON or JSON-LD (with the
    server's own words as `cause`, for operators), plain text otherwise; `Retry-After` when trying
    again later may help."""
    lang = "en" if lang == "en" else "id"
    texts = {k: REFUSALS[kind][k].format(retry=retry, **values) for k in ("id", "en")}
    cause = values.get("cause")  # what the server saw, in English, for operators
    headers = {"Retry-After": str(retry)} if retry is not None else {}
    if status == 413:  # the rest of the body is not read: a client must not send it next
        headers["Connection"] = "close"
    if page:
        return _page(lang, fields, error=texts[lang], status=status, headers=headers,
                     max_bytes=max_bytes)  # fmt: skip
    if answer_type in ("application/json", "application/ld+json"):
        problem: dict[str, object] = {
            "type": "about:blank",
            "title": REFUSAL_TITLES[kind],
            "status": status,
            "detail": texts[lang],
            "reason": kind,
            "messages": texts,
        }
        if cause:
            problem["cause"] = cause
        if retry is not None:
            problem["retryAfter"] = retry
        return JSONResponse(problem, status, headers=headers, media_type="application/problem+json")
    return PlainTextResponse(texts[lang] + "\n", status, headers=headers)


def _safe(stem: str) -> str:
    """A file name for Content-Disposition: letters, digits, dot, dash, underscore."""
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in stem)[:80] or "laporan"
