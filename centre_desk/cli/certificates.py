"""Verbs about certificates: certificate, verify-certificate."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from centre_desk.cli.common import Verbs, activity_id, add_home, add_login, date_argument, \
    login, open_centre
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, ngettext

NOT_GENUINE = 3  # verify-certificate's exit code for a certificate that is not valid


def register(verbs: Verbs) -> None:
    # Here --lang is the certificate's language (fr, ar or both), not the messages'.
    issue = verbs.add("certificate", _("issue certificates into one PDF"), run_certificate,
                      common=False)
    add_home(issue, default=None)
    issue.add_argument("--kind", required=True, choices=["enrolment", "attendance",
                                                         "completion"])
    who = issue.add_mutually_exclusive_group(required=True)
    who.add_argument("--group", help=_("every participant of this activity (its name or "
                                       "number)"))
    who.add_argument("--child", help=_("one child, by file number"))
    issue.add_argument("--activity", help=_("the activity, with --child (default: all)"))
    issue.add_argument("--from", dest="start", type=date_argument,
                       help=_("first day (YYYY-MM-DD)"))
    issue.add_argument("--to", dest="end", type=date_argument, help=_("last day (YYYY-MM-DD)"))
    issue.add_argument("--lang", dest="document_language", default="fr",
                       choices=["fr", "ar", "fr+ar"], help=_("language of the certificate"))
    add_login(issue)
    issue.add_argument("--out", required=True, help=_("PDF file to write"))
    check = verbs.add("verify-certificate", _("tell whether a certificate is genuine"),
                      run_verify_certificate)
    check.add_argument("serial", nargs="?", help=_("the certificate's number, or the text of "
                                                   "its QR code (CD1:NUMBER:CHECK)"))
    check.add_argument("--check", help=_("the check value printed beside the QR code"))
    check.add_argument("--file", help=_("a certificate PDF to verify instead"))


def _children_and_activity(args) -> tuple[list[int], int | None]:
    from centre_desk.core.models import Child
    from centre_desk.core.services import activities

    if args.group:
        group = activity_id(args.group)
        day = args.end or dt.date.today()
        return [p.child_id for p in activities.participants(group, day) if p.child_id], group
    child = Child.get_or_none(Child.file_number == args.child.strip().upper())
    if child is None:
        raise UserError(_("No child has the file number {number}.").format(number=args.child))
    return [child.id], activity_id(args.activity) if args.activity else None


def run_certificate(args) -> int:
    from centre_desk.core.services import certificates
    from centre_desk.core.services.certificates import CertificateRequest

    with open_centre(args):
        actor = login(args)
        children, activity = _children_and_activity(args)
        request = CertificateRequest(args.kind, args.document_language, activity,
                                     args.start, args.end)
        serials = certificates.issue(actor, children, request, Path(args.out))
    if len(serials) == 1:
        print(_("Certificate {serial} written to {path}.").format(serial=serials[0],
                                                                   path=args.out))
        return 0
    print(ngettext("{n} certificate written to {path}: {first} … {last}",
                   "{n} certificates written to {path}: {first} … {last}", len(serials)).format(
        n=len(serials), path=args.out, first=serials[0], last=serials[-1]))
    return 0


MESSAGES = {
    "genuine": lambda: _("GENUINE: {serial} was issued by the centre, is valid and unchanged."),
    "registered": lambda: _("REGISTERED: {serial} is in the register; give the check value "
                            "printed under the QR code to authenticate it."),
    "cancelled": lambda: _("CANCELLED: {serial} was issued but cancelled ({reason})."),
    "unknown": lambda: _("UNKNOWN: no certificate has the number {serial}."),
    "wrong_check": lambda: _("NOT GENUINE: the check value does not match {serial}."),
    "altered": lambda: _("ALTERED: {serial} differs from the certificate registered."),
    "foreign": lambda: _("NOT A CERTIFICATE: no certificate of Centre Desk on this page."),
}


def run_verify_certificate(args) -> int:
    """One line per certificate (per page of a PDF); exit 0 only if all are genuine."""
    from centre_desk.core.services import verification

    if not args.serial and not args.file:
        raise UserError(_("Give the certificate's number, or --file with its PDF."))
    with open_centre(args):
        results = (verification.verify_pdf(Path(args.file)) if args.file
                   else [verification.verify(args.serial, args.check)])
    for result in results:
        line = MESSAGES[result.status]().format(serial=result.serial,
                                                reason=result.cancel_reason)
        if args.file:
            line = _("Page {page}: {result}").format(page=result.page, result=line)
        print(line)
        if result.content and not args.file:
            first = result.content["languages"][0]
            print(result.content["body"][first])
    return 0 if all(result.genuine for result in results) else NOT_GENUINE
