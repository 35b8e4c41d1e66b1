"""Every page and dialog of the program, opened on a centre (the demo): the screens command
writes them as pictures and a test checks that each fits a 1366×768 laptop screen."""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from centre_desk.core.models import Child, Enrolment
from centre_desk.core.services import activities, certificates, sessions
from centre_desk.core.vocabulary import ADULT_KINDS
from centre_desk.ui.widgets.sizing import CLIENT

if TYPE_CHECKING:
    from centre_desk.ui.main_window import MainWindow

PAGES = ["home", "children", "families", "activities", "certificates", "reports", "hq_export",
         "users", "audit", "settings", "privacy"]
CHILD_TABS = ["identity", "family", "school", "civil", "health", "attendance", "timeline",
              "consents"]


@dataclass(frozen=True)
class Screen:
    name: str  # also the picture's file name
    open: Callable[["MainWindow"], QWidget]


def _child_with_family() -> int:
    """An active child of the demo with a household and an enrolment (its file shows most)."""
    row = (Child.select(Child.id).join(Enrolment, on=(Enrolment.child == Child.id))
           .where(Child.household.is_null(False) & (Child.status == "active")
                  & Child.archived_at.is_null())
           .order_by(Child.id).first())
    return row.id


def _session_with_children(window: "MainWindow") -> int:
    """A session of the last days with the most participants (a full roll call)."""
    actor = window.session.actor
    today = dt.date.today()
    for back in range(14):
        day = today - dt.timedelta(days=back)
        rows = [row for row in sessions.sessions_on(actor, day) if row.kind not in ADULT_KINDS]
        if rows:
            return max(rows, key=lambda row: len(activities.participants(row.activity_id,
                                                                         day))).id
    raise LookupError("no session in the last two weeks")


def _page(key: str) -> Callable[["MainWindow"], QWidget]:
    def show(window: "MainWindow") -> QWidget:
        page = window.show_page(key)
        if getattr(page, "table", None) is not None and page.table.model().rowCount():
            from centre_desk.ui.models.table import select_row

            select_row(page.table, 0)
        return window
    return show


def _child_tab(key: str) -> Callable[["MainWindow"], QWidget]:
    def show(window: "MainWindow") -> QWidget:
        dialog = window.files.open_child(_child_with_family())
        dialog.tabs.setCurrentIndex(dialog.keys.index(key))
        return dialog
    return show


def _from_child_file(action: str, search: str = "") -> Callable[["MainWindow"], QWidget]:
    def show(window: "MainWindow") -> QWidget:
        file = window.files.open_child(_child_with_family())
        return _searched(getattr(file, action)(), search)
    return show


def _searched(dialog: QWidget, text: str) -> QWidget:
    """A picker with something typed in its search field, so its list shows names."""
    if text:
        dialog.search.setText(text)
    return dialog


def _from_page(key: str, action: str, select: bool = False) -> Callable[["MainWindow"], QWidget]:
    def show(window: "MainWindow") -> QWidget:
        page = window.show_page(key)
        if select:
            from centre_desk.ui.models.table import select_row

            table = getattr(page, "task_table", None) if key == "home" else page.table
            select_row(table, 0)
        if action == "edit":
            return page.edit(page.selected())
        return getattr(page, action)()
    return show


def _household(window: "MainWindow") -> QWidget:
    return window.files.open_household(Child.get_by_id(_child_with_family()).household_id)


def _household_action(action: str) -> Callable[["MainWindow"], QWidget]:
    def show(window: "MainWindow") -> QWidget:
        dialog = _household(window)
        return getattr(dialog, action)(dialog.guardians.rows[0] if action == "edit_guardian"
                                       else None)
    return show


def _roll(window: "MainWindow") -> QWidget:
    return window.files.open_roll(_session_with_children(window))


def _roll_action(action: str) -> Callable[["MainWindow"], QWidget]:
    def show(window: "MainWindow") -> QWidget:
        return getattr(_roll(window), action)()
    return show


def _duplicates(window: "MainWindow") -> QWidget:
    """The warning a secretary sees when registering a child the centre already knows."""
    child = Child.get_by_id(_child_with_family())
    dialog = window.files.new_child()
    form = dialog.identity
    form.last_name_latin.setText(child.last_name_latin)
    form.first_name_latin.setText(child.first_name_latin)
    form.sex.setCurrentIndex(form.sex.findData(child.sex))
    form.birth.precision.setCurrentIndex(form.birth.precision.findData("year"))
    form.birth.year.setValue(child.birth_year or 2015)
    dialog.family.later.setChecked(True)
    dialog.ok_button.click()
    if dialog.duplicates is None:
        errors = [label.text() for label in dialog.findChildren(QLabel) if label.text()
                  and label.objectName() in ("FieldError", "FormError") and label.isVisible()]
        raise LookupError(f"no duplicate warning: {errors}")
    return dialog.duplicates


def _participants(window: "MainWindow") -> QWidget:
    return _from_page("activities", "participants", select=True)(window)


def _enrol(window: "MainWindow") -> QWidget:
    return _searched(_participants(window).add(), "Ait")


def _new_activity(window: "MainWindow") -> QWidget:
    return window.show_page("activities").edit(None)


def _issue_with_child(window: "MainWindow") -> QWidget:
    page = window.show_page("certificates")
    return page.new_certificate(_child_with_family())


def _issue_for_a_group(window: "MainWindow") -> QWidget:
    """Attendance certificates in French and Arabic for every participant of a group."""
    dialog = window.show_page("certificates").new_certificate()
    dialog.kind.setCurrentIndex(dialog.kind.findData("attendance"))
    dialog.language.setCurrentIndex(dialog.language.findData("fr+ar"))
    busiest = max((row for row in activities.list_activities(window.session.actor)
                   if row.kind not in ADULT_KINDS), key=lambda row: row.enrolled)
    dialog.activity.setCurrentIndex(dialog.activity.findData(busiest.id))
    dialog.group.setChecked(True)
    return dialog


def _as_educator(show: Callable[["MainWindow"], QWidget]) -> Callable[["MainWindow"], QWidget]:
    """The same screen as an educator of the demo sees it (fewer columns, a child's card)."""
    def open_as_educator(window: "MainWindow") -> QWidget:
        from centre_desk.core.demo import DEMO_PASSWORD
        from centre_desk.core.services import users

        educator = build_window(window.session.opened, users.authenticate("educ1",
                                                                           DEMO_PASSWORD))
        return show(educator)
    return open_as_educator


def _child_card(window: "MainWindow") -> QWidget:
    """The card of a child of a group with a session in the last days."""
    session_id = _session_with_children(window)
    from centre_desk.core.models import Session as SessionModel

    activity_id = SessionModel.get_by_id(session_id).activity_id
    on_date = SessionModel.get_by_id(session_id).on_date
    child_id = next(p.child_id for p in activities.participants(activity_id, on_date)
                    if p.child_id)
    return window.files.open_child(child_id)


def _login(window: "MainWindow") -> QWidget:
    from centre_desk.core.services.centre import get_identity, shown_name
    from centre_desk.ui.dialogs.login import LoginDialog

    identity = get_identity()
    return LoginDialog(shown_name(), identity.logo_png, lambda *_args: None,
                       "", window)


def _wizard(window: "MainWindow") -> QWidget:
    from centre_desk.ui.dialogs.setup_wizard import SetupWizard

    return SetupWizard(lambda *_args: None, parent=window)


def _welcome(window: "MainWindow") -> QWidget:
    from centre_desk.ui.welcome import WelcomeWindow

    return WelcomeWindow(window.session.folder)


SCREENS: list[Screen] = (
    [Screen(f"page-{key}", _page(key)) for key in PAGES]
    + [Screen(f"child-file-{key}", _child_tab(key)) for key in CHILD_TABS]
    + [Screen("child-certificate", _from_child_file("certificate")),
       Screen("child-merge", _from_child_file("merge", "Ait")),
       Screen("child-erase", _from_child_file("erase")),
       Screen("child-number", _from_child_file("change_number")),
       Screen("child-household-choice", _from_child_file("change_household", "Ait")),
       Screen("new-child", lambda window: window.files.new_child()),
       Screen("duplicates", _duplicates),
       Screen("household", _household),
       Screen("household-guardian", _household_action("edit_guardian")),
       Screen("household-member", _household_action("edit_member")),
       Screen("roll-call", _roll),
       Screen("roll-call-paper", _roll_action("enter_paper")),
       Screen("roll-call-note", _roll_action("edit_note")),
       Screen("activity-new", _new_activity),
       Screen("activity-edit", _from_page("activities", "edit", select=True)),
       Screen("activity-participants", _participants),
       Screen("activity-enrol", _enrol),
       Screen("activity-one-off", _from_page("activities", "one_off", select=True)),
       Screen("activity-rules", _from_page("activities", "rules")),
       Screen("activity-closure", _from_page("activities", "add_closure")),
       Screen("certificate-new", _issue_with_child),
       Screen("certificate-group", _issue_for_a_group),
       Screen("certificate-cancel", _from_page("certificates", "cancel_selected", select=True)),
       Screen("certificate-verify", _from_page("certificates", "verify")),
       Screen("certificate-wording", _from_page("certificates", "edit_wording")),
       Screen("home-task", _from_page("home", "close_selected_task", select=True)),
       Screen("user-new", _from_page("users", "new_user")),
       Screen("user-edit", _from_page("users", "edit_selected", select=True)),
       Screen("user-password", _from_page("users", "reset_selected", select=True)),
       Screen("settings-password", _from_page("settings", "change_password")),
       Screen("import-register", _from_page("children", "open_import")),
       Screen("report-projects", _from_page("reports", "edit_projects")),
       Screen("hq-export-key", _from_page("hq_export", "edit_key")),
       Screen("educator-home", _as_educator(_page("home"))),
       Screen("educator-children", _as_educator(_page("children"))),
       Screen("educator-child-card", _as_educator(_child_card)),
       Screen("login", _login),
       Screen("setup-wizard", _wizard),
       Screen("welcome", _welcome)])


def issue_demo_certificates(window: "MainWindow", count: int = 6) -> None:
    """The demo has no certificate yet: issue a few, as a centre would, so the register shows
    its serials."""
    actor = window.session.actor
    today = dt.date.today()
    start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    rows = [row for row in activities.list_activities(actor) if row.enrolled]
    with tempfile.TemporaryDirectory() as folder:
        for number, row in enumerate(rows[:count]):
            ids = [p.child_id for p in activities.participants(row.id, today) if p.child_id][:2]
            if not ids:
                continue
            kind = ("attendance", "enrolment", "completion")[number % 3]
            dated = kind != "enrolment"
            request = certificates.CertificateRequest(
                kind, ("fr", "ar", "fr+ar")[number % 3], row.id,
                start if dated else None, today if dated else None)
            certificates.issue(actor, ids, request, Path(folder) / f"{number}.pdf")


def close_dialogs(window: "MainWindow") -> None:
    """Close every window but the main one, now."""
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isWindow() and widget.isVisible():
            widget.close()
            widget.deleteLater()
    for dialog in list(window.files.open_dialogs):
        dialog.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def build_window(opened, actor) -> "MainWindow":
    from centre_desk.ui.main_window import MainWindow
    from centre_desk.ui.session import Session

    window = MainWindow(Session(opened, actor))
    window.resize(CLIENT)
    window.show()
    return window


def open_screen(window: "MainWindow", screen: Screen) -> QWidget:
    """Open one screen as a user would; the main window is as large as a laptop allows."""
    widget = screen.open(window)
    if widget is None:
        raise LookupError(f"the demo has nothing to open {screen.name} on")
    widget.show()
    QApplication.processEvents()
    return widget


def write_pictures(opened, actor, out_dir: Path, language: str,
                   only: list[str] | None = None) -> dict[str, Path]:
    """Open every screen in the current language and save it as OUT_DIR/<name>-<language>.png."""
    from centre_desk.core.models import Certificate

    window = build_window(opened, actor)
    if not Certificate.select().exists():
        issue_demo_certificates(window)
    written = {}
    try:
        for screen in SCREENS:
            if only and screen.name not in only:
                continue
            widget = open_screen(window, screen)
            path = out_dir / f"{screen.name}-{language}.png"
            widget.grab().save(str(path))
            written[screen.name] = path
            close_dialogs(window)
    finally:
        close_dialogs(window)
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return written
