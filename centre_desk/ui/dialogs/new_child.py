"""Registering a child: identity, family, and the duplicate check before anything is written."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.security import Actor
from centre_desk.core.services import families
from centre_desk.core.services.registration import (
    FamilyChoice,
    PossibleDuplicates,
    register_child,
)
from centre_desk.core.vocabulary import ADULT_SEX, MARITAL_STATUS, RELATION
from centre_desk.ui.dialogs.duplicates import DuplicatesDialog
from centre_desk.ui.models.table import select_row
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.fields import choice_combo
from centre_desk.ui.widgets.form import Form, FormGroup
from centre_desk.ui.widgets.identity_form import IdentityForm, arabic_line_edit
from centre_desk.ui.widgets.picker import arrows_move_choice
from centre_desk.ui.widgets.sizing import fit_window


class FamilyBox(QGroupBox):
    """Where the child lives: a new household around a guardian, a known one, or later."""

    def __init__(self, actor: Actor):
        super().__init__(_("Family"))
        self.actor = actor
        column = QVBoxLayout(self)
        choices = QHBoxLayout()
        self.new_household = QRadioButton(_("New household"))
        self.existing = QRadioButton(_("Household already known (a brother or sister is "
                                       "registered)"))
        self.later = QRadioButton(_("Fill in later"))
        self.group = QButtonGroup(self)
        for button in (self.new_household, self.existing, self.later):
            self.group.addButton(button)
            choices.addWidget(button)
        choices.addStretch(1)
        column.addLayout(choices)

        self.guardian_panel = QWidget()
        columns = QHBoxLayout(self.guardian_panel)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        self.left, self.right = Form(), Form()
        columns.addWidget(self.left, 1)
        columns.addWidget(self.right, 1)
        self.guardian_name = self.left.add("guardian_name", _("Guardian's name"), QLineEdit())
        self.guardian_name_arabic = self.left.add("guardian_name_arabic",
                                                  _("Guardian's name (Arabic)"),
                                                  arabic_line_edit())
        self.relation = self.left.add("relation", _("Relation to the child"),
                                      choice_combo(RELATION, "mother"))
        self.guardian_sex = self.left.add("guardian_sex", _("Guardian is a"),
                                          choice_combo(ADULT_SEX, "f"))
        self.guardian_phone = self.right.add("guardian_phone", _("Guardian's phone"),
                                             QLineEdit())
        self.marital_status = self.right.add("marital_status", _("Marital status"),
                                             choice_combo(MARITAL_STATUS, "unknown"))
        self.address = self.right.add("address", _("Address"), QLineEdit())
        self.neighbourhood = self.right.add("neighbourhood", _("Neighbourhood"), QLineEdit())
        column.addWidget(self.guardian_panel)

        self.household_panel = QWidget()
        found = QVBoxLayout(self.household_panel)
        found.setContentsMargins(0, 0, 0, 0)
        self.household_form = Form()
        self.household_search = self.household_form.add(
            "household", _("Find the household"), QLineEdit(),
            _("Family name, guardian's name or phone number."))
        found.addWidget(self.household_form)
        self.households = QListWidget()
        self.households.setMaximumHeight(110)
        found.addWidget(self.households)
        column.addWidget(self.household_panel)

        self.forms = FormGroup(self.left, self.right, self.household_form)
        self.household_search.textChanged.connect(self._find)
        arrows_move_choice(self.household_search, self.households)
        self.relation.currentIndexChanged.connect(self._guess_sex)
        self.group.buttonToggled.connect(self._show_panel)
        self.new_household.setChecked(True)

    def _guess_sex(self) -> None:
        male = {"father", "grandfather", "uncle"}
        female = {"mother", "grandmother", "aunt"}
        relation = self.relation.currentData()
        if relation in male | female:
            self.guardian_sex.setCurrentIndex(self.guardian_sex.findData(
                "m" if relation in male else "f"))

    def _show_panel(self) -> None:
        self.guardian_panel.setVisible(self.new_household.isChecked())
        self.household_panel.setVisible(self.existing.isChecked())

    def _find(self, text: str) -> None:
        self.households.clear()
        if len(text.strip()) < 2:
            return
        for row in families.find_households(self.actor, text, limit=30):
            details = " · ".join(part for part in (row.neighbourhood, row.phones) if part)
            item = QListWidgetItem(f"{row.name} — {details}" if details else row.name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.households.addItem(item)
        if self.households.count():
            select_row(self.households, 0)

    def choice(self) -> FamilyChoice | None:
        if self.later.isChecked():
            return None
        if self.existing.isChecked():
            item = self.households.currentItem()
            if item is None:
                raise UserError(_("Find and choose the household in the list, or choose "
                                  "\"New household\"."), "household")
            return FamilyChoice(household_id=item.data(Qt.ItemDataRole.UserRole))
        guardian = families.GuardianData(
            name_latin=self.guardian_name.text(), name_arabic=self.guardian_name_arabic.text(),
            sex=self.guardian_sex.currentData(), phone=self.guardian_phone.text(),
            marital_status=self.marital_status.currentData())
        return FamilyChoice(guardian=guardian, relation=self.relation.currentData(),
                            address=self.address.text(), neighbourhood=self.neighbourhood.text())

    def phones(self) -> list[str]:
        return [self.guardian_phone.text()] if self.new_household.isChecked() else []


class NewChildDialog(QDialog):
    """On success ``created_id`` holds the new file; when the user recognises an existing
    child among the candidates, ``open_existing`` carries that child's id instead."""

    open_existing = Signal(int)

    def __init__(self, actor: Actor, parent=None,
                 register: Callable[..., int] = register_child):
        super().__init__(parent)
        self.actor, self.register = actor, register
        self.created_id: int | None = None
        self.duplicates: DuplicatesDialog | None = None
        self.setWindowTitle(_("New child"))
        self.identity = IdentityForm(registering=True)
        self.family = FamilyBox(actor)
        self.forms = FormGroup(*self.identity.forms.forms, *self.family.forms.forms)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self.identity)
        inner.addWidget(self.family)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(_("Register"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        styled(self.ok_button, "Primary")
        self.buttons.accepted.connect(lambda: self.save(False))
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(scroll, 1)
        column.addWidget(self.buttons)
        self.ok_button.setDefault(True)  # once in the dialog, or Enter would cancel
        fit_window(self, 1040, 680)
        self.identity.last_name_latin.setFocus()

    def save(self, accept_duplicates: bool) -> None:
        self.forms.clear_errors()
        try:
            family = self.family.choice()
            self.created_id = self.register(self.actor, self.identity.identity(), family,
                                            accept_duplicates=accept_duplicates)
        except PossibleDuplicates as found:
            self.duplicates = DuplicatesDialog(found.candidates, self)
            self.duplicates.open_child.connect(self._open_existing)
            self.duplicates.register_anyway.connect(lambda: self.save(True))
            self.duplicates.open()
            return
        except UserError as error:
            self.forms.show_error(error)
            return
        self.accept()

    def _open_existing(self, child_id: int) -> None:
        self.open_existing.emit(child_id)
        self.reject()
