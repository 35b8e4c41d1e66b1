"""Slowing down password guessing, in the database so that restarting the program (or running
the command line again) changes nothing: after a few failed logins for one user name, every
attempt waits a time that grows with each lockout. Unknown user names are throttled the same
way, so the lockout tells nothing about which names exist."""
from __future__ import annotations

import datetime as dt

from centre_desk.core.errors import LoginFailed
from centre_desk.core.i18n import _, ngettext
from centre_desk.core.models import LoginThrottle, utcnow

FAILURES_BEFORE_LOCK = 5
# The wait after the 1st, 2nd, 3rd… lockout; the last one repeats.
WAITS = (dt.timedelta(seconds=30), dt.timedelta(minutes=2), dt.timedelta(minutes=10),
         dt.timedelta(hours=1))
# A name left alone this long starts again from the first wait, and its row goes: the table
# does not keep every name ever tried.
QUIET = dt.timedelta(days=30)


class LoginLocked(LoginFailed):
    """Too many failures: no password is checked until ``until``."""

    def __init__(self, wait: dt.timedelta):
        super().__init__(_("Too many failed attempts. Try again in {wait}.").format(
            wait=format_wait(wait)))
        self.wait = wait


def format_wait(wait: dt.timedelta) -> str:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    if seconds < 90:
        return ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
    minutes = (seconds + 59) // 60
    if minutes < 90:
        return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    hours = (minutes + 59) // 60
    return ngettext("{n} hour", "{n} hours", hours).format(n=hours)


def remaining_wait(username: str, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long this name must still wait before a password is checked, or None."""
    row = LoginThrottle.get_or_none(LoginThrottle.username == username)
    now = now or utcnow()
    if row is None or row.locked_until is None or row.locked_until <= now:
        return None
    return row.locked_until - now


def check_not_locked(username: str) -> None:
    wait = remaining_wait(username)
    if wait is not None:
        raise LoginLocked(wait)


def note_failure(username: str) -> dt.timedelta | None:
    """Count a failure (inside the caller's transaction); the wait if it starts a lockout."""
    now = utcnow()
    forget_quiet_names(now)
    row = LoginThrottle.get_or_none(LoginThrottle.username == username)
    if row is None:
        row = LoginThrottle.create(username=username, failures=0, lockouts=0)
    failures = row.failures + 1
    if failures < FAILURES_BEFORE_LOCK:
        LoginThrottle.update(failures=failures, last_failure_at=now).where(
            LoginThrottle.username == username).execute()
        return None
    wait = WAITS[min(row.lockouts, len(WAITS) - 1)]
    LoginThrottle.update(failures=0, lockouts=row.lockouts + 1, locked_until=now + wait,
                         last_failure_at=now).where(
        LoginThrottle.username == username).execute()
    return wait


def forget_quiet_names(now: dt.datetime) -> None:
    """Names (known or not alike) without a failure for QUIET and not locked now."""
    LoginThrottle.delete().where(
        (LoginThrottle.last_failure_at < now - QUIET)
        & (LoginThrottle.locked_until.is_null() | (LoginThrottle.locked_until <= now))).execute()


def clear(username: str) -> None:
    """A successful login, or an administrator's unlock: the count starts again."""
    LoginThrottle.delete().where(LoginThrottle.username == username).execute()


def locked_names(now: dt.datetime | None = None) -> set[str]:
    now = now or utcnow()
    return {name for (name,) in LoginThrottle.select(LoginThrottle.username).where(
        LoginThrottle.locked_until > now).tuples()}
