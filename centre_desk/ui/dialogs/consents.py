"""A child's consents (law 09-08) and the right of access: the register's records for the child
and its household, recording a new one from the signed paper, a withdrawal, and the
"Dossier de la personne" PDF for a guardian's request."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, format_date
from centre_desk.core.security import Actor
from centre_desk.core.services import access_dossier, consents
from centre_desk.core.services.children import ChildFile
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label
from centre_desk.ui.widgets.fields import date_edit, date_of
from centre_desk.ui.widgets.form import Form

MAX_SCAN_BYTES = 5 * 1024 * 1024


def _state(row: consents.ConsentRow) -> str:
    if row.withdrawn_on:
        return _("withdrawn on {date}").format(date=format_date(row.withdrawn_on))
    return _("given") if row.given else _("refused")


COLUMNS = [
    Column(lambda: _("Purpose"), lambda row: consents.purpose_label(row.purpose)
           + (f" ({row.partner})" if row.partner else "")),
    Column(lambda: _("Answer"), _state),
    Column(lambda: _("Date"), lambda row: format_date(row.given_on)),
    Column(lambda: _("By"), lambda row: row.guardian_name or "—"),
    Column(lambda: _("For"), lambda row: _("the household") if row.household_id
           else _("the child")),
    Column(lambda: _("Paper"), lambda row: row.paper_place or (_("scan") if row.has_scan
                                                               else "—")),
]


class ConsentDialog(QDialog):
    """One consent from the signed paper; ``save(data, for_household)`` records it."""

    def __init__(self, guardians: list[tuple[int, str]],
                 save: Callable[[consents.ConsentData, bool], None], parent=None):
        super().__init__(parent)
        self.save = save
        self.scan: bytes | None = None
        self.setWindowTitle(_("Record a consent"))
        self.setMinimumWidth(520)
        self.form = Form()
        self.purpose = self.form.add("purpose", _("Purpose"), QComboBox())
        for code in consents.PURPOSES:
            self.purpose.addItem(consents.purpose_label(code), code)
        self.partner = self.form.add("partner", _("Partner"), QLineEdit(),
                                     _("Only to share with a named partner."))
        self.answer = self.form.add("given", _("Answer"), QComboBox())
        self.answer.addItem(_("Given"), True)
        self.answer.addItem(_("Refused"), False)
        self.scope = self.form.add("scope", _("For"), QComboBox())
        self.scope.addItem(_("This child"), False)
        self.scope.addItem(_("The whole household"), True)
        self.guardian = self.form.add("guardian", _("Signed by"), QComboBox())
        self.guardian.addItem(_("(not said)"), None)
        for guardian_id, name in guardians:
            self.guardian.addItem(name, guardian_id)
        self.given_on = self.form.add("given_on", _("Date on the paper"), date_edit())
        self.paper_place = self.form.add("paper_place", _("Where the paper is"), QLineEdit(),
                                         _("For example: family binder, shelf 2."))
        scan_row = QWidget()
        row = QHBoxLayout(scan_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.scan_button = QPushButton(_("Attach a scan…"))
        self.scan_label = label(_("No scan"), "Hint")
        row.addWidget(self.scan_button)
        row.addWidget(self.scan_label, 1)
        self.form.add("scan", _("Scan"), scan_row)
        self.scan_button.clicked.connect(self.choose_scan)
        self.purpose.currentIndexChanged.connect(self._purpose_changed)
        self._purpose_changed()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(_("Record the consent"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        styled(self.ok_button, "Primary")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.form)
        column.addWidget(buttons)

    def _purpose_changed(self) -> None:
        self.partner.setEnabled(self.purpose.currentData() == consents.SHARE_PARTNER)

    def choose_scan(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Attach a scan"), str(Path.home()),
                                                    _("Scans (*.pdf *.jpg *.jpeg *.png)"))
        if path:
            self.attach_scan(Path(path))

    def attach_scan(self, path: Path) -> None:
        self.form.clear_errors()
        try:
            data = path.read_bytes()
        except OSError:
            self.form.show_error(UserError(_("Cannot read {name}.").format(name=path.name),
                                           "scan"))
            return
        if len(data) > MAX_SCAN_BYTES:
            self.form.show_error(UserError(_("The scan is larger than 5 MB."), "scan"))
            return
        self.scan = data
        self.scan_label.setText(path.name)

    def data(self) -> consents.ConsentData:
        return consents.ConsentData(
            self.purpose.currentData(), self.answer.currentData(), date_of(self.given_on),
            self.guardian.currentData(), self.paper_place.text(), self.scan,
            self.partner.text() if self.partner.isEnabled() else "")

    def _accept(self) -> None:
        self.form.clear_errors()
        try:
            self.save(self.data(), self.scope.currentData())
        except UserError as error:
            self.form.show_error(error)
            return
        self.accept()


class _ConsentRegisterTab(QWidget):
    """What the child's and the household's "Consents and access" tabs share: the register's
    table, recording, withdrawing, and the personal dossier's PDF."""

    def __init__(self, actor: Actor, on_changed: Callable[[], None], hint: str,
                 dossier_text: str, beside_dossier: QWidget | None = None):
        super().__init__()
        self.actor, self.on_changed = actor, on_changed
        self.read_only = False
        self.dialog: ConsentDialog | None = None
        column = QVBoxLayout(self)
        column.addWidget(label(hint, "Hint", wrap=True))
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Record a consent…"))
        self.withdraw_button = QPushButton(_("Withdraw"))
        self.dossier_button = QPushButton(dossier_text)
        for button in (self.add_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        if beside_dossier is not None:
            buttons.addWidget(beside_dossier)
        buttons.addWidget(self.dossier_button)
        column.addLayout(buttons)
        self.model = RowsModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        column.addWidget(self.table, 1)
        self.error = label("", "Error", wrap=True)
        self.error.hide()
        column.addWidget(self.error)
        self.add_button.clicked.connect(self.new_consent)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.dossier_button.clicked.connect(self.choose_dossier_path)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def show_rows(self, rows: list[consents.ConsentRow], read_only: bool) -> None:
        self.read_only = read_only
        self.add_button.setEnabled(not read_only)
        self.model.set_rows(rows)
        self._update_buttons()

    def selected(self) -> consents.ConsentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.withdraw_button.setEnabled(row is not None and row.in_force and not self.read_only)

    def _show_error(self, error: UserError) -> None:
        self.error.setText(error.message)
        self.error.show()

    def _open_consent_dialog(self, guardians, save) -> ConsentDialog:
        self.dialog = ConsentDialog(guardians, save, self)
        self.dialog.accepted.connect(self.on_changed)
        return self.dialog

    def withdraw_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.error.hide()
        try:
            consents.withdraw_consent(self.actor, row.id)
        except UserError as error:
            self._show_error(error)
            return
        self.on_changed()

    def dossier_name(self) -> str:
        raise NotImplementedError

    def choose_dossier_path(self) -> None:
        name = _("personal-dossier") + f"-{self.dossier_name()}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the personal dossier"),
                                                    str(Path.home() / name), "PDF (*.pdf)")
        if path:
            self.save_dossier(Path(path))

    def write_dossier(self, path: Path) -> Path:
        raise NotImplementedError

    def save_dossier(self, path: Path) -> Path | None:
        self.error.hide()
        try:
            return self.write_dossier(path)
        except UserError as error:
            self._show_error(error)
            return None


class ConsentsTab(_ConsentRegisterTab):
    """The child's tab "Consents and access"."""

    def __init__(self, actor: Actor, child_id: int, on_changed: Callable[[], None]):
        super().__init__(actor, on_changed, _(
            "Consents signed by the guardians (law 09-08). A withdrawal takes effect at once: "
            "without photo consent, no photo is kept or shown."),
            _("Personal dossier (PDF)…"))
        self.child_id = child_id
        self.file: ChildFile | None = None
        self.dossier_button.setToolTip(_("Everything the centre holds about this child, for a "
                                         "guardian's request (right of access)."))

    def load(self, file: ChildFile) -> None:
        self.file = file
        self.show_rows(consents.list_consents(self.actor, child_id=self.child_id),
                       file.read_only)

    def new_consent(self) -> ConsentDialog:
        guardians = [(link.guardian_id, link.name) for link in self.file.guardians]

        def save(data: consents.ConsentData, household: bool) -> None:
            if household and self.file.household_id is not None:
                consents.record_consent(self.actor, data, household_id=self.file.household_id)
            else:
                consents.record_consent(self.actor, data, child_id=self.child_id)

        dialog = self._open_consent_dialog(guardians, save)
        dialog.open()
        return dialog

    def dossier_name(self) -> str:
        return self.file.file_number

    def write_dossier(self, path: Path) -> Path:
        return access_dossier.write_child_dossier(self.actor, self.child_id, path)


class HouseholdConsentsTab(_ConsentRegisterTab):
    """The household's tab "Consents and access": consents signed for the whole household, and
    a guardian's own personal dossier."""

    def __init__(self, actor: Actor, household_id: int, on_changed: Callable[[], None]):
        guardian = QComboBox()
        super().__init__(actor, on_changed, _(
            "Consents signed for the whole household (law 09-08); a child's own consent, in its "
            "file, comes first."), _("Guardian's dossier (PDF)…"), beside_dossier=guardian)
        self.guardian = guardian
        self.household_id = household_id
        self.guardians: list[tuple[int, str]] = []

    def load(self, guardians: list[tuple[int, str]], read_only: bool) -> None:
        self.guardians = guardians
        self.guardian.clear()
        for guardian_id, name in guardians:
            self.guardian.addItem(name, guardian_id)
        self.dossier_button.setEnabled(bool(guardians))
        self.show_rows(consents.list_consents(self.actor, household_id=self.household_id),
                       read_only)

    def new_consent(self) -> ConsentDialog:
        def save(data: consents.ConsentData, _household: bool) -> None:
            consents.record_consent(self.actor, data, household_id=self.household_id)

        dialog = self._open_consent_dialog(self.guardians, save)
        dialog.scope.setCurrentIndex(1)
        dialog.scope.setEnabled(False)  # from the household: for the household
        dialog.open()
        return dialog

    def dossier_name(self) -> str:
        return self.guardian.currentText()

    def write_dossier(self, path: Path) -> Path:
        return access_dossier.write_guardian_dossier(self.actor, self.guardian.currentData(),
                                                     path)
