"""A report's charts as reportlab drawings: bars, a line, stacked bars, from ``Chart`` data.
Labels in Arabic are shaped and put in visual order (reportlab draws left to right)."""
from __future__ import annotations

from reportlab import rl_config

# Checking every attribute set on a chart's shapes is a debugging aid that took a third of a
# report's rendering time; the drawings here are built by code the tests run.
rl_config.shapeChecking = 0

from reportlab.graphics.charts.barcharts import VerticalBarChart  # noqa: E402
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from centre_desk.core.documents.text import BOLD, REGULAR, fit, register_fonts, visual
from centre_desk.core.documents.text import width as width_of
from centre_desk.core.reports.model import Chart

PALETTE = (colors.HexColor("#2f6f8f"), colors.HexColor("#d98c3f"), colors.HexColor("#6a9a4b"),
           colors.HexColor("#9b5d8c"))
INK = colors.HexColor("#1a2933")


def _label(text: str, rtl: bool, room: float = 90, size: float = 7) -> str:
    return visual(fit(text, REGULAR, size, room), rtl=rtl)


def drawing(chart: Chart, width: float, height: float, rtl: bool = False) -> Drawing:
    """The chart in a ``width`` × ``height`` points drawing, its title at the top."""
    register_fonts()
    canvas = Drawing(width, height)
    title = String(width - 4 if rtl else 4, height - 12, visual(chart.title, rtl=rtl),
                   fontName=BOLD, fontSize=10, fillColor=INK,
                   textAnchor="end" if rtl else "start")
    canvas.add(title)
    values = [[(None if chart.kind == "line" else 0) if v is None else v for v in series]
              for _name, series in chart.series]
    if not chart.categories or not any(any(v for v in row if v) for row in values):
        canvas.add(String(width / 2, height / 2, visual(_empty_text(chart), rtl=rtl),
                          fontName=REGULAR, fontSize=9, fillColor=colors.grey,
                          textAnchor="middle"))
        return canvas
    slot = (width - 50) / max(1, len(chart.categories))
    rotate = any(width_of(c, REGULAR, 7) > slot - 4 for c in chart.categories)
    bottom = 58 if rotate else 30
    plot = HorizontalLineChart() if chart.kind == "line" else VerticalBarChart()
    plot.x, plot.y = 38, bottom
    plot.width, plot.height = width - 50, height - bottom - 42
    categories = list(chart.categories)
    if rtl:  # time and lists read from the right in Arabic
        categories.reverse()
        values = [list(reversed(row)) for row in values]
    plot.data = [tuple(row) for row in values]
    plot.categoryAxis.categoryNames = [_label(c, rtl, 70 if rotate else 80) for c in categories]
    plot.categoryAxis.labels.fontName = REGULAR
    plot.categoryAxis.labels.fontSize = 7
    if rotate:
        plot.categoryAxis.labels.angle = 45
        plot.categoryAxis.labels.boxAnchor = "ne"
        plot.categoryAxis.labels.dx, plot.categoryAxis.labels.dy = 4, -2
    plot.valueAxis.labels.fontName = REGULAR
    plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.valueMin = 0
    if chart.percent:
        plot.valueAxis.valueMax = 100
        plot.valueAxis.valueStep = 20
        plot.valueAxis.labelTextFormat = "%d%%" if rtl else "%d %%"  # as i18n.format_percent
    elif chart.kind == "stacked":
        top = max(sum(v or 0 for v in column) for column in zip(*values))
        plot.valueAxis.valueMax = max(4, top * 1.1)
    if chart.kind == "line":
        plot.lines[0].strokeColor = PALETTE[0]
        plot.lines[0].strokeWidth = 2
        plot.joinedLines = 1
        plot.lines[0].symbol = makeMarker("FilledCircle", size=3)
    else:
        plot.barSpacing = 1
        plot.groupSpacing = 6
        for index in range(len(values)):
            plot.bars[index].fillColor = PALETTE[index % len(PALETTE)]
            plot.bars[index].strokeColor = None
        if chart.kind == "stacked":
            plot.categoryAxis.style = "stacked"
    canvas.add(plot)
    if len(chart.series) > 1:
        legend = Legend()
        legend.fontName, legend.fontSize = REGULAR, 8
        legend.alignment = "left" if rtl else "right"
        legend.x, legend.y = (width - 120, height - 24) if rtl else (40, height - 24)
        legend.columnMaximum, legend.dx, legend.dy = 1, 8, 8
        pairs = [(PALETTE[i % len(PALETTE)], visual(name, rtl=rtl))
                 for i, (name, _values) in enumerate(chart.series)]
        legend.colorNamePairs = pairs[::-1] if rtl else pairs  # the first series read first
        legend.deltax = 70
        legend.boxAnchor = "nw"
        canvas.add(legend)
    return canvas


def _empty_text(chart: Chart) -> str:
    return chart.empty or "—"
