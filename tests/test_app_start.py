"""Starting the windows where there is no display says so in one sentence, not Qt's xcb error."""
from __future__ import annotations

from centre_desk import app


def test_a_linux_machine_without_display_has_none_windows_always_has_one():
    assert not app.has_display({}, "linux")
    assert app.has_display({"DISPLAY": ":0"}, "linux")
    assert app.has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert app.has_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert app.has_display({}, "win32")


def test_the_program_without_display_says_so_and_exits(tmp_path, monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(app.sys, "platform", "linux")
    assert app.main(["--home", str(tmp_path / "home")]) == 2
    error = capsys.readouterr().err
    assert "pas d'écran" in error and "xcb" not in error
    assert not (tmp_path / "home").exists()  # nothing created for a window that cannot open


# Needed only once someone has logged in (or for the demo, the wizard, a backup): importing them
# before the login window made it come up later.
AFTER_LOGIN = ("centre_desk.core.demo", "centre_desk.core.backups",
               "centre_desk.core.backup_policy", "centre_desk.ui.main_window",
               "centre_desk.ui.dialogs.setup_wizard", "centre_desk.ui.idle_lock", "reportlab",
               "babel", "openpyxl", "python_calamine", "pypdf", "PySide6.QtSvg")
LOADED_WHEN_PAINTED = """
import builtins, sys
from centre_desk import app
show = builtins.print
def report(*args, **kwargs):
    if args and str(args[0]).startswith("painted"):
        show("loaded", " ".join(sorted(sys.modules)))
    show(*args, **kwargs)
builtins.print = report
raise SystemExit(app.main(["--home", sys.argv[1]]))
"""


def test_the_login_window_comes_up_without_what_is_needed_only_after_login(centre_template,
                                                                           tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    home = tmp_path / "home"
    shutil.copytree(centre_template.root, home)
    env = dict(os.environ, CENTRE_DESK_EXIT_AFTER_PAINT="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", LOADED_WHEN_PAINTED, str(home)],
                            capture_output=True, text=True, env=env, timeout=120)
    lines = result.stdout.splitlines()
    assert any(line.startswith("painted LoginDialog") for line in lines), result.stderr
    loaded = set(next(line for line in lines if line.startswith("loaded")).split()[1:])
    assert "centre_desk.ui.dialogs.login" in loaded and "centre_desk.core.db" in loaded
    assert sorted(name for name in AFTER_LOGIN if name in loaded) == []
