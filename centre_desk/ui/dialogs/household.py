"""The family file: the household, its guardians, children and other members, the documents
received and the follow-up timeline."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill, join_list, ltr, paragraph
from centre_desk.core.security import Actor
from centre_desk.core.services import audit_search, families
from centre_desk.core.services.families import (
    GuardianData,
    HouseholdData,
    HouseholdFile,
    MemberData,
)
from centre_desk.core.vocabulary import (
    ADULT_SEX,
    DOCUMENT_KIND,
    MARITAL_STATUS,
    MEMBER_RELATION,
    RELATION,
    SEX,
    STATUS,
    label,
    marital_label,
)
from centre_desk.ui.dialogs.consents import HouseholdConsentsTab
from centre_desk.ui.dialogs.entries import TimelinePanel, confidential_note
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.models.table import Column, RowsModel, read_only_table, selected_row
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label as text_label
from centre_desk.ui.widgets.fields import (
    choice_combo,
    date_edit,
    date_of,
    multi_line,
    set_choice,
    set_date,
    set_read_only,
)
from centre_desk.ui.widgets.form import Form, save_form
from centre_desk.ui.widgets.identity_form import arabic_line_edit
from centre_desk.ui.widgets.sizing import fit_window


class GuardianDialog(FormDialog):
    """A guardian and their relation to each child of the household."""

    def __init__(self, data: GuardianData | None, children: list[tuple[int, str]],
                 relations: dict[int, str], save: Callable[[GuardianData, dict[int, str]], object],
                 parent=None):
        super().__init__(_("Guardian") if data else _("New guardian"), _("Save"), parent)
        data = data or GuardianData()
        self.name_latin = self.form.add("guardian_name", _("Name"), QLineEdit(data.name_latin))
        self.name_arabic = self.form.add("guardian_name_arabic", _("Name (Arabic)"),
                                         arabic_line_edit())
        self.name_arabic.setText(data.name_arabic)
        self.sex = self.form.add("guardian_sex", _("Woman or man"), choice_combo(ADULT_SEX,
                                                                                data.sex))
        self.cin = self.form.add("cin", _("CIN"), QLineEdit(data.cin))
        self.phone = self.form.add("guardian_phone", _("Phone"), QLineEdit(data.phone))
        self.occupation = self.form.add("occupation", _("Occupation"), QLineEdit(data.occupation))
        self.marital = self.form.add("marital_status", _("Marital status"),
                                     choice_combo(MARITAL_STATUS, data.marital_status))
        self.lives_here = self.form.add("lives", "", QCheckBox(_("Lives in the household")))
        self.lives_here.setChecked(data.lives_in_household)
        self.relations: dict[int, object] = {}
        for child_id, name in children:
            combo = choice_combo(RELATION, relations.get(child_id), empty=_("No link"))
            set_choice(combo, relations.get(child_id))
            self.relations[child_id] = self.form.add(f"relation_{child_id}",
                                                     fill(_("Relation to {name}"), name=name),
                                                     combo)
        self.save = lambda: save(self.data(), {child_id: combo.currentData()
                                               for child_id, combo in self.relations.items()
                                               if combo.currentData()})

    def data(self) -> GuardianData:
        return GuardianData(self.name_latin.text(), self.name_arabic.text(),
                            self.sex.currentData(), self.cin.text(), self.phone.text(),
                            self.occupation.text(), self.marital.currentData(),
                            self.lives_here.isChecked())


class MemberDialog(FormDialog):
    def __init__(self, data: MemberData | None, save: Callable[[MemberData], object],
                 parent=None):
        super().__init__(_("Member of the household"), _("Save"), parent)
        data = data or MemberData()
        self.name = self.form.add("member_name", _("Name"), QLineEdit(data.name))
        self.sex = self.form.add("member_sex", _("Sex"), choice_combo(SEX, data.sex))
        self.relation = self.form.add("member_relation", _("Relation"),
                                      choice_combo(MEMBER_RELATION, data.relation))
        self.year = self.form.add("member_birth_year", _("Year of birth"), QSpinBox())
        self.year.setRange(1930, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(data.birth_year or 2010)
        self.occupation = self.form.add("occupation", _("School or work"),
                                        QLineEdit(data.occupation))
        self.save = lambda: save(MemberData(self.name.text(), self.sex.currentData(),
                                            self.year.value(), self.relation.currentData(),
                                            self.occupation.text()))


class DocumentsPanel(QWidget):
    """The checklist: ticking a document records the date it came in, at once."""

    def __init__(self, actor: Actor, household_id: int, report: Callable[[UserError], None]):
        super().__init__()
        self.actor, self.household_id, self.report = actor, household_id, report
        grid = QGridLayout(self)
        self.rows: dict[str, tuple[QCheckBox, object]] = {}
        for row, (kind, text) in enumerate(DOCUMENT_KIND.items()):
            box = QCheckBox(_(text))
            date = date_edit()
            grid.addWidget(box, row, 0)
            grid.addWidget(date, row, 1)
            self.rows[kind] = (box, date)
            box.toggled.connect(lambda _on, kind=kind: self._save(kind))
            date.dateChanged.connect(lambda _date, kind=kind: self._save(kind))
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(DOCUMENT_KIND), 1)
        self.loading = False

    def load(self, documents: dict) -> None:
        self.loading = True
        for kind, (box, date) in self.rows.items():
            box.setChecked(kind in documents)
            set_date(date, documents.get(kind))
            date.setVisible(kind in documents)
        self.loading = False

    def _save(self, kind: str) -> None:
        if self.loading:
            return
        box, date = self.rows[kind]
        date.setVisible(box.isChecked())
        try:
            families.set_document(self.actor, self.household_id, kind,
                                  date_of(date) if box.isChecked() else None)
        except UserError as error:
            self.report(error)


class HouseholdDialog(QDialog):
    def __init__(self, session: Session, household_id: int,
                 open_child: Callable[[int], object] | None = None, parent=None):
        super().__init__(parent)
        self.actor, self.household_id, self.open_child = session.actor, household_id, open_child
        self.file: HouseholdFile | None = None
        self.dialog: QDialog | None = None
        fit_window(self, 1100, 680)
        column = QVBoxLayout(self)
        self.title = text_label("", "PageTitle")
        self.badge = text_label(_("Single-mother household"), "Warning")
        self.error = text_label("", "FormError", wrap=True)
        self.error.hide()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge)
        column.addLayout(head)
        column.addWidget(self.error)
        self.tabs = QTabWidget()
        column.addWidget(self.tabs, 1)
        self._build_household_tab()
        self._build_people_tabs()
        self.documents = DocumentsPanel(self.actor, household_id, self._report)
        self.tabs.addTab(self.documents, _("Documents received"))
        self.timeline = TimelinePanel(self.actor, household_id, self._children)
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.consents = HouseholdConsentsTab(self.actor, household_id, self.reload)
        self.tabs.addTab(self.consents, _("Consents and access"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.reload()

    def _build_household_tab(self) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.form = Form()
        self.form.setMaximumWidth(760)
        self.name = self.form.add("name", _("Household name"), QLineEdit())
        self.address = self.form.add("address", _("Address"), QLineEdit())
        self.neighbourhood = self.form.add("neighbourhood", _("Neighbourhood"), QLineEdit())
        self.phone = self.form.add("phone", _("Phone"), QLineEdit())
        self.phone2 = self.form.add("phone2", _("Other phone"), QLineEdit())
        column.addWidget(self.form)
        self.situation = QGroupBox(_("Situation (social inquiry)"))
        inner = QVBoxLayout(self.situation)
        inner.addWidget(confidential_note())
        self.situation_form = Form()
        self.housing = self.situation_form.add("housing", _("Housing"), multi_line(lines=2))
        self.income = self.situation_form.add("income", _("Income"), multi_line(lines=2))
        self.difficulties = self.situation_form.add("difficulties", _("Known difficulties"),
                                                    multi_line(lines=3))
        self.situation_form.setMaximumWidth(760)
        inner.addWidget(self.situation_form)
        column.addWidget(self.situation)
        column.addStretch(1)
        row = QHBoxLayout()
        self.saved = text_label("", "Hint")
        self.save_button = QPushButton(_("Save"))
        styled(self.save_button, "Primary")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.saved, 1)
        row.addWidget(self.save_button)
        column.addLayout(row)
        self.household_tab = tab
        self.tabs.addTab(tab, _("Household"))

    def _build_people_tabs(self) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(text_label(_("Guardians"), "SectionTitle"), 1)
        self.add_guardian_button = QPushButton(_("Add a guardian…"))
        self.edit_guardian_button = QPushButton(_("Edit…"))
        row.addWidget(self.add_guardian_button)
        row.addWidget(self.edit_guardian_button)
        column.addLayout(row)
        self.guardians = RowsModel([
            Column(lambda: _("Name"), lambda g: g.data.name_latin, identifying=True),
            Column(lambda: _("Name (Arabic)"), lambda g: g.data.name_arabic, identifying=True),
            Column(lambda: _("Relation"), lambda g: join_list(
                f"{label(RELATION, relation)} ({name.split(' — ')[0]})"
                for _id, name, relation in g.children)),
            Column(lambda: _("Phone"), lambda g: ltr(g.data.phone) if g.data.phone else ""),
            Column(lambda: _("Marital status"), lambda g: marital_label(g.data.marital_status,
                                                                        g.data.sex)),
            Column(lambda: _("Occupation"), lambda g: g.data.occupation),
        ], self)
        self.guardian_table = read_only_table(self.guardians)
        column.addWidget(self.guardian_table)
        self.add_guardian_button.clicked.connect(lambda: self.edit_guardian(None))
        self.edit_guardian_button.clicked.connect(self._edit_selected_guardian)
        self.guardian_table.doubleClicked.connect(self._edit_selected_guardian)
        self.tabs.addTab(tab, _("Guardians"))

        tab = QWidget()
        column = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(text_label(_("Children of the centre"), "SectionTitle"), 1)
        self.open_child_button = QPushButton(_("Open the file"))
        row.addWidget(self.open_child_button)
        column.addLayout(row)
        self.children_model = RowsModel([
            Column(lambda: _("File no."), lambda c: c.file_number),
            Column(lambda: _("Name"), lambda c: c.name, identifying=True),
            Column(lambda: _("Sex"), lambda c: label(SEX, c.sex)),
            Column(lambda: _("Born"), lambda c: c.birth_year or ""),
            Column(lambda: _("Status"), lambda c: label(STATUS, c.status) if c.current
                   else _("lived here before")),
        ], self)
        self.children_table = read_only_table(self.children_model)
        column.addWidget(self.children_table)
        self.open_child_button.clicked.connect(self._open_selected_child)
        self.children_table.doubleClicked.connect(self._open_selected_child)
        self.open_child_button.setVisible(self.open_child is not None)
        row = QHBoxLayout()
        row.addWidget(text_label(_("Other members (brothers and sisters not at the centre…)"),
                                 "SectionTitle"), 1)
        self.add_member_button = QPushButton(_("Add…"))
        self.edit_member_button = QPushButton(_("Edit…"))
        self.remove_member_button = QPushButton(_("Remove"))
        for button in (self.add_member_button, self.edit_member_button,
                       self.remove_member_button):
            row.addWidget(button)
        column.addLayout(row)
        self.members = RowsModel([
            Column(lambda: _("Name"), lambda m: m[1].name, identifying=True),
            Column(lambda: _("Relation"), lambda m: label(MEMBER_RELATION, m[1].relation)),
            Column(lambda: _("Sex"), lambda m: label(SEX, m[1].sex)),
            Column(lambda: _("Born"), lambda m: m[1].birth_year or ""),
            Column(lambda: _("School or work"), lambda m: m[1].occupation),
        ], self)
        self.member_table = read_only_table(self.members)
        column.addWidget(self.member_table)
        self.add_member_button.clicked.connect(lambda: self.edit_member(None))
        self.edit_member_button.clicked.connect(self._edit_selected_member)
        self.remove_member_button.clicked.connect(self._remove_selected_member)
        self.tabs.addTab(tab, _("Children and siblings"))

    # --- loading and saving ---

    def reload(self) -> None:
        self.file = file = families.get_household(self.actor, self.household_id)
        self.setWindowTitle(fill(_("Family file: {name}"), name=file.data.name or "—"))
        self.title.setText(paragraph(fill(_("Household {name}"), name=file.data.name or "—")))
        self.badge.setVisible(file.single_mother)
        for name in ("name", "address", "neighbourhood", "phone", "phone2"):
            getattr(self, name).setText(getattr(file.data, name))
        self.situation.setVisible(file.confidential_visible)
        if file.confidential_visible and not getattr(self, "inquiry_read", False):
            audit_search.record_confidential_read(self.actor, "household", self.household_id,
                                                  "social_inquiry")  # audited as a read
            self.inquiry_read = True
        if file.confidential_visible:
            self.housing.setPlainText(file.data.housing or "")
            self.income.setPlainText(file.data.income or "")
            self.difficulties.setPlainText(file.data.difficulties or "")
        self.guardians.set_rows(file.guardians)
        self.children_model.set_rows(file.children)
        self.members.set_rows(file.members)
        self.documents.load(file.documents)
        for container in (self.household_tab, self.tabs.widget(1), self.tabs.widget(2),
                          self.documents):
            set_read_only(container, file.erased)
        self.open_child_button.setEnabled(True)
        self.timeline.set_read_only(file.erased)
        self.timeline.refresh()
        self.consents.load([(row.id, row.data.name_latin or row.data.name_arabic)
                            for row in file.guardians], file.erased)

    def _report(self, error: UserError) -> None:
        self.error.setText(error.message)
        self.error.show()

    def _children(self) -> list[tuple[int, str]]:
        return [(child.id, child.name) for child in self.file.children if child.current]

    def save(self) -> None:
        confidential = self.file.confidential_visible
        data = HouseholdData(
            self.name.text(), self.address.text(), self.neighbourhood.text(), self.phone.text(),
            self.phone2.text(),
            self.housing.toPlainText() if confidential else None,
            self.income.toPlainText() if confidential else None,
            self.difficulties.toPlainText() if confidential else None)
        if save_form(self.form, self.saved,
                     lambda: families.update_household(self.actor, self.household_id, data)):
            self.reload()

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    def edit_guardian(self, row) -> QDialog:
        relations = {child_id: relation for child_id, _name, relation in row.children} \
            if row else {}
        if row is None:
            save = lambda data, links: families.add_guardian(  # noqa: E731
                self.actor, self.household_id, data, links)
        else:
            save = lambda data, links: families.update_guardian(  # noqa: E731
                self.actor, row.id, data, links)
        return self._open(GuardianDialog(row.data if row else None, self._children(), relations,
                                         save, self))

    def _edit_selected_guardian(self) -> None:
        row = selected_row(self.guardian_table)
        if row is not None:
            self.edit_guardian(row)

    def edit_member(self, row) -> QDialog:
        member_id = row[0] if row else None
        return self._open(MemberDialog(row[1] if row else None, lambda data: families.save_member(
            self.actor, self.household_id, data, member_id), self))

    def _edit_selected_member(self) -> None:
        row = selected_row(self.member_table)
        if row is not None:
            self.edit_member(row)

    def _remove_selected_member(self) -> None:
        row = selected_row(self.member_table)
        if row is not None:
            families.remove_member(self.actor, row[0])
            self.reload()

    def _open_selected_child(self) -> None:
        row = selected_row(self.children_table)
        if row is not None and self.open_child is not None:
            self.open_child(row.id)
