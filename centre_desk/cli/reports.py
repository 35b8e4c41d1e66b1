"""Verbs about reports: report monthly|annual|indicators|list-NAME."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from centre_desk.cli.common import Verbs, activity_id, add_home, add_login, login, open_centre
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _


def register(verbs: Verbs) -> None:
    from centre_desk.core.reports import FORMATS, REPORTS

    # Here --lang is the report's language, which is also the messages'.
    report = verbs.add("report", _("write a report as PDF, Excel or CSV"), run_report,
                       common=False)
    add_home(report, default=None)
    report.add_argument("name", choices=sorted(REPORTS), help=_("which report"))
    report.add_argument("--period", help=_("2026-10, 2026-Q4, 2025-2026, 2026 or "
                                           "2026-01-01..2026-03-31 (default: this month or "
                                           "this year)"))
    report.add_argument("--group", help=_("the group of list-group (its name or number)"))
    report.add_argument("--lang", dest="document_language", default="fr", choices=["fr", "ar"],
                        help=_("language of the report"))
    report.add_argument("--format", dest="file_format", choices=FORMATS,
                        help=_("pdf, xlsx or csv (default: from the file's name)"))
    add_login(report)
    report.add_argument("--out", required=True, help=_("file to write"))


def run_report(args) -> int:
    from centre_desk.core import reports
    from centre_desk.core.services.figures import month_period

    today = dt.date.today()
    if args.name == "list-group" and not args.group:
        raise UserError(_("Say which group with --group (its name or number)."))
    with open_centre(args):
        actor = login(args)
        if args.period:
            period = reports.parse_period(args.period)
        elif args.name in ("annual", "indicators"):
            period = reports.year_containing(today)
        else:
            period = month_period(today.year, today.month)
        group = activity_id(args.group) if args.group else None
        report = reports.build(actor, args.name, period, args.document_language, group, today)
        path = reports.write(actor, report, Path(args.out), args.file_format)
    print(_("{report}, {period}: written to {path}").format(
        report=report.title, period=report.period_label, path=path))
    return 0
