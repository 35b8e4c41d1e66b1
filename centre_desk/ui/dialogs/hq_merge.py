"""Headquarters' consolidation, reachable without any centre (from the welcome screen): choose
the centres' packages, the association key file, the folder to write in; the report names
every package left out and why."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, current_language, ltr
from centre_desk.ui.worker import run_in_background


class _Progress(QObject):
    moved = Signal(int, int)


class HqMergeDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Consolidate the centres' packages (headquarters)"))
        self.resize(760, 560)
        column = QVBoxLayout(self)
        self.packages = QListWidget()
        add = QPushButton(_("Add packages…"))
        clear = QPushButton(_("Empty the list"))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(clear)
        row.addStretch(1)
        column.addWidget(self.packages, 1)
        column.addLayout(row)
        form = QFormLayout()
        self.key_file = QLineEdit()
        self.key_file.setPlaceholderText(_("without it, the packages' origin is not checked"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.out = QLineEdit()
        self.strict = QCheckBox(_("Refuse everything when one package fails"))
        form.addRow(_("Association key file"), self.key_file)
        form.addRow(_("Zip password"), self.password)
        form.addRow(_("Folder to write in"), self.out)
        form.addRow("", self.strict)
        column.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        column.addWidget(self.progress)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        column.addWidget(self.report, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.merge_button = self.buttons.addButton(_("Consolidate"),
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        column.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.merge_button.clicked.connect(self.merge)
        add.clicked.connect(self.choose_packages)
        clear.clicked.connect(self.packages.clear)
        self._progress = _Progress()
        self._progress.moved.connect(lambda done, total: (self.progress.setMaximum(total),
                                                          self.progress.setValue(done)))
        self.result = None

    def choose_packages(self) -> None:
        paths, _chosen = QFileDialog.getOpenFileNames(self, _("Add packages…"), str(Path.home()),
                                                      "Zip (*.zip)")
        self.add_packages([Path(p) for p in paths])

    def add_packages(self, paths: list[Path]) -> None:
        for path in paths:
            item = QListWidgetItem(ltr(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.packages.addItem(item)

    def merge(self, then=None) -> None:
        from centre_desk.core.export.keys import read_key_file
        from centre_desk.hq.merge import consolidate

        paths = [Path(self.packages.item(i).data(Qt.ItemDataRole.UserRole))
                 for i in range(self.packages.count())]
        try:
            if not paths:
                raise UserError(_("Add the centres' packages first."))
            if not self.out.text().strip():
                raise UserError(_("Choose the folder to write in."))
            key = read_key_file(Path(self.key_file.text())) if self.key_file.text() else None
        except UserError as error:
            self.report.setPlainText(error.message)
            return
        out, password, strict = Path(self.out.text()), self.password.text() or None, \
            self.strict.isChecked()
        language = "ar" if current_language() == "ar" else "fr"
        self.merge_button.setEnabled(False)
        self.progress.setVisible(True)

        def finished(result) -> None:
            self.merge_button.setEnabled(True)
            self.progress.setVisible(False)
            self.result = result
            self.report.setPlainText(result.report_text())
            if then is not None:
                then(result)

        def failed(error: UserError) -> None:
            self.merge_button.setEnabled(True)
            self.progress.setVisible(False)
            self.report.setPlainText(error.message)
            if then is not None:
                then(error)

        run_in_background(lambda: consolidate(paths, out, key, password, strict, language,
                                              self._progress.moved.emit), finished, failed)
