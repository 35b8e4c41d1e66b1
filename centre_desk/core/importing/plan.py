"""The dry run: every row of the chosen sheet read into a file-to-be, with its status (create,
possible duplicate, warning, error, ignored) and the reasons, as plain data. Nothing is written."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from centre_desk.core import names
from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import N_, _
from centre_desk.core.importing import values
from centre_desk.core.importing.mapping import fold_header
from centre_desk.core.importing.readers import Sheet
from centre_desk.core.models import Child, Guardian
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import children
from centre_desk.core.services.children import ChildIdentity

CREATE, DUPLICATE, WARNING, ERROR, IGNORED = "create", "duplicate", "warning", "error", "ignored"
STATUS_LABELS = {CREATE: N_("To create"), DUPLICATE: N_("Possible duplicate"),
                 WARNING: N_("Warning"), ERROR: N_("Error"), IGNORED: N_("Ignored")}
REASONS = {
    "approximate_date": N_("date of birth approximate (a year alone)"),
    "two_digit_year": N_("year written with two digits"),
    "phone_repaired": N_("phone number lacked its leading zero: repaired"),
    "unknown_level": N_("school level not recognised, kept as written"),
    "name_split_guessed": N_("no family name in capitals: the first word taken as family name"),
    "single_name": N_("one name only"),
    "no_entry_date": N_("no date of registration: the date of leaving or today's date used"),
    "no_exit_date": N_("left, without a date of leaving: today's date used"),
    "bad_date": N_("date not understood"),
    "impossible_date": N_("impossible date"),
    "bad_phone": N_("phone number too short, not kept"),
    "no_sex": N_("sex not given"),
    "unknown_sex": N_("sex not understood"),
    "no_name": N_("no name"),
    "birth_in_future": N_("birth in the future"),
    "blank": N_("blank row"),
    "total": N_("total row"),
}
_LEFT_SHEETS = ("sorti", "depart", "parti", "ancien", "left", "archive", "غادر", "مغادر")
_TOTAL_WORDS = ("total", "totaux", "sous-total", "المجموع", "مجموع")


@dataclass
class Candidate:
    child_id: int | None  # None: another row of the same file
    line: int | None
    label: str


@dataclass
class PlannedRow:
    sheet: str
    line: int  # the row number the spreadsheet shows
    status: str
    reasons: list[str] = field(default_factory=list)  # translated
    identity: ChildIdentity | None = None
    school_level: str = ""
    school_name: str = ""
    guardian_name: str = ""
    guardian_phone: str = ""
    address: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    not_duplicate: bool = False  # the user said: not the same child

    @property
    def name(self) -> str:
        if self.identity is None:
            return ""
        data = self.identity
        latin = f"{data.last_name_latin} {data.first_name_latin}".strip()
        arabic = f"{data.last_name_arabic} {data.first_name_arabic}".strip()
        return " — ".join(part for part in (latin, arabic) if part)

    @property
    def importable(self) -> bool:
        return self.status in (CREATE, WARNING) or (self.status == DUPLICATE and self.not_duplicate)


@dataclass
class Plan:
    rows: list[PlannedRow]
    headers: list
    mapping: list[str]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    def counts(self) -> dict[str, int]:
        return {"rows": len(self.rows), "create": self.count(CREATE),
                "duplicates": self.count(DUPLICATE), "warnings": self.count(WARNING),
                "errors": self.count(ERROR), "ignored": self.count(IGNORED)}


def reason_text(code: str) -> str:
    return _(REASONS[code])


def is_left_sheet(name: str) -> bool:
    folded = fold_header(name)
    return any(word in folded for word in _LEFT_SHEETS)


def dry_run(actor: Actor, sheet: Sheet, header_row: int, mapping: list[str],
            today: dt.date | None = None, left: bool | None = None) -> Plan:
    """Reads only: the centre's files are looked at for duplicates, nothing is written."""
    require(actor, Permission.IMPORT_REGISTER)
    today = today or dt.date.today()
    left = is_left_sheet(sheet.name) if left is None else left
    index = _DuplicateIndex()
    rows = []
    for offset, cells in enumerate(sheet.rows[header_row + 1:]):
        line = header_row + 2 + offset
        row = _read_row(sheet.name, line, cells, mapping, today, left)
        if row.status not in (IGNORED, ERROR):
            index.check(row)
        rows.append(row)
    headers = list(sheet.rows[header_row]) if header_row < len(sheet.rows) else []
    return Plan(rows, headers, list(mapping))


def _cells(cells: list, mapping: list[str]) -> dict:
    found = {}
    for column, name in enumerate(mapping):
        if name != "ignore" and column < len(cells):
            value = cells[column]
            if value is not None and not (isinstance(value, str) and not values.clean_text(value)):
                found.setdefault(name, value)
    return found


def _is_total(cells: list) -> bool:
    texts = [values.clean_text(cell).casefold() for cell in cells if isinstance(cell, str)]
    return any(text.startswith(_TOTAL_WORDS) or text.rstrip(" :") in _TOTAL_WORDS
               for text in texts if text)


def _read_row(sheet: str, line: int, cells: list, mapping: list[str], today: dt.date,
              left: bool) -> PlannedRow:
    row = PlannedRow(sheet, line, CREATE)
    found = _cells(cells, mapping)
    if not any(values.clean_text(cell) for cell in cells):
        row.status, row.reasons = IGNORED, [reason_text("blank")]
        return row
    if _is_total(cells):
        row.status, row.reasons = IGNORED, [reason_text("total")]
        return row
    warnings, errors = [], []
    data = ChildIdentity(entry_date=today)
    _read_names(found, data, warnings)
    try:
        data.sex = values.parse_sex(found.get("sex"))
    except values.BadValue as bad:
        errors.append(bad.code)
    _read_birth(found.get("birth_date"), data, today, warnings, errors)
    _read_entry_and_exit(found, data, today, left, warnings, errors)
    data.birth_place = values.clean_text(found.get("birth_place"))
    row.guardian_name = values.clean_text(found.get("guardian_name"))
    row.address = values.clean_text(found.get("address"))
    row.school_name = values.clean_text(found.get("school_name"))
    try:
        row.guardian_phone, warning = values.parse_phone(found.get("guardian_phone"))
        warnings.append(warning)
    except values.BadValue as bad:
        warnings.append(bad.code)
    row.school_level, warning = values.parse_level(found.get("school_level"))
    warnings.append(warning)
    row.identity = data
    if not errors:
        try:
            children.validate(children.clean(data), today)
        except ValidationError as invalid:
            errors.append(invalid.message)
    if not (data.first_name_latin or data.last_name_latin or data.first_name_arabic
            or data.last_name_arabic):
        errors = ["no_name"] + [code for code in errors if code != "no_name"]
    row.reasons = [reason_text(code) if code in REASONS else code
                   for code in dict.fromkeys(errors + [w for w in warnings if w])]
    row.status = ERROR if errors else WARNING if any(warnings) else CREATE
    return row


def _read_names(found: dict, data: ChildIdentity, warnings: list) -> None:
    for kind in ("", "_arabic"):
        last = values.clean_text(found.get("last_name" + kind))
        first = values.clean_text(found.get("first_name" + kind))
        full = values.clean_text(found.get("full_name" + kind))
        if full and not (last and first):
            last, first, warning = values.split_full_name(full)
            warnings.append(warning)
        for part, text in (("last", last), ("first", first)):
            # A name in Arabic script goes to the Arabic name, whatever its column says.
            script = "_arabic" if values.is_arabic(text) else "_latin"
            if text and not getattr(data, f"{part}_name{script}"):
                setattr(data, f"{part}_name{script}", text)


def _read_birth(value, data: ChildIdentity, today: dt.date, warnings: list, errors: list) -> None:
    try:
        date, precision, warning = values.parse_date(value, today)
    except values.BadValue as bad:
        errors.append(bad.code)
        return
    warnings.append(warning)
    if date is None:
        return
    if date > today:
        errors.append("birth_in_future")
    data.birth_precision = precision
    data.birth_year = date.year
    data.birth_date = date if precision == "exact" else None


def _read_entry_and_exit(found: dict, data: ChildIdentity, today: dt.date, left: bool,
                         warnings: list, errors: list) -> None:
    try:
        entry, _precision, warning = values.parse_date(found.get("entry_date"), today)
        exit_date, _precision, exit_warning = values.parse_date(found.get("exit_date"), today)
    except values.BadValue as bad:
        errors.append(bad.code)
        return
    warnings += [warning, exit_warning]
    is_left = left or exit_date is not None or bool(found.get("exit_reason"))
    if entry is None:
        warnings.append("no_entry_date")
    data.entry_date = entry or (exit_date if is_left and exit_date else today)
    if is_left:
        data.status = "left"
        if exit_date is None:
            warnings.append("no_exit_date")
        data.exit_date = exit_date or today
        data.exit_reason = values.parse_exit_reason(found.get("exit_reason"))


def _exact_keys(first: str, last: str, first_ar: str, last_ar: str) -> set[str]:
    """The names as written (folded), beside the sound keys: the same spelling is always one."""
    return {f"={names.fold(a)}|{names.fold(b)}" for a, b in ((first, last), (first_ar, last_ar))
            if a and b}


class _DuplicateIndex:
    """The duplicate check of registration.find_duplicates, for a whole file at once: a name
    that sounds alike in either script (born within a year when both are known), or the same
    guardian phone with a first name that sounds alike, against the centre's files and the
    rows above in the file."""

    def __init__(self):
        self.names: dict[str, list] = {}
        self.phones: dict[str, list] = {}
        live = Child.merged_into.is_null() & Child.erased_at.is_null()
        query = Child.select(Child.id, Child.file_number, Child.first_name_latin,
                             Child.last_name_latin, Child.first_name_arabic,
                             Child.last_name_arabic, Child.birth_year, Child.name_key_latin,
                             Child.name_key_arabic, Child.household,
                             Child.emergency_phone_key).where(live)
        households: dict[int, list] = {}
        for (id_, number, first, last, first_ar, last_ar, year, key_latin, key_arabic,
             household, emergency) in query.tuples():
            label = f"{number} {last} {first} {last_ar} {first_ar}".strip()
            candidate = (Candidate(id_, None, " ".join(label.split())), year,
                         {key.split("|")[0] for key in (key_latin, key_arabic) if key})
            for key in {key_latin, key_arabic, *_exact_keys(first, last, first_ar, last_ar)} - {""}:
                self.names.setdefault(key, []).append(candidate)
            if household:
                households.setdefault(household, []).append(candidate)
            if len(emergency or "") >= 9:
                self.phones.setdefault(emergency, []).append(candidate)
        for household, key in (Guardian.select(Guardian.household, Guardian.phone_key)
                               .where(Guardian.phone_key != "").tuples()):
            if len(key) >= 9:
                self.phones.setdefault(key, []).extend(households.get(household, []))

    def check(self, row: PlannedRow) -> None:
        derived = children.derived_columns(row.identity)
        data = row.identity
        keys = {derived["name_key_latin"], derived["name_key_arabic"], *_exact_keys(
            data.first_name_latin, data.last_name_latin, data.first_name_arabic,
            data.last_name_arabic)} - {""}
        first_keys = {key.split("|")[0] for key in keys}
        year = row.identity.birth_year
        phone = names.phone_key(row.guardian_phone)
        found: dict[tuple, Candidate] = {}
        for key in keys:
            for candidate, other_year, _firsts in self.names.get(key, []):
                if year is None or other_year is None or abs(year - other_year) <= 1:
                    found[(candidate.child_id, candidate.line)] = candidate
        if len(phone) >= 9:
            for candidate, _year, firsts in self.phones.get(phone, []):
                if first_keys & firsts:
                    found[(candidate.child_id, candidate.line)] = candidate
        if found:
            row.candidates = list(found.values())
            row.status = DUPLICATE
            row.reasons.insert(0, _("may already have a file: {files}").format(
                files=", ".join(candidate.label for candidate in row.candidates[:3])))
        own = (Candidate(None, row.line, _("row {line}").format(line=row.line)), year,
               first_keys)
        for key in keys:
            self.names.setdefault(key, []).append(own)
        if len(phone) >= 9:
            self.phones.setdefault(phone, []).append(own)
