"""argparse's own words in the user's language.

argparse takes its messages from the gettext module's global catalogue, which the program does
not use: inside a French or Arabic line, "Ligne de commande invalide : the following arguments
are required: --out" stayed half English. The messages a user of these verbs can meet are listed
here, so that the catalogs hold them, and argparse is given the program's own gettext."""
from __future__ import annotations

import argparse

from centre_desk.core.i18n import N_, _, ngettext

WORDS = (
    N_("usage: "),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("show this help message and exit"),
    N_("positional arguments"),
    N_("options"),
)


def install() -> None:
    """argparse's messages through the program's catalogs, in the language set at that time."""
    argparse._ = _
    argparse.ngettext = ngettext
