"""Report tables as CSV files for Excel, which officers use.

UTF-8 with a byte-order mark, or Excel shows Vietnamese as mojibake; CRLF line ends;
text that a spreadsheet would run as a formula (a citizen's question starting with "=")
is prefixed with an apostrophe, as OWASP advises for CSV injection.
"""

from __future__ import annotations

import csv
import io
import re

from console.reports import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(title) for title in table.columns])
    writer.writerows([_cell(value) for value in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
