"""Verbs about accounts: unlock-user (an administrator lifts a login lockout, as on the Users
page, for example when the only other administrator is locked out and calls)."""
from __future__ import annotations

from centre_desk.cli.common import Verbs, add_login, login, open_centre
from centre_desk.core.errors import NotFound
from centre_desk.core.i18n import _


def register(verbs: Verbs) -> None:
    unlock = verbs.add("unlock-user", _("lift the lockout of a user after failed logins "
                                        "(administrators)"), run_unlock_user)
    unlock.add_argument("name", help=_("the user name to unlock"))
    add_login(unlock)


def run_unlock_user(args) -> int:
    from centre_desk.core.models import User
    from centre_desk.core.services import users

    with open_centre(args):
        actor = login(args)
        user = User.get_or_none(User.username == users.normalise_username(args.name))
        if user is None:
            raise NotFound(_("No user is called {name}.").format(name=args.name))
        users.unlock_user(actor, user.id)
    print(_("{name} can log in again.").format(name=user.username))
    return 0
