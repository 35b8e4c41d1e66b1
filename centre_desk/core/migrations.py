"""Ordered schema migrations. Each step moves the database from version N-1 to N and is
frozen once released: later changes are new steps, never edits of old ones."""
from __future__ import annotations

from typing import Callable, Sequence

Migration = tuple[int, Callable]

V1_FOUNDATION = """
CREATE TABLE centre (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    association TEXT NOT NULL DEFAULT '',
    file_prefix TEXT NOT NULL DEFAULT 'CTR',
    default_language TEXT NOT NULL DEFAULT 'fr',
    logo_png BLOB,
    created_at DATETIME NOT NULL
);
CREATE TABLE user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    language TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL,
    last_login_at DATETIME
);
CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY,
    at DATETIME NOT NULL,
    user_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_event_at ON audit_event(at);
CREATE INDEX audit_event_user ON audit_event(user_id);
CREATE INDEX audit_event_entity ON audit_event(entity, entity_id);
"""

V2_CHILDREN_AND_FAMILIES = """
CREATE TABLE household (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    neighbourhood TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    phone2 TEXT NOT NULL DEFAULT '',
    housing TEXT NOT NULL DEFAULT '',
    income TEXT NOT NULL DEFAULT '',
    difficulties TEXT NOT NULL DEFAULT '',
    erased_at DATETIME,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE TABLE guardian (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE CASCADE,
    name_latin TEXT NOT NULL DEFAULT '',
    name_arabic TEXT NOT NULL DEFAULT '',
    sex TEXT NOT NULL DEFAULT 'f',
    cin TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    phone_key TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    marital_status TEXT NOT NULL DEFAULT 'unknown',
    lives_in_household INTEGER NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL
);
CREATE INDEX guardian_household ON guardian(household_id);
CREATE INDEX guardian_phone_key ON guardian(phone_key);
CREATE TABLE child (
    id INTEGER PRIMARY KEY,
    file_number TEXT NOT NULL UNIQUE,
    file_year INTEGER NOT NULL,
    file_seq INTEGER NOT NULL,
    first_name_latin TEXT NOT NULL DEFAULT '',
    last_name_latin TEXT NOT NULL DEFAULT '',
    first_name_arabic TEXT NOT NULL DEFAULT '',
    last_name_arabic TEXT NOT NULL DEFAULT '',
    sex TEXT NOT NULL,
    birth_precision TEXT NOT NULL DEFAULT 'unknown',
    birth_date DATE,
    birth_year INTEGER,
    birth_place TEXT NOT NULL DEFAULT '',
    nationality TEXT NOT NULL DEFAULT '',
    photo_consent INTEGER NOT NULL DEFAULT 0,
    photo BLOB,
    entry_date DATE NOT NULL,
    referral TEXT NOT NULL DEFAULT 'other',
    referral_detail TEXT NOT NULL DEFAULT '',
    emergency_phone TEXT NOT NULL DEFAULT '',
    emergency_phone_key TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    exit_date DATE,
    exit_reason TEXT NOT NULL DEFAULT '',
    archived_at DATETIME,
    household_id INTEGER REFERENCES household(id),
    school_status TEXT NOT NULL DEFAULT 'unknown',
    school_name TEXT NOT NULL DEFAULT '',
    school_level TEXT NOT NULL DEFAULT '',
    civil_status TEXT NOT NULL DEFAULT 'unknown',
    health_coverage TEXT NOT NULL DEFAULT 'unknown',
    health_notes TEXT NOT NULL DEFAULT '',
    sort_name TEXT NOT NULL DEFAULT '',
    name_key_latin TEXT NOT NULL DEFAULT '',
    name_key_arabic TEXT NOT NULL DEFAULT '',
    merged_into_id INTEGER REFERENCES child(id),
    erased_at DATETIME,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX child_list_by_name ON child(sort_name, id, status, archived_at, merged_into_id,
                                        sex, birth_year, school_status, household_id);
CREATE INDEX child_entry_date ON child(entry_date);
CREATE INDEX child_birth_year ON child(birth_year);
CREATE INDEX child_household ON child(household_id);
CREATE INDEX child_year_seq ON child(file_year, file_seq);
CREATE INDEX child_name_key_latin ON child(name_key_latin);
CREATE INDEX child_name_key_arabic ON child(name_key_arabic);
CREATE INDEX child_emergency_phone_key ON child(emergency_phone_key);
CREATE VIRTUAL TABLE child_search USING fts5(words, tokenize = 'unicode61 remove_diacritics 2',
                                             prefix = '1 2');
CREATE TABLE child_guardian (
    child_id INTEGER NOT NULL REFERENCES child(id) ON DELETE CASCADE,
    guardian_id INTEGER NOT NULL REFERENCES guardian(id) ON DELETE CASCADE,
    relation TEXT NOT NULL,
    PRIMARY KEY (child_id, guardian_id)
);
CREATE INDEX child_guardian_guardian ON child_guardian(guardian_id);
CREATE TABLE household_stay (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES child(id) ON DELETE CASCADE,
    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE CASCADE,
    from_date DATE NOT NULL,
    to_date DATE
);
CREATE INDEX household_stay_child ON household_stay(child_id);
CREATE INDEX household_stay_household ON household_stay(household_id);
CREATE TABLE household_member (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    sex TEXT NOT NULL DEFAULT 'f',
    birth_year INTEGER,
    relation TEXT NOT NULL DEFAULT 'sibling',
    occupation TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX household_member_household ON household_member(household_id);
CREATE TABLE household_document (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    received_on DATE NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (household_id, kind)
);
CREATE TABLE child_entry (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES child(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    on_date DATE NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    person TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX child_entry_child ON child_entry(child_id, section, on_date);
CREATE TABLE follow_up (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE CASCADE,
    child_id INTEGER REFERENCES child(id) ON DELETE SET NULL,
    on_date DATE NOT NULL,
    kind TEXT NOT NULL,
    confidential INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX follow_up_household ON follow_up(household_id, on_date);
CREATE INDEX follow_up_child ON follow_up(child_id)
"""

V3_ACTIVITIES_AND_ATTENDANCE = """
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    room TEXT NOT NULL DEFAULT '',
    age_min INTEGER,
    age_max INTEGER,
    capacity INTEGER,
    start_date DATE NOT NULL,
    end_date DATE,
    active INTEGER NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL
);
CREATE TABLE activity_educator (
    activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_educator_user ON activity_educator(user_id);
CREATE TABLE enrolment (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    child_id INTEGER REFERENCES child(id),
    guardian_id INTEGER REFERENCES guardian(id),
    start_date DATE NOT NULL,
    end_date DATE,
    number INTEGER NOT NULL,
    CHECK ((child_id IS NULL) <> (guardian_id IS NULL))
);
CREATE INDEX enrolment_activity ON enrolment(activity_id, start_date);
CREATE INDEX enrolment_child ON enrolment(child_id);
CREATE INDEX enrolment_guardian ON enrolment(guardian_id);
CREATE TABLE timetable_slot (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL
);
CREATE INDEX timetable_slot_activity ON timetable_slot(activity_id);
CREATE TABLE closure (
    id INTEGER PRIMARY KEY,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX closure_dates ON closure(start_date, end_date);
CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    on_date DATE NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    one_off INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    taken_at DATETIME,
    closed_at DATETIME,
    closed_by INTEGER REFERENCES user(id) ON DELETE SET NULL,
    UNIQUE (activity_id, on_date, start_time)
);
CREATE INDEX session_date ON session(on_date, activity_id);
CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    child_id INTEGER REFERENCES child(id),
    guardian_id INTEGER REFERENCES guardian(id),
    mark TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    marked_at DATETIME NOT NULL,
    marked_by INTEGER REFERENCES user(id) ON DELETE SET NULL,
    CHECK ((child_id IS NULL) <> (guardian_id IS NULL))
);
CREATE UNIQUE INDEX attendance_session_child ON attendance(session_id, child_id);
CREATE UNIQUE INDEX attendance_session_guardian ON attendance(session_id, guardian_id);
CREATE INDEX attendance_child ON attendance(child_id, session_id);
CREATE INDEX attendance_session_mark ON attendance(session_id, mark);
CREATE TABLE session_change (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    at DATETIME NOT NULL,
    user_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
    reason TEXT NOT NULL
);
CREATE TABLE follow_up_task (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES child(id),
    household_id INTEGER REFERENCES household(id),
    activity_id INTEGER REFERENCES activity(id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_on DATE NOT NULL,
    closed_at DATETIME,
    closed_by INTEGER REFERENCES user(id) ON DELETE SET NULL,
    outcome TEXT NOT NULL DEFAULT '',
    follow_up_id INTEGER REFERENCES follow_up(id) ON DELETE SET NULL
);
CREATE INDEX follow_up_task_open ON follow_up_task(closed_at, created_on);
CREATE INDEX follow_up_task_child ON follow_up_task(child_id)
"""

V4_CERTIFICATES = """
CREATE TABLE certificate (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    child_id INTEGER NOT NULL REFERENCES child(id),
    activity_id INTEGER REFERENCES activity(id) ON DELETE SET NULL,
    period_start DATE,
    period_end DATE,
    language TEXT NOT NULL,
    content TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    check_value TEXT NOT NULL,
    issued_at DATETIME NOT NULL,
    issued_by INTEGER REFERENCES user(id) ON DELETE SET NULL,
    copies INTEGER NOT NULL DEFAULT 0,
    cancelled_at DATETIME,
    cancelled_by INTEGER REFERENCES user(id) ON DELETE SET NULL,
    cancel_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX certificate_year_seq ON certificate(year, seq);
CREATE INDEX certificate_child ON certificate(child_id);
CREATE INDEX certificate_issued ON certificate(issued_at);
CREATE TABLE certificate_wording (
    kind TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (kind, language)
)
"""

V6_PRIVACY = """
ALTER TABLE user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
CREATE TABLE login_throttle (
    username TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    lockouts INTEGER NOT NULL DEFAULT 0,
    locked_until DATETIME
);
CREATE TABLE consent (
    id INTEGER PRIMARY KEY,
    child_id INTEGER REFERENCES child(id) ON DELETE CASCADE,
    household_id INTEGER REFERENCES household(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    partner TEXT NOT NULL DEFAULT '',
    given INTEGER NOT NULL,
    guardian_id INTEGER REFERENCES guardian(id) ON DELETE SET NULL,
    given_on DATE NOT NULL,
    paper_place TEXT NOT NULL DEFAULT '',
    scan BLOB,
    withdrawn_on DATE,
    recorded_at DATETIME NOT NULL,
    recorded_by INTEGER REFERENCES user(id) ON DELETE SET NULL
);
CREATE INDEX consent_child ON consent(child_id, purpose);
CREATE INDEX consent_household ON consent(household_id, purpose);
CREATE TABLE destruction_log (
    id INTEGER PRIMARY KEY,
    at DATETIME NOT NULL,
    user_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
    category TEXT NOT NULL,
    count INTEGER NOT NULL
);
CREATE INDEX audit_event_action ON audit_event(action, at)
"""

V7_REPORTS_AND_PROJECTS = """
CREATE TABLE report_note (
    report TEXT NOT NULL,
    period TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    updated_at DATETIME NOT NULL,
    updated_by INTEGER REFERENCES user(id) ON DELETE SET NULL,
    PRIMARY KEY (report, period)
);
CREATE TABLE project (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    donor TEXT NOT NULL DEFAULT '',
    start_date DATE NOT NULL,
    end_date DATE,
    created_at DATETIME NOT NULL
);
CREATE TABLE project_activity (
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, activity_id)
);
CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    name_fr TEXT NOT NULL,
    name_ar TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL,
    disaggregation TEXT NOT NULL DEFAULT '',
    yearly_target REAL
);
CREATE INDEX indicator_project ON indicator(project_id, position);
CREATE TABLE outreach_event (
    id INTEGER PRIMARY KEY,
    on_date DATE NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    project_id INTEGER REFERENCES project(id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX outreach_event_date ON outreach_event(on_date);
CREATE TABLE outreach_headcount (
    event_id INTEGER NOT NULL REFERENCES outreach_event(id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    sex TEXT NOT NULL,
    age_band TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (event_id, audience, sex, age_band)
);
-- The reports read each person's marks from this index alone (figures._marks): it begins
-- like attendance_session_mark, which it replaces.
CREATE INDEX attendance_session_people ON attendance(session_id, mark, child_id, guardian_id);
DROP INDEX attendance_session_mark
"""


def run_script(connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            connection.execute(statement)


def v1_foundation(connection) -> None:
    run_script(connection, V1_FOUNDATION)


def v2_children_and_families(connection) -> None:
    run_script(connection, V2_CHILDREN_AND_FAMILIES)


def v3_activities_and_attendance(connection) -> None:
    run_script(connection, V3_ACTIVITIES_AND_ATTENDANCE)


def v4_certificates(connection) -> None:
    run_script(connection, V4_CERTIFICATES)


# The roll call no longer saves anything on opening. Marks the old one wrote on opening and
# nobody confirmed (a session not closed, every mark "present" without a note, all written at the
# very moment the roll was first saved, with the centre pre-marking) were presumed, not taken:
# they go, and the session is "to confirm" again. RAMED became AMO Tadamon at the end of 2022.
V5_PRESUMED_ROLLS_AND_AMO_TADAMON = """
DELETE FROM attendance WHERE session_id IN (
    SELECT s.id FROM session s
    WHERE s.closed_at IS NULL AND s.taken_at IS NOT NULL
    AND coalesce((SELECT value FROM setting WHERE key = 'premark_present'), '1') = '1'
    AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id
                    AND (a.mark <> 'P' OR a.note <> '' OR a.marked_at <> s.taken_at)));
UPDATE session SET taken_at = NULL
    WHERE closed_at IS NULL AND taken_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = session.id);
UPDATE child SET health_coverage = 'amo_tadamon' WHERE health_coverage = 'ramed'
"""


def v5_presumed_rolls_and_amo_tadamon(connection) -> None:
    run_script(connection, V5_PRESUMED_ROLLS_AND_AMO_TADAMON)


def v6_privacy(connection) -> None:
    run_script(connection, V6_PRIVACY)


def v7_reports_and_projects(connection) -> None:
    run_script(connection, V7_REPORTS_AND_PROJECTS)


CENTRE_IDENTITY_COLUMNS = (
    "name_ar", "association_ar", "city_ar", "address", "address_ar", "phone", "registration",
    "registration_ar", "signatory_name", "signatory_name_ar", "signatory_title",
    "signatory_title_ar")


def v8_centre_identity(connection) -> None:
    """The centre's identity in French and Arabic (letterhead, signatory) and the activities'
    Arabic names. The signatory kept until now as two settings moves to the centre."""
    for column in CENTRE_IDENTITY_COLUMNS:
        connection.execute(f"ALTER TABLE centre ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    connection.execute("ALTER TABLE activity ADD COLUMN name_ar TEXT NOT NULL DEFAULT ''")
    for key, column in (("signatory_name", "signatory_name"),
                        ("signatory_role", "signatory_title")):
        connection.execute(f"UPDATE centre SET {column} = COALESCE((SELECT value FROM setting "
                           f"WHERE key = ?), '')", (key,))
        connection.execute("DELETE FROM setting WHERE key = ?", (key,))


V9_EXPORT_TO_HEADQUARTERS = """
CREATE TABLE hq_export (
    id INTEGER PRIMARY KEY,
    sequence INTEGER NOT NULL UNIQUE,
    centre_code TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    level TEXT NOT NULL,
    marks INTEGER NOT NULL DEFAULT 0,
    suppress INTEGER NOT NULL DEFAULT 0,
    file_name TEXT NOT NULL,
    written_to TEXT NOT NULL DEFAULT '',
    files TEXT NOT NULL,
    created_by INTEGER REFERENCES user(id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL
)
"""


def v9_export_to_headquarters(connection) -> None:
    """The register of the packages sent to headquarters (the families' agreement to share
    with the association is the consent register's, step 6)."""
    run_script(connection, V9_EXPORT_TO_HEADQUARTERS)


def v10_name_keys_without_consonants(connection) -> None:
    """Names without consonants (Aya, آية, and Alaoui once its "Al" was taken for a particle)
    had no sound key, so the duplicate checks of the registration and of the import never saw
    them: every key is made again as names.name_key makes it now, and written where it
    changed."""
    from centre_desk.core.names import name_key

    for script in ("latin", "arabic"):
        rows = connection.execute(
            f"SELECT id, first_name_{script}, last_name_{script}, name_key_{script} "
            f"FROM child").fetchall()
        changed = [(key, id_) for id_, first, last, old in rows
                   if (key := name_key(first, last)) != old]
        connection.executemany(f"UPDATE child SET name_key_{script} = ? WHERE id = ?", changed)


V11_GUARDIAN_MARKS_INDEX = """
DROP INDEX attendance_session_guardian;
CREATE UNIQUE INDEX attendance_session_guardian ON attendance(session_id, guardian_id)
    WHERE guardian_id IS NOT NULL;
"""


def v11_guardian_marks_index_without_children(connection) -> None:
    """The index that keeps one mark per parent and session held an entry for every child's
    mark too (its guardian is NULL): a tenth of a large centre's file, read again by every
    backup and its verification. It now holds the parents' marks only; the roll call's
    upsert names the same condition."""
    run_script(connection, V11_GUARDIAN_MARKS_INDEX)


V12_LOGIN_THROTTLE_LAST_FAILURE = """
ALTER TABLE login_throttle ADD COLUMN last_failure_at DATETIME;
UPDATE login_throttle SET last_failure_at = strftime('%Y-%m-%d %H:%M:%S', 'now');
"""


def v12_login_throttle_forgets_quiet_names(connection) -> None:
    """The time of each name's last failed login, so that a name left alone for a month is
    forgotten (the table grew with every name ever tried); those already counted are dated
    today."""
    run_script(connection, V12_LOGIN_THROTTLE_LAST_FAILURE)


MIGRATIONS: Sequence[Migration] = (
    (1, v1_foundation),
    (2, v2_children_and_families),
    (3, v3_activities_and_attendance),
    (4, v4_certificates),
    (5, v5_presumed_rolls_and_amo_tadamon),
    (6, v6_privacy),
    (7, v7_reports_and_projects),
    (8, v8_centre_identity),
    (9, v9_export_to_headquarters),
    (10, v10_name_keys_without_consonants),
    (11, v11_guardian_marks_index_without_children),
    (12, v12_login_throttle_forgets_quiet_names),
)


def latest_version(steps: Sequence[Migration] = MIGRATIONS) -> int:
    return steps[-1][0]
