"""The lists of educators (activity) and of funded groups (project): ticked by keyboard in both
directions, read back as ids."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from centre_desk.ui.models.table import select_row
from centre_desk.ui.widgets.fields import checkable_list, checked_ids


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_space_ticks_the_current_row_and_the_ids_come_back(qtbot, languages, language):
    languages.apply(language)
    widget = checkable_list([(7, "Amina"), (9, "Youssef"), (12, "سعاد")], {9}, 110)
    qtbot.addWidget(widget)
    widget.show()
    assert checked_ids(widget) == [9]
    assert select_row(widget, 2)
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    select_row(widget, 1)
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert checked_ids(widget) == [12]
    assert widget.maximumHeight() == 110
    assert widget.isRightToLeft() == (language == "ar")
