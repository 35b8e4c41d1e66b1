"""Reports for the coordinator: a year of attendance by activity and month, on screen and as a
CSV file that Excel opens (UTF-8 with a byte-order mark, semicolons, ISO dates)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from centre_desk.core.documents.files import write_atomically
from centre_desk.core.i18n import N_, current_language, month_name, sort_key, translate_in
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import attendance_stats, audit
from centre_desk.core.services.attendance_stats import Tally

ACTIVITY = N_("Activity")
TOTAL = N_("Year")


@dataclass(frozen=True)
class YearRow:
    activity: str
    months: dict[int, Tally]

    @property
    def total(self) -> Tally:
        return sum(self.months.values(), Tally())


def year_rows(actor: Actor, year: int) -> list[YearRow]:
    data = attendance_stats.year_by_activity_and_month(actor, year)
    return [YearRow(name, months) for name, months in sorted(data.items(),
                                                                key=lambda item: sort_key(item[0]))]


def _rate(tally: Tally | None) -> str:
    """The number alone: the column's header says it is a percentage."""
    percent = tally.percent if tally is not None else None
    return "" if percent is None else str(percent)


def write_year_csv(actor: Actor, year: int, path: Path, language: str | None = None) -> Path:
    """One line per activity, the attendance rate (%) of each month and of the year."""
    require(actor, Permission.VIEW_ATTENDANCE)
    language = language or current_language()
    rows = year_rows(actor, year)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([translate_in(language, ACTIVITY)]
                    + [f"{month_name(month, language=language)} {year} (%)"
                       for month in range(1, 13)]
                    + [f"{translate_in(language, TOTAL)} {year} (%)"])
    for row in rows:
        writer.writerow([row.activity] + [_rate(row.months.get(month)) for month in range(1, 13)]
                        + [_rate(row.total)])
    data = "\ufeff" + buffer.getvalue()
    write_atomically(path, lambda temporary: temporary.write_text(data, encoding="utf-8"))
    audit.record(actor, "export", "report", None, f"attendance_year={year}")
    return path
