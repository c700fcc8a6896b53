"""Regenerates broadcasts/data/communes.csv from the vietnam-provinces package.

The package carries the commune-level units (xã, phường, đặc khu) of all 34 provinces
after the 1 July 2025 reorganisation, with the codes of the national statistics office.
Run: ``.venv/bin/python scripts/export_communes.py`` (a development step; the CSV is
committed and the server never needs the package).
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "broadcasts" / "data" / "communes.csv"
PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")


def province_name(name: str) -> str:
    for prefix in PROVINCE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def main() -> None:
    data = json.loads(
        resources.files("vietnam_provinces").joinpath("data/nested-divisions.json").read_text()
    )
    rows = [
        {
            "code": f"{ward['code']:05d}",
            "name": ward["name"],
            "province": province_name(province["name"]),
            "province_code": f"{province['code']:02d}",
            "division_type": ward["division_type"],
        }
        for province in data
        for ward in province["wards"]
    ]
    with OUTPUT.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} communes of {len(data)} provinces written to {OUTPUT}")  # noqa: T201


if __name__ == "__main__":
    main()
