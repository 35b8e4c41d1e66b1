"""``CentreDesk --self-test``: the installed (or frozen, or source) program checks that every
piece it needs is really there, without showing a window, and says which one is missing.

Each check is one entry of CHECKS: a name and a function taking the shared ``Context``. A new
check (a backup, an export) is one function and one line in CHECKS. A check returns a short
detail for its line, or raises; a missing module or file fails with its name.
Works without a display: on Linux with no X/Wayland, Qt runs offscreen.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

# Messages here are for the person running the build or the support line, in English on
# purpose: the self-test is a developer's and a packager's tool, like a log.


@dataclass
class Context:
    """What the checks share: a temporary folder, the Qt application, the demo centre."""

    work: Path
    app: object = None
    folder: object = None
    opened: object = None
    actor: object = None
    session_id: int | None = None
    keyring_account: str | None = None
    files: dict[str, Path] = field(default_factory=dict)


class Missing(Exception):
    """A file the program ships is not where it should be."""


def need(path: Path) -> Path:
    if not path.exists():
        raise Missing(f"missing data file: {path}")
    return path


# --- the checks, in order ------------------------------------------------------------------------

RUNTIME_MODULES = (
    "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "peewee", "playhouse.sqlcipher_ext",
    "sqlcipher3.dbapi2", "keyring", "argon2", "platformdirs", "reportlab.pdfgen.canvas",
    "reportlab.pdfbase.ttfonts", "PIL.Image", "arabic_reshaper", "bidi",
    "fontpkg_ibm_plex_sans_arabic", "pypdf",
)


def check_modules(ctx: Context) -> str:
    import importlib
    import pkgutil

    import centre_desk

    names = list(RUNTIME_MODULES)
    names += [info.name for info in pkgutil.walk_packages(centre_desk.__path__, "centre_desk.")
              if info.name != __name__]
    if sys.platform == "win32":
        # keyring's Credential Manager backend imports win32ctypes quietly: without it the key
        # would silently go to the key file, so its absence is a failure here.
        names += ["keyring.backends.Windows", "win32ctypes.pywin32.win32cred", "msvcrt",
                  "ctypes.wintypes"]
    for name in names:
        importlib.import_module(name)  # ModuleNotFoundError names the module
    if len([n for n in names if n.startswith("centre_desk.ui.")]) < 10:
        raise Missing("the program's own screens are not bundled (centre_desk.ui.*)")
    return f"{len(names)} modules"


def check_qt(ctx: Context) -> str:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    ctx.app = QApplication.instance() or QApplication([sys.argv[0]])
    return ctx.app.platformName()


def check_fonts(ctx: Context) -> str:
    import fontpkg_ibm_plex_sans_arabic as plex

    from centre_desk.core.documents import text
    from centre_desk.ui.theme import UI_FONT_FILES, load_fonts

    for name in UI_FONT_FILES:
        need(plex.ROOT / "files" / name)
    family = load_fonts()
    if not family:
        raise Missing("the bundled interface font did not load")
    text.register_fonts()
    return family


def check_icons(ctx: Context) -> str:
    from PySide6.QtGui import QIcon

    from centre_desk.core.paths import resources_dir

    icons = resources_dir() / "icons"
    ico = need(icons / "app.ico")
    png = need(icons / "app.png")
    if QIcon(str(png)).isNull():
        raise Missing(f"the application icon does not load: {png}")
    return f"{ico.name}, {png.name}"


def check_translations(ctx: Context) -> str:
    from centre_desk.core import i18n

    probe = "Log out"  # any string of the interface
    for language in ("fr", "ar"):
        need(i18n.catalog_path(language))
        catalog = i18n.load_catalog(language)
        if catalog.gettext(probe) == probe:
            raise Missing(f"the {language} catalog does not translate: {i18n.catalog_path(language)}")
    return "fr, ar"


def check_qt_arabic(ctx: Context) -> str:
    from PySide6.QtCore import Qt

    from centre_desk.ui.language import LanguageSwitcher

    switcher = LanguageSwitcher(ctx.app)
    switcher.apply("ar")
    try:
        if switcher.translator is None:
            raise Missing("Qt's own Arabic strings (qtbase_ar.qm) are not bundled")
        if ctx.app.layoutDirection() != Qt.LayoutDirection.RightToLeft:
            raise Missing("Arabic did not switch the layout to right-to-left")
    finally:
        switcher.apply("fr")
    return "qtbase_ar"


def check_demo_centre(ctx: Context) -> str:
    from centre_desk.core.demo import build_demo
    from centre_desk.core.paths import DataFolder

    # Arabic letters and a space in the path, as on a secretary's PC.
    ctx.folder = DataFolder(ctx.work / "مركز demo")
    summary = build_demo(ctx.folder, children=12)
    return f"{summary.children} children"


def check_open_centre(ctx: Context) -> str:
    from centre_desk.core import db, keystore
    from centre_desk.core.demo import DEMO_ADMIN, DEMO_PASSWORD
    from centre_desk.core.lock import InstanceLock
    from centre_desk.core.services import users

    lock = InstanceLock(ctx.folder.lock).acquire()
    lock.release()
    ctx.opened = db.open_database(ctx.folder)
    if ctx.opened.key.storage == keystore.KEYRING:
        ctx.keyring_account = keystore.keyring_account(ctx.folder)
    ctx.actor = users.authenticate(DEMO_ADMIN, DEMO_PASSWORD)
    return f"schema {ctx.opened.schema_version}, key in {ctx.opened.key.storage}"


def check_login_window(ctx: Context) -> str:
    from centre_desk.core.services import users
    from centre_desk.core.services.centre import get_identity
    from centre_desk.ui.dialogs.login import LoginDialog

    identity = get_identity()
    dialog = LoginDialog(identity.name, identity.logo_png, users.authenticate)
    try:
        picture = dialog.grab()  # painted without being shown
        if picture.isNull():
            raise RuntimeError("the login window did not paint")
    finally:
        dialog.deleteLater()
    return f"{picture.width()}x{picture.height()}"


def _is_pdf(path: Path) -> None:
    with path.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            raise RuntimeError(f"not a PDF: {path}")


def check_certificate(ctx: Context) -> str:
    from centre_desk.core.models import Child
    from centre_desk.core.services import certificates

    child = Child.select(Child.id).where(Child.status == "active").order_by(Child.id).first()
    today = dt.date.today()
    written = []
    for language in ("fr", "ar"):
        path = ctx.work / f"certificate-{language}.pdf"
        certificates.issue(ctx.actor, [child.id], certificates.CertificateRequest(
            "enrolment", language, None, today - dt.timedelta(days=30), today), path)
        _is_pdf(path)
        ctx.files[f"certificate-{language}"] = path
        written.append(f"{language} {path.stat().st_size // 1024} KB")
    return ", ".join(written)


def _session_with_people(ctx: Context) -> int:
    from centre_desk.core.models import Enrolment, Session

    if ctx.session_id is None:
        session = (Session.select(Session.id).join(Enrolment, on=(
            Enrolment.activity == Session.activity)).where(Session.closed_at.is_null())
            .order_by(Session.on_date.desc()).first())
        if session is None:
            raise RuntimeError("the demo centre has no session with participants")
        ctx.session_id = session.id
    return ctx.session_id


def check_report(ctx: Context) -> str:
    from centre_desk.core import reports
    from centre_desk.core.services import sheets
    from centre_desk.core.services.figures import month_period

    sheet = sheets.session_sheet(ctx.actor, _session_with_people(ctx), ctx.work / "sheet.pdf")
    _is_pdf(sheet)
    report = reports.build(ctx.actor, "monthly", month_period(dt.date.today().year, dt.date.today().month), "ar")
    monthly = reports.render_file(report, ctx.work / "monthly.pdf")
    _is_pdf(monthly)
    workbook = reports.render_file(report, ctx.work / "monthly.xlsx")
    ctx.files.update(sheet=sheet, monthly=monthly, workbook=workbook)
    return (f"sign-in sheet {sheet.stat().st_size // 1024} KB, monthly report in Arabic "
            f"{monthly.stat().st_size // 1024} KB, workbook")


def check_roll_call(ctx: Context) -> str:
    from centre_desk.core.services import attendance

    session_id = _session_with_people(ctx)
    roll = attendance.open_roll(ctx.actor, session_id)
    if not roll.lines:
        raise RuntimeError("the roll call has nobody on it")
    first = roll.lines[0].participant.key
    attendance.set_mark(ctx.actor, session_id, first, "A")
    if attendance.marks_of(ctx.actor, session_id)[first][0] != "A":
        raise RuntimeError("the roll call mark was not saved")
    return f"{len(roll.lines)} on the roll"


def check_backup(ctx: Context) -> str:
    """A verified backup of the demo centre (copied, reopened with the key, counts compared)."""
    from centre_desk.core import backups

    made = backups.make_backup(ctx.opened.db, ctx.opened.folder, ctx.opened.key, "self-test",
                               destination=ctx.work / "backups")
    if backups.verify_file(made.path, ctx.opened.key, made.counts):
        raise RuntimeError("the backup did not verify")
    return f"verified backup {made.size // 1024} KB"


def check_export(ctx: Context) -> str:
    """The aggregate package for headquarters: written, then read back by the HQ side."""
    from centre_desk.core import export
    from centre_desk.hq.merge import consolidate
    from centre_desk.core.services.figures import month_period

    today = dt.date.today()
    out = ctx.work / "export"
    out.mkdir()
    sent = export.export(ctx.actor, ctx.folder, export.ExportRequest(
        month_period(today.year, today.month), "aggregate"), out)
    merged = consolidate([out / sent.file_name], ctx.work / "hq", key=None)
    if merged.failed or len(merged.used) != 1:
        raise RuntimeError(f"headquarters refused the package: {merged.failed}")
    return f"{sent.file_name}, read back by hq-merge"


def check_guide(ctx: Context) -> str:
    from centre_desk.ui.help import CHAPTER_OF_PAGE, guide_file

    sizes = []
    for language in ("fr", "ar"):
        for chapter in [None, *sorted(set(CHAPTER_OF_PAGE.values()))]:
            path = guide_file(chapter, language)
            _is_pdf(path)
        sizes.append(f"{language} {guide_file(None, language).stat().st_size // 1024} KB")
    return ", ".join(sizes)


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[Context], str]


CHECKS: list[Check] = [
    Check("modules", check_modules),
    Check("qt", check_qt),
    Check("fonts", check_fonts),
    Check("icons", check_icons),
    Check("translations", check_translations),
    Check("qt-arabic", check_qt_arabic),
    Check("demo-centre", check_demo_centre),
    Check("open-centre", check_open_centre),
    Check("login-window", check_login_window),
    Check("certificate", check_certificate),
    Check("report", check_report),
    Check("roll-call", check_roll_call),
    Check("backup", check_backup),
    Check("export", check_export),
    Check("guide", check_guide),
]


# --- running them ---------------------------------------------------------------------------------

def _describe(error: BaseException) -> str:
    if isinstance(error, ModuleNotFoundError):
        return f"missing module: {error.name}"
    if isinstance(error, FileNotFoundError) and error.filename:
        return f"missing data file: {error.filename}"
    return f"{type(error).__name__}: {error}"


def _cleanup(ctx: Context) -> None:
    if ctx.opened is not None:
        ctx.opened.close()
    if ctx.keyring_account:  # leave nothing in Windows Credential Manager
        try:
            import keyring

            from centre_desk.core.keystore import SERVICE

            keyring.delete_password(SERVICE, ctx.keyring_account)
        except Exception:  # noqa: BLE001 - a leftover entry for a deleted folder is harmless
            pass
    if ctx.app is not None:
        for widget in ctx.app.topLevelWidgets():
            widget.close()
        ctx.app.processEvents()
    shutil.rmtree(ctx.work, ignore_errors=True)


def run(checks: list[Check] | None = None, out: TextIO | None = None) -> int:
    """Run every check, print one line each with its time; 0 when all passed."""
    out = out or sys.stdout
    from centre_desk import APP_NAME, __version__

    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    print(f"{APP_NAME} {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, "
          f"{sys.platform})", file=out, flush=True)
    import logging

    if not logging.getLogger().handlers:  # the program's log messages are not the report's
        logging.getLogger().addHandler(logging.NullHandler())
    ctx = Context(Path(tempfile.mkdtemp(prefix="centre-desk-selftest-")))
    failed = []
    began = time.perf_counter()
    try:
        for check in checks or CHECKS:
            start = time.perf_counter()
            try:
                detail, status = check.run(ctx), "ok"
            except Exception as error:  # noqa: BLE001 - each failure is reported by name
                detail, status = _describe(error), "FAIL"
                failed.append(check.name)
            took = (time.perf_counter() - start) * 1000
            print(f"{status:4} {check.name:14} {took:7.0f} ms  {detail}", file=out, flush=True)
            if status == "FAIL" and check.name in ("modules", "qt"):
                break  # nothing after can run without them
    finally:
        _cleanup(ctx)
    total = time.perf_counter() - began
    verdict = "all checks passed" if not failed else "FAILED: " + ", ".join(failed)
    print(f"{verdict} in {total:.1f} s", file=out, flush=True)
    return 0 if not failed else 1


def main(argv: list[str]) -> int:
    """``--self-test [--report FILE]``: the report also goes to FILE (a windowed Windows
    program has no console to print to)."""
    report = None
    if "--report" in argv and argv.index("--report") + 1 < len(argv):
        report = Path(argv[argv.index("--report") + 1])
    if report is None:
        return run()
    with report.open("w", encoding="utf-8") as handle:
        tee = _Tee(handle, sys.stdout)
        return run(out=tee)


class _Tee:
    def __init__(self, *streams):
        self.streams = [stream for stream in streams if stream is not None]

    def write(self, text: str) -> None:
        for stream in self.streams:
            stream.write(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()
