"""Language quality without Qt: plural forms, CLDR dates, isolated inserts, punctuation, sorting."""
from __future__ import annotations

import datetime as dt
import gettext

import pytest

from centre_desk.core import i18n

COUNTS = (0, 1, 2, 3, 11, 100)
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")


def _plural_expression(language: str) -> str:
    return i18n.load_catalog(language)._info["plural-forms"].split("plural=")[1].rstrip(";")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_catalogs_plural_rule_is_cldrs(language):
    from babel import Locale

    rule = gettext.c2py(_plural_expression(language))
    cldr = Locale.parse(i18n.BABEL_LOCALES[language]).plural_form
    categories = CLDR_ORDER if language == "ar" else ("one", "other")
    for n in range(0, 1300):
        assert categories[rule(n)] == cldr(n), n


CHILDREN = {
    "fr": ["0 enfant", "1 enfant", "2 enfants", "3 enfants", "11 enfants", "100 enfants"],
    "ar": ["لا أطفال", "طفل واحد", "طفلان", "3 أطفال", "11 طفلا", "100 طفل"],
}
YEARS = {
    "fr": ["0 an", "1 an", "2 ans", "3 ans", "11 ans", "100 ans"],
    "ar": ["أقل من سنة", "سنة واحدة", "سنتان", "3 سنوات", "11 سنة", "100 سنة"],
}


def _plain(text: str) -> str:
    return text.replace(i18n.FSI, "").replace(i18n.PDI, "")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_children_and_years_are_counted_with_the_languages_plural_forms(language):
    i18n.set_language(language)
    assert [_plain(i18n.counted("{n} child", "{n} children", n)) for n in COUNTS] \
        == CHILDREN[language]
    assert [_plain(i18n.counted("{n} yr", "{n} yrs", n)) for n in COUNTS] == YEARS[language]


def test_large_counts_keep_the_french_grouping():
    assert i18n.counted("{n} child", "{n} children", 1500) == "1\u202f500 enfants"


@pytest.mark.parametrize("language, months, abbreviated", [
    ("fr", ("septembre", "novembre"), ("janv.", "févr.")),
    ("ar", ("شتنبر", "نونبر"), ("يناير", "فبراير")),
])
def test_month_names_come_from_cldr(language, months, abbreviated):
    assert (i18n.month_name(9, language=language), i18n.month_name(11, language=language)) \
        == months
    assert tuple(i18n.month_name(m, abbreviated=True, language=language) for m in (1, 2)) \
        == abbreviated
    assert i18n.format_month(dt.date(2026, 11, 1), language=language) == f"{months[1]} 2026"


@pytest.mark.parametrize("language, numeric, long", [
    ("fr", "06/09/2011", "6 septembre 2011"),
    ("ar", "06\u200f/09\u200f/2011", "6 شتنبر 2011"),
])
def test_one_date_format_per_language(language, numeric, long):
    i18n.set_language(language)
    day = dt.date(2011, 9, 6)
    assert i18n.format_date(day) == numeric
    assert i18n.format_date(day, long=True) == long
    local = dt.datetime(2011, 9, 6, 12, 0, tzinfo=dt.timezone.utc).astimezone()
    assert i18n.format_datetime(dt.datetime(2011, 9, 6, 12, 0)) \
        == f"{i18n.format_date(local.date())} {local:%H:%M}"


def test_inserted_names_and_numbers_are_isolated_in_arabic_only():
    template = "Hello, {name} — {date}"
    i18n.set_language("fr")
    assert i18n.fill(template, name="Imane Kettani", date="25") == "Hello, Imane Kettani — 25"
    i18n.set_language("ar")
    filled = i18n.fill(template, name="Imane Kettani", date="25")
    assert filled == f"Hello, {i18n.FSI}Imane Kettani{i18n.PDI} — {i18n.FSI}25{i18n.PDI}"
    assert i18n.fill("{x}", x="") == ""  # nothing to isolate


@pytest.mark.parametrize("language, joined", [("fr", "Chorale, Théâtre"),
                                              ("ar", "Chorale، Théâtre")])
def test_lists_use_the_languages_comma(language, joined):
    assert i18n.join_list(["Chorale", "Théâtre"], language) == joined


def test_arabic_translations_use_arabic_punctuation():
    from babel.messages.pofile import read_po

    with (i18n.resources_dir() / "translations" / "ar.po").open("rb") as handle:
        catalog = read_po(handle)
    wrong = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            words = (text or "").replace("{", " {").split()
            for before, after in zip(words, words[1:] + [""]):
                # an Arabic word followed by a Latin comma, semicolon or question mark
                if before[-1:] in ",;?" and any("\u0600" <= c <= "\u06ff" for c in before):
                    wrong.append(text)
    assert wrong == []


def test_sorting_folds_accents_and_arabic_letter_variants():
    names = ["Théâtre", "Échecs", "eau", "Zumba", "إدريس", "ابراهيم", "أحمد", "بشرى"]
    assert i18n.sorted_by_language(names) == ["eau", "Échecs", "Théâtre", "Zumba",
                                             "ابراهيم", "أحمد", "إدريس", "بشرى"]
    assert sorted(["Échecs", "Théâtre"]) == ["Théâtre", "Échecs"]  # what plain sorting does
    assert i18n.compare("فاطمة", "فاطمه") < 0 and i18n.compare("école", "Ecole") > 0


@pytest.mark.parametrize("language, text", [
    ("fr", "Lun–Ven 09:00–11:00; Mer, Sam 14:00–15:30"),
    ("ar", "الاثنين–الجمعة 09:00–11:00؛ الأربعاء، السبت 14:00–15:30"),
])
def test_timetables_use_the_languages_punctuation(language, text):
    from centre_desk.core.services.activities import Slot, timetable_text

    i18n.set_language(language)
    slots = [Slot(day, "09:00", "11:00") for day in range(5)] + [Slot(2, "14:00", "15:30"),
                                                                  Slot(5, "14:00", "15:30")]
    assert timetable_text(slots) == text


NAMES = ["Théâtre", "Échecs", "atelier", "Zumba"]
IN_ORDER = ["atelier", "Échecs", "Théâtre", "Zumba"]


def _activities_with_a_session(admin, names):
    from centre_desk.core.services import activities, attendance, sessions
    from centre_desk.core.services.activities import ActivityData, Slot
    from tests.attendance_helpers import MONDAY
    from tests.child_helpers import register

    for number, name in enumerate(names):
        activity_id = activities.create_activity(admin, ActivityData(
            kind="workshop", name=name, start_date=dt.date(2026, 9, 1),
            slots=[Slot(0, f"{9 + number:02d}:00", f"{10 + number:02d}:00")]))
        child_id = register(admin, first=f"Enfant{number}", last="Famille")
        activities.enrol(admin, activity_id, child_id=child_id, start_date=dt.date(2026, 9, 1))
    for row in sessions.sessions_on(admin, MONDAY):
        [line] = attendance.open_roll(admin, row.id).lines
        attendance.set_mark(admin, row.id, line.participant.key, "P")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_lists_and_the_csv_sort_names_by_the_language(centre, tmp_path, language):
    import csv

    from centre_desk.core.models import Activity
    from centre_desk.core import reports
    from centre_desk.core.services import activities

    _opened, admin = centre
    i18n.set_language(language)
    _activities_with_a_session(admin, NAMES)
    assert [row.name for row in activities.list_activities(admin)] == IN_ORDER
    # the collation is on the connection: any query can use it
    assert [name for (name,) in Activity.select(Activity.name).order_by(
        Activity.name.collate(i18n.COLLATION)).tuples()] == IN_ORDER
    report = reports.build(admin, "annual", reports.parse_period("2026"), language)
    path = reports.render_file(report, tmp_path / "year.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    named = [row[0] for row in rows if row and row[0] in NAMES]
    assert named[:len(NAMES)] == IN_ORDER


def test_the_dates_data_can_be_read_ahead_of_the_first_date():
    i18n.babel_locale.cache_clear()
    i18n.set_language("ar")
    i18n.warm_up()
    assert i18n.babel_locale.cache_info().currsize == 1
    assert i18n.babel_locale("ar").territory == "MA"


@pytest.mark.parametrize("language, counts", [("fr", ("7 utilisateurs", "12 enfants")),
                                              ("ar", ("7 مستخدمين", "12 طفلا"))])
def test_the_demo_command_counts_with_the_plural_forms(tmp_path, language, counts):
    from tests.core.test_cli import run

    result = run("--lang", language, "demo", "--home", str(tmp_path / "d"), "--children", "12")
    assert result.returncode == 0, result.stderr
    assert all(count in result.stdout for count in counts), result.stdout
