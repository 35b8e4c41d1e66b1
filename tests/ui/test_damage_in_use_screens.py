"""Issue 9: a damaged database "says the file is damaged and offers to restore the latest verified
backup". Opening reads only the first pages, so a page damaged further in is found while the
program is in use: then too the offer is made (not only the sentence), the damaged file is kept
aside, and the people log in again on the restored data."""
from __future__ import annotations

import sys

import pytest

from centre_desk.core import backups, db
from centre_desk.core.models import Child
from centre_desk.ui.crash import CrashHandler
from tests.child_helpers import register
from tests.core.test_restore_faults import damage_the_childrens_table
from tests.ui.conftest import restore_from_the_damaged_box


@pytest.mark.parametrize("language, damaged", [("fr", "endommagé"), ("ar", "تالف")])
def test_a_page_found_damaged_in_use_offers_the_latest_verified_backup(qtbot, flow, centre,
                                                                        language, damaged):
    opened, admin = centre
    for number in range(40):
        register(admin, first=f"Enfant{number}")
    backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    damage_the_childrens_table(opened)
    flow.languages.apply(language)
    flow.opened = db.open_database(opened.folder)  # opens: the first pages are sound
    window = flow.show_main(admin)
    handler = CrashHandler(opened.folder.logs)
    handler.on_damaged = flow.damaged_in_use
    with pytest.raises(Exception) as raised:  # a screen reading the children
        list(Child.select().tuples())
    handler.handle(type(raised.value), raised.value, raised.value.__traceback__)
    qtbot.waitUntil(lambda: flow.error_box is not None and flow.error_box.isVisible())
    box = flow.error_box
    assert box.objectName() == "DamagedBox" and damaged in box.text()
    path = str(opened.folder.db)
    assert (("\u202a" + path + "\u202c") in box.text()) == (language == "ar")  # reads whole
    assert handler.last_dialog is None  # the offer, not the plain sentence
    assert window.isHidden() or not window.isEnabled() or box.isModal()
    box.grab().save(f"/tmp/damaged-in-use-{language}.png")
    restore_from_the_damaged_box(qtbot, flow, box, opened.folder)
    assert Child.select().count() == 40


def test_without_a_backup_the_sentence_is_shown_and_the_program_goes_on(qtbot, flow, centre):
    from PySide6.QtCore import QTimer

    opened, admin = centre
    for number in range(40):
        register(admin, first=f"Enfant{number}")
    damage_the_childrens_table(opened)
    flow.opened = db.open_database(opened.folder)
    flow.show_main(admin)
    handler = CrashHandler(opened.folder.logs)
    handler.on_damaged = flow.damaged_in_use
    seen = {}

    def close_box():
        seen["name"] = handler.last_dialog.objectName()
        handler.last_dialog.done(0)

    QTimer.singleShot(50, close_box)
    try:
        list(Child.select().tuples())
    except Exception:  # noqa: BLE001 - the damaged page
        handler.handle(*sys.exc_info())
    assert seen["name"] == "StorageFaultBox"
    assert not flow.opened.db.is_closed()  # nothing to restore: the rest still reads
