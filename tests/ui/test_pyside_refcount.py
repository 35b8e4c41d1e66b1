"""PySide6 6.12.0 lowers None's reference count on Qt calls that return nothing; after about
5,000 of them the process aborts ("Fatal Python error: none_dealloc"). This keeps an upgrade
from bringing that back silently: 20,000 such calls must survive."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def test_twenty_thousand_void_qt_calls_do_not_abort():
    code = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QAbstractTableModel, QModelIndex
        from PySide6.QtWidgets import QApplication, QLabel, QTableView

        class Model(QAbstractTableModel):
            def rowCount(self, parent=QModelIndex()): return 0
            def columnCount(self, parent=QModelIndex()): return 0
            def data(self, index, role=0): return None

        app = QApplication([])
        label, view, model = QLabel(), QTableView(), Model()
        before = sys.getrefcount(None)
        for number in range(20_000):
            label.setText(str(number))
            view.setModel(model)
            model.beginResetModel()
            model.endResetModel()
        print("survived", sys.getrefcount(None) - before >= -100)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived True"
