"""Column widths for every table: what identifies a row (a name, a serial, an activity, a reason)
is never cut and takes the spare room; short values get just their width; free text (a note, a
detail) takes what is left and is cut last. A cell whose text does not fit shows it whole as a
tooltip."""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QToolTip

SAMPLE = 300  # rows measured beyond those in view: enough for any list that is not searched
MEASURED_TEXTS = 50_000  # widths remembered, a few megabytes at most
MIN_FREE = 120  # a free-text column keeps at least this much before the others give way


class ColumnFitter(QObject):
    def __init__(self, table: QTableView, identifying: Iterable[int], free: Iterable[int] = (),
                 sample: int = SAMPLE, claim_width: bool = False, same_width: Iterable[int] = ()):
        super().__init__(table)
        self.table, self.sample, self.claim_width = table, sample, claim_width
        self.identifying, self.free = set(identifying), set(free)
        self.same_width = set(same_width)  # a series (the months): one width, the widest's
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)  # Qt's default (about 100 px) would widen short columns
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setProperty("identifying_columns", sorted(self.identifying))
        table.viewport().installEventFilter(self)
        self._model = None
        self._fitting = False
        self.font, self.metrics, self.advances = None, None, {}
        self.margins: dict[int, int] = {}
        # A long list measures only the rows in view: scrolling measures the new ones (after a
        # pause), and columns then only grow, so they do not jump under the reader's eyes.
        self.seen: dict[int, int] = {}
        self.scrolled = QTimer(self)
        self.scrolled.setSingleShot(True)
        self.scrolled.setInterval(150)
        self.scrolled.timeout.connect(self.fit)
        table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.watch_model()

    def _scrolled(self, *_args) -> None:
        if self.table.model() is not None and self.table.model().rowCount() > self.sample:
            self.scrolled.start()

    def _rows_changed(self, *_args) -> None:
        # A long list keeps what it measured: a search changes the rows at each keystroke, and
        # columns that only grow do not jump under the reader's eyes (nor get resized again).
        if self.table.model().rowCount() <= self.sample:
            self.forget()
        self.fit()

    def forget(self, *_args) -> None:
        """Measure from scratch at the next fit (new headers, columns or model)."""
        self.seen, self.margins = {}, {}

    def watch_model(self) -> None:
        """Refit whenever the rows change (call again if the table gets another model)."""
        model = self.table.model()
        if model is None or model is self._model:
            return
        self._model = model
        self.forget()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted,
                       model.rowsRemoved):
            signal.connect(self._rows_changed)
        for signal in (model.columnsInserted, model.headerDataChanged):
            signal.connect(self.forget)
            signal.connect(self.fit)
        self.fit()

    # --- measuring ---

    def rows_to_measure(self) -> range | list[int]:
        count = self.table.model().rowCount()
        if count <= self.sample:
            return range(count)
        first = max(0, self.table.rowAt(0))
        last = self.table.rowAt(self.table.viewport().height())
        last = count - 1 if last < 0 else last
        return sorted(set(range(self.sample)) | set(range(first, min(count, last + 1))))

    def advance(self, text: str) -> int:
        """The width of a text in the table's font; names come back at every keystroke, so each
        is measured once (until the font changes)."""
        width = self.advances.get(text)
        if width is None:
            if len(self.advances) > MEASURED_TEXTS:
                self.advances = {}
            width = self.advances[text] = self.metrics.horizontalAdvance(text)
        return width

    def needed(self, columns: list[int]) -> dict[int, int]:
        """The width that shows the header and every measured cell of each column whole."""
        table, model = self.table, self.table.model()
        header = table.horizontalHeader()
        font = table.font()
        if font != self.font:
            self.font, self.metrics, self.advances, self.margins = font, table.fontMetrics(), {}, {}
        widest = dict.fromkeys(columns, 0)
        # A model may hand a row's shown texts at once (ChildListModel, RowsModel): no
        # QModelIndex per cell, which counts at each keystroke in the children's list.
        texts_of = getattr(model, "display_texts", None)
        rows = self.rows_to_measure()
        for row in rows:
            texts = texts_of(row) if texts_of is not None else None
            for column in columns:
                text = texts[column] if texts is not None else model.index(row, column).data()
                width = self.advance(str(text or ""))
                if width > widest[column]:
                    widest[column] = width
        needed = {}
        for column in columns:
            width = header.sectionSizeFromContents(column).width()
            if len(rows):
                width = max(width, widest[column] + self.margin(rows[0], column))
            needed[column] = max(width + 2 * table.showGrid(), header.minimumSectionSize())
        return needed

    def margin(self, row: int, column: int) -> int:
        """What the delegate adds around a cell's text: its full measure once per column, then
        the text's advance plus the same margin (a tenth of the cost)."""
        margin = self.margins.get(column)
        if margin is None:
            index = self.table.model().index(row, column)
            margin = self.margins[column] = self.table.sizeHintForIndex(index).width() - \
                self.advance(str(index.data() or ""))
        return margin

    def header_width(self, column: int) -> int:
        return self.table.horizontalHeader().sectionSizeFromContents(column).width()

    def fit(self, *_args) -> None:
        """Applying widths may show or hide a scroll bar, which changes the room: fit again then
        (a nested call from that resize would be undone by the outer one)."""
        if self._fitting:
            return
        self._fitting = True
        try:
            for _attempt in range(3):
                room = self.table.viewport().width()
                self._fit_once()
                if self.table.viewport().width() == room:
                    break
        finally:
            self._fitting = False

    def _fit_once(self) -> None:
        table, model = self.table, self.table.model()
        if model is None or model.columnCount() == 0:
            return
        columns = range(model.columnCount())
        shown = [column for column in columns if not table.isColumnHidden(column)]
        needed = self.needed(shown)
        widths = {column: max(needed[column], self.seen.get(column, 0)) if column in needed
                  else 0 for column in columns}
        self.seen = dict(widths)
        series = [column for column in columns if column in self.same_width]
        if series:
            widest = max(widths[column] for column in series)
            widths.update({column: widest for column in series})
        available = table.viewport().width()
        if self.claim_width:
            frame = table.frameWidth() * 2 + table.verticalScrollBar().sizeHint().width()
            table.setMinimumWidth(sum(widths.values()) + frame)
            available = max(available, sum(widths.values()))
        spare = available - sum(widths.values())
        if spare > 0:
            growing = sorted(self.identifying | self.free) or [columns[-1]]
            for column in growing:
                widths[column] += spare // len(growing)
        elif spare < 0 and self.free:
            # Free text gives way first, down to MIN_FREE, then down to its header's width.
            for floor in (lambda column: MIN_FREE, self.header_width):
                for column in self.free:
                    give = min(-spare, max(0, widths[column] - floor(column)))
                    widths[column] -= give
                    spare += give
        header = table.horizontalHeader()
        for column in shown:
            if header.sectionSize(column) != widths[column]:
                header.resizeSection(column, widths[column])

    # --- events ---

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        elif event.type() == QEvent.Type.ToolTip:
            return self._tooltip(event)
        return super().eventFilter(watched, event)

    def _tooltip(self, event) -> bool:
        table = self.table
        index = table.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False  # the model's own tooltip, if any, is shown as usual
        text = index.data(Qt.ItemDataRole.DisplayRole)
        rect = table.visualRect(index)
        if text and table.sizeHintForIndex(index).width() > rect.width():
            QToolTip.showText(event.globalPos(), str(text), table.viewport(), rect)
        else:
            QToolTip.hideText()
        return True


def fit_columns(table: QAbstractItemView, identifying: Iterable[int], free: Iterable[int] = (),
                **options) -> ColumnFitter:
    return ColumnFitter(table, identifying, free, **options)


def is_cut(table: QTableView, row: int, column: int) -> bool:
    """Whether a cell's text is wider than its column (what the fit test checks)."""
    index = table.model().index(row, column)
    return table.sizeHintForIndex(index).width() > table.columnWidth(column)
