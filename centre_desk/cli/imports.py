"""Verbs that import the centre's own register: import-children, import-attendance."""
from __future__ import annotations

import json
from pathlib import Path

from centre_desk.cli.common import Verbs, add_login, login, open_centre
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _


def register(verbs: Verbs) -> None:
    children = verbs.add("import-children", _("import children and families from a register "
                                              "(.xlsx, .xls, .ods, .csv)"), run_import_children)
    children.add_argument("file", help=_("the register file"))
    children.add_argument("--sheet", help=_("the sheet to read (default: the first)"))
    children.add_argument("--mapping", help=_("a JSON file: column header to field"))
    children.add_argument("--dry-run", action="store_true",
                          help=_("check every row and write nothing"))
    children.add_argument("--report", help=_("write what became of every row to this CSV file"))
    children.add_argument("--json", action="store_true", help=_("print the counts as JSON"))
    children.add_argument("--create-duplicates", action="store_true",
                          help=_("create the possible duplicates too"))
    add_login(children)
    undo = verbs.add("undo-import", _("undo a whole import of children, while none of its files "
                                      "has changed"), run_undo_import)
    undo.add_argument("batch", type=int, help=_("the import's batch number"))
    add_login(undo)
    attendance = verbs.add("import-attendance", _("import past attendance from a grid "
                                                  "(children in rows, dates in columns)"),
                           run_import_attendance)
    attendance.add_argument("file", help=_("the register file"))
    attendance.add_argument("--activity", required=True, help=_("the activity (id or name)"))
    attendance.add_argument("--sheet", help=_("the sheet to read (default: the first)"))
    attendance.add_argument("--dry-run", action="store_true",
                            help=_("check every row and write nothing"))
    attendance.add_argument("--json", action="store_true", help=_("print the counts as JSON"))
    add_login(attendance)


def _sheet(path: str, name: str | None):
    from centre_desk.core.importing.readers import read_workbook

    sheets = read_workbook(path)
    if name is None:
        return sheets[0]
    for sheet in sheets:
        if sheet.name == name:
            return sheet
    raise UserError(_("{path} has no sheet called {name}. Sheets: {names}.").format(
        path=path, name=name, names=", ".join(sheet.name for sheet in sheets)))


def run_import_children(args) -> int:
    from centre_desk.core.importing import apply, mapping, plan

    with open_centre(args) as opened:
        actor = login(args)  # first, as every verb: then a bad file is exit 2 with its reason
        sheet = _sheet(args.file, args.sheet)
        header = mapping.find_header_row(sheet.rows)
        headers = sheet.rows[header]
        if args.mapping:
            try:
                data = json.loads(Path(args.mapping).read_text(encoding="utf-8-sig"))
            except (OSError, ValueError):
                raise UserError(_("{path} is not a readable JSON mapping file.").format(
                    path=args.mapping)) from None
            chosen = mapping.mapping_from_json(headers, data)
        else:
            chosen = mapping.saved_mapping(headers) or mapping.guess_mapping(headers)
        result_plan = plan.dry_run(actor, sheet, header, chosen)
        result = None
        if not args.dry_run:
            result = apply.run_import(actor, result_plan, opened,
                                      create_duplicates=args.create_duplicates)
        if args.report:
            apply.write_report(result_plan, Path(args.report), result)
    counts = result_plan.counts()
    summary = {"rows": counts["rows"], "created": result.created if result else 0,
               "duplicates": counts["duplicates"], "warnings": counts["warnings"],
               "errors": counts["errors"], "ignored": counts["ignored"]}
    if result is not None:
        summary["batch"] = result.batch
    if args.json:
        print(json.dumps(summary))
    else:
        print(_("{rows} rows: {created} files created, {duplicates} possible duplicates, "
                "{warnings} warnings, {errors} errors, {ignored} ignored.").format(**summary))
        if result is not None:
            print(_("Batch number: {batch} (undo-import {batch} removes it while nothing has "
                    "changed).").format(batch=result.batch))
        if args.dry_run:
            print(_("Dry run: nothing was written."))
    return 0


def run_undo_import(args) -> int:
    from centre_desk.core.importing import apply

    with open_centre(args) as opened:
        removed = apply.undo_import(login(args), args.batch, opened)
    print(_("Import {batch} undone: {count} files removed.").format(batch=args.batch,
                                                                     count=removed))
    return 0


def run_import_attendance(args) -> int:
    from centre_desk.cli.common import activity_id
    from centre_desk.core.importing import attendance

    with open_centre(args):
        actor = login(args)
        sheet = _sheet(args.file, args.sheet)
        activity = activity_id(args.activity)
        grid = attendance.read_grid(actor, sheet, activity)
        written = 0 if args.dry_run else attendance.import_grid(actor, grid)
    summary = {"rows": len(grid.rows), "matched": sum(1 for row in grid.rows if row.child_id),
               "unmatched": sum(1 for row in grid.rows if not row.child_id),
               "sessions": len(grid.dates), "marks": written}
    if args.json:
        print(json.dumps(summary))
    else:
        print(_("{rows} children in the grid ({matched} found, {unmatched} not found), "
                "{sessions} dates, {marks} marks written.").format(**summary))
        for row in grid.rows:
            if not row.child_id:
                print("  " + _("Not found: {name}; closest: {closest}").format(
                    name=row.name, closest=", ".join(row.closest) or "-"))
    return 0
