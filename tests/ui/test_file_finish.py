"""Finishing touches of the children's files, in French and in Arabic: an archived file is
visibly read-only, the registration form has no exit fields, health cover choices."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

from centre_desk.core.services import children
from tests.child_helpers import identity, register

LANGUAGES = ["fr", "ar"]
COVER = {"fr": ["AMO Tadamon", "AMO", "Autre couverture", "Aucune"],
         "ar": ["أمو تضامن", "التأمين الإجباري عن المرض (AMO)", "تغطية أخرى",
                "لا شيء"]}


def _inputs(widget):
    return (widget.findChildren(QLineEdit) + widget.findChildren(QPlainTextEdit)
            + widget.findChildren(QAbstractSpinBox) + widget.findChildren(QComboBox))


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_archived_file_shows_every_field_disabled(qtbot, window_in, centre, language):
    admin = centre[1]
    child_id = register(admin, identity(status="left", exit_date=dt.date(2026, 6, 30),
                                        exit_reason="back_to_school"))
    children.archive(admin, child_id)
    window = window_in(language)
    file = window.files.open_child(child_id)
    for tab in (file.identity, file.school, file.health):
        fields = [field for field in _inputs(tab) if field.isVisibleTo(file)
                  or tab is not file.identity]
        assert fields and not any(field.isEnabled() for field in fields), type(tab)
    assert not file.identity.save_button.isEnabled()
    assert file.banner.isVisibleTo(file)
    children.reopen(admin, child_id)
    file.reload()
    assert file.identity.identity.last_name_latin.isEnabled()
    assert not file.identity.identity.last_name_latin.isReadOnly()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_registration_form_has_no_exit_date_or_reason(qtbot, window_in, language):
    window = window_in(language)
    dialog = window.files.new_child()
    form = dialog.identity
    for field in (form.exit_date, form.exit_reason, form.status):
        assert not field.isVisibleTo(dialog)
    assert form.entry_date.isVisibleTo(dialog)
    form.last_name_latin.setText("Benali")
    form.first_name_latin.setText("Salma")
    assert form.identity().status == "active" and form.identity().exit_date is None
    # The child's own file still shows them.
    child_id = register(window.session.actor)
    file = window.files.open_child(child_id)
    assert file.identity.identity.exit_date.isVisibleTo(file)


@pytest.mark.parametrize("language", LANGUAGES)
def test_health_cover_offers_amo_tadamon_amo_other_and_none(qtbot, window_in, centre,
                                                            language):
    child_id = register(centre[1])
    window = window_in(language)
    file = window.files.open_child(child_id)
    combo = file.health.coverage
    shown = [combo.itemText(index) for index in range(combo.count())]
    assert shown[:4] == COVER[language]
    assert not any("RAMED" in text for text in shown)
