"""How many times present, late, absent, excused, and the attendance rate they make: the one
definition every figure, screen, certificate and report uses."""
from __future__ import annotations

from dataclasses import dataclass

from centre_desk.core.i18n import format_percent


@dataclass(frozen=True)
class Tally:
    present: int = 0
    late: int = 0
    absent: int = 0
    excused: int = 0

    @property
    def sessions(self) -> int:
        return self.present + self.late + self.absent + self.excused

    @property
    def rate(self) -> float | None:
        """Percent of sessions attended, excused absences left out; None without any."""
        counted = self.present + self.late + self.absent
        return None if counted == 0 else 100 * (self.present + self.late) / counted

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else round(rate)

    def add(self, mark: str, count: int = 1) -> "Tally":
        fields = {"P": "present", "L": "late", "A": "absent", "E": "excused"}
        values = dict(present=self.present, late=self.late, absent=self.absent,
                      excused=self.excused)
        values[fields[mark]] += count
        return Tally(**values)

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.present + other.present, self.late + other.late,
                     self.absent + other.absent, self.excused + other.excused)


def rate_text(tally: Tally | None) -> str:
    """"91 %", or nothing when no session counts: how every screen shows a rate."""
    percent = tally.percent if tally is not None else None
    return "" if percent is None else format_percent(percent)
