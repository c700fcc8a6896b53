import csv
import io

from console.csv_export import table_csv
from console.reports import Table


def table(*rows: tuple) -> Table:
    return Table("top-unanswered", "Câu hỏi", ("Câu hỏi", "Số lần hỏi", "Tỉ lệ"), rows)


def read_back(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_file_starts_with_a_byte_order_mark_and_vietnamese_headers():
    data = table_csv(table())

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "Câu hỏi,Số lần hỏi,Tỉ lệ\r\n"


def test_every_line_ends_with_crlf():
    data = table_csv(table(("Tạm trú", 3, 0.5), ("Khai sinh", 1, None)))

    assert data.count(b"\r\n") == 3
    assert data.replace(b"\r\n", b"").count(b"\n") == 0


def test_commas_quotes_and_newlines_survive_a_round_trip():
    question = 'Xin hỏi, "tạm trú"\nở đâu?'

    rows = read_back(table_csv(table((question, 2, 0.25))))

    assert rows[1] == [question, "2", "0.25"]


def test_none_is_an_empty_cell_and_rates_are_rounded():
    rows = read_back(table_csv(table(("Tạm trú", 3, None), ("Khai sinh", 3, 2 / 3))))

    assert rows[1][2] == ""
    assert rows[2][2] == "0.6667"


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised():
    formulas = ("=HYPERLINK(1)", "+1+2", "-2+3", "@SUM(A1)")

    rows = read_back(table_csv(table(*((formula, 1, None) for formula in formulas))))

    assert [row[0] for row in rows[1:]] == ["'" + formula for formula in formulas]


def test_numbers_are_never_prefixed_even_when_negative():
    rows = read_back(table_csv(table(("-5", -3, -0.5))))

    assert rows[1] == ["-5", "-3", "-0.5"]
