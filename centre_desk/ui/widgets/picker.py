"""A search field above a list of found people: the arrows typed in the field move the choice in
the list, so "type, ↓, Enter" chooses without the mouse, in French as in Arabic; and the list
widens (its dialog with it) to show the names it finds whole."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from centre_desk.ui.models.table import select_row
from centre_desk.ui.widgets.sizing import CLIENT

STEPS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10,
         Qt.Key.Key_PageUp: -10}


class ArrowsMoveChoice(QObject):
    """Installed on the search field; the list keeps its current row, which is the choice."""

    def __init__(self, search: QLineEdit, view: QAbstractItemView):
        super().__init__(search)
        self.view = view
        search.installEventFilter(self)
        view.model().rowsInserted.connect(self._claim_width)

    def _claim_width(self, *_args) -> None:
        """Grow only: a list that shrank back at each keystroke would make its dialog jump."""
        view = self.view
        needed = (view.sizeHintForColumn(0) + 2 * view.frameWidth()
                  + view.verticalScrollBar().sizeHint().width())
        if needed > view.minimumWidth():
            view.setMinimumWidth(min(needed, CLIENT.width() * 2 // 3))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in STEPS:
            count = self.view.model().rowCount() if self.view.model() is not None else 0
            if count:
                current = self.view.currentIndex().row()
                step = STEPS[event.key()]
                row = 0 if current < 0 else min(count - 1, max(0, current + step))
                select_row(self.view, row)
            return True
        return super().eventFilter(watched, event)


def arrows_move_choice(search: QLineEdit, view: QAbstractItemView) -> ArrowsMoveChoice:
    return ArrowsMoveChoice(search, view)
