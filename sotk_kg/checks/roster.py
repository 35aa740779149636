"""Staffing rosters (CSV, or RDF with ORG memberships) turned into triples the roster shapes read.

A roster row says who holds which post, as which kind of official (jenis jabatan), at which grade
(jenjang), since when. The row's words are matched onto the published structure and the ontology's
schemes (`Vocabulary`): a post by IRI or by its Indonesian name (case-, spacing- and
hyphen-insensitive), a grade by its notation or label, a jenis jabatan by its notation or label.
Names are matched inside the roster's perangkat daerah, settled first (`settle_perangkat_daerah`):
the `perangkat_daerah` column or option when given, else the perangkat daerah of the rows whose
name matches one post only; so a roster's result does not depend on which other regulations with
the same post names are published. The `unit` column settles names that several units share.
What cannot be matched is kept as text (sotk:postName, sotk:jenjangText, sotk:jenisJabatanText),
and a name that fits several posts keeps them as sotk:postCandidate, so that a shape reports it on
its row instead of this module failing. Roster data is personal data: the triples live only in the
in-memory store of one validation call (IRIs `urn:sotk-roster:...`), never in the published graph.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote

import pyoxigraph as ox

from sotk_kg.checks import nip as nip_rules
from sotk_kg.checks.errors import UnusableInput
from sotk_kg.engine import Term, select
from sotk_kg.namespaces import SOTK as SOTK_TERMS

SOTK = str(SOTK_TERMS)
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")

REQUIRED_COLUMNS = ("nama", "nip", "jabatan", "jenis_jabatan")
CSV_HEADER = "nama,nip,jabatan,unit,jenis_jabatan,jenjang,mulai[,selesai][,perangkat_daerah]"
CSV_HELP = (
    f"CSV rosters (separated by ; or , detected; or .xlsx, its first sheet): UTF-8, first "
    f"line is the header {CSV_HEADER} (any order; nama, nip, jabatan "
    "and jenis_jabatan are required). jabatan = the post's IRI or its Indonesian name; unit = the "
    "unit's name, to tell apart posts of the same name; jenis_jabatan = struktural | fungsional | "
    'pelaksana; jenjang = grade notation or label (ahli-muda, "Ahli Muda", penyelia ...); '
    "mulai/selesai = YYYY-MM-DD; perangkat_daerah = IRI or name of the Dinas/Badan whose posts "
    "the names are (else settled from the rows that name one post only)."
)

_PREFIXES = (
    f"PREFIX sotk: <{SOTK}> PREFIX org: <{ORG}> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX time: <http://www.w3.org/2006/time#> "
)


# cached: a roster row names a dozen terms, and 50,000 rows would make 1,750,000 of them
@cache
def sotk(term: str) -> ox.NamedNode:
    return ox.NamedNode(SOTK_TERMS[term])  # an undeclared term fails here


@cache
def org(term: str) -> ox.NamedNode:
    return ox.NamedNode(ORG + term)


@cache
def foaf(term: str) -> ox.NamedNode:
    return ox.NamedNode(FOAF + term)


def normalise_words(text: str) -> str:
    """Case-, spacing- and hyphen-insensitive form of a name: 'Ahli  Muda' == 'ahli-muda'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[-_]", " ", text).split())


def _organisation_key(text: str) -> str:
    """A name without punctuation: 'Dinas Koperasi, UKM' == 'dinas koperasi ukm'."""
    return normalise_words(re.sub(r"[,.;:()]", " ", text))


@dataclass(frozen=True)
class PostMatch:
    """What a roster's post name matched: one post, several (ambiguous) or none (unknown)."""

    post: str | None
    candidates: tuple[str, ...] = ()


@dataclass
class Vocabulary:
    """What roster words are matched against: the posts of the structure, grades, jenis jabatan."""

    posts: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    post_iris: set[str] = field(default_factory=set)
    post_pd: dict[str, frozenset[str]] = field(default_factory=dict)  # post -> perangkat daerah
    pd_names: dict[str, set[str]] = field(default_factory=dict)  # name key -> perangkat daerah
    grades: dict[str, str] = field(default_factory=dict)
    jenis: dict[str, str] = field(default_factory=dict)
    post_labels: dict[str, str] = field(default_factory=dict)  # post -> its Indonesian name
    grade_labels: dict[str, str] = field(default_factory=dict)  # grade -> its Indonesian name

    @classmethod
    def from_store(cls, store: ox.Store, base: str) -> Vocabulary:
        vocab = cls()
        units: dict[str, set[str]] = defaultdict(set)
        names: dict[str, set[str]] = defaultdict(set)
        pds: dict[str, set[str]] = defaultdict(set)
        for row in select(
            store,
            _PREFIXES
            + """
            SELECT ?post ?name ?unit ?unitName ?isPd WHERE {
              ?post a org:Post .
              { ?post skos:prefLabel ?name } UNION { ?post rdfs:label ?name }
              FILTER(LANG(?name) = "id" || LANG(?name) = "")
              OPTIONAL {
                ?post org:postIn/org:subOrganizationOf* ?unit .
                { ?unit skos:prefLabel ?unitName } UNION { ?unit rdfs:label ?unitName }
                FILTER(LANG(?unitName) = "id" || LANG(?unitName) = "")
                BIND(EXISTS { ?unit a sotk:PerangkatDaerah } AS ?isPd)
              }
            }""",
        ):
            post = row["post"].value
            vocab.post_iris.add(post)
            vocab.post_labels.setdefault(post, row["name"].value)
            names[normalise_words(row["name"].value)].add(post)
            if row["unitName"] is None:
                continue
            units[post].add(normalise_words(row["unitName"].value))
            if row["isPd"].value == "true":  # the perangkat daerah the post belongs to
                pds[post].add(row["unit"].value)
                key = _organisation_key(row["unitName"].value)
                vocab.pd_names.setdefault(key, set()).add(row["unit"].value)
        for name, posts in names.items():
            vocab.posts[name] = [(p, frozenset(units[p])) for p in sorted(posts)]
        vocab.post_pd = {post: frozenset(found) for post, found in pds.items()}
        for row in select(
            store,
            _PREFIXES
            + """
            SELECT ?grade ?word ?label WHERE {
              ?grade sotk:rank ?rank .
              { ?grade skos:notation ?word } UNION { ?grade skos:prefLabel ?word }
              OPTIONAL { ?grade skos:prefLabel ?label . FILTER(LANG(?label) = "id") }
            }""",
        ):
            vocab.grades[normalise_words(row["word"].value)] = row["grade"].value
            if row["label"] is not None:
                vocab.grade_labels[row["grade"].value] = row["label"].value
        scheme = f"{base}/id/concept/jenis-jabatan"
        for row in select(
            store,
            _PREFIXES
            + f"""
            SELECT ?kind ?word WHERE {{
              ?kind skos:inScheme <{scheme}> .
              {{ ?kind skos:notation ?word }} UNION {{ ?kind skos:prefLabel ?word }}
            }}""",
        ):
            vocab.jenis[normalise_words(row["word"].value)] = row["kind"].value
        return vocab

    def match_post(
        self, name: str, unit: str = "", within: frozenset[str] = frozenset()
    ) -> PostMatch:
        """The post of that name: inside the perangkat daerah `within` (when given), then in
        that unit (when given and the name is still shared)."""
        candidates = self.posts.get(normalise_words(name), [])
        if within:
            candidates = [c for c in candidates if self.post_pd.get(c[0], frozenset()) & within]
        if len(candidates) > 1 and unit.strip():
            wanted = normalise_words(unit)
            candidates = [c for c in candidates if wanted in c[1]] or candidates
        if len(candidates) == 1:
            return PostMatch(candidates[0][0])
        return PostMatch(None, tuple(c[0] for c in candidates))

    def resolve_perangkat_daerah(self, text: str) -> str | None:
        """A perangkat daerah by IRI or by name (punctuation-insensitive; a unique prefix of
        its full name, e.g. without the region, will do)."""
        if text in self.pd_iris():
            return text
        key = _organisation_key(text)
        found = self.pd_names.get(key) or {
            pd for name, pds in self.pd_names.items() if name.startswith(key + " ") for pd in pds
        }
        return next(iter(found)) if len(found) == 1 else None

    def pd_iris(self) -> set[str]:
        return {pd for pds in self.pd_names.values() for pd in pds}

    def resolve_jenis(self, text: str) -> str | None:
        word = normalise_words(text)
        return self.jenis.get(word) or self.jenis.get(f"jabatan {word}")

    def resolve_grade(self, text: str) -> str | None:
        return self.grades.get(normalise_words(text))

    def closest_post(self, name: str, within: frozenset[str] = frozenset()) -> str | None:
        """The name of the post (inside `within`, when given) closest to a name that fits
        none: what a person most likely meant."""
        labels = {
            normalise_words(label): label
            for post, label in self.post_labels.items()
            if not within or self.post_pd.get(post, frozenset()) & within
        }
        return _closest(name, labels)

    def closest_grade(self, text: str) -> str | None:
        labels = {normalise_words(label): label for label in self.grade_labels.values()}
        return _closest(text, labels)


def _closest(text: str, labels: dict[str, str]) -> str | None:
    """difflib's closest key to `text`, if it is a misspelling of it (ratio 0.8: "Pemberdayan"
    for "Pemberdayaan", not "Kepala Seksi" for "Kepala Dinas")."""
    found = difflib.get_close_matches(normalise_words(text), sorted(labels), n=1, cutoff=0.8)
    return labels[found[0]] if found else None


def _looks_like_iri(text: str) -> bool:
    return re.match(r"^https?://", text) is not None


class _RosterWriter:
    """Writes the statements of one roster (one input file) into a store, a chunk at a time: a
    50,000-row roster is 650,000 statements, which as Python objects held at once took 270 MB
    beside the store."""

    CHUNK = 10_000

    def __init__(
        self,
        key: str,
        file: str,
        vocab: Vocabulary,
        complete: bool,
        store: ox.Store,
        roster: ox.NamedNode | ox.BlankNode | ox.Triple | None = None,
    ) -> None:
        self.prefix = f"urn:sotk-roster:{key}"
        self.vocab = vocab
        self.store = store
        self.pending: list[ox.Quad] = []
        self.roster = roster or ox.NamedNode(self.prefix)
        self.add(self.roster, RDF_TYPE, sotk("Roster"))
        self.add(self.roster, RDFS_LABEL, ox.Literal(file))
        if complete:
            self.add(self.roster, sotk("rosterComplete"), ox.Literal("true", datatype=XSD_BOOLEAN))

    def add(self, s: ox.NamedNode | ox.BlankNode | ox.Triple, p: ox.NamedNode, o: Term) -> None:
        self.pending.append(ox.Quad(s, p, o))
        if len(self.pending) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        self.store.extend(self.pending)
        self.pending.clear()

    def person(self, name: str, nip: str) -> ox.NamedNode:
        key = nip or normalise_words(name)
        return ox.NamedNode(f"{self.prefix}:orang:{quote(key, safe='')}")

    def post_words(
        self, m: ox.NamedNode, jabatan: str, match: PostMatch, within: frozenset[str]
    ) -> None:
        post = jabatan if _looks_like_iri(jabatan) else match.post
        if post is not None:
            # not a valid IRI: no sotk:post, and sotksh:MembershipPostShape reports the text
            with contextlib.suppress(ValueError):
                self.add(m, sotk("post"), ox.NamedNode(post))
        elif len(match.candidates) > 1:  # sotksh:MembershipPostAmbiguousShape reports it
            for candidate in match.candidates:
                self.add(m, sotk("postCandidate"), ox.NamedNode(candidate))
        elif jabatan:  # unknown: sotksh:MembershipPostShape says what was likely meant
            suggestion = self.vocab.closest_post(jabatan, within)
            if suggestion is not None:
                self.add(m, sotk("suggestedPostName"), ox.Literal(suggestion, language="id"))
        self.add(m, sotk("postName"), ox.Literal(jabatan))

    def jenis_words(self, m: ox.NamedNode, text: str) -> None:
        kind = self.vocab.resolve_jenis(text) if text else None
        if kind is not None:
            self.add(m, sotk("jenisJabatan"), ox.NamedNode(kind))
        if text:
            self.add(m, sotk("jenisJabatanText"), ox.Literal(text))

    def grade_words(self, m: ox.NamedNode, text: str) -> None:
        grade = self.vocab.resolve_grade(text) if text else None
        if grade is not None:
            self.add(m, sotk("jenjang"), ox.NamedNode(grade))
        if text:
            self.add(m, sotk("jenjangText"), ox.Literal(text))
        if text and grade is None:
            suggestion = self.vocab.closest_grade(text)
            if suggestion is not None:
                self.add(m, sotk("suggestedGradeName"), ox.Literal(suggestion, language="id"))

    def date(self, m: ox.NamedNode, prop: str, text: str) -> None:
        if not text:
            return
        try:
            dt.date.fromisoformat(text)
            literal = ox.Literal(text, datatype=XSD_DATE)
        except ValueError:
            literal = ox.Literal(text)  # kept as text: sotksh:Membership-start reports it
        self.add(m, sotk(prop), literal)


def roster_from_table(
    table: list[tuple[int, list[str]]],
    file: str,
    vocab: Vocabulary,
    key: str,
    store: ox.Store,
    complete: bool = False,
    perangkat_daerah: str | None = None,
) -> None:
    """Load a roster given as (line, cells) of a CSV file or a spreadsheet, header first, into
    `store`. A bad header, a broken line, a roster without rows or an unknown perangkat daerah
    is UnusableInput; bad values are not (the shapes report them on their row)."""
    rows = _rows(table, file)
    given = _given_perangkat_daerah(rows, perangkat_daerah, vocab, file)
    settled = settle_perangkat_daerah(rows, given, vocab)
    writer = _RosterWriter(key, file, vocab, complete, store)
    for line, row in rows:
        within = frozenset({given[line]}) if line in given else settled
        match = vocab.match_post(row["jabatan"], row.get("unit", ""), within)
        _add_row(writer, row, line, match, within)
    writer.flush()


def detect_delimiter(text: str) -> str:
    """`;` or `,` (or a tab): the one the header line has most of, outside quotes. A spreadsheet
    saves CSV with `;` where the decimal mark is a comma (Indonesian locale)."""
    header = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv(text: str, file: str) -> list[tuple[int, list[str]]]:
    """(line, cells) of every record; a record's line is the one it starts on."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=detect_delimiter(text), strict=True
    )
    table: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            table.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_error(exc, text, start, file) from None
    return table


def _rows(table: list[tuple[int, list[str]]], file: str) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: value}) of every non-blank row, from a table whose first row is the
    header."""
    if not table:
        raise UnusableInput(
            f"empty file; expected the header {CSV_HEADER}",
            file,
            1,
            message_id=f"berkas kosong; baris pertama harus judul kolom {CSV_HEADER}",
        )
    header_line, header = table[0]
    columns = [normalise_words(c).replace(" ", "_") for c in header]
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        names = ", ".join(repeated)
        raise UnusableInput(
            f"column(s) {names} appear more than once in the header",
            file,
            header_line,
            message_id=f"kolom {names} muncul lebih dari sekali pada judul kolom",
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        names = ", ".join(missing)
        raise UnusableInput(
            f"missing column(s) {names}; the header must be {CSV_HEADER}",
            file,
            header_line,
            message_id=f"kolom {names} tidak ada; judul kolom harus {CSV_HEADER}",
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in table[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            raise UnusableInput(
                f"{len(cells)} fields where the header has {len(columns)}",
                file,
                line,
                message_id=f"{len(cells)} kolom, padahal judul kolom ada {len(columns)}",
            )
        rows.append((line, {c: v.strip() for c, v in zip(columns, cells, strict=True)}))
    if not rows:
        raise UnusableInput(
            "no rows: the roster has a header but no one in it",
            file,
            header_line + 1,
            message_id="tidak ada baris: daftar hanya berisi judul kolom, tanpa pegawai",
        )
    return rows


def _csv_error(exc: csv.Error, text: str, start: int, file: str) -> UnusableInput:
    """A csv.Error as UnusableInput; an unclosed quote is named at the line that opens it."""
    if "unexpected end of data" in str(exc):
        line = _open_quote_line(text, start)
        return UnusableInput(
            "unbalanced quote: this quoted field is never closed",
            file,
            line,
            message_id="tanda petik tidak seimbang: kolom bertanda petik ini tidak pernah ditutup",
        )
    return UnusableInput(
        f"unreadable CSV: {exc}", file, start, message_id=f"CSV tidak dapat dibaca ({exc})"
    )


def _open_quote_line(text: str, start: int) -> int:
    """The line of the quote left open in the record that begins on line `start`."""
    line, opened, quoted, at_field_start = start, start, False, True
    chars = text.splitlines(keepends=True)[start - 1 :]
    body = "".join(chars)
    i = 0
    while i < len(body):
        char = body[i]
        if quoted and char == '"' and body[i + 1 : i + 2] == '"':
            i += 1  # an escaped quote inside a quoted field
        elif char == '"' and (quoted or at_field_start):
            quoted = not quoted
            opened = line if quoted else opened
        if char == "\n":
            line += 1
        at_field_start = not quoted and char in ",;\t\n\r"
        i += 1
    return opened


def _given_perangkat_daerah(
    rows: list[tuple[int, dict[str, str]]], option: str | None, vocab: Vocabulary, file: str
) -> dict[int, str]:
    """line -> the perangkat daerah the row (or the whole roster, by option) names."""
    given: dict[int, str] = {}
    for line, row in rows:
        text = row.get("perangkat_daerah") or option or ""
        if not text:
            continue
        found = vocab.resolve_perangkat_daerah(text)
        if found is None:
            where = line if row.get("perangkat_daerah") else None
            raise UnusableInput(
                f"unknown (or ambiguous) perangkat daerah {text!r}: give its IRI or its full name "
                "as published",
                file,
                where,
                message_id=f"perangkat daerah {text!r} tidak dikenal (atau tidak tunggal): "
                "tulis IRI-nya atau nama lengkapnya seperti yang diterbitkan",
            )
        given[line] = found
    return given


def settle_perangkat_daerah(
    rows: list[tuple[int, dict[str, str]]], given: dict[int, str], vocab: Vocabulary
) -> frozenset[str]:
    """The perangkat daerah the roster is about: those named in `given`, and those of the
    rows whose post name (and unit) fits exactly one post of the published structure."""
    settled = set(given.values())
    for line, row in rows:
        if line in given or _looks_like_iri(row["jabatan"]):
            continue
        match = vocab.match_post(row["jabatan"], row.get("unit", ""))
        if match.post is not None:
            settled |= vocab.post_pd.get(match.post, frozenset())
    return frozenset(settled)


def _add_row(
    writer: _RosterWriter, row: dict[str, str], line: int, match: PostMatch, within: frozenset[str]
) -> None:
    m = ox.NamedNode(f"{writer.prefix}:baris:{line}")
    nip = nip_rules.normalise(row["nip"])
    person = writer.person(row["nama"], nip)
    writer.add(writer.roster, sotk("rosterEntry"), m)
    writer.add(m, RDF_TYPE, org("Membership"))
    writer.add(m, sotk("sourceLine"), ox.Literal(str(line), datatype=XSD_INTEGER))
    writer.add(m, org("member"), person)
    writer.add(person, RDF_TYPE, foaf("Person"))
    if row["nama"]:
        writer.add(person, foaf("name"), ox.Literal(row["nama"]))
        # the name as this row gives it: a person is one NIP, which two rows may name differently
        writer.add(m, sotk("memberName"), ox.Literal(row["nama"]))
    if nip:
        writer.add(person, sotk("nip"), ox.Literal(nip))
    writer.post_words(m, row["jabatan"], match, within)
    writer.jenis_words(m, row["jenis_jabatan"])
    writer.grade_words(m, row.get("jenjang", ""))
    writer.date(m, "startDate", row.get("mulai", ""))
    writer.date(m, "endDate", row.get("selesai", ""))


def roster_from_rdf(
    triples: list[ox.Triple],
    file: str,
    vocab: Vocabulary,
    key: str,
    target: ox.Store,
    complete: bool = False,
) -> None:
    """Load an RDF roster into `target`, made uniform: sotk:post from org:organization when that
    is a post, dates from org:memberDuring, grade and jenis jabatan given as text resolved, every
    membership in a roster."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    # the document's own sotk:Roster when it has one, else a new one
    given = sorted(
        (q.subject for q in store.quads_for_pattern(None, RDF_TYPE, sotk("Roster"))), key=str
    )
    writer = _RosterWriter(key, file, vocab, complete, target, given[0] if given else None)
    drop: set[ox.Triple] = set()
    for q in store.quads_for_pattern(None, RDF_TYPE, org("Membership")):
        m = q.subject
        if not any(True for _ in store.quads_for_pattern(None, sotk("rosterEntry"), m)):
            writer.add(writer.roster, sotk("rosterEntry"), m)
        has_post = any(True for _ in store.quads_for_pattern(m, sotk("post"), None))
        for o in store.quads_for_pattern(m, org("organization"), None):
            if (
                not has_post
                and isinstance(o.object, ox.NamedNode)
                and o.object.value in vocab.post_iris
            ):
                writer.add(m, sotk("post"), o.object)
        for prop, text_prop, resolve in (
            ("jenjang", "jenjangText", vocab.resolve_grade),
            ("jenisJabatan", "jenisJabatanText", vocab.resolve_jenis),
        ):
            for o in store.quads_for_pattern(m, sotk(prop), None):
                if isinstance(o.object, ox.Literal):
                    drop.add(ox.Triple(o.subject, o.predicate, o.object))
                    writer.add(m, sotk(text_prop), o.object)
                    found = resolve(o.object.value)
                    if found is not None:
                        writer.add(m, sotk(prop), ox.NamedNode(found))
    for row in select(
        store,
        _PREFIXES
        + """
        SELECT ?m ?start ?end WHERE {
          ?m org:memberDuring ?interval .
          OPTIONAL { ?interval time:hasBeginning/time:inXSDDate ?start }
          OPTIONAL { ?interval time:hasEnd/time:inXSDDate ?end }
        }""",
    ):
        for var, prop in (("start", "startDate"), ("end", "endDate")):
            if row[var] is not None:
                writer.add(row["m"], sotk(prop), row[var])
    writer.flush()
    target.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples if t not in drop)


def is_roster(triples: list[ox.Triple]) -> bool:
    """An RDF document is a roster when it states memberships."""
    membership = org("Membership")
    return any(t.predicate == RDF_TYPE and t.object == membership for t in triples)
