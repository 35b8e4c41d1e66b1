"""The command line: the same core as the windows, no Qt.

Exit codes: 0 success, 2 a user error (one translated line on stderr), 1 an unexpected
failure (with a crash log)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from centre_desk import APP_NAME, __version__
from centre_desk.core import db as database
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, ngettext, set_language
from centre_desk.core.lock import InstanceLock
from centre_desk.core.logs import setup_logging, write_crash_log
from centre_desk.core.paths import DataFolder, resolve_home

VERBS = ("demo", "check", "recovery-key", "restore-key", "certificate", "verify-certificate")
NOT_GENUINE = 3  # verify-certificate's exit code for a certificate that is not valid


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one translated line, exit 2, no usage dump
        raise UserError(_("Invalid command line: {detail}. See --help.").format(detail=message))


def _add_common(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--home", default=default,
                        help=_("data folder to use instead of the default one"))
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default=default,
                        help=_("language of messages"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="centre-desk", description=_("{app}: runs one social centre.").format(
        app=APP_NAME))
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _add_common(parser, default=None)
    common = _Parser(add_help=False)
    _add_common(common, default=argparse.SUPPRESS)  # after the verb too, without resetting
    verbs = parser.add_subparsers(dest="verb", parser_class=_Parser)

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        return verbs.add_parser(name, help=help_text, parents=[common])

    demo = verb("demo", _("build the demonstration centre"))
    demo.add_argument("--seed", type=int, default=2026, help=_("same seed, same demo"))
    demo.add_argument("--replace", action="store_true",
                      help=_("rebuild an existing demo centre in that folder"))
    demo.add_argument("--children", type=_child_count, default=None,
                      help=_("how many children (1 to 100000)"))
    verb("check", _("check the database: integrity, schema, row counts"))
    export = verb("recovery-key", _("write the database key to a file to keep somewhere safe"))
    export.add_argument("out", help=_("file to write"))
    restore = verb("restore-key", _("put back a saved recovery key"))
    restore.add_argument("file", help=_("file written by recovery-key"))
    # Here --lang is the certificate's language (fr, ar or both), not the messages'.
    issue = verbs.add_parser("certificate", help=_("issue certificates into one PDF"))
    issue.add_argument("--home", default=None, help=_("data folder to use instead of the "
                                                      "default one"))
    issue.add_argument("--kind", required=True, choices=["enrolment", "attendance",
                                                         "completion"])
    who = issue.add_mutually_exclusive_group(required=True)
    who.add_argument("--group", help=_("every participant of this activity (its name or "
                                       "number)"))
    who.add_argument("--child", help=_("one child, by file number"))
    issue.add_argument("--activity", help=_("the activity, with --child (default: all)"))
    issue.add_argument("--from", dest="start", type=_date, help=_("first day (YYYY-MM-DD)"))
    issue.add_argument("--to", dest="end", type=_date, help=_("last day (YYYY-MM-DD)"))
    issue.add_argument("--lang", dest="document_language", default="fr",
                       choices=["fr", "ar", "fr+ar"], help=_("language of the certificate"))
    issue.add_argument("--as", dest="username", help=_("user issuing them (default: the "
                                                       "first administrator)"))
    issue.add_argument("--out", required=True, help=_("PDF file to write"))
    check = verb("verify-certificate", _("tell whether a certificate is genuine"))
    check.add_argument("serial", nargs="?", help=_("the certificate's number"))
    check.add_argument("--check", help=_("the check value printed beside the QR code"))
    check.add_argument("--file", help=_("a certificate PDF to verify instead"))
    return parser


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text} is not a date like 2026-09-30").format(
            text=text)) from None


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


def existing_centre(args) -> DataFolder:
    """The centre's folder; a missing one is an error before anything is created there."""
    folder = DataFolder(resolve_home(args.home))
    if not folder.has_centre():
        raise database.no_centre_error(folder)
    return folder


def run_check(args) -> int:
    from centre_desk.core.services.centre import get_identity

    folder = existing_centre(args)
    with InstanceLock(folder.lock):
        opened = database.open_database(folder)
        try:
            problems = database.integrity_check(opened.db)
            identity = get_identity()
            print(_("Centre: {name} ({city})").format(name=identity.name, city=identity.city))
            print(_("Data folder: {folder}").format(folder=folder.root))
            print(_("Schema version: {version}").format(version=opened.schema_version))
            print(_("Key storage: {storage}").format(storage=opened.key.storage))
            for table, count in database.table_counts(opened.db).items():
                print(f"  {table}: {count}")
        finally:
            opened.close()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise UserError(_("The database failed its integrity check: {problem}").format(
            problem=problems[0]))
    print(_("Integrity: ok"))
    return 0


def run_recovery_key(args) -> int:
    from centre_desk.core.recovery import write_recovery_sheet

    folder = existing_centre(args)
    with InstanceLock(folder.lock):
        opened = database.open_database(folder)
        opened.close()
    write_recovery_sheet(folder, opened.key, Path(args.out))
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


def _acting_user(username: str | None):
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


def _activity_id(text: str) -> int:
    from centre_desk.core.models import Activity

    activity = Activity.get_or_none((Activity.name == text) | (
        Activity.id == (int(text) if text.isdigit() else -1)))
    if activity is None:
        raise UserError(_("No activity is called {name}.").format(name=text))
    return activity.id


def run_certificate(args) -> int:
    from centre_desk.core.models import Child
    from centre_desk.core.services import activities, certificates
    from centre_desk.core.services.certificates import CertificateRequest

    folder = existing_centre(args)
    with InstanceLock(folder.lock):
        opened = database.open_database(folder)
        try:
            actor = _acting_user(args.username)
            if args.group:
                activity_id = _activity_id(args.group)
                day = args.end or __import__("datetime").date.today()
                children = [p.child_id for p in activities.participants(activity_id, day)
                            if p.child_id]
            else:
                child = Child.get_or_none(Child.file_number == args.child.strip().upper())
                if child is None:
                    raise UserError(_("No child has the file number {number}.").format(
                        number=args.child))
                children = [child.id]
                activity_id = _activity_id(args.activity) if args.activity else None
            request = CertificateRequest(args.kind, args.document_language, activity_id,
                                         args.start, args.end)
            serials = certificates.issue(actor, children, request, Path(args.out))
        finally:
            opened.close()
    print(ngettext("{n} certificate written to {path}: {first} … {last}",
                   "{n} certificates written to {path}: {first} … {last}", len(serials)).format(
        n=len(serials), path=args.out, first=serials[0], last=serials[-1]))
    return 0


def run_verify_certificate(args) -> int:
    from centre_desk.core.services import certificates

    if not args.serial and not args.file:
        raise UserError(_("Give the certificate's number, or --file with its PDF."))
    folder = existing_centre(args)
    with InstanceLock(folder.lock):
        opened = database.open_database(folder)
        try:
            result = (certificates.verify_pdf(Path(args.file)) if args.file
                      else certificates.verify(args.serial, args.check))
        finally:
            opened.close()
    messages = {
        "genuine": _("GENUINE: {serial} was issued by the centre, is valid and unchanged."),
        "cancelled": _("CANCELLED: {serial} was issued but cancelled ({reason})."),
        "unknown": _("UNKNOWN: no certificate has the number {serial}."),
        "wrong_check": _("NOT GENUINE: the check value does not match {serial}."),
        "altered": _("ALTERED: {serial} differs from the certificate registered."),
    }
    print(messages[result.status].format(serial=result.serial, reason=result.cancel_reason))
    if result.content:
        first = result.content["languages"][0]
        print(result.content["body"][first])
    return 0 if result.genuine else NOT_GENUINE


RUNNERS = {"demo": run_demo, "check": run_check, "recovery-key": run_recovery_key,
           "restore-key": run_restore_key, "certificate": run_certificate,
           "verify-certificate": run_verify_certificate}


def main(argv: list[str]) -> int:
    language = os.environ.get("CENTRE_DESK_LANG", DEFAULT_LANGUAGE)
    for index, word in enumerate(argv[:-1]):  # before parsing, so its errors are translated too
        if word == "--lang":
            language = argv[index + 1]
    set_language(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    logs = None
    try:
        args = build_parser().parse_args(argv)
        folder = demo_home(args.home) if args.verb == "demo" else DataFolder(resolve_home(args.home))
        if args.verb == "demo" or folder.root.exists():  # a mistyped --home creates nothing
            logs = folder.logs
            setup_logging(logs)
        return RUNNERS[args.verb](args)
    except UserError as error:
        print(f"{APP_NAME}: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # "centre-desk check | head": the reader stopped, nothing failed
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        logs = logs or DataFolder(resolve_home()).logs
        path = write_crash_log(logs, *sys.exc_info())
        print(_("{app}: unexpected error; details in {path}").format(app=APP_NAME, path=path),
              file=sys.stderr)
        return 1
