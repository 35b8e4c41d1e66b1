"""Verbs about headquarters: export (a centre's package), association-key (make or enter the
association's key), hq-merge (HQ's consolidation, without any centre)."""
from __future__ import annotations

import sys
from pathlib import Path

from centre_desk.cli.common import (Verbs, add_login, existing_centre, login, open_centre,
                                     refuse_if_others_read)
from centre_desk.core import storage
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _


def register(verbs: Verbs) -> None:
    export = verbs.add("export", _("write the package sent to headquarters"), run_export)
    export.add_argument("--period", help=_("2026-10, 2026-Q4, 2025-2026, 2026 or "
                                           "2026-01-01..2026-03-31"))
    export.add_argument("--level", choices=["aggregate", "pseudonymised"], default="aggregate",
                        help=_("aggregate (counts only, the default) or pseudonymised"))
    export.add_argument("--marks", action="store_true",
                        help=_("every attendance mark too (pseudonymised)"))
    export.add_argument("--suppress-small", action="store_true", dest="suppress",
                        help=_("write counts from 1 to 4 as <5"))
    export.add_argument("--since-last", action="store_true",
                        help=_("from the end of the last exported period"))
    export.add_argument("--resend", type=int, metavar="N",
                        help=_("write export number N again"))
    # --password-file is the user's (add_login); the zip's has its own name.
    export.add_argument("--zip-password-file", help=_("file holding the zip's password"))
    add_login(export)
    export.add_argument("--out", required=True, help=_("the .zip to write, or a folder"))

    key = verbs.add("association-key", _("make the association key (headquarters) or enter "
                                         "it in this centre"), run_association_key)
    key.add_argument("--out", help=_("write a new key to this file (headquarters)"))
    key.add_argument("--enter", metavar="FILE",
                     help=_("keep the key read from FILE (- to type it) in this centre"))
    add_login(key)

    merge = verbs.add("hq-merge", _("consolidate the packages of every centre "
                                    "(headquarters)"), run_hq_merge)
    merge.add_argument("packages", nargs="+", help=_("the centres' .zip packages"))
    merge.add_argument("--key-file", help=_("the association key, to check the packages' "
                                            "origin"))
    merge.add_argument("--zip-password-file", help=_("file holding the zips' password"))
    merge.add_argument("--strict", action="store_true",
                       help=_("refuse everything when one package fails"))
    merge.add_argument("--out", required=True, help=_("folder to write the consolidation in"))


def _password(path: str | None) -> str | None:
    if not path:
        return None
    try:
        refuse_if_others_read(Path(path))  # the zip's password deserves the login's care
        text = Path(path).read_text(encoding="utf-8-sig").strip("\r\n")
    except OSError as exc:
        raise storage.read_fault(exc, path) from None
    if not text:
        raise UserError(_("The password file {path} is empty.").format(path=path))
    return text


def run_export(args) -> int:
    from centre_desk.core import export, reports

    password = _password(args.zip_password_file)
    folder = existing_centre(args)
    with open_centre(args):
        actor = login(args)
        from centre_desk.core.services.privacy_settings import transfer_warning

        warning = transfer_warning()  # law 09-08: the screen says it, so does the command line
        if warning:
            print(warning, file=sys.stderr)
        if args.resend:
            path = export.resend(actor, folder, args.resend, Path(args.out), password)
            print(_("Export {n} written again to {path}").format(n=args.resend, path=path))
            return 0
        if args.since_last:
            until = reports.parse_period(args.period).end if args.period else None
            period = export.since_last(actor, args.level, until)
        elif args.period:
            period = reports.parse_period(args.period)
        else:
            raise UserError(_("Give the period (--period) or --since-last."))
        request = export.ExportRequest(period, args.level, args.marks, args.suppress)
        sent = export.export(actor, folder, request, Path(args.out), password)
    out = Path(args.out)
    print(_("Export {n} ({level}, {start} to {end}) written to {path}").format(
        n=sent.sequence, level=sent.level, start=period.start, end=period.end,
        path=out / sent.file_name if out.is_dir() else out))
    from centre_desk.core.export.package import what_leaves

    print(what_leaves(request, sent.left_out))
    return 0


def run_association_key(args) -> int:
    from centre_desk.core.export import keys

    if args.out:
        key = keys.new_key()
        keys.write_key_file(Path(args.out), key)
        print(_("New association key written to {path}; fingerprint {fingerprint}. Send it to "
                "each centre; keep it secret.").format(path=args.out,
                                                       fingerprint=keys.fingerprint(key)))
        return 0
    if not args.enter:
        raise UserError(_("Give --out FILE to make a key, or --enter FILE to keep one."))
    text = sys.stdin.readline() if args.enter == "-" else None
    key = keys.parse_key(text) if text is not None else keys.read_key_file(Path(args.enter))
    folder = existing_centre(args)
    with open_centre(args):
        fingerprint = keys.store_key(login(args), folder, key)
    print(_("Association key kept; fingerprint {fingerprint}: check it with headquarters.")
          .format(fingerprint=fingerprint))
    return 0


def run_hq_merge(args) -> int:
    from centre_desk.hq import merge

    key = None
    if args.key_file:
        from centre_desk.core.export import keys

        key = keys.read_key_file(Path(args.key_file))
    from centre_desk.core.i18n import current_language

    result = merge.consolidate([Path(p) for p in args.packages], Path(args.out), key,
                               _password(args.zip_password_file), args.strict,
                               "ar" if current_language() == "ar" else "fr")
    print(result.report_text())
    return 0 if not result.failed else 2
