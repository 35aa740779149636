"""`sotk-kg validate` on hostile files: every one ends with exit 2 (unusable input) and a message
naming the file and what is wrong, never a crash (a segfault was exit 139), a traceback (exit 1,
which means "violations") or minutes of CPU. Each file is validated by the real command in a child
process with a memory and time limit, so that a regression fails this test, not the test run."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from repo_paths import REPO_ROOT
from shapes_support import sources_with_graph

from sotk_kg.checks import rdfinput
from sotk_kg.checks.errors import UnusableInput
from sotk_kg.checks.validation import validate_paths
from sotk_kg.commands.validate import EXIT_CONFORMS, EXIT_UNUSABLE

DEEP = 20_000  # the depth that segfaulted after 30 s and 5.6 GB
LIMIT = rdfinput.MAX_JSON_DEPTH
HEADER = b"nama,nip,jabatan,jenis_jabatan\n"
TRIPLE_START = b"<http://x/a> <http://x/p> "
ROW = b"Budi,198503122010011003,Pelaksana,pelaksana\n"


def nested_json(depth: int) -> bytes:
    """A JSON-LD node whose property value nests `depth` - 1 objects (the outer node is 1)."""
    inner = b'{"http://x/p": ' * (depth - 1) + b"1" + b"}" * (depth - 1)
    return b'{"@id": "http://x/a", "http://x/p": ' + inner + b"}"


def junk() -> bytes:
    # fixed bytes, not random: the same file every run; 0xff is never valid UTF-8
    return bytes((i * 131 + 7) % 256 for i in range(4096)) + b"\xff"


# file name -> (content, what the message must say)
HOSTILE: dict[str, tuple[bytes, str]] = {
    "deep.jsonld": (nested_json(DEEP), f"nested more than {LIMIT} levels"),
    "deep-arrays.jsonld": (b"[" * DEEP + b"]" * DEEP, f"nested more than {LIMIT} levels"),
    "deep-open.ttl": (TRIPLE_START + b"[ <http://x/p> " * DEEP, "unreadable text/turtle"),
    "deep-list-open.ttl": (TRIPLE_START + b"( " * DEEP, "unreadable text/turtle"),
    "junk.ttl": (junk(), "not UTF-8"),
    "junk.csv": (junk(), "not UTF-8"),
    "junk.jsonld": (junk(), "not UTF-8"),
    "empty.ttl": (b"", "no triples"),
    "empty.nt": (b"", "no triples"),
    "empty.jsonld": (b"", "unreadable application/ld+json"),
    "empty.csv": (b"", "empty file"),
    "huge-literal.ttl": (TRIPLE_START + b'"' + b"A" * 17_000_000 + b'" .\n', "longer than"),
    "huge-line.csv": (HEADER + b"A" * 2_000_000 + b",1,2,3\n", "field larger than"),
    "invalid-utf8.csv": (HEADER + b"Budi \xc3\x28,1,2,3\n", "not UTF-8"),
    "broken-header.csv": (b"nama;nip;jabatan\nBudi;1;2\n", "missing column(s)"),
    "unclosed-header.csv": (b'"nama,nip,jabatan,jenis_jabatan\n' + ROW, "unbalanced quote"),
    "nul.csv": (HEADER + b"Bu\x00di,198503122010011003,Pelaksana,pelaksana\n", "NUL"),
    "utf16.csv": ((HEADER + ROW).decode().encode("utf-16-le"), "NUL"),
}


def _limits() -> None:
    # 2 GiB: the unguarded parser took 5.6 GB on the deep file before it crashed
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run_validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sotk_kg.cli", "validate", "--no-cache", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        preexec_fn=_limits,
    )


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_unusable_input(tmp_path: Path, name: str) -> None:
    content, what = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(content)
    done = run_validate(path)
    assert done.returncode == EXIT_UNUSABLE, done.stderr[-2000:]
    assert done.stderr.startswith(f"sotk-kg validate: {path}"), done.stderr[-2000:]
    assert what in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_deep_turtle_is_read_not_refused(tmp_path: Path) -> None:
    # Turtle's parser is not recursive: nesting is linear (100,000 levels: 0.13 s), so a deep
    # but well-formed document is valid RDF and validated like any other
    path = tmp_path / "deep.ttl"
    path.write_bytes(TRIPLE_START + b"[ <http://x/p> " * DEEP + b"1" + b" ]" * DEEP + b" .\n")
    done = run_validate(path)
    assert done.returncode == EXIT_CONFORMS, done.stderr[-2000:]


@pytest.mark.parametrize("depth", [LIMIT - 1, LIMIT])
def test_json_ld_up_to_the_depth_limit_is_read(depth: int) -> None:
    triples = rdfinput.parse_rdf(nested_json(depth), rdfinput.JSON_LD, "x")
    assert len(triples) == depth  # one http://x/p triple per level


def test_json_ld_over_the_depth_limit_names_where(tmp_path: Path) -> None:
    # two lines: the object that goes one level too deep opens on line 2
    payload = b'{"@id": "http://x/a",\n "http://x/s": "[{[{ in a string do not count",\n'
    payload += b'  "http://x/p": ' + b'{"http://x/p": ' * LIMIT + b"1" + b"}" * LIMIT + b"}"
    with pytest.raises(UnusableInput) as caught:
        rdfinput.parse_rdf(payload, rdfinput.JSON_LD, "x")
    error = caught.value
    # the outer object is level 1, so the LIMIT-th object on line 3 is one level too deep
    column = len('  "http://x/p": ') + len('{"http://x/p": ') * (LIMIT - 1) + 1
    assert (error.file, error.line, error.column) == ("x", 3, column)
    assert f"nested more than {LIMIT} levels deep" in error.message


def test_escaped_quotes_in_json_strings_are_skipped() -> None:
    # a string ending in an escaped backslash, then brackets inside a string with \" in it
    payload = (b'{"@id": "http://x/a", "http://x/p": "a\\\\", "http://x/q": "\\"' + b"{" * 100
               + b'\\""}')  # fmt: skip
    assert len(rdfinput.parse_rdf(payload, rdfinput.JSON_LD, "x")) == 2


def test_nul_byte_is_named_where() -> None:
    with pytest.raises(UnusableInput) as caught:
        rdfinput.decode_utf8(b"ab\ncd\x00e", "x")
    assert (caught.value.line, caught.value.column) == (2, 3)


def test_backslash_in_a_reported_structure_value(tmp_path: Path) -> None:
    # pySHACL fills {?value} with re.sub, which read the "\d" of a value as a bad escape and
    # crashed (a traceback and exit 1, or a crashed server worker); the value is kept as typed
    path = tmp_path / "structure.ttl"
    path.write_text(
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        "@prefix sotk: <https://w3id.org/sotk-kg/def/sotk#> .\n"
        '<http://x/a1> a sotk:Ayat ; eli:is_part_of <http://x/p> ; eli:number "1\\\\d" .\n'
        '<http://x/a2> a sotk:Ayat ; eli:is_part_of <http://x/p> ; eli:number "1\\\\d" .\n',
        encoding="utf-8",
    )
    outcome = validate_paths([path], sources=sources_with_graph(tmp_path), jobs=1)
    duplicates = [f for f in outcome.findings if f.rule.endswith("#NumberingUniqueShape")]
    assert {f.focus for f in duplicates} == {"http://x/a1", "http://x/a2"}
    assert {f.message["en"] for f in duplicates} == {
        "Number 1\\d is used more than once in the same parent."
    }
