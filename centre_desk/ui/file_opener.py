"""Opening children's and families' files from anywhere in the window: one place decides which
dialog a role gets, keeps the open dialogs alive, and tells the lists when something changed."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QWidget

from centre_desk.core.security import Permission
from centre_desk.ui.dialogs.child_file import ChildCardDialog, ChildFileDialog
from centre_desk.ui.dialogs.household import HouseholdDialog
from centre_desk.ui.dialogs.new_child import NewChildDialog
from centre_desk.ui.dialogs.roll_call import RollCallDialog
from centre_desk.ui.session import Session


class FileOpener:
    def __init__(self, session: Session, parent: QWidget, on_changed: Callable[[], None]):
        self.session, self.parent, self.on_changed = session, parent, on_changed
        self.open_dialogs: list[QDialog] = []

    def _keep(self, dialog: QDialog) -> QDialog:
        self.open_dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.open_dialogs:
            self.open_dialogs.remove(dialog)
        self.on_changed()

    def _already_open(self, attribute: str, value: int) -> QDialog | None:
        """The dialog showing this record, brought to the front: the same file open twice
        would be two truths."""
        for dialog in self.open_dialogs:
            if getattr(dialog, attribute, None) == value:
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        return None

    def open_child(self, child_id: int) -> QDialog:
        if (dialog := self._already_open("child_id", child_id)) is not None:
            return dialog
        if not self.session.actor.can(Permission.EDIT_CHILDREN):
            return self._keep(ChildCardDialog(self.session, child_id, self.parent))
        dialog = ChildFileDialog(self.session, child_id, self.open_household, self.parent)
        dialog.changed.connect(self.on_changed)
        return self._keep(dialog)

    def open_household(self, household_id: int) -> QDialog:
        if (dialog := self._already_open("household_id", household_id)) is not None:
            return dialog
        return self._keep(HouseholdDialog(self.session, household_id, self.open_child,
                                          self.parent))

    def open_roll(self, session_id: int) -> QDialog:
        if (dialog := self._already_open("session_id", session_id)) is not None:
            return dialog
        dialog = RollCallDialog(self.session.actor, session_id, self.parent)
        dialog.changed.connect(self.on_changed)
        return self._keep(dialog)

    def new_child(self) -> NewChildDialog:
        dialog = NewChildDialog(self.session.actor, self.parent)
        dialog.accepted.connect(lambda: self.open_child(dialog.created_id))
        dialog.open_existing.connect(self.open_child)
        return self._keep(dialog)
