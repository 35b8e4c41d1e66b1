"""The import itself: one transaction after a verified backup, in chunks with progress and a
cancel that rolls everything back; one audited action with a batch number; the undo of a whole
batch while none of its records has changed; the report of every row as CSV."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from centre_desk.core import names
from centre_desk.core.documents.files import write_atomically
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.importing import mapping as mappings
from centre_desk.core.importing.plan import STATUS_LABELS, Plan, PlannedRow
from centre_desk.core.models import (
    AuditEvent,
    Centre,
    Child,
    ChildGuardian,
    Guardian,
    Household,
    HouseholdStay,
    Setting,
    transaction,
    utcnow,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit, child_search, children

log = logging.getLogger(__name__)
BATCH_PREFIX = "import.batch."
CHUNK = 250


class ImportCancelled(UserError):
    def __init__(self):
        super().__init__(_("Import cancelled: nothing was written."))


@dataclass
class ImportResult:
    batch: int
    created: int
    households: int
    guardians: int
    archived: int
    file_numbers: dict[int, str]  # row line -> file number given


def _date(value) -> str:
    return value.isoformat()


# The Python values peewee would turn into SQLite's (dates as text, booleans as 0/1), by type:
# one dictionary look-up per cell instead of a chain of isinstance (a 5,000-row import has
# nearly 300,000 cells).
_CONVERT = {dt.datetime: str, dt.date: _date, bool: int}


def _bulk(model, rows: list[dict]) -> None:
    """executemany on the connection (the house's bulk path), every column given."""
    if not rows:
        return
    fields = model._meta.sorted_fields
    names = [field.name for field in fields]
    columns = ", ".join(f'"{field.column_name}"' for field in fields)
    marks = ", ".join("?" for _field in fields)
    # A callable default (utcnow) is the same for every row of one chunk of one import.
    defaults = {field.name: _converted(field.default() if callable(field.default)
                                       else field.default) for field in fields}
    convert = _CONVERT.get
    values = []
    for row in rows:
        line = []
        for name in names:
            if name in row:
                value = row[name]
                change = convert(type(value))
                line.append(change(value) if change else value)
            else:
                line.append(defaults[name])
        values.append(line)
    model._meta.database.connection().executemany(
        f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})', values)


def _converted(value):
    change = _CONVERT.get(type(value))
    return change(value) if change else value


def _next_id(model) -> int:
    return (model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0) + 1


def next_batch() -> int:
    numbers = [int(key[len(BATCH_PREFIX):]) for (key,) in Setting.select(Setting.key).where(
        Setting.key.startswith(BATCH_PREFIX)).tuples() if key[len(BATCH_PREFIX):].isdigit()]
    return max(numbers, default=0) + 1


def run_import(actor: Actor, plan: Plan, opened=None, today: dt.date | None = None,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None,
               create_duplicates: bool = False) -> ImportResult:
    """Writes the importable rows of ``plan`` (with every possible duplicate when
    ``create_duplicates``); a backup is made just before. ImportCancelled rolls back all."""
    require(actor, Permission.IMPORT_REGISTER)
    from centre_desk.core.backups import BackupBeside

    today = today or dt.date.today()
    rows = [row for row in plan.rows
            if row.importable or (create_duplicates and row.status == "duplicate")]
    # The copy is made before anything is written; it is verified while the rows are written,
    # and nothing is committed unless it is sound.
    backup = BackupBeside(opened, "import")
    try:
        with transaction():
            result = _write(actor, plan, rows, today, progress or (lambda done, total: None),
                            cancelled or (lambda: False))
            backup.verified()
    finally:
        backup.settle()
    log.info("import batch %d: %d children, %d households", result.batch, result.created,
             result.households)
    return result


def _write(actor, plan: Plan, rows: list[PlannedRow], today, progress, cancelled) -> ImportResult:
    writer = _Writer(today)
    total = len(rows)
    for start in range(0, total, CHUNK):
        if cancelled():
            raise ImportCancelled()
        for row in rows[start:start + CHUNK]:
            writer.add(row)
        writer.flush()
        progress(min(start + CHUNK, total), total)
    if cancelled():
        raise ImportCancelled()
    mappings.save_mapping(plan.headers, plan.mapping)
    return writer.finish(actor)


class _Writer:
    """Rows become files chunk by chunk: ids given here (one writer, under the transaction),
    households found by guardian phone (in the centre too) or guardian name, then executemany."""

    def __init__(self, today: dt.date):
        self.today, self.now, self.batch = today, utcnow(), next_batch()
        self.prefix = Centre.get_by_id(1).file_prefix
        self.seq = (Child.select(Child.file_seq).where(Child.file_year == today.year)
                    .order_by(Child.file_seq.desc()).limit(1).scalar() or 0)
        self.child_id, self.household_id = _next_id(Child), _next_id(Household)
        self.guardian_id = _next_id(Guardian)
        self.families: dict = {key: (household, guardian) for key, household, guardian in
                               Guardian.select(Guardian.phone_key, Guardian.household,
                                               Guardian.id).where(Guardian.phone_key != "")
                               .tuples() if len(key) >= 9}
        self.created = {"child": [], "household": [], "guardian": []}
        self.numbers: dict[int, str] = {}
        self.archived = 0
        self._empty()

    def _empty(self) -> None:
        self.rows = {model: [] for model in (Household, Guardian, Child, HouseholdStay,
                                             ChildGuardian)}
        self.index: list[tuple[int, str]] = []

    def _family(self, row: PlannedRow, data) -> tuple[int | None, int | None]:
        key = _family_key(row)
        if key is None:
            return None, None
        if key not in self.families:
            household, guardian = self.household_id, self.guardian_id
            self.rows[Household].append(dict(
                id=household, name=data.last_name_latin or data.last_name_arabic,
                address=row.address, phone=row.guardian_phone, created_at=self.now,
                updated_at=self.now))
            self.rows[Guardian].append(dict(
                id=guardian, household=household, phone=row.guardian_phone,
                phone_key=names.phone_key(row.guardian_phone), created_at=self.now,
                **_guardian_name(row.guardian_name)))
            self.families[key] = (household, guardian)
            self.created["household"].append(household)
            self.created["guardian"].append(guardian)
            self.household_id, self.guardian_id = household + 1, guardian + 1
        return self.families[key]

    def add(self, row: PlannedRow) -> None:
        data = children.clean(row.identity)
        household, guardian = self._family(row, data)
        self.seq += 1
        child_id, number = self.child_id, f"{self.prefix}-{self.today.year}-{self.seq:04d}"
        left = data.status == "left"
        self.archived += left
        self.rows[Child].append(dict(
            id=child_id, file_number=number, file_year=self.today.year, file_seq=self.seq,
            **{name: getattr(data, name) for name in children.IDENTITY_FIELDS},
            **children.derived_columns(data), household=household,
            school_status="in_school" if row.school_level or row.school_name else "unknown",
            school_level=row.school_level, school_name=row.school_name,
            archived_at=self.now if left else None, created_at=self.now, updated_at=self.now))
        self.index.append((child_id, child_search.index_words(
            number, self.seq, data.first_name_latin, data.last_name_latin,
            data.first_name_arabic, data.last_name_arabic)))
        if household is not None:
            self.rows[HouseholdStay].append(dict(child=child_id, household=household,
                                                 from_date=data.entry_date,
                                                 to_date=data.exit_date))
            self.rows[ChildGuardian].append(dict(child=child_id, guardian=guardian,
                                                 relation="other"))
        self.created["child"].append(child_id)
        self.numbers[row.line] = number
        self.child_id += 1

    def flush(self) -> None:
        for model, rows in self.rows.items():  # households and guardians before children
            _bulk(model, rows)
        Child._meta.database.connection().executemany(
            "INSERT INTO child_search (rowid, words) VALUES (?, ?)", self.index)
        self._empty()

    def finish(self, actor) -> ImportResult:
        created = self.created
        detail = (f"children={len(created['child'])};households={len(created['household'])};"
                  f"guardians={len(created['guardian'])};archived={self.archived}")
        audit.record(actor, "import", "import_batch", self.batch, detail)
        event = AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1).scalar()
        Setting.create(key=f"{BATCH_PREFIX}{self.batch}",
                       value=json.dumps({"event": event, "at": str(self.now), **created}))
        return ImportResult(self.batch, len(created["child"]), len(created["household"]),
                            len(created["guardian"]), self.archived, self.numbers)


def _family_key(row: PlannedRow):
    phone = names.phone_key(row.guardian_phone)
    if len(phone) >= 9:
        return phone
    if row.guardian_name:
        last = row.identity.last_name_latin or row.identity.last_name_arabic
        return ("name", names.fold(row.guardian_name), names.fold(last))
    return None


def _guardian_name(name: str) -> dict:
    from centre_desk.core.importing.values import is_arabic

    return {"name_arabic": name} if is_arabic(name) else {"name_latin": name}


# --- undo ---------------------------------------------------------------------------------------

def batches(actor: Actor) -> list[tuple[int, int]]:
    """(batch number, children created) of the imports that may still be undone."""
    require(actor, Permission.IMPORT_REGISTER)
    found = []
    for key, value in Setting.select(Setting.key, Setting.value).where(
            Setting.key.startswith(BATCH_PREFIX)).tuples():
        record = json.loads(value)
        if not record.get("undone"):
            found.append((int(key[len(BATCH_PREFIX):]), len(record["child"])))
    return sorted(found)


def undo_import(actor: Actor, batch: int, opened=None) -> int:
    """Removes every record the batch created, while none has changed since (any audited
    change, a new child in its households, anything recorded for its children refuses)."""
    require(actor, Permission.IMPORT_REGISTER)
    setting = Setting.get_or_none(Setting.key == f"{BATCH_PREFIX}{batch}")
    record = json.loads(setting.value) if setting else None
    if record is None or record.get("undone"):
        raise UserError(_("Import {batch} cannot be undone: it does not exist or was already "
                          "undone.").format(batch=batch))
    kids, homes, carers = record["child"], record["household"], record["guardian"]
    if _changed_since(record, kids, homes, carers):
        raise UserError(_("Import {batch} cannot be undone: some of its files have been changed "
                          "since. Change them back or archive them one by one.").format(
            batch=batch))
    from centre_desk.core.backups import backup_before

    backup_before(opened, "import")
    database = Child._meta.database
    with transaction():
        for start in range(0, max(len(kids), len(homes), 1), 500):
            part = kids[start:start + 500]
            if part:
                marks = ",".join("?" * len(part))
                database.execute_sql(f"DELETE FROM child_search WHERE rowid IN ({marks})", part)
                HouseholdStay.delete().where(HouseholdStay.child.in_(part)).execute()
                ChildGuardian.delete().where(ChildGuardian.child.in_(part)).execute()
                Child.delete().where(Child.id.in_(part)).execute()
        for start in range(0, len(homes), 500):
            Guardian.delete().where(Guardian.id.in_(carers[start:start + 500])).execute()
            Household.delete().where(Household.id.in_(homes[start:start + 500])).execute()
        record["undone"] = True
        setting.value = json.dumps(record)
        setting.save()
        audit.record(actor, "undo_import", "import_batch", batch, f"children={len(kids)}")
    log.info("import batch %d undone: %d children", batch, len(kids))
    return len(kids)


def _changed_since(record: dict, kids: list, homes: list, carers: list) -> bool:
    from centre_desk.core.models import (
        Attendance,
        Certificate,
        ChildEntry,
        Enrolment,
        FollowUp,
        FollowUpTask,
        HouseholdDocument,
        HouseholdMember,
    )

    for entity, ids in (("child", kids), ("household", homes), ("guardian", carers)):
        for start in range(0, len(ids), 500):
            if AuditEvent.select().where(
                    (AuditEvent.id > record["event"]) & (AuditEvent.entity == entity)
                    & AuditEvent.entity_id.in_(ids[start:start + 500])).exists():
                return True
    for start in range(0, len(kids), 500):
        part = kids[start:start + 500]
        if Child.select().where(Child.id.in_(part) & (
                (Child.updated_at != record["at"]) | Child.merged_into.is_null(False)
                | Child.erased_at.is_null(False))).exists():
            return True
        for model in (Attendance, Certificate, ChildEntry, Enrolment, FollowUpTask):
            if model.select().where(model.child.in_(part)).exists():
                return True
        if Child.select().where(Child.merged_into.in_(part)).exists():
            return True
    for start in range(0, len(homes), 500):
        part = homes[start:start + 500]
        if Child.select().where(Child.household.in_(part) & Child.id.not_in(kids)).exists():
            return True
        for model in (FollowUp, HouseholdDocument, HouseholdMember):
            if model.select().where(model.household.in_(part)).exists():
                return True
        if Guardian.select().where(Guardian.household.in_(part)
                                   & Guardian.id.not_in(carers)).exists():
            return True
    return False


# --- report -------------------------------------------------------------------------------------

def write_report(plan: Plan, path: Path, result: ImportResult | None = None) -> Path:
    """Every row and what became of it: CSV for Excel (UTF-8 with BOM, ";", CRLF)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Sheet"), _("Row"), _("Status"), _("Name"), _("File number"),
                     _("Details")])
    numbers = result.file_numbers if result else {}
    for row in plan.rows:
        if result is None:
            outcome = _(STATUS_LABELS[row.status])
        elif row.line in numbers:
            outcome = _("Created")
        else:
            outcome = _("Not imported") + " (" + _(STATUS_LABELS[row.status]) + ")"
        writer.writerow([row.sheet, row.line, outcome, row.name, numbers.get(row.line, ""),
                         " ; ".join(row.reasons)])
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return write_atomically(Path(path), lambda temporary: temporary.write_bytes(data))
