"""The set-up wizard's last step: print or save the recovery sheet, or say "later"."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, \
    QWizardPage

from centre_desk.core.i18n import _, ltr
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label


class RecoverySheetPage(QWizardPage):
    def __init__(self, save_sheet: Callable[[Path], bool], later: Callable[[], None]):
        super().__init__()
        self.save_sheet = save_sheet
        self.later_callback = later
        self.saved_to: Path | None = None
        self.setTitle(_("The recovery sheet"))
        self.setSubTitle(_("The centre's data is encrypted. If this computer is reinstalled or "
                           "replaced, only the recovery sheet opens the data and its backups."))
        column = QVBoxLayout(self)
        column.addWidget(label(_(
            "Save the sheet as a PDF, print it, and keep it locked away with the association's "
            "papers, not on this computer. It holds the key as text and as a QR code."),
            wrap=True))
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Save the recovery sheet (PDF)…"))
        styled(self.save_button, "Primary")
        self.save_button.clicked.connect(self.choose_and_save)
        row.addWidget(self.save_button)
        row.addStretch(1)
        column.addLayout(row)
        self.done_label = label("", "Hint", wrap=True)
        column.addWidget(self.done_label)
        column.addStretch(1)
        self.later = QCheckBox(_("Later: remind me on the home screen"))
        self.later.toggled.connect(self.completeChanged)
        later_row = QHBoxLayout()  # not stretched: a click beside its text does nothing
        later_row.addWidget(self.later)
        later_row.addStretch(1)
        column.addLayout(later_row)

    def choose_and_save(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the recovery sheet"),
            str(Path.home() / _("centre-desk-recovery-sheet.pdf")), _("PDF files (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        if not self.save_sheet(path):
            return False
        self.saved_to = path
        self.done_label.setText(_("Saved to {path}. Print it now, then keep it locked "
                                  "away.").format(path=ltr(path)))
        self.completeChanged.emit()
        return True

    def isComplete(self) -> bool:
        return self.saved_to is not None or self.later.isChecked()

    def validatePage(self) -> bool:
        if self.saved_to is None:
            self.later_callback()
        return True
