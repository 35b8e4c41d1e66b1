"""Errors a user can act on. Each carries a translated message and is shown plainly;
anything else is a bug and goes to the crash handler."""
from __future__ import annotations

from centre_desk.core.i18n import _


class UserError(Exception):
    """An error with a message fit for the user, already translated when raised."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs next to, if any

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Bad input in a form; ``field`` names the field to show the message beside."""


class PermissionDenied(UserError):
    def __init__(self):
        super().__init__(_("Your role does not allow this action. Ask an administrator."))


class NotFound(UserError):
    pass


class DatabaseKeyMissing(UserError):
    pass


class DatabaseKeyWrong(UserError):
    pass


class DatabaseTooNew(UserError):
    pass


class InstanceLocked(UserError):
    pass


class LoginFailed(UserError):
    pass
