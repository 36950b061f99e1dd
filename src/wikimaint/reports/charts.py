"""The scan report's charts, drawn offline by pygal as SVG to inline in the page.

Each chart is an ``<svg>`` element with its own styles and no script (pygal's tooltips
would need one from the network, so none is asked for and its config script is dropped).
Labels are SVG text, shaped by the browser; the page puts each chart in a left-to-right box
so that an Arabic page does not mirror its axes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pygal
from markupsafe import Markup
from pygal.style import Style

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["SEVERITY_COLOURS", "bars", "stacked_bars"]

SEVERITY_COLOURS = {"error": "#b3261e", "warning": "#d98e04", "info": "#0b62a4"}
_FONT = '"Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif'
_STYLE = {
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": "#1d2430",
    "foreground_strong": "#1d2430",
    "foreground_subtle": "#8a93a3",
    "font_family": _FONT,
    "label_font_family": _FONT,
    "major_label_font_family": _FONT,
    "legend_font_family": _FONT,
    "title_font_family": _FONT,
    "value_font_family": _FONT,
    "label_font_size": 15,
    "major_label_font_size": 15,
    "legend_font_size": 15,
    "value_font_size": 14,
    "opacity": ".9",
    "opacity_hover": "1",
    "transition": "0ms",
}
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _svg(chart: pygal.graph.graph.Graph, name: str) -> Markup:
    svg = chart.render(is_unicode=True)
    svg = _COMMENT.sub("", _SCRIPT.sub("", svg))
    # pygal builds the SVG with ElementTree, so every label in it is escaped text.
    return Markup(svg.replace("<svg ", f'<svg data-chart="{name}" role="img" ', 1))  # noqa: S704


def _config(colours: Sequence[str], rows: int, *, horizontal: bool) -> dict[str, object]:
    return {
        "style": Style(colors=tuple(colours), **_STYLE),
        "js": [],
        "disable_xml_declaration": True,
        "width": 540,
        "height": max(240, 90 + 24 * rows) if horizontal else 320,
        "min_scale": 2,
        "max_scale": 8,
        "legend_at_bottom": True,
        "print_values": False,
        "show_y_guides": not horizontal,
        "show_x_guides": horizontal,
        "truncate_label": 40,
        "margin": 12,
    }


def stacked_bars(
    name: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
) -> Markup:
    """Return a horizontal stacked bar chart: one bar a label, one stack part a series.

    *series* holds ``(legend, colour, values)``, values in the order of *labels*.
    """
    chart = pygal.HorizontalStackedBar(
        **_config([c for _, c, _ in series], len(labels), horizontal=True)
    )
    chart.x_labels = list(labels)
    for legend, _colour, values in series:
        chart.add(legend, list(values))
    return _svg(chart, name)


def bars(
    name: str,
    labels: Sequence[str],
    values: Sequence[int],
    legend: str,
    colour: str,
    *,
    horizontal: bool = False,
) -> Markup:
    """Return a bar chart of *values*, one bar a label (*horizontal*: bars run across)."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(**_config([colour], len(labels), horizontal=horizontal))
    chart.x_labels = list(labels)
    chart.add(legend, list(values))
    return _svg(chart, name)
