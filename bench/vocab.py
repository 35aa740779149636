"""Word pools the corpus generator draws from: fictional regions and people, real office types.

Data only. The national acts are the ones SOTK regulations really cite (with their real gazette
numbers); regions, people, regional acts and every number specific to a region are made up.
"""

from __future__ import annotations

from dataclasses import dataclass

# Region names: a prefix joined to a suffix. Joined prefixes make one word ("Sukamakmur"),
# the others two ("Tanjung Sari").
REGION_PREFIXES = (
    "Suka", "Tanjung", "Karang", "Pasir", "Batu", "Sungai", "Muara", "Tanah", "Bukit", "Lubuk",
    "Teluk", "Padang", "Gunung", "Kuala", "Rawa", "Sumber", "Giri", "Mekar", "Ranca", "Kali",
)  # fmt: skip
JOINED_PREFIXES = frozenset({"Suka", "Sumber", "Giri", "Mekar", "Ranca", "Kali"})
REGION_SUFFIXES = (
    "jaya", "makmur", "indah", "raya", "baru", "sari", "mulya", "asri", "permai", "lestari",
    "agung", "wangi",
)  # fmt: skip
TOWNS = (
    "Cibaru", "Sindangsari", "Pangkalan Baru", "Kotabaru", "Talang Padang", "Simpang Tiga",
    "Sumberharjo", "Rantau Panjang", "Bojongsari", "Karanganyar", "Tegalrejo", "Pulau Besar",
)  # fmt: skip

FIRST_NAMES = (
    "AHMAD", "BUDI", "DEWI", "EKO", "FITRI", "HENDRA", "INDAH", "JOKO", "KARTIKA", "LESTARI",
    "MADE", "NUR", "PUTU", "RAHMAT", "SRI", "TAUFIK", "WAHYU", "YANTI", "AGUS", "BAMBANG",
    "RINA", "SITI", "HADI", "YUSUF",
)  # fmt: skip
LAST_NAMES = (
    "HIDAYAT", "SANTOSO", "WIJAYA", "SAPUTRA", "KUSUMA", "PRATAMA", "NUGROHO", "SETIAWAN",
    "RAHAYU", "SURYANA", "PURNOMO", "UTAMI", "SIREGAR", "NASUTION", "LUBIS", "HARAHAP",
    "SINAGA", "POHAN", "GUNAWAN", "HALIM",
)  # fmt: skip

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
BAGIAN_ORDINALS = (
    "Kesatu", "Kedua", "Ketiga", "Keempat", "Kelima", "Keenam", "Ketujuh", "Kedelapan",
)  # fmt: skip


@dataclass(frozen=True)
class RegionKind:
    word: str  # "Kabupaten"
    slug_prefix: str  # "kab" (docs/model.md: region slugs)
    head: str  # the head's title as in the body: "Bupati"
    jenis: str  # the regulation's jenis slug


KABUPATEN = RegionKind("Kabupaten", "kab", "Bupati", "perbup")
KOTA = RegionKind("Kota", "kota", "Walikota", "perwal")
PROVINSI = RegionKind("Provinsi", "prov", "Gubernur", "pergub")
# Region k is of kind REGION_KIND_CYCLE[k % 10]: 7 Kabupaten, 2 Kota, 1 Provinsi in ten, and the
# first three regions are one of each, so a small corpus already has all three.
REGION_KIND_CYCLE = (
    KABUPATEN,
    KOTA,
    PROVINSI,
    KABUPATEN,
    KABUPATEN,
    KABUPATEN,
    KOTA,
    KABUPATEN,
    KABUPATEN,
    KABUPATEN,
)


@dataclass(frozen=True)
class Affair:
    """An office type: the Dinas name, its affair as a phrase, and the pool of its Bidang."""

    dinas: str
    urusan: str
    bidang: tuple[str, ...]


AFFAIRS = (
    Affair("Dinas Pendidikan", "pendidikan", (
        "Pendidikan Anak Usia Dini", "Pendidikan Dasar", "Pendidikan Nonformal",
        "Guru dan Tenaga Kependidikan", "Sarana dan Prasarana Pendidikan")),
    Affair("Dinas Kesehatan", "kesehatan", (
        "Kesehatan Masyarakat", "Pencegahan dan Pengendalian Penyakit", "Pelayanan Kesehatan",
        "Sumber Daya Kesehatan", "Kefarmasian dan Alat Kesehatan")),
    Affair("Dinas Pekerjaan Umum dan Penataan Ruang", "pekerjaan umum dan penataan ruang", (
        "Bina Marga", "Sumber Daya Air", "Cipta Karya", "Penataan Ruang", "Jasa Konstruksi")),
    Affair("Dinas Perumahan Rakyat dan Kawasan Permukiman",
           "perumahan rakyat dan kawasan permukiman", (
        "Perumahan", "Kawasan Permukiman", "Pertanahan", "Prasarana, Sarana dan Utilitas Umum",
        "Pertamanan dan Pemakaman")),
    Affair("Dinas Sosial", "sosial", (
        "Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial", "Pemberdayaan Sosial",
        "Penanganan Fakir Miskin", "Data dan Informasi Kesejahteraan Sosial")),
    Affair("Dinas Tenaga Kerja", "tenaga kerja", (
        "Penempatan dan Perluasan Kesempatan Kerja", "Pelatihan dan Produktivitas Tenaga Kerja",
        "Hubungan Industrial", "Jaminan Sosial Tenaga Kerja", "Informasi Pasar Kerja")),
    Affair("Dinas Lingkungan Hidup", "lingkungan hidup", (
        "Tata Lingkungan", "Pengelolaan Sampah dan Limbah",
        "Pengendalian Pencemaran dan Kerusakan Lingkungan", "Penaatan Hukum Lingkungan",
        "Konservasi dan Keanekaragaman Hayati")),
    Affair("Dinas Kependudukan dan Pencatatan Sipil",
           "administrasi kependudukan dan pencatatan sipil", (
        "Pelayanan Pendaftaran Penduduk", "Pelayanan Pencatatan Sipil",
        "Pengelolaan Informasi Administrasi Kependudukan", "Pemanfaatan Data",
        "Inovasi Pelayanan")),
    Affair("Dinas Perhubungan", "perhubungan", (
        "Lalu Lintas", "Angkutan", "Prasarana Perhubungan", "Pengendalian dan Operasional",
        "Perparkiran")),
    Affair("Dinas Komunikasi dan Informatika", "komunikasi dan informatika", (
        "Informasi dan Komunikasi Publik", "Aplikasi Informatika", "Persandian", "Statistik",
        "Infrastruktur Teknologi Informasi")),
    Affair("Dinas Koperasi, Usaha Kecil dan Menengah", "koperasi, usaha kecil dan menengah", (
        "Kelembagaan dan Pengawasan", "Pemberdayaan Koperasi", "Pemberdayaan Usaha Mikro",
        "Pembiayaan dan Permodalan", "Kewirausahaan")),
    Affair("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "penanaman modal", (
        "Promosi Penanaman Modal", "Pelayanan Perizinan", "Pengendalian Penanaman Modal",
        "Pengaduan dan Informasi Pelayanan", "Sistem Informasi Penanaman Modal")),
    Affair("Dinas Kepemudaan dan Olahraga", "kepemudaan dan olahraga", (
        "Kepemudaan", "Olahraga Prestasi", "Olahraga Rekreasi", "Sarana dan Prasarana Olahraga",
        "Kemitraan Kepemudaan")),
    Affair("Dinas Perpustakaan dan Kearsipan", "perpustakaan dan kearsipan", (
        "Layanan Perpustakaan", "Pengembangan Koleksi", "Pengelolaan Arsip",
        "Pembinaan Kearsipan", "Pelestarian Bahan Pustaka")),
    Affair("Dinas Perikanan", "perikanan", (
        "Perikanan Tangkap", "Perikanan Budidaya", "Pengolahan dan Pemasaran Hasil Perikanan",
        "Pengawasan Sumber Daya Perikanan", "Penyuluhan Perikanan")),
    Affair("Dinas Pariwisata", "pariwisata", (
        "Destinasi Pariwisata", "Pemasaran Pariwisata", "Ekonomi Kreatif", "Industri Pariwisata",
        "Kelembagaan Pariwisata")),
    Affair("Dinas Pertanian", "pertanian", (
        "Tanaman Pangan", "Hortikultura", "Perkebunan", "Prasarana dan Sarana Pertanian",
        "Penyuluhan Pertanian")),
    Affair("Dinas Perdagangan", "perdagangan", (
        "Perdagangan Dalam Negeri", "Pengelolaan Pasar", "Perlindungan Konsumen",
        "Metrologi Legal", "Pengembangan Ekspor")),
    Affair("Dinas Perindustrian", "perindustrian", (
        "Industri Agro", "Industri Logam dan Mesin", "Industri Kecil dan Menengah",
        "Sarana Industri", "Pengembangan Industri")),
    Affair("Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
           "pemberdayaan perempuan dan perlindungan anak", (
        "Kualitas Hidup Perempuan", "Perlindungan Hak Perempuan", "Pemenuhan Hak Anak",
        "Perlindungan Khusus Anak", "Data Gender dan Anak")),
    Affair("Dinas Pengendalian Penduduk dan Keluarga Berencana",
           "pengendalian penduduk dan keluarga berencana", (
        "Pengendalian Penduduk", "Keluarga Berencana", "Ketahanan Keluarga",
        "Penyuluhan dan Penggerakan", "Advokasi dan Informasi")),
    Affair("Dinas Pemberdayaan Masyarakat dan Desa", "pemberdayaan masyarakat dan desa", (
        "Pemerintahan Desa", "Pemberdayaan Masyarakat Desa", "Ekonomi Desa",
        "Teknologi Tepat Guna", "Keuangan dan Aset Desa")),
    Affair("Dinas Pemadam Kebakaran dan Penyelamatan", "kebakaran dan penyelamatan", (
        "Pencegahan Kebakaran", "Pemadaman dan Penyelamatan", "Sarana Pemadam Kebakaran",
        "Pemberdayaan Masyarakat Siaga Kebakaran", "Operasi dan Pengendalian")),
    Affair("Dinas Ketahanan Pangan", "pangan", (
        "Ketersediaan Pangan", "Distribusi dan Cadangan Pangan", "Konsumsi dan Keamanan Pangan",
        "Kerawanan Pangan", "Penganekaragaman Pangan")),
    Affair("Dinas Peternakan dan Kesehatan Hewan", "peternakan dan kesehatan hewan", (
        "Produksi Peternakan", "Kesehatan Hewan", "Kesehatan Masyarakat Veteriner",
        "Pemasaran Hasil Peternakan", "Pakan dan Bibit Ternak")),
    Affair("Dinas Kebudayaan", "kebudayaan", (
        "Sejarah dan Cagar Budaya", "Kesenian", "Tradisi dan Nilai Budaya", "Permuseuman",
        "Bahasa dan Sastra")),
)  # fmt: skip

# Sub Bagian of the Sekretariat: two or three, as real Dinas have them.
SUB_BAGIAN_SETS = (
    ("Perencanaan dan Keuangan", "Umum dan Kepegawaian"),
    ("Program dan Keuangan", "Umum dan Kepegawaian"),
    ("Umum dan Kepegawaian", "Keuangan"),
    ("Perencanaan dan Evaluasi", "Keuangan", "Umum dan Kepegawaian"),
    ("Program", "Keuangan", "Umum dan Kepegawaian"),
)

# Sub Koordinator functions of a Bidang: "{template} {Bidang topic}", so they are unique in a Dinas.
SUB_KOORDINATOR_FUNCTIONS = (
    "Perencanaan", "Pembinaan", "Pengawasan dan Pengendalian", "Pelayanan", "Data dan Informasi",
    "Fasilitasi",
)  # fmt: skip
KOORDINATOR_FUNCTION = "Pengelolaan"
UPTD_PREFIX = "Pelayanan Teknis"

# Pasal 1 abbreviations (definitions), in the order regulations list them.
PLANNING_TERMS = (
    (
        "Rencana Pembangunan Jangka Panjang Daerah",
        "RPJPD",
        "dokumen perencanaan Daerah untuk periode 20 (dua puluh) tahun",
    ),
    (
        "Rencana Pembangunan Jangka Menengah Daerah",
        "RPJMD",
        "dokumen perencanaan Daerah untuk periode 5 (lima) tahun",
    ),
    (
        "Rencana Kerja Pemerintah Daerah",
        "RKPD",
        "dokumen perencanaan Daerah untuk periode 1 (satu) tahun",
    ),
    (
        "Rencana Strategis Perangkat Daerah",
        "RENSTRA",
        "dokumen perencanaan Perangkat Daerah untuk periode 5 (lima) tahun",
    ),
    (
        "Rencana Kerja Perangkat Daerah",
        "RENJA",
        "dokumen perencanaan Perangkat Daerah untuk periode 1 (satu) tahun",
    ),
    (
        "Rencana Kerja dan Anggaran",
        "RKA",
        "dokumen perencanaan dan penganggaran yang berisi "
        "rencana pendapatan dan rencana belanja program dan kegiatan Perangkat Daerah",
    ),
    (
        "Dokumen Pelaksanaan Anggaran",
        "DPA",
        "dokumen yang memuat pendapatan dan belanja "
        "Perangkat Daerah yang digunakan sebagai dasar pelaksanaan anggaran",
    ),
    (
        "Perjanjian Kinerja",
        "PK",
        "lembar penugasan dari pimpinan instansi yang lebih tinggi "
        "kepada pimpinan instansi yang lebih rendah untuk melaksanakan program dan kegiatan",
    ),
    (
        "Indikator Kinerja Utama",
        "IKU",
        "ukuran keberhasilan dari suatu tujuan dan sasaran strategis instansi pemerintah",
    ),
    (
        "Laporan Akuntabilitas Kinerja Instansi Pemerintah",
        "LAKIP",
        "laporan tentang akuntabilitas kinerja instansi pemerintah yang disusun secara berkala",
    ),
    (
        "Laporan Penyelenggaraan Pemerintahan Daerah",
        "LPPD",
        "laporan atas penyelenggaraan pemerintahan daerah selama 1 (satu) tahun anggaran",
    ),
    (
        "Laporan Keterangan Pertanggungjawaban",
        "LKPJ",
        "laporan yang berupa informasi "
        "penyelenggaraan pemerintahan daerah selama 1 (satu) tahun anggaran",
    ),
)


@dataclass(frozen=True)
class Act:
    """A cited regulation. `gazette` is its publication phrase as regulations quote it."""

    jenis: str
    yurisdiksi: str
    tahun: int
    nomor: str
    about: str
    gazette: str | None = None


def ln(tahun: int, nomor: int, tambahan: int) -> str:
    return (
        f"Lembaran Negara Republik Indonesia Tahun {tahun} Nomor {nomor}, "
        f"Tambahan Lembaran Negara Republik Indonesia Nomor {tambahan}"
    )


def bn(tahun: int, nomor: int) -> str:
    return f"Berita Negara Republik Indonesia Tahun {tahun} Nomor {nomor}"


JENIS_LABELS = {
    "uu": "Undang-Undang",
    "pp": "Peraturan Pemerintah",
    "permendagri": "Peraturan Menteri Dalam Negeri",
    "permenpanrb": "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
    "kepmendagri": "Keputusan Menteri Dalam Negeri",
}

UU_12_2011 = Act(
    "uu", "id", 2011, "12", "Pembentukan Peraturan Perundang-undangan", ln(2011, 82, 5234)
)
UU_15_2019 = Act(
    "uu",
    "id",
    2019,
    "15",
    "Perubahan Atas Undang-Undang Nomor 12 Tahun 2011 "
    "tentang Pembentukan Peraturan Perundang-undangan",
    ln(2019, 183, 6398),
)
UU_13_2022 = Act(
    "uu",
    "id",
    2022,
    "13",
    "Perubahan Kedua Atas Undang-Undang Nomor 12 Tahun "
    "2011 tentang Pembentukan Peraturan Perundang-undangan",
    ln(2022, 143, 6801),
)
UU_5_2014 = Act("uu", "id", 2014, "5", "Aparatur Sipil Negara", ln(2014, 6, 5494))
UU_23_2014 = Act("uu", "id", 2014, "23", "Pemerintahan Daerah", ln(2014, 244, 5587))
UU_9_2015 = Act(
    "uu",
    "id",
    2015,
    "9",
    "Perubahan Kedua Atas Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    ln(2015, 58, 5679),
)
UU_11_2020 = Act("uu", "id", 2020, "11", "Cipta Kerja", ln(2020, 245, 6573))
UU_6_2023 = Act(
    "uu",
    "id",
    2023,
    "6",
    "Penetapan Peraturan Pemerintah Pengganti Undang-Undang "
    "Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang",
    ln(2023, 41, 6856),
)
UU_30_2014 = Act("uu", "id", 2014, "30", "Administrasi Pemerintahan", ln(2014, 292, 5601))
PP_18_2016 = Act("pp", "id", 2016, "18", "Perangkat Daerah", ln(2016, 114, 5887))
PP_72_2019 = Act(
    "pp",
    "id",
    2019,
    "72",
    "Perubahan Atas Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah",
    ln(2019, 187, 6402),
)
PP_12_2017 = Act(
    "pp",
    "id",
    2017,
    "12",
    "Pembinaan dan Pengawasan Penyelenggaraan Pemerintahan Daerah",
    ln(2017, 73, 6041),
)
PERMENDAGRI_80_2015 = Act(
    "permendagri", "id", 2015, "80", "Pembentukan Produk Hukum Daerah", bn(2015, 2036)
)
PERMENDAGRI_120_2018 = Act(
    "permendagri",
    "id",
    2018,
    "120",
    "Perubahan Atas Peraturan Menteri "
    "Dalam Negeri Nomor 80 Tahun 2015 tentang Pembentukan Produk Hukum "
    "Daerah",
    bn(2019, 157),
)
PERMENDAGRI_5_2017 = Act(
    "permendagri",
    "id",
    2017,
    "5",
    "Pedoman Nomenklatur Perangkat Daerah "
    "Provinsi dan Daerah Kabupaten/Kota yang Melaksanakan Fungsi Penunjang "
    "Penyelenggaraan Urusan Pemerintahan",
    bn(2017, 197),
)
PERMENPANRB_41_2018 = Act(
    "permenpanrb",
    "id",
    2018,
    "41",
    "Nomenklatur Jabatan Pelaksana Bagi Pegawai Negeri Sipil di Lingkungan Instansi Pemerintah",
    bn(2018, 1237),
)
PERMENDAGRI_90_2019 = Act(
    "permendagri",
    "id",
    2019,
    "90",
    "Klasifikasi, Kodefikasi, dan Nomenklatur Perencanaan Pembangunan dan Keuangan Daerah",
    bn(2019, 1447),
)
PERMENPANRB_25_2021 = Act(
    "permenpanrb",
    "id",
    2021,
    "25",
    "Penyederhanaan Struktur Organisasi pada Instansi Pemerintah untuk Penyederhanaan Birokrasi",
    bn(2021, 411),
)
PERMENPANRB_17_2021 = Act(
    "permenpanrb",
    "id",
    2021,
    "17",
    "Penyetaraan Jabatan Administrasi ke Dalam Jabatan Fungsional",
    bn(2021, 525),
)
KEPMENDAGRI_050_3708 = Act(
    "kepmendagri",
    "id",
    2020,
    "050-3708",
    "Hasil Verifikasi dan "
    "Validasi Pemutakhiran Klasifikasi, Kodefikasi, dan Nomenklatur "
    "Perencanaan Pembangunan dan Keuangan Daerah",
)
