"""What `sotk-kg build` accepts as input: one regulation per text, nothing read past its closing
block unreported, a size cap read without loading more than the cap, and no trace of a build that
fails or is stopped (issue 11, defect 9).

Expected lines come from reading the texts: the seed data/source/perbup-bekasi-99-2021.txt, the
fixtures (tests/fixtures/README.md) and the real partial texts of other regions in
../shared/corpus/real-partial/ beside the checkout (read from there, never copied here)."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from repo_paths import REPO_ROOT

import sotk_kg.pipeline.build as pipeline_build
from sotk_kg.cli import main
from sotk_kg.pipeline.build import (
    DEFAULT_MAX_SOURCE_BYTES,
    STAGING_PREFIX,
    BuildResult,
    build_files,
    build_graph,
    read_source,
)
from sotk_kg.pipeline.errors import PipelineError
from sotk_kg.pipeline.structure import parse_document

FIXTURES = REPO_ROOT / "tests" / "fixtures"
SEED = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
PERWAL = FIXTURES / "perwal-contoh-2023-7.txt"
PERWAL_OCR = FIXTURES / "perwal-contoh-2023-7-ocr.txt"
PERBUP_3 = FIXTURES / "perbup-contoh-2024-3.txt"
PERBUP_4 = FIXTURES / "perbup-contoh-2024-4.txt"
# shared/ lies beside the checkout, here and in CI
REAL_PARTIAL = REPO_ROOT.parent / "shared" / "corpus" / "real-partial"
BASE = "https://w3id.org/sotk-kg"
PERWAL_SLUG = "perwal-kota-sukamaju-2023-7"

needs_real_partial = pytest.mark.skipif(
    not REAL_PARTIAL.is_dir(), reason="the shared corpus of real partial texts is not here"
)


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def joined(*texts: str) -> str:
    """Texts one after the other, each starting on a new line (as `cat` gives them when every
    file ends with a newline)."""
    return "\n".join(t.rstrip("\n") for t in texts) + "\n"


def line_count(text: str) -> int:
    return len(text.rstrip("\n").splitlines())


def line_of(text: str, content: str) -> int:
    """Number of the first line of `text` that reads `content` (surrounding space ignored)."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip() == content)


def snapshot(folder: Path) -> dict[str, bytes | None] | None:
    """Everything under `folder`, hidden entries included (None for a folder); None if absent."""
    if not folder.exists():
        return None
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder holding a previous build's file, which a failed build must not touch."""
    folder = tmp_path / "graph"
    folder.mkdir()
    (folder / f"{PERWAL_SLUG}.ttl").write_text("# the previous build\n", encoding="utf-8")
    return folder


# -- more than one regulation in a text ---------------------------------------------------------
# (first text, second text, the line of the second where it starts: its cover's masthead, or its
# title block when it has no cover)
CONCATENATIONS = [
    (SEED, PERWAL, "BERITA DAERAH KOTA SUKAMAJU"),
    (SEED, SEED, "BERITA DAERAH KABUPATEN BEKASI"),
    (PERWAL, SEED, "BERITA DAERAH KABUPATEN BEKASI"),
    (PERBUP_3, PERBUP_4, "PERATURAN BUPATI MEKARSARI"),  # no Lampiran, no cover
    (PERBUP_4, PERWAL_OCR, "BERITA DAERAH KOTA SUKAMAJU"),
]


@pytest.mark.parametrize(("first", "second", "start"), CONCATENATIONS)
def test_a_second_regulation_is_refused_at_its_first_line(
    first: Path, second: Path, start: str
) -> None:
    text = joined(text_of(first), text_of(second))
    expected = line_count(text_of(first)) + line_of(text_of(second), start)
    with pytest.raises(PipelineError) as raised:
        parse_document(text, "two.txt")
    assert raised.value.line == expected
    assert "second regulation" in raised.value.message
    second_doc = parse_document(text_of(second))
    assert f"NOMOR {second_doc.number} TAHUN {second_doc.year}" in raised.value.message


def test_a_second_regulation_after_a_truncated_first_is_refused() -> None:
    """The first text stops inside its body (no closing block): the second's title block is still
    found, here without a cover page (the perwal from its body title block on)."""
    seed, perwal = text_of(SEED).splitlines(), text_of(PERWAL)
    pasal_10 = line_of(text_of(SEED), "Pasal 10")
    body_title = text_of(PERWAL).splitlines().index("PERATURAN WALIKOTA SUKAMAJU", 5)
    second = "\n".join(perwal.splitlines()[body_title:])
    text = joined("\n".join(seed[: pasal_10 + 3]), second)
    with pytest.raises(PipelineError) as raised:
        parse_document(text, "two.txt")
    assert raised.value.line == pasal_10 + 3 + 1


def test_the_title_block_of_an_annex_is_not_where_the_second_starts() -> None:
    """A Lampiran names its regulation in a title block of its own ("LAMPIRAN III / PERATURAN
    BUPATI BEKASI / NOMOR 99 TAHUN 2021"): a second regulation after it starts at its own cover."""
    lampiran_iii = (
        "LAMPIRAN III\nPERATURAN BUPATI BEKASI\nNOMOR 99 TAHUN 2021\nTANGGAL 29 DESEMBER 2021\n\n"
        "DAFTAR JABATAN\n1. Kepala Dinas\n2. Sekretaris\n"
    )
    first = joined(text_of(SEED), lampiran_iii)
    parse_document(first, SEED.name)  # alone: one regulation
    with pytest.raises(PipelineError) as raised:
        parse_document(joined(first, text_of(PERWAL)), "two.txt")
    assert raised.value.line == line_count(first) + line_of(
        text_of(PERWAL), "BERITA DAERAH KOTA SUKAMAJU"
    )


def test_many_copies_are_refused_at_the_second(tmp_path: Path) -> None:
    source = tmp_path / "copies.txt"
    source.write_text(joined(*[text_of(SEED)] * 20), encoding="utf-8")
    with pytest.raises(PipelineError) as raised:
        build_files([source], tmp_path / "graph", BASE)
    assert raised.value.line == line_count(text_of(SEED)) + line_of(
        text_of(SEED), "BERITA DAERAH KABUPATEN BEKASI"
    )
    assert not (tmp_path / "graph").exists()


def test_cli_refuses_two_regulations_and_writes_nothing(
    tmp_path: Path, out: Path, capsys: pytest.CaptureFixture
) -> None:
    source = tmp_path / "two.txt"
    source.write_text(joined(text_of(SEED), text_of(PERWAL)), encoding="utf-8")
    before = snapshot(out)
    assert main(["build", str(PERWAL), str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    line = line_count(text_of(SEED)) + line_of(text_of(PERWAL), "BERITA DAERAH KOTA SUKAMAJU")
    assert f"{source}, line {line}: " in err
    assert "second regulation" in err and "its own file" in err and "nothing written" in err
    assert snapshot(out) == before


# -- text after the closing block ----------------------------------------------------------------
EXTRA_PASAL = "Pasal 33\n\nPeraturan Bupati ini berlaku surut sejak tanggal 1 Januari 2021.\n"


@pytest.mark.parametrize("source", [SEED, PERWAL, PERBUP_3])
def test_a_pasal_appended_after_the_closing_block_is_reported(source: Path) -> None:
    """The seed and the Perwal end with a Lampiran and its repeated closing block; the Perbup with
    the gazette line. Either way a Pasal after the end is reported with its lines, and neither
    read as a provision nor kept as text of the closing block."""
    text = joined(text_of(source), "", EXTRA_PASAL)
    first = line_count(text_of(source)) + 2
    last = first + 2
    doc = parse_document(text, source.name)
    assert doc.after_closing == [(first, last, "Pasal 33")]
    assert "33" not in {p.number for p in doc.provisions() if p.kind == "pasal"}
    assert doc.penutup is not None and "Pasal 33" not in doc.penutup.text
    assert any(f"{first}" in note and "closing block" in note for note in doc.notes)
    result = build_graph(text, source.name, BASE)
    assert [w for w in result.warnings if "closing block" in w] == [
        f"lines {first}-{last}: after the closing block, not read as part of the regulation: "
        "'Pasal 33'"
    ]


def test_text_between_the_closing_block_and_the_lampiran_is_reported() -> None:
    seed = text_of(SEED).splitlines()
    lampiran = line_of(text_of(SEED), "LAMPIRAN : PERATURAN BUPATI BEKASI")
    text = "\n".join([*seed[: lampiran - 1], *EXTRA_PASAL.splitlines(), *seed[lampiran - 1 :]])
    doc = parse_document(text, SEED.name)
    assert doc.after_closing == [(lampiran, lampiran + 2, "Pasal 33")]
    assert doc.lampiran is not None and doc.lampiran.line_start == lampiran + 3  # still read
    assert doc.promulgation is not None and doc.promulgation.name == "HERMAN HANAPI"


@needs_real_partial
@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("real_perbup_tanahbumbu_unk_unk_kecamatan_simpangempat_web_partial.txt",
         "Bagian Kesatu Camat"),
        ("real_perwali_tasikmalaya_unk_unk_disperkim_web_partial.txt", "Pasal 5"),
        ("real_perwali_serang_15_2017_dlh_web_partial.txt",
         "(1) Dinas dipimpin oleh Kepala Dinas yang berada dibawah dan bertanggungjawab kepada "
         "Walikota melalui Sekretaris Daerah."),
        ("real_perbup_banyuwangi_unk_unk_inspektorat_web_fragment.txt",
         "(1) Inspektorat  merupakan  unsur  pengawas  penyelenggaraan pemerintahan daerah;"),
    ],
)  # fmt: skip
def test_real_body_text_pasted_after_the_closing_block_is_reported(name: str, first: str) -> None:
    """Real text of other regions' regulations (a body without title block or closing) pasted
    after a whole regulation: not a second regulation (no title block, no opening), but reported
    from its first heading or ayat to its last line."""
    partial = text_of(REAL_PARTIAL / name)
    text = joined(text_of(PERBUP_3), partial)
    doc = parse_document(text, "pasted.txt")
    offset = line_count(text_of(PERBUP_3))
    [(start, end, shown)] = doc.after_closing
    assert (start, end) == (offset + line_of(partial, first), offset + line_count(partial))
    assert shown == " ".join(first.split())


# What may follow a regulation's closing block in the genre, none of it reported.
PENJELASAN = """
PENJELASAN
ATAS
PERATURAN BUPATI MEKARSARI
NOMOR 3 TAHUN 2024
TENTANG
KEDUDUKAN, SUSUNAN ORGANISASI, TUGAS DAN FUNGSI SERTA TATA KERJA
DINAS PERPUSTAKAAN DAN KEARSIPAN

I. UMUM

Peraturan Bupati ini disusun dalam rangka penyederhanaan birokrasi.

II. PASAL DEMI PASAL

Pasal 1
Cukup jelas.

Pasal 2
Ayat (1)
Cukup jelas.

TAMBAHAN BERITA DAERAH KABUPATEN MEKARSARI NOMOR 3
"""
AUTHENTICATION = """
Salinan sesuai dengan aslinya
KEPALA BAGIAN HUKUM,

ttd.

SITI AMINAH, S.H.
NIP. 19700101 199503 2 001

- 12 -
"""
LAMPIRAN_II = """
LAMPIRAN II
PERATURAN BUPATI BEKASI
NOMOR 99 TAHUN 2021
TENTANG KEWENANGAN, KEDUDUKAN, SUSUNAN ORGANISASI, TUGAS DAN FUNGSI SERTA TATA KERJA

BAB I
PENDAHULUAN

1. Latar Belakang
Pasal 5 ayat (1) menyebut bagan ini.

Plt. BUPATI BEKASI,

ttd.

AKHMAD MARJUKI
"""


@pytest.mark.parametrize(
    ("source", "after"),
    [(PERBUP_3, PENJELASAN), (PERBUP_3, AUTHENTICATION), (SEED, LAMPIRAN_II),
     (SEED, AUTHENTICATION + LAMPIRAN_II + PENJELASAN)],
)  # fmt: skip
def test_what_normally_follows_the_closing_block_is_not_reported(source: Path, after: str) -> None:
    text = joined(text_of(source), after)
    assert parse_document(text, source.name).after_closing == []
    assert not any("closing block" in w for w in build_graph(text, source.name, BASE).warnings)


@pytest.mark.parametrize("source", [SEED, PERWAL, PERWAL_OCR, PERBUP_3, PERBUP_4])
def test_the_project_texts_end_with_their_closing_block(source: Path) -> None:
    assert parse_document(text_of(source), source.name).after_closing == []


def test_cli_prints_the_warning_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "appended.txt"
    source.write_text(joined(text_of(PERWAL), "", EXTRA_PASAL), encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "graph")]) == 0
    first = line_count(text_of(PERWAL)) + 2
    printed = capsys.readouterr().out
    assert f"  warning: lines {first}-{first + 2}: after the closing block" in printed
    assert (tmp_path / "graph" / f"{PERWAL_SLUG}.nq").exists()


# -- size cap ------------------------------------------------------------------------------------
def test_default_cap_is_generous() -> None:
    """A regulation text is tens to hundreds of KB (the seed: 79 KB); the cap leaves room for a
    hundred times that."""
    assert 100 * SEED.stat().st_size <= DEFAULT_MAX_SOURCE_BYTES


def test_file_over_the_cap_is_refused_with_its_size(tmp_path: Path, out: Path) -> None:
    size = SEED.stat().st_size
    before = snapshot(out)
    with pytest.raises(PipelineError) as raised:
        build_files([SEED], out, BASE, max_bytes=size - 1)
    assert raised.value.source == str(SEED) and raised.value.line is None
    assert f"{size:,} bytes" in raised.value.message
    assert f"cap of {size - 1:,} bytes" in raised.value.message
    assert snapshot(out) == before
    [built] = build_files([SEED], tmp_path / "exact", BASE, max_bytes=size)  # at the cap: read
    assert built.slug == "perbup-kab-bekasi-2021-99"


def test_a_50_mb_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "copies.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB that cost nothing
    reads: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(pipeline_build.os, "read", counting_read)
    with pytest.raises(PipelineError) as raised:
        read_source(big, DEFAULT_MAX_SOURCE_BYTES)
    assert f"{50 * 1024 * 1024:,} bytes" in raised.value.message
    assert sum(reads) == 0


def test_a_stream_is_read_up_to_the_cap_only(tmp_path: Path) -> None:
    """A FIFO whose writer never stops: refused after cap + 1 bytes, the writer is left to see
    its reader go."""
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    written: list[int] = []

    def endless_writer() -> None:
        chunk = b"PERATURAN BUPATI X\n" * 64
        try:
            with fifo.open("wb") as f:
                while True:
                    f.write(chunk)
                    written.append(len(chunk))
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=endless_writer, daemon=True)
    writer.start()
    with pytest.raises(PipelineError) as raised:
        read_source(fifo, 4096)
    writer.join(timeout=30)
    assert not writer.is_alive()
    assert "more than the cap of 4,096 bytes" in raised.value.message


@contextlib.contextmanager
def fifo_giving(folder: Path, data: bytes) -> Iterator[Path]:
    """A FIFO a thread writes `data` into once a reader opens it (a pipe given as FILE)."""
    fifo = folder / "stream.txt"
    os.mkfifo(fifo)

    def writer() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as f:
            f.write(data)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    yield fifo
    thread.join(timeout=30)
    assert not thread.is_alive()


def test_a_stream_under_the_cap_builds(tmp_path: Path) -> None:
    with fifo_giving(tmp_path, PERWAL.read_bytes()) as fifo:
        [built] = build_files([fifo], tmp_path / "graph", BASE)
    assert built.slug == PERWAL_SLUG


@pytest.mark.parametrize(("size", "accepted"), [(4096, True), (4097, False)])
def test_a_stream_at_the_cap_is_read_one_byte_over_is_not(
    tmp_path: Path, size: int, accepted: bool
) -> None:
    with fifo_giving(tmp_path, b"a" * size) as fifo:
        if accepted:
            assert read_source(fifo, 4096) == "a" * size
        else:
            with pytest.raises(PipelineError, match="more than the cap of 4,096 bytes"):
                read_source(fifo, 4096)


def _limit_memory() -> None:  # in the child: 2 GiB of address space, so that a regression fails
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))  # fast instead of swapping


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sotk_kg.cli", "build", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        preexec_fn=_limit_memory,
        timeout=120,
    )


def test_cli_build_dev_zero_is_refused(out: Path) -> None:
    before = snapshot(out)
    done = run_cli("/dev/zero", "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert "/dev/zero: more than the cap of 10 MiB (10,485,760 bytes)" in done.stderr
    assert "--max-size" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize(("option", "limit"), [("1000", 1000), ("64K", 65536), ("2M", 2097152)])
def test_cli_max_size_option(
    option: str, limit: int, out: Path, capsys: pytest.CaptureFixture
) -> None:
    size = SEED.stat().st_size  # 78,875 bytes: over 1000 and 64K, under 2M
    code = main(["build", str(SEED), "--out", str(out), "--max-size", option])
    err = capsys.readouterr().err
    if size > limit:
        assert code == 2 and f"cap of {limit:,} bytes" in err
    else:
        assert code == 0 and (out / "perbup-kab-bekasi-2021-99.nq").exists()


@pytest.mark.parametrize("option", ["0", "-5", "ten", "10X", "1.5M"])
def test_cli_max_size_must_be_a_positive_size(option: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["build", str(SEED), "--max-size", option])
    assert exited.value.code == 2
    assert "--max-size" in capsys.readouterr().err


def test_a_binary_file_under_the_cap_is_refused_as_not_utf8(tmp_path: Path, out: Path) -> None:
    binary = tmp_path / "scan.bin"  # a .pdf is read as a PDF (tests/pipeline/test_pdf_input.py)
    binary.write_bytes(b"%PDF-1.4\n\xff\xfe\x00\x01")
    before = snapshot(out)
    with pytest.raises(PipelineError, match="cannot read as UTF-8 text"):
        build_files([binary], out, BASE)
    assert snapshot(out) == before


# -- nothing left behind -------------------------------------------------------------------------
def test_keyboard_interrupt_leaves_the_folder_as_it_was(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = pipeline_build.build_graph
    calls: list[str] = []

    def interrupted_on_second(
        text: str, source_name: str, *args: Any, **kwargs: Any
    ) -> BuildResult:
        calls.append(source_name)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(text, source_name, *args, **kwargs)

    monkeypatch.setattr(pipeline_build, "build_graph", interrupted_on_second)
    before = snapshot(out)
    with pytest.raises(KeyboardInterrupt):
        build_files([PERWAL, SEED], out, BASE)
    assert snapshot(out) == before


def test_a_failing_first_input_does_not_create_the_output_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "graph"
    with pytest.raises(PipelineError):
        build_files([FIXTURES / "not-a-regulation.txt"], target, BASE)
    assert not (tmp_path / "new").exists()


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def blocked_build(tmp_path: Path, out: Path) -> Iterator[tuple[subprocess.Popen, Path]]:
    """`sotk-kg build PERWAL FIFO`: the Perwal is built and staged, then the build waits on a
    FIFO no one writes to (a parse that never ends, without costing anything)."""
    fifo = tmp_path / "never.txt"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sotk_kg.cli", "build", str(PERWAL), str(fifo), "--out", str(out)],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # a suite started in the background (`scripts/test &`) ignores SIGINT, and so would the
        # child: as from a terminal, Python then turns SIGINT into KeyboardInterrupt
        preexec_fn=_default_sigint,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(out.glob(f"{STAGING_PREFIX}*/{PERWAL_SLUG}.nq")):
            assert proc.poll() is None and time.monotonic() < deadline, "the build never staged"
            time.sleep(0.05)
        yield proc, out
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stopped_build_removes_its_staging_folder(
    blocked_build: tuple[subprocess.Popen, Path], signum: int
) -> None:
    proc, out = blocked_build
    proc.send_signal(signum)
    assert proc.wait(timeout=60) == 128 + signum
    assert [p.name for p in out.iterdir()] == [f"{PERWAL_SLUG}.ttl"]
    assert (out / f"{PERWAL_SLUG}.ttl").read_text(encoding="utf-8") == "# the previous build\n"


def test_a_killed_build_leaves_a_folder_the_next_build_removes(
    blocked_build: tuple[subprocess.Popen, Path],
) -> None:
    """SIGKILL (the kernel's OOM killer) cannot be caught: the staging folder stays, named with
    the dead build's PID, and the next build that succeeds removes it. A folder of a live
    process (a build running beside this one) and other hidden folders are kept."""
    proc, out = blocked_build
    proc.kill()
    proc.wait()
    [orphan] = out.glob(f"{STAGING_PREFIX}*")
    assert orphan.name.startswith(f"{STAGING_PREFIX}{proc.pid}-")
    live = out / f"{STAGING_PREFIX}{os.getpid()}-running"
    live.mkdir()
    other = out / ".sotk-build-notes"
    other.mkdir()
    report = pipeline_build.build_and_write([PERWAL], out, BASE)
    assert report.swept == [orphan]
    assert not orphan.exists() and live.is_dir() and other.is_dir()
    assert (out / f"{PERWAL_SLUG}.ttl").read_text(encoding="utf-8") != "# the previous build\n"


# -- exit codes ----------------------------------------------------------------------------------
def test_help_documents_the_exit_codes_and_the_cap(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Exit 0" in text and "2 when" in text
    assert "one regulation per file" in text
    assert "--max-size" in text and "10M" in text


@pytest.mark.parametrize("char", ["\x01", "\x00", "\x0b", "\x1b", "\ufffe"])
def test_control_characters_are_refused_with_their_line(tmp_path: Path, char: str) -> None:
    """A character no regulation text holds (a damaged or binary file) is refused with its line
    and column, not built into the graph where XML formats cannot carry it."""
    lines = text_of(SEED).splitlines(keepends=True)
    lines[9] = lines[9][:3] + char + lines[9][3:]
    damaged = tmp_path / "damaged.txt"
    damaged.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        read_source(damaged)
    assert info.value.line == 10
    assert f"U+{ord(char):04X} at column 4" in info.value.message


def test_tab_and_form_feed_are_text(tmp_path: Path) -> None:
    """pdftotext separates pages with a form feed; tabs and CR LF line ends are text too."""
    source = tmp_path / "pages.txt"
    source.write_text("a\tb\r\n\x0cc\n", encoding="utf-8")
    assert read_source(source) == "a\tb\r\n\x0cc\n"
