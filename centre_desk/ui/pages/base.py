"""What every page of the main window has: a title, and a refresh when it is shown."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from centre_desk.ui.session import Session
from centre_desk.ui.widgets.common import label


class Page(QWidget):
    def __init__(self, session: Session, title: str):
        super().__init__()
        self.session = session
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(16, 16, 16, 12)
        self.column.setSpacing(12)
        self.column.addWidget(label(title, "PageTitle"))

    def refresh(self) -> None:
        """Reload what the page shows; called each time the page is opened."""
