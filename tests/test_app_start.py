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
