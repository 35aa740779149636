"""HTTP content negotiation (RFC 9110 §12.5.1) and the media types the server speaks.

`negotiate` picks one of the offered media types for an Accept header: q-values, `type/*` and
`*/*` wildcards, `q=0` as "not acceptable", and the most specific matching range deciding the
q-value of a type (so `text/*;q=0, text/turtle` still accepts Turtle). Ties keep the server's
order of preference, i.e. the order of `offered`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# SPARQL query results (SELECT/ASK): media type -> short format name (also the `format` parameter).
RESULTS_FORMATS: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
# Aliases clients send for results; answered with the canonical type of the same format.
RESULTS_ALIASES: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}

# RDF graphs (CONSTRUCT/DESCRIBE, linked-data pages, dumps): media type -> short format name.
GRAPH_FORMATS: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
GRAPH_ALIASES: dict[str, str] = {
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
}

# `format=` short names a browser can put in a URL, per kind of answer.
RESULTS_FORMAT_PARAM: dict[str, str] = {
    **{name: mt for mt, name in RESULTS_FORMATS.items()},
    "srj": "application/sparql-results+json",
    "srx": "application/sparql-results+xml",
}
GRAPH_FORMAT_PARAM: dict[str, str] = {
    **{name: mt for mt, name in GRAPH_FORMATS.items()},
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}

# Parameters that say nothing about the format itself.
_IGNORED_PARAMS = frozenset({"q", "charset"})


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    q: float

    def matches(self, mtype: str, msub: str, mparams: dict[str, str]) -> bool:
        if self.type != "*" and self.type != mtype:
            return False
        if self.subtype != "*" and self.subtype != msub:
            return False
        return all(mparams.get(k) == v for k, v in self.params)

    @property
    def specificity(self) -> tuple[int, int, int]:
        return (self.type != "*", self.subtype != "*", len(self.params))


def _split_media_type(text: str) -> tuple[str, str, dict[str, str]] | None:
    parts = [p.strip() for p in text.split(";")]
    full = parts[0].lower()
    if full == "*":  # some old clients send a bare "*"
        full = "*/*"
    if full.count("/") != 1:
        return None
    mtype, msub = (x.strip() for x in full.split("/"))
    if not mtype or not msub or (mtype == "*" and msub != "*"):
        return None
    params: dict[str, str] = {}
    for p in parts[1:]:
        if "=" not in p:
            continue
        k, v = p.split("=", 1)
        params[k.strip().lower()] = v.strip().strip('"')
    return mtype, msub, params


def parse_accept(accept: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed entries are skipped, a bad q counts as 1."""
    ranges: list[MediaRange] = []
    for item in _split_outside_quotes(accept):
        parsed = _split_media_type(item)
        if parsed is None:
            continue
        mtype, msub, params = parsed
        try:
            q = float(params.get("q", "1"))
        except ValueError:
            q = 1.0
        q = min(max(q, 0.0), 1.0)
        kept = tuple(sorted((k, v) for k, v in params.items() if k not in _IGNORED_PARAMS))
        ranges.append(MediaRange(mtype, msub, kept, q))
    return ranges


def _split_outside_quotes(header: str) -> list[str]:
    items, buf, quoted = list[str](), list[str](), False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            items.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    items.append("".join(buf))
    return [i.strip() for i in items if i.strip()]


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The q-value the most specific matching range gives `media_type` (0 when none matches)."""
    parsed = _split_media_type(media_type)
    if parsed is None:
        return 0.0
    mtype, msub, mparams = parsed
    best: MediaRange | None = None
    for r in ranges:
        if r.matches(mtype, msub, mparams) and (best is None or r.specificity > best.specificity):
            best = r
    return best.q if best else 0.0


def negotiate(accept: str | None, offered: Sequence[str], default: str) -> str | None:
    """The offered media type the client prefers, `default` when it states no preference
    (no or empty Accept), or None when nothing offered is acceptable (answer 406)."""
    if accept is None or not accept.strip():
        return default
    ranges = parse_accept(accept)
    if not ranges:  # only garbage: treat like no preference rather than refuse
        return default
    best, best_q = None, 0.0
    # The default goes first so that `*/*` and equal q-values pick it.
    ordered = [default, *[o for o in offered if o != default]] if default in offered else offered
    for candidate in ordered:
        q = quality(ranges, candidate)
        if q > best_q:
            best, best_q = candidate, q
    return best


def negotiate_with_aliases(
    accept: str | None, offered: Sequence[str], default: str, aliases: dict[str, str]
) -> str | None:
    """Like `negotiate`, but an alias type the client names (e.g. `application/json`) counts
    for its canonical type; the canonical type is returned."""
    extended = list(offered) + [a for a, canon in aliases.items() if canon in offered]
    chosen = negotiate(accept, extended, default)
    if chosen is None:
        return None
    return aliases.get(chosen, chosen) if chosen not in offered else chosen
