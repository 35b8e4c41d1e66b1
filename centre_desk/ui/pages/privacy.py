"""Personal data (law 09-08), for administrators: how long each category is kept, what is due
for anonymisation and the batch that does it, the destruction log, the headquarters' place
(a transfer abroad needs the CNDP's authorisation) and the register of processing."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, format_date, format_datetime, ngettext
from centre_desk.core.security import Permission
from centre_desk.core.services import privacy_settings, processing_register, retention
from centre_desk.core.services.privacy_settings import RetentionRules
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import card, label
from centre_desk.ui.widgets.fields import counted_suffix
from centre_desk.ui.widgets.form import Form, save_form

DUE_COLUMNS = [
    Column(lambda: _("File number"), lambda row: row.file_number),
    Column(lambda: _("What"), lambda row: retention.category_label(row.category)),
    Column(lambda: _("Exit date"), lambda row: format_date(row.exit_date)),
    Column(lambda: _("Due since"), lambda row: format_date(row.due_on)),
]
LOG_COLUMNS = [
    Column(lambda: _("When"), lambda row: format_datetime(row.at)),
    Column(lambda: _("What"), lambda row: retention.category_label(row.category)),
    Column(lambda: _("How many"), lambda row: str(row.count)),
    Column(lambda: _("By"), lambda row: row.username or "—"),
]


def _years(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, 50)
    box.setMaximumWidth(140)
    box.setValue(value)
    return counted_suffix(box, lambda n: ngettext(" year", " years", n))  # 5 سنوات, 11 سنة


class PrivacyPage(Page):
    def __init__(self, session: Session):
        super().__init__(session, _("Personal data"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        sections = QVBoxLayout(inner)
        sections.setSpacing(14)
        sections.addWidget(self._retention_section())
        sections.addWidget(self._due_section())
        sections.addWidget(self._register_section())
        sections.addStretch(1)
        inner.setMaximumWidth(1000)
        scroll.setWidget(inner)
        self.column.addWidget(scroll)
        self.confirm: QMessageBox | None = None

    # --- retention rules ------------------------------------------------------------------------
    def _retention_section(self) -> QWidget:
        rules = privacy_settings.retention_rules()
        self.rules_form = Form()
        self.left_years = self.rules_form.add(
            "left_children_years", _("Files of children who left"), _years(
                rules.left_children_years), _("kept after the child's exit, then anonymised"))
        self.health_years = self.rules_form.add(
            "health_notes_years", _("Health notes"), _years(rules.health_notes_years),
            _("kept after the child's exit, then deleted"))
        self.audit_years = self.rules_form.add("audit_years", _("Audit events"),
                                               _years(rules.audit_years))
        self.save_rules_button = QPushButton(_("Save the rules"))
        self.rules_saved = label("", "Hint")
        row = QHBoxLayout()
        row.addWidget(self.save_rules_button)
        row.addWidget(self.rules_saved, 1)
        self.save_rules_button.clicked.connect(self.save_rules)
        section = card(label(_("How long data is kept"), "SectionTitle"), self.rules_form)
        section.layout().addLayout(row)
        return section

    def save_rules(self) -> None:
        rules = RetentionRules(self.left_years.value(), self.health_years.value(),
                               self.audit_years.value())
        if save_form(self.rules_form, self.rules_saved,
                     lambda: privacy_settings.set_retention_rules(self.session.actor, rules)):
            self.refresh()

    # --- due list, batch, destruction log ----------------------------------------------------------
    def _due_section(self) -> QWidget:
        self.due_model = RowsModel(DUE_COLUMNS, self)
        self.due_table = read_only_table(self.due_model)
        self.due_table.setMinimumHeight(150)
        self.due_summary = label("", wrap=True)
        self.anonymise_button = QPushButton(_("Anonymise what is due…"))
        styled(self.anonymise_button, "Primary")
        self.anonymise_button.clicked.connect(self.ask_anonymise)
        self.log_model = RowsModel(LOG_COLUMNS, self)
        self.log_table = read_only_table(self.log_model)
        self.log_table.setMinimumHeight(120)
        section = card(label(_("Due for anonymisation"), "SectionTitle"), self.due_summary,
                       self.due_table, self.anonymise_button,
                       label(_("Destruction log (what, how many, when, who — never whose)"),
                             "SectionTitle"), self.log_table)
        return section

    def refresh(self) -> None:
        actor = self.session.actor
        due = retention.due_files(actor)
        events = retention.due_audit_events(actor)
        self.due_model.set_rows(due)
        self.due_summary.setText(_("{files} · {events}").format(
            files=ngettext("{n} file due", "{n} files due", len(due)).format(n=len(due)),
            events=ngettext("{n} audit event due", "{n} audit events due", events).format(
                n=events)))
        self.anonymise_button.setEnabled(bool(due) or events > 0)
        self.log_model.set_rows(retention.destruction_log(actor))

    def ask_anonymise(self) -> QMessageBox:
        self.confirm = QMessageBox(
            QMessageBox.Icon.Warning, _("Anonymise"),
            _("The files listed lose their names, photos, phones, places and notes for good; "
              "only anonymous figures stay. Continue?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        self.confirm.button(QMessageBox.StandardButton.Yes).setText(_("Anonymise"))
        self.confirm.accepted.connect(self.anonymise)
        self.confirm.open()
        return self.confirm

    def anonymise(self) -> dict[str, int]:
        counts = retention.anonymise_due(self.session.actor)
        self.refresh()
        return counts

    # --- headquarters abroad, register of processing ----------------------------------------------
    def _register_section(self) -> QWidget:
        self.abroad = QCheckBox(_("The association's headquarters, which receives the exports, "
                                  "is outside Morocco"))
        self.abroad.setChecked(privacy_settings.hq_abroad())
        self.abroad.setEnabled(self.session.actor.can(Permission.EDIT_CENTRE))
        self.abroad.toggled.connect(self.set_abroad)
        self.transfer_note = label("", "Warning", wrap=True)
        self.register_fr = QPushButton(_("Register of processing in French (PDF)…"))
        self.register_ar = QPushButton(_("Register of processing in Arabic (PDF)…"))
        self.register_fr.clicked.connect(lambda: self.choose_register_path("fr"))
        self.register_ar.clicked.connect(lambda: self.choose_register_path("ar"))
        self.register_error = label("", "Error", wrap=True)
        self.register_error.hide()
        row = QHBoxLayout()
        row.addWidget(self.register_fr)
        row.addWidget(self.register_ar)
        row.addStretch(1)
        section = card(label(_("Declaration to the CNDP"), "SectionTitle"),
                       label(_("The register lists the data, purposes, recipients, transfers, "
                               "retention and security measures, and flags what needs the "
                               "CNDP's prior authorisation."), "Hint", wrap=True),
                       self.abroad, self.transfer_note)
        section.layout().addLayout(row)
        section.layout().addWidget(self.register_error)
        self._show_transfer_note()
        return section

    def set_abroad(self, abroad: bool) -> None:
        privacy_settings.set_hq_abroad(self.session.actor, abroad)
        self._show_transfer_note()

    def _show_transfer_note(self) -> None:
        warning = privacy_settings.transfer_warning()
        self.transfer_note.setText(warning or "")
        self.transfer_note.setVisible(bool(warning))

    def choose_register_path(self, language: str) -> None:
        name = _("register-of-processing") + f"-{language}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the register of processing"),
                                                    str(Path.home() / name), "PDF (*.pdf)")
        if path:
            self.save_register(Path(path), language)

    def save_register(self, path: Path, language: str) -> Path | None:
        self.register_error.hide()
        try:
            return processing_register.write_processing_register(self.session.actor, path,
                                                                 language)
        except UserError as error:
            self.register_error.setText(error.message)
            self.register_error.show()
            return None
