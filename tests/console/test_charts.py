import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from console.charts import (
    NO_DATA,
    WIDTH,
    Series,
    bar_chart,
    empty_chart,
    format_number,
    format_percent,
    horizontal_bar_chart,
    nice_maximum,
    rate_gauge,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: Markup) -> ET.Element:
    assert isinstance(markup, Markup)
    return ET.fromstring(str(markup))  # noqa: S314 (markup the test just generated)


def bars(svg: ET.Element) -> list[ET.Element]:
    return [rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def texts(svg: ET.Element) -> list[str]:
    return [element.text for element in svg.iter(f"{SVG}text")]


CHARTS = [
    lambda title: bar_chart(title, ["01/03", "02/03"], [Series("Cuộc hội thoại", [3, 6])]),
    lambda title: horizontal_bar_chart(title, ["Xã Tà Tổng"], [4]),
    lambda title: rate_gauge(title, 0.8, 0.9),
    lambda title: empty_chart(title),
]


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_names_itself_for_screen_readers(chart):
    svg = parse(chart("Hội thoại theo ngày"))

    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "Hội thoại theo ngày"
    assert svg.find(f"{SVG}title").text == "Hội thoại theo ngày"
    assert svg.get("viewBox").startswith(f"0 0 {WIDTH} ")


@pytest.mark.parametrize("chart", CHARTS)
def test_every_label_is_escaped(chart):
    markup = chart('<script>alert("x")</script> & co')

    assert "<script>" not in markup
    assert parse(markup).get("aria-label") == '<script>alert("x")</script> & co'


def test_vertical_bars_are_drawn_in_proportion_to_their_values():
    svg = parse(bar_chart("Hội thoại", ["01/03", "02/03"], [Series("Cuộc hội thoại", [3, 6])]))

    low, high = (float(rect.get("height")) for rect in bars(svg))

    assert high == pytest.approx(2 * low)
    assert float(bars(svg)[0].get("y")) + low == pytest.approx(float(bars(svg)[1].get("y")) + high)


def test_two_series_get_a_legend_and_a_bar_each_per_period():
    series = [Series("Cuộc hội thoại", [5, 8, 2]), Series("Người dùng", [3, 4, 1])]

    svg = parse(bar_chart("Hoạt động", ["01/03", "02/03", "03/03"], series))

    assert len(bars(svg)) == 6
    assert {"Cuộc hội thoại", "Người dùng", "01/03", "03/03"} <= set(texts(svg))
    assert len({rect.get("fill") for rect in bars(svg)}) == 2


def test_bar_values_are_readable_on_hover_and_the_axis_is_labelled():
    svg = parse(bar_chart("Hội thoại", ["01/03"], [Series("cuộc hội thoại", [1500])]))

    assert bars(svg)[0].find(f"{SVG}title").text == "01/03: 1.500 cuộc hội thoại"
    assert {"0", "2.000"} <= set(texts(svg))


def test_many_periods_label_only_some_of_them():
    labels = [f"{day:02}/03" for day in range(1, 32)]

    svg = parse(bar_chart("Tháng ba", labels, [Series("Hội thoại", list(range(1, 32)))]))

    shown = [text for text in texts(svg) if text in labels]
    assert len(bars(svg)) == 31
    assert 2 <= len(shown) < 31


@pytest.mark.parametrize(
    "chart",
    [
        lambda: bar_chart("Hội thoại", [], []),
        lambda: bar_chart("Hội thoại", ["01/03"], [Series("Hội thoại", [0])]),
        lambda: horizontal_bar_chart("Chủ đề", [], []),
        lambda: rate_gauge("Hài lòng", None, 0.9),
    ],
)
def test_empty_data_draws_a_small_no_data_chart(chart):
    svg = parse(chart())

    assert NO_DATA in texts(svg)
    assert bars(svg) == []


def test_horizontal_bars_are_proportional_and_show_their_values():
    svg = parse(horizontal_bar_chart("Chủ đề", ["Tạm trú", "Khai sinh"], [10, 4]))

    widths = [float(rect.get("width")) for rect in bars(svg)]

    assert widths[1] == pytest.approx(widths[0] * 0.4)
    assert {"Tạm trú", "Khai sinh", "10", "4"} <= set(texts(svg))


def test_a_long_label_is_shortened_but_kept_whole_in_the_bar_title():
    label = "Thủ tục đăng ký thường trú cho trẻ em dưới 14 tuổi tại xã"

    svg = parse(horizontal_bar_chart("Chủ đề", [label], [3]))

    assert label not in texts(svg)
    assert any(text.endswith("…") for text in texts(svg))
    assert bars(svg)[0].find(f"{SVG}title").text == f"{label}: 3"


def test_the_gauge_fills_to_the_rate_and_draws_the_target_line():
    svg = parse(rate_gauge("Hài lòng", 0.5, 0.9))

    track = next(rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") is None)
    target = next(line for line in svg.iter(f"{SVG}line") if line.get("class") == "target")
    left, width = float(track.get("x")), float(track.get("width"))

    assert float(bars(svg)[0].get("width")) == pytest.approx(0.5 * width)
    assert float(target.get("x1")) == pytest.approx(left + 0.9 * width)
    assert {"50% · Chưa đạt mục tiêu", "Mục tiêu 90%"} <= set(texts(svg))


def test_the_gauge_says_when_the_target_is_met():
    svg = parse(rate_gauge("Hài lòng", 0.925, 0.9))

    assert "92,5% · Đạt mục tiêu" in texts(svg)


@pytest.mark.parametrize(
    ("value", "maximum"), [(0, 4), (3, 4), (5, 8), (12, 20), (100, 100), (101, 200), (1500, 2000)]
)
def test_the_axis_top_is_a_round_number_at_or_above_the_largest_value(value, maximum):
    assert nice_maximum(value) == maximum


def test_numbers_and_rates_are_written_the_vietnamese_way():
    assert (format_number(1234567), format_number(2.5), format_percent(0.8766)) == (
        "1.234.567",
        "2,5",
        "87,7%",
    )
