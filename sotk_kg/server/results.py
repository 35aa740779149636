"""Serialise query answers (pyoxigraph terms) in the SPARQL results and RDF formats.

Written here rather than with `QuerySolutions.serialize` because the row cap must be applied
while iterating, and the same code serves the embedded store and the remote endpoint.

Every answer is a well-formed document of its format, or `NotRepresentable`: the endpoint then
answers 406 with its message, which names the term and the formats that can carry it (the
client can ask again for one of those; the query itself was fine). A query can make any string:
- XML 1.0 cannot carry U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+FFFE, U+FFFF or a lone
  surrogate, not even as a character reference: SPARQL XML results and RDF/XML refuse a term
  holding one. JSON, TSV, Turtle and N-Triples escape them (`\\u0001`); CSV cells are plain
  text and carry them as they are. A CR is written `&#13;` in XML (read back as LF otherwise).
- RDF/XML writes each predicate, and the class of a typed node, as an element name: a namespace
  and an XML NCName. An IRI with no such split (`<http://x/123>`: a name cannot start with a
  digit) is refused; a blank node whose label is no NCName (rdf:nodeID) is renamed, a label
  only naming a node within one document.
- Base directions (RDF 1.2 `"x"@en--rtl`) are kept: `its:dir` in both SPARQL results formats
  (SPARQL 1.2 results drafts), `@en--rtl` in TSV, Turtle and N-Triples, `@direction` in JSON-LD,
  `its:dir` in RDF/XML. CSV drops them, as it drops language tags and datatypes, by design.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from sotk_kg.namespaces import PREFIXES
from sotk_kg.server.negotiation import GRAPH_FORMATS, RESULTS_FORMATS

if TYPE_CHECKING:
    from sotk_kg.engine import Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ITS = "http://www.w3.org/2005/11/its"
_RDF_TYPE = ox.NamedNode(RDF + "type")

Row = Sequence["ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None"]

# Characters XML 1.0 cannot carry, not even as character references (XML 1.0 §2.2, `Char`).
NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The C0 ones as UTF-8 bytes, as Oxigraph writes them (no surrogate is valid UTF-8).
_NOT_XML_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])

# XML 1.0 (fifth edition) names without ':' (Namespaces in XML: NCName), as Oxigraph reads them.
_NAME_START = (
    "A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + "\\-.0-9\xb7\u0300-\u036f\u203f\u2040"
_NAME_START_CHAR = re.compile(f"[{_NAME_START}]")
_NAME_CHARS = re.compile(f"[{_NAME_CHAR}]*")
_NCNAME = re.compile(f"[{_NAME_START}][{_NAME_CHAR}]*")
# No element may be named in this namespace (Namespaces in XML §3), no node element after an
# RDF/XML old term, no property element after a syntax term either (RDF/XML §7.2; rdf:li would
# be read back as rdf:_1); Oxigraph writes rdf:Description for a class among the others.
_XMLNS = "http://www.w3.org/2000/xmlns/"
_RDF_OLD_TERMS = frozenset(RDF + name for name in ("aboutEach", "aboutEachPrefix", "bagID"))
_RDF_SYNTAX_TERMS = ("RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype")
_RDF_NOT_PROPERTIES = _RDF_OLD_TERMS | {RDF + n for n in (*_RDF_SYNTAX_TERMS, "Description", "li")}

_RESULTS_XML = "application/sparql-results+xml"
_RDF_XML = "application/rdf+xml"
# What to suggest instead: the formats that escape what XML cannot carry.
_RESULTS_ESCAPING = [mt for mt, name in RESULTS_FORMATS.items() if name in ("json", "tsv")]
_GRAPH_OTHERS = [mt for mt in GRAPH_FORMATS if mt != _RDF_XML]


class NotRepresentable(Exception):
    """The negotiated format cannot write a term of the answer; another format can (406)."""


def _refusal(media_type: str, what: str, why: str, instead: Iterable[str]) -> NotRepresentable:
    return NotRepresentable(
        f"the answer cannot be written as {media_type}: {what} {why}; "
        f"ask for {' or '.join(instead)} instead"
    )


def _shown(term: object) -> str:
    """A term for a message: its N-Triples form (escaped, so the message stays plain text)."""
    text = f"<<( {term} )>>" if isinstance(term, ox.Triple) else str(term)
    return text if len(text) <= 200 else text[:200] + "…"


def _strings(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Iterator[str]:
    if isinstance(term, ox.Triple):
        for part in (term.subject, term.predicate, term.object):
            yield from _strings(part)
    elif isinstance(term, ox.Literal):
        yield term.value
        yield term.datatype.value
    else:
        yield term.value


def _not_xml_char(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str | None:
    """The first character of the term XML 1.0 cannot carry, if any."""
    for text in _strings(term):
        if found := NOT_XML_CHAR.search(text):
            return found.group()
    return None


def _cannot_carry(char: str) -> str:
    return f"holds the character U+{ord(char):04X}, which XML 1.0 cannot carry (not even escaped)"


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
        if term.direction is not None:
            out["its:dir"] = term.direction.value
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _json_bytes(doc: object) -> bytes:
    """JSON with the noncharacters U+FFFE and U+FFFF escaped too (JSON allows them raw, but a
    consumer that writes XML cannot take them); `json` already escapes the C0 controls."""
    text = json.dumps(doc, ensure_ascii=False)
    return text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff").encode()


def escape_json_utf8(data: bytes) -> bytes:
    """The same for a JSON document already in UTF-8 (Oxigraph's JSON-LD)."""
    return data.replace("\ufffe".encode(), b"\\ufffe").replace("\uffff".encode(), b"\\uffff")


def _xml_text(text: str) -> str:
    # A raw CR would be read back as LF (XML 1.0 §2.11): written as a reference it stays.
    return escape(text).replace("\r", "&#13;")


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        inner = "".join(f"<{n}>{_xml_term(t)}</{n}>" for n, t in parts.items())
        return f"<triple>{inner}</triple>"
    value = _xml_text(term.value)
    if term.language and term.direction is not None:
        # The form of the SPARQL 1.2 XML results draft: ITS 2.0 `its:dir` beside `xml:lang`.
        return (
            f'<literal xmlns:its="{ITS}" its:version="2.0" xml:lang={quoteattr(term.language)}'
            f" its:dir={quoteattr(term.direction.value)}>{value}</literal>"
        )
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{value}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{value}</literal>"
    return f"<literal>{value}</literal>"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _tsv_value(term: Term | None) -> str:
    """A term as TSV results write it: its Turtle form, escapes included (str() of a term);
    a triple term's str() lacks its `<<( )>>`."""
    if term is None:
        return ""
    return f"<<( {term} )>>" if isinstance(term, ox.Triple) else str(term)


def solutions(variables: Sequence[str], rows: Iterable[Row], fmt: str) -> bytes:
    """SELECT results; fmt is a short name of negotiation.RESULTS_FORMATS. Raises
    NotRepresentable for a term the format cannot write (only XML has such terms)."""
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        return _json_bytes({"head": {"vars": list(variables)}, "results": {"bindings": bindings}})
    if fmt == "xml":
        out = [
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
            "<head>",
            *(f"<variable name={quoteattr(v)}/>" for v in variables),
            "</head>\n<results>",
        ]
        rows = list(rows)
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        doc = "\n".join(out)
        if NOT_XML_CHAR.search(doc):  # one scan of the document; the term is looked for after
            places = (
                (f"?{v} in row {number}", t)
                for number, row in enumerate(rows, 1)
                for v, t in zip(variables, row, strict=True)
            )
            raise _unwritable(_RESULTS_XML, places, _RESULTS_ESCAPING)
        return doc.encode()
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return buf.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_value(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown results format {fmt!r}")


def boolean(value: bool, fmt: str) -> bytes:
    """ASK results. CSV/TSV booleans are not standardised; the common `_askResult` form is used."""
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>\n"
        ).encode()
    if fmt == "csv":
        return f"_askResult\r\n{text}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{text}\n".encode()
    raise ValueError(f"unknown results format {fmt!r}")


COMMON_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "sotk": PREFIXES["sotk"],
}


def triples(
    items: Iterable[ox.Triple], media_type: str, prefixes: dict[str, str] = COMMON_PREFIXES
) -> bytes:
    """A graph in the RDF format of `media_type` (a key of negotiation.GRAPH_FORMATS), with
    `prefixes` where the format has them (Turtle, RDF/XML). Raises NotRepresentable for a graph
    the format cannot write."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"unknown RDF media type {media_type!r}")
    if fmt == ox.RdfFormat.RDF_XML:
        return _rdf_xml(list(items), prefixes)
    try:
        data = ox.serialize(
            items, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None
        )
    except OSError as exc:  # e.g. "JSON-LD does not support RDF 1.2 yet" (triple terms)
        others = [mt for mt in GRAPH_FORMATS if mt != media_type]
        raise _refusal(media_type, "the graph", f"cannot be written ({exc})", others) from exc
    assert data is not None  # serialize returns the bytes when given no output
    return escape_json_utf8(data) if fmt == ox.RdfFormat.JSON_LD else data


def local_name(iri: str) -> str:
    """The longest end of `iri` that is an NCName, "" when none: the local part of the element
    name RDF/XML writes for it (Oxigraph splits IRIs so)."""
    name = _NAME_CHARS.match(iri[::-1])  # matches always: the pattern takes zero characters too
    run = len(name.group()) if name else 0
    tail = iri[len(iri) - run :]
    start = _NAME_START_CHAR.search(tail)
    return tail[start.start() :] if start else ""


def _element_name_problem(iri: str, role: str) -> str | None:
    """Why RDF/XML cannot name an element after `iri` (a "predicate" or a "class"), None when
    it can."""
    local = local_name(iri)
    if not local:
        return (
            "has no end that is an XML name (namespace + NCName; a name cannot start with a "
            "digit, '-' or '.')"
        )
    if iri[: -len(local)] == _XMLNS or iri in (
        _RDF_NOT_PROPERTIES if role == "predicate" else _RDF_OLD_TERMS
    ):
        return "is reserved by XML or RDF/XML"
    return None


@dataclass
class _GraphNames:
    """What the RDF/XML writer turns into names, read in one pass over the triples: element
    names (IRI -> (number of the triple that first uses it, role)) and blank node labels."""

    elements: dict[str, tuple[int, str]] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)

    def read(self, items: list[ox.Triple]) -> _GraphNames:
        previous = None
        for number, triple in enumerate(items, 1):
            subject, predicate, obj = triple.subject, triple.predicate, triple.object
            # The writer names the node element after the class when the first triple of a run
            # of one subject is an rdf:type.
            if subject != previous and predicate == _RDF_TYPE and isinstance(obj, ox.NamedNode):
                self.elements.setdefault(obj.value, (number, "class"))
            previous = subject
            self.add(number, subject, predicate, obj)
        return self

    def add(self, number: int, subject: object, predicate: ox.NamedNode, obj: object) -> None:
        self.elements.setdefault(predicate.value, (number, "predicate"))
        for node in (subject, obj):
            if isinstance(node, ox.BlankNode):
                self.labels.add(node.value)
            elif isinstance(node, ox.Triple):  # a triple term: written nested, rdf:Description
                self.add(number, node.subject, node.predicate, node.object)


def _renamed(items: list[ox.Triple], labels: set[str]) -> list[ox.Triple]:
    """The triples with the blank nodes of `labels` renamed, consistently (fresh labels start
    with a letter: NCNames)."""
    fresh = {label: ox.BlankNode() for label in labels}

    # Any: a term comes back as the same kind it went in, which the stubs' unions cannot say.
    def node(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return fresh.get(term.value, term)
        if isinstance(term, ox.Triple):
            return ox.Triple(node(term.subject), term.predicate, node(term.object))
        return term

    return [node(t) for t in items]


def _has_not_xml_utf8(data: bytes) -> bool:
    return (
        len(data.translate(None, _NOT_XML_BYTES)) != len(data)
        or "\ufffe".encode() in data
        or "\uffff".encode() in data
    )


def _rdf_xml(items: list[ox.Triple], prefixes: dict[str, str]) -> bytes:
    names = _GraphNames().read(items)
    for iri, (number, role) in names.elements.items():
        if problem := _element_name_problem(iri, role):
            what = f"the {role} <{iri}> of triple {number}"
            why = f"{problem}, and RDF/XML writes it as an element name"
            raise _refusal(_RDF_XML, what, why, _GRAPH_OTHERS)
    # rdf:nodeID takes an NCName; a label only names a node within one document.
    if unnamed := {label for label in names.labels if not _NCNAME.fullmatch(label)}:
        items = _renamed(items, unnamed)
    try:
        data = ox.serialize(items, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    except OSError as exc:  # "RDF/XML reserved syntax term is not allowed as a predicate"
        raise _refusal(_RDF_XML, "the graph", f"cannot be written ({exc})", _GRAPH_OTHERS) from exc
    assert data is not None  # serialize returns the bytes when given no output
    if _has_not_xml_utf8(data):
        places = (
            (f"the {role} of triple {number}", term)
            for number, triple in enumerate(items, 1)
            for role, term in zip(("subject", "predicate", "object"), triple, strict=True)
        )
        raise _unwritable(_RDF_XML, places, _GRAPH_OTHERS)
    # The writer's own line breaks are LF: a CR is in a literal, read back as LF unless escaped.
    return data.replace(b"\r", b"&#13;")


def _unwritable(
    media_type: str, places: Iterable[tuple[str, Term | None]], instead: list[str]
) -> NotRepresentable:
    """The refusal naming the first (where, term) of `places` whose term XML cannot carry."""
    for where, term in places:
        if term is not None and (char := _not_xml_char(term)):
            return _refusal(media_type, f"{where} ({_shown(term)})", _cannot_carry(char), instead)
    return _refusal(media_type, "a term", "holds a character XML 1.0 cannot carry", instead)
