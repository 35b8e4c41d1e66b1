"""Is a secret file readable by its owner only? The Windows decision (an access list judged entry
by entry) is pure and tested here on Linux; reading the real access list through advapi32 runs
only in .github/workflows/windows.yml (tests/core/test_cli_login.py on Windows)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from centre_desk.core import owner_only
from centre_desk.core.owner_only import (ACCESS_ALLOWED_ACE_TYPE, ACCESS_DENIED_ACE_TYPE,
                                         ADMINISTRATORS, INHERIT_ONLY_ACE, SYSTEM, Ace,
                                         others_who_read)

FATIMA = "S-1-5-21-1004336348-1177238915-682003330-1001"
KARIM = "S-1-5-21-1004336348-1177238915-682003330-1002"
EVERYONE, USERS, AUTHENTICATED = "S-1-1-0", "S-1-5-32-545", "S-1-5-11"
FULL_CONTROL = 0x1F01FF
READ_AND_EXECUTE = 0x1200A9
READ_ATTRIBUTES_ONLY = 0x0080 | 0x0020_0000  # FILE_READ_ATTRIBUTES | READ_CONTROL
ALLOW, DENY = ACCESS_ALLOWED_ACE_TYPE, ACCESS_DENIED_ACE_TYPE

# What a file in C:\Users\fatima\Documents inherits: the owner, SYSTEM, Administrators.
INHERITED = 0x10
IN_OWN_FOLDER = [Ace(SYSTEM, FULL_CONTROL, ALLOW, INHERITED),
                 Ace(ADMINISTRATORS, FULL_CONTROL, ALLOW, INHERITED),
                 Ace(FATIMA, FULL_CONTROL, ALLOW, INHERITED)]


def test_a_file_in_the_users_own_folder_is_owner_only():
    assert others_who_read(FATIMA, IN_OWN_FOLDER) == []


@pytest.mark.parametrize("who", [EVERYONE, USERS, AUTHENTICATED, KARIM])
def test_a_file_others_may_read_is_refused_naming_them(who):
    aces = [*IN_OWN_FOLDER, Ace(who, READ_AND_EXECUTE, ALLOW)]
    assert others_who_read(FATIMA, aces) == [who]


def test_reading_is_the_data_or_the_power_to_grant_it():
    generic_read, write_dac, write_owner = 0x8000_0000, 0x0004_0000, 0x0008_0000
    for mask in (0x0001, generic_read, 0x1000_0000, write_dac, write_owner):
        assert others_who_read(FATIMA, [Ace(USERS, mask, ALLOW)]) == [USERS], hex(mask)
    # Seeing the file's attributes and its access list is not reading it.
    assert others_who_read(FATIMA, [Ace(USERS, READ_ATTRIBUTES_ONLY, ALLOW)]) == []


def test_deny_entries_and_entries_only_for_children_are_not_openings():
    assert others_who_read(FATIMA, [Ace(EVERYONE, FULL_CONTROL, DENY)]) == []
    assert others_who_read(FATIMA, [Ace(USERS, FULL_CONTROL, ALLOW, INHERIT_ONLY_ACE)]) == []
    # A deny entry does not excuse an allow entry for others (no order arithmetic).
    assert others_who_read(FATIMA, [Ace(USERS, FULL_CONTROL, DENY),
                                    Ace(USERS, READ_AND_EXECUTE, ALLOW)]) == [USERS]


def test_the_owner_may_be_someone_else_than_the_user_who_reads():
    # An administrator made the file, then gave it to Karim: Fatima reading it is "others".
    assert others_who_read(KARIM, [*IN_OWN_FOLDER]) == [FATIMA]


def test_no_access_list_at_all_means_everyone_reads():
    assert others_who_read(FATIMA, None) == [EVERYONE]  # a FAT USB stick


def test_an_entry_of_an_unknown_kind_is_not_trusted():
    assert others_who_read(FATIMA, [Ace("?", 0, 0x9)]) == ["?"]  # an allow-callback entry
    assert others_who_read(FATIMA, [Ace("?", 0, 0x11)]) == []  # a kind that grants nothing


def test_each_other_reader_is_named_once():
    aces = [Ace(USERS, READ_AND_EXECUTE, ALLOW), Ace(USERS, FULL_CONTROL, ALLOW),
            Ace(EVERYONE, FULL_CONTROL, ALLOW)]
    assert others_who_read(FATIMA, aces) == [USERS, EVERYONE]


@pytest.mark.skipif(os.name != "posix", reason="mode bits")
def test_on_linux_the_mode_bits_decide(tmp_path, monkeypatch):
    monkeypatch.setattr(owner_only, "WINDOWS", False)
    secret = tmp_path / "pw.txt"
    secret.write_text("x")
    secret.chmod(0o600)
    assert not owner_only.readable_by_others(secret)
    secret.chmod(0o640)
    assert owner_only.readable_by_others(secret)


def test_on_windows_the_access_list_decides_not_the_mode_bits(tmp_path, monkeypatch):
    secret = tmp_path / "pw.txt"
    secret.write_text("x")
    secret.chmod(0o600)
    monkeypatch.setattr(owner_only, "WINDOWS", True)
    lists = {"own": IN_OWN_FOLDER,
             "shared": [*IN_OWN_FOLDER, Ace(USERS, READ_AND_EXECUTE, ALLOW)]}
    kind = {"now": "shared"}
    monkeypatch.setattr(owner_only, "_windows_dacl", lambda path: (FATIMA, lists[kind["now"]]))
    assert owner_only.readable_by_others(secret)
    kind["now"] = "own"
    secret.chmod(0o644)  # meaningless on Windows
    assert not owner_only.readable_by_others(secret)


@pytest.mark.skipif(sys.platform != "win32", reason="the real access list: Windows workflow")
def test_on_windows_the_real_access_list_is_read(tmp_path):
    secret = tmp_path / "pw.txt"  # in the user's own temporary folder: owner, SYSTEM, admins
    secret.write_text("x")
    assert not owner_only.readable_by_others(secret)
    subprocess.run(["icacls", str(secret), "/grant", "*S-1-5-32-545:(R)"], check=True,
                   capture_output=True)  # Users may read it
    assert owner_only.readable_by_others(secret)
