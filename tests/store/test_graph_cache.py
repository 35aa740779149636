"""The graph built on demand (sotk_kg/commands/graph_cache.py): built when missing, reused when
current, rebuilt when a source text, a scheme or the code changed, and rebuilt with a warning,
never served, when the build on disk is damaged (an output cut short or edited, the manifest
unreadable or missing). A text that does not build stops the command with its file and line and
leaves the previous build as it was."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest
from repo_paths import REPO_ROOT

from sotk_kg.checks import cache
from sotk_kg.cli import main
from sotk_kg.commands import graph_cache
from sotk_kg.commands.graph_cache import MANIFEST, GraphBuildError, Manifest, ensure_graph
from sotk_kg.resources import PACKAGED_ROOT
from sotk_kg.settings import Settings

TEXT = REPO_ROOT / "tests" / "fixtures" / "perbup-contoh-2024-3.txt"
SLUG = "perbup-kab-mekarsari-2024-3"  # Peraturan Bupati Mekarsari Nomor 3 Tahun 2024
GOLDEN = REPO_ROOT / "tests" / "golden"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project root with one source text and nothing built."""
    (tmp_path / "data" / "source").mkdir(parents=True)
    (tmp_path / "data" / "source" / TEXT.name).write_bytes(TEXT.read_bytes())
    return tmp_path


def settings(root: Path) -> Settings:
    return Settings(root=root)


def outputs(root: Path) -> dict[str, bytes]:
    folder = root / "data" / "graph"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".ttl", ".nq")}


def test_built_when_missing_then_reused(root: Path) -> None:
    first = ensure_graph(settings(root))
    assert first.built == (TEXT.name,) and first.reason == "not built yet"
    assert first.folder == root / "data" / "graph"
    # the files are what `sotk-kg build` writes for the text: the golden sample holds them whole
    assert outputs(root) == {n: (GOLDEN / n).read_bytes() for n in (f"{SLUG}.nq", f"{SLUG}.ttl")}
    stamps = {p.name: p.stat().st_mtime_ns for p in first.folder.iterdir()}
    second = ensure_graph(settings(root))
    assert second.built == () and second.reason == ""
    assert {p.name: p.stat().st_mtime_ns for p in first.folder.iterdir()} == stamps


def test_a_changed_text_rebuilds_and_a_removed_one_is_pruned(root: Path) -> None:
    ensure_graph(settings(root))
    source = root / "data" / "source" / TEXT.name
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = ensure_graph(settings(root))
    assert again.built == (TEXT.name,) and again.reason == f"changed text {TEXT.name}"
    second = root / "data" / "source" / "perwal.txt"
    second.write_bytes((REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt").read_bytes())
    mekarsari = {p.name: p.stat().st_mtime_ns for p in (root / "data" / "graph").glob(f"{SLUG}.*")}
    added = ensure_graph(settings(root))
    assert added.built == ("perwal.txt",) and added.reason == "new text perwal.txt"
    assert len(outputs(root)) == 4
    # only the new text was built: the other's files were not written again
    assert {p.name: p.stat().st_mtime_ns
            for p in (root / "data" / "graph").glob(f"{SLUG}.*")} == mekarsari  # fmt: skip
    second.unlink()
    removed = ensure_graph(settings(root))
    assert removed.built == () and removed.reason == "removed text perwal.txt"
    assert sorted(outputs(root)) == [f"{SLUG}.nq", f"{SLUG}.ttl"]  # the Perwal's files removed


def test_a_code_change_rebuilds(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ensure_graph(settings(root))
    monkeypatch.setattr(cache, "code_identity", lambda: ["sotk-kg=99.0"])  # another release
    again = ensure_graph(settings(root))
    assert again.built == (TEXT.name,) and again.reason.startswith("the code changed")


def test_a_changed_scheme_rebuilds(
    root: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sotk_kg import lexicon

    ensure_graph(settings(root))
    schemes = tmp_path_factory.mktemp("schemes")
    for path in lexicon.SCHEMES_DIR.glob("*.ttl"):
        (schemes / path.name).write_bytes(path.read_bytes())
    with (schemes / "peran.ttl").open("a", encoding="utf-8") as f:
        f.write("# a word added\n")
    monkeypatch.setattr(lexicon, "SCHEMES_DIR", schemes)
    assert ensure_graph(settings(root)).reason == "schemes changed: peran.ttl"


def _cut_short(folder: Path) -> None:
    path = folder / f"{SLUG}.nq"
    path.write_bytes(path.read_bytes()[:1000])


def _one_byte_edited(folder: Path) -> None:
    path = folder / f"{SLUG}.ttl"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _deleted(folder: Path) -> None:
    (folder / f"{SLUG}.ttl").unlink()


def _manifest_garbled(folder: Path) -> None:
    (folder / MANIFEST).write_text('{"format": 1, "base": ', encoding="utf-8")


def _manifest_lost(folder: Path) -> None:
    (folder / MANIFEST).unlink()


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_cut_short, "differs from the build (cut short or edited)"),
        (_one_byte_edited, "differs from the build (cut short or edited)"),
        (_deleted, "unreadable or missing"),
        (_manifest_garbled, f"{MANIFEST} unreadable"),
        (_manifest_lost, f"but no {MANIFEST}"),
    ],
    ids=["cut-short", "one-byte-edited", "deleted", "manifest-garbled", "manifest-lost"],
)
def test_a_damaged_build_is_rebuilt_with_a_warning(
    root: Path, caplog: pytest.LogCaptureFixture, damage, says: str
) -> None:  # type: ignore[no-untyped-def]
    folder = ensure_graph(settings(root)).folder
    good = outputs(root)
    damage(folder)
    with caplog.at_level(logging.WARNING, logger=graph_cache.__name__):
        again = ensure_graph(settings(root))
    assert again.built and again.damaged and says in again.reason
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert says in caplog.records[0].getMessage()
    assert outputs(root) == good
    assert not ensure_graph(settings(root)).built


def test_a_build_that_died_before_its_manifest_is_not_served(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_graph(settings(root))
    source = root / "data" / "source" / TEXT.name
    source.write_text(source.read_text(encoding="utf-8").replace("Mekarsari", "Mekarsar"))

    def killed(self: Manifest, folder: Path) -> None:
        raise KeyboardInterrupt  # after the outputs moved into place, before the manifest

    with monkeypatch.context() as patch:
        patch.setattr(Manifest, "write", killed)
        with pytest.raises(KeyboardInterrupt):
            ensure_graph(settings(root))
    # the old manifest no longer matches the inputs: built again, not served as it is
    assert ensure_graph(settings(root)).built
    assert not ensure_graph(settings(root)).built


def test_the_staging_folder_of_a_killed_build_is_removed(root: Path) -> None:
    folder = ensure_graph(settings(root)).folder
    left = folder / f"{graph_cache.STAGING_PREFIX}1234"
    (left / "sub").mkdir(parents=True)
    (left / f"{SLUG}.nq").write_text("half\n")
    assert ensure_graph(settings(root)).built == ()
    assert not left.exists()


def test_a_text_that_does_not_build_stops_the_command_and_keeps_the_build(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ensure_graph(settings(root))
    good = outputs(root)
    manifest = (root / "data" / "graph" / MANIFEST).read_bytes()
    bad = root / "data" / "source" / "broken.txt"
    bad.write_text("Daftar belanja\nbukan peraturan\n", encoding="utf-8")
    with pytest.raises(GraphBuildError) as caught:
        ensure_graph(settings(root))
    assert str(caught.value).startswith(str(bad))
    assert "nothing built" in str(caught.value)
    assert outputs(root) == good
    assert (root / "data" / "graph" / MANIFEST).read_bytes() == manifest
    monkeypatch.setenv("SOTK_ROOT", str(root))
    for command in (["stats"], ["load", "--store", str(root / "store")]):
        code = main(command)
        err = capsys.readouterr().err
        assert code != 0, command
        assert err.startswith(f"sotk-kg {command[0]}: {bad}"), err
    assert not (root / "store").exists()


def test_a_root_without_texts_serves_its_graph_folder_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "graph"
    folder.mkdir(parents=True)
    (folder / "given.nq").write_text("<http://a> <http://b> <http://c> <http://g> .\n")
    outcome = ensure_graph(settings(tmp_path))
    assert not outcome.built
    assert sorted(p.name for p in folder.iterdir()) == ["given.nq"]


def test_concurrent_starts_build_once(root: Path) -> None:
    results = []
    threads = [threading.Thread(target=lambda: results.append(ensure_graph(settings(root))))
               for _ in range(3)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r.built) for r in results) == [0, 0, 1]


def test_an_installed_copy_builds_into_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert Settings(root=PACKAGED_ROOT).graph_dir == tmp_path / "cache" / "sotk-kg" / "graph"
    assert Settings(root=tmp_path).graph_dir == tmp_path / "data" / "graph"


def test_the_checkouts_graph_is_not_committed() -> None:
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/data/graph/" in ignored
    assert os.path.isfile(REPO_ROOT / "data" / "graph" / MANIFEST)  # built for the session


def test_a_new_text_of_a_regulation_already_built_is_refused(root: Path) -> None:
    ensure_graph(settings(root))
    good = outputs(root)
    copy = root / "data" / "source" / "copy.txt"
    copy.write_bytes(TEXT.read_bytes())
    with pytest.raises(GraphBuildError) as caught:
        ensure_graph(settings(root))
    assert str(caught.value).startswith(f"{copy}: the same regulation as {TEXT.name} ({SLUG})")
    assert outputs(root) == good


def test_a_graph_file_no_text_accounts_for_is_removed(root: Path) -> None:
    folder = ensure_graph(settings(root)).folder
    perwal = REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt"
    assert main(["build", str(perwal), "--out", str(folder)]) == 0  # not one of data/source/
    assert len(outputs(root)) == 4
    outcome = ensure_graph(settings(root))
    # the perwal's .ttl, .nq and build report
    assert outcome.built == () and outcome.reason == "3 file(s) no source text accounts for"
    assert sorted(outputs(root)) == [f"{SLUG}.nq", f"{SLUG}.ttl"]


# ------------------------------------------------------------------ PDFs and reviewed markups
def test_a_pdf_source_is_built_as_sotk_kg_build_builds_it(root: Path) -> None:
    from tests.pipeline.pdf_pages import page_lines, text_pdf

    perwal = REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt"
    pdf = root / "data" / "source" / "perwal.pdf"
    pdf.write_bytes(text_pdf(page_lines(perwal.read_text(encoding="utf-8"))))
    outcome = ensure_graph(settings(root))
    assert outcome.built == (TEXT.name, "perwal.pdf")
    folder = root / "data" / "graph"
    # Peraturan Wali Kota Sukamaju Nomor 7 Tahun 2023: its graph and the text read from the PDF
    stem = "perwal-kota-sukamaju-2023-7"
    assert {f"{stem}.ttl", f"{stem}.nq", f"{stem}.txt"} <= {p.name for p in folder.iterdir()}
    assert "Kepala Dinas" in (folder / f"{stem}.ttl").read_text(encoding="utf-8")
    assert ensure_graph(settings(root)).built == ()
    pdf.write_bytes(text_pdf(page_lines(perwal.read_text(encoding="utf-8") + "\n\n")))
    again = ensure_graph(settings(root))
    assert again.built == ("perwal.pdf",) and again.reason == "changed text perwal.pdf"
    pdf.unlink()
    assert ensure_graph(settings(root)).reason == "removed text perwal.pdf"
    assert not (folder / f"{stem}.txt").exists()


def _markup(root: Path, edit: tuple[str, str]) -> Path:
    """The reviewed markup of the source text beside it, with one edit made by hand."""
    from sotk_kg.pipeline.markup import markup_path, unparse
    from sotk_kg.pipeline.structure import parse_document

    source = root / "data" / "source" / TEXT.name
    text = source.read_text(encoding="utf-8")
    markup = unparse(parse_document(text, source.name), source.name, text)
    assert markup.count(edit[0]) == 1
    path = markup_path(source)
    path.write_text(markup.replace(*edit), encoding="utf-8")
    return path


def test_a_reviewed_markup_beside_its_source_is_built_and_its_changes_rebuild(root: Path) -> None:
    ensure_graph(settings(root))
    graph = root / "data" / "graph" / f"{SLUG}.ttl"
    # the signer's name as the text gives it (line "DEWI LESTARI" under BUPATI MEKARSARI)
    assert 'foaf:name "DEWI LESTARI" .' in graph.read_text(encoding="utf-8")
    markup = _markup(root, ("NAME DEWI LESTARI\n", "NAME DEWI LESTARI, S.H.\n"))
    added = ensure_graph(settings(root))
    assert added.built == (TEXT.name,) and added.reason == f"new markup {markup.name}"
    assert 'foaf:name "DEWI LESTARI, S.H." .' in graph.read_text(encoding="utf-8")
    assert ensure_graph(settings(root)).built == ()
    _markup(root, ("NAME DEWI LESTARI\n", "NAME DEWI LESTARI, M.Si.\n"))
    changed = ensure_graph(settings(root))
    assert changed.built == (TEXT.name,) and changed.reason == f"changed markup {markup.name}"
    assert 'foaf:name "DEWI LESTARI, M.Si." .' in graph.read_text(encoding="utf-8")
    markup.unlink()
    removed = ensure_graph(settings(root))
    assert removed.built == (TEXT.name,) and removed.reason == f"removed markup {markup.name}"
    assert outputs(root) == {n: (GOLDEN / n).read_bytes() for n in (f"{SLUG}.nq", f"{SLUG}.ttl")}


def test_a_markup_of_another_text_stops_the_build_and_keeps_the_last_one(root: Path) -> None:
    ensure_graph(settings(root))
    good = outputs(root)
    markup = _markup(root, ("NAME DEWI LESTARI\n", "NAME DEWI LESTARI, S.H.\n"))
    source = root / "data" / "source" / TEXT.name
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(GraphBuildError) as caught:
        ensure_graph(settings(root))
    assert str(caught.value).startswith(str(markup))
    assert outputs(root) == good


def test_a_build_of_an_older_manifest_format_is_rebuilt_without_a_damage_warning(
    root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Format 1 (before a text's reviewed markup was part of its key) is no damage: rebuilt."""
    folder = ensure_graph(settings(root)).folder
    manifest = folder / MANIFEST
    older = manifest.read_text(encoding="utf-8").replace('"format": 2', '"format": 1')
    manifest.write_text(older, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        again = ensure_graph(settings(root))
    assert again.built == (TEXT.name,) and not again.damaged
    assert again.reason == "built by an older version (manifest format 1, now 2)"
    assert not caplog.records
    assert ensure_graph(settings(root)).built == ()


def test_a_pdf_with_a_reviewed_markup_beside_it_is_built_from_the_markup(root: Path) -> None:
    from sotk_kg.pipeline.build import read_input
    from sotk_kg.pipeline.markup import markup_path, unparse
    from sotk_kg.pipeline.structure import parse_document
    from tests.pipeline.pdf_pages import page_lines, text_pdf

    (root / "data" / "source" / TEXT.name).unlink()
    pdf = root / "data" / "source" / "mekarsari.pdf"
    pdf.write_bytes(text_pdf(page_lines(TEXT.read_text(encoding="utf-8"))))
    text = read_input(pdf).text  # what the build reads from the PDF, and the markup is made of
    markup = unparse(parse_document(text, pdf.name), pdf.name, text)
    assert markup.count("NAME DEWI LESTARI\n") == 1
    markup_path(pdf).write_text(markup.replace("DEWI LESTARI", "DEWI LESTARI, S.H."), "utf-8")
    outcome = ensure_graph(settings(root))
    assert outcome.built == ("mekarsari.pdf",)
    graph = (root / "data" / "graph" / f"{SLUG}.ttl").read_text(encoding="utf-8")
    assert 'foaf:name "DEWI LESTARI, S.H." .' in graph
