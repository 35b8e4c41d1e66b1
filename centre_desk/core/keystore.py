"""The database encryption key: random, made once, kept in the OS credential store.

Where no credential store works (a headless Linux machine, a Windows PC whose Credential Manager
refuses) the key goes to a file in the data folder readable only by its owner; that fallback is
reported to the user and logged. Owner-only means mode 0600 on Linux and, on Windows, where mode
bits keep nobody out, the key sealed with DPAPI for this Windows user (``dpapi:`` + base64).
"""
from __future__ import annotations

import base64
import hashlib
import logging
import os
import secrets
import sys
from dataclasses import dataclass

from centre_desk.core.errors import DatabaseKeyMissing
from centre_desk.core.i18n import _
from centre_desk.core.paths import DataFolder

log = logging.getLogger(__name__)

SERVICE = "Centre Desk"
KEYRING = "keyring"
KEY_FILE = "file"
DPAPI_PREFIX = "dpapi:"
WINDOWS = sys.platform == "win32"  # a module setting, so tests can take the Windows branch


@dataclass(frozen=True)
class DatabaseKey:
    hex: str
    storage: str  # KEYRING or KEY_FILE

    @property
    def sqlcipher_passphrase(self) -> str:
        # SQLCipher's raw-key form skips the slow passphrase derivation: the key is random.
        return f"x'{self.hex}'"


def keyring_account(folder: DataFolder) -> str:
    """One credential per data folder, so a demo centre and a real one never share a key."""
    digest = hashlib.sha256(str(folder.db.resolve()).encode("utf-8")).hexdigest()[:24]
    return f"database-{digest}"


def _keyring_get(account: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(SERVICE, account)
    except Exception as exc:  # no usable backend: treated as "not there"
        log.info("credential store unavailable for reading: %s", type(exc).__name__)
        return None


def _keyring_set(account: str, value: str) -> bool:
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            return False
        keyring.set_password(SERVICE, account, value)
        return keyring.get_password(SERVICE, account) == value
    except Exception as exc:
        log.info("credential store unavailable for writing: %s", type(exc).__name__)
        return False


def _seal(value: str) -> str:
    """What the key file holds: the key itself (Linux, mode 0600) or, on Windows, sealed."""
    if not WINDOWS:
        return value
    from centre_desk.core import windows_secret

    return DPAPI_PREFIX + base64.b64encode(windows_secret.protect(value.encode("ascii"))).decode()


def _unseal(text: str) -> str:
    if not text.startswith(DPAPI_PREFIX):
        return text
    from centre_desk.core import windows_secret

    try:
        return windows_secret.unprotect(base64.b64decode(text[len(DPAPI_PREFIX):])).decode("ascii")
    except (OSError, ValueError):
        # Sealed for another Windows user or computer: as if there were no key here.
        log.warning("the key file is sealed for another Windows user or computer")
        raise _missing_key() from None


def read_key_file(folder: DataFolder) -> str:
    return _unseal(folder.key_file.read_text(encoding="ascii").strip())


def _write_key_file(folder: DataFolder, value: str) -> None:
    path = folder.key_file
    temporary = path.with_suffix(".tmp")
    sealed = _seal(value)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(sealed + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _store(folder: DataFolder, value: str) -> DatabaseKey:
    """In the credential store when there is one that works, else in the owner-only key file."""
    if _keyring_set(keyring_account(folder), value):
        log.info("database key stored in the OS credential store")
        return DatabaseKey(value, KEYRING)
    _write_key_file(folder, value)
    log.warning("no OS credential store: database key kept in an owner-only key file")
    return DatabaseKey(value, KEY_FILE)


def create_key(folder: DataFolder) -> DatabaseKey:
    return _store(folder, secrets.token_hex(32))


def load_key(folder: DataFolder) -> DatabaseKey:
    if folder.key_file.exists():
        return DatabaseKey(read_key_file(folder), KEY_FILE)
    value = _keyring_get(keyring_account(folder))
    if value:
        return DatabaseKey(value, KEYRING)
    raise _missing_key()


def _missing_key() -> DatabaseKeyMissing:
    return DatabaseKeyMissing(_(
        "The encryption key of this centre's database was not found, neither in this "
        "computer's credential store nor in the data folder. Without it the data cannot be read. "
        "Restore the recovery key (Centre Desk never creates a new database over an existing one)."
    ))


def import_recovery_key(folder: DataFolder, value: str) -> DatabaseKey:
    """Put back a key saved with the recovery sheet; the caller checks it opens the database."""
    value = value.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        from centre_desk.core.errors import ValidationError

        raise ValidationError(_("A recovery key is 64 characters, digits 0-9 and letters a-f."))
    return _store(folder, value)
