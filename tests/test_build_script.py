"""installer/build.py's pieces that need no PyInstaller: the portable zip and the size."""
from __future__ import annotations

import importlib.util
import os
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("build", ROOT / "installer" / "build.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def test_the_portable_zip_has_the_program_and_the_portable_marker(tmp_path):
    folder = tmp_path / "CentreDesk"
    (folder / "_internal").mkdir(parents=True)
    (folder / "CentreDesk.exe").write_bytes(b"MZ")
    (folder / "_internal" / "base_library.zip").write_bytes(b"PK")
    path = build.portable_zip(folder, tmp_path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    assert {"CentreDesk/CentreDesk.exe", "CentreDesk/_internal/base_library.zip",
            "CentreDesk/portable"} <= names
    assert path.name.endswith("-portable.zip")


@pytest.mark.skipif(sys.platform == "win32", reason="PyInstaller makes links on Linux only")
def test_links_are_kept_as_links_and_not_counted_twice(tmp_path):
    folder = tmp_path / "CentreDesk"
    (folder / "PySide6").mkdir(parents=True)
    (folder / "PySide6" / "libQt6Core.so.6").write_bytes(b"x" * 1000)
    os.symlink("PySide6/libQt6Core.so.6", folder / "libQt6Core.so.6")
    assert build.folder_size(folder) == 1000
    with zipfile.ZipFile(build.portable_zip(folder, tmp_path)) as archive:
        link = archive.getinfo("CentreDesk/libQt6Core.so.6")
        assert (link.external_attr >> 16) & 0o170000 == 0o120000
        assert archive.read(link) == b"PySide6/libQt6Core.so.6"
