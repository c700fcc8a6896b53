"""Reach by urban and rural area, against the plans' targets for 2027: at least 80 % of
urban and 60 % of rural residents reached by digital legal dissemination.

A ward (phường) is urban and a commune (xã) rural, as ``communes.csv`` names them; the
special zones (đặc khu) are shown apart, without a target. A user counts in the area
of the commune they subscribed from; users who never named one are shown apart.
"""

from __future__ import annotations

from collections.abc import Mapping

from broadcasts.communes import Commune
from console.reports import Connection, ReportScope, Table, rate, scoped_messages

URBAN, RURAL, SPECIAL, UNKNOWN = "urban", "rural", "special", "unknown"
AREA_OF_TYPE = {"phường": URBAN, "xã": RURAL, "đặc khu": SPECIAL}
AREA_LABELS = {
    URBAN: "Thành thị (phường)",
    RURAL: "Nông thôn (xã)",
    SPECIAL: "Đặc khu",
    UNKNOWN: "Chưa rõ xã, phường",
}
TARGETS = {URBAN: 0.8, RURAL: 0.6}


def reach_by_area(
    db: Connection,
    scope: ReportScope,
    communes: list[Commune],
    populations: Mapping[str, int],
) -> Table:
    cte, parameters = scoped_messages(scope)
    users = dict(
        db.execute(
            f"{cte} SELECT commune_code, COUNT(DISTINCT person) FROM scoped GROUP BY commune_code",  # noqa: S608 (fixed fragments)
            parameters,
        ).fetchall()
    )
    shown = [c for c in communes if scope.communes is None or c.code in scope.communes]
    rows = []
    for area in (URBAN, RURAL, SPECIAL):
        of_area = [c for c in shown if AREA_OF_TYPE.get(c.division_type) == area]
        if not of_area and area == SPECIAL:
            continue
        counted = [c for c in of_area if c.code in populations]
        residents = sum(populations[c.code] for c in counted)
        reach = rate(sum(users.get(c.code, 0) for c in counted), residents)
        target = TARGETS.get(area)
        rows.append(
            (
                AREA_LABELS[area],
                len(of_area),
                sum(users.get(c.code, 0) for c in of_area),
                f"{len(counted)}/{len(of_area)}",
                residents or None,
                reach,
                target,
                _verdict(reach, target),
            )
        )
    known = {c.code for c in shown}
    unknown = sum(count for code, count in users.items() if code not in known)
    if unknown:
        rows.append((AREA_LABELS[UNKNOWN], None, unknown, None, None, None, None, None))
    return Table(
        key="reach-area",
        title="Người dùng theo khu vực, so với mục tiêu tiếp cận năm 2027",
        columns=(
            "Khu vực",
            "Số xã, phường",
            "Người dùng",
            "Đã nhập dân số (xã, phường)",
            "Dân số",
            "Tỉ lệ tiếp cận",
            "Mục tiêu 2027",
            "Đạt mục tiêu",
        ),
        rows=tuple(rows),
    )


def _verdict(reach: float | None, target: float | None) -> str | None:
    if reach is None or target is None:
        return None
    return "Đạt" if reach >= target else "Chưa đạt"
