"""What every verb of the command line shares: the parser, --home/--lang, opening the centre,
the acting user, argument types. Verbs live in one module per family, each with ``register``."""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import os
import sys
from pathlib import Path
from typing import Iterator

from centre_desk.core import db as database
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import LANGUAGES, _
from centre_desk.core.lock import InstanceLock
from centre_desk.core.paths import DataFolder, resolve_home


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one translated line, exit 2, no usage dump
        raise UserError(_("Invalid command line: {detail}. See --help.").format(detail=message))


def add_home(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--home", default=default,
                        help=_("data folder to use instead of the default one"))


def add_common(parser: argparse.ArgumentParser, default) -> None:
    add_home(parser, default)
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default=default,
                        help=_("language of messages"))


class Verbs:
    """Adds sub-commands; each one's ``run(args) -> exit code`` is stored on its parser."""

    def __init__(self, subparsers, common: argparse.ArgumentParser):
        self.subparsers = subparsers
        self.common = common

    def add(self, name: str, help_text: str, run, *, common: bool = True
            ) -> argparse.ArgumentParser:
        parents = [self.common] if common else []
        parser = self.subparsers.add_parser(name, help=help_text, parents=parents)
        parser.set_defaults(run=run)
        return parser


def date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text} is not a date like 2026-09-30").format(
            text=text)) from None


def existing_centre(args) -> DataFolder:
    """The centre's folder; a missing one is an error before anything is created there."""
    folder = DataFolder(resolve_home(args.home))
    if not folder.has_centre():
        raise database.no_centre_error(folder)
    return folder


@contextlib.contextmanager
def open_centre(args) -> Iterator[database.OpenCentre]:
    """The centre's database, opened under the instance lock and closed afterwards."""
    folder = existing_centre(args)
    with InstanceLock(folder.lock):
        opened = database.open_database(folder)
        try:
            yield opened
        finally:
            opened.close()


PASSWORD_ENV = "CENTRE_DESK_PASSWORD"


def add_login(parser: argparse.ArgumentParser) -> None:
    """The options saying who runs a verb that reads or writes the centre's data."""
    parser.add_argument("--user", dest="username", metavar=_("NAME"),
                        help=_("your user name; the password is asked on the terminal"))
    parser.add_argument("--password-file", metavar=_("FILE"),
                        help=_("read the password from this file (readable by its owner only); "
                               "or set {variable}").format(variable=PASSWORD_ENV))


def login(args):
    """The user a verb acts as, from the options ``add_login`` added: the credentials are
    checked by the core (throttling, audit) and the verb runs with that user's role."""
    username = getattr(args, "username", None)
    if not username:
        raise UserError(_("This command needs your credentials: give --user NAME (the password "
                          "is then asked, or read from --password-file or {variable}).").format(
            variable=PASSWORD_ENV))
    return acting_user(username, _password(args, username))


def _password(args, username: str) -> str:
    if getattr(args, "password_file", None):
        return read_password_file(Path(args.password_file))
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise UserError(_("This command needs your credentials: no terminal to ask the password "
                          "of {name} on; use --password-file or {variable}.").format(
            name=username, variable=PASSWORD_ENV))
    return getpass.getpass(_("Password for {name}: ").format(name=username))


def read_password_file(path: Path) -> str:
    """The first line of a file only its owner can read (mode bits on Linux, the access list
    on Windows: core/owner_only.py)."""
    try:
        refuse_if_others_read(path)
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise UserError(_("Cannot read the password file {path}.").format(path=path)) from None
    return text.splitlines()[0] if text else ""


def refuse_if_others_read(path: Path) -> None:
    """A UserError when a file holding a password may be read by someone but its owner
    (a login's password file, a zip's). OSError when the file cannot be examined."""
    from centre_desk.core import owner_only

    if owner_only.readable_by_others(path):
        if owner_only.WINDOWS:
            raise UserError(_("The password file {path} can be read by other users of this "
                              "computer: keep it in your own user folder (for example "
                              "Documents), not in a shared folder or on a USB stick.").format(
                path=path))
        raise UserError(_("The password file {path} can be read by others: make it "
                          "readable by its owner only (chmod 600).").format(path=path))


def acting_user(username: str | None, password: str | None = None):
    """The user with these credentials, who must have chosen their own password."""
    from centre_desk.core.services.users import authenticate

    if not username or password is None:
        raise UserError(_("This command needs your credentials: give --user NAME."))
    actor = authenticate(username, password)
    if actor.must_change_password:
        raise UserError(_("{name} must first choose a new password: log in once in the "
                          "program's window.").format(name=actor.username))
    return actor


def activity_id(text: str) -> int:
    from centre_desk.core.models import Activity

    activity = Activity.get_or_none((Activity.name == text) | (
        Activity.id == (int(text) if text.isdigit() else -1)))
    if activity is None:
        raise UserError(_("No activity is called {name}.").format(name=text))
    return activity.id
