"""Query 02 started from the Pelaksana post, whose superior the text gives as alternatives.

Expected rows read from data/source/perbup-bekasi-99-2021.txt: Pasal 26 ayat (2) "Kelompok
Jabatan Pelaksana ... bertanggungjawab secara langsung kepada Jabatan Administrasi di atasnya atau
Pejabat Fungsional yang ditunjuk sebagai Sub Koordinator" (the Jabatan Administrasi of this Dinas:
the Sekretaris, the two Kepala Sub Bagian, the three Kepala Bidang; the nine Sub Koordinator of
Pasal 12/16/20 ayat (4)); then Pasal 9 (1), 10 (1), 11 (1) (Sekretaris -> Kepala Dinas, Kepala Sub
Bagian -> Sekretaris), 12/16/20 (1) (Kepala Bidang -> Kepala Dinas melalui Sekretaris Dinas),
13-15, 17-19, 21-23 (1) (Sub Koordinator -> Kepala Bidang) and 3 (2) (Kepala Dinas -> Bupati
melalui Sekretaris Daerah)."""

from __future__ import annotations

import pyoxigraph as ox
from querycheck import assert_same_table, catalogue, read_csv_table

QUERY = next(q for q in catalogue() if q.name.startswith("02-"))
POST = "https://w3id.org/sotk-kg/id/post/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah"
REGION = "https://w3id.org/sotk-kg/id/post/kab-bekasi"
DEFAULT = f"<{POST}/sub-koordinator-kelembagaan-dan-perizinan-koperasi>"

BIDANG_SUB_KOORDINATOR = {
    "kelembagaan-dan-pengawasan": (  # Pasal 12 ayat (4)
        "kelembagaan-dan-perizinan-koperasi",
        "keanggotaan-dan-penerapan-peraturan-koperasi",
        "pengawasan-pemeriksaan-dan-penilaian-kesehatan-koperasi",
    ),
    "pemberdayaan-koperasi": (  # Pasal 16 ayat (4)
        "fasilitasi-usaha-koperasi",
        "pengembangan-penguatan-dan-perlindungan-koperasi",
        "peningkatan-kualitas-sdm-koperasi",
    ),
    "pemberdayaan-usaha-mikro": (  # Pasal 20 ayat (4)
        "fasilitasi-usaha-mikro",
        "pengembangan-penguatan-dan-perlindungan-usaha-mikro",
        "peningkatan-kualitas-kewirausahaan",
    ),
}
SUB_BAGIAN = ("perencanaan-dan-keuangan", "umum-dan-kepegawaian")


def expected_rows() -> list[list[str]]:
    kadis, sekretaris = f"{POST}/kepala-dinas", f"{POST}/sekretaris"
    administrasi = [sekretaris] + [f"{POST}/kepala-sub-bagian-{s}" for s in SUB_BAGIAN]
    administrasi += [f"{POST}/kepala-bidang-{b}" for b in BIDANG_SUB_KOORDINATOR]
    sub_koordinator = {
        f"{POST}/sub-koordinator-{fn}": f"{POST}/kepala-bidang-{bidang}"
        for bidang, functions in BIDANG_SUB_KOORDINATOR.items()
        for fn in functions
    }
    alternatives = administrasi + list(sub_koordinator)
    # Above the Pelaksana: every alternative, the Kepala Dinas and the Bupati.
    above_pelaksana = str(len(alternatives) + 2)
    rows = [[f"{POST}/pelaksana", sup, "", "true", above_pelaksana] for sup in alternatives]
    rows.append([sekretaris, kadis, "", "false", "2"])
    rows += [[f"{POST}/kepala-sub-bagian-{s}", sekretaris, "", "false", "3"] for s in SUB_BAGIAN]
    rows += [
        [f"{POST}/kepala-bidang-{b}", kadis, sekretaris, "false", "2"]
        for b in BIDANG_SUB_KOORDINATOR
    ]
    rows += [[sk, kabid, "", "false", "3"] for sk, kabid in sub_koordinator.items()]
    rows.append([kadis, f"{REGION}/bupati", f"{REGION}/sekretaris-daerah", "false", "1"])
    return rows


def test_chain_from_the_pelaksana_follows_every_alternative(seed_store: ox.Store) -> None:
    assert DEFAULT in QUERY.text
    text = QUERY.text.replace(DEFAULT, f"<{POST}/pelaksana>")
    answer = seed_store.query(text)
    actual = read_csv_table(answer.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8"))
    header = ["post", "superior", "via", "alternative", "levelsAbove"]
    assert len(expected_rows()) == 31
    assert_same_table((header, expected_rows()), actual, ordered=False, what="02 from Pelaksana")
    # Ordered by levelsAbove, descending: the Pelaksana's alternatives come first.
    assert actual[1][0][0] == f"{POST}/pelaksana" and actual[1][-1][0] == f"{POST}/kepala-dinas"
