"""Synthetic SOTK regulations of every kind of perangkat daerah, with the posts, units and
reporting lines each one establishes.

bench/corpus.py renders Dinas on the seed's template; this module renders the other kinds the
pipeline reads (tests/fixtures/README.md): Dinas with UPTD and Sub Koordinator per substansi,
Badan with Sub Bidang, Inspektorat with Inspektur Pembantu, Kecamatan with Seksi and Kelurahan,
Satuan Polisi Pamong Praja with Seksi, Sekretariat DPRD with Bagian, under Perbup / Perwal /
Pergub, in several list-marker and heading styles, some with OCR-like damage. The expectation
(`Generated.expected`) comes from the model the text is written from, never from parsing it.

Regulation i depends only on (seed, i): a corpus of 10 is the first 10 of a corpus of 100.

    python -m bench.kinds 100 --out /tmp/kinds [--seed 7]
    python -m bench.kinds 100 --build   # build each text, compare, print the mix and the time
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

DEFAULT_SEED = 20261204
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
KJF = "Kelompok Jabatan Fungsional"
PF = "Pejabat Fungsional"

# (jenis, word in "Peraturan <word>", region word); Perwal is written "Wali Kota" as in the fixtures
JENIS = (
    ("perbup", "Bupati", "Kabupaten"),
    ("perwal", "Wali Kota", "Kota"),
    ("pergub", "Gubernur", "Provinsi"),
)
REGIONS = (
    "Mekarsari",
    "Sukamaju",
    "Tanjung Mekar",
    "Rawajaya",
    "Bukit Harapan",
    "Sindangsari",
    "Kalibening",
    "Pasirlaya",
)
KELURAHAN = ("Sukamulya", "Mulyajaya", "Cikaret", "Babakan", "Margasari", "Pasirluhur", "Kebonjati")
SIGNERS = ("DEWI LESTARI", "AGUS PRASETYO", "RINA KUSUMAWATI", "BAMBANG SETIAWAN", "SITI RAHAYU")
# Unit names per kind of branch; a branch may hold sub-units named from the second list.
BIDANG_DINAS = ("Bidang Destinasi", "Bidang Pemasaran", "Bidang Ekonomi Kreatif", "Bidang Industri")
BIDANG_BADAN = (
    "Bidang Mutasi dan Promosi",
    "Bidang Pengembangan Kompetensi",
    "Bidang Pengadaan dan Informasi",
)
SUB_BIDANG = (
    "Sub Bidang Mutasi",
    "Sub Bidang Promosi",
    "Sub Bidang Data",
    "Sub Bidang Informasi",
    "Sub Bidang Diklat",
    "Sub Bidang Pengadaan",
)
BIDANG_SATPOL = (
    "Bidang Penegakan Peraturan Daerah",
    "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
    "Bidang Perlindungan Masyarakat",
)
SEKSI_SATPOL = (
    "Seksi Penyelidikan dan Penyidikan",
    "Seksi Pembinaan dan Penyuluhan",
    "Seksi Operasi dan Pengendalian",
)
SEKSI_KECAMATAN = (
    "Seksi Pemerintahan",
    "Seksi Ketenteraman dan Ketertiban Umum",
    "Seksi Pemberdayaan Masyarakat",
    "Seksi Pelayanan Umum",
)
BAGIAN_DPRD = ("Bagian Umum", "Bagian Persidangan dan Perundang-undangan", "Bagian Keuangan")
SUB_BAGIAN_DPRD = ("Sub Bagian Tata Usaha", "Sub Bagian Rumah Tangga", "Sub Bagian Protokol")
SUB_BAGIAN = ("Sub Bagian Umum dan Kepegawaian", "Sub Bagian Perencanaan dan Keuangan")
SUBSTANSI = (
    "Pengembangan Destinasi",
    "Pengelolaan Daya Tarik Wisata",
    "Promosi",
    "Kemitraan",
    "Data dan Informasi",
    "Sarana Prasarana",
)
IRBAN = (
    "Inspektur Pembantu Wilayah I",
    "Inspektur Pembantu Wilayah II",
    "Inspektur Pembantu Wilayah III",
    "Inspektur Pembantu Khusus",
)
UPTD = ("UPTD Taman Wisata", "UPTD Pengujian Kendaraan Bermotor", "UPTD Laboratorium")
KINDS = ("Dinas", "Badan", "Inspektorat", "Kecamatan", "SatuanPolisiPamongPraja", "SekretariatDPRD")
MARKERS = ("a.", "a)", "1)")  # the style of the definition and susunan lists
OCR_DAMAGE = ("split_title_number", "letter_l_for_1", "pasa1", "glued_page_number")


@dataclass
class Branch:
    """A unit reporting to the head (Bidang, Seksi, Bagian, Kelurahan, UPTD) and its sub-units."""

    unit: str
    post: str  # "Kepala Bidang", "Lurah", ...: the post as the dipimpin clause names it
    label: str  # the post's full name
    subs: list[tuple[str, str]] = field(default_factory=list)  # (sub-unit, post word)
    koordinators: list[str] = field(default_factory=list)  # Sub Koordinator posts (no unit)


@dataclass
class Model:
    kind: str
    pd: str  # how the text names the perangkat daerah ("Dinas", "Satpol PP")
    pd_full: str  # its definition ("Dinas Pariwisata")
    head: str  # "Kepala Dinas"
    sekretariat: tuple[str, str] | None  # (unit, post) or None
    sub_bagian: list[str]
    branches: list[Branch]
    irban: list[str]  # Inspektorat: posts without units


@dataclass
class Generated:
    stem: str
    text: str
    # jenis, pd_class, units, superior (post label -> superior label), pasal count, style
    expected: dict[str, Any]


def _pick(r: random.Random, pool: tuple[str, ...], lo: int, hi: int) -> list[str]:
    return r.sample(pool, r.randint(lo, min(hi, len(pool))))


def model(r: random.Random, kind: str) -> Model:
    if kind == "Dinas":
        branches = []
        substansi = iter(r.sample(SUBSTANSI, len(SUBSTANSI)))
        for name in _pick(r, BIDANG_DINAS, 1, 3):
            b = Branch(name, "Kepala Bidang", f"Kepala {name}")
            if r.random() < 0.5:
                b.koordinators = [
                    f"Sub Koordinator {next(substansi)}" for _ in range(r.randint(1, 2))
                ]
            branches.append(b)
        for name in _pick(r, UPTD, 1, 2):
            branches.append(
                Branch(
                    name,
                    "Kepala UPTD",
                    f"Kepala {name}",
                    [(f"Sub Bagian Tata Usaha {name}", "Kepala Sub Bagian Tata Usaha")],
                )
            )
        return Model(
            kind,
            "Dinas",
            "Dinas Pariwisata",
            "Kepala Dinas",
            ("Sekretariat", "Sekretaris"),
            _pick(r, SUB_BAGIAN, 0, 2),
            branches,
            [],
        )
    if kind == "Badan":
        subs = iter(r.sample(SUB_BIDANG, len(SUB_BIDANG)))
        branches = [
            Branch(
                n,
                "Kepala Bidang",
                f"Kepala {n}",
                [(next(subs), "Kepala Sub Bidang") for _ in range(r.randint(0, 2))],
            )
            for n in _pick(r, BIDANG_BADAN, 1, 3)
        ]
        return Model(
            kind,
            "Badan",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            "Kepala Badan",
            ("Sekretariat", "Sekretaris"),
            _pick(r, SUB_BAGIAN, 1, 2),
            branches,
            [],
        )
    if kind == "Inspektorat":
        return Model(
            kind,
            "Inspektorat",
            "Inspektorat",
            "Inspektur",
            ("Sekretariat", "Sekretaris"),
            _pick(r, SUB_BAGIAN, 1, 2),
            [],
            sorted(_pick(r, IRBAN, 1, 4), key=IRBAN.index),
        )
    if kind == "Kecamatan":
        branches = [
            Branch(n, "Kepala Seksi", f"Kepala {n}") for n in _pick(r, SEKSI_KECAMATAN, 1, 3)
        ]
        branches += [
            Branch(f"Kelurahan {n}", "Lurah", f"Lurah {n}") for n in _pick(r, KELURAHAN, 1, 3)
        ]
        return Model(
            kind,
            "Kecamatan",
            "Kecamatan",
            "Camat",
            ("Sekretariat Kecamatan", "Sekretaris Kecamatan"),
            ["Sub Bagian Umum dan Kepegawaian"],
            branches,
            [],
        )
    if kind == "SatuanPolisiPamongPraja":
        seksi = iter(r.sample(SEKSI_SATPOL, len(SEKSI_SATPOL)))
        branches = [
            Branch(
                n,
                "Kepala Bidang",
                f"Kepala {n}",
                [(next(seksi), "Kepala Seksi") for _ in range(r.randint(0, 1))],
            )
            for n in _pick(r, BIDANG_SATPOL, 1, 3)
        ]
        return Model(
            kind,
            "Satpol PP",
            "Satuan Polisi Pamong Praja",
            "Kepala Satuan",
            ("Sekretariat", "Sekretaris"),
            ["Sub Bagian Umum dan Keuangan"],
            branches,
            [],
        )
    subs = iter(r.sample(SUB_BAGIAN_DPRD, len(SUB_BAGIAN_DPRD)))
    branches = [
        Branch(
            n,
            "Kepala Bagian",
            f"Kepala {n}",
            [(next(subs), "Kepala Sub Bagian") for _ in range(r.randint(0, 1))],
        )
        for n in _pick(r, BAGIAN_DPRD, 1, 3)
    ]
    return Model(
        kind, "Sekretariat DPRD", "Sekretariat DPRD", "Sekretaris DPRD", None, [], branches, []
    )


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def marker(style: str, i: int) -> str:
    """The i-th (0-based) marker of a list in `style` ("a." / "a)" / "1)")."""
    label = str(i + 1) if style[0] == "1" else LETTERS[i]
    return label + style[1]


def nested(style: str, i: int) -> str:
    """Items under a lettered item are numbered; under a numbered one, lettered."""
    return f"{i + 1}." if style[0] != "1" else f"{LETTERS[i]}."


def listed(names: list[str]) -> list[str]:
    """'; ' after each item, '; dan' before the last, '.' after it (the caller fixes the end)."""
    return [n + ("; dan" if i == len(names) - 2 else ";") for i, n in enumerate(names)]


@dataclass
class Doc:
    lines: list[str] = field(default_factory=list)
    pasal: int = 0
    bab: int = 0

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


class Writer:
    def __init__(
        self,
        r: random.Random,
        m: Model,
        jenis: tuple[str, str, str],
        region: str,
        damage: list[str],
        index: int,
    ):
        self.r, self.m = r, m
        self.jenis, self.head_word, self.region_word = jenis
        self.region = region
        self.region_head = f"{self.head_word} {region}"
        self.style = r.choice(MARKERS)
        self.caps = r.random() < 0.5  # "BAB I" / "KETENTUAN UMUM" or "Bab I" / "Ketentuan Umum"
        self.damage = damage
        # Unique in the corpus (two texts of one region, year and number would be one regulation):
        # the text's index and a last digit; "l" for "1" needs a 1, so a damaged text's number
        # ends in 1 and no other one does.
        last = 1 if "letter_l_for_1" in damage else r.randint(2, 9)
        self.number = int(f"{index + 1}{last}")
        self.year = r.randint(2019, 2025)
        self.doc = Doc()
        self.superior: dict[str, str] = {}
        self.units: set[str] = set()

    # -- small pieces ------------------------------------------------------------------------
    def bab(self, title: str) -> None:
        self.doc.bab += 1
        numeral = ROMAN[self.doc.bab - 1]
        head = f"BAB {numeral}" if self.caps else f"Bab {numeral}"
        self.doc.add(head, title.upper() if self.caps else title.title(), "")

    def pasal(self, *body: str) -> None:
        self.doc.pasal += 1
        n = self.doc.pasal
        head = f"Pasal {n}"
        if "pasa1" in self.damage and n % 4 == 3:
            head = f"Pasa1 {n}"
        if "glued_page_number" in self.damage and n % 4 == 2:
            head = f"- {n + 1} -{head}"
        self.doc.add(head, "", *body, "")
        if "glued_page_number" in self.damage and n % 4 == 0:
            self.doc.add(f"- {n + 1} -", "")

    def reports(self, post: str, superior: str) -> None:
        self.superior[post] = superior

    def dipimpin(self, unit: str, post: str, label: str, superior: str) -> str:
        self.units.add(unit)
        self.reports(label, superior)
        return (
            f"{unit} dipimpin oleh seorang {post} yang berada di bawah dan bertanggung jawab "
            f"kepada {superior}."
        )

    @staticmethod
    def ayat(sentences: list[str]) -> list[str]:
        if len(sentences) == 1:
            return sentences
        return [f"({i + 1}) {s}" for i, s in enumerate(sentences)]

    # -- the text ----------------------------------------------------------------------------
    def render(self) -> str:
        m, hw = self.m, self.head_word
        regulation = f"Peraturan {hw}"
        about = (
            f"KEDUDUKAN, SUSUNAN ORGANISASI, TUGAS DAN FUNGSI SERTA TATA KERJA\n{m.pd_full.upper()}"
        )
        region_upper = f"{hw.upper()} {self.region.upper()}"
        number = str(self.number)
        if "letter_l_for_1" in self.damage:
            number = number.replace("1", "l")
        if "split_title_number" in self.damage:
            title = [f"PERATURAN {region_upper}", f"NOMOR {number}", f"TAHUN {self.year}"]
        else:
            title = [f"PERATURAN {region_upper}", f"NOMOR {number} TAHUN {self.year}"]
        d = self.doc
        d.add(*title, "", "TENTANG", "", *about.split("\n"), "")
        d.add("DENGAN RAHMAT TUHAN YANG MAHA ESA", "", f"{region_upper},", "")
        d.add(
            "Menimbang : a. bahwa untuk melaksanakan ketentuan Peraturan Daerah tentang "
            f"Pembentukan dan Susunan Perangkat Daerah, perlu mengatur kedudukan, susunan "
            f"organisasi, tugas dan fungsi serta tata kerja {m.pd_full};",
            "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu "
            f"menetapkan {regulation};",
            "",
            "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah "
            "(Lembaran Negara Republik Indonesia Tahun 2014 Nomor 244, Tambahan Lembaran Negara "
            "Republik Indonesia Nomor 5587);",
            "2. Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah (Lembaran "
            "Negara Republik Indonesia Tahun 2016 Nomor 114, Tambahan Lembaran Negara Republik "
            "Indonesia Nomor 5887);",
            "",
            "MEMUTUSKAN",
            "",
            f"Menetapkan : PERATURAN {hw.upper()} TENTANG {' '.join(about.split())}.",
            "",
        )
        self.bab("Ketentuan Umum")
        self.definitions()
        self.bab("Susunan Organisasi")
        self.organisation()
        self.bab("Ketentuan Penutup")
        self.pasal(f"{regulation} ini mulai berlaku pada tanggal diundangkan.")
        region_label = f"{self.region_word} {self.region}"
        signer, promulgator = self.r.sample(SIGNERS, 2)
        day = f"{self.r.randint(1, 28)} Mei {self.year}"
        d.add(
            f"Agar setiap orang mengetahuinya, memerintahkan pengundangan {regulation} ini dengan "
            f"penempatannya dalam Berita Daerah {region_label}.",
            "",
            f"Ditetapkan di {self.region}",
            f"pada tanggal {day}",
            "",
            f"{region_upper},",
            "",
            "ttd.",
            "",
            signer,
            "",
            f"Diundangkan di {self.region}",
            f"pada tanggal {day}",
            "",
            f"SEKRETARIS DAERAH {region_label.upper()},",
            "",
            "ttd.",
            "",
            promulgator,
            "",
            f"BERITA DAERAH {region_label.upper()} TAHUN {self.year} NOMOR {self.number}",
        )
        return "\n".join(d.lines) + "\n"

    def definitions(self) -> None:
        m, region_label = self.m, f"{self.region_word} {self.region}"
        texts = [
            f"Daerah adalah {region_label}.",
            f"{self.head_word} adalah {self.region_head}.",
            f"Sekretaris Daerah adalah Sekretaris Daerah {region_label}.",
        ]
        if m.kind == "SatuanPolisiPamongPraja":
            texts.append(
                f"Satuan Polisi Pamong Praja yang selanjutnya disebut Satpol PP adalah Satuan "
                f"Polisi Pamong Praja {region_label}."
            )
        elif m.kind == "SekretariatDPRD":
            texts.append(
                "Sekretariat Dewan Perwakilan Rakyat Daerah yang selanjutnya disebut Sekretariat "
                f"DPRD adalah Sekretariat DPRD {region_label}."
            )
        elif m.kind == "Kecamatan":
            texts.append(f"Kecamatan adalah Kecamatan {self.region} {region_label}.")
        else:
            texts.append(f"{m.pd} adalah {m.pd_full} {region_label}.")
        lines = [f"{marker(self.style, i)} {t}" for i, t in enumerate(texts)]
        self.pasal(f"Dalam Peraturan {self.head_word} ini yang dimaksud dengan:", *lines)

    def organisation(self) -> None:
        m = self.m
        self.reports(m.head, self.region_head)
        lead = (
            f"{m.pd} dipimpin oleh seorang {m.head} yang berada di bawah dan bertanggung jawab "
            f"kepada {self.head_word} melalui Sekretaris Daerah."
        )
        items = [m.head]
        nested_lines: dict[int, list[str]] = {}
        if m.sekretariat:
            unit, _ = m.sekretariat
            if m.sub_bagian:
                items.append(f"{unit}, membawahkan:")
                nested_lines[len(items) - 1] = m.sub_bagian
            else:
                items.append(unit)
        for b in m.branches:
            below = [s for s, _ in b.subs] + b.koordinators
            items.append(f"{b.unit}, membawahkan:" if below else b.unit)
            if below:
                nested_lines[len(items) - 1] = below
        items += m.irban
        items.append(KJF)
        lines = []
        for i, item in enumerate(items):
            last = i == len(items) - 1
            end = "." if last else ("; dan" if i == len(items) - 2 else ";")
            text = item if item.endswith(":") else item + end
            lines.append(f"{marker(self.style, i)} {text}")
            for j, sub in enumerate(nested_lines.get(i, [])):
                sub_end = "; dan" if j == len(nested_lines[i]) - 2 else ";"
                sub_end = end if j == len(nested_lines[i]) - 1 else sub_end
                lines.append(f"{nested(self.style, j)} {sub}{sub_end}")
        self.pasal(*self.ayat([lead, f"Susunan organisasi {m.pd} terdiri dari:"]), *lines)
        if m.sekretariat:
            unit, post = m.sekretariat
            sentences = [self.dipimpin(unit, f"{post}", post, m.head)]
            for sb in m.sub_bagian:
                sentences.append(self.dipimpin(sb, "Kepala Sub Bagian", f"Kepala {sb}", post))
            self.pasal(*self.ayat(sentences))
        for b in m.branches:
            sentences = [self.dipimpin(b.unit, b.post, b.label, m.head)]
            if b.unit.startswith("UPTD"):
                sentences[0] = sentences[0].replace(
                    " dipimpin", " merupakan UPTD kelas A yang dipimpin", 1
                )
            for sub, word in b.subs:
                label = word + sub.removeprefix(" ".join(word.split()[1:]))
                sentences.append(self.dipimpin(sub, word, label, b.label))
            for k in b.koordinators:
                self.reports(k, b.label)
                sentences.append(f"{k} berada di bawah dan bertanggung jawab kepada {b.label}.")
            self.pasal(*self.ayat(sentences))
        if m.irban:
            for irban in m.irban:
                self.reports(irban, m.head)
            self.pasal(
                f"{', '.join(m.irban)} masing-masing berada di bawah dan bertanggung jawab kepada "
                f"{m.head}."
                if len(m.irban) > 1
                else f"{m.irban[0]} berada di bawah dan bertanggung jawab kepada {m.head}."
            )
        if any(b.koordinators for b in m.branches):
            self.pasal(
                *self.ayat(
                    [
                        "Sub Koordinator diangkat dari pejabat fungsional yang paling rendah "
                        "menduduki jenjang Ahli Muda.",
                        "Dalam hal tidak terdapat pejabat fungsional jenjang Ahli Muda, Sub "
                        "Koordinator dapat diangkat dari pejabat fungsional jenjang Ahli Pertama "
                        "atau Penyelia.",
                    ]
                )
            )
        self.units.add(KJF)
        self.reports(PF, m.head)
        self.pasal(f"{KJF} berada di bawah dan bertanggung jawab kepada {m.head}.")


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------


def generate_one(seed: int, index: int) -> Generated:
    r = random.Random(f"{seed}/{index}")
    kind = KINDS[index % len(KINDS)]  # every kind in any 6 consecutive texts
    jenis_choices = JENIS[:2] if kind == "Kecamatan" else JENIS  # no Kecamatan under a Gubernur
    jenis = jenis_choices[(index // len(KINDS)) % len(jenis_choices)]
    region = r.choice(REGIONS)
    m = model(r, kind)
    # a third of the texts are damaged, two kinds of damage each in turn (all four in 12 texts)
    damage = []
    if index % 3 == 2:
        k = index // 3
        damage = [d for j, d in enumerate(OCR_DAMAGE) if j in (k % 4, (k + 1) % 4)]
    w = Writer(r, m, jenis, region, damage, index)
    text = w.render()
    stem = f"{jenis[0]}-contoh-{w.year}-{w.number}-{kind.lower()}-{index}"
    return Generated(
        stem,
        text,
        {
            "generator": {"module": "bench.kinds", "seed": seed, "index": index},
            "jenis": jenis[0],
            "nomor": str(w.number),
            "tahun": str(w.year),
            "pd_class": kind,
            "pasal": w.doc.pasal,
            "units": sorted(w.units),
            "superior": w.superior,
            "style": {"markers": w.style, "caps": w.caps, "ocr": w.damage},
        },
    )


def generate(n: int, seed: int = DEFAULT_SEED) -> list[Generated]:
    return [generate_one(seed, i) for i in range(n)]


def write_corpus(n: int, out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for g in generate(n, seed):
        path = out_dir / f"{g.stem}.txt"
        path.write_text(g.text, encoding="utf-8")
        (out_dir / f"{g.stem}.expected.json").write_text(
            json.dumps(g.expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        paths.append(path)
    return paths


def differences(graph: Graph, expected: dict) -> list[str]:
    """How a built graph differs from a text's expectation: posts and their one superior, units
    (by label); [] when it holds what the text establishes."""
    from sotk_kg.pipeline.terms import ORG, RDF, SKOS, SOTK

    posts = {
        p for p in graph.subjects(SOTK.establishedBy, None) if (p, RDF.type, ORG.Post) in graph
    }
    found = {
        str(graph.value(p, SKOS.prefLabel)): [
            str(graph.value(s, SKOS.prefLabel)) for s in graph.objects(p, SOTK.reportsDirectlyTo)
        ]
        for p in posts
    }
    units = {
        str(graph.value(u, SKOS.prefLabel)) for u in graph.subjects(RDF.type, SOTK.UnitOrganisasi)
    }
    out = []
    want = {k: [v] for k, v in expected["superior"].items()}
    if found != want:
        wrong = sorted(k for k in found.keys() | want.keys() if found.get(k) != want.get(k))
        out.append(f"posts/superiors differ: {', '.join(wrong[:3])}")
    if units != set(expected["units"]):
        out.append(f"units differ: {', '.join(sorted(units ^ set(expected['units']))[:3])}")
    return out


def build_and_compare(n: int, seed: int) -> int:
    """Build each text through the pipeline, compare posts/superiors and units with the
    expectation, print the mix of the corpus and the build time."""
    from collections import Counter

    from sotk_kg.pipeline.build import build_graph

    corpus = generate(n, seed)
    for aspect, key in (("kinds", "pd_class"), ("jenis", "jenis")):
        print(aspect, dict(Counter(g.expected[key] for g in corpus)))
    print("markers", dict(Counter(g.expected["style"]["markers"] for g in corpus)))
    print("ocr", dict(Counter(d for g in corpus for d in g.expected["style"]["ocr"])))
    wrong, seconds = 0, 0.0
    for g in corpus:
        start = time.perf_counter()
        graph = build_graph(g.text, f"{g.stem}.txt", "https://example.org/kg").graph
        seconds += time.perf_counter() - start
        if differences(graph, g.expected):
            wrong += 1
            print("differs:", g.stem)
    print(f"{n} texts built in {seconds:.2f} s ({1000 * seconds / n:.1f} ms each); {wrong} differ")
    return 1 if wrong else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--build", action="store_true", help="build each text and compare")
    args = parser.parse_args(argv)
    if args.build:
        return build_and_compare(args.n, args.seed)
    if args.out is None:
        parser.error("--out or --build is required")
    paths = write_corpus(args.n, args.out, args.seed)
    print(f"{len(paths)} regulations written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
