"""SPARQL text → the tokens of SPARQL 1.1's grammar (with RDF 1.2 terms) → one canonical text.

The guard must decide on what the engine will run, and a second reader of the same text always
disagrees somewhere (Oxigraph ends a `#` comment at `\\r` as well as `\\n`, reads `SERVICE:x` as the
keyword SERVICE and `:x`, decodes `\\u` escapes inside IRIs). So the user's text is never run: it
is read once, here, and written again in a form that leaves another reader no choice. Each token
stands alone between spaces; comments are gone; prefixed names are written out as full IRIs (the
PREFIX and BASE declarations are then dropped); relative IRIs are resolved; strings are written in
one quoting with one set of escapes; every bare word must be a SPARQL keyword or built-in name.
Line breaks are kept, so that the engine's "error at line:column" can be mapped back onto the
user's text (`Canonical.locate`).

Lexical rules: https://www.w3.org/TR/sparql11-query/#terminals (and the RDF 1.2 drafts for
`<<( )>>`, `~`, `{| |}` and `@lang--dir`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# SPARQL 1.1 §19.8 character classes.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (
    f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_ECHAR = r"\\[tbnrf\"'\\]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_EXPONENT = r"[eE][+-]?[0-9]+"

# Ordered alternatives: the first that matches at a position wins, so longer forms come first.
_TOKEN = re.compile(
    rf"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
              |\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*\"\"\"
              |'(?:[^'\\\r\n]|{_ECHAR}|{_UCHAR})*'
              |"(?:[^"\\\r\n]|{_ECHAR}|{_UCHAR})*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<lt_before_iri><(?=<(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>))
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)
  | (?P<var>[?$]{_VARNAME})
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<number>[+-]?(?:[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}
                      |[0-9]*\.[0-9]+|[0-9]+))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct><<\(|\)>>|<<|>>|\{{\||\|}}|\^\^|&&|\|\||!=|<=|>=|[{{}}()\[\].,;*=<>!+\-/^|?~])
    """,
    re.VERBOSE,
)

# Every bare word SPARQL 1.1 Query and Update know (plus Oxigraph's RDF 1.2 and extension
# functions): a word outside this set is a syntax error, and refusing it here means no word can
# hide a keyword the engine would find inside it.
QUERY_WORDS = frozenset(
    """
    BASE PREFIX VERSION SELECT CONSTRUCT DESCRIBE ASK FROM NAMED WHERE ORDER BY ASC DESC LIMIT
    OFFSET DISTINCT REDUCED AS GROUP HAVING VALUES UNDEF OPTIONAL GRAPH SERVICE SILENT BIND MINUS
    FILTER UNION LATERAL NOT IN EXISTS A TRUE FALSE
    COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR
    STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN
    UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS
    MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF
    STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE
    TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE LANGDIR STRLANGDIR HASLANG HASLANGDIR ADJUST
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
UPDATE_WORDS = frozenset(
    """
    INSERT DELETE LOAD CLEAR DROP CREATE ADD MOVE COPY WITH DATA USING DEFAULT ALL TO INTO
    """.split()  # noqa: SIM905
)
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE_OR_UCHAR = re.compile(rf"{_ECHAR}|{_UCHAR}")
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_PLX_ESCAPE = re.compile(r"\\(.)")
_ENGINE_POSITION = re.compile(r"\bat (\d+):(\d+)")


class SparqlSyntaxError(ValueError):
    """Text that is not SPARQL; `line` and `column` (1-based) say where in the user's text."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"SPARQL syntax error at line {line}, column {column}: {message}")
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, langtag, var, bnode, number, word, punct
    text: str  # canonical spelling (a word upper-cased, a prefixed name as <full IRI>)
    value: str  # an IRI or a string's decoded value; the text otherwise
    offset: int  # where it starts in the user's text
    end: int  # where it ends there


@dataclass(frozen=True)
class Canonical:
    """The tokens of a query and the one text they are written as."""

    source: str
    tokens: tuple[Token, ...]
    text: str
    starts: tuple[int, ...]  # where each token starts in `text`

    def locate(self, message: str) -> str:
        """An engine error message about `text` with its positions moved onto the user's text."""

        def moved(match: re.Match[str]) -> str:
            at = _offset_of(self.text, int(match.group(1)), int(match.group(2)))
            index = max(0, _last_at_or_before(self.starts, at))
            if not self.tokens:
                return match.group(0)
            token = self.tokens[index]
            inside = max(at - self.starts[index], 0)  # before the first token: at it
            if inside >= len(token.text):  # past the token: the engine often names the end
                moved_to = token.end
            else:
                moved_to = token.offset + min(inside, token.end - token.offset - 1)
            line, column = line_column(self.source, moved_to)
            return f"at line {line}, column {column}"

        return _ENGINE_POSITION.sub(moved, message)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`; `\\r\\n`, `\\r` and `\\n` each end a line."""
    before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _offset_of(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    return min(start + max(column - 1, 0), len(text))


def _last_at_or_before(starts: tuple[int, ...], at: int) -> int:
    low, high = 0, len(starts)
    while low < high:
        mid = (low + high) // 2
        if starts[mid] <= at:
            low = mid + 1
        else:
            high = mid
    return low - 1


def _error(source: str, offset: int, message: str) -> SparqlSyntaxError:
    return SparqlSyntaxError(message, *line_column(source, offset))


def _unescape(body: str, source: str, offset: int) -> str:
    def one(match: re.Match[str]) -> str:
        escape = match.group()
        if escape[1] in "uU":
            code = int(escape[2:], 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise _error(source, offset, f"{escape} is not a Unicode character")
            return chr(code)
        return _ESCAPES[escape[1]]

    return _ESCAPE_OR_UCHAR.sub(one, body)


def _string_text(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


_URI = re.compile(
    r"^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$"
)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, step by step."""
    rest, out = path, list[str]()
    while rest:
        if rest.startswith(("../", "./")):
            rest = rest[rest.index("/") + 1 :]
        elif rest.startswith("/./") or rest == "/.":
            rest = "/" + rest[3:]
        elif rest.startswith("/../") or rest == "/..":
            rest = "/" + rest[4:]
            if out:
                out.pop()
        elif rest in (".", ".."):
            rest = ""
        else:
            end = rest.find("/", 1)
            end = len(rest) if end < 0 else end
            out.append(rest[:end])
            rest = rest[end:]
    return "".join(out)


def resolve_iri(reference: str, base: str | None) -> str:
    """RFC 3986 §5.2 reference resolution (for every scheme, unlike urllib's urljoin)."""
    ref = _URI.match(reference)
    if ref is None or base is None or ref.group(1):
        return reference
    b = _URI.match(base)
    if b is None:
        return reference
    _, authority, path, query, fragment = ref.groups()
    b_scheme, b_authority, b_path, b_query, _ = b.groups()
    if authority is not None:
        t_authority, t_path, t_query = authority, _remove_dot_segments(path), query
    else:
        t_authority = b_authority
        if path == "":
            t_path, t_query = b_path, query if query is not None else b_query
        else:
            if path.startswith("/"):
                merged = path
            elif b_authority is not None and b_path == "":
                merged = "/" + path
            else:
                merged = b_path[: b_path.rfind("/") + 1] + path
            t_path, t_query = _remove_dot_segments(merged), query
    out = f"{b_scheme}:"
    if t_authority is not None:
        out += f"//{t_authority}"
    out += t_path
    if t_query is not None:
        out += f"?{t_query}"
    if fragment is not None:
        out += f"#{fragment}"
    return out


def _is_absolute(iri: str) -> bool:
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) is not None


class _Reader:
    """Turns the lexical tokens into canonical ones, keeping the prologue's prefixes and base."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.prefixes: dict[str, str] = {}
        self.base: str | None = None
        self.tokens: list[Token] = []
        self.in_prologue = True

    def iri(self, raw: str, offset: int) -> str:
        iri = _unescape(raw, self.source, offset)
        bad = _IRI_FORBIDDEN.search(iri)
        if bad:
            raise _error(self.source, offset, f"IRI <{iri}> contains {bad.group()!r}")
        if not _is_absolute(iri) and self.base is not None:
            iri = resolve_iri(iri, self.base)
        # without a BASE a relative IRI stays as written: the engine refuses it where it is one,
        # and `?a<?b&&?c>0` is no IRI to the engine at all
        return iri

    def pname(self, text: str, offset: int) -> str:
        prefix, _, local = text.partition(":")
        if prefix not in self.prefixes:
            hint = ""
            if prefix.upper() in QUERY_WORDS | UPDATE_WORDS:  # `SERVICE:x`, `FROM:g`
                hint = f" (SPARQL reads {text!r} as one prefixed name; for the keyword "
                hint += f"{prefix.upper()}, put a space after it)"
            raise _error(self.source, offset, f"prefix {prefix + ':'!r} is not declared{hint}")
        return self.prefixes[prefix] + _PLX_ESCAPE.sub(r"\1", local)

    def add(self, kind: str, text: str, value: str, lexeme: Lexeme) -> None:
        self.tokens.append(
            Token(kind, text, value, lexeme.offset, lexeme.offset + len(lexeme.text))
        )

    def declaration(self, lexemes: list[Lexeme], i: int) -> int:
        """Read BASE <iri> or PREFIX p: <iri> at lexeme i; return the index after it."""
        keyword = lexemes[i].text.upper()
        want = ["iri"] if keyword == "BASE" else ["pname", "iri"]
        parts = lexemes[i + 1 : i + 1 + len(want)]
        malformed = keyword == "PREFIX" and parts and not parts[0].text.endswith(":")
        if [p.kind for p in parts] != want or malformed:
            form = "BASE <iri>" if keyword == "BASE" else "PREFIX name: <iri>"
            raise _error(self.source, lexemes[i].offset, f"expected {form}")
        iri = self.iri(parts[-1].text[1:-1], parts[-1].offset)
        if keyword == "BASE":
            self.base = iri
        else:
            self.prefixes[parts[0].text[:-1]] = iri
        return i + 1 + len(want)


@dataclass(frozen=True)
class Lexeme:
    kind: str
    text: str
    offset: int
    breaks_before: int  # line breaks in the white space and comments before it


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _lexemes(source: str) -> list[Lexeme]:
    """The significant lexemes (no white space, no comments), each with the line breaks before
    it; a line break inside a string counts before the next lexeme."""
    out: list[Lexeme] = []
    pos = pending = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise _error(source, pos, f"unexpected character {source[pos]!r}")
        kind, text = match.lastgroup or "", match.group()
        pos = match.end()
        if kind in ("ws", "comment"):
            pending += _line_breaks(text)
            continue
        kind = "punct" if kind == "lt_before_iri" else kind
        out.append(Lexeme(kind, text, match.start(), pending))
        pending = _line_breaks(text)
    return out


def read(source: str) -> Canonical:
    """The canonical form of `source`; SparqlSyntaxError where it is not SPARQL's vocabulary."""
    lexemes = _lexemes(source)
    reader = _Reader(source)
    breaks: list[int] = []  # line breaks to write before each canonical token
    pending = 0
    i = 0
    while i < len(lexemes):
        lexeme = lexemes[i]
        kind, text, offset = lexeme.kind, lexeme.text, lexeme.offset
        pending += lexeme.breaks_before
        if kind == "word" and text.upper() in ("BASE", "PREFIX"):
            if not reader.in_prologue:
                raise _error(source, offset, f"{text.upper()} after the query's start")
            end = reader.declaration(lexemes, i)
            pending += sum(x.breaks_before for x in lexemes[i + 1 : end])
            i = end
            continue
        if kind == "word":
            word = text.upper()
            if word not in QUERY_WORDS and word not in UPDATE_WORDS:
                raise _error(source, offset, f"{text!r} is not a SPARQL keyword or function")
            if word != "VERSION":
                reader.in_prologue = False
            # `a` is written as the user wrote it; the boolean literals are lower case only
            # (SPARQL's BooleanLiteral; Oxigraph refuses TRUE)
            spelled = text if word == "A" else word.lower() if word in ("TRUE", "FALSE") else word
            reader.add("word", spelled, word, lexeme)
        elif kind == "iri":
            iri = reader.iri(text[1:-1], offset)
            # Written as the user wrote it unless it had to change (escapes, a relative IRI):
            # where the engine reads `<` as less-than (`?a<?b&&?b>0`), it then still does.
            reader.add("iri", text if iri == text[1:-1] else f"<{iri}>", iri, lexeme)
        elif kind == "pname":
            iri = reader.iri(reader.pname(text, offset), offset)
            reader.add("iri", f"<{iri}>", iri, lexeme)
        elif kind == "string":
            quote = 3 if text[:3] in ("'''", '"""') else 1
            value = _unescape(text[quote:-quote], source, offset)
            reader.add("string", _string_text(value), value, lexeme)
        else:
            reader.add(kind, text, text, lexeme)
        if kind == "langtag":  # stays glued to its string; line breaks move past it
            breaks.append(0)
        else:
            breaks.append(pending)
            pending = 0
        i += 1
    return _write(source, tuple(reader.tokens), breaks)


def _write(source: str, tokens: tuple[Token, ...], newlines_before: list[int]) -> Canonical:
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for index, token in enumerate(tokens):
        # a language tag belongs to its string: no separator between them
        glue = "\n" * newlines_before[index] or (" " if parts else "")
        # Oxigraph takes no space between CONCAT, COALESCE, IN or an IRI function and their
        # `(`; SPARQL allows both, so none is written
        if token.kind == "langtag" or (
            token.text == "(" and index and tokens[index - 1].kind in ("word", "iri")
        ):
            glue = "" if not newlines_before[index] else glue
        parts.append(glue)
        length += len(glue)
        starts.append(length)
        parts.append(token.text)
        length += len(token.text)
    return Canonical(source, tokens, "".join(parts), tuple(starts))
