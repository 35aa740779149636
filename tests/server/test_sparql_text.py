"""The SPARQL reader behind the guard: its tokens, its canonical text, IRI resolution and the
mapping of engine error positions back onto the user's text. Expected values come from the
SPARQL 1.1 grammar's terminals and RFC 3986 §5.4."""

from __future__ import annotations

import pyoxigraph
import pytest

from sotk_kg.server.sparql_text import SparqlSyntaxError, line_column, read, resolve_iri

BASE = "http://a/b/c/d;p?q"

# RFC 3986 §5.4.1 (normal) and §5.4.2 (abnormal) examples, base "http://a/b/c/d;p?q".
RFC_3986_EXAMPLES = {
    "g:h": "g:h",
    "g": "http://a/b/c/g",
    "./g": "http://a/b/c/g",
    "g/": "http://a/b/c/g/",
    "/g": "http://a/g",
    "//g": "http://g",
    "?y": "http://a/b/c/d;p?y",
    "g?y": "http://a/b/c/g?y",
    "#s": "http://a/b/c/d;p?q#s",
    "g#s": "http://a/b/c/g#s",
    "g?y#s": "http://a/b/c/g?y#s",
    ";x": "http://a/b/c/;x",
    "g;x": "http://a/b/c/g;x",
    "g;x?y#s": "http://a/b/c/g;x?y#s",
    "": "http://a/b/c/d;p?q",
    ".": "http://a/b/c/",
    "./": "http://a/b/c/",
    "..": "http://a/b/",
    "../": "http://a/b/",
    "../g": "http://a/b/g",
    "../..": "http://a/",
    "../../": "http://a/",
    "../../g": "http://a/g",
    "../../../g": "http://a/g",
    "../../../../g": "http://a/g",
    "/./g": "http://a/g",
    "/../g": "http://a/g",
    "g.": "http://a/b/c/g.",
    ".g": "http://a/b/c/.g",
    "g..": "http://a/b/c/g..",
    "..g": "http://a/b/c/..g",
    "./../g": "http://a/b/g",
    "./g/.": "http://a/b/c/g/",
    "g/./h": "http://a/b/c/g/h",
    "g/../h": "http://a/b/c/h",
    "g;x=1/./y": "http://a/b/c/g;x=1/y",
    "g;x=1/../y": "http://a/b/c/y",
    "g?y/./x": "http://a/b/c/g?y/./x",
    "g?y/../x": "http://a/b/c/g?y/../x",
    "g#s/./x": "http://a/b/c/g#s/./x",
    "g#s/../x": "http://a/b/c/g#s/../x",
    "http:g": "http:g",
}


@pytest.mark.parametrize(("reference", "target"), RFC_3986_EXAMPLES.items())
def test_reference_resolution_follows_rfc_3986(reference: str, target: str) -> None:
    assert resolve_iri(reference, BASE) == target


def test_resolution_works_for_any_scheme() -> None:
    """urllib's urljoin leaves references against e.g. urn: or tag: bases unresolved."""
    assert resolve_iri("x", "tag:example.org,2026:a/b") == "tag:example.org,2026:a/x"
    assert resolve_iri("../passwd", "file:///etc/ssh/") == "file:///etc/passwd"


@pytest.mark.parametrize(
    ("reference", "base", "target"),
    [
        # a base without authority whose path does not start with "/": the merged path keeps
        # leading dot segments, which RFC 3986 §5.2.4 steps A and D remove
        ("../g", "urn:a", "urn:g"),
        ("./g", "urn:a", "urn:g"),
        (".", "urn:a", "urn:"),
        ("..", "urn:a", "urn:"),
        ("g", "http://a", "http://a/g"),  # an authority and an empty path: "/" + path (§5.2.3)
        ("g//h", BASE, "http://a/b/c/g//h"),  # empty segments are kept
        ("g", None, "g"),  # nothing to resolve against
        ("HTTP://X/y", BASE, "HTTP://X/y"),  # schemes are case-insensitive: absolute
    ],
)
def test_resolution_edge_cases(reference: str, base: str | None, target: str) -> None:
    assert resolve_iri(reference, base) == target


def kinds(query: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in read(query).tokens]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "1 -2 +3 4.5 .5 1e3 1.E-2 -.5e+1",
            [("number", n) for n in ["1", "-2", "+3", "4.5", ".5", "1e3", "1.E-2", "-.5e+1"]],
        ),
        ("?s.", [("var", "?s"), ("punct", ".")]),  # `1.` is INTEGER then `.` in the grammar too
        (
            '"a"@en-GB "b"@ar--rtl',
            [("string", '"a"'), ("langtag", "@en-GB"), ("string", '"b"'), ("langtag", "@ar--rtl")],
        ),
        ("_:b1 $v ?é", [("bnode", "_:b1"), ("var", "$v"), ("var", "?é")]),
        (
            "<< <<( )>> >> {| |} ^^ && || != <= >=",
            [
                ("punct", p)
                for p in ["<<", "<<(", ")>>", ">>", "{|", "|}", "^^", "&&", "||", "!=", "<=", ">="]
            ],
        ),
        ("a A true", [("word", "a"), ("word", "A"), ("word", "true")]),
    ],
)
def test_tokens(query: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(query) == expected


def test_prefixed_names_are_written_out_with_their_escapes_undone() -> None:
    tokens = read(r"PREFIX ex: <http://x/> PREFIX : <http://y/> ex:a\.b ex:c%20d :e ex:").tokens
    assert [t.value for t in tokens] == [
        "http://x/a.b",
        "http://x/c%20d",
        "http://y/e",
        "http://x/",
    ]
    assert [t.text for t in tokens] == [
        "<http://x/a.b>",
        "<http://x/c%20d>",
        "<http://y/e>",
        "<http://x/>",
    ]


def test_relative_iris_and_prefixes_resolve_against_base() -> None:
    tokens = read("BASE <http://x/a/> PREFIX p: <q/> SELECT * { <b> p:c <../d> }").tokens
    iris = [t.value for t in tokens if t.kind == "iri"]
    assert iris == ["http://x/a/b", "http://x/a/q/c", "http://x/d"]


def test_strings_are_decoded_and_written_in_one_quoting() -> None:
    tokens = read("'''it's\n\"so\"''' 'a\\tb\\u00e9\\U0001F600' \"\\\\u0041\"").tokens
    assert [t.value for t in tokens] == ['it\'s\n"so"', "a\tbé😀", "\\u0041"]
    assert [t.text for t in tokens] == ['"it\'s\\n\\"so\\""', '"a\tbé😀"', '"\\\\u0041"']


def test_an_iri_spelled_as_written_unless_it_had_to_change() -> None:
    """So that where the engine reads `<` as less-than, it still does (`?a<?b&&?b>0`)."""
    assert read("?a<?b&&?b>0").text == "?a <?b&&?b> 0"
    assert read("<\\u0068ttp://x/>").text == "<http://x/>"


@pytest.mark.parametrize(
    ("query", "line", "column", "fragment"),
    [
        ("SELECT * {\n  ?s ?p 'a\\qb' }", 2, 9, "unexpected character"),
        ("SELECT * { ?s ?p <\\u0020> }", 1, 18, "contains ' '"),
        ("SELECT * { ?s ?p '\\U00110000' }", 1, 18, "not a Unicode character"),
        ("SELECT * { ?s ?p '\\uD800' }", 1, 18, "not a Unicode character"),
        ("SELECT * { ?s ?p ?o } PREFIX x: <http://x/>", 1, 23, "PREFIX after the query's start"),
        ("PREFIX x <http://x/> SELECT * {}", 1, 1, "expected PREFIX name: <iri>"),
        ("BASE x: SELECT * {}", 1, 1, "expected BASE <iri>"),
        ("PREFIX x:y <http://x/> SELECT * {}", 1, 1, "expected PREFIX name: <iri>"),
        ("SELECT * { ?s ?p '\\uDFFF' }", 1, 18, "not a Unicode character"),
        ("SELECT * {\u00a0}", 1, 11, "unexpected character '\\xa0'"),
    ],
)
def test_what_is_not_sparql_is_refused_where_it_stands(
    query: str, line: int, column: int, fragment: str
) -> None:
    with pytest.raises(SparqlSyntaxError) as info:
        read(query)
    assert (info.value.line, info.value.column) == (line, column)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [("ab\ncd", 0, (1, 1)), ("ab\ncd", 4, (2, 2)), ("a\r\nb\rc", 5, (3, 1)), ("a\r\nb", 3, (2, 1))],
)
def test_line_column(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert line_column(text, offset) == expected


def test_line_breaks_survive_so_lines_match() -> None:
    query = "PREFIX ex: <http://x/>\r\n# comment\rSELECT\n*\n{ ?s ex:p '''a\nb''' .\n?s ?p ?o }"
    canonical = read(query).text
    assert canonical.count("\n") == 6
    assert canonical.splitlines()[6] == "?s ?p ?o }"  # the user's line 7


# The user's line 4 is "  { ?s ex:p ?o }"; the canonical text's line 4 is "{ ?s <http://x/p> ?o }".
@pytest.mark.parametrize(
    ("engine_position", "user_position"),
    [
        ("1:1", "line 3, column 1"),  # before the first token: the first token, SELECT
        ("3:1", "line 3, column 1"),  # SELECT
        ("4:1", "line 4, column 3"),  # `{`, which stood after a comment the canonical text lost
        ("4:3", "line 4, column 5"),  # `?s`
        ("4:6", "line 4, column 8"),  # the first character of the written-out ex:p
        ("4:5", "line 4, column 7"),  # the space after `?s`: just after the user's `?s`
        ("4:9", "line 4, column 11"),  # inside the written-out IRI: still within ex:p
        ("4:12", "line 4, column 11"),  # further inside it: ex:p's last character
        ("4:23", "line 4, column 17"),  # just past the last token: the end of the user's text
        ("4:40", "line 4, column 17"),  # beyond the text
    ],
)
def test_engine_positions_map_onto_the_users_text(engine_position: str, user_position: str) -> None:
    canonical = read("PREFIX ex: <http://x/>\n#\nSELECT * #c\n  { ?s ex:p ?o }")
    assert canonical.text == "\n\nSELECT *\n{ ?s <http://x/p> ?o }"
    message = canonical.locate(f"error at {engine_position}: expected")
    assert message == f"error at {user_position}: expected"


def test_the_edges_of_unicode_are_characters() -> None:
    """The last code point and the neighbours of the surrogate block are characters."""
    tokens = read("'\\U0010FFFF' '\\uD7FF' '\\uE000' 'a\\rb'").tokens
    assert [t.value for t in tokens] == ["\U0010ffff", "\ud7ff", "\ue000", "a\rb"]
    assert tokens[3].text == '"a\\rb"'


def test_a_local_name_may_hold_colons() -> None:
    (token,) = read("PREFIX ex: <http://x/> ex:a:b").tokens
    assert token.value == "http://x/a:b"


def test_a_message_without_tokens_to_map_is_left_alone() -> None:
    assert read("# only a comment").locate("error at 1:5: x") == "error at 1:5: x"


def test_line_breaks_inside_dropped_declarations_are_kept() -> None:
    canonical = read("PREFIX\nex:\n<http://x/>\nBASE\n<http://y/>\nSELECT * { ?s ex:p <z> }")
    assert canonical.text == "\n\n\n\n\nSELECT * { ?s <http://x/p> <http://y/z> }"


def test_version_belongs_to_the_prologue() -> None:
    tokens = read('VERSION "1.2" PREFIX ex: <http://x/> SELECT * { ?s ex:p ?o }').tokens
    # VERSION "1.2" SELECT * { ?s <http://x/p> ?o }: the PREFIX after VERSION is still read
    assert tokens[0].value == "VERSION" and tokens[6].value == "http://x/p"


def test_long_strings_in_double_quotes() -> None:
    (token,) = read('"""say "hi"\n"""').tokens
    assert (token.value, token.text) == ('say "hi"\n', '"say \\"hi\\"\\n"')


def test_language_tags_stay_glued_and_line_breaks_move_past_them() -> None:
    assert read("'''a\nb'''@en ?x").text == '"a\\nb"@en\n?x'
    assert read('"a" @en').text == '"a"@en'


def test_a_function_call_keeps_its_parenthesis() -> None:
    """Oxigraph reads no space between CONCAT (or an IRI function) and `(`; a line break the user
    put there stays, so the engine answers as it would to the user's text."""
    canonical = read("CONCAT (?a) <http://f> (?b) ?c (?d)").text
    assert canonical == "CONCAT( ?a ) <http://f>( ?b ) ?c ( ?d )"
    assert read("CONCAT\n(?a)").text == "CONCAT\n( ?a )"


def test_a_keyword_glued_to_a_prefixed_name_is_explained() -> None:
    with pytest.raises(SparqlSyntaxError, match="for the keyword SERVICE, put a space after it"):
        read("PREFIX : <http://x/> SELECT * { SERVICE:b {} }")


def test_line_breaks_before_a_declaration_count_once() -> None:
    """The break before the token preceding PREFIX belongs to that token, not to SELECT too."""
    canonical = read("VERSION\n'1.2'\nPREFIX ex: <http://x/>\nSELECT * { ?s ex:p ?o }")
    assert canonical.text == 'VERSION\n"1.2"\n\nSELECT * { ?s <http://x/p> ?o }'


def test_boolean_literals_stay_lower_case() -> None:
    # SPARQL 1.1 §19.8: BooleanLiteral is 'true' | 'false'; Oxigraph refuses TRUE as a keyword
    text = read("SELECT ?x WHERE { ?x ?p TRUE FILTER(?x != false) }").text
    assert " true " in text and "!= false" in text
    assert "TRUE" not in text and "FALSE" not in text
    assert list(pyoxigraph.Store().query(text)) == []
