"""The restore dialog's preview, read as a user reads it in French and Arabic: one child is "1
enfant" / "طفل واحد", the date is written as everywhere else in the program, and each line reads
in the language's direction even though it starts with the centre's Latin name."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from centre_desk.core import backups
from centre_desk.core.i18n import format_date
from centre_desk.ui.dialogs.restore_dialog import RestoreDialog
from tests.child_helpers import register
from tests.core.test_cli import run

LRE, RLM = "\u202a", "\u200f"


@pytest.mark.parametrize("language, one_child, no_mark", [
    ("fr", "1 enfant,", "0 marque de présence"), ("ar", "طفل واحد", "لا تسجيلات حضور")])
def test_the_preview_says_one_child_and_its_date_in_the_languages_way(qtbot, flow, centre,
                                                                      language, one_child,
                                                                      no_mark):
    opened, admin = centre
    register(admin)
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    flow.languages.apply(language)
    dialog = RestoreDialog(opened.folder)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_backup(made.path)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    text = dialog.preview.text()
    assert "Centre Amane Test" in text and one_child in text and no_mark in text
    assert format_date(made.created.date()) in text
    assert LRE + format_date(made.created.date()) not in text  # (Arabic dates hold RLMs)
    lines = text.split("\n")
    assert all(line.startswith(RLM) for line in lines) == (language == "ar")
    dialog.grab().save(f"/tmp/restore-preview-{language}.png")


@pytest.mark.parametrize("language, one_child", [("fr", "1 enfant,"), ("ar", "طفل واحد")])
def test_verify_backup_says_one_child(centre, language, one_child):
    opened, admin = centre
    register(admin)
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    opened.close()
    result = run("--lang", language, "verify-backup", str(made.path), "--home",
                 str(opened.folder.root))
    assert result.returncode == 0, result.stderr
    assert one_child in result.stdout
