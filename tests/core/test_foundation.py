"""Things the whole program stands on: no Qt in the core, the lock, logs, languages."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import pytest

from centre_desk.core import i18n
from centre_desk.core.errors import InstanceLocked
from centre_desk.core.lock import InstanceLock
from centre_desk.core.logs import setup_logging, write_crash_log
from centre_desk.core.paths import DataFolder, resolve_home


def run_python(code: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=120, **kwargs)


def test_core_and_command_line_import_without_pyside6():
    result = run_python("""
        import importlib, pkgutil, sys
        sys.modules["PySide6"] = None  # any import of it now fails
        import centre_desk.core, centre_desk.cli
        for module in pkgutil.walk_packages(centre_desk.core.__path__, "centre_desk.core."):
            importlib.import_module(module.name)
        assert not any(name.startswith("PySide6.") for name in sys.modules)
        print("ok")
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_a_second_instance_on_the_same_folder_is_refused(tmp_path):
    folder = DataFolder(tmp_path / "home").ensure()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from centre_desk.core.lock import InstanceLock
        lock = InstanceLock(__import__("pathlib").Path({str(folder.lock)!r})).acquire()
        print("locked", flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(InstanceLocked) as error:
            InstanceLock(folder.lock).acquire()
        assert str(folder.root) in error.value.message
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    InstanceLock(folder.lock).acquire().release()  # free again once the other one is gone


def test_data_folder_precedence(tmp_path):
    explicit = tmp_path / "explicit"
    environ = {"CENTRE_DESK_HOME": str(tmp_path / "env")}
    assert resolve_home(explicit, environ) == explicit.resolve()
    assert resolve_home(None, environ) == (tmp_path / "env").resolve()
    assert resolve_home(None, {}) != (tmp_path / "env").resolve()


def test_crash_log_holds_the_traceback(tmp_path):
    try:
        raise ValueError("boom")
    except ValueError:
        path = write_crash_log(tmp_path, *sys.exc_info())
    text = path.read_text(encoding="utf-8")
    assert "ValueError: boom" in text and "Traceback" in text


def test_log_file_is_written_in_the_data_folder(tmp_path):
    import logging

    path = setup_logging(tmp_path / "logs")
    logging.getLogger("centre_desk.test").info("record 42 opened")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "record 42 opened" in path.read_text(encoding="utf-8")


def test_arabic_dates_use_moroccan_month_names_and_western_digits():
    day = dt.date(2026, 8, 3)
    assert i18n.format_date(day, long=True, language="ar") == "3 غشت 2026"
    assert i18n.format_date(day, long=True, language="fr") == "3 août 2026"
    assert i18n.format_date(day) == "03/08/2026"
    assert i18n.is_rtl("ar") and not i18n.is_rtl("fr")


def test_switching_language_translates_messages():
    i18n.set_language("ar")
    assert i18n._("Wrong user name or password.") == "اسم المستخدم أو كلمة المرور غير صحيحة."
    i18n.set_language("en")
    assert i18n._("Wrong user name or password.") == "Wrong user name or password."
    i18n.set_language("fr")
    assert i18n._("Wrong user name or password.") == "Nom d'utilisateur ou mot de passe incorrect."


def test_every_string_in_the_code_is_translated_in_french_and_arabic():
    sys.path.insert(0, str(i18n.resources_dir().parent / "installer"))
    try:
        import i18n as catalogs  # installer/i18n.py
    finally:
        sys.path.pop(0)
    for language in catalogs.LANGUAGES:
        assert catalogs.missing(language) == [], language
        compiled = (catalogs.FOLDER / f"{language}.mo").read_bytes()
        assert compiled == catalogs.compiled(language), f"{language}.mo is stale: run compile"


def test_numbers_follow_the_language():
    i18n.set_language("fr")
    assert i18n.format_number(12345.5, 1) == "12\u202f345,5"
    i18n.set_language("ar")
    assert i18n.format_number(12345) == "12,345"


def test_the_log_names_no_person(tmp_path):
    import logging

    from centre_desk.core import db
    from centre_desk.core.demo import DEMO_PASSWORD, build_demo
    from centre_desk.core.models import User
    from centre_desk.core.services import users

    folder = DataFolder(tmp_path / "home")
    path = setup_logging(folder.logs)
    build_demo(folder)
    opened = db.open_database(folder)
    users.authenticate("admin", DEMO_PASSWORD)
    names = [name for name, in User.select(User.full_name).tuples()]
    opened.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "schema" in text
    for name in names:
        for part in name.split():
            assert part not in text, part
