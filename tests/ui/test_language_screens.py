"""Language quality on the real screens: no French left in the Arabic interface, counts with
their plural forms, isolated names and numbers, one date format, sorting by the language."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from PySide6.QtCore import Qt

from centre_desk.core import i18n
from centre_desk.core.models import Activity, Child, Guardian, Household, User
from centre_desk.core.services import attendance, centre as centre_service, sessions
from tests.attendance_helpers import MONDAY, tutoring_group
from tests.child_helpers import mother, register

LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
# Not French: the program's name, the languages' own names in the language picker.
NOT_WORDS = ("Centre Desk", "Français", "English")
NOT_SENTENCES = [
    re.compile(r"(/[\w.-]+)+"),  # a path
    re.compile(r"\b[A-Z]{2,5}(-[A-Z]{2,5})?-\d{4}-\d+\b"),  # a file number or a serial
    re.compile(r"\{\w+\}"),  # a placeholder of the certificate wordings
    re.compile(r"\b[A-Z]{2,}\b"),  # an acronym: PDF, CSV, USB, AMO, SHA
    re.compile(r"\bCtrl\+[A-Z]\b|(?<![\w-])[A-Z](?![\w-])"),  # a key to press: Ctrl+Z, N, P
]


def visible_texts(root: QWidget, cells: bool = True) -> list[tuple[str, str]]:
    """(where, text) for every string a user can read in ``root`` and its children: labels,
    buttons, group titles, tabs, combo items, placeholders, table headers and cells (the first
    rows), list items."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        kind = type(widget).__name__
        if isinstance(widget, QLabel):
            found.append((kind, re.sub(r"<[^>]+>", " ", widget.text())))
        elif isinstance(widget, QAbstractButton):
            found.append((kind, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((kind, widget.title()))
        elif isinstance(widget, QTabWidget):
            found += [(kind, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            found += [(kind, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            found.append((kind, widget.placeholderText()))
        elif isinstance(widget, QAbstractSpinBox) and not isinstance(widget, QDateEdit):
            found += [(kind, widget.specialValueText()), (kind, getattr(widget, "suffix",
                                                                        lambda: "")())]
        if isinstance(widget, QListWidget):
            found += [(kind, widget.item(i).text()) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            found += [(f"{kind} header", str(model.headerData(
                column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""))
                for column in range(model.columnCount())]
            if cells:
                found += [(f"{kind} cell", str(model.index(row, column).data() or ""))
                          for row in range(min(model.rowCount(), 40))
                          for column in range(model.columnCount())]
    return [(where, text) for where, text in found if text]


def data_values() -> list[str]:
    """What the user typed (names, the centre's identity, file numbers): shown as it is."""
    values = set(NOT_WORDS)
    identity = centre_service.get_identity()
    values.update(str(v) for v in vars(identity).values() if isinstance(v, str))
    for child in Child.select():
        values.update(filter(None, (child.first_name_latin, child.last_name_latin,
                                    child.file_number, child.birth_place)))
    for guardian in Guardian.select():
        values.update(filter(None, (guardian.name_latin,)))
    for household in Household.select():
        values.update(filter(None, (household.name, household.address, household.neighbourhood)))
    for activity in Activity.select():
        values.update(filter(None, (activity.name, activity.room)))
    for user in User.select():
        values.update((user.full_name, user.username))
    return sorted((v for v in values if v), key=len, reverse=True)


def french_left(root: QWidget, cells: bool = True) -> list[tuple[str, str]]:
    values = data_values()
    left = []
    for where, text in visible_texts(root, cells):
        rest = text
        for pattern in NOT_SENTENCES:
            rest = pattern.sub(" ", rest)
        for value in values:
            rest = rest.replace(value, " ")
        if LATIN.search(rest):
            left.append((where, text))
    return left


@pytest.fixture
def arabic_window(flow, centre, languages, qtbot):
    opened, admin = centre
    activity_id, children = tutoring_group(admin, 3)
    children.insert(0, register(admin, guardian=mother(), first="Salma", last="Benali"))
    for session in sessions.sessions_between(admin, MONDAY, MONDAY):
        attendance.all_present(admin, session.id)
    languages.apply("ar")
    flow.opened = opened
    window = flow.show_main(admin)
    window.activity_id, window.children = activity_id, children
    return window


PAGES = ["home", "children", "families", "activities", "certificates", "reports", "audit",
         "users", "settings"]


def test_no_french_is_left_in_the_arabic_pages(arabic_window):
    found = {}
    for key in PAGES:
        page = arabic_window.show_page(key)
        QApplication.processEvents()
        # the audit trail's details are being put into words (issue 15, section 7)
        found[key] = french_left(page, cells=key != "audit")
    found["window"] = french_left(arabic_window, cells=False)  # navigation, status bar
    assert {key: texts for key, texts in found.items() if texts} == {}


LATIN_PUNCTUATION = re.compile("[\u0600-\u06ff][\u2068\u2069]?[,;?]"
                               "|[,;?][\u2068\u2069]? [\u2068\u2069]?[\u0600-\u06ff]")


def test_arabic_sentences_and_lists_use_arabic_punctuation(arabic_window):
    found = []
    for key in PAGES:
        page = arabic_window.show_page(key)
        found += [(key, text) for _where, text in visible_texts(page)
                  if LATIN_PUNCTUATION.search(text)]
    child_file = arabic_window.files.open_child(arabic_window.children[0])
    found += [("child file", text) for _where, text in visible_texts(child_file)
              if LATIN_PUNCTUATION.search(text)]
    assert found == []
    assert LATIN_PUNCTUATION.search("الأربعاء, السبت")  # what it would find
    assert LATIN_PUNCTUATION.search("09:00–11:00; الأربعاء 14:00–15:30")


def test_no_french_is_left_in_the_arabic_dialogs(arabic_window, qtbot):
    window = arabic_window
    child_file = window.files.open_child(window.children[0])
    tabs = child_file.findChild(QTabWidget)
    dialogs = {"child file": child_file}
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
    certificates = window.show_page("certificates")
    dialogs["certificate"] = certificates.new_certificate()
    dialogs["verify"] = certificates.verify()
    dialogs["wording"] = certificates.edit_wording()
    dialogs["new user"] = window.show_page("users").new_user()
    session = sessions.sessions_between(window.session.actor, MONDAY, MONDAY)[0]
    activities_page = window.show_page("activities")
    dialogs["activity"] = activities_page.edit(None)
    dialogs["closure"] = activities_page.add_closure()
    dialogs["rules"] = activities_page.rules()
    dialogs["new child"] = window.files.new_child()
    dialogs["family file"] = window.files.open_household(
        Child.get_by_id(window.children[0]).household_id)
    from centre_desk.ui.dialogs.roll_call import NoteDialog, ReasonDialog, RollCallDialog

    dialogs["roll call"] = roll_call = RollCallDialog(window.session.actor, session.id, window)
    dialogs["paper"] = roll_call.enter_paper()
    dialogs["reason"] = ReasonDialog(lambda reason: None, window)
    dialogs["note"] = NoteDialog("", lambda note: None, window)
    dialogs["file number"] = child_file.change_number()
    dialogs["merge"] = child_file.merge()
    dialogs["erase"] = child_file.erase()
    dialogs["change household"] = child_file.change_household()
    family = dialogs["family file"]
    dialogs["guardian"] = family.edit_guardian(None)
    dialogs["member"] = family.edit_member(None)
    from centre_desk.core.vocabulary import CIVIL_STEP, SCHOOL_ENTRY
    from centre_desk.ui.dialogs.activity_dialogs import (
        EnrolDialog,
        OneOffDialog,
        ParticipantsDialog,
    )
    from centre_desk.ui.dialogs.entries import EntryDialog, FollowUpDialog
    from centre_desk.ui.dialogs.user_dialog import PasswordDialog
    from centre_desk.ui.pages.certificates import CancelDialog

    actor = window.session.actor
    for section, kinds in (("school", SCHOOL_ENTRY), ("civil", CIVIL_STEP)):
        dialogs[f"{section} entry"] = EntryDialog(section, kinds, print, window)
    dialogs["follow-up"] = FollowUpDialog(actor, print, [(window.children[0], "Salma")],
                                          parent=window)
    dialogs["enrol"] = EnrolDialog(actor, "tutoring", print, window)
    dialogs["one-off"] = OneOffDialog(print, window)
    dialogs["participants"] = ParticipantsDialog(actor, window.activity_id, window)
    dialogs["password"] = PasswordDialog(i18n.fill(i18n._("New password for {name}"),
                                                   name="admin"), print, True, window)
    dialogs["cancel"] = CancelDialog("TST-ATT-2026-00001", print, window)
    assert {name for name, dialog in dialogs.items() if len(visible_texts(dialog)) < 3} == set()
    found = {name: french_left(dialog) for name, dialog in dialogs.items()}
    assert {name: texts for name, texts in found.items() if texts} == {}


def test_the_walk_finds_french_when_there_is_some(arabic_window):
    """The check above can fail: a French label on an Arabic page is found."""
    page = arabic_window.show_page("home")
    page.layout().addWidget(QLabel("Séances du jour"))
    assert ("QLabel", "Séances du jour") in french_left(page)


@pytest.fixture(params=["fr", "ar"])
def window_in(request, flow, centre, languages):
    opened, admin = centre
    activity_id, children = tutoring_group(admin, 3)
    languages.apply(request.param)
    flow.opened = opened
    window = flow.show_main(admin)
    window.language, window.activity_id, window.children = request.param, activity_id, children
    return window


def _visible(text: str) -> str:
    return text.replace(i18n.FSI, "").replace(i18n.PDI, "").replace("\u200f", "")


def test_the_greeting_isolates_the_name_and_the_date(window_in):
    home = window_in.show_page("home")
    text = home.greeting.text()
    name, today = window_in.session.actor.full_name, i18n.format_date(dt.date.today(), long=True)
    if window_in.language == "ar":
        assert f"{i18n.FSI}{name}{i18n.PDI}" in text and f"{i18n.FSI}{today}{i18n.PDI}" in text
        assert text.startswith("\u200fمرحبا")
    else:
        assert text == f"Bonjour, {name} — {today}, Centre Amane Test"


ROLL_SUBTITLE = {"fr": ["0 présent sur 3", "1 présent sur 3", "2 présents sur 3",
                        "3 présents sur 3"],
                 "ar": ["لا حاضر من أصل 3", "حاضر واحد من أصل 3", "حاضران من أصل 3",
                        "3 حاضرين من أصل 3"]}


def test_the_roll_call_counts_those_present_with_the_plural_forms(window_in):
    from centre_desk.ui.dialogs.roll_call import RollCallDialog

    actor = window_in.session.actor
    session = sessions.sessions_between(actor, MONDAY, MONDAY)[0]
    roll = attendance.open_roll(actor, session.id)
    keys = [line.participant.key for line in roll.lines]
    seen = []
    for present in range(4):
        for index, key in enumerate(keys):
            attendance.set_mark(actor, session.id, key, "P" if index < present else "A")
        dialog = RollCallDialog(actor, session.id, window_in)
        seen.append(_visible(dialog.subtitle.text()).split(" · ")[-1])
        dialog.close()
    assert seen == ROLL_SUBTITLE[window_in.language]


def test_date_fields_and_dates_in_text_read_alike(window_in):
    from centre_desk.ui.widgets.fields import date_edit

    from bidi.algorithm import get_display

    def seen(text: str) -> str:  # as drawn: in visual order, in the layout's direction
        base = "R" if window_in.language == "ar" else "L"
        return _visible(get_display(text, base_dir=base))

    day = dt.date(2011, 9, 6)
    edit = date_edit(day)
    drawn = {"fr": "06/09/2011", "ar": "2011/09/06"}[window_in.language]  # day first, read
    assert seen(edit.text()) == seen(i18n.format_date(day)) == drawn       # from the right
    home = window_in.show_page("home")
    assert home.day.displayFormat() == "dd/MM/yyyy"


def test_a_stay_in_a_household_with_no_end_reads_since(window_in):
    child_id = register(window_in.session.actor, guardian=mother(), first="Salma", last="Benali")
    dialog = window_in.files.open_child(child_id)
    dialog.tabs.setCurrentIndex(dialog.keys.index("family"))
    since = {"fr": "Benali : depuis le ", "ar": "Benali: منذ "}[window_in.language]
    text = _visible(dialog.tab("family").history.text())
    assert text.startswith(since), text
    from centre_desk.core.services.families import stays

    [(_id, _name, start, end)] = stays(window_in.session.actor, child_id)
    assert end is None and text.endswith(_visible(i18n.format_date(start)))


def test_the_activities_list_sorts_by_the_language(window_in):
    from centre_desk.core.services import activities
    from centre_desk.core.services.activities import ActivityData

    for name in ("Théâtre", "Échecs", "atelier"):
        activities.create_activity(window_in.session.actor, ActivityData(
            kind="tutoring", name=name, start_date=dt.date(2026, 9, 1)))
    page = window_in.show_page("activities")
    page.refresh()
    names = [page.model.data(page.model.index(row, 0)) for row in range(page.model.rowCount())]
    assert names == ["atelier", "Échecs", "Soutien scolaire CE4", "Théâtre"]


WEEKS = {"fr": ["1 semaine", "2 semaines", "3 semaines", "11 semaines"],
         "ar": ["1 أسبوع", "2 أسبوع", "3 أسابيع", "11 أسبوعا"]}


def test_a_spin_boxs_unit_agrees_with_its_number(window_in):
    dialog = window_in.show_page("activities").rules()
    seen = []
    for weeks in (1, 2, 3, 11):
        dialog.weeks.setValue(weeks)
        seen.append(dialog.weeks.text())
    assert seen == WEEKS[window_in.language]


def test_no_french_before_logging_in_in_arabic(languages, folder, qtbot):
    from centre_desk.ui.dialogs.login import LoginDialog
    from centre_desk.ui.dialogs.setup_wizard import SetupWizard
    from centre_desk.ui.flow import demo_hint
    from centre_desk.ui.welcome import WelcomeWindow

    languages.apply("ar")
    windows = {"welcome": WelcomeWindow(folder.ensure()),
               "wizard": SetupWizard(lambda identity, admin: None),
               "login": LoginDialog("Centre Amane", None, lambda user, password: None,
                                    demo_hint())}
    texts = {name: [text for _where, text in visible_texts(window)]  # a wizard's pages too
             for name, window in windows.items()}
    left = {}
    for name, found in texts.items():
        rest = [text for text in found if LATIN.search(_without_data(text, [
            "Centre Amane", "admin", "essai-demo-2026", "coordinatrice", "secretaire", "educ1", "educ2",
            "educ3", "social", "nadia", "n.bennani"]))]  # user names are Latin
        if rest:
            left[name] = rest
    for window in windows.values():
        window.close()
    assert left == {}


def _without_data(text: str, values: list[str]) -> str:
    for pattern in NOT_SENTENCES:
        text = pattern.sub(" ", text)
    for value in sorted(values + list(NOT_WORDS), key=len, reverse=True):
        text = text.replace(value, " ")
    return text


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_demo_login_hint_keeps_the_accounts_in_one_piece(languages, language):
    from centre_desk.core.demo import STAFF
    from centre_desk.ui.flow import demo_hint

    languages.apply(language)
    hint = demo_hint()
    others = i18n.join_list(name for name, _role, _sex in STAFF)
    if language == "ar":
        assert f"{i18n.FSI}{others}{i18n.PDI})." in hint and "، " in others
        assert f"{i18n.FSI}admin{i18n.PDI}" in hint
    else:
        assert f"({others})" not in hint and f": {others})." in hint
