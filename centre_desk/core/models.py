"""peewee models. The schema itself is created by migrations (see migrations.py); these
classes describe the latest version and are bound to the open database by db.open_centre."""
from __future__ import annotations

import datetime as dt

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    class Meta:
        legacy_table_names = False


class Centre(BaseModel):
    """The one centre this database belongs to (a single row, id 1)."""

    name = CharField()
    city = CharField()
    association = CharField(default="")
    file_prefix = CharField(default="CTR")
    default_language = CharField(default="fr")
    logo_png = BlobField(null=True)
    created_at = DateTimeField(default=utcnow)
    # The letterhead and signatory of the certificates, in French and in Arabic (see
    # services/letterhead.py).
    name_ar = CharField(default="")
    association_ar = CharField(default="")
    city_ar = CharField(default="")
    address = CharField(default="")
    address_ar = CharField(default="")
    phone = CharField(default="")
    registration = CharField(default="")
    registration_ar = CharField(default="")
    signatory_name = CharField(default="")
    signatory_name_ar = CharField(default="")
    signatory_title = CharField(default="")
    signatory_title_ar = CharField(default="")


class User(BaseModel):
    username = CharField(unique=True)
    full_name = CharField()
    role = CharField()
    password_hash = CharField()
    language = CharField(null=True)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)
    must_change_password = BooleanField(default=False)


class AuditEvent(BaseModel):
    at = DateTimeField(default=utcnow, index=True)
    user = ForeignKeyField(User, null=True, backref="audit_events", on_delete="SET NULL")
    action = CharField()
    entity = CharField()
    entity_id = IntegerField(null=True)
    detail = TextField(default="")  # never personal data: field names, roles, counts


class Household(BaseModel):
    name = CharField(default="")
    address = TextField(default="")
    neighbourhood = CharField(default="")
    phone = CharField(default="")
    phone2 = CharField(default="")
    # The social inquiry: confidential (see security.Permission.VIEW_CONFIDENTIAL).
    housing = TextField(default="")
    income = TextField(default="")
    difficulties = TextField(default="")
    erased_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class Guardian(BaseModel):
    household = ForeignKeyField(Household, backref="guardians", on_delete="CASCADE")
    name_latin = CharField(default="")
    name_arabic = CharField(default="")
    sex = CharField(default="f")
    cin = CharField(default="")
    phone = CharField(default="")
    phone_key = CharField(default="", index=True)
    occupation = CharField(default="")
    marital_status = CharField(default="unknown")
    lives_in_household = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)


class Child(BaseModel):
    file_number = CharField(unique=True)
    file_year = IntegerField()
    file_seq = IntegerField()
    first_name_latin = CharField(default="")
    last_name_latin = CharField(default="")
    first_name_arabic = CharField(default="")
    last_name_arabic = CharField(default="")
    sex = CharField()
    birth_precision = CharField(default="unknown")
    birth_date = DateField(null=True)
    birth_year = IntegerField(null=True)
    birth_place = CharField(default="")
    nationality = CharField(default="")
    photo_consent = BooleanField(default=False)
    photo = BlobField(null=True)
    entry_date = DateField()
    referral = CharField(default="other")
    referral_detail = CharField(default="")
    emergency_phone = CharField(default="")
    emergency_phone_key = CharField(default="")
    status = CharField(default="active")
    exit_date = DateField(null=True)
    exit_reason = CharField(default="")
    archived_at = DateTimeField(null=True)
    household = ForeignKeyField(Household, null=True, backref="children")
    school_status = CharField(default="unknown")
    school_name = CharField(default="")
    school_level = CharField(default="")
    civil_status = CharField(default="unknown")
    health_coverage = CharField(default="unknown")
    health_notes = TextField(default="")
    sort_name = CharField(default="")  # indexed with the list's filters: see migrations
    name_key_latin = CharField(default="")
    name_key_arabic = CharField(default="")
    merged_into = ForeignKeyField("self", null=True)
    erased_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class ChildGuardian(BaseModel):
    child = ForeignKeyField(Child, on_delete="CASCADE")
    guardian = ForeignKeyField(Guardian, on_delete="CASCADE")
    relation = CharField()

    class Meta:
        primary_key = CompositeKey("child", "guardian")


class HouseholdStay(BaseModel):
    """Which household a child lived in, and when: moving a child keeps the history."""

    child = ForeignKeyField(Child, on_delete="CASCADE")
    household = ForeignKeyField(Household, on_delete="CASCADE")
    from_date = DateField()
    to_date = DateField(null=True)


class HouseholdMember(BaseModel):
    """Someone of the household who is not a child of the centre: a sibling, mostly."""

    household = ForeignKeyField(Household, backref="members", on_delete="CASCADE")
    name = CharField(default="")
    sex = CharField(default="f")
    birth_year = IntegerField(null=True)
    relation = CharField(default="sibling")
    occupation = CharField(default="")
    note = TextField(default="")


class HouseholdDocument(BaseModel):
    household = ForeignKeyField(Household, backref="documents", on_delete="CASCADE")
    kind = CharField()
    received_on = DateField()
    note = CharField(default="")


class ChildEntry(BaseModel):
    """A dated entry of a child's file: a school result or meeting, a civil-registration step,
    a health visit (confidential)."""

    child = ForeignKeyField(Child, on_delete="CASCADE")
    section = CharField()
    on_date = DateField()
    kind = CharField(default="")
    label = CharField(default="")
    person = CharField(default="")
    note = TextField(default="")
    author = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class FollowUp(BaseModel):
    """An entry of a family's follow-up timeline."""

    household = ForeignKeyField(Household, on_delete="CASCADE")
    child = ForeignKeyField(Child, null=True, on_delete="SET NULL")
    on_date = DateField()
    kind = CharField()
    confidential = BooleanField(default=False)
    note = TextField(default="")
    author = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class Setting(BaseModel):
    """The centre's choices (see services/settings.py), one value per key."""

    key = CharField(primary_key=True)
    value = TextField()


class Activity(BaseModel):
    """A group that meets: a tutoring group, a workshop, a parents' or women's group…"""

    kind = CharField()
    name = CharField()
    room = CharField(default="")
    age_min = IntegerField(null=True)
    age_max = IntegerField(null=True)
    capacity = IntegerField(null=True)
    start_date = DateField()
    end_date = DateField(null=True)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    name_ar = CharField(default="")  # printed on Arabic certificates


class ActivityEducator(BaseModel):
    activity = ForeignKeyField(Activity, on_delete="CASCADE")
    user = ForeignKeyField(User, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("activity", "user")


class Enrolment(BaseModel):
    """A child, or a guardian (parents' and women's groups), in a group for a period. The
    number is the participant's short number on paper sign-in sheets."""

    activity = ForeignKeyField(Activity, on_delete="CASCADE")
    child = ForeignKeyField(Child, null=True)
    guardian = ForeignKeyField(Guardian, null=True)
    start_date = DateField()
    end_date = DateField(null=True)
    number = IntegerField()


class TimetableSlot(BaseModel):
    activity = ForeignKeyField(Activity, on_delete="CASCADE")
    weekday = IntegerField()  # Monday 0 … Sunday 6
    start_time = CharField()  # "09:00"
    end_time = CharField()


class Closure(BaseModel):
    start_date = DateField()
    end_date = DateField()
    label = CharField()


class Session(BaseModel):
    activity = ForeignKeyField(Activity, on_delete="CASCADE")
    on_date = DateField()
    start_time = CharField()
    end_time = CharField()
    title = CharField(default="")
    one_off = BooleanField(default=False)
    cancelled = BooleanField(default=False)
    taken_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)
    closed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", column_name="closed_by")


class Attendance(BaseModel):
    session = ForeignKeyField(Session, on_delete="CASCADE")
    child = ForeignKeyField(Child, null=True)
    guardian = ForeignKeyField(Guardian, null=True)
    mark = CharField()  # P present, A absent, L late, E excused
    note = CharField(default="")
    marked_at = DateTimeField(default=utcnow)
    marked_by = ForeignKeyField(User, null=True, on_delete="SET NULL", column_name="marked_by")


class SessionChange(BaseModel):
    """Why a closed session's marks were changed (the audit event points here)."""

    session = ForeignKeyField(Session, on_delete="CASCADE")
    at = DateTimeField(default=utcnow)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    reason = TextField()


class FollowUpTask(BaseModel):
    """Something to do about a child's absences, open until closed with an outcome."""

    child = ForeignKeyField(Child)
    household = ForeignKeyField(Household, null=True)
    activity = ForeignKeyField(Activity, null=True, on_delete="SET NULL")
    reason = CharField()
    detail = CharField(default="")
    created_on = DateField()
    closed_at = DateTimeField(null=True)
    closed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", column_name="closed_by")
    outcome = TextField(default="")
    follow_up = ForeignKeyField(FollowUp, null=True, on_delete="SET NULL")


class Certificate(BaseModel):
    """The register: one row per certificate issued, never deleted (cancelled instead). The
    content is kept as printed, so a duplicate prints the same words and figures."""

    serial = CharField(unique=True)
    year = IntegerField()
    seq = IntegerField()
    kind = CharField()
    child = ForeignKeyField(Child)
    activity = ForeignKeyField(Activity, null=True, on_delete="SET NULL")
    period_start = DateField(null=True)
    period_end = DateField(null=True)
    language = CharField()
    content = TextField()  # canonical JSON of everything printed
    content_hash = CharField()
    check_value = CharField()
    issued_at = DateTimeField(default=utcnow)
    issued_by = ForeignKeyField(User, null=True, on_delete="SET NULL", column_name="issued_by")
    copies = IntegerField(default=0)
    cancelled_at = DateTimeField(null=True)
    cancelled_by = ForeignKeyField(User, null=True, on_delete="SET NULL",
                                   column_name="cancelled_by")
    cancel_reason = TextField(default="")


class CertificateWording(BaseModel):
    kind = CharField()
    language = CharField()
    text = TextField()

    class Meta:
        primary_key = CompositeKey("kind", "language")


class LoginThrottle(BaseModel):
    """Failed logins per user name (known or not), kept across restarts."""

    username = CharField(primary_key=True)
    failures = IntegerField(default=0)
    lockouts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    last_failure_at = DateTimeField(null=True)


class Consent(BaseModel):
    """A consent under law 09-08, for a child or a household, given or refused on paper."""

    child = ForeignKeyField(Child, null=True, on_delete="CASCADE")
    household = ForeignKeyField(Household, null=True, on_delete="CASCADE")
    purpose = CharField()
    partner = CharField(default="")
    given = BooleanField()
    guardian = ForeignKeyField(Guardian, null=True, on_delete="SET NULL")
    given_on = DateField()
    paper_place = CharField(default="")
    scan = BlobField(null=True)
    withdrawn_on = DateField(null=True)
    recorded_at = DateTimeField(default=utcnow)
    recorded_by = ForeignKeyField(User, null=True, column_name="recorded_by",
                                  on_delete="SET NULL")


class DestructionLog(BaseModel):
    """What was anonymised or deleted under the retention rules: never whose."""

    at = DateTimeField(default=utcnow)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    category = CharField()
    count = IntegerField()


class ReportNote(BaseModel):
    """The "faits marquants" the coordinator writes for a report of a period."""

    report = CharField()
    period = CharField()  # Period.key: "2026-10-01..2026-10-31"
    text = TextField(default="")
    updated_at = DateTimeField(default=utcnow)
    updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL", column_name="updated_by")

    class Meta:
        primary_key = CompositeKey("report", "period")


class Project(BaseModel):
    """A funded project: a donor, dates, the activities it funds, its indicators."""

    name = CharField()
    donor = CharField(default="")
    start_date = DateField()
    end_date = DateField(null=True)
    created_at = DateTimeField(default=utcnow)


class ProjectActivity(BaseModel):
    project = ForeignKeyField(Project, on_delete="CASCADE")
    activity = ForeignKeyField(Activity, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("project", "activity")


class Indicator(BaseModel):
    project = ForeignKeyField(Project, backref="indicators", on_delete="CASCADE")
    position = IntegerField(default=0)
    name_fr = CharField()
    name_ar = CharField(default="")
    measure = CharField()  # a code of services.indicators.MEASURES
    disaggregation = CharField(default="")  # "", "sex", "age_band", "sex_age_band"
    yearly_target = FloatField(null=True)


class OutreachEvent(BaseModel):
    """An awareness session or outreach event: people counted, not registered."""

    on_date = DateField()
    kind = CharField()
    title = CharField()
    place = CharField(default="")
    project = ForeignKeyField(Project, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class OutreachHeadcount(BaseModel):
    event = ForeignKeyField(OutreachEvent, backref="headcounts", on_delete="CASCADE")
    audience = CharField()  # children, parents, professionals
    sex = CharField()
    age_band = CharField()
    count = IntegerField()

    class Meta:
        primary_key = CompositeKey("event", "audience", "sex", "age_band")


MODELS = [Centre, User, AuditEvent, Household, Guardian, Child, ChildGuardian, HouseholdStay,
          HouseholdMember, HouseholdDocument, ChildEntry, FollowUp, Setting, Activity,
          ActivityEducator, Enrolment, TimetableSlot, Closure, Session, Attendance,
          SessionChange, FollowUpTask, Certificate, CertificateWording]
MODELS += [LoginThrottle, Consent, DestructionLog]
MODELS += [ReportNote, Project, ProjectActivity, Indicator, OutreachEvent, OutreachHeadcount]


def transaction():
    """A transaction on the database the models are bound to (see db.open_database)."""
    return Centre._meta.database.atomic()
