"""--self-test: every check passes on a complete program, a missing piece fails by its name."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from centre_desk import selftest
from centre_desk.core.keystore import SERVICE


def test_every_check_passes_and_leaves_no_credential_and_no_folder(qapp, memory_keyring,
                                                                    monkeypatch, tmp_path):
    monkeypatch.setattr(selftest.tempfile, "mkdtemp", lambda prefix: str(tmp_path / "work"))
    (tmp_path / "work").mkdir()
    out = io.StringIO()
    assert selftest.run(out=out) == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    for check in selftest.CHECKS:
        assert any(line.startswith("ok") and f" {check.name} " in line for line in lines), check
    assert lines[-1].startswith("all checks passed")
    assert "key in keyring" in out.getvalue()  # the real key storage path was taken
    assert not [key for key in memory_keyring._secrets if key[0] == SERVICE]
    assert not (tmp_path / "work").exists()


def test_a_missing_module_or_data_file_fails_with_its_name(tmp_path):
    def missing_module(ctx):
        import centre_desk_no_such_module  # noqa: F401

    def missing_file(ctx):
        selftest.need(tmp_path / "resources" / "icons" / "app.ico")

    out = io.StringIO()
    code = selftest.run([selftest.Check("fonts", missing_file),
                         selftest.Check("modules", missing_module)], out=out)
    text = out.getvalue()
    assert code == 1
    assert "missing module: centre_desk_no_such_module" in text
    assert "app.ico" in text
    assert "FAILED: fonts, modules" in text


def test_the_program_runs_its_self_test_from_the_command_line(tmp_path):
    report = tmp_path / "report.txt"
    result = subprocess.run([sys.executable, "main.py", "--self-test", "--report", str(report)],
                            capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).resolve().parents[1],
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                     PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in report.read_text(encoding="utf-8")
    assert "key in file" in result.stdout
