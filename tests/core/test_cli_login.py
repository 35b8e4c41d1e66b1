"""The command line logs in: every verb that reads or writes the centre's data asks for
credentials, runs with that user's role, and is throttled like the windows."""
from __future__ import annotations

import io
import os
import shutil

import pytest

from centre_desk.cli import build_parser, main
from tests.conftest import ADMIN_PASSWORD
from tests.core.test_cli import AS_ADMIN, run

NO_LOGIN = {"demo", "check", "verify-certificate", "restore-key", "verify-backup", "hq-merge"}


def verbs() -> dict:
    parser = build_parser()
    return parser._subparsers._group_actions[0].choices


def takes_login(sub) -> bool:
    return any("--user" in action.option_strings for action in sub._actions)


def test_only_the_public_verbs_need_no_login():
    assert {name for name, sub in verbs().items() if not takes_login(sub)} == NO_LOGIN
    assert not any("--as" in a.option_strings for sub in verbs().values() for a in sub._actions)


def _value_for(action) -> str:
    if action.choices:
        return next(iter(action.choices))
    for candidate in ("1", "2026-01-15", "x"):
        try:
            if action.type is None or action.type(candidate) is not None:
                return candidate
        except Exception:  # noqa: BLE001 - any refusal: try the next kind of value
            continue
    return "x"


def minimal_arguments(sub, tmp_path) -> list[str]:
    """The verb's required arguments, filled with plausible values."""
    argv, chosen = [], set()
    for group in sub._mutually_exclusive_groups:
        if group.required:
            chosen.add(id(group._group_actions[0]))
    for action in sub._actions:
        if action.option_strings and (action.required or id(action) in chosen):
            argv += [action.option_strings[0], _value_for(action)]
        elif not action.option_strings and action.nargs not in ("?", "*"):
            argv.append(str(tmp_path / "out.bin") if action.type is None and not action.choices
                        else _value_for(action))
    return argv


@pytest.fixture
def centre_home(centre_template, tmp_path, monkeypatch):
    home = tmp_path / "home"
    shutil.copytree(centre_template.root, home)
    monkeypatch.delenv("CENTRE_DESK_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())  # no terminal to ask a password on
    return home


# association-key: making a key (--out, headquarters) touches no centre; entering one does.
LOGIN_FOR_SOME = {"association-key"}


def test_entering_the_association_key_needs_a_login(centre_home, tmp_path, capsys):
    key = tmp_path / "association.key"
    assert main(["association-key", "--out", str(key)]) == 0
    assert main(["association-key", "--enter", str(key), "--home", str(centre_home)]) == 2
    assert "--user" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(set(verbs()) - NO_LOGIN - LOGIN_FOR_SOME))
def test_each_verb_without_credentials_exits_2_asking_for_them(name, centre_home, tmp_path,
                                                               capsys):
    argv = [name, *minimal_arguments(verbs()[name], tmp_path), "--home", str(centre_home)]
    assert main(argv) == 2
    assert "--user" in capsys.readouterr().err
    assert main([*argv, "--user", "admin"]) == 2  # a name but no password, no terminal
    assert "--password-file" in capsys.readouterr().err
    assert not (tmp_path / "out.bin").exists()


def test_a_password_file_readable_by_others_is_refused(centre_home, tmp_path, capsys):
    secret = tmp_path / "pw.txt"
    secret.write_text(ADMIN_PASSWORD + "\n")
    argv = ["recovery-key", str(tmp_path / "key.txt"), "--home", str(centre_home),
            "--user", "admin", "--password-file", str(secret)]
    if os.name == "posix":
        secret.chmod(0o644)
        assert main(argv) == 2
        assert "chmod 600" in capsys.readouterr().err
        assert not (tmp_path / "key.txt").exists()
    secret.chmod(0o600)
    assert main(argv) == 0, capsys.readouterr().err
    assert (tmp_path / "key.txt").exists()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_windows_a_password_file_others_may_read_is_refused_in_words_for_windows(
        language, centre_home, tmp_path, capsys, monkeypatch):
    from centre_desk.core import owner_only
    from centre_desk.core.owner_only import Ace

    secret = tmp_path / "pw.txt"
    secret.write_text(ADMIN_PASSWORD + "\n")
    secret.chmod(0o600)  # mode bits mean nothing on Windows: the access list decides
    monkeypatch.setattr(owner_only, "WINDOWS", True)
    users_read = [Ace("S-1-5-21-1-2-3-1001", 0x1F01FF, 0), Ace("S-1-5-32-545", 0x1200A9, 0)]
    monkeypatch.setattr(owner_only, "_windows_dacl", lambda path: ("S-1-5-21-1-2-3-1001",
                                                                   users_read))
    argv = ["--lang", language, "recovery-key", str(tmp_path / "key.txt"), "--home",
            str(centre_home), "--user", "admin", "--password-file", str(secret)]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert str(secret) in error and "chmod" not in error
    assert ("Documents" in error) if language == "fr" else ("Documents" not in error)
    assert not (tmp_path / "key.txt").exists()
    users_read.pop()  # only the owner now
    assert main(argv) == 0, capsys.readouterr().err
    assert (tmp_path / "key.txt").exists()


def test_an_educator_cannot_issue_a_certificate_nor_read_the_recovery_key(tmp_path):
    home = tmp_path / "demo"
    assert run("demo", "--home", str(home), "--children", "12").returncode == 0
    out = tmp_path / "c.pdf"
    refused = run("certificate", "--home", str(home), "--kind", "enrolment", "--child",
                  "DEM-2024-0001", "--out", str(out), "--user", "educ1", env_extra=AS_ADMIN)
    assert refused.returncode == 2 and "rôle" in refused.stderr
    assert not out.exists()
    key = run("recovery-key", str(tmp_path / "k.txt"), "--home", str(home), "--user", "educ1",
              env_extra=AS_ADMIN)
    assert key.returncode == 2 and not (tmp_path / "k.txt").exists()


def test_a_lockout_made_in_one_process_holds_in_the_next(centre_home, tmp_path):
    wrong = {"CENTRE_DESK_PASSWORD": "pas-le-bon-2026"}
    argv = ("recovery-key", str(tmp_path / "k.txt"), "--home", str(centre_home), "--user",
            "admin")
    for _attempt in range(5):
        failed = run(*argv, env_extra=wrong)
        assert failed.returncode == 2
    assert "Réessayez dans" in failed.stderr
    right = run(*argv, env_extra={"CENTRE_DESK_PASSWORD": ADMIN_PASSWORD})
    assert right.returncode == 2 and "Réessayez dans" in right.stderr
    assert not (tmp_path / "k.txt").exists()


def test_a_user_with_a_password_set_by_the_administrator_is_sent_to_the_window(centre,
                                                                              make_user):
    opened, _admin = centre
    make_user("salma", "secretary")
    opened.close()
    result = run("recovery-key", "k.txt", "--home", str(opened.folder.root), "--user", "salma",
                 env_extra={"CENTRE_DESK_PASSWORD": "Tamra-2026-test"})
    assert result.returncode == 2 and "nouveau mot de passe" in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="owner-only permissions are POSIX modes here")
def test_the_recovery_sheet_is_readable_by_its_owner_only(centre_home, tmp_path, capsys,
                                                          monkeypatch):
    monkeypatch.setenv("CENTRE_DESK_PASSWORD", ADMIN_PASSWORD)
    sheet = tmp_path / "key.txt"
    assert main(["recovery-key", str(sheet), "--home", str(centre_home), "--user", "admin"]) == 0
    assert sheet.stat().st_mode & 0o077 == 0


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal stands for the terminal")
def test_the_password_is_asked_on_the_terminal_without_echo(centre_home, tmp_path):
    import pty
    import select
    import subprocess
    import sys
    import time

    from tests.core.test_cli import MAIN

    sheet = tmp_path / "key.txt"
    env = {key: value for key, value in os.environ.items() if key != "CENTRE_DESK_PASSWORD"}
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, MAIN, "recovery-key", str(sheet), "--home", str(centre_home),
         "--user", "admin"], stdin=child_fd, stdout=child_fd, stderr=child_fd, env=env,
        start_new_session=True, pass_fds=(), close_fds=True,
        preexec_fn=lambda: __import__("fcntl").ioctl(0, __import__("termios").TIOCSCTTY, 0))
    os.close(child_fd)
    output, sent, deadline = b"", False, time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if select.select([main_fd], [], [], 0.2)[0]:
            try:
                output += os.read(main_fd, 1024)
            except OSError:
                break
            if not sent and b"Mot de passe de admin" in output:
                os.write(main_fd, ADMIN_PASSWORD.encode() + b"\n")
                sent = True
    process.wait(timeout=60)
    os.close(main_fd)
    assert sent and process.returncode == 0, output
    assert ADMIN_PASSWORD.encode() not in output  # not echoed
    assert sheet.exists()


def test_a_backup_is_an_administrator_s_act_audited_as_theirs(centre, make_user, tmp_path,
                                                               monkeypatch, capsys):
    """As in Settings: a whole copy of the centre may leave on a USB stick."""
    from centre_desk.core import db
    from centre_desk.core.models import AuditEvent, User
    from centre_desk.core.security import Role
    from centre_desk.core.services import users

    opened, _admin = centre
    educator = make_user("karim", Role.EDUCATOR)
    users.change_own_password(educator, "Tamra-2026-test", "Atlas-seul-2026")
    opened.close()
    home, usb = str(opened.folder.root), tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.setenv("CENTRE_DESK_PASSWORD", "Atlas-seul-2026")
    assert main(["backup", "--to", str(usb), "--home", home, "--user", "karim"]) == 2
    assert main(["backups", "--home", home, "--user", "karim"]) == 2
    assert "rôle" in capsys.readouterr().err
    assert not list(usb.iterdir())
    monkeypatch.setenv("CENTRE_DESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["backup", "--to", str(usb), "--home", home, "--user", "admin"]) == 0
    assert list(usb.iterdir())
    reopened = db.open_database(opened.folder)
    try:
        event = AuditEvent.get(AuditEvent.action == "backup")
        assert User.get_by_id(event.user_id).username == "admin"
        assert event.detail == "to=elsewhere"
    finally:
        reopened.close()


def test_the_export_verb_says_a_transfer_abroad_needs_the_cndp(centre, tmp_path, monkeypatch,
                                                               capsys):
    from centre_desk.core.services import privacy_settings

    opened, admin = centre
    privacy_settings.set_hq_abroad(admin, True)
    opened.close()
    monkeypatch.setenv("CENTRE_DESK_PASSWORD", ADMIN_PASSWORD)
    main(["export", "--period", "2026-10", "--out", str(tmp_path), "--home",
          str(opened.folder.root), "--user", "admin"])
    assert "CNDP" in capsys.readouterr().err


def test_an_administrator_unlocks_a_user_from_the_command_line(centre, make_user, tmp_path,
                                                               monkeypatch, capsys):
    from centre_desk.core import db
    from centre_desk.core.errors import LoginFailed
    from centre_desk.core.models import AuditEvent, User
    from centre_desk.core.security import Role
    from centre_desk.core.services import login_throttle, users

    opened, _admin = centre
    educator = make_user("karim", Role.EDUCATOR)
    users.change_own_password(educator, "Tamra-2026-test", "Atlas-seul-2026")
    for _attempt in range(5):
        with pytest.raises(LoginFailed):
            users.authenticate("karim", "pas-le-bon-2026")
    opened.close()
    home = str(opened.folder.root)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.setenv("CENTRE_DESK_PASSWORD", "Atlas-seul-2026")
    assert main(["unlock-user", "karim", "--home", home, "--user", "karim"]) == 2
    monkeypatch.setenv("CENTRE_DESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["unlock-user", "personne", "--home", home, "--user", "admin"]) == 2
    assert "personne" in capsys.readouterr().err
    assert main(["unlock-user", "karim", "--home", home]) == 2  # no credentials
    assert main(["unlock-user", "Karim", "--home", home, "--user", "admin"]) == 0
    assert "karim" in capsys.readouterr().out
    reopened = db.open_database(opened.folder)
    try:
        assert login_throttle.remaining_wait("karim") is None
        users.authenticate("karim", "Atlas-seul-2026")
        event = AuditEvent.get(AuditEvent.action == "unlock")
        assert User.get_by_id(event.user_id).username == "admin"
    finally:
        reopened.close()


def test_a_restore_is_written_in_the_restored_centre_s_audit_as_its_administrator(
        centre, tmp_path, monkeypatch):
    """The events after the backup are gone with the restore: the restored trail says when,
    from which backup and who restored it."""
    from centre_desk.core import backups, db
    from centre_desk.core.models import AuditEvent, User

    opened, _admin = centre
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual", tmp_path)
    opened.close()
    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.setenv("CENTRE_DESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["restore", str(made.path), "--home", str(opened.folder.root), "--user",
                 "admin"]) == 0
    reopened = db.open_database(opened.folder)
    try:
        event = AuditEvent.get(AuditEvent.action == "restore")
        assert User.get_by_id(event.user_id).username == "admin"
        assert event.detail.startswith("backup=" + made.created.strftime("%Y-%m-%d"))
    finally:
        reopened.close()
