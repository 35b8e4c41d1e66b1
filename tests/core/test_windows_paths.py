"""The Windows branches of the core, run on Linux with the platform forced where that is honest
(path logic, which call is made); what needs Windows itself (DPAPI, msvcrt, Credential Manager,
os.startfile) runs in .github/workflows/windows.yml."""
from __future__ import annotations

import os
import sys

import keyring
import pytest
from keyring.backends import fail

from centre_desk.core import db, keystore, windows_secret
from centre_desk.core.errors import DatabaseKeyMissing, UserError
from centre_desk.core.folder_checks import folder_warnings, synced_folder
from centre_desk.core.opening import open_document
from centre_desk.core.paths import DataFolder, user_data_home


class StandInDpapi:
    """Reversible sealing tied to one Windows user, standing in for CryptProtectData."""

    def __init__(self, user: bytes):
        self.user = user

    def protect(self, data: bytes) -> bytes:
        return self.user + b"|" + bytes(reversed(data))

    def unprotect(self, data: bytes) -> bytes:
        user, _sep, sealed = data.partition(b"|")
        if user != self.user:
            raise OSError("The parameter is incorrect")  # what DPAPI says to another user
        return bytes(reversed(sealed))


@pytest.fixture
def windows_key_file(monkeypatch):
    keyring.set_keyring(fail.Keyring())  # Credential Manager refused
    monkeypatch.setattr(keystore, "WINDOWS", True)
    dpapi = StandInDpapi(b"fatima")
    monkeypatch.setattr(windows_secret, "protect", dpapi.protect)
    monkeypatch.setattr(windows_secret, "unprotect", dpapi.unprotect)
    return dpapi


def test_on_windows_the_key_file_is_sealed_for_the_user_not_written_in_clear(
        folder, windows_key_file):
    opened = db.create_database(folder)
    opened.close()
    text = folder.key_file.read_text(encoding="ascii")
    assert text.startswith(keystore.DPAPI_PREFIX)
    assert opened.key.hex not in text
    reopened = db.open_database(folder)
    assert reopened.key.hex == opened.key.hex
    reopened.close()


def test_a_key_file_sealed_for_another_windows_user_is_a_missing_key(folder, windows_key_file):
    db.create_database(folder).close()
    windows_key_file.user = b"someone-else"
    with pytest.raises(DatabaseKeyMissing):
        db.open_database(folder)


def test_dpapi_is_refused_outside_windows():
    if sys.platform == "win32":
        assert windows_secret.unprotect(windows_secret.protect(b"abc")) == b"abc"
    else:
        with pytest.raises(OSError):
            windows_secret.protect(b"abc")


def test_on_windows_the_data_folder_is_local_appdata_not_roaming(monkeypatch):
    # platformdirs' own override of the shell folders (Windows' API is not there on Linux).
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\Fatima\AppData\Local")
    monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", r"C:\Users\Fatima\AppData\Roaming")
    home = str(user_data_home("win32"))
    assert home.startswith(r"C:\Users\Fatima\AppData\Local")
    assert home.endswith("CentreDesk")
    assert "Roaming" not in home


def test_a_data_folder_inside_onedrive_is_warned_about():
    environ = {"OneDrive": r"C:\Users\Fatima\OneDrive"}
    inside = r"C:\Users\Fatima\OneDrive\Documents\CentreDesk"
    assert synced_folder(inside, environ)
    assert "OneDrive" in folder_warnings(inside, "win32", environ)[0]
    assert folder_warnings(r"C:\Users\Fatima\AppData\Local\CentreDesk", "win32", environ) == []
    # A business OneDrive named after the association, with no variable set.
    assert folder_warnings(r"D:\OneDrive - Association Amane\CentreDesk", "win32", {})


def test_a_long_data_folder_path_is_warned_about_on_windows_only():
    deep = "C:\\" + "\\".join(["dossier partagé du centre"] * 9) + "\\CentreDesk"
    assert len(deep) > 200
    warnings = folder_warnings(deep, "win32", {})
    assert len(warnings) == 1 and str(len(deep)) in warnings[0]
    assert folder_warnings(deep, "linux", {}) == []


def test_a_data_folder_with_arabic_letters_and_spaces_works(tmp_path):
    folder = DataFolder(tmp_path / "مركز الأمل" / "données du centre")
    opened = db.create_database(folder)
    opened.db.execute_sql("CREATE TABLE probe (x)")
    opened.close()
    db.open_database(folder).close()


def test_on_windows_a_pdf_is_opened_and_printed_with_its_program(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "startfile", lambda path, verb: calls.append((path, verb)),
                        raising=False)
    pdf = tmp_path / "شهادة 2026.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    open_document(pdf, platform="win32")
    open_document(pdf, printing=True, platform="win32")
    assert calls == [(str(pdf), "open"), (str(pdf), "print")]


def test_no_pdf_program_or_no_file_is_a_clear_message(tmp_path, monkeypatch):
    def no_program(path, verb):
        raise OSError(1155, "No application is associated with the specified file")

    monkeypatch.setattr(os, "startfile", no_program, raising=False)
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(UserError, match="PDF"):
        open_document(pdf, platform="win32")
    with pytest.raises(UserError, match="n'existe pas"):
        open_document(tmp_path / "absent.pdf", platform="win32")
