"""Synthetic SOTK regulation texts with their true structure, for end-to-end tests and benchmarks.

`generate(n, seed)` writes n regulations of the genre of `data/source/perbup-bekasi-99-2021.txt`
and `tests/fixtures/perwal-contoh-2023-7.txt` for fictional regions and offices. Each text comes
with a sidecar: the units and posts it establishes, the duties of each holder by category, every
provision path it contains, the acts it cites and repeals, and which extraction artefacts were
injected where. The sidecar is computed from the model the text is rendered from, never by
parsing the text, so it is an expectation independent of the pipeline.

Regulation i depends only on (seed, i): the corpus of 10 is the first 10 of the corpus of 1,000.

    python -m bench.corpus 100 --out /tmp/corpus [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench import vocab
from bench.vocab import Act, Affair, RegionKind

DEFAULT_SEED = 20261128
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def slugify(text: str) -> str:
    """docs/model.md's slug rule, written here again so the expectation does not share code
    with the pipeline under test."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def act_path(act: Act) -> str:
    return f"eli/id/{act.jenis}/{act.yurisdiksi}/{act.tahun}/{slugify(act.nomor)}"


# ---------------------------------------------------------------------------------------------
# The model a text is rendered from
# ---------------------------------------------------------------------------------------------


@dataclass
class Item:
    """A huruf ("a") or angka ("3") list item, possibly with its own list."""

    marker: str
    text: str
    children: list[Item] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "angka" if self.marker.isdigit() else "huruf"


@dataclass
class Ayat:
    text: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Pasal:
    number: int
    text: str = ""  # a Pasal without ayat: its sentence (the chapeau when it has items)
    items: list[Item] = field(default_factory=list)
    ayat: list[Ayat] = field(default_factory=list)


@dataclass
class Heading:
    kind: str  # "bab" | "bagian" | "paragraf"
    number: int
    title: str
    children: list[Heading | Pasal] = field(default_factory=list)


@dataclass
class Unit:
    name: str
    kind: str  # sotk class: Sekretariat, SubBagian, Bidang, UPTD, KelompokJabatan...
    parent: str | None  # slug of the parent unit; None for a direct unit of the Dinas

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass
class Post:
    name: str
    kind: str  # sotk class: KepalaDinas, Sekretaris, KepalaSubBagian, KepalaBidang, ...
    leads: str | None = None  # slug of the unit it heads
    function: str | None = None  # Sub Koordinator / Koordinator function, as written
    bidang: str | None = None  # the Bidang a Koordinator / Sub Koordinator works in
    duties: Counter[str] = field(default_factory=Counter)  # category slug -> count

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Region:
    kind: RegionKind
    name: str  # "Sukamakmur"
    capital: str

    @property
    def label(self) -> str:  # "Kabupaten Sukamakmur"
        return f"{self.kind.word} {self.name}"

    @property
    def slug(self) -> str:
        return f"{self.kind.slug_prefix}-{slugify(self.name)}"


@dataclass(frozen=True)
class Citation:
    """One Mengingat item: an act, and the acts that amended it."""

    act: Act
    amendments: tuple[Act, ...] = ()
    several_times: bool = False  # "diubah beberapa kali, terakhir dengan"


@dataclass
class Regulation:
    region: Region
    affair: Affair
    number: int
    year: int
    adopted: tuple[int, int]  # (month, day)
    promulgated: tuple[int, int]
    signer: str
    signer_title: str
    promulgator: str
    promulgator_title: str
    title: str  # body title, upper case as written
    menimbang: list[Item]
    mengingat: list[Item]
    citations: list[Citation]
    repeals: list[Act]
    body: list[Heading]
    units: list[Unit]
    posts: list[Post]
    dinas_duties: Counter[str]
    kewenangan_items: int
    definitions: int

    @property
    def head(self) -> str:  # "Bupati"
        return self.region.kind.head

    @property
    def jenis_label(self) -> str:  # "Peraturan Bupati"
        return f"Peraturan {self.head}"

    @property
    def stem(self) -> str:
        k = self.region.kind
        return f"{k.jenis}-{self.region.slug}-{self.number}-{self.year}"

    @property
    def work_path(self) -> str:
        return f"eli/id/{self.region.kind.jenis}/{self.region.slug}/{self.year}/{self.number}"

    @property
    def dinas_slug(self) -> str:
        return slugify(self.affair.dinas)


# ---------------------------------------------------------------------------------------------
# Building one regulation's model
# ---------------------------------------------------------------------------------------------

TUGAS_POKOK = "tugas-pokok"
FUNGSI = "fungsi"
MANAJERIAL = "uraian-tugas-manajerial"
UTAMA = "uraian-tugas-utama"
PENUNJANG = "uraian-tugas-penunjang"
URAIAN = "uraian-tugas"

FUNGSI_TEMPLATES = (
    "penyiapan perumusan kebijakan operasional di bidang {x}",
    "penyiapan pelaksanaan kebijakan operasional di bidang {x}",
    "penyiapan bimbingan teknis dan supervisi di bidang {x}",
    "pengoordinasian pelaksanaan program dan kegiatan di bidang {x}",
    "pemantauan, evaluasi dan pelaporan di bidang {x}",
    "pelaksanaan administrasi di bidang {x}",
)
UTAMA_VERBS = (
    "melaksanakan penyusunan bahan", "menyelenggarakan pengkajian bahan", "mengoordinasikan",
    "melaksanakan", "merencanakan",
)  # fmt: skip
UTAMA_OBJECTS = (
    "perumusan kebijakan dan pedoman teknis", "pelaksanaan dan evaluasi kebijakan",
    "rencana operasional", "pembinaan dan bimbingan teknis", "pengawasan dan pengendalian",
    "analisa data dan informasi", "fasilitasi dan koordinasi", "inventarisasi dan pendataan",
    "monitoring dan evaluasi", "pelayanan dan pengaduan masyarakat", "standarisasi dan "
    "sertifikasi", "kerja sama dan kemitraan", "sosialisasi dan penyuluhan",
    "penyusunan laporan kegiatan",
)  # fmt: skip
PENUNJANG_TEXTS = (
    "menyusun rencana dan mengevaluasi pelaksanaan tugas, menginventarisasi permasalahan "
    "lingkup tugas serta mencari alternatif pemecahannya, menyusun laporan pelaksanaan tugas "
    "dan/atau kegiatan kepada atasan",
    "memberikan saran dan pertimbangan teknis kepada atasan",
    "memberi petunjuk dan membagi tugas kepada bawahan sesuai dengan pedoman dan ketentuan yang "
    "berlaku",
    "melaksanakan tugas kedinasan lainnya yang diberikan oleh pimpinan sesuai dengan tugas "
    "pokok dan fungsi",
)


def _punctuate(texts: list[str], r: random.Random, last: str = ".") -> list[str]:
    """List items end in ';', the one before last often in '; dan', the last in `last`."""
    out = []
    for i, t in enumerate(texts):
        if i == len(texts) - 1:
            out.append(t + last)
        elif i == len(texts) - 2 and r.random() < 0.6:
            out.append(t + "; dan")
        else:
            out.append(t + ";")
    return out


def huruf(texts: list[str], r: random.Random, last: str = ".") -> list[Item]:
    return [Item(LETTERS[i], t) for i, t in enumerate(_punctuate(texts, r, last))]


def angka(texts: list[str], r: random.Random, last: str = ".") -> list[Item]:
    return [Item(str(i + 1), t) for i, t in enumerate(_punctuate(texts, r, last))]


@dataclass
class Style:
    """Per-document choices: which of the genre's variants this text follows."""

    full_duties: bool  # every post has fungsi + three uraian lists (seed) or only some (fixture)
    kewenangan: bool  # a BAB on the Dinas' kewenangan
    unsur_pasal: bool  # a Pasal listing the unsur organisasi (seed Pasal 6)
    split_tugas_fungsi: bool  # Dinas tugas pokok and fungsi in two Bagian (seed) or one Pasal
    bidang_membawahkan_kjf: bool  # "Bidang X membawahkan Kelompok Jabatan Fungsional" (seed)
    koordinator: bool  # one Bidang has a Koordinator between Kepala Bidang and Sub Koordinator
    n_uptd: int  # how many UPTD (0-2)


class Builder:
    """Decides one regulation: region, office, organisation, duties, citations, and the text."""

    def __init__(self, r: random.Random, region: Region, affair: Affair, number: int, year: int):
        self.r = r
        self.region = region
        self.affair = affair
        self.number = number
        self.year = year
        self.pasal_count = 0
        self.units: list[Unit] = []
        self.posts: list[Post] = []
        self.dinas_duties: Counter[str] = Counter()
        self.kewenangan_items = 0
        self.definitions = 0
        self.style = Style(
            full_duties=r.random() < 0.5,
            kewenangan=r.random() < 0.7,
            unsur_pasal=r.random() < 0.5,
            split_tugas_fungsi=r.random() < 0.5,
            bidang_membawahkan_kjf=r.random() < 0.3,
            koordinator=r.random() < 0.25,
            n_uptd=r.choice((0, 0, 1, 1, 2)),
        )
        # The organisation first: the text is written from it.
        self.sub_bagian = list(r.choice(vocab.SUB_BAGIAN_SETS))
        n_bidang = r.randint(2, 5)
        self.bidang = r.sample(affair.bidang, n_bidang)
        self.functions = {
            b: [f"{t} {b}" for t in r.sample(vocab.SUB_KOORDINATOR_FUNCTIONS, r.randint(2, 4))]
            for b in self.bidang
        }
        self.koordinator_bidang = r.choice(self.bidang) if self.style.koordinator else None
        self.uptd = [f"{vocab.UPTD_PREFIX} {b}" for b in r.sample(self.bidang, self.style.n_uptd)]
        # The regional act on Perangkat Daerah every such regulation implements.
        perda_year, perda_no = r.randint(2016, 2019), r.randint(1, 15)
        self.perda = Act(
            "perda",
            region.slug,
            perda_year,
            str(perda_no),
            "Pembentukan dan Susunan Perangkat Daerah",
            f"Lembaran Daerah {region.label} Tahun {perda_year} Nomor {perda_no}",
        )
        self.repeals = self.make_repeals()

    # -- small helpers -----------------------------------------------------------------------
    def next_pasal(self, **kw) -> Pasal:
        self.pasal_count += 1
        return Pasal(self.pasal_count, **kw)

    def add_unit(self, name: str, kind: str, parent: str | None = None) -> Unit:
        unit = Unit(name, kind, parent)
        self.units.append(unit)
        return unit

    def add_post(self, name: str, kind: str, **kw) -> Post:
        post = Post(name, kind, **kw)
        self.posts.append(post)
        return post

    @property
    def head(self) -> str:
        return self.region.kind.head

    @property
    def jenis_label(self) -> str:
        return f"Peraturan {self.head}"

    def _utama(self, scope: str, n: int) -> list[str]:
        combos = [(v, o) for v in UTAMA_VERBS for o in UTAMA_OBJECTS]
        return [f"{v} {o} {scope}" for v, o in self.r.sample(combos, n)]

    def _manajerial(self) -> list[str]:
        terms = [t[1] for t in vocab.PLANNING_TERMS]
        chosen = sorted(self.r.sample(range(len(terms)), self.r.randint(3, len(terms))))
        listed = ", ".join(terms[i] for i in chosen)
        return [
            f"melaksanakan penyusunan bahan {listed} sesuai dengan lingkup tugasnya",
            "melaksanakan penyusunan bahan kebijakan teknis rencana operasional berupa petunjuk "
            "teknis dan Standar Operasional Prosedur (SOP) serta mengoordinasikan pelaksanaan "
            "program dan kegiatan sesuai dengan lingkup tugasnya",
            "melaksanakan penyusunan bahan koordinasi dengan unit kerja terkait",
        ]

    def _penunjang(self) -> list[str]:
        keep = self.r.randint(2, 4)
        return [*PENUNJANG_TEXTS[: keep - 1], PENUNJANG_TEXTS[-1]]

    def duty_ayat(self, post: Post, subject: str, scope: str, parts: tuple[str, ...]) -> list[Ayat]:
        """Ayat giving `post` the duty lists named in `parts`, counted into post.duties."""
        r = self.r
        out = []
        for part in parts:
            if part == FUNGSI:
                texts = [t.format(x=scope) for t in FUNGSI_TEMPLATES[: r.randint(3, 6)]]
                chapeau = f"{subject} dalam menyelenggarakan tugas pokoknya, mempunyai fungsi:"
            elif part == URAIAN:
                texts = [*self._utama(scope, r.randint(3, 8)), PENUNJANG_TEXTS[-1]]
                chapeau = f"{subject} sebagaimana dimaksud pada ayat (1) mempunyai uraian tugas:"
            else:
                texts = {
                    MANAJERIAL: self._manajerial,
                    UTAMA: lambda: self._utama(scope, r.randint(3, 12)),
                    PENUNJANG: self._penunjang,
                }[part]()
                word = part.removeprefix("uraian-tugas-")
                chapeau = (
                    f"{subject} dalam menyelenggarakan tugas pokok dan fungsinya, mempunyai "
                    f"uraian tugas {word} sebagai berikut:"
                )
            out.append(Ayat(chapeau, huruf(texts, r)))
            post.duties[part] += len(texts)
        return out

    def tugas_pokok(self, holder: Counter[str], subject: str, text: str) -> str:
        holder[TUGAS_POKOK] += 1
        return f"{subject} mempunyai tugas pokok {text}."

    # -- the preamble --------------------------------------------------------------------------
    def menimbang(self) -> list[Item]:
        r = self.r
        perda = (
            f"Peraturan Daerah {self.region.label} Nomor {self.perda.nomor} Tahun "
            f"{self.perda.tahun} tentang {self.perda.about}"
        )
        texts = [
            f"bahwa untuk melaksanakan ketentuan {perda}, perlu mengatur kedudukan, susunan "
            f"organisasi, tugas dan fungsi serta tata kerja {self.affair.dinas}",
        ]
        if r.random() < 0.4:
            texts.append(
                "bahwa dalam rangka pelaksanaan kebijakan penyederhanaan birokrasi, jabatan "
                "administrasi pada Perangkat Daerah telah disetarakan ke dalam jabatan fungsional"
            )
        texts.append(
            f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a"
            f"{' dan huruf b' if len(texts) == 2 else ''}, perlu menetapkan {self.jenis_label} "
            f"tentang {self.title_phrase()} {self.affair.dinas}"
        )
        return huruf(texts, r)

    def citations(self) -> list[Citation]:
        r, y = self.r, self.year
        region = self.region
        formed = Act(
            "uu",
            "id",
            r.randint(1950, 2008),
            str(r.randint(1, 60)),
            f"Pembentukan {region.label}",
            None,
        )
        cites = [Citation(formed)]
        if r.random() < 0.6:
            last = vocab.UU_13_2022 if y >= 2023 else vocab.UU_15_2019
            amend = (vocab.UU_15_2019, last) if last is not vocab.UU_15_2019 else (last,)
            cites.append(Citation(vocab.UU_12_2011, amend, several_times=len(amend) > 1))
        if r.random() < 0.6:
            cites.append(Citation(vocab.UU_5_2014))
        uu23_last = vocab.UU_6_2023 if y >= 2023 else vocab.UU_11_2020
        cites.append(Citation(vocab.UU_23_2014, (vocab.UU_9_2015, uu23_last), several_times=True))
        if r.random() < 0.5:
            cites.append(Citation(vocab.UU_30_2014, (vocab.UU_11_2020,)))
        cites.append(Citation(vocab.PP_18_2016, (vocab.PP_72_2019,)))
        for act in (
            vocab.PP_12_2017,
            vocab.PERMENDAGRI_5_2017,
            vocab.PERMENPANRB_41_2018,
            vocab.PERMENDAGRI_90_2019,
            vocab.PERMENPANRB_25_2021,
            vocab.PERMENPANRB_17_2021,
            vocab.KEPMENDAGRI_050_3708,
        ):
            if r.random() < 0.5:
                cites.append(Citation(act))
        if r.random() < 0.5:
            cites.append(Citation(vocab.PERMENDAGRI_80_2015, (vocab.PERMENDAGRI_120_2018,)))
        perda_amend = ()
        if r.random() < 0.5:
            n2, y2 = r.randint(1, 15), r.randint(self.perda.tahun + 1, self.year - 1)
            perda_amend = (
                Act(
                    "perda",
                    region.slug,
                    y2,
                    str(n2),
                    f"Perubahan Atas Peraturan Daerah {region.label} Nomor "
                    f"{self.perda.nomor} Tahun {self.perda.tahun} tentang "
                    f"{self.perda.about}",
                    f"Lembaran Daerah {region.label} Tahun {y2} Nomor {n2}",
                ),
            )
        cites.append(Citation(self.perda, perda_amend))
        return cites

    def mengingat(self, cites: list[Citation]) -> list[Item]:
        texts = []
        for c in cites:
            t = self.citation_text(c.act)
            if c.amendments:
                last = c.amendments[-1]
                how = "diubah beberapa kali, terakhir" if c.several_times else "diubah"
                t += f" sebagaimana telah {how} dengan {self.citation_text(last)}"
            texts.append(t)
        return angka(texts, self.r)

    def citation_text(self, act: Act) -> str:
        label = vocab.JENIS_LABELS.get(act.jenis) or f"Peraturan Daerah {self.region.label}"
        t = f"{label} Nomor {act.nomor} Tahun {act.tahun} tentang {act.about}"
        return f"{t} ({act.gazette})" if act.gazette else t

    def title_phrase(self) -> str:
        words = "Kedudukan, Susunan Organisasi, Tugas dan Fungsi serta Tata Kerja"
        return f"Kewenangan, {words}" if self.style.kewenangan else words

    # -- the body ------------------------------------------------------------------------------
    def bab_ketentuan_umum(self) -> Heading:
        r, reg = self.r, self.region
        dinas = f"{self.affair.dinas} {reg.label}"
        defs = [
            f"Daerah adalah {reg.label}",
            f"{self.head} adalah {self.head} {reg.name}",
            f"Sekretaris Daerah adalah Sekretaris Daerah {reg.label}",
            f"Dinas adalah {dinas}",
            f"Kepala Dinas adalah Kepala {dinas}",
        ]
        if r.random() < 0.5:
            defs.insert(
                1,
                f"Pemerintah Daerah adalah {self.head} sebagai unsur penyelenggara "
                "Pemerintahan Daerah yang memimpin pelaksanaan urusan pemerintahan",
            )
        if r.random() < 0.5:
            defs += [
                f"Sekretariat adalah Sekretariat pada {dinas}",
                f"Bidang adalah Bidang pada {dinas}",
            ]
        if self.uptd:
            defs.append(
                "Unit Pelaksana Teknis Daerah yang selanjutnya disingkat UPTD adalah "
                "organisasi yang melaksanakan kegiatan teknis operasional dan/atau "
                "kegiatan teknis penunjang tertentu pada Dinas"
            )
        defs.append(
            "Kelompok Jabatan Fungsional adalah kelompok Pegawai Negeri Sipil yang "
            "diberi tugas, wewenang dan hak secara penuh untuk melaksanakan kegiatan "
            "sesuai dengan keahliannya"
        )
        terms = vocab.PLANNING_TERMS
        for i in sorted(r.sample(range(len(terms)), r.randint(0, len(terms)))):
            name, abbr, meaning = terms[i]
            defs.append(f"{name} yang selanjutnya disingkat {abbr} adalah {meaning}")
        self.definitions = len(defs)
        items = [
            Item(str(i + 1), d + ("." if r.random() < 0.7 else ";")) for i, d in enumerate(defs)
        ]
        items[-1].text = defs[-1] + "."
        pasal = self.next_pasal(
            text=f"Dalam {self.jenis_label} ini yang dimaksud dengan:", items=items
        )
        return Heading("bab", 0, "KETENTUAN UMUM", [pasal])

    def bab_kewenangan(self) -> Heading:
        r = self.r
        items = []
        for b in r.sample(self.affair.bidang, r.randint(3, len(self.affair.bidang))):
            scope = b.lower()
            if r.random() < 0.3:
                subs = angka(
                    [
                        f"pembinaan {scope} di wilayah Daerah",
                        f"pengawasan {scope} di wilayah Daerah",
                    ],
                    r,
                    last=";",
                )
                items.append((f"penyelenggaraan {scope}, meliputi:", subs))
            else:
                items.append((f"penyelenggaraan dan pengendalian {scope}", []))
        listed = huruf([t for t, _ in items], r)
        for item, (text, subs) in zip(listed, items, strict=True):
            if subs:
                item.text, item.children = text, subs
        self.kewenangan_items = len(listed) + sum(len(s) for _, s in items)
        urusan = self.affair.urusan
        pasal = self.next_pasal(
            ayat=[
                Ayat(
                    f"Dinas menyelenggarakan urusan pemerintahan di bidang {urusan} yang menjadi "
                    "kewenangan Daerah."
                ),
                Ayat("Kewenangan Dinas sebagaimana dimaksud pada ayat (1) meliputi:", listed),
            ]
        )
        body: list[Heading | Pasal] = [pasal]
        if r.random() < 0.5:
            body = [Heading("bagian", 1, "Kewenangan", body)]
        return Heading("bab", 0, "KEWENANGAN", body)

    def bab_kedudukan(self) -> Heading:
        r, urusan = self.r, self.affair.urusan
        kedudukan = self.next_pasal(
            ayat=[
                Ayat(
                    f"Dinas merupakan unsur pelaksana Urusan Pemerintahan di bidang {urusan} yang "
                    "menjadi kewenangan Daerah."
                ),
                Ayat(
                    f"Dinas dipimpin oleh seorang Kepala Dinas yang berada di bawah dan "
                    f"bertanggung jawab kepada {self.head} melalui Sekretaris Daerah."
                ),
            ]
        )
        tp_text = self.tugas_pokok(
            self.dinas_duties,
            "Dinas",
            f"membantu {self.head} melaksanakan urusan pemerintahan di bidang {urusan}",
        )
        n_fungsi = r.randint(3, 6)
        self.dinas_duties[FUNGSI] += n_fungsi
        fungsi = huruf([t.format(x=urusan) for t in FUNGSI_TEMPLATES[:n_fungsi]], r)
        bagian = [Heading("bagian", 1, "Kedudukan", [kedudukan])]
        if self.style.split_tugas_fungsi:
            tp = self.next_pasal(text=tp_text)
            fp = self.next_pasal(
                text=f"Dalam menyelenggarakan tugas pokok sebagaimana dimaksud dalam Pasal "
                f"{tp.number}, Dinas mempunyai fungsi:",
                items=fungsi,
            )
            bagian += [
                Heading("bagian", 2, "Tugas Pokok", [tp]),
                Heading("bagian", 3, "Fungsi", [fp]),
            ]
        else:
            p = self.next_pasal(
                ayat=[
                    Ayat(tp_text),
                    Ayat(
                        "Dalam melaksanakan tugas pokok sebagaimana dimaksud pada ayat (1), Dinas "
                        "mempunyai fungsi:",
                        fungsi,
                    ),
                ]
            )
            bagian.append(Heading("bagian", 2, "Tugas Pokok dan Fungsi", [p]))
        return Heading("bab", 0, "KEDUDUKAN, TUGAS POKOK DAN FUNGSI", list(bagian))

    def bab_organisasi(self) -> Heading:
        r, st = self.r, self.style
        bagian: list[Heading | Pasal] = []
        if st.unsur_pasal:
            pelaksana = ", ".join(
                ["Bidang", *(["UPTD"] if self.uptd else []), "Kelompok Jabatan Fungsional"]
            )
            unsur = self.next_pasal(
                text="Dinas terdiri dari unsur-unsur:",
                items=huruf(
                    [
                        "Pimpinan adalah Kepala Dinas",
                        "Pembantu Pimpinan adalah Sekretaris dan Sub Bagian",
                        f"Pelaksana adalah {pelaksana} dan Kelompok Jabatan Pelaksana",
                    ],
                    r,
                ),
            )
            bagian.append(Heading("bagian", 0, "Unsur-unsur Organisasi", [unsur]))
        bagian.append(Heading("bagian", 0, "Susunan Organisasi", [self.pasal_susunan()]))
        paragraf = [self.paragraf_kepala_dinas(), self.paragraf_sekretariat()]
        paragraf += [self.paragraf_bidang(b) for b in self.bidang]
        if self.uptd:
            paragraf.append(self.paragraf_uptd())
        paragraf.append(self.paragraf_kjf())
        tail = [self.paragraf_sub_koordinator, self.paragraf_kjp]
        r.shuffle(tail)
        paragraf += [make() for make in tail]
        for i, p in enumerate(paragraf, start=1):
            p.number = i
        bagian.append(Heading("bagian", 0, "Bidang Tugas Unsur Organisasi", list(paragraf)))
        for i, b in enumerate(bagian, start=1):
            assert isinstance(b, Heading)
            b.number = i
        return Heading("bab", 0, "ORGANISASI", bagian)

    def pasal_susunan(self) -> Pasal:
        r = self.r
        self.add_unit("Sekretariat", "Sekretariat")
        for sb in self.sub_bagian:
            self.add_unit(f"Sub Bagian {sb}", "SubBagian", parent="sekretariat")
        for b in self.bidang:
            self.add_unit(f"Bidang {b}", "Bidang")
        for u in self.uptd:
            self.add_unit(f"UPTD {u}", "UPTD")
        self.add_unit("Kelompok Jabatan Fungsional", "KelompokJabatanFungsional")
        self.add_unit("Kelompok Jabatan Pelaksana", "KelompokJabatanPelaksana")

        kjf = (
            " membawahkan Kelompok Jabatan Fungsional" if self.style.bidang_membawahkan_kjf else ""
        )
        texts = ["Kepala Dinas", "Sekretariat, membawahkan:"]
        texts += [f"Bidang {b}{kjf}" for b in self.bidang]
        texts += [f"UPTD {u}" for u in self.uptd]
        if not kjf:
            texts.append("Kelompok Jabatan Fungsional")
        texts.append("Kelompok Jabatan Pelaksana")
        items = huruf(texts, r)
        items[1].text = "Sekretariat, membawahkan:"
        items[1].children = angka([f"Sub Bagian {sb}" for sb in self.sub_bagian], r, last=";")
        ayat = [Ayat("Susunan Organisasi Dinas terdiri dari:", items)]
        if r.random() < 0.5:
            ayat.append(
                Ayat(
                    "Pejabat Fungsional hasil penyetaraan jabatan diberikan tugas "
                    "tambahan sebagai Sub Koordinator."
                )
            )
        ayat.append(
            Ayat(
                f"Bagan Struktur Organisasi Dinas tercantum dalam Lampiran yang "
                f"merupakan bagian tidak terpisahkan dari {self.jenis_label} ini."
            )
        )
        return self.next_pasal(ayat=ayat)

    def paragraf_kepala_dinas(self) -> Heading:
        post = self.add_post("Kepala Dinas", "KepalaDinas", leads=None)
        urusan = self.affair.urusan
        tp = self.tugas_pokok(
            post.duties,
            "Kepala Dinas",
            f"memimpin, merumuskan, mengoordinasikan, membina dan mengevaluasi "
            f"pelaksanaan urusan pemerintahan daerah di bidang {urusan}",
        )
        parts = (FUNGSI, MANAJERIAL, UTAMA, PENUNJANG) if self.style.full_duties else (FUNGSI,)
        ayat = [Ayat(tp), *self.duty_ayat(post, "Kepala Dinas", urusan, parts)]
        return Heading("paragraf", 0, "Kepala Dinas", [self.next_pasal(ayat=ayat)])

    def paragraf_sekretariat(self) -> Heading:
        r, full = self.r, self.style.full_duties
        sek = self.add_post("Sekretaris", "Sekretaris", leads="sekretariat")
        tp = self.tugas_pokok(
            sek.duties,
            "Sekretaris",
            "mengoordinasikan penyusunan program, pengelolaan keuangan, umum dan kepegawaian",
        )
        membawahi = Ayat(
            "Sekretaris dalam menyelenggarakan tugas pokok dan fungsinya, membawahi:",
            huruf([f"Sub Bagian {sb}" for sb in self.sub_bagian], r),
        )
        ayat = [
            Ayat(
                "Sekretariat dipimpin oleh seorang Sekretaris yang berkedudukan di bawah "
                "dan bertanggung jawab kepada Kepala Dinas."
            ),
            Ayat(tp),
        ]
        if full:
            ayat += self.duty_ayat(sek, "Sekretaris", "kesekretariatan", (FUNGSI,))
            ayat.append(membawahi)
            ayat += self.duty_ayat(
                sek, "Sekretaris", "kesekretariatan", (MANAJERIAL, UTAMA, PENUNJANG)
            )
        else:
            ayat.append(membawahi)
        pasal: list[Heading | Pasal] = [self.next_pasal(ayat=ayat)]
        for sb in self.sub_bagian:
            name = f"Sub Bagian {sb}"
            post = self.add_post(f"Kepala {name}", "KepalaSubBagian", leads=slugify(name))
            scope = sb.lower()
            a = [
                Ayat(
                    f"{name} dipimpin oleh seorang Kepala Sub Bagian yang berkedudukan di "
                    "bawah dan bertanggung jawab kepada Sekretaris."
                ),
                Ayat(
                    self.tugas_pokok(
                        post.duties,
                        f"Kepala {name}",
                        f"melaksanakan penyusunan bahan kebijakan teknis dan "
                        f"pelaksanaan urusan {scope} Dinas",
                    )
                ),
            ]
            if full:
                a += self.duty_ayat(
                    post, f"Kepala {name}", scope, (FUNGSI, MANAJERIAL, UTAMA, PENUNJANG)
                )
            pasal.append(self.next_pasal(ayat=a))
        return Heading("paragraf", 0, "Sekretariat", pasal)

    def paragraf_bidang(self, bidang: str) -> Heading:
        r, full = self.r, self.style.full_duties
        name = f"Bidang {bidang}"
        kabid = self.add_post(f"Kepala {name}", "KepalaBidang", leads=slugify(name))
        scope = bidang.lower()
        functions = self.functions[bidang]
        kjf = " dan Kelompok Jabatan Fungsional" if r.random() < 0.4 else ""
        subject = f"Kepala {name} dalam menyelenggarakan tugas pokok dan fungsinya, membawahi"
        koordinator = None
        if bidang == self.koordinator_bidang:
            koordinator = f"{vocab.KOORDINATOR_FUNCTION} {bidang}"
            membawahi = Ayat(f"{subject} Koordinator yang melaksanakan fungsi {koordinator}.")
        else:
            membawahi = Ayat(
                f"{subject}:",
                huruf([f"Sub Koordinator{kjf} yang melaksanakan fungsi {f}" for f in functions], r),
            )
        ayat = [
            Ayat(
                f"{name} dipimpin oleh seorang Kepala Bidang yang berkedudukan di bawah "
                "dan bertanggung jawab kepada Kepala Dinas melalui Sekretaris."
            ),
            Ayat(
                self.tugas_pokok(
                    kabid.duties,
                    f"Kepala {name}",
                    f"melaksanakan perumusan dan pelaksanaan kebijakan "
                    f"operasional di bidang {scope}",
                )
            ),
        ]
        if full:
            ayat += self.duty_ayat(kabid, f"Kepala {name}", scope, (FUNGSI,))
            ayat.append(membawahi)
            ayat += self.duty_ayat(kabid, f"Kepala {name}", scope, (MANAJERIAL, UTAMA, PENUNJANG))
        else:
            if r.random() < 0.5:
                ayat += self.duty_ayat(kabid, f"Kepala {name}", scope, (FUNGSI,))
            ayat.append(membawahi)
        pasal: list[Heading | Pasal] = [self.next_pasal(ayat=ayat)]
        superior = "Kepala Bidang"
        if koordinator:
            self.add_post(
                f"Koordinator {koordinator}", "Koordinator", function=koordinator, bidang=name
            )
            pasal.append(
                self.next_pasal(
                    ayat=[
                        Ayat(
                            f"Koordinator yang melaksanakan fungsi {koordinator} berkedudukan di "
                            "bawah dan bertanggung jawab kepada Kepala Bidang."
                        ),
                        Ayat(
                            "Koordinator sebagaimana dimaksud pada ayat (1) membawahi:",
                            huruf(
                                [
                                    f"Sub Koordinator yang melaksanakan fungsi {f}"
                                    for f in functions
                                ],
                                r,
                            ),
                        ),
                    ]
                )
            )
            superior = "Koordinator"
        for f in functions:
            pasal.append(self.pasal_sub_koordinator(f, superior, name))
        return Heading("paragraf", 0, name, pasal)

    def pasal_sub_koordinator(self, function: str, superior: str, bidang: str) -> Pasal:
        r = self.r
        post = self.add_post(
            f"Sub Koordinator {function}", "SubKoordinator", function=function, bidang=bidang
        )
        scope = function.lower()
        ayat = [
            Ayat(
                f"Sub Koordinator yang melaksanakan fungsi {function} berkedudukan di "
                f"bawah dan bertanggung jawab kepada {superior}."
            )
        ]
        subject = "Sub Koordinator"
        if self.style.full_duties:
            ayat.append(
                Ayat(
                    self.tugas_pokok(
                        post.duties,
                        "Sub Koordinator sebagaimana dimaksud pada ayat (1)",
                        "merencanakan kegiatan, melaksanakan, membagi tugas dan mengontrol "
                        f"kegiatan teknis dan administrasi pada fungsi {scope}",
                    )
                )
            )
            ayat += self.duty_ayat(post, subject, scope, (FUNGSI, MANAJERIAL, UTAMA, PENUNJANG))
        elif r.random() < 0.5:
            ayat += self.duty_ayat(post, subject, scope, (MANAJERIAL, UTAMA, PENUNJANG))
        else:
            ayat += self.duty_ayat(post, subject, scope, (URAIAN,))
        return self.next_pasal(ayat=ayat)

    def paragraf_uptd(self) -> Heading:
        pasal: list[Heading | Pasal] = []
        for u in self.uptd:
            name = f"UPTD {u}"
            post = self.add_post(f"Kepala {name}", "KepalaUPTD", leads=slugify(name))
            scope = u.lower()
            ayat = [
                Ayat(f"Pada Dinas dibentuk Unit Pelaksana Teknis Daerah {u}."),
                Ayat(
                    f"{name} dipimpin oleh seorang Kepala UPTD yang berkedudukan di bawah dan "
                    "bertanggung jawab kepada Kepala Dinas."
                ),
                Ayat(
                    self.tugas_pokok(
                        post.duties,
                        f"Kepala {name}",
                        f"melaksanakan kegiatan teknis operasional {scope}",
                    )
                ),
            ]
            if self.style.full_duties:
                ayat += self.duty_ayat(post, f"Kepala {name}", scope, (FUNGSI,))
            pasal.append(self.next_pasal(ayat=ayat))
        return Heading("paragraf", 0, "Unit Pelaksana Teknis Daerah", pasal)

    def paragraf_kjf(self) -> Heading:
        ayat = [
            Ayat(
                "Kelompok Jabatan Fungsional mempunyai tugas pokok memberikan pelayanan "
                "fungsional berdasarkan keahlian dan keterampilan tertentu."
            ),
            Ayat(
                "Kelompok Jabatan Fungsional dalam melaksanakan tugas pokoknya bertanggung "
                "jawab secara langsung kepada Kepala Dinas."
            ),
            Ayat(
                "Jenis dan jenjang jabatan fungsional diatur sesuai ketentuan peraturan "
                "perundang-undangan."
            ),
        ]
        return Heading(
            "paragraf",
            0,
            "Kelompok Jabatan Fungsional",
            [self.next_pasal(ayat=ayat[: self.r.randint(2, 3)])],
        )

    def paragraf_kjp(self) -> Heading:
        ayat = [
            Ayat(
                "Kelompok Jabatan Pelaksana memiliki tugas pokok melaksanakan pelayanan publik "
                "serta administrasi pemerintahan dan pembangunan."
            ),
            Ayat(
                "Kelompok Jabatan Pelaksana dalam melaksanakan tugas pokoknya bertanggung jawab "
                "secara langsung kepada Jabatan Administrasi di atasnya atau Pejabat Fungsional "
                "yang ditunjuk sebagai Sub Koordinator."
            ),
        ]
        return Heading("paragraf", 0, "Kelompok Jabatan Pelaksana", [self.next_pasal(ayat=ayat)])

    def paragraf_sub_koordinator(self) -> Heading:
        ayat = [
            Ayat(
                "Sub Koordinator adalah pejabat fungsional hasil penyetaraan jabatan yang "
                "melaksanakan tugas tambahan sesuai dengan ketentuan peraturan "
                "perundang-undangan."
            ),
            Ayat(
                "Pejabat fungsional yang diberi tugas tambahan sebagai Sub Koordinator paling "
                "rendah menduduki Jabatan Fungsional Ahli Muda."
            ),
            Ayat(
                "Dalam hal tidak terdapat pejabat fungsional sebagaimana dimaksud pada ayat (2) "
                "maka pejabat fungsional jenjang Ahli Pertama atau pejabat fungsional "
                "keterampilan jenjang Penyelia dapat diberikan tugas tambahan sebagai Sub "
                "Koordinator."
            ),
        ]
        return Heading("paragraf", 0, "Sub Koordinator", [self.next_pasal(ayat=ayat)])

    def bab_tata_kerja(self) -> Heading:
        r = self.r
        posts = "Kepala Dinas, Sekretaris, Kepala Bidang, Kepala Sub Bagian"
        posts += (
            ", Koordinator dan Sub Koordinator"
            if self.koordinator_bidang
            else " dan Sub Koordinator"
        )
        rules = [
            f"Dalam melaksanakan tugasnya, {posts} wajib menerapkan prinsip koordinasi, "
            "integrasi, sinkronisasi dan simplifikasi.",
            f"{posts} wajib memimpin dan memberikan bimbingan serta petunjuk pelaksanaan tugas "
            "kepada bawahan.",
            "Setiap pimpinan satuan organisasi wajib mengawasi bawahannya dan mengambil langkah "
            "yang diperlukan apabila terjadi penyimpangan.",
            "Setiap bawahan wajib mengikuti dan mematuhi petunjuk serta bertanggung jawab kepada "
            "atasan dan menyampaikan laporan berkala tepat waktu.",
            "Setiap laporan yang diterima oleh Kepala Dinas dari bawahannya wajib diolah dan "
            "dipergunakan sebagai bahan untuk penyusunan laporan lebih lanjut.",
        ]
        pasal = [self.next_pasal(ayat=[Ayat(t) for t in rules[: r.randint(3, 5)]])]
        if r.random() < 0.5:
            pasal.append(
                self.next_pasal(
                    ayat=[
                        Ayat(
                            "Pemberian tugas tambahan dari pimpinan kepada bawahan wajib "
                            "mempertimbangkan beban kerja pelaksanaan tugas dan fungsi jabatan."
                        ),
                        Ayat(
                            "Bawahan yang diberi tugas tambahan wajib melaporkan hasil pelaksanaan "
                            "tugasnya kepada pimpinan yang menugaskan."
                        ),
                    ]
                )
            )
        return Heading("bab", 0, "TATA KERJA", list(pasal))

    def bab_penutup(self) -> Heading:
        r, reg = self.r, self.region
        pasal = []
        if r.random() < 0.6:
            pasal.append(
                self.next_pasal(
                    text=f"Hal-hal yang belum diatur dalam {self.jenis_label} ini, sepanjang "
                    "mengenai teknis pelaksanaan ditetapkan oleh Kepala Dinas."
                )
            )
        repealed = []
        for act in self.repeals:
            gazette = f"Berita Daerah {reg.label} Tahun {act.tahun} Nomor {act.nomor}"
            repealed.append(
                f"{self.jenis_label} {reg.name} Nomor {act.nomor} Tahun {act.tahun} "
                f"tentang {act.about} ({gazette})"
            )
        pasal.append(
            self.next_pasal(
                text=f"Pada saat {self.jenis_label} ini mulai berlaku, {' dan '.join(repealed)} "
                "dicabut dan dinyatakan tidak berlaku."
            )
        )
        pasal.append(
            self.next_pasal(text=f"{self.jenis_label} ini mulai berlaku pada tanggal diundangkan.")
        )
        return Heading("bab", 0, "KETENTUAN PENUTUP", list(pasal))

    def make_repeals(self) -> list[Act]:
        r, reg = self.r, self.region
        about = f"{self.title_phrase()} {self.affair.dinas}"
        first = Act(
            reg.kind.jenis, reg.slug, self.year - r.randint(2, 4), str(r.randint(1, 120)), about
        )
        if r.random() < 0.5:
            return [first]
        second = Act(
            reg.kind.jenis,
            reg.slug,
            self.year - 1,
            str(r.randint(1, 120)),
            f"Perubahan Atas {self.jenis_label} {reg.name} Nomor {first.nomor} Tahun "
            f"{first.tahun} tentang {about}",
        )
        return [first, second]

    def build(
        self, people: tuple[str, str], dates: tuple[tuple[int, int], tuple[int, int]]
    ) -> Regulation:
        r, reg = self.r, self.region
        menimbang = self.menimbang()
        cites = self.citations()
        mengingat = self.mengingat(cites)
        babs = [self.bab_ketentuan_umum()]
        if self.style.kewenangan:
            babs.append(self.bab_kewenangan())
        babs += [
            self.bab_kedudukan(),
            self.bab_organisasi(),
            self.bab_tata_kerja(),
            self.bab_penutup(),
        ]
        for i, b in enumerate(babs, start=1):
            b.number = i
        # The functional and implementing staff: one post each, in their Kelompok.
        self.add_post("Pejabat Fungsional", "PejabatFungsional")
        self.add_post("Pelaksana", "Pelaksana")
        head = reg.kind.head.upper()
        prefix = r.choice(("", "", "", "Plt. ", "Pj. "))
        return Regulation(
            region=reg,
            affair=self.affair,
            number=self.number,
            year=self.year,
            adopted=dates[0],
            promulgated=dates[1],
            signer=people[0],
            signer_title=f"{prefix}{head} {reg.name.upper()}",
            promulgator=people[1],
            promulgator_title=f"{r.choice(('', '', 'Pj. '))}SEKRETARIS DAERAH {reg.label.upper()}",
            title=f"{self.title_phrase()} {self.affair.dinas}".upper(),
            menimbang=menimbang,
            mengingat=mengingat,
            citations=cites,
            repeals=self.repeals,
            body=list(babs),
            units=self.units,
            posts=self.posts,
            dinas_duties=self.dinas_duties,
            kewenangan_items=self.kewenangan_items,
            definitions=self.definitions,
        )


# ---------------------------------------------------------------------------------------------
# Rendering a model to text, with the extraction artefacts real texts have
# ---------------------------------------------------------------------------------------------


@dataclass
class Artefacts:
    """Where the renderer injected what (the sidecar reports it, the test can target it)."""

    glued_pasal: list[int] = field(default_factory=list)  # "Pasal6"
    glued_bab: list[int] = field(default_factory=list)  # "BABIV"
    bab_without_numeral: list[int] = field(default_factory=list)  # "BAB" alone
    # items split by a page break: provision path, full text, line of the first part
    broken_items: list[dict[str, str | int]] = field(default_factory=list)
    dash_prefixes: int = 0  # lines given a "- " bullet


class Renderer:
    def __init__(self, reg: Regulation, r: random.Random):
        self.reg = reg
        self.r = r
        self.lines: list[str] = []
        self.pasal_lines: dict[int, int] = {}
        self.art = Artefacts()
        self.dash_rate = r.choice((0.0, 0.5, 0.9))  # how bulleted this extraction is
        n_pasal = max(pasal_numbers(reg))
        self.glue_pasal = set(r.sample(range(2, n_pasal + 1), r.randint(0, 3)))
        babs = [b.number for b in reg.body]
        self.glue_bab = r.choice(babs[1:]) if r.random() < 0.4 else None
        others = [b for b in babs[1:] if b != self.glue_bab]
        self.bare_bab = r.choice(others) if r.random() < 0.3 else None

    # -- lines ---------------------------------------------------------------------------------
    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def blank(self, p: float = 1.0) -> None:
        if self.r.random() < p:
            self.lines.append("")

    def dash(self, indent: str = "") -> str:
        if self.r.random() < self.dash_rate:
            self.art.dash_prefixes += 1
            return f"{indent}- "
        return indent

    def item_line(self, lead: str, text: str, path: str) -> None:
        """One list line; sometimes a page break falls inside it or before it."""
        r = self.r
        if r.random() < 0.03:  # a page break between two items: one or two blank lines
            self.emit(*[""] * r.choice((1, 1, 2)))
        words = text.split(" ")
        splittable = [i for i in range(3, len(words) - 2) if _continues(words[i])]
        if len(text) > 70 and splittable and r.random() < 0.04:
            cut = r.choice(splittable)
            self.emit(f"{lead}{' '.join(words[:cut])}", "")
            self.art.broken_items.append({"path": path, "text": text, "line": len(self.lines) - 1})
            self.emit(f"{'- ' if r.random() < 0.5 else ''}{' '.join(words[cut:])}")
        else:
            self.emit(f"{lead}{text}")

    def items(self, items: list[Item], prefix: str, depth: int) -> None:
        for it in items:
            path = f"{prefix}/{it.kind}/{it.marker}"
            if it.kind == "angka":
                lead = " " if depth and self.r.random() < 0.5 else ""
            else:
                lead = self.dash(" " if depth else "")
            self.item_line(f"{lead}{it.marker}. ", it.text, path)
            self.items(it.children, path, depth + 1)

    # -- blocks --------------------------------------------------------------------------------
    def render(self) -> str:
        self.cover()
        self.preamble()
        for bab in self.reg.body:
            self.heading(bab)
        self.closing()
        self.lampiran()
        return "\n".join(self.lines) + "\n"

    def cover(self) -> None:
        reg, r = self.reg, self.r
        place = reg.region.label.upper()
        bold = "**" if r.random() < 0.5 else ""
        self.emit("", "", f"BERITA DAERAH {place}", "")
        self.emit(
            f"{bold}PERATURAN {reg.head.upper()} {reg.region.name.upper()}",
            f"NOMOR: {reg.number} TAHUN {reg.year}{bold}",
            "",
            "TENTANG",
            "",
        )
        self.emit(*_wrap(f"{bold}{reg.title} {place}{bold}"), "")
        self.emit(f"Diundangkan dalam Berita Daerah {reg.region.label}", "")
        m, d = reg.promulgated
        self.emit(
            f"Nomor : {reg.number} Tahun {reg.year}",
            f"Tanggal : {d} {vocab.MONTHS[m - 1]} {reg.year}",
            "",
        )
        self.emit(
            *_wrap(reg.promulgator_title, 30),
            "",
            r.choice(("Ttd", "ttd")),
            "",
            reg.promulgator,
            "",
            "",
        )

    def preamble(self) -> None:
        reg, r = self.reg, self.r
        head = f"{reg.head.upper()} {reg.region.name.upper()}"
        self.emit(head if r.random() < 0.5 else f"{reg.head} {reg.region.name}", "")
        self.emit(
            f"PERATURAN {head}", "", f"NOMOR {reg.number} TAHUN {reg.year}", "", "TENTANG", ""
        )
        bold = "**" if r.random() < 0.5 else ""
        self.emit(*_wrap(f"{bold}{reg.title}{bold}"), "")
        self.emit("DENGAN RAHMAT TUHAN YANG MAHA ESA", "", f"{head},", "")
        for block, items, kind in (
            ("Menimbang", reg.menimbang, "menimbang"),
            ("Mengingat", reg.mengingat, "mengingat"),
        ):
            first = items[0]
            self.item_line(
                f"{self.dash()}{block} : {first.marker}. ",
                first.text,
                f"{kind}/{first.kind}/{first.marker}",
            )
            for it in items[1:]:
                lead = self.dash() if it.kind == "huruf" else r.choice(("", " "))
                self.item_line(f"{lead}{it.marker}. ", it.text, f"{kind}/{it.kind}/{it.marker}")
            self.emit("")
        self.emit(
            "MEMUTUSKAN", "", f"Menetapkan : PERATURAN {reg.head.upper()} TENTANG {reg.title}.", ""
        )

    def heading(self, h: Heading, prefix: str = "") -> None:
        r = self.r
        path = f"{prefix}/{h.kind}/{h.number}" if prefix else f"bab/{h.number}"
        if h.kind == "bab":
            numeral = ROMAN[h.number - 1]
            if h.number == self.glue_bab:
                self.art.glued_bab.append(h.number)
                self.emit(f"BAB{numeral}", h.title)
            elif h.number == self.bare_bab:
                self.art.bab_without_numeral.append(h.number)
                self.emit("BAB", h.title)
            elif r.random() < 0.25:
                self.emit(f"BAB {numeral} {h.title}")
            else:
                self.emit(f"BAB {numeral}", h.title)
        elif h.kind == "bagian":
            self.emit(f"Bagian {vocab.BAGIAN_ORDINALS[h.number - 1]}", h.title)
        else:
            self.emit(f"Paragraf {h.number}")
            self.blank(0.3)
            self.emit(h.title)
        self.blank(0.6)
        for child in h.children:
            if isinstance(child, Heading):
                self.heading(child, path)
            else:
                self.pasal(child)
            self.blank()

    def pasal(self, p: Pasal) -> None:
        glued = p.number in self.glue_pasal
        if glued:
            self.art.glued_pasal.append(p.number)
        self.pasal_lines[p.number] = len(self.lines) + 1
        self.emit(f"Pasal{p.number}" if glued else f"Pasal {p.number}")
        self.blank(0.8)
        base = f"pasal/{p.number}"
        if p.text:
            self.emit(p.text)
            self.blank(0.3 if p.items else 0)
        self.items(p.items, base, 0)
        for k, a in enumerate(p.ayat, start=1):
            self.item_line(f"{self.dash()}({k}) ", a.text, f"{base}/ayat/{k}")
            self.items(a.items, f"{base}/ayat/{k}", 1)

    def closing(self) -> None:
        reg = self.reg
        self.emit(
            f"Agar setiap orang mengetahuinya, memerintahkan pengundangan {reg.jenis_label} "
            f"ini dengan penempatannya dalam Berita Daerah {reg.region.label}.",
            "",
        )
        place = reg.region.capital
        for verb, (m, d), title, name in (
            ("Ditetapkan", reg.adopted, reg.signer_title, reg.signer),
            ("Diundangkan", reg.promulgated, reg.promulgator_title, reg.promulgator),
        ):
            self.emit(
                f"{verb} di {place}",
                f"pada tanggal {d} {vocab.MONTHS[m - 1]} {reg.year}",
                "",
                f"{title},",
                "",
                "ttd.",
                "",
                name,
                "",
            )
        self.emit(
            f"BERITA DAERAH {reg.region.label.upper()} TAHUN {reg.year} NOMOR {reg.number}", ""
        )

    def lampiran(self) -> None:
        reg = self.reg
        m, d = reg.adopted
        self.emit(
            f"LAMPIRAN : PERATURAN {reg.head.upper()} {reg.region.name.upper()}",
            f"NOMOR : {reg.number} TAHUN {reg.year}",
            f"TANGGAL : {d} {vocab.MONTHS[m - 1].upper()} {reg.year}",
            f"TENTANG : {reg.title}",
            "",
            "BAGAN STRUKTUR ORGANISASI",
            f"{reg.affair.dinas.upper()} {reg.region.label.upper()}",
            "",
            "",
            "",
            f"{reg.signer_title},",
            "",
            "ttd.",
            "",
            reg.signer,
        )


def _continues(word: str) -> bool:
    """A word that can start a line continued after a page break without looking like a
    list marker or a heading: lower case, longer than one letter, no trailing dot."""
    return len(word) > 2 and word[0].islower() and word.isalpha()


def _wrap(text: str, width: int = 62) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


# ---------------------------------------------------------------------------------------------
# The sidecar: the true structure, from the model
# ---------------------------------------------------------------------------------------------


def pasal_numbers(reg: Regulation) -> list[int]:
    return [
        int(p.split("/")[1])
        for p in provision_paths(reg)
        if p.count("/") == 1 and p.startswith("pasal/")
    ]


def provision_paths(reg: Regulation) -> list[str]:
    """Every provision's path below the work (docs/model.md), in text order."""
    out: list[str] = []

    def items(its: list[Item], prefix: str) -> Iterator[str]:
        for it in its:
            path = f"{prefix}/{it.kind}/{it.marker}"
            yield path
            yield from items(it.children, path)

    def walk(node: Heading | Pasal, prefix: str) -> Iterator[str]:
        if isinstance(node, Pasal):
            base = f"pasal/{node.number}"
            yield base
            yield from items(node.items, base)
            for k, a in enumerate(node.ayat, start=1):
                yield f"{base}/ayat/{k}"
                yield from items(a.items, f"{base}/ayat/{k}")
            return
        path = f"{prefix}/{node.kind}/{node.number}" if prefix else f"bab/{node.number}"
        yield path
        for child in node.children:
            yield from walk(child, path)

    out += ["sampul", "judul"]  # the cover and title blocks (docs/model.md, "Blocks")
    out += ["menimbang", *items(reg.menimbang, "menimbang")]
    out += ["mengingat", *items(reg.mengingat, "mengingat")]
    for bab in reg.body:
        out += walk(bab, "")
    out += ["penutup", "lampiran"]  # the closing block, then the annex
    return out


def provision_kind(path: str) -> str:
    parts = path.split("/")
    return parts[-1] if len(parts) == 1 else parts[-2]


def sidecar(
    reg: Regulation, art: Artefacts, pasal_lines: dict[int, int], seed: int, index: int
) -> dict:
    paths = provision_paths(reg)
    region = reg.region
    pd = f"id/org/{region.slug}/{reg.dinas_slug}"
    post_base = f"id/post/{region.slug}/{reg.dinas_slug}"
    return {
        "generator": {"module": "bench.corpus", "seed": seed, "index": index},
        "source_name": f"{reg.stem}.txt",
        "work": {
            "path": reg.work_path,
            "jenis": region.kind.jenis,
            "yurisdiksi": region.slug,
            "tahun": str(reg.year),
            "nomor": str(reg.number),
            "title": reg.title,
        },
        "region": {
            "label": region.label,
            "slug": region.slug,
            "iri": f"id/org/{region.slug}",
            "head": reg.head,
        },
        "region_posts": [
            f"id/post/{region.slug}/{slugify(reg.head)}",
            f"id/post/{region.slug}/sekretaris-daerah",
        ],
        "dinas": {"name": reg.affair.dinas, "iri": pd, "duties": dict(reg.dinas_duties)},
        "units": [
            {
                "name": u.name,
                "kind": u.kind,
                "iri": f"{pd}/{u.slug}",
                "parent": f"{pd}/{u.parent}" if u.parent else pd,
            }
            for u in reg.units
        ],
        "posts": [
            {
                "name": p.name,
                "kind": p.kind,
                "iri": f"{post_base}/{p.slug}",
                "leads": f"{pd}/{p.leads}" if p.leads else None,
                "function": p.function,
                "bidang": p.bidang,
                "duties": dict(p.duties),
            }
            for p in reg.posts
        ],
        "sub_koordinator_functions": [p.function for p in reg.posts if p.kind == "SubKoordinator"],
        "definitions": reg.definitions,
        "kewenangan_items": reg.kewenangan_items,
        "provisions": dict(Counter(provision_kind(p) for p in paths)),
        "provision_paths": paths,
        "pasal_lines": {str(k): v for k, v in pasal_lines.items()},
        "based_on": [act_path(c.act) for c in reg.citations],
        "amendments": {
            act_path(c.act): [act_path(a) for a in c.amendments]
            for c in reg.citations
            if c.amendments
        },
        "repeals": [act_path(a) for a in reg.repeals],
        "signer": reg.signer,
        "promulgator": reg.promulgator,
        "artefacts": {
            "glued_pasal": sorted(art.glued_pasal),
            "glued_bab": art.glued_bab,
            "bab_without_numeral": art.bab_without_numeral,
            "broken_items": art.broken_items,
            "dash_prefixes": art.dash_prefixes,
        },
    }


# ---------------------------------------------------------------------------------------------
# The corpus: regions, each with a run of its offices' regulations
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """Regulation i's place in the corpus: which region, which office, which number."""

    region: Region
    affair: Affair
    number: int
    year: int


def _region(r: random.Random, k: int) -> Region:
    """The k-th region; names are unique for the first len(prefixes) x len(suffixes)."""
    prefixes, suffixes = vocab.REGION_PREFIXES, vocab.REGION_SUFFIXES
    prefix = prefixes[k % len(prefixes)]
    suffix = suffixes[(k // len(prefixes)) % len(suffixes)]
    name = (
        f"{prefix}{suffix}"
        if prefix in vocab.JOINED_PREFIXES
        else f"{prefix} {suffix.capitalize()}"
    )
    if k >= len(prefixes) * len(suffixes):
        name += f" {ROMAN[(k // (len(prefixes) * len(suffixes))) % len(ROMAN)]}"
    kind = vocab.REGION_KIND_CYCLE[k % len(vocab.REGION_KIND_CYCLE)]
    capital = name if kind.word == "Kota" else r.choice(vocab.TOWNS)
    return Region(kind, name, capital)


def slots(n: int, seed: int) -> Iterator[Slot]:
    """Regions in turn, each issuing one regulation per office (a run of 15-26 offices)."""
    plan = random.Random(f"{seed}:plan")
    made, k = 0, 0
    while made < n:
        region = _region(plan, k)
        year = plan.randint(2021, 2024)
        number = plan.randint(5, 60)
        for affair in plan.sample(vocab.AFFAIRS, plan.randint(15, len(vocab.AFFAIRS))):
            if made == n:
                return
            yield Slot(region, affair, number, year)
            number += plan.randint(1, 3)
            made += 1
        k += 1


@dataclass(frozen=True)
class Generated:
    stem: str
    text: str
    sidecar: dict


def generate_one(slot: Slot, seed: int, index: int) -> Generated:
    r = random.Random(f"{seed}:{index}")
    month = r.randint(1, 12)
    day = r.randint(1, 27)
    dates = ((month, day), (month, day + r.choice((0, 0, 1))))
    people = (
        f"{r.choice(vocab.FIRST_NAMES)} {r.choice(vocab.LAST_NAMES)}",
        f"{r.choice(vocab.FIRST_NAMES)} {r.choice(vocab.LAST_NAMES)}",
    )
    reg = Builder(r, slot.region, slot.affair, slot.number, slot.year).build(people, dates)
    renderer = Renderer(reg, r)
    text = renderer.render()
    return Generated(reg.stem, text, sidecar(reg, renderer.art, renderer.pasal_lines, seed, index))


def generate(n: int, seed: int = DEFAULT_SEED) -> Iterator[Generated]:
    for index, slot in enumerate(slots(n, seed)):
        yield generate_one(slot, seed, index)


def write_corpus(n: int, out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Writes `{stem}.txt` and `{stem}.json` (the sidecar) for n regulations; returns the texts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for g in generate(n, seed):
        text_path = out_dir / f"{g.stem}.txt"
        text_path.write_text(g.text, encoding="utf-8")
        (out_dir / f"{g.stem}.json").write_text(
            json.dumps(g.sidecar, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        paths.append(text_path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.corpus", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("n", type=int, help="how many regulations")
    parser.add_argument("--out", type=Path, required=True, help="folder for .txt and .json")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    paths = write_corpus(args.n, args.out, args.seed)
    print(f"wrote {len(paths)} regulations (+ sidecars) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
