"""Server-side charts as inline SVG: no JavaScript and no CDN, so pages work on commune
networks and print as drawn. Every label is escaped; every chart names itself for screen
readers (role, title, aria-label); bars carry their value in a <title> for hovering.

Two series use a dark and a light blue that stay apart in greyscale print, and nothing
depends on colour alone: values and the target are written as text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Drawn 560 units wide with no text under 13 units; console.css never shows a chart
# narrower than 520 px (560 × 12 / 13), so no chart text is smaller than 12 px on screen
# (a narrow phone scrolls the chart inside its card instead).
WIDTH = 560
TEXT_SIZE = 13
TITLE_SIZE = 16
SERIES_COLOURS = ("#1f4e79", "#9dc3e6")
BELOW_TARGET_COLOUR = "#c55a11"
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#d0d0d0"
NO_DATA = "Chưa có dữ liệu"
# A presentation attribute, not a style attribute: the console's CSP allows no inline
# styles; colours print as shown through ``svg`` in console.css.
_FONT = "Arial, 'Segoe UI', sans-serif"
_LABEL_WIDTH = 240  # horizontal bars: room for a commune or topic name
_LABEL_CHARACTERS = 32


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


def format_number(value: float) -> str:
    """Vietnamese style: "1.234" and "2,5"."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def format_percent(rate: float) -> str:
    return f"{format_number(round(rate * 100, 1))}%"


def nice_maximum(value: float) -> float:
    """The axis top, four equal steps of 1, 2, 2.5 or 5 × 10^k: counts are whole, so a step
    is never below 1."""
    quarter = max(value / 4, 1)
    magnitude = 10 ** math.floor(math.log10(quarter))
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= quarter)
    return 4 * step


def _svg(title: str, height: float, body: list[str]) -> Markup:
    label = escape(title)
    return Markup(  # noqa: S704 (every label is escaped)
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:g}" '
        f'role="img" aria-label="{label}" font-family="{_FONT}" class="chart">'
        f"<title>{label}</title>"
        f'<text x="0" y="18" font-size="{TITLE_SIZE}" font-weight="bold" '
        f'fill="{TEXT_COLOUR}">{label}</text>'
        f"{''.join(body)}</svg>"
    )


def _text(x: float, y: float, content: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{TEXT_SIZE}" text-anchor="{anchor}" '
        f'fill="{TEXT_COLOUR}">{escape(content)}</text>'
    )


def _bar(x: float, y: float, width: float, height: float, colour: str, tooltip: str) -> str:
    return (
        f'<rect class="bar" x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{height:.2f}" '
        f'fill="{colour}"><title>{escape(tooltip)}</title></rect>'
    )


def empty_chart(title: str, message: str = NO_DATA) -> Markup:
    return _svg(title, 64, [_text(0, 48, message)])


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> Markup:
    """Vertical bars over time, one group per period and one bar per series."""
    if not labels or not series or not any(v > 0 for s in series for v in s.values):
        return empty_chart(title)
    left, top, plot_width, plot_height = 56, 56, WIDTH - 72, 200
    top_value = nice_maximum(max(v for s in series for v in s.values))
    body = _legend(series, 36) + _value_axis(left, top, plot_width, plot_height, top_value)
    slot = plot_width / len(labels)
    bar_width = slot * 0.8 / len(series)
    label_step = math.ceil(len(labels) / max(1, plot_width // 72))
    for index, label in enumerate(labels):
        x = left + index * slot + slot * 0.1
        for number, one in enumerate(series):
            value = one.values[index]
            height = value / top_value * plot_height
            body.append(
                _bar(
                    x + number * bar_width,
                    top + plot_height - height,
                    bar_width,
                    height,
                    SERIES_COLOURS[number % len(SERIES_COLOURS)],
                    f"{label}: {format_number(value)} {one.name}",
                )
            )
        if index % label_step == 0:
            body.append(_text(x + slot * 0.4, top + plot_height + 18, label, "middle"))
    return _svg(title, top + plot_height + 32, body)


def _legend(series: Sequence[Series], y: float) -> list[str]:
    parts, x = [], 0.0
    for number, one in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 18, y, one.name))
        x += 32 + 8 * len(one.name)
    return parts


def _value_axis(left: float, top: float, width: float, height: float, maximum: float) -> list[str]:
    parts = []
    for step in range(5):
        value = maximum * step / 4
        y = top + height - height * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y + 4, format_number(value), "end"))
    return parts


def horizontal_bar_chart(title: str, labels: Sequence[str], values: Sequence[float]) -> Markup:
    """Ranked bars (top topics, communes), the value written at the end of each bar."""
    if not labels or not any(value > 0 for value in values):
        return empty_chart(title)
    top, row_height = 36, 28
    bar_space = WIDTH - _LABEL_WIDTH - 64
    maximum = max(values)
    body = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row_height
        shown = label if len(label) <= _LABEL_CHARACTERS else label[: _LABEL_CHARACTERS - 1] + "…"
        width = value / maximum * bar_space
        body.append(_text(_LABEL_WIDTH - 8, y + 15, shown, "end"))
        body.append(
            _bar(
                _LABEL_WIDTH,
                y + 3,
                width,
                18,
                SERIES_COLOURS[0],
                f"{label}: {format_number(value)}",
            )
        )
        body.append(_text(_LABEL_WIDTH + width + 6, y + 16, format_number(value)))
    return _svg(title, top + len(labels) * row_height + 8, body)


def rate_gauge(title: str, rate: float | None, target: float) -> Markup:
    """A rate as a filled bar against a dashed target line (satisfaction against 90 %)."""
    if rate is None:
        return empty_chart(title)
    left, top, track = 16, 48, WIDTH - 32
    filled = max(0.0, min(rate, 1.0)) * track
    target_x = left + target * track
    meets = rate >= target
    verdict = "Đạt mục tiêu" if meets else "Chưa đạt mục tiêu"
    body = [
        f'<rect x="{left}" y="{top}" width="{track}" height="24" fill="#f2f2f2" stroke="#808080"/>',
        _bar(
            left,
            top,
            filled,
            24,
            SERIES_COLOURS[0] if meets else BELOW_TARGET_COLOUR,
            format_percent(rate),
        ),
        f'<line class="target" x1="{target_x:.2f}" y1="{top - 6}" x2="{target_x:.2f}" '
        f'y2="{top + 30}" stroke="{TEXT_COLOUR}" stroke-width="2" stroke-dasharray="4 3"/>',
        # Above the bar: below it, "Mục tiêu 90%" would run into "100%".
        _text(target_x, top - 10, f"Mục tiêu {format_percent(target)}", "middle"),
        _text(left, top + 46, "0%"),
        _text(left + track, top + 46, "100%", "end"),
        _text(0, 38, f"{format_percent(rate)} · {verdict}"),
    ]
    return _svg(title, top + 56, body)
