"""Settings: what the certificates print about the centre (Arabic names, address, phone,
registration) and who signs them, each in French and in Arabic."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton

from centre_desk.core.i18n import _
from centre_desk.core.security import Actor
from centre_desk.core.services import letterhead
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import card, label
from centre_desk.ui.widgets.form import Form, save_form


def _rows() -> list[tuple[str, str, str]]:
    """(field, label, hint) in the order shown: each French form above its Arabic one."""
    return [
        ("name_ar", _("Centre name in Arabic"), ""),
        ("association_ar", _("Association in Arabic"), ""),
        ("city_ar", _("City in Arabic"), ""),
        ("address", _("Address"), ""),
        ("address_ar", _("Address in Arabic"), ""),
        ("phone", _("Phone"), ""),
        ("registration", _("Registration"),
         _("As printed under the letterhead, e.g. Récépissé de dépôt n° 12/2019.")),
        ("registration_ar", _("Registration in Arabic"), ""),
        ("signatory_name", _("Signatory"),
         _("Leave empty: the certificates are signed for the centre's management.")),
        ("signatory_title", _("Signatory's title"), _("e.g. Directrice du centre")),
        ("signatory_name_ar", _("Signatory in Arabic"), ""),
        ("signatory_title_ar", _("Signatory's title in Arabic"), _("e.g. مديرة المركز")),
    ]


class LetterheadSection(QFrame):
    """A card of its own on the Settings page, saved with its own button."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        current = letterhead.get()
        self.form = Form()
        self.fields: dict[str, QLineEdit] = {}
        for name, text, hint in _rows():
            edit = QLineEdit(getattr(current, name))
            edit.setMaxLength(letterhead.MAX_LENGTH)
            if name.endswith("_ar"):
                edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            self.fields[name] = self.form.add(name, text, edit, hint)
        self.save_button = QPushButton(_("Save the letterhead"))
        styled(self.save_button, "Primary")
        self.save_button.clicked.connect(self.save)
        self.saved = label("", "Hint")
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved, 1)
        inner = card(label(_("Letterhead and signatory of the certificates"), "SectionTitle"),
                     label(_("The centre's name, association and city are above; here are "
                             "their Arabic forms, used on Arabic certificates."), "Hint",
                           wrap=True),
                     self.form)
        inner.layout().addLayout(row)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(inner)

    def value(self) -> letterhead.Letterhead:
        return letterhead.Letterhead(**{name: edit.text() for name, edit in self.fields.items()})

    def save(self) -> bool:
        value = self.value()
        return save_form(self.form, self.saved, lambda: letterhead.update(self.actor, value))
