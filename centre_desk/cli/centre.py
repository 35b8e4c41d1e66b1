"""Verbs about the centre itself: demo, check, recovery-key, restore-key."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from centre_desk.cli.common import Verbs, add_login, existing_centre, login, open_centre
from centre_desk.core import db as database
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, ngettext
from centre_desk.core.lock import InstanceLock
from centre_desk.core.paths import DataFolder, resolve_home


def register(verbs: Verbs) -> None:
    demo = verbs.add("demo", _("build the demonstration centre"), run_demo)
    demo.add_argument("--seed", type=int, default=2026, help=_("same seed, same demo"))
    demo.add_argument("--replace", action="store_true",
                      help=_("rebuild an existing demo centre in that folder"))
    demo.add_argument("--children", type=_child_count, default=None,
                      help=_("how many children (1 to 100000)"))
    verbs.add("check", _("check the database: integrity, schema, row counts"), run_check)
    export = verbs.add("recovery-key", _("write the database key to a file to keep somewhere "
                                         "safe"), run_recovery_key)
    export.add_argument("out", help=_("the recovery sheet to write: a PDF, or a text file "
                                      "when its name ends in .txt"))
    add_login(export)
    restore = verbs.add("restore-key", _("put back a saved recovery key"), run_restore_key)
    restore.add_argument("file", help=_("file written by recovery-key"))


def _child_count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise argparse.ArgumentTypeError(_("give a number of children from 1 to 100000"))
    return int(text)


def demo_home(explicit: str | None) -> DataFolder:
    """Without --home, the demo goes to the demo folder beside the real centre's data."""
    if explicit:
        return DataFolder(resolve_home(explicit))
    return DataFolder(resolve_home()).demo


def run_demo(args) -> int:
    from centre_desk.core.demo import DEMO_ADMIN, DEMO_CHILDREN, DEMO_PASSWORD, build_demo

    folder = demo_home(args.home).ensure()
    with InstanceLock(folder.lock):
        summary = build_demo(folder, seed=args.seed, replace=args.replace,
                             children=args.children or DEMO_CHILDREN)
    print(_("Demo centre ready in {folder}: {users}, {children}; log in as {user} / "
            "{password}.").format(
        folder=folder.root, user=DEMO_ADMIN, password=DEMO_PASSWORD,
        users=ngettext("{n} user", "{n} users", summary.users).format(n=summary.users),
        children=ngettext("{n} child", "{n} children", summary.children).format(
            n=summary.children)))
    return 0


def run_check(args) -> int:
    from centre_desk.core.services.centre import get_identity

    with open_centre(args) as opened:
        problems = database.integrity_check(opened.db)
        identity = get_identity()
        print(_("Centre: {name} ({city})").format(name=identity.name, city=identity.city))
        print(_("Data folder: {folder}").format(folder=opened.folder.root))
        print(_("Schema version: {version}").format(version=opened.schema_version))
        print(_("Key storage: {storage}").format(storage=opened.key.storage))
        for table, count in database.table_counts(opened.db).items():
            print(f"  {table}: {count}")
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise UserError(_("The database failed its integrity check: {problem}").format(
            problem=problems[0]))
    print(_("Integrity: ok"))
    return 0


def run_recovery_key(args) -> int:
    """The window's recovery sheet: a PDF (a text file when OUT ends in .txt), the same role
    and the same audit as in Settings; the home screen stops reminding."""
    from centre_desk.core.recovery import export_recovery_key

    with open_centre(args) as opened:
        actor = login(args)
        export_recovery_key(actor, opened, Path(args.out))
    print(_("Recovery key written to {path}. Keep it away from this computer.").format(
        path=args.out))
    return 0


def run_restore_key(args) -> int:
    from centre_desk.core.recovery import restore_from_sheet

    folder = existing_centre(args)
    with InstanceLock(folder.lock):
        restore_from_sheet(folder, Path(args.file))
    print(_("The key opens the database again."))
    return 0
