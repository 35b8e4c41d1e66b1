"""The child's identity, in two columns that fit a 1366×768 screen: who the child is on the
start side, how they came and where they are now on the end side."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, ltr
from centre_desk.core.services.children import ChildIdentity, read_photo
from centre_desk.core.vocabulary import (
    BIRTH_PRECISION,
    EXIT_REASON,
    NATIONALITY,
    REFERRAL,
    SEX,
    STATUS,
    code_of,
    label,
)
from centre_desk.ui.widgets.fields import (
    choice_combo,
    date_edit,
    date_of,
    set_choice,
    set_date,
    set_read_only,
)
from centre_desk.ui.widgets.form import Form, FormGroup
from centre_desk.ui.widgets.logo_picker import ImagePicker

NO_DATE = QDate(1900, 1, 1)


def arabic_line_edit() -> QLineEdit:
    """Arabic names are typed and read right to left, even in the French interface."""
    edit = QLineEdit()
    edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    return edit


class BirthField(QWidget):
    """How the birth is known, then a date or a year."""

    def __init__(self):
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.precision = choice_combo(BIRTH_PRECISION, "exact")
        self.date = date_edit()
        # The date stays blank until typed: a default date would be saved without anyone
        # having checked it.
        self.date.setMinimumDate(NO_DATE)
        self.date.setSpecialValueText(" ")
        self.clear_date()
        self.year = QSpinBox()
        self.year.setRange(1950, dt.date.today().year + 1)
        self.year.setValue(dt.date.today().year - 10)
        self.year.setGroupSeparatorShown(False)
        for widget in (self.precision, self.date, self.year):
            row.addWidget(widget)
        row.addStretch(1)
        self.precision.currentIndexChanged.connect(self._show_parts)
        self._show_parts()

    def _show_parts(self) -> None:
        precision = self.precision.currentData()
        self.date.setVisible(precision == "exact")
        self.year.setVisible(precision in ("year", "about"))

    def clear_date(self) -> None:
        self.date.setDate(self.date.minimumDate())

    def set_value(self, precision: str, date: dt.date | None, year: int | None) -> None:
        set_choice(self.precision, precision)
        if date:
            set_date(self.date, date)
        else:
            self.clear_date()
        if year:
            self.year.setValue(year)
        self._show_parts()

    def value(self) -> tuple[str, dt.date | None, int | None]:
        precision = self.precision.currentData()
        if precision == "exact":
            date = date_of(self.date)
            return precision, None if date == NO_DATE.toPython() else date, None
        if precision in ("year", "about"):
            return precision, None, self.year.value()
        return precision, None, None


class IdentityForm(QWidget):
    def __init__(self, parent=None, registering: bool = False):
        super().__init__(parent)
        self.registering = registering
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        self.person, self.situation = Form(), Form()
        columns.addWidget(self.person, 1)
        columns.addWidget(self.situation, 1)
        self.forms = FormGroup(self.person, self.situation)
        self.read_only = False

        add = self.person.add
        self.last_name_latin = add("last_name_latin", _("Family name"), QLineEdit())
        self.first_name_latin = add("first_name_latin", _("First name"), QLineEdit())
        self.last_name_arabic = add("last_name_arabic", _("Family name (Arabic)"),
                                    arabic_line_edit())
        self.first_name_arabic = add("first_name_arabic", _("First name (Arabic)"),
                                     arabic_line_edit())
        self.sex = add("sex", _("Sex"), choice_combo(SEX))
        self.sex.insertItem(0, _("Choose…"), "")
        self.sex.setCurrentIndex(0)
        self.birth = add("birth", _("Birth"), BirthField())
        self.birth_place = add("birth_place", _("Place of birth"), QLineEdit())
        self.nationality = add("nationality", _("Nationality"), QComboBox())
        self.nationality.setEditable(True)
        self.nationality.addItems([_(name) for name in NATIONALITY.values()])

        add = self.situation.add
        self.entry_date = add("entry_date", _("Date of entry"), date_edit())
        self.referral = add("referral", _("Referred by"), choice_combo(REFERRAL, "family"))
        self.referral_detail = add("referral_detail", _("Referral details"), QLineEdit())
        self.referral_detail.setPlaceholderText(_("e.g. École Al Massira, Mme Idrissi"))
        self.emergency_phone = add("emergency_phone", _("Emergency phone"), QLineEdit())
        self.emergency_phone.setPlaceholderText(ltr("06 61 23 45 67"))  # not "67 45 23 61 06"
        self.photo_consent = add("photo_consent", _("Photo"), QCheckBox(
            _("The guardian agrees to a photo being kept")))
        self.photo = add("photo", "", ImagePicker(read_photo, self.forms.show_error,
                                                  _("No photo"), _("Choose the photo"), 96))
        self.status = add("status", _("Status"), choice_combo(STATUS, "active"))
        self.exit_date = add("exit_date", _("Exit date"), date_edit())
        self.exit_reason = add("exit_reason", _("Exit reason"), choice_combo(EXIT_REASON))
        self.photo_consent.toggled.connect(self._consent_changed)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._consent_changed(False)
        self._status_changed()
        if registering:  # a child being registered is in the centre: no leaving yet
            for name in ("status", "exit_date", "exit_reason"):
                self.situation.set_row_visible(name, False)

    def _consent_changed(self, consent: bool) -> None:
        self.photo.choose.setEnabled(consent and not self.read_only)
        if not consent:
            self.photo.set_png(None)  # no consent, no photo: say so now, not after saving
        self.photo.remove.setEnabled(self.photo.png is not None and not self.read_only)

    def _status_changed(self) -> None:
        left = self.status.currentData() == "left"
        self.exit_date.setEnabled(left and not self.read_only)
        self.exit_reason.setEnabled(left and not self.read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        set_read_only(self, read_only)
        self._consent_changed(self.photo_consent.isChecked())
        self._status_changed()

    def set_identity(self, data: ChildIdentity) -> None:
        for name in ("last_name_latin", "first_name_latin", "last_name_arabic",
                     "first_name_arabic", "birth_place", "referral_detail", "emergency_phone"):
            getattr(self, name).setText(getattr(data, name))
        set_choice(self.sex, data.sex)
        self.birth.set_value(data.birth_precision, data.birth_date, data.birth_year)
        self.nationality.setCurrentText(label(NATIONALITY, data.nationality))
        set_date(self.entry_date, data.entry_date)
        set_choice(self.referral, data.referral)
        self.photo_consent.setChecked(data.photo_consent)
        self._consent_changed(data.photo_consent)
        self.photo.set_png(data.photo)
        set_choice(self.status, data.status)
        set_date(self.exit_date, data.exit_date)
        set_choice(self.exit_reason, data.exit_reason or "other")
        self._status_changed()

    def identity(self) -> ChildIdentity:
        precision, birth_date, birth_year = self.birth.value()
        left = self.status.currentData() == "left"
        return ChildIdentity(
            first_name_latin=self.first_name_latin.text(),
            last_name_latin=self.last_name_latin.text(),
            first_name_arabic=self.first_name_arabic.text(),
            last_name_arabic=self.last_name_arabic.text(),
            sex=self.sex.currentData() or "", birth_precision=precision, birth_date=birth_date,
            birth_year=birth_year, birth_place=self.birth_place.text(),
            nationality=code_of(NATIONALITY, self.nationality.currentText().strip()),
            entry_date=date_of(self.entry_date), referral=self.referral.currentData(),
            referral_detail=self.referral_detail.text(),
            emergency_phone=self.emergency_phone.text(),
            photo_consent=self.photo_consent.isChecked(), photo=self.photo.png,
            status=self.status.currentData(),
            exit_date=date_of(self.exit_date) if left else None,
            exit_reason=self.exit_reason.currentData() if left else "")

    def show_error(self, error: UserError) -> None:
        self.forms.show_error(error)

    def clear_errors(self) -> None:
        self.forms.clear_errors()
