"""What every verb of the command line shares: the parser, --home/--lang, opening the centre,
the acting user, argument types. Verbs live in one module per family, each with ``register``."""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
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


def add_login(parser: argparse.ArgumentParser) -> None:
    """The options saying who runs a verb that reads or writes the centre's data."""
    parser.add_argument("--as", dest="username", help=_("user acting (default: the first "
                                                        "administrator)"))


def login(args):
    """The user a verb acts as, from the options ``add_login`` added."""
    return acting_user(args.username)


def acting_user(username: str | None):
    """The user a verb acts as (default: the first active administrator)."""
    from centre_desk.core.models import User
    from centre_desk.core.security import Role
    from centre_desk.core.services.users import actor_for

    query = User.select().where(User.active)
    query = query.where(User.username == username) if username else query.where(
        User.role == Role.ADMIN.value).order_by(User.id)
    user = query.first()
    if user is None:
        raise UserError(_("No active user named {name}.").format(name=username))
    return actor_for(user)


def activity_id(text: str) -> int:
    from centre_desk.core.models import Activity

    activity = Activity.get_or_none((Activity.name == text) | (
        Activity.id == (int(text) if text.isdigit() else -1)))
    if activity is None:
        raise UserError(_("No activity is called {name}.").format(name=text))
    return activity.id
