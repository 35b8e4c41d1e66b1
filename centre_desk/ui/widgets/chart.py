"""A report's chart on screen, drawn with QPainter from the same ``Chart`` data as the PDF:
bars, stacked bars or a line; mirrored in right-to-left layouts."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from centre_desk.core.i18n import current_language, format_percent
from centre_desk.core.reports.model import Chart, number_text

PALETTE = ("#2f6f8f", "#d98c3f", "#6a9a4b", "#9b5d8c")


def nice_step(rough: float) -> float:
    """The gridline step for counts: a whole 1, 2 or 5 times a power of ten, at least ``rough``
    (five gridlines of counts up to 3 read "0 1 2 3 4", not "0 1 1 2 3")."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if factor * power >= rough:
                return factor * power
        power *= 10


def label_every(widths: list[float], slot: float) -> int:
    """Show one category label in so many so that none overlaps nor is cut."""
    every = 1
    while every < len(widths) and max(widths, default=0) + 6 > slot * every:
        every += 1
    return every


def label_width(metrics: QFontMetrics, name: str, lines: int) -> int:
    """The narrowest room in which ``name`` fits whole on at most ``lines`` lines."""
    full = metrics.horizontalAdvance(name)
    if lines == 1:
        return full
    room = max((metrics.horizontalAdvance(word) for word in name.split()), default=0)
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)

    def height(width: int) -> int:
        return metrics.boundingRect(QRect(0, 0, width, 10_000), flags, name).height()

    most = lines * height(full + 8)  # a line as drawn, its leading included
    while room < full and height(room) > most:
        room += 4
    return min(room, full)


class ChartView(QWidget):
    """Category labels are whole or left out (when they would overlap); pointing at a bar or a
    point shows its category and values."""

    def __init__(self, chart: Chart | None = None, parent=None):
        super().__init__(parent)
        self.chart = chart
        self._slots: tuple[float, float, list[int]] | None = None  # plot left, slot, categories
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(260)

    def sizeHint(self) -> QSize:
        return QSize(380, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 220)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self._slots = None
        self.update()

    def category_at(self, x: float) -> int | None:
        """The index (in the chart's own order) of the category drawn at ``x``, if any."""
        if self._slots is None:
            return None
        left, slot, order = self._slots
        position = int((x - left) // slot) if slot else -1
        return order[position] if 0 <= position < len(order) else None

    def describe(self, index: int) -> str:
        chart = self.chart
        parts = []
        for name, values in chart.series:
            value = values[index]
            shown = "—" if value is None else (
                format_percent(value) if chart.percent
                else number_text(value, 1, current_language()))
            parts.append(f"{name}: {shown}" if len(chart.series) > 1 else shown)
        return f"{chart.categories[index]} — " + ", ".join(parts)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            index = self.category_at(event.pos().x())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(index), self)
            return True
        return super().event(event)

    def _maximum(self) -> float:
        chart = self.chart
        if chart.percent:
            return 100.0
        if chart.kind == "stacked":
            totals = [sum(v or 0 for v in column) for column in
                      zip(*(values for _name, values in chart.series))]
            highest = max(totals + [1])
        else:
            highest = max([v or 0 for _name, values in chart.series for v in values] + [1])
        return 4 * nice_step(highest / 4)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        chart = self.chart
        metrics = QFontMetrics(self.font())
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(self.palette().text().color())
        area = QRectF(self.rect()).adjusted(6, 4, -6, -4)
        align = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        if chart is None:
            return
        painter.drawText(area, align | Qt.AlignmentFlag.AlignTop, chart.title)
        painter.setFont(self.font())
        categories = list(chart.categories)
        series = [list(values) for _name, values in chart.series]
        if not categories or not any(v for values in series for v in values if v):
            painter.setPen(QColor("#888888"))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             chart.empty or "—")
            return
        order = list(range(len(categories)))
        if rtl:
            categories.reverse()
            order.reverse()
            series = [values[::-1] for values in series]
        line = metrics.height()
        legend = len(chart.series) > 1
        plot = area.adjusted(44, line * (2.6 if legend else 1.6), -4, -line * 2.2)
        if legend:  # from the right in Arabic, each swatch before its name
            x, y = (plot.right() if rtl else plot.left()), area.top() + line * 1.2
            painter.setPen(self.palette().text().color())
            for index, (name, _values) in enumerate(chart.series):
                colour, advance = QColor(PALETTE[index % len(PALETTE)]), \
                    metrics.horizontalAdvance(name)
                if rtl:
                    painter.fillRect(QRectF(x - 10, y, 10, 10), colour)
                    painter.drawText(QPointF(x - 14 - advance, y + 10), name)
                    x -= 14 + advance + 16
                else:
                    painter.fillRect(QRectF(x, y, 10, 10), colour)
                    painter.drawText(QPointF(x + 14, y + 10), name)
                    x += 14 + advance + 16
        top = self._maximum()
        painter.setPen(QPen(QColor("#b8c2c7"), 1))
        for step in range(5):
            value = top * step / 4
            y = plot.bottom() - plot.height() * step / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            text = format_percent(value) if chart.percent else f"{value:.0f}"
            painter.drawText(QRectF(area.left(), y - line / 2, 40, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        slot = plot.width() / len(categories)
        self._slots = (plot.left(), slot, order)
        painter.setPen(self.palette().text().color())
        lines = 1 if chart.kind == "line" else 2  # bars' labels may take two lines, months one
        widths = [label_width(metrics, name, lines) for name in categories]
        every = label_every(widths, slot)
        last = len(categories) - 1
        drawn: list[QRectF] = []
        # From the last category (the latest month; on the left in Arabic), always labelled.
        for index in (range(len(categories)) if rtl else range(last, -1, -1)):
            if (index if rtl else last - index) % every:
                continue
            if widths[index] + 2 > slot * every:
                continue  # never cut: the tooltip names it
            needed = widths[index] + 6  # drawn at its measured width: it wraps as measured
            left = plot.left() + slot * (index + 0.5) - needed / 2  # centred, kept inside
            left = max(area.left(), min(left, area.right() - needed))
            box = QRectF(left, plot.bottom() + 2, needed, (metrics.lineSpacing() + 1) * lines)
            if any(box.intersects(other) for other in drawn):
                continue  # pushed inside, it would overlap its neighbour
            drawn.append(box)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, categories[index])
        if chart.kind == "line":
            path, started = QPainterPath(), False
            for index, value in enumerate(series[0]):
                if value is None:
                    started = False
                    continue
                point = QPointF(plot.left() + slot * (index + 0.5),
                                plot.bottom() - plot.height() * value / top)
                path.lineTo(point) if started else path.moveTo(point)
                started = True
                painter.setBrush(QColor(PALETTE[0]))
                painter.drawEllipse(point, 2.5, 2.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(PALETTE[0]), 2))
            painter.drawPath(path)
            return
        count = 1 if chart.kind == "stacked" else len(series)
        bar = slot * 0.7 / count
        for index in range(len(categories)):
            base = plot.bottom()
            for number, values in enumerate(series):
                value = values[index] or 0
                height = plot.height() * value / top
                offset = 0 if chart.kind == "stacked" else number * bar
                x = plot.left() + slot * index + slot * 0.15 + offset
                rect = QRectF(x, base - height, bar, height)
                painter.fillRect(rect, QColor(PALETTE[number % len(PALETTE)]))
                if chart.kind == "stacked":
                    base -= height
