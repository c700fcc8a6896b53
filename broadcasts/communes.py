"""Communes (xã, phường, đặc khu) of a province, and matching the names citizens type.

The list comes from a CSV (``code, name, province``; extra columns ignored); the shipped
``broadcasts/data/communes.csv`` holds all 34 provinces after the 1 July 2025
reorganisation. Matching ignores diacritics, case and the unit prefix, so "phuong ba
dinh", "Ba Đình" and "P. Ba Dinh" all find Phường Ba Đình; names shared by several
units come back as several candidates for the citizen to choose from.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.text_normalization import fold_diacritics

SHIPPED_CSV = Path(__file__).resolve().parent / "data" / "communes.csv"
REQUIRED_COLUMNS = ("code", "name", "province")
# Unit prefixes as typed, folded: longest first so "dac khu" wins over a bare word.
_PREFIXES = ("dac khu", "phuong", "xa", "dk", "p", "x")
_TYPE_OF_PREFIX = {
    "dac khu": "đặc khu",
    "dk": "đặc khu",
    "phuong": "phường",
    "p": "phường",
    "xa": "xã",
    "x": "xã",
}
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Unit words as written in a sentence (the one-letter abbreviations are too ambiguous).
_UNIT_WORDS = {"xa": "xã", "phuong": "phường"}
_LONGEST_NAME_WORDS = 4


class CommuneFileError(ValueError):
    """The CSV is unreadable or lacks a column; the message says which row or column."""


@dataclass(frozen=True)
class Commune:
    code: str
    name: str  # with its unit type: "Phường Ba Đình", "Xã Tà Tổng", "Đặc khu Cô Tô"
    province: str

    @property
    def division_type(self) -> str:
        for unit in ("Đặc khu", "Phường", "Xã"):
            if self.name.startswith(f"{unit} "):
                return unit.lower()
        return ""

    @property
    def base_name(self) -> str:
        prefix = self.division_type
        return self.name[len(prefix) + 1 :] if prefix else self.name


def parse_communes_csv(text: str) -> list[Commune]:
    """Pure: every commune of the file, whatever the province."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise CommuneFileError(f"missing column(s): {', '.join(missing)}")
    communes, seen = [], set()
    for line, row in enumerate(reader, start=2):
        code, name, province = (str(row.get(c) or "").strip() for c in REQUIRED_COLUMNS)
        if not code or not name or not province:
            raise CommuneFileError(f"line {line}: code, name and province are required")
        if code in seen:
            raise CommuneFileError(f"line {line}: duplicate commune code {code}")
        seen.add(code)
        communes.append(Commune(code, name, province))
    return communes


def load_communes(path: Path = SHIPPED_CSV, province: str | None = None) -> list[Commune]:
    communes = parse_communes_csv(path.read_text(encoding="utf-8"))
    if province is None:
        return communes
    wanted = _key(province)
    chosen = [commune for commune in communes if _key(commune.province) == wanted]
    if not chosen:
        known = sorted({commune.province for commune in communes})
        raise CommuneFileError(f"no communes for province {province!r}; known: {', '.join(known)}")
    return chosen


def province_key(name: str) -> str:
    """Comparable form of a province name ("Hà Nội", "ha noi", "HÀ NỘI" are equal)."""
    return _key(name)


def _key(text: str) -> str:
    return _NOT_WORD.sub(" ", fold_diacritics(text).lower()).strip()


def split_prefix(typed: str) -> tuple[str | None, str]:
    """("phường", "ba dinh") from "P. Ba Đình": the unit type typed, if any, and the rest."""
    key = _key(typed)
    for prefix in _PREFIXES:
        if key.startswith(f"{prefix} "):
            return _TYPE_OF_PREFIX[prefix], key[len(prefix) + 1 :]
    return None, key


class CommuneMatcher:
    """Finds the communes a typed name may mean, best first."""

    def __init__(self, communes: list[Commune]) -> None:
        self._by_base: dict[str, list[Commune]] = {}
        for commune in communes:
            self._by_base.setdefault(_key(commune.base_name), []).append(commune)

    def candidates(self, typed: str, limit: int = 5) -> list[Commune]:
        unit, base = split_prefix(typed)
        if not base:
            return []
        found = self._by_base.get(base)
        if found is None:
            close = difflib.get_close_matches(base, self._by_base, n=limit, cutoff=0.8)
            found = [commune for key in close for commune in self._by_base[key]]
        if unit is not None:
            of_unit = [commune for commune in found if commune.division_type == unit]
            found = of_unit or found
        return found[:limit]

    def mentioned_in(self, text: str) -> Commune | None:
        """The one commune a free-text question names after a unit word ("ở xã Tà Tổng",
        "phuong ba dinh có…"), or None. Only exact names count, longest first: in a
        sentence a fuzzy match would turn "ở xa" (far away) into a commune."""
        words = _key(text).split()
        for start, word in enumerate(words):
            unit = _UNIT_WORDS.get(word)
            if unit is None and word == "dac" and words[start + 1 : start + 2] == ["khu"]:
                unit, start = "đặc khu", start + 1
            if unit is None:
                continue
            rest = words[start + 1 : start + 1 + _LONGEST_NAME_WORDS]
            for length in range(len(rest), 0, -1):
                found = [
                    commune
                    for commune in self._by_base.get(" ".join(rest[:length]), [])
                    if commune.division_type == unit
                ]
                if len(found) == 1:
                    return found[0]
        return None


def example_communes(communes: list[Commune]) -> tuple[Commune, ...]:
    """Pure: the first ward and the first commune of the list whose names no other unit
    shares, so typing an example finds it at once."""
    shared = Counter(_key(commune.base_name) for commune in communes)
    unique = [commune for commune in communes if shared[_key(commune.base_name)] == 1]
    firsts = (
        next((commune for commune in unique if commune.division_type == unit), None)
        for unit in ("phường", "xã")
    )
    return tuple(commune for commune in firsts if commune is not None)


def resolve_commune_codes(
    communes: list[Commune], typed: list[str] | tuple[str, ...]
) -> frozenset[str]:
    """Codes, or names typed with or without diacritics and "xã"/"phường", as the
    operator commands take them; ValueError (in Vietnamese) for an unknown or ambiguous one."""
    by_code = {commune.code: commune for commune in communes}
    matcher = CommuneMatcher(communes)
    codes = set()
    for value in typed:
        if value in by_code:
            codes.add(value)
            continue
        found = matcher.candidates(value)
        if not found:
            raise ValueError(f"không có xã, phường “{value}” trong danh sách.")
        if len(found) > 1:
            listed = "; ".join(f"{c.code} {c.name}" for c in found[:6])
            raise ValueError(f"“{value}” có thể là: {listed}. Hãy ghi mã xã.")
        codes.add(found[0].code)
    return frozenset(codes)
