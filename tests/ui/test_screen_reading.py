"""What the screens show reads right in French and in Arabic: the centre's own name in the
language of the screen, rates whose sign stays beside the number, Latin notes whose full stop
stays at their end in a right-to-left table, the audit trail without stored codes, and a
duplicate's likeness said in the child's gender."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QStyleOptionViewItem

from centre_desk.core import i18n
from centre_desk.core.services import letterhead
from centre_desk.core.services.audit_words import describe
from centre_desk.core.services.centre import get_identity
from centre_desk.core.services.registration import Candidate
from centre_desk.core.services.tally import Tally, rate_text
from centre_desk.ui.dialogs.duplicates import DuplicatesDialog
from centre_desk.ui.models.table import BidiDelegate, Column, RowsModel, read_only_table
from centre_desk.ui.widgets.identity_form import IdentityForm

ARABIC_NAME = "مركز الاختبار"
LRI, PDI = "\u2066", "\u2069"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_centre_is_named_in_the_language_of_the_screen(qtbot, window_in, centre, language):
    letterhead.update(centre[1], replace(letterhead.get(), name_ar=ARABIC_NAME))
    window = window_in(language)
    home = window.show_page("home")
    french = get_identity().name
    shown, other = (ARABIC_NAME, french) if language == "ar" else (french, ARABIC_NAME)
    for text in (window.status_centre.text(), home.greeting.text(), window.windowTitle()):
        assert shown in text
        assert other not in text


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_rate_keeps_its_percent_sign_beside_the_number(languages, language):
    languages.apply(language)
    expected = {"fr": "85 %", "ar": "85%"}[language]  # "85 %" would read "% 85" in Arabic
    assert rate_text(Tally(present=17, absent=3)) == expected
    assert i18n.format_percent(85.2) == expected
    opened = describe("create", "follow_up_task", "reason=low_rate;detail=43%")
    assert {"fr": "présence de 43 % ces", "ar": "نسبة حضور 43% خلال"}[language] in opened


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_latin_note_keeps_its_full_stop_at_its_end_in_a_right_to_left_table(qtbot, languages,
                                                                             language):
    languages.apply(language)
    model = RowsModel([Column(lambda: "Note", lambda row: row)])
    model.set_rows(["Orientation vers un partenaire.", "توجيه نحو شريك.", "12"])
    table = read_only_table(model)
    qtbot.addWidget(table)
    assert isinstance(table.itemDelegate(), BidiDelegate)
    painted = []
    for row in range(3):
        option = QStyleOptionViewItem()
        option.direction = table.layoutDirection()
        table.itemDelegate().initStyleOption(option, model.index(row, 0))
        painted.append(option.text)
    latin = "Orientation vers un partenaire."
    # Only a Latin text in a right-to-left table is held left to right; the model is untouched.
    assert painted == [f"{LRI}{latin}{PDI}" if language == "ar" else latin,
                       "توجيه نحو شريك.", "12"]
    assert model.index(0, 0).data() == latin


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_audit_trail_names_the_letterhead_fields_and_the_social_inquiry(languages, language):
    languages.apply(language)
    changed = describe("update", "centre", "fields=name_ar,registration,signatory_title_ar")
    read = describe("read", "household", "section=social_inquiry")
    for code in ("name_ar", "registration", "signatory_title_ar", "social_inquiry"):
        assert code not in changed + read
    assert changed == i18n._("changed: {fields}").format(fields=i18n.join_list(
        [i18n._("Centre name in Arabic"), i18n._("Registration"),
         i18n._("Signatory's title in Arabic")]))
    assert read == i18n._("section: {section}").format(
        section=i18n._("Situation (social inquiry)"))
    if language == "ar":
        assert "،" in changed  # the Arabic comma in an Arabic list


def _candidate(sex: str) -> Candidate:
    return Candidate(1, "AMN-2024-0001", "Malak Daoudi", "ملاك الداودي", sex, 2015, "year",
                     "Daoudi", ("0688 20 24 46",), "active", False, ("name", "birth"))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_duplicate_is_said_born_in_the_childs_gender(qtbot, languages, language):
    languages.apply(language)
    dialog = DuplicatesDialog([_candidate("f"), _candidate("m")])
    qtbot.addWidget(dialog)
    column = len(dialog.model.columns) - 1
    girl, boy = (dialog.model.index(row, column).data() for row in (0, 1))
    expected = {"fr": ("née à un an près", "né à un an près"),
                "ar": ("ازدادت في حدود سنة", "ازداد في حدود سنة")}[language]
    assert girl.endswith(expected[0]) and boy.endswith(expected[1])
    assert "(e)" not in girl + boy


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_example_phone_reads_left_to_right(qtbot, languages, language):
    languages.apply(language)
    form = IdentityForm()
    qtbot.addWidget(form)
    placeholder = form.emergency_phone.placeholderText()
    assert placeholder.strip("\u202a\u202c") == "06 61 23 45 67"
    assert placeholder.startswith("\u202a")  # held left to right, in Arabic too


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_report_is_headed_with_the_centres_names_in_its_language(centre, tmp_path, language):
    from pypdf import PdfReader

    from centre_desk.core import reports
    from centre_desk.core.services.figures import month_period

    admin = centre[1]
    letterhead.update(admin, replace(letterhead.get(), name_ar=ARABIC_NAME,
                                     association_ar="جمعية الاختبار", city_ar="سلا"))
    identity = get_identity()
    report = reports.build(admin, "monthly", month_period(2026, 9), language)
    expected = {"fr": (identity.name, identity.association, identity.city),
                "ar": (ARABIC_NAME, "جمعية الاختبار", "سلا")}[language]
    head = report.letterhead
    assert (head.centre, head.association, head.city) == expected
    path = reports.write(admin, report, tmp_path / "report.pdf")
    assert PdfReader(path).metadata.author == expected[0]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_recovery_sheet_keeps_the_data_folder_in_one_piece(languages, tmp_path, language):
    from pypdf import PdfReader

    from centre_desk.core.documents import recovery_sheet

    languages.apply(language)
    folder = tmp_path / "Centre Desk" / "data"
    path = recovery_sheet.render(tmp_path / "sheet.pdf", "Centre Amane", folder, "ab12" * 16)
    text = PdfReader(path).pages[0].extract_text()
    assert str(folder) in text  # in Arabic too, not "tmp/…/data/"
    assert recovery_sheet.read_key(path) == "ab12" * 16


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_personal_dossier_reads_in_its_language(centre, languages, tmp_path, language):
    import datetime as dt

    from centre_desk.core.services import access_dossier, attendance, sessions
    from tests.attendance_helpers import MONDAY, tutoring_group
    from tests.child_helpers import identity, mother, register

    admin = centre[1]
    activity_id, _kids = tutoring_group(admin, 0)
    child_id = register(admin, identity(nationality="Marocaine"), guardian=mother())
    from centre_desk.core.services import activities
    activities.enrol(admin, activity_id, child_id=child_id, start_date=dt.date(2026, 9, 1))
    [first, *_rest] = sessions.sessions_between(admin, MONDAY, MONDAY)
    attendance.set_mark(admin, first.id, ("c", child_id), "A")
    languages.apply(language)
    sections = access_dossier.child_sections(admin, child_id)
    nationality = {"fr": "Nationalité : Marocaine", "ar": "الجنسية : مغربية"}[language]
    assert nationality in sections["identity"]
    address = "12 rue des Oliviers Hay Hassani"
    held = {"fr": address, "ar": f"\u202a{address}\u202c"}[language]  # one left-to-right piece
    assert f"{i18n._('Address')} : {held}" in sections["family"]
    assert any({"fr": "absences 1", "ar": "الغياب 1"}[language] in line
               for line in sections["attendance"])
    access_dossier.write_child_dossier(admin, child_id, tmp_path / "dossier.pdf")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_screen_name_in_the_bar_is_shown_whole(qtbot, window_in, language):
    from PySide6.QtCore import QRect, Qt

    from centre_desk.ui.main_window import NAV_TEXT_ROOM

    window = window_in(language)
    nav = window.nav
    metrics = nav.fontMetrics()
    for row in range(nav.count()):
        item = nav.item(row)
        needed = metrics.boundingRect(QRect(0, 0, NAV_TEXT_ROOM, 1000),
                                      Qt.TextFlag.TextWordWrap, item.text())
        assert needed.width() <= NAV_TEXT_ROOM, item.text()  # no word wider than the bar
        assert nav.visualItemRect(item).height() >= needed.height(), item.text()
        assert nav.viewport().rect().contains(nav.visualItemRect(item)), item.text()
    if language == "fr":  # the two long names do take two lines
        tall = [nav.item(row).text() for row in range(nav.count())
                if nav.visualItemRect(nav.item(row)).height() > 40]
        assert tall == ["Export vers le siège", "Données personnelles"]


def test_a_french_certificate_keeps_the_guillemets_with_the_activitys_name():
    from centre_desk.core.documents.text import REGULAR, register_fonts, width, wrap
    from centre_desk.core.services.certificate_words import IN_ACTIVITY

    register_fonts()
    sentence = "a participé " + IN_ACTIVITY["fr"].format(name="Chorale") + " du 1er septembre"
    for room in range(40, 260, 5):  # wherever the line ends
        lines = wrap(sentence, REGULAR, 11, room)
        assert not any(line.endswith("«") or line.startswith("»") for line in lines), lines
        assert any("«\u00a0Chorale\u00a0»" in line for line in lines)
    assert width("«\u00a0Chorale", REGULAR, 11) > width("Chorale", REGULAR, 11)
