"""Where each IRI lives on this server: the Cool-URIs mapping between things and their documents.

Pattern (W3C "Cool URIs for the Semantic Web", 303 variant): a thing's IRI under the base
(`{base}/id/…`, `{base}/eli/id/…`, `{base}/graph/…`, `{base}/activity/…`) answers 303 See Other
with the URL of the document about it (`/doc/…`, `/eli/doc/…`, `/doc/graph/…`, `/doc/activity/…`),
which is content-negotiated; `/doc/….ttl` (and the other extensions) or `?format=` name one
representation. Ontology terms are hash IRIs in a fixed namespace, served by `/def/…` directly.

Every path here is relative to the server root; the IRI is always `Settings.base` + that path, so a
deployment under another public domain needs no change here.
"""

from __future__ import annotations

from urllib.parse import quote

from sotk_kg.namespaces import PREFIXES, SOTK_ONTOLOGY

# The ontology and shapes namespaces are fixed (docs/model.md): they do not follow the base.
ONTOLOGY_IRI = str(SOTK_ONTOLOGY)
DEF_ROOT = ONTOLOGY_IRI.rsplit("/", 1)[0] + "/"
SOTK_NS = PREFIXES["sotk"]
SHAPES_NS = PREFIXES["sotksh"]

# Thing prefix -> document prefix. The longer document prefixes are listed first for the reverse
# mapping, so `/doc/graph/…` is never read as `/id/graph/…` (`graph` and `activity` are therefore
# reserved as first segments under /id/).
THING_TO_DOC: tuple[tuple[str, str], ...] = (
    ("/eli/id/", "/eli/doc/"),
    ("/graph/", "/doc/graph/"),
    ("/activity/", "/doc/activity/"),
    ("/id/", "/doc/"),
)
DOC_TO_THING: tuple[tuple[str, str], ...] = tuple(
    sorted(((d, t) for t, d in THING_TO_DOC), key=lambda pair: -len(pair[0]))
)

# File extension -> media type of a document representation.
EXTENSIONS: dict[str, str] = {
    "html": "text/html",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "txt": "text/plain",  # a regulation's own text (pages/reading.py), not RDF
}
# The SPARQL editor's page (the home page `/` was the editor before it became a portal).
EDITOR_PATH = "/sparql-editor"
EXTENSION_OF: dict[str, str] = {mt: ext for ext, mt in EXTENSIONS.items()}


def doc_for_thing(path: str) -> str | None:
    """`/id/org/x` -> `/doc/org/x`; None when the path is not a thing IRI's path."""
    for thing, doc in THING_TO_DOC:
        if path.startswith(thing) and len(path) > len(thing):
            return doc + path[len(thing) :]
    return None


def thing_for_doc(path: str) -> str | None:
    """`/doc/org/x` -> `/id/org/x`; None when the path is not a document path."""
    for doc, thing in DOC_TO_THING:
        if path.startswith(doc) and len(path) > len(doc):
            return thing + path[len(doc) :]
    return None


def split_extension(path: str) -> tuple[str, str | None]:
    """(`/doc/x`, `ttl`) for `/doc/x.ttl`; slugs never contain dots, so the last one is a format."""
    head, dot, ext = path.rpartition(".")
    if dot and ext in EXTENSIONS and "/" not in ext:
        return head, ext
    return path, None


class Links:
    """Turns IRIs into links a browser can follow on this server (and back)."""

    def __init__(self, base: str, root_path: str = "") -> None:
        self.base = base.rstrip("/")
        self.root = root_path.rstrip("/")

    def iri(self, path: str) -> str:
        """The IRI whose path on this server is `path`."""
        return self.base + path

    def local_path(self, iri: str) -> str | None:
        """The server path of an IRI minted here (data under the base, or the fixed /def/ space)."""
        if iri.startswith(self.base + "/"):
            return iri[len(self.base) :]
        if iri.startswith(DEF_ROOT):
            return "/def/" + iri[len(DEF_ROOT) :]
        return None

    def href(self, iri: str) -> str:
        """Where a browser should go for an IRI: the document of a local thing, else the IRI."""
        path = self.local_path(iri)
        if path is None:
            return iri
        doc = doc_for_thing(path)
        return self.root + quote(doc or path, safe="/#:-._~")

    def url(self, path: str) -> str:
        """A server path as a link (prefixed with the mount point behind a proxy)."""
        return self.root + path

    def orgchart(self, organisation: str) -> str | None:
        """The standalone SVG chart of an organisation minted here (`/orgchart/{region}/{pd}`)."""
        path = self.local_path(organisation)
        if path is None or not path.startswith("/id/org/"):
            return None
        return self.url("/orgchart" + quote(path[len("/id/org") :], safe="/-._~"))
