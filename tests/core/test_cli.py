"""The command line, run as a user runs it: a separate process, exit codes, messages."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from centre_desk.core.demo import DEMO_ADMIN, DEMO_PASSWORD
from pypdf import PdfReader

MAIN = str(Path(__file__).resolve().parents[2] / "main.py")
AS_ADMIN = {"CENTRE_DESK_PASSWORD": DEMO_PASSWORD}


def run(*args: str, env_extra=None) -> subprocess.CompletedProcess:
    """No terminal: a password is never asked, it comes from the environment or a file."""
    import os

    env = {key: value for key, value in os.environ.items() if key != "CENTRE_DESK_PASSWORD"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, MAIN, *args], capture_output=True, text=True,
                          timeout=180, env=env, stdin=subprocess.DEVNULL)


def run_admin(*args: str) -> subprocess.CompletedProcess:
    """A verb run by the test centre's administrator, the password from the environment."""
    from tests.conftest import ADMIN_PASSWORD

    return run(*args, "--user", "admin", env_extra={"CENTRE_DESK_PASSWORD": ADMIN_PASSWORD})


def test_version_prints_and_exits_0():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("Centre Desk ")


def test_unknown_verb_is_one_translated_line_and_exit_2():
    result = run("frobnicate")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Ligne de commande invalide" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_value_in_arabic(tmp_path):
    result = run("--lang", "ar", "demo", "--home", str(tmp_path / "d"), "--seed", "abc")
    assert result.returncode == 2
    assert "سطر أوامر غير صالح" in result.stderr
    assert not (tmp_path / "d" / "centre.db").exists()


@pytest.mark.parametrize("language, required, unknown, choice", [
    ("fr", "ces arguments sont obligatoires : --out", "arguments inconnus : --frobnicate",
     "choix invalide : 'weekly'"),
    ("ar", "هذه المعاملات إلزامية: --out", "معاملات غير معروفة: --frobnicate",
     "اختيار غير صالح: 'weekly'"),
])
def test_argparse_s_own_words_are_in_the_user_s_language(language, required, unknown, choice):
    """Not "Ligne de commande invalide : the following arguments are required: --out"."""
    for args, expected in ((("report", "monthly"), required),
                           (("backups", "--frobnicate"), unknown),
                           (("report", "weekly"), choice)):
        result = run("--lang", language, *args)
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr and result.stderr.count("\n") == 1
        assert not re.search(r"required|unrecognized|invalid choice", result.stderr)


def test_check_without_a_centre_exits_2_and_creates_nothing(tmp_path):
    result = run("check", "--home", str(tmp_path / "typo"))
    assert result.returncode == 2
    assert "Aucune base" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_demo_then_check_then_recovery_key_round_trip(tmp_path):
    home = tmp_path / "demo"
    built = run("demo", "--home", str(home), "--seed", "3")
    assert built.returncode == 0, built.stderr
    checked = run("check", "--home", str(home))
    assert checked.returncode == 0, checked.stderr
    assert "Intégrité : ok" in checked.stdout and "user: 7" in checked.stdout
    again = run("demo", "--home", str(home))
    assert again.returncode == 2  # never silently over an existing centre

    sheet = tmp_path / "key.txt"
    assert run("recovery-key", str(sheet), "--home", str(home), "--user", DEMO_ADMIN,
               env_extra=AS_ADMIN).returncode == 0
    (home / "centre.key").unlink()  # the key is lost…
    lost = run("check", "--home", str(home))
    assert lost.returncode == 2 and "clé" in lost.stderr
    restored = run("restore-key", str(sheet), "--home", str(home))  # …and put back
    assert restored.returncode == 0, restored.stderr
    assert run("check", "--home", str(home)).returncode == 0


def test_restoring_a_wrong_key_stores_nothing(tmp_path):
    home = tmp_path / "demo"
    assert run("demo", "--home", str(home)).returncode == 0
    original = (home / "centre.key").read_text()
    fake = tmp_path / "fake.txt"
    fake.write_text("ab" * 32)
    result = run("restore-key", str(fake), "--home", str(home))
    assert result.returncode == 2
    assert (home / "centre.key").read_text() == original


def test_certificates_from_the_command_line_and_their_verification(tmp_path):
    home = tmp_path / "demo"
    assert run("demo", "--home", str(home), "--children", "40").returncode == 0
    out = tmp_path / "chorale.pdf"
    result = run("certificate", "--home", str(home), "--kind", "enrolment", "--group",
                 "Chorale", "--lang", "fr+ar", "--out", str(out), "--user", DEMO_ADMIN,
                 env_extra=AS_ADMIN)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    serial = result.stdout.split(": ")[1].split(" ")[0]
    registered = run("verify-certificate", "--home", str(home), serial)
    assert registered.returncode == 3 and registered.stdout.startswith("ENREGISTRÉE")
    assert "AUTHENTIQUE" not in registered.stdout
    pages = PdfReader(str(out)).pages
    check = re.search(r"Code de vérification : ([0-9A-F]{8})", pages[0].extract_text()).group(1)
    scanned = run("verify-certificate", "--home", str(home), f"CD1:{serial}:{check}")
    assert scanned.returncode == 0 and scanned.stdout.startswith("AUTHENTIQUE")
    batch = run("verify-certificate", "--home", str(home), "--file", str(out))
    lines = batch.stdout.splitlines()
    assert batch.returncode == 0 and len(lines) == len(pages) > 1
    assert all(line.startswith(f"Page {n} : AUTHENTIQUE") for n, line in enumerate(lines, 1))
    wrong = run("verify-certificate", "--home", str(home), serial, "--check", "ZZZZ0000")
    assert wrong.returncode == 3 and wrong.stdout.startswith("NON AUTHENTIQUE")
    unknown = run("verify-certificate", "--home", str(home), "XXX-ATT-2026-00001")
    assert unknown.returncode == 3


def test_a_certificate_for_a_period_without_sessions_exits_2(tmp_path):
    home = tmp_path / "demo"
    assert run("demo", "--home", str(home), "--children", "20").returncode == 0
    result = run("certificate", "--home", str(home), "--kind", "attendance", "--child",
                 "DEM-2024-0001", "--from", "2020-01-01", "--to", "2020-01-31",
                 "--out", str(tmp_path / "x.pdf"), "--user", DEMO_ADMIN, env_extra=AS_ADMIN)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "Aucune séance" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
    bad_date = run("certificate", "--home", str(home), "--kind", "attendance", "--child",
                   "DEM-2024-0001", "--from", "1/9/2026", "--out", str(tmp_path / "x.pdf"))
    assert bad_date.returncode == 2 and "2026-09-30" in bad_date.stderr


def test_verify_file_catches_swapped_arabic_numbers_and_a_swapped_qr_code(tmp_path):
    """verify-certificate --file on Arabic certificates: the genuine file is AUTHENTIQUE, the
    same file with two numbers of its Arabic text swapped, or with the QR code of another
    certificate, is MODIFIÉE (exit 3)."""
    from tests.forgery_helpers import qr_object, replace_qr, rewritten, swap_last_two_numbers

    home = tmp_path / "demo"
    assert run("demo", "--home", str(home), "--children", "20").returncode == 0
    files = []
    for number in ("DEM-2024-0001", "DEM-2024-0002"):
        files.append(tmp_path / f"{number}.pdf")
        result = run("certificate", "--home", str(home), "--kind", "enrolment", "--child",
                     number, "--lang", "ar", "--out", str(files[-1]), "--user", DEMO_ADMIN,
                     env_extra=AS_ADMIN)
        assert result.returncode == 0, result.stderr
        assert "…" not in result.stdout  # one certificate: its serial, not "first … last"
    genuine, other = files
    swapped = rewritten(genuine, tmp_path / "swapped.pdf", swap_last_two_numbers)
    foreign_qr = replace_qr(genuine, tmp_path / "qr.pdf",
                            qr_object(PdfReader(str(other)).pages[0]).get_data())
    verdict = run("verify-certificate", "--home", str(home), "--file", str(genuine))
    assert verdict.returncode == 0 and verdict.stdout.startswith("Page 1 : AUTHENTIQUE")
    for fake in (swapped, foreign_qr):
        verdict = run("verify-certificate", "--home", str(home), "--file", str(fake))
        assert verdict.returncode == 3 and verdict.stdout.startswith("Page 1 : MODIFIÉE"), \
            verdict.stdout
