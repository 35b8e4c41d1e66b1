"""Choosing the centre's logo: a preview, Choose… and Remove; a bad file is reported, not kept."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.services.centre import read_logo
from centre_desk.ui.widgets.common import logo_pixmap


class LogoPicker(QWidget):
    """``report_error`` shows a refused file's message (beside the form's logo field)."""

    def __init__(self, report_error: Callable[[UserError], None], parent=None):
        super().__init__(parent)
        self.report_error = report_error
        self.png: bytes | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel(_("No logo"))
        self.preview.setFixedSize(72, 72)
        self.choose = QPushButton(_("Choose an image…"))
        self.remove = QPushButton(_("Remove"))
        self.remove.setEnabled(False)
        row.addWidget(self.preview)
        row.addWidget(self.choose)
        row.addWidget(self.remove)
        row.addStretch(1)
        self.choose.clicked.connect(self.choose_file)
        self.remove.clicked.connect(lambda: self.set_png(None))

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the logo"), str(Path.home()),
                                                    _("Images (*.png *.jpg *.jpeg *.bmp)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Read and shrink the image; a refused file leaves the current logo as it was."""
        try:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise UserError(_("Cannot read {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc), field="logo") from None
            self.set_png(read_logo(data))
        except UserError as error:
            self.report_error(error)

    def set_png(self, png: bytes | None) -> None:
        self.png = png
        pixmap = logo_pixmap(png, 72)
        if pixmap is None:
            self.preview.clear()
            self.preview.setText(_("No logo"))
        else:
            self.preview.setPixmap(pixmap)
        self.remove.setEnabled(png is not None)
