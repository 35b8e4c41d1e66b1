"""The user guide from the program: F1 opens the chapter of the screen in view, the Help menu
the whole guide or a chapter. The PDFs ship in resources/guide (installer/guide.py builds them);
from a source checkout where they were not built yet, they are built on first use."""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from centre_desk import APP_NAME
from centre_desk.core.documents import guide
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, current_language
from centre_desk.core.opening import open_document
from centre_desk.core.paths import app_dir, resources_dir

log = logging.getLogger(__name__)

# The chapter F1 opens on each screen; other screens open the whole guide.
CHAPTER_OF_PAGE = {"home": "roll-call", "children": "registering", "families": "registering",
                   "activities": "roll-call", "certificates": "certificates",
                   "reports": "export", "settings": "backups", "users": "first-start"}


def guide_language() -> str:
    return current_language() if current_language() in guide.GUIDE_LANGUAGES else "fr"


def guide_file(chapter: str | None = None, language: str | None = None) -> Path:
    name = guide.file_name(language or guide_language(), chapter)
    shipped = resources_dir() / "guide" / name
    if shipped.exists():
        return shipped
    sources = app_dir() / "docs" / "guide"
    if not sources.is_dir():
        raise UserError(_("The user guide is missing from this installation: {name}. "
                          "Install Centre Desk again.").format(name=name))
    built = Path(tempfile.gettempdir()) / "centre-desk-guide"
    newest_source = max(path.stat().st_mtime for path in sources.glob("*.md"))
    if not (built / name).exists() or (built / name).stat().st_mtime < newest_source:
        log.info("building the user guide from its sources")
        screens = app_dir() / "build" / "screens"  # installer/screens.py's pictures
        guide.build_all(sources, built, screens if screens.is_dir() else None)
    return built / name


def open_guide(parent, chapter: str | None = None) -> None:
    try:
        open_document(guide_file(chapter))
    except UserError as error:
        QMessageBox.warning(parent, APP_NAME, error.message)


def install_help(window: QMainWindow, current_page: Callable[[], str | None]) -> None:
    """A Help menu and F1 on ``window``; ``current_page`` gives the key of the screen in view."""
    menu = window.menuBar().addMenu(_("&Help"))
    chapter_action = QAction(_("Help on this screen"), window)
    chapter_action.setShortcut(QKeySequence("F1"))
    chapter_action.triggered.connect(
        lambda: open_guide(window, CHAPTER_OF_PAGE.get(current_page() or "")))
    menu.addAction(chapter_action)
    whole = QAction(_("User guide"), window)
    whole.triggered.connect(lambda: open_guide(window))
    menu.addAction(whole)
    window.help_menu = menu
