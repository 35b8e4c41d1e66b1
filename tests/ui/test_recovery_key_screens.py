"""Issue 9's first case: "a reinstalled Windows (the key lives in its Credential Manager) loses
everything unless someone kept the recovery key". The data folder survived, its key did not: the
window asks for the recovery key (typed, or the sheet's file) instead of only saying it is lost,
refuses a key that does not open the centre, and then opens it; the key is kept for next time."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from centre_desk.core import db
from centre_desk.core.documents import recovery_sheet
from centre_desk.ui.dialogs.login import LoginDialog
from centre_desk.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from tests.ui.test_backup_screens import fits


@pytest.mark.parametrize("language, refused", [("fr", "n'ouvre pas"), ("ar", "لا يفتح")])
def test_a_centre_whose_key_was_lost_opens_again_with_the_recovery_sheet(
        qtbot, flow, centre, tmp_path, memory_keyring, language, refused):
    opened, _admin = centre
    sheet = tmp_path / "fiche.pdf"
    recovery_sheet.render(sheet, "Centre Amane Test", opened.folder.root, opened.key.hex)
    opened.close()
    opened.folder.key_file.unlink()  # Windows reinstalled: the credential store is empty
    memory_keyring.clear()
    before = opened.folder.db.read_bytes()
    flow.languages.apply(language)
    flow.start()
    dialog = flow.window
    assert isinstance(dialog, RecoveryKeyDialog)
    assert dialog.isRightToLeft() == (language == "ar")
    fits(dialog)
    qtbot.keyClicks(dialog.key, "1" * 64)  # a key, but another centre's
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert refused in dialog.form.error_label("key").text()
    assert opened.folder.db.read_bytes() == before and not opened.folder.key_file.exists()
    dialog.key.clear()
    dialog.use_sheet(sheet)  # what "Open the recovery sheet…" does with the file picked
    dialog.grab().save(f"/tmp/recovery-key-{language}.png")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, LoginDialog))
    flow.close_centre()
    db.open_database(opened.folder).close()  # the key is kept: the next start opens it
