"""Typing through real key events, whatever the alphabet.

``qtbot.keyClicks`` (QTest::keyClicks) turns each character into a key code with QtTest's
``asciiToKey``, which asserts on anything outside ASCII: "é" or an Arabic letter aborts the
whole process ("ASSERT: false in qasciikey.cpp", then "Fatal Python error: Aborted", no
traceback). Here a character outside ASCII is sent as the key event a keyboard layout gives
for it: no key code Qt knows, the character as the event's text."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def type_text(qtbot, widget, text: str) -> None:
    for character in text:
        if character.isascii():
            qtbot.keyClicks(widget, character)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, character,
                               Qt.KeyboardModifier.NoModifier)
