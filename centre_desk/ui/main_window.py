"""The main window: a navigation bar for the screens the user's role allows, and a status bar."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from centre_desk import APP_NAME
from centre_desk.core.i18n import _, current_language, fill, ltr
from centre_desk.core.security import Permission
from centre_desk.core.services.centre import shown_name
from centre_desk.ui.file_opener import FileOpener
from centre_desk.ui.help import install_help
from centre_desk.ui.icons import NAVIGATION, icon, with_icon
from centre_desk.ui.pages.activities import ActivitiesPage
from centre_desk.ui.pages.audit import AuditPage
from centre_desk.ui.pages.certificates import CertificatesPage
from centre_desk.ui.pages.children import ChildrenPage
from centre_desk.ui.pages.families import FamiliesPage
from centre_desk.ui.pages.base import Page
from centre_desk.ui.pages.home import HomePage
from centre_desk.ui.pages.hq_export import HqExportPage
from centre_desk.ui.pages.privacy import PrivacyPage
from centre_desk.ui.pages.reports import ReportsPage
from centre_desk.ui.pages.settings import SettingsPage
from centre_desk.ui.pages.users import UsersPage
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label
from centre_desk.ui.widgets.sizing import fit_window


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: Callable[[], str]
    build: Callable[["MainWindow"], Page]
    permission: Permission | None = None


PAGES = [
    PageSpec("home", lambda: _("Home"),
             lambda window: HomePage(window.session, window.files.open_roll)),
    PageSpec("children", lambda: _("Children"),
             lambda window: ChildrenPage(window.session, window.files.open_child,
                                         window.files.new_child
                                         if window.session.actor.can(Permission.EDIT_CHILDREN)
                                         else None),
             Permission.VIEW_CHILD_CARD),
    PageSpec("families", lambda: _("Families"),
             lambda window: FamiliesPage(window.session, window.files.open_household),
             Permission.EDIT_CHILDREN),
    PageSpec("activities", lambda: _("Activities"),
             lambda window: ActivitiesPage(window.session), Permission.MANAGE_ACTIVITIES),
    PageSpec("certificates", lambda: _("Certificates"),
             lambda window: CertificatesPage(window.session), Permission.ISSUE_CERTIFICATES),
    # TAKE_ROLL: an educator prints the emergency list of their groups (reports.available).
    PageSpec("reports", lambda: _("Reports"), lambda window: ReportsPage(window.session),
             Permission.TAKE_ROLL),
    # VIEW_AUDIT: held by coordinators and administrators, who send data to headquarters.
    PageSpec("hq_export", lambda: _("Export to headquarters"),
             lambda window: HqExportPage(window.session), Permission.VIEW_AUDIT),
    PageSpec("users", lambda: _("Users"), lambda window: UsersPage(window.session),
             Permission.MANAGE_USERS),
    PageSpec("audit", lambda: _("Audit trail"), lambda window: AuditPage(window.session),
             Permission.VIEW_AUDIT),
    PageSpec("settings", lambda: _("Settings"),
             lambda window: SettingsPage(window.session, window.language_change_requested.emit,
                                         window.refresh_status)),
    PageSpec("privacy", lambda: _("Personal data"), lambda window: PrivacyPage(window.session),
             Permission.MANAGE_CHILD_FILES),
]


NAV_WIDTH = 200
# What is left for a screen's name in the bar: its width less the list's and the row's padding
# (theme.py: 8 and 14 pixels each side) and the icon with its gap.
NAV_TEXT_ROOM = NAV_WIDTH - 2 * 8 - 2 * 14 - 20 - 8
NAV_ROW = 40


def fit_navigation(nav: QListWidget) -> None:
    """A screen's name too long for one line of the narrow bar ("Export vers le siège",
    "Données personnelles") gets a row of two lines instead of being cut."""
    nav.ensurePolished()  # the bar's style sheet sets the list's font
    nav.setWordWrap(True)
    metrics = nav.fontMetrics()
    for row in range(nav.count()):
        item = nav.item(row)
        lines = metrics.boundingRect(QRect(0, 0, NAV_TEXT_ROOM, 10 * NAV_ROW),
                                     Qt.TextFlag.TextWordWrap, item.text()).height()
        item.setSizeHint(QSize(0, max(NAV_ROW, lines + 8)))


class MainWindow(QMainWindow):
    logout_requested = Signal()
    language_change_requested = Signal(str)

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.setMinimumSize(1000, 640)
        fit_window(self, 1280, 760)  # 1280×688 on a laptop
        self.pages: dict[str, Page] = {}
        self.files = FileOpener(session, self, self._file_changed)
        self.nav = QListWidget()
        self.nav.setObjectName("Navigation")
        self.stack = QStackedWidget()

        for spec in PAGES:
            if spec.permission is None or session.actor.can(spec.permission):
                page = spec.build(self)
                self.pages[spec.key] = page
                self.stack.addWidget(page)
                item = QListWidgetItem(icon(NAVIGATION[spec.key], "#ffffff"), spec.title())
                item.setData(Qt.ItemDataRole.UserRole, spec.key)
                item.setToolTip(spec.title())  # a long name is cut in the narrow bar
                self.nav.addItem(item)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.currentRowChanged.connect(self._show_row)

        bar = QWidget()
        styled(bar, "NavBar")
        bar.setFixedWidth(NAV_WIDTH)  # the pages need the room more on a laptop
        bar_column = QVBoxLayout(bar)
        bar_column.setContentsMargins(0, 0, 0, 12)
        bar_column.addWidget(label(APP_NAME, "NavTitle"))
        self.nav_centre = label("", "NavSubtitle", wrap=True)
        bar_column.addWidget(self.nav_centre)
        bar_column.addWidget(self.nav, 1)
        fit_navigation(self.nav)
        self.logout_button = with_icon(QPushButton(_("Log out")), "logout")
        self.logout_button.clicked.connect(self.logout_requested)
        bar_column.addWidget(self.logout_button)
        bar_column.setAlignment(self.logout_button, Qt.AlignmentFlag.AlignHCenter)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(bar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status_centre = QLabel()
        self.status_user = QLabel()
        self.status_folder = QLabel()
        for widget in (self.status_centre, self.status_user):
            self.statusBar().addWidget(widget)
        self.statusBar().addPermanentWidget(self.status_folder)
        for number in range(1, min(9, self.nav.count()) + 1):  # Ctrl+1… jumps to a screen
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda row=number - 1: self.nav.setCurrentRow(row))
        self.refresh_status()
        self.nav.setCurrentRow(0)
        install_help(self, self.current_page_key)

    def current_page_key(self) -> str | None:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def refresh_status(self) -> None:
        actor = self.session.actor
        demo = _(" (demonstration)") if self.session.is_demo else ""
        name = shown_name()  # the Arabic name in Arabic
        self.setWindowTitle(f"{name}{demo} — {APP_NAME}")
        from centre_desk.core.models import Centre
        from centre_desk.core.services.letterhead import printed

        shown = printed(Centre.get_by_id(1), current_language())  # Arabic names in Arabic
        self.nav_centre.setText(f"{shown['name']}\n{shown['city']}")
        self.status_centre.setText(fill(_("Centre: {name}"), name=name) + demo)
        self.status_user.setText(fill(_("User: {name} ({role})"), name=actor.full_name,
                                                                  role=actor.role.label))
        self.status_folder.setText(fill(_("Data: {folder}"), folder=ltr(self.session.folder.root)))

    def _file_changed(self) -> None:
        """A file changed in a dialog: the page in view shows it at once."""
        page = self.stack.currentWidget()
        if page is not None:
            page.refresh()

    def show_page(self, key: str) -> Page:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                if self.nav.currentRow() == row:
                    self.pages[key].refresh()  # already shown: show it up to date
                else:
                    self.nav.setCurrentRow(row)
                return self.pages[key]
        raise KeyError(key)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[self.nav.item(row).data(Qt.ItemDataRole.UserRole)]
        page.refresh()
        self.stack.setCurrentWidget(page)
