"""First start: the welcome screen, the set-up wizard, the demonstration centre."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from centre_desk.core.models import Centre, User
from centre_desk.ui.dialogs.login import LoginDialog
from centre_desk.ui.main_window import MainWindow
from centre_desk.ui.welcome import WelcomeWindow
from tests.ui.conftest import log_in, wizard_at_the_administrator


def test_first_start_offers_create_or_demo(flow):
    flow.start()
    assert isinstance(flow.window, WelcomeWindow)
    assert flow.window.create_button.accessibleName() == "Créer mon centre"
    assert flow.window.demo_button.accessibleName() == "Explorer le centre de démonstration"


def test_wizard_creates_the_centre_and_opens_the_main_window(flow, qtbot, folder):
    flow.start()
    qtbot.mouseClick(flow.window.create_button, Qt.MouseButton.LeftButton)
    wizard = flow.window.findChild(QWizard)
    assert wizard is not None and wizard.isVisible()
    page = wizard.centre_page

    wizard.next()  # nothing typed yet: refused, with the reason beside the name
    assert wizard.currentPage() is page
    assert page.form.error_label("name").text() == "Saisissez le nom du centre."

    qtbot.keyClicks(page.name, "Centre Amane Hay Mohammadi")
    assert page.prefix.text() == "CAHM"  # suggested from the name
    qtbot.keyClicks(page.city, "Casablanca")
    qtbot.keyClicks(page.association, "Association Amane")
    wizard.next()
    admin = wizard.admin_page
    assert wizard.currentPage() is admin

    qtbot.keyClicks(admin.full_name, "Nadia Bennani")
    qtbot.keyClicks(admin.username, "nadia")
    qtbot.keyClicks(admin.password, "Tamra-2026-test")
    qtbot.keyClicks(admin.confirm, "secret124")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert admin.form.error_label("confirm").isVisible()
    assert admin.full_name.text() == "Nadia Bennani"  # nothing typed is lost
    assert not folder.db.exists()

    admin.confirm.clear()
    qtbot.keyClicks(admin.confirm, "Tamra-2026-test")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.sheet_page  # last step: the recovery sheet
    qtbot.mouseClick(wizard.sheet_page.later, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, MainWindow))
    assert Centre.get_by_id(1).name == "Centre Amane Hay Mohammadi"
    assert User.get(User.username == "nadia").role == "admin"
    assert "Centre Amane Hay Mohammadi" in flow.window.windowTitle()
    assert folder.db.exists()


def test_a_bad_logo_is_reported_beside_the_logo_field(flow, qtbot, tmp_path):
    flow.start()
    wizard = flow.create_centre()
    junk = tmp_path / "logo.png"
    junk.write_bytes(b"this is not a picture")
    wizard.centre_page.logo.load_file(junk)
    assert "n'est pas une image" in wizard.centre_page.form.error_label("logo").text()
    assert wizard.centre_page.logo.png is None


def test_explore_demo_builds_it_then_asks_for_login(flow, qtbot, folder):
    flow.start()
    qtbot.mouseClick(flow.window.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, LoginDialog), timeout=30000)
    dialog = flow.window
    assert folder.demo.has_centre() and not folder.has_centre()  # kept apart from real data
    log_in(qtbot, dialog, "admin", "essai-demo-2026")
    qtbot.waitUntil(lambda: isinstance(flow.window, MainWindow))
    assert "(démonstration)" in flow.window.windowTitle()


def test_welcome_in_arabic_is_right_to_left(flow, qtbot, qapp):
    flow.start()
    welcome = flow.window
    welcome.language.setCurrentIndex(welcome.language.findData("ar"))
    assert isinstance(flow.window, WelcomeWindow) and flow.window is not welcome
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert flow.window.create_button.accessibleName() == "إنشاء مركزي"


def test_a_missing_key_at_start_is_explained_and_the_program_ends(
        flow, qtbot, centre_template, folder):
    import shutil

    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    shutil.copytree(centre_template.root, folder.root, dirs_exist_ok=True)
    folder.key_file.unlink()
    before = folder.db.read_bytes()
    flow.start()
    # Explained where the recovery key can be given (issue 9); cancelling ends the program.
    dialog = flow.window
    assert dialog.objectName() == "RecoveryKeyDialog"
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "clé de chiffrement" in said
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert getattr(flow, "quitted", False)
    assert folder.db.read_bytes() == before


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_wizard_refuses_a_common_password_or_the_centre_s_name(flow, qtbot, folder,
                                                                    language):
    wizard = wizard_at_the_administrator(flow, qtbot, language, "Centre Amane Hay Mohammadi",
                                         "Casablanca")
    admin = wizard.admin_page
    qtbot.keyClicks(admin.full_name, "Nadia Bennani")
    qtbot.keyClicks(admin.username, "nadia")
    for password in ("password2026", "HayMohammadi2026", "nadia-2026-ok"):
        for field in (admin.password, admin.confirm):
            field.clear()
            qtbot.keyClicks(field, password)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton),
                         Qt.MouseButton.LeftButton)
        assert wizard.currentPage() is admin, password
        assert admin.form.error_label("password").text(), password
        assert not folder.db.exists()
