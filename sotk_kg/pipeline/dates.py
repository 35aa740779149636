"""Indonesian dates as written in regulations ("29 Desember 2021") to ISO dates."""

from __future__ import annotations

import re
from datetime import date
from difflib import get_close_matches

# Month names, with the older and OCR-common spellings seen in regional gazettes.
MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "agustis": 8,
    "september": 9,
    "oktober": 10,
    "nopember": 11,
    "november": 11,
    "desember": 12,
}

_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")


def month_number(name: str, fuzzy: bool = False) -> int | None:
    """1..12 for an Indonesian month name; with `fuzzy`, also for an OCR misreading of one
    ("Desernber")."""
    name = name.lower()
    if name in MONTHS or not fuzzy:
        return MONTHS.get(name)
    close = get_close_matches(name, MONTHS, n=1, cutoff=0.75)
    return MONTHS[close[0]] if close else None


def parse_indonesian_date(text: str, fuzzy: bool = False) -> str | None:
    """The first "<day> <month name> <year>" in `text` as "YYYY-MM-DD"; None when there is none
    or it is not a real calendar date. `fuzzy` accepts OCR-damaged month names."""
    for match in _DATE.finditer(text):
        month = month_number(match.group(2), fuzzy)
        if month is None:
            continue
        try:
            return date(int(match.group(3)), month, int(match.group(1))).isoformat()
        except ValueError:
            return None
    return None
