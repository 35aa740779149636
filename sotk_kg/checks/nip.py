"""NIP (Nomor Induk Pegawai): normalising what people type and explaining what is wrong with it.

Layout (Peraturan Kepala BKN Nomor 22 Tahun 2007 tentang Nomor Induk Pegawai Negeri Sipil):
18 digits = birth date YYYYMMDD + appointment as CPNS (TMT) YYYYMM + gender 1 (male) or 2 (female)
+ serial number NNN. The SHACL shapes (`shapes/roster.shacl.ttl`, sotksh:Membership-nip and
sotksh:NipDatesShape) are what decide; this module only cleans input and words the reason for a
report, in Indonesian and English.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_SEPARATORS = re.compile(r"[\s.\-]+")
_GENDERS = ("1", "2")  # male, female

# problem -> (Indonesian, English) wording; {…} filled from the NIP
_WORDS: dict[str, tuple[str, str]] = {
    "length": ("bukan 18 angka (ada {n} karakter)", "not 18 digits (has {n} characters)"),
    "birth": ("tanggal lahir {date} bukan tanggal yang sah", "birth date {date} is not a date"),
    "birth_future": (
        "tanggal lahir {date} belum terjadi (setelah {today})",
        "birth date {date} is in the future (after {today})",
    ),
    "appointment": (
        "TMT pengangkatan {month} bukan tahun-bulan yang sah",
        "appointment {month} is not a year-month",
    ),
    "appointment_future": (
        "TMT pengangkatan {month} belum terjadi (setelah {today})",
        "appointment {month} is in the future (after {today})",
    ),
    "order": (
        "TMT pengangkatan tidak setelah tanggal lahir",
        "appointment is not after the birth date",
    ),
    "gender": (
        "digit jenis kelamin {digit}, bukan 1 atau 2",
        "gender digit is {digit}, not 1 or 2",
    ),
}


def normalise(raw: str) -> str:
    """Drop the spaces, dots and dashes people put between the NIP's parts."""
    return _SEPARATORS.sub("", raw.strip())


def problem_keys(nip: str, today: dt.date | None = None) -> list[tuple[str, dict[str, str]]]:
    """What is wrong with a (normalised) NIP: (problem, its values); [] when it is valid."""
    if not re.fullmatch(r"[0-9]{18}", nip):
        return [("length", {"n": str(len(nip))})]
    today = today or dt.date.today()
    values = {
        "date": f"{nip[0:4]}-{nip[4:6]}-{nip[6:8]}",
        "month": f"{nip[8:12]}-{nip[12:14]}",
        "digit": nip[14],
        "today": today.isoformat(),
    }
    found: list[str] = []
    by, bm, bd = int(nip[0:4]), int(nip[4:6]), int(nip[6:8])
    ay, am = int(nip[8:12]), int(nip[12:14])
    # short-circuit keeps monthrange() away from a month outside 1..12
    birth_ok = by >= 1900 and 1 <= bm <= 12 and 1 <= bd <= calendar.monthrange(by, bm)[1]
    if not birth_ok:
        found.append("birth")
    elif dt.date(by, bm, bd) > today:
        found.append("birth_future")
    if not 1 <= am <= 12:
        found.append("appointment")
    else:
        if ay * 100 + am > today.year * 100 + today.month:
            found.append("appointment_future")
        if birth_ok and ay * 100 + am <= by * 100 + bm:
            found.append("order")
    if nip[14] not in _GENDERS:
        found.append("gender")
    return [(key, values) for key in found]


def problems(nip: str, lang: str = "en", today: dt.date | None = None) -> list[str]:
    """What is wrong with a (normalised) NIP, as short phrases in `lang` (id|en); [] if valid."""
    index = 0 if lang == "id" else 1
    return [_WORDS[key][index].format(**values) for key, values in problem_keys(nip, today)]
