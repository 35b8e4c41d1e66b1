"""Export vers le siège and HQ's consolidation dialog through their widgets, in French and
Arabic: the preview of every table and what leaves the centre, the package written with its
progress, the register and "show the file"; the dialog from the welcome screen."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.core.test_export import demo_template  # noqa: F401 (the demo centre, built once)
from tests.export_helpers import open_copy


@pytest.fixture
def page(flow, folder, demo_template, languages, request):  # noqa: F811
    from centre_desk.ui.pages.hq_export import HqExportPage

    languages.apply(getattr(request, "param", "fr"))
    _folder, opened, admin = open_copy(demo_template, folder.root)
    flow.opened = opened
    window = flow.show_main(admin)
    export_page = window.show_page("hq_export")
    assert isinstance(export_page, HqExportPage)
    return export_page


@pytest.mark.parametrize("page", ["fr", "ar"], indirect=True)
def test_preview_then_export_then_show_the_file(qtbot, page, tmp_path):
    from centre_desk.core.i18n import current_language

    language = current_language()
    assert page.export_button.text() == ("Exporter…" if language == "fr" else "تصدير…")
    assert not page.sentence.isVisibleTo(page)  # nothing to say yet: no blank band
    page.period.setText("")
    qtbot.keyClicks(page.period, "2026-10")
    page.level.setCurrentIndex(page.level.findData("pseudonymised"))
    qtbot.mouseClick(page.marks, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert not page.export_button.isEnabled() and not page.cancel_button.isVisible()
    qtbot.waitUntil(lambda: page.tabs.count() == 5, timeout=30000)
    assert page.export_button.isEnabled() and page.message.text() == ""
    assert page.tabs.tabText(1).startswith("children (")
    assert page.models[1].rowCount() == 5
    left_out = "écarté" if language == "fr" else "مستبعد"
    assert left_out in page.sentence.text() and page.sentence.isVisibleTo(page)
    assert not page.message.isVisibleTo(page)
    page.resize(1100, 700)
    page.grab().save(str(tmp_path / f"hq-export-{language}.png"))
    sent = []
    page.export_to(tmp_path, sent.append)
    assert not page.export_button.isEnabled() and page.cancel_button.isVisible()
    qtbot.waitUntil(lambda: bool(sent), timeout=30000)
    assert (tmp_path / sent[0].file_name).exists()
    assert page.export_button.isEnabled() and not page.cancel_button.isVisible()
    assert str(sent[0].sequence) in page.message.text()
    assert page.history_model.rowCount() == 1
    opened = []
    page.open_folder = opened.append
    cell = page.history.visualRect(page.history_model.index(0, 1)).center()
    qtbot.mouseClick(page.history.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert opened == [tmp_path], page.message.text()


@pytest.mark.parametrize("page", ["fr", "ar"], indirect=True)
def test_the_export_runs_off_the_ui_thread_with_its_progress_and_can_be_cancelled(
        qtbot, page, tmp_path):
    """The worker writes on its own thread and connection; the bar moves on the UI thread;
    "Cancel the export" leaves no file and nothing in the register. The worker is held at
    its first progress (a direct connection, run on its thread) until Cancel was clicked."""
    import threading

    from centre_desk.core.i18n import current_language

    page.period.setText("2016-01-01..2026-11-30")
    page.level.setCurrentIndex(page.level.findData("pseudonymised"))
    qtbot.mouseClick(page.marks, Qt.MouseButton.LeftButton)
    gate, workers = threading.Event(), []

    def hold(_done, _total):
        workers.append(threading.get_ident())
        gate.wait(30)

    page.signals.moved.connect(hold, Qt.ConnectionType.DirectConnection)
    out = tmp_path / "out"
    out.mkdir()
    page.export_to(out)
    assert page.cancel_button.isVisible() and not page.preview_button.isEnabled()
    page.resize(1100, 700)
    qtbot.waitUntil(lambda: bool(workers), timeout=30000)  # held after its first table
    assert workers[0] != threading.get_ident()
    qtbot.waitUntil(lambda: page.progress.value() == 1)  # its progress, on the UI thread
    page.grab().save(str(tmp_path / f"hq-export-busy-{current_language()}.png"))
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert not page.cancel_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: not page.running, timeout=30000)
    cancelled = "annulé" if current_language() == "fr" else "أُلغي"
    assert cancelled in page.message.text()
    assert list(out.iterdir()) == [] and page.history_model.rowCount() == 0
    assert len(workers) == 1  # stopped before its second table

    page.signals.moved.disconnect(hold)
    sent = []
    page.export_to(out, sent.append)
    qtbot.waitUntil(lambda: bool(sent), timeout=30000)
    assert [path.name for path in out.iterdir()] == [sent[0].file_name]
    assert page.progress.maximum() == 6  # five tables and the manifest, shown on the way
    assert page.history_model.rowCount() == 1


def test_a_bad_period_is_a_message(qtbot, page):
    page.period.setText("2026-13")
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert "n'est pas une période" in page.message.text()
    assert page.tabs.count() == 0


def test_the_page_is_for_coordinators_and_administrators(flow, folder, demo_template):  # noqa: F811
    from centre_desk.core.demo import DEMO_PASSWORD
    from centre_desk.core.services import users

    _folder, opened, _admin = open_copy(demo_template, folder.root)
    flow.opened = opened
    secretary = users.authenticate("secretaire", DEMO_PASSWORD)
    window = flow.show_main(secretary)
    assert "hq_export" not in window.pages


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_consolidation_dialog_from_the_welcome_screen(flow, qtbot, languages, language,
                                                      tmp_path, demo_template):  # noqa: F811
    from centre_desk.core import export
    from centre_desk.core.reports import parse_period

    folder = type(demo_template)(tmp_path / "centre")
    _f, opened, admin = open_copy(demo_template, folder.root)
    sent = export.export(admin, folder, export.ExportRequest(parse_period("2026-10")), tmp_path)
    opened.close()
    languages.apply(language)
    flow.start()
    dialog = flow.window.open_hq_merge()
    dialog.add_packages([tmp_path / sent.file_name, tmp_path / "missing.zip"])
    qtbot.keyClicks(dialog.out, str(tmp_path / "hq"))
    done = []
    dialog.merge(done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    text = dialog.report.toPlainText()
    assert ("1 paquet consolidé" if language == "fr" else "1 حزمة مجمعة") in text
    assert "missing.zip" in text
    assert (tmp_path / "hq" / "consolidation.xlsx").exists()
    dialog.grab().save(str(tmp_path / f"hq-merge-{language}.png"))


@pytest.mark.parametrize("page", ["fr", "ar"], indirect=True)
def test_association_key_entered_from_a_file_with_its_fingerprint(qtbot, page, tmp_path):
    from centre_desk.core.export import centre_code, keys

    key = keys.new_key()
    keys.write_key_file(tmp_path / "KEY", key)
    dialog = page.edit_key()
    dialog.read_file(tmp_path / "NOPE")
    assert dialog.message.text()
    dialog.read_file(tmp_path / "KEY")
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "casa01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert keys.load_key(page.session.folder) == key
    assert keys.fingerprint(key) in dialog.fingerprint.text()
    assert centre_code() == "CASA01" == dialog.code.text()
    dialog.key.setText("not a key")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "64" in dialog.message.text()
    dialog.grab().save(str(tmp_path / "key.png"))
