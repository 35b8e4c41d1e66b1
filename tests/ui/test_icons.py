"""One icon set, bundled small: the application icon on every window (and in the .ico for the
installer), icons on the navigation and the main actions, in French and in Arabic."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

import centre_desk
from centre_desk.core.paths import resources_dir
from centre_desk.ui.icons import NAVIGATION, icon

ICONS = resources_dir() / "icons"
SOURCE = "\n".join(path.read_text(encoding="utf-8")
                   for path in Path(centre_desk.__file__).parent.rglob("*.py"))


def test_only_the_icons_used_are_bundled_with_the_sets_licence():
    licence = (ICONS / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Tabler Icons" in licence and "MIT License" in licence
    bundled = {path.stem for path in ICONS.glob("*.svg")}
    literals = set(re.findall(r'"([a-z0-9-]+)"', SOURCE))
    assert set(NAVIGATION.values()) <= bundled
    assert {"checklist", "logout", "file-certificate", "printer"} <= bundled & literals
    # app.svg and the glyph it is drawn from are the sources of app.ico, which the program shows
    assert bundled - literals == {"heart-handshake", "app"}
    for name in bundled:
        assert "currentColor" in (ICONS / f"{name}.svg").read_text() or name == "app"


def test_the_windows_installer_gets_an_ico_with_every_size():
    with Image.open(ICONS / "app.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    spec = (Path(centre_desk.__file__).parents[1] / "installer" / "centre_desk.spec").read_text()
    setup = (Path(centre_desk.__file__).parents[1] / "installer" / "centre_desk.iss").read_text()
    assert "app.ico" in spec and "SetupIconFile=..\\resources\\icons\\app.ico" in setup


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_windows_navigation_and_main_actions_show_their_icons(qtbot, flow, centre, language):
    flow.languages.apply(language)
    flow.opened = centre[0]
    window = flow.show_main(centre[1])
    assert not QApplication.windowIcon().isNull() and not window.windowIcon().isNull()
    assert window.nav.count() == len(NAVIGATION) == 11
    for row in range(window.nav.count()):
        item = window.nav.item(row)
        assert not item.icon().isNull(), item.text()
        assert not item.icon().pixmap(20, 20).toImage().isNull()
    assert not window.logout_button.icon().isNull()
    assert not window.pages["home"].open_button.icon().isNull()
    certificates = window.show_page("certificates")
    for button in (certificates.new_button, certificates.duplicate_button,
                   certificates.cancel_button, certificates.verify_button):
        assert not button.icon().isNull(), button.text()
    assert not window.show_page("children").new_button.icon().isNull()


def test_an_icon_is_drawn_in_the_colour_asked():
    image = icon("home", "#ff0000").pixmap(32, 32).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(32) for y in range(32)
               if image.pixelColor(x, y).alpha() == 255}
    assert colours == {"#ff0000"}


def test_the_application_icon_has_every_size_of_the_ico(qapp):
    from centre_desk.ui.icons import app_icon

    sizes = {(size.width(), size.height()) for size in app_icon().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    image = app_icon().pixmap(32, 32).toImage()
    assert image.width() == 32 and image.pixelColor(16, 16).alpha() > 0
