"""A child's file: a header with who the child is and what can be done to the whole file, and
tabs for identity, family, school, civil registration, health (for those allowed) and the
family's timeline. An educator gets the card instead (see ChildCardDialog)."""
from __future__ import annotations

from functools import partial
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill, isolated, join_list, ltr, paragraph
from centre_desk.core.security import Permission
from centre_desk.core.services import audit_search, children, families, file_admin
from centre_desk.core.services.children import ChildFile, birth_text
from centre_desk.ui.dialogs.child_tabs import (
    AttendanceTab,
    CivilTab,
    FamilyTab,
    HealthTab,
    IdentityTab,
    SchoolTab,
)
from centre_desk.ui.dialogs.consents import ConsentsTab
from centre_desk.ui.dialogs.entries import TimelinePanel
from centre_desk.ui.dialogs.file_actions import (
    EraseDialog,
    FileNumberDialog,
    HouseholdChoiceDialog,
    MergeDialog,
)
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label, logo_pixmap
from centre_desk.ui.widgets.sizing import fit_window

PHOTO = 88


class ChildFileDialog(QDialog):
    """``changed`` tells the list that the file changed (names, status, number)."""

    changed = Signal()

    def __init__(self, session: Session, child_id: int,
                 open_household: Callable[[int], object], parent=None):
        super().__init__(parent)
        self.session, self.actor, self.child_id = session, session.actor, child_id
        self.file: ChildFile | None = None
        self.dialog: QDialog | None = None  # the action dialog open, if any
        fit_window(self, 1180, 700)
        column = QVBoxLayout(self)

        header = QHBoxLayout()
        self.photo = QLabel()
        self.photo.setFixedSize(PHOTO, PHOTO)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header.addWidget(self.photo)
        titles = QVBoxLayout()
        self.title = label("", "PageTitle", wrap=True)
        self.subtitle = label("", "Hint", wrap=True)
        self.banner = label("", "Warning", wrap=True)
        for widget in (self.title, self.subtitle, self.banner):
            titles.addWidget(widget)
        header.addLayout(titles, 1)
        actions = QHBoxLayout()  # in a row under the name: the tabs keep the height (laptop)
        self.archive_button = QPushButton(_("Archive"))
        self.reopen_button = QPushButton(_("Reopen"))
        self.number_button = QPushButton(_("Change the number…"))
        self.merge_button = QPushButton(_("Merge a duplicate…"))
        self.erase_button = QPushButton(_("Erase personal data…"))
        self.certificate_button = QPushButton(_("Certificate…"))
        self.certificate_button.setVisible(self.actor.can(Permission.ISSUE_CERTIFICATES))
        styled(self.erase_button, "Danger")
        admin = self.actor.can(Permission.MANAGE_CHILD_FILES)
        for button in (self.certificate_button, self.archive_button, self.reopen_button,
                       self.number_button, self.merge_button, self.erase_button):
            actions.addWidget(button)
        for button in (self.reopen_button, self.number_button, self.merge_button,
                       self.erase_button):
            button.setVisible(admin)
        actions.addStretch(1)
        titles.addLayout(actions)
        column.addLayout(header)
        self.error = label("", "FormError", wrap=True)
        self.error.hide()
        column.addWidget(self.error)

        # Tabs are built when first opened: a file opens in a blink, whatever it holds.
        self.tabs = QTabWidget()
        self.builders: dict[str, Callable[[], QWidget]] = {
            "identity": lambda: IdentityTab(self.actor, child_id, self._saved),
            "family": lambda: FamilyTab(self.actor, child_id, open_household,
                                        self.change_household),
            "school": lambda: SchoolTab(self.actor, child_id, self._saved),
            "civil": lambda: CivilTab(self.actor, child_id, self._saved),
            "health": lambda: HealthTab(self.actor, child_id, self._saved),
            "attendance": lambda: AttendanceTab(self.actor, child_id),
            "timeline": lambda: TimelinePanel(self.actor, None, self._household_children,
                                              child_id),
            "consents": lambda: ConsentsTab(self.actor, child_id, self._saved),
        }
        titles = {"identity": _("Identity"), "family": _("Family"), "school": _("School"),
                  "civil": _("Civil registration"), "health": _("Health"),
                  "attendance": _("Attendance"), "timeline": _("Timeline"),
                  "consents": _("Consents and access")}
        if not self.actor.can(Permission.VIEW_CONFIDENTIAL):
            del self.builders["health"]  # the core refuses it too; no empty tab either
        self.keys = list(self.builders)
        self.built: dict[str, QWidget] = {}
        for key in self.keys:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, titles[key])
        self.tabs.currentChanged.connect(lambda index: self.tab(self.keys[index]))
        column.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)

        self.archive_button.clicked.connect(self.archive)
        self.reopen_button.clicked.connect(partial(self._act, children.reopen))
        self.number_button.clicked.connect(self.change_number)
        self.merge_button.clicked.connect(self.merge)
        self.erase_button.clicked.connect(self.erase)
        self.certificate_button.clicked.connect(self.certificate)
        self.reload()

    # --- showing ---

    def reload(self) -> None:
        self.file = file = children.get_child_file(self.actor, self.child_id)
        self.setWindowTitle(f"{file.file_number} — {file.name}")
        self.title.setText(paragraph(file.name))
        facts = [file.file_number, birth_text(file.identity.birth_precision,
                                              file.identity.birth_date, file.identity.birth_year)]
        if file.household_name:
            facts.append(fill(_("household {name}"), name=file.household_name))
        self.subtitle.setText(paragraph(" · ".join(isolated(fact) for fact in facts if fact)))
        pixmap = logo_pixmap(file.identity.photo, PHOTO)
        if pixmap is None:
            self.photo.clear()
            self.photo.setText(_("No photo"))
        else:
            self.photo.setPixmap(pixmap)
        self.banner.setText(paragraph(self._banner_text(file)))
        self.banner.setVisible(bool(self.banner.text()))
        self.archive_button.setVisible(not file.read_only and file.identity.status == "left")
        self.reopen_button.setVisible(self.actor.can(Permission.MANAGE_CHILD_FILES)
                                      and file.archived and not file.erased)
        for button in (self.number_button, self.merge_button, self.erase_button):
            button.setEnabled(not file.erased and file.merged_into is None)
        self.merge_button.setEnabled(not file.read_only)
        for key, widget in self.built.items():
            self._load(key, widget)
        self.tab(self.keys[self.tabs.currentIndex()])

    def tab(self, key: str) -> QWidget | None:
        """The tab's widget, built and loaded the first time it is asked for; None for a tab
        this role does not have."""
        if key not in self.builders:
            return None
        if key not in self.built:
            if key == "health":  # opening a confidential section is audited as a read
                audit_search.record_confidential_read(self.actor, "child", self.child_id,
                                                      "health")
            widget = self.builders[key]()
            self.built[key] = widget
            self.tabs.widget(self.keys.index(key)).layout().addWidget(widget)
            if self.file is not None:
                self._load(key, widget)
        return self.built[key]

    def _load(self, key: str, widget: QWidget) -> None:
        if key == "timeline":
            widget.set_household(self.file.household_id)
            widget.set_read_only(self.file.read_only)
        else:
            widget.load(self.file)

    identity = property(lambda self: self.tab("identity"))
    family = property(lambda self: self.tab("family"))
    school = property(lambda self: self.tab("school"))
    civil = property(lambda self: self.tab("civil"))
    health = property(lambda self: self.tab("health"))
    attendance = property(lambda self: self.tab("attendance"))
    timeline = property(lambda self: self.tab("timeline"))
    consents = property(lambda self: self.tab("consents"))

    @staticmethod
    def _banner_text(file: ChildFile) -> str:
        if file.merged_into is not None:
            return _("This file was merged into another one; it is kept only so that its "
                     "number still leads to the child.")
        if file.erased:
            return _("The personal data of this file was erased on request.")
        if file.archived:
            return _("Archived: this child left the centre. The file is read-only.")
        return ""

    def _household_children(self) -> list[tuple[int, str]]:
        if self.file is None or self.file.household_id is None:
            return []
        household = families.get_household(self.actor, self.file.household_id)
        return [(child.id, child.name) for child in household.children if child.current]

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()

    # --- actions on the whole file ---

    def _act(self, action, *args) -> bool:
        self.error.hide()
        try:
            action(self.actor, self.child_id, *args)
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return False
        self._saved()
        return True

    def archive(self) -> None:
        self._act(children.archive)

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(self._saved)
        dialog.open()
        return dialog

    def change_number(self) -> QDialog:
        return self._open(FileNumberDialog(self.file.file_number, partial(
            children.set_file_number, self.actor, self.child_id), self))

    def merge(self) -> QDialog:
        return self._open(MergeDialog(self.actor, self.child_id, self.file.file_number, lambda
                                      other: file_admin.merge_children(self.actor, self.child_id,
                                                                       other), self))

    def erase(self) -> QDialog:
        return self._open(EraseDialog(self.file.file_number, partial(
            file_admin.erase_child, self.actor, self.child_id), self))

    def certificate(self, open_file=None) -> QDialog:
        """A certificate for this child, the child already chosen."""
        from centre_desk.ui.dialogs.certificate_dialogs import IssueDialog
        from centre_desk.ui.pages.certificates import open_with_system

        return self._open(IssueDialog(self.actor, open_file or open_with_system, self,
                                      self.child_id))

    def change_household(self) -> QDialog:
        return self._open(HouseholdChoiceDialog(
            self.actor, self.file.household_id,
            partial(families.move_child, self.actor, self.child_id),
            partial(families.move_to_new_household, self.actor, self.child_id), self))


class ChildCardDialog(QDialog):
    """What an educator sees: photo (with consent), names, groups, emergency phone."""

    def __init__(self, session: Session, child_id: int, parent=None):
        super().__init__(parent)
        card = children.get_card(session.actor, child_id)
        self.setWindowTitle(card.file_number)
        column = QVBoxLayout(self)
        row = QHBoxLayout()
        photo = QLabel(_("No photo"))
        photo.setFixedSize(120, 120)
        photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = logo_pixmap(card.photo, 120)
        if pixmap is not None:
            photo.setPixmap(pixmap)
        row.addWidget(photo)
        facts = QVBoxLayout()
        self.name = label(card.name_latin or card.name_arabic, "PageTitle", wrap=True)
        facts.addWidget(self.name)
        if card.name_latin and card.name_arabic:
            facts.addWidget(label(card.name_arabic, "SectionTitle"))
        facts.addWidget(label(card.file_number, "Hint"))
        self.phone = label(paragraph(fill(_("Emergency phone: {phone}"),
            phone=ltr(card.emergency_phone) if card.emergency_phone else _("none recorded"))))
        facts.addWidget(self.phone)
        facts.addWidget(label(fill(_("Groups: {groups}"),
            groups=join_list(card.groups) or _("none yet")), wrap=True))  # a child in 6 groups
        facts.addStretch(1)
        row.addLayout(facts, 1)
        column.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        fit_window(self, 520, 240)
