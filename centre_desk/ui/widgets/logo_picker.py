"""Choosing an image (the centre's logo, a child's photo): a preview, Choose… and Remove; a bad
file is reported, never kept."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from centre_desk.core import storage
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.services.centre import read_logo
from centre_desk.ui.widgets.common import logo_pixmap


def _read_logo_file(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(storage.read_fault(exc, path).message, field="logo") from None
    return read_logo(data)


class ImagePicker(QWidget):
    """``read`` turns a chosen file into the stored bytes or raises a UserError, which
    ``report_error`` shows beside the form's field."""

    def __init__(self, read: Callable[[Path], bytes], report_error: Callable[[UserError], None],
                 empty_text: str, dialog_title: str, size: int = 72, parent=None):
        super().__init__(parent)
        self.read, self.report_error = read, report_error
        self.empty_text, self.dialog_title, self.size = empty_text, dialog_title, size
        self.png: bytes | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel(empty_text)
        self.preview.setFixedSize(size, size)
        self.preview.setWordWrap(True)
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
        path, _filter = QFileDialog.getOpenFileName(self, self.dialog_title, str(Path.home()),
                                                    _("Images (*.png *.jpg *.jpeg *.bmp)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Read and shrink the image; a refused file leaves the current image as it was."""
        try:
            self.set_png(self.read(path))
        except UserError as error:
            self.report_error(error)

    def set_png(self, png: bytes | None) -> None:
        self.png = png
        pixmap = logo_pixmap(png, self.size)
        if pixmap is None:
            self.preview.clear()
            self.preview.setText(self.empty_text)
        else:
            self.preview.setPixmap(pixmap)
        self.remove.setEnabled(png is not None and self.choose.isEnabled())


def LogoPicker(report_error: Callable[[UserError], None], parent=None) -> ImagePicker:  # noqa: N802
    return ImagePicker(_read_logo_file, report_error, _("No logo"), _("Choose the logo"),
                       parent=parent)
