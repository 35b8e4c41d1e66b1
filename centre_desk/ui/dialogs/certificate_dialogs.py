"""Issuing certificates (one child or a whole group, with a preview and a progress bar),
verifying one, and editing the wording of each kind per language with a live preview."""
from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QScrollArea,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, counted, current_language, fill, format_date, is_rtl, join_list
from centre_desk.core.security import Actor
from centre_desk.core.services import activities, certificates, child_search, verification, wording
from centre_desk.core.services.certificates import CertificateRequest
from centre_desk.core.services.child_search import ChildFilter
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.models.child_list import child_labels
from centre_desk.ui.models.table import select_row
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label
from centre_desk.ui.widgets.fields import choice_combo, date_edit, date_of
from centre_desk.ui.widgets.form import Form
from centre_desk.ui.widgets.picker import arrows_move_choice
from centre_desk.ui.widgets.sizing import fit_window
from centre_desk.ui.worker import run_in_background

LANGUAGES = {"fr": "Français", "ar": "العربية", "fr+ar": "Français + العربية"}


class IssueDialog(QDialog):
    """``open_file`` shows the PDF made (the system's viewer, from which it is printed)."""

    def __init__(self, actor: Actor, open_file: Callable[[Path], object], parent=None,
                 child_id: int | None = None):
        super().__init__(parent)
        self.actor, self.open_file = actor, open_file
        self.serials: list[str] = []
        self.showing_group = False
        self.setWindowTitle(_("New certificate"))
        fit_window(self, 1040, 680)
        outer = QVBoxLayout(self)
        columns = QHBoxLayout()
        outer.addLayout(columns, 1)
        self.form = Form()
        columns.addWidget(self.form, 3)  # the children's names whole; the preview wraps
        add = self.form.add
        self.kind = add("kind", _("Certificate"), choice_combo(wording.KINDS, "enrolment"))
        self.language = add("language", _("Language"), QComboBox())
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.activity = add("activity", _("Activity"), QComboBox())
        self.activity.addItem(_("All activities"), None)
        for row in activities.list_activities(actor):
            self.activity.addItem(row.name, row.id)
        period = QWidget()
        line = QHBoxLayout(period)
        line.setContentsMargins(0, 0, 0, 0)
        today = dt.date.today()
        self.start = date_edit(today.replace(day=1) if today.day > 1
                               else (today - dt.timedelta(days=1)).replace(day=1))
        self.end = date_edit(today)
        for widget in (self.start, label(_("to")), self.end):
            line.addWidget(widget)
        line.addStretch(1)
        add("period", _("Period"), period)
        who = QWidget()
        choice = QHBoxLayout(who)
        choice.setContentsMargins(0, 0, 0, 0)
        self.one = QRadioButton(_("One child"))
        self.group = QRadioButton(_("Every participant of the activity"))
        buttons = QButtonGroup(self)
        for button in (self.one, self.group):
            buttons.addButton(button)
            choice.addWidget(button)
        self.one.setChecked(True)
        add("who", _("For"), who)
        self.search = add("search", _("Find the child"), QLineEdit())
        self.children = add("children", "", QListWidget())
        self.children.setMinimumHeight(170)
        self.preview = QTextBrowser()
        self.preview.setMinimumWidth(380)
        preview_column = QVBoxLayout()
        preview_column.addWidget(label(_("Preview"), "SectionTitle"))
        preview_column.addWidget(self.preview, 1)
        columns.addLayout(preview_column, 2)
        self.progress = QProgressBar()
        self.progress.hide()
        outer.addWidget(self.progress)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.issue_button = styled(self.buttons.addButton(
            _("Issue and save the PDF…"), QDialogButtonBox.ButtonRole.ActionRole), "Primary")
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self.search.textChanged.connect(self._find)
        arrows_move_choice(self.search, self.children)
        for signal in (self.kind.currentIndexChanged, self.language.currentIndexChanged,
                       self.activity.currentIndexChanged, self.start.dateChanged,
                       self.end.dateChanged, self.children.currentRowChanged,
                       self.children.itemChanged):
            signal.connect(self.update_preview)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.group.toggled.connect(self._fill_group)
        self.activity.currentIndexChanged.connect(self._fill_group)
        self.issue_button.clicked.connect(self.choose_path)
        self._kind_changed()
        if child_id is not None:
            self._add_children([child_id])
            select_row(self.children, 0)
            self.update_preview()

    # --- choosing ---

    def request(self) -> CertificateRequest:
        dated = self.kind.currentData() != "enrolment"
        return CertificateRequest(self.kind.currentData(), self.language.currentData(),
                                  self.activity.currentData(),
                                  date_of(self.start) if dated else None,
                                  date_of(self.end) if dated else None)

    def chosen(self) -> list[int]:
        items = [self.children.item(i) for i in range(self.children.count())]
        if self.group.isChecked():
            return [item.data(Qt.ItemDataRole.UserRole) for item in items
                    if item.checkState() == Qt.CheckState.Checked]
        current = self.children.currentItem()
        return [current.data(Qt.ItemDataRole.UserRole)] if current else []

    def _kind_changed(self) -> None:
        dated = self.kind.currentData() != "enrolment"
        self.start.setEnabled(dated)
        self.end.setEnabled(dated)
        self.update_preview()

    def _add_children(self, child_ids: list[int]) -> None:
        """List these children (one query for all); ticked when a whole group is chosen."""
        for child_id, _row, text in child_labels(self.actor, child_ids):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, child_id)
            if self.group.isChecked():
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            self.children.addItem(item)

    def _find(self, text: str) -> None:
        if self.group.isChecked():
            return
        self.children.clear()
        if text.strip():
            self._add_children(child_search.search_ids(self.actor, ChildFilter(text=text))[:40])
        if self.children.count():
            select_row(self.children, 0)

    def _fill_group(self) -> None:
        if not self.group.isChecked():
            self.search.setEnabled(True)
            if self.showing_group:  # back from a group to one child: the list was the group's
                self.children.clear()
                self.showing_group = False
            return
        self.showing_group = True
        self.search.setEnabled(False)
        self.children.clear()
        activity_id = self.activity.currentData()
        if activity_id is None:
            self.form.show_error(UserError(_("Choose the activity whose participants receive a "
                                             "certificate."), "activity"))
            return
        self.form.clear_errors()
        self._add_children([participant.child_id for participant
                            in activities.participants(activity_id, date_of(self.end))
                            if participant.child_id])
        self.update_preview()

    def update_preview(self, *_args) -> None:
        chosen = self.chosen()
        if not chosen:
            self.preview.setPlainText(_("Choose a child to see the certificate."))
            return
        try:
            content = certificates.preview(self.actor, chosen[0], self.request())
        except UserError as error:
            self.preview.setPlainText(error.message)
            return
        parts = []
        for language in content["languages"]:
            direction = "rtl" if language == "ar" else "ltr"
            parts.append(f"<div dir='{direction}'><h3>{escape(content['title'][language])}</h3>"
                         f"<p>{escape(content['body'][language])}</p>"
                         f"<p><i>{escape(content['place_date'][language])}</i></p></div>")
        count = len(chosen)
        note = counted("{n} certificate will be issued in one PDF.",
                       "{n} certificates will be issued in one PDF.", count) if count > 1 else ""
        direction = "rtl" if is_rtl() else "ltr"
        self.preview.setHtml("".join(parts) + (f"<div dir='{direction}'><p><b>{escape(note)}"
                                               "</b></p></div>" if note else ""))

    # --- issuing ---

    def choose_path(self) -> None:
        name = _("certificate") + f"-{dt.date.today().isoformat()}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the certificates"),
                                                    str(Path.home() / name), "PDF (*.pdf)")
        if path:
            self.issue(Path(path))

    def issue(self, path: Path) -> list[str]:
        self.form.clear_errors()
        chosen = self.chosen()
        self.progress.setRange(0, max(1, len(chosen)))
        self.progress.setValue(0)
        self.progress.setVisible(len(chosen) > 1)

        def step(done: int) -> None:
            if done % 10 == 0 or done == len(chosen):  # the bar moves; the work is not slowed
                self.progress.setValue(done)
                QApplication.processEvents()
        try:
            self.serials = certificates.issue(self.actor, chosen, self.request(), path, step)
        except UserError as error:
            self.form.show_error(error)
            self.progress.hide()
            return []
        self.progress.hide()
        self.preview.setPlainText(fill(_("Issued: {serials}"), serials=join_list(
            self.serials[:5]) + (" …" if len(self.serials) > 5 else "")))
        self.open_file(path)
        return self.serials


class VerifyDialog(FormDialog):
    """Is this paper a genuine certificate? The serial and the check value printed on it, or
    the QR code's text (a scanner types it into the number box), or the PDF file."""

    MESSAGES = {
        "genuine": lambda: _("Genuine: this certificate was issued by the centre and is "
                             "valid."),
        "registered": lambda: _("Registered: this number is in the register. Give the check "
                                "value printed under the QR code to authenticate the paper."),
        "cancelled": lambda: _("Cancelled: this certificate was issued but is no longer "
                               "valid."),
        "unknown": lambda: _("Unknown: no certificate has this number."),
        "wrong_check": lambda: _("Not genuine: the check value does not match this number."),
        "altered": lambda: _("Altered: the certificate differs from the one registered."),
        "foreign": lambda: _("Not a certificate: nothing made by Centre Desk on this page."),
    }

    def __init__(self, parent=None):
        super().__init__(_("Verify a certificate"), _("Verify"), parent)
        self.serial = self.form.add("serial", _("Number"), QLineEdit(), _(
            "Type the number, or scan the QR code: its text fills both boxes."))
        self.serial.setPlaceholderText("AMN-ATT-2026-00042")
        self.check = self.form.add("check", _("Check value"), QLineEdit())
        self.file_button = QPushButton(_("Verify a PDF file…"))
        self.form.rows.addRow(self.file_button)
        self.result = label("", wrap=True)
        self.result.setAlignment(self.result.alignment() & ~Qt.AlignmentFlag.AlignVCenter
                                 | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()  # a batch of 500 pages, or a long body, scrolls inside
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.result)
        scroll.setMinimumHeight(220)
        self.form.rows.addRow(scroll)
        self.setMinimumWidth(560)
        self.file_button.clicked.connect(self._choose_file)
        self.serial.textChanged.connect(self._split_scanned)
        self.file_button.setAutoDefault(False)
        self.verifications: list = []

    def keyPressEvent(self, event) -> None:
        """A scanner ends what it types with Enter: that verifies, and the dialog stays open
        for the next paper (QDialog would press whichever button it thinks the default)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._accept()
            return
        super().keyPressEvent(event)

    @property
    def verification(self):
        return self.verifications[0] if self.verifications else None

    def _split_scanned(self, text: str) -> None:
        """A scanned or pasted QR text (CD1:NUMBER:CHECK) goes into the two boxes once its
        check value is whole (a scanner types it one key at a time)."""
        if text.count(":") == 2:
            serial, check = verification.parse_reference(text)
            if check and len(check) == verification.CHECK_LENGTH:
                self.serial.setText(serial)
                self.check.setText(check)

    def _accept(self) -> None:
        """Verifying shows the answer here; the dialog stays open for the next paper."""
        self.form.clear_errors()
        if not self.serial.text().strip():
            self.form.show_error(UserError(_("Type the number printed on the certificate."),
                                           "serial"))
            return
        serial, check = verification.parse_reference(self.serial.text(),
                                                     self.check.text() or None)
        if check and not self.check.text():  # a QR text: show what was understood
            self.serial.setText(serial)
            self.check.setText(check)
        self.show_results([verification.verify(serial, check)])

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Verify a PDF file"),
                                                    str(Path.home()), "PDF (*.pdf)")
        if path:
            self.verify_file(Path(path))

    def verify_file(self, path: Path) -> None:
        """Reading a batch of 500 pages takes seconds: off the UI thread, then judged here."""
        self.form.clear_errors()
        self.verifications = []
        self.result.setText(escape(_("Reading {name}…").format(name=path.name)))
        self.file_button.setEnabled(False)

        def judge(read) -> None:
            self.file_button.setEnabled(True)
            try:
                self.show_results(verification.verify_texts(*read))
            except UserError as error:
                failed(error)

        def failed(error: UserError) -> None:
            self.file_button.setEnabled(True)
            self.result.clear()
            self.form.show_error(error)

        run_in_background(lambda: verification.read_pdf(path), judge, failed)

    def show_results(self, results: list) -> None:
        self.verifications = results
        parts = []
        for result in results[:50]:
            lines = [f"<b>{escape(self.MESSAGES[result.status]())}</b>"]
            if result.page is not None and len(results) > 1:
                lines[0] = escape(fill(_("Page {page}:"), page=result.page)) + " " + lines[0]
            content = result.content
            if content and result.status != "unknown":
                first = current_language() if current_language() in content["languages"] \
                    else content["languages"][0]
                lines.append(escape(f"{result.serial} — {content['title'][first]}"))
                if len(results) == 1:
                    lines.append(escape(content["body"][first]))
                    lines.append(counted("Issued on {date}; printed again {n} time.",
                                         "Issued on {date}; printed again {n} times.",
                                         result.copies, date=format_date(
                                             dt.date.fromisoformat(content["issued_on"]))))
            if result.cancel_reason:
                lines.append(escape(fill(_("Reason: {reason}"), reason=result.cancel_reason)))
            parts.append("<br>".join(lines))
        if len(results) > 50:
            parts.append(escape(counted("… and {n} more page.", "… and {n} more pages.",
                                        len(results) - 50)))
        self.result.setText("<br><br>".join(parts))
        styled(self.result, "Hint" if all(result.genuine for result in results)
               else "FieldError")


class WordingDialog(FormDialog):
    """The words of each kind and language, with the placeholders and a live preview."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(_("Wording of the certificates"), _("Save"), parent)
        self.actor = actor
        self.kind = self.form.add("kind", _("Certificate"), choice_combo(wording.KINDS))
        self.language = self.form.add("language", _("Language"), QComboBox())
        self.language.addItem("Français", "fr")
        self.language.addItem("العربية", "ar")
        self.text = self.form.add("wording", _("Wording"), QPlainTextEdit())
        self.text.setMinimumHeight(130)
        names = join_list("{" + name + "}" for name in wording.PLACEHOLDERS)
        self.form.rows.addRow(label(fill(_("Placeholders: {names}"), names=names), "Hint",
                                    wrap=True))
        self.preview = QTextBrowser()
        self.preview.setMaximumHeight(150)
        self.form.add("preview", _("Preview"), self.preview)
        self.reset_button = QPushButton(_("Back to the default text"))
        self.form.rows.addRow(self.reset_button)
        self.kind.currentIndexChanged.connect(self.load)
        self.language.currentIndexChanged.connect(self.load)
        self.text.textChanged.connect(self.update_preview)
        self.reset_button.clicked.connect(self.reset)
        self.form.at_least(680)
        self.save = lambda: wording.set_wording(actor, self.kind.currentData(),
                                                self.language.currentData(),
                                                self.typed_text())
        self.load()

    def typed_text(self) -> str:
        """The text as typed: toPlainText() would turn the no-break spaces into plain ones."""
        raw = self.text.document().toRawText()
        return raw.replace("\u2029", "\n").replace("\u2028", "\n")

    def load(self) -> None:
        self.text.setPlainText(wording.get(self.kind.currentData(),
                                           self.language.currentData()))

    def reset(self) -> None:
        wording.reset(self.actor, self.kind.currentData(), self.language.currentData())
        self.load()

    def update_preview(self) -> None:
        self.form.clear_errors()
        text = self.typed_text()
        try:
            wording.check(self.kind.currentData(), text)
        except UserError as error:
            self.form.show_error(error)
            self.preview.setPlainText("")
            return
        direction = "rtl" if self.language.currentData() == "ar" else "ltr"
        filled = wording.fill(text, wording.sample_values(self.language.currentData()))
        self.preview.setHtml(f"<div dir='{direction}'>{escape(filled)}</div>")
