"""The project's IRIs, near the bottom of the import graph: minted (the only place, templates in
docs/model.md), parsed back, and moved from the canonical base to the deploy base (`rebase`).
Pure functions of their arguments and of the schemes (a region's slug prefix is the notation of
its kind in jenis-wilayah), so the pipeline, the checks, the store and the server all share one
rule instead of restating it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from sotk_kg.instruments import region_kind_named, region_kinds

DEFAULT_BASE = "https://w3id.org/sotk-kg"
# The canonical base where it starts a data IRI: not followed by a character that would continue
# its last path segment ("sotk-kgx"), nor by "/def/" (the ontology and shapes namespaces are fixed:
# they do not follow the base, docs/model.md).
_CANONICAL_BASE = re.compile(re.escape(DEFAULT_BASE) + r"(?![\w.~%-])(?!/def/)")

NATIONAL = "id"  # yurisdiksi of national acts


def rebase(text: str, base: str) -> str:
    """`text` (an IRI, or SPARQL / RDF text) with the data IRIs of the canonical base
    `DEFAULT_BASE`, which the files are built with, moved to the deploy base `base`. The one rule
    of "canonical base -> deploy base": the loader applies it to the data, the server to the
    example queries."""
    base = base.rstrip("/")
    if base == DEFAULT_BASE or DEFAULT_BASE not in text:
        return text
    return _CANONICAL_BASE.sub(lambda _: base, text)


def read_rebased(path: Path, base: str) -> str:
    """A UTF-8 text file of the repository (RDF, SPARQL) as served under the deploy base."""
    return rebase(path.read_text(encoding="utf-8"), base)


def slugify(text: str) -> str:
    """Lower case ASCII words joined by '-': "Sub Bagian Umum" -> "sub-bagian-umum"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make a slug of {text!r}")
    return slug


def region_slug(region_name: str) -> str:
    """ "Kabupaten Bekasi" -> "kab-bekasi"; "Kota Sukamaju" -> "kota-sukamaju"."""
    first, _, rest = region_name.strip().partition(" ")
    region = region_kind_named(first)
    if region is None or not rest:
        names = "/".join(r.name for r in region_kinds())
        raise ValueError(f"not a region name ({names} ...): {region_name!r}")
    return f"{region.notation}-{slugify(rest)}"


def region_name(slug: str) -> str:
    """The inverse of `region_slug` up to spelling: "kab-tanah-bumbu" -> "Kabupaten Tanah Bumbu"."""
    prefix, _, rest = slug.partition("-")
    kind = next((r.name for r in region_kinds() if r.notation == prefix), None)
    if kind is None or not rest:
        prefixes = "|".join(r.notation for r in region_kinds())
        raise ValueError(f"not a region slug ({prefixes}-<name>, e.g. kab-bekasi): {slug!r}")
    return " ".join([kind, *(w.capitalize() for w in rest.split("-"))])


@dataclass(frozen=True)
class WorkId:
    """What identifies a regulation: the parts of its ELI path."""

    jenis: str  # "perbup"
    yurisdiksi: str  # "kab-bekasi" or "id"
    tahun: str  # "2021"
    nomor: str  # "99", "050-3708"

    @property
    def path(self) -> str:
        return f"{self.jenis}/{self.yurisdiksi}/{self.tahun}/{slugify(self.nomor)}"

    @property
    def file_stem(self) -> str:
        return self.path.replace("/", "-")


# A work named on the command line whose year or number its text does not state (an excerpt):
# "unknown" in their place, which no real year (four digits) or number (it starts with a digit)
# can be; the number may carry a suffix ("unknown-kecamatan") to keep two such excerpts apart.
UNKNOWN = "unknown"
_SLUG_RE = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_WORK_ARG = re.compile(
    rf"^(?P<jenis>[a-z]+(?:-[a-z]+)*)/(?P<yurisdiksi>{_SLUG_RE})/"
    rf"(?P<tahun>\d{{4}}|{UNKNOWN})/(?P<nomor>\d[0-9a-z]*(?:-[0-9a-z]+)*|{UNKNOWN}(?:-{_SLUG_RE})?)$"
)


def is_unknown(part: str) -> bool:
    """Is a work's `tahun` or `nomor` the placeholder of an unknown one?"""
    return part == UNKNOWN or part.startswith(f"{UNKNOWN}-")


def work_from_path(path: str) -> WorkId:
    """A work as its IRI path writes it, "perbup/kab-tanah-bumbu/2022/33" (`WorkId.path`), or with
    an unknown year and number, "perbup/kab-tanah-bumbu/unknown/unknown"; ValueError saying what is
    wrong otherwise."""
    m = _WORK_ARG.match(path.strip().strip("/"))
    if m is None:
        raise ValueError(
            f"expected JENIS/REGION/YEAR/NUMBER as in a work's IRI, e.g. perbup/kab-bekasi/2021/99 "
            f"(YEAR four digits or {UNKNOWN}, NUMBER a slug starting with a digit, or {UNKNOWN} "
            f"optionally followed by -<slug>): {path!r}"
        )
    region_name(m["yurisdiksi"])  # a region slug, or ValueError
    return WorkId(m["jenis"], m["yurisdiksi"], m["tahun"], m["nomor"])


# A work's IRI path, then the provision path below it (`Iris.work`, `Iris.provision`).
_WORK_PATH = re.compile(r"/eli/id/([^/]+)/([^/]+)/([^/]+)/([^/]+)(?:/(.*))?$")


def parse_work(iri: str) -> tuple[WorkId, str] | None:
    """The inverse of `Iris.work` / `Iris.provision` under any base: the regulation and the
    provision path ("" for the work itself) of an IRI, or None when it is not one of them.
    `nomor` comes back as its slug, which mints the same IRI."""
    match = _WORK_PATH.search(iri)
    if not match:
        return None
    jenis, yurisdiksi, tahun, nomor, provision_path = match.groups()
    return WorkId(jenis, yurisdiksi, tahun, nomor), (provision_path or "").strip("/")


@dataclass(frozen=True)
class Iris:
    """Mints every IRI below one base (no trailing slash)."""

    base: str

    def _iri(self, path: str) -> URIRef:
        return URIRef(f"{self.base.rstrip('/')}/{path}")

    # -- legislation --------------------------------------------------------------------
    def work(self, w: WorkId) -> URIRef:
        return self._iri(f"eli/id/{w.path}")

    def expression(self, w: WorkId) -> URIRef:
        return URIRef(f"{self.work(w)}/ind")

    def text_format(self, w: WorkId, extension: str = "txt") -> URIRef:
        """The Indonesian text as a file: `/ind/txt`, or `/ind/pdf` when a PDF was built from."""
        return URIRef(f"{self.work(w)}/ind/{extension}")

    def provision(self, w: WorkId, path: str) -> URIRef:
        """`path` is the provision path, e.g. "pasal/7/ayat/1/huruf/b"."""
        return URIRef(f"{self.work(w)}/{path}")

    def document(self, jenis: str, nomor: str) -> URIRef:
        """A cited document without a year (e.g. a Surat Menteri)."""
        return self._iri(f"id/dokumen/{jenis}/{slugify(nomor)}")

    def graph(self, w: WorkId) -> URIRef:
        return self._iri(f"graph/{w.path}")

    def activity(self, w: WorkId) -> URIRef:
        return self._iri(f"activity/build/{w.path}")

    # -- organisation -------------------------------------------------------------------
    def region(self, yurisdiksi: str) -> URIRef:
        return self._iri(f"id/org/{yurisdiksi}")

    def perangkat_daerah(self, yurisdiksi: str, name_without_region: str) -> URIRef:
        return self._iri(f"id/org/{yurisdiksi}/{slugify(name_without_region)}")

    def unit(self, perangkat_daerah: URIRef, unit_name: str) -> URIRef:
        return URIRef(f"{perangkat_daerah}/{slugify(unit_name)}")

    def region_post(self, yurisdiksi: str, post_name: str) -> URIRef:
        return self._iri(f"id/post/{yurisdiksi}/{slugify(post_name)}")

    def post(self, yurisdiksi: str, pd_name_without_region: str, post_name: str) -> URIRef:
        return self._iri(
            f"id/post/{yurisdiksi}/{slugify(pd_name_without_region)}/{slugify(post_name)}"
        )

    def person(self, yurisdiksi: str, name: str) -> URIRef:
        """Scoped by the region whose regulation names the person: a name alone does not tell
        two officials apart (issue 14), a region and a name do for the signatories we mint."""
        return self._iri(f"id/orang/{yurisdiksi}/{slugify(name)}")

    # -- facts derived from provisions ----------------------------------------------------
    def duty(self, w: WorkId, provision_path: str) -> URIRef:
        return self._iri(f"id/tugas/{w.path}/{provision_path}")

    def kewenangan_scheme(self, w: WorkId) -> URIRef:
        return self._iri(f"id/kewenangan/{w.path}")

    def kewenangan(self, w: WorkId, provision_path: str) -> URIRef:
        return self._iri(f"id/kewenangan/{w.path}/{provision_path}")

    def obligation(self, w: WorkId, provision_path: str) -> URIRef:
        return self._iri(f"id/kewajiban/{w.path}/{provision_path}")

    def reporting_line(self, w: WorkId, provision_path: str, n: int | None = None) -> URIRef:
        suffix = "" if n is None else f"/{n}"
        return self._iri(f"id/hubungan/{w.path}/{provision_path}{suffix}")

    def grade_rule(self, w: WorkId, provision_path: str) -> URIRef:
        return self._iri(f"id/aturan-jenjang/{w.path}/{provision_path}")

    def definition_scheme(self, w: WorkId) -> URIRef:
        return self._iri(f"id/definisi/{w.path}")

    def definition(self, w: WorkId, key: str) -> URIRef:
        return self._iri(f"id/definisi/{w.path}/{slugify(key)}")

    # -- shared concepts --------------------------------------------------------------------
    def scheme(self, scheme: str) -> URIRef:
        return self._iri(f"id/concept/{scheme}")

    def concept(self, scheme: str, notation: str) -> URIRef:
        return self._iri(f"id/concept/{scheme}/{notation}")

    def grade(self, notation: str) -> URIRef:
        """Both functional-grade ladders share one namespace."""
        return self.concept("jenjang-jabatan-fungsional", notation)

    def wilayah(self, yurisdiksi: str) -> URIRef:
        return self.concept("wilayah", yurisdiksi)
