"""The idle lock: after some minutes without a key or a mouse movement, the main window hides
what it shows (and every open dialog) behind a lock screen that asks the same user's password
or offers to change user. Nothing is closed: the pages and dialogs come back as they were, with
whatever was typed in them.

The time without input is also measured on the wall clock: Qt's timers do not count the time a
laptop spends asleep (lid closed), so on waking the next check or the first input locks."""
from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import LoginFailed, UserError
from centre_desk.core.i18n import _
from centre_desk.core.services import privacy_settings, users
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import card, label
from centre_desk.ui.widgets.form import Form, save_form

INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class LockScreen(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.form = Form()
        self.password = self.form.add("password", _("Password"), QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.unlock_button = QPushButton(_("Unlock"))
        styled(self.unlock_button, "Primary")
        self.change_user_button = QPushButton(_("Change user"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.change_user_button)
        buttons.addWidget(self.unlock_button)
        box = card(label(_("Locked"), "PageTitle"),
                   label(_("The screen locked itself after a while without use. {name}, enter "
                           "your password to go on where you were.").format(
                       name=session.actor.full_name), wrap=True),
                   self.form)
        box.layout().addLayout(buttons)
        box.setMaximumWidth(520)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)


class IdleLock(QObject):
    """Watches the application's input; locks ``window`` after ``minutes`` without any."""

    WAKE_CHECK_MS = 5_000  # how soon after waking up the lock falls without any input

    def __init__(self, window: QMainWindow, session: Session, minutes: int | None = None,
                 clock=time.time):
        super().__init__(window)
        self.window = window
        self.session = session
        self.screen: LockScreen | None = None
        self.content: QWidget | None = None
        self.hidden: list[QWidget] = []
        self.clock = clock  # the wall clock, which runs on while the computer sleeps
        self.last_input = clock()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        minutes = minutes or privacy_settings.idle_lock_minutes()
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        self.wake_check = QTimer(self)
        self.wake_check.setInterval(self.WAKE_CHECK_MS)
        self.wake_check.timeout.connect(self.lock_if_idle_too_long)
        QApplication.instance().installEventFilter(self)  # removed by Qt with this object
        self.timer.start()
        self.wake_check.start()

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def idle_too_long(self) -> bool:
        return self.clock() - self.last_input >= self.timer.interval() / 1000

    def lock_if_idle_too_long(self) -> None:
        if not self.locked and self.idle_too_long():
            self.lock()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in INPUT_EVENTS and not self.locked:
            if self.idle_too_long():  # back from sleep: this input must not unlock
                self.lock()
                return True
            self.last_input = self.clock()
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.locked:
            return
        self.timer.stop()
        self.hidden = [widget for widget in QApplication.topLevelWidgets()
                       if widget.isVisible() and widget is not self.window]
        for widget in self.hidden:
            widget.hide()  # hidden, not closed: what was typed stays
        self.content = self.window.takeCentralWidget()
        self.content.hide()
        self.screen = LockScreen(self.session)
        self.screen.unlock_button.clicked.connect(self.try_unlock)
        self.screen.password.returnPressed.connect(self.try_unlock)
        self.screen.change_user_button.clicked.connect(self.window.logout_requested)
        self.window.setCentralWidget(self.screen)
        self.screen.show()
        self.screen.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_unlock(self) -> None:
        screen = self.screen
        screen.form.clear_errors()
        try:
            actor = users.authenticate(self.session.actor.username, screen.password.text())
        except LoginFailed as error:
            screen.password.clear()
            screen.form.show_error(UserError(error.message, "password"))
            return
        if actor.user_id != self.session.actor.user_id:  # pragma: no cover - same name
            return
        self.unlock()

    def unlock(self) -> None:
        self.window.takeCentralWidget().deleteLater()
        self.screen = None
        self.window.setCentralWidget(self.content)
        self.content.show()
        for widget in self.hidden:
            widget.show()
        self.hidden = []
        self.last_input = self.clock()
        self.timer.start()


def idle_lock_section(session: Session) -> QWidget:
    """Settings: after how many minutes without use the screen locks itself."""
    form = Form()
    minutes = form.add("idle_lock_minutes", _("Lock the screen after"), QSpinBox(),
                       _("minutes without use; the same password opens it again."))
    minutes.setRange(1, 120)
    minutes.setMaximumWidth(140)
    minutes.setSuffix(_(" min"))
    minutes.setValue(privacy_settings.idle_lock_minutes())
    save = QPushButton(_("Save"))
    saved = label("", "Hint")

    def store() -> None:
        save_form(form, saved,
                  lambda: privacy_settings.set_idle_lock_minutes(session.actor, minutes.value()),
                  _("Saved. It applies from the next login."))

    save.clicked.connect(store)
    section = card(label(_("Screen lock"), "SectionTitle"), form)
    row = QHBoxLayout()
    row.addWidget(save)
    row.addWidget(saved, 1)
    section.layout().addLayout(row)
    section.minutes, section.save, section.saved = minutes, save, saved
    return section
