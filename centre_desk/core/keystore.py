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
import re
import secrets
import sys
from dataclasses import dataclass

from centre_desk.core.errors import DatabaseKeyMissing, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.paths import DataFolder

log = logging.getLogger(__name__)

SERVICE = "Centre Desk"
KEYRING = "keyring"
KEY_FILE = "file"
DPAPI_PREFIX = "dpapi:"
WINDOWS = sys.platform == "win32"  # a module setting, so tests can take the Windows branch
KEY_HEX = re.compile(r"[0-9a-f]{64}")
KEY_ID = re.compile(r"[0-9a-f]{24}")


@dataclass(frozen=True)
class DatabaseKey:
    hex: str
    storage: str  # KEYRING or KEY_FILE

    @property
    def sqlcipher_passphrase(self) -> str:
        # SQLCipher's raw-key form skips the slow passphrase derivation: the key is random.
        return f"x'{self.hex}'"


def key_id(value: str) -> str:
    """A fingerprint naming a key without revealing it; kept beside the database and in each
    backup's manifest, so the key is found again wherever the folder or the backup moves."""
    return hashlib.sha256(f"centre-desk-key:{value}".encode("ascii")).hexdigest()[:24]


def account_for(identifier: str) -> str:
    return f"database-{identifier}"


def legacy_keyring_account(folder: DataFolder) -> str:
    """Before key ids, the credential was named after the folder's absolute path."""
    digest = hashlib.sha256(str(folder.db.resolve()).encode("utf-8")).hexdigest()[:24]
    return f"database-{digest}"


def stored_key_id(folder: DataFolder) -> str | None:
    try:
        value = folder.key_id_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return value if KEY_ID.fullmatch(value) else None


def keyring_account(folder: DataFolder) -> str:
    """The credential of this folder's database: by key id, or by path for older folders."""
    identifier = stored_key_id(folder)
    return account_for(identifier) if identifier else legacy_keyring_account(folder)


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
        raise missing_key_error() from None


def read_key_file(folder: DataFolder) -> str:
    return _read_key_file(folder.key_file)


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


def _write_key_id(folder: DataFolder, value: str) -> None:
    path = folder.key_id_file
    temporary = path.with_suffix(".tmp")
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write(key_id(value) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _store(folder: DataFolder, value: str) -> DatabaseKey:
    """In the credential store when there is one that works, else in the owner-only key file."""
    folder.root.mkdir(parents=True, exist_ok=True)
    _write_key_id(folder, value)
    if _keyring_set(account_for(key_id(value)), value):
        folder.key_file.unlink(missing_ok=True)  # one place for the key, not two
        log.info("database key stored in the OS credential store")
        return DatabaseKey(value, KEYRING)
    _write_key_file(folder, value)
    log.warning("no OS credential store: database key kept in an owner-only key file")
    return DatabaseKey(value, KEY_FILE)


def create_key(folder: DataFolder) -> DatabaseKey:
    return _store(folder, secrets.token_hex(32))


def bad_key_file_error(path) -> ValidationError:
    return ValidationError(_("{path} is not a Centre Desk key file: it should hold one line of "
                             "64 characters, digits 0-9 and letters a-f.").format(path=path))


def _read_key_file(path) -> str:
    try:
        value = _unseal(path.read_text(encoding="ascii").strip()).strip().lower()
    except UnicodeDecodeError:
        raise bad_key_file_error(path) from None
    except IsADirectoryError:
        raise bad_key_file_error(path) from None
    except OSError as exc:
        from centre_desk.core.storage import os_fault

        raise os_fault(exc, path) from None
    if not KEY_HEX.fullmatch(value):
        raise bad_key_file_error(path)
    return value


def missing_key_error() -> DatabaseKeyMissing:
    return DatabaseKeyMissing(_(
        "The encryption key of this centre's database was not found, neither in this "
        "computer's credential store nor in the data folder. Without it the data cannot be read. "
        "Restore the recovery key (Centre Desk never creates a new database over an existing one)."
    ))


def load_key(folder: DataFolder) -> DatabaseKey:
    if folder.key_file.exists() or folder.key_file.is_symlink():
        return DatabaseKey(_read_key_file(folder.key_file), KEY_FILE)
    identifier = stored_key_id(folder)
    if identifier:
        value = _keyring_get(account_for(identifier))
        if value:
            return DatabaseKey(value, KEYRING)
    value = _keyring_get(legacy_keyring_account(folder))
    if value:
        _adopt_key_id(folder, value)
        return DatabaseKey(value, KEYRING)
    raise missing_key_error()


def _adopt_key_id(folder: DataFolder, value: str) -> None:
    """An older folder, its key filed under its path: file it under its id too, so that moving
    the folder keeps it opening. Best effort: a read-only folder just stays as it was."""
    try:
        _write_key_id(folder, value)
    except OSError as exc:
        log.info("key id not written (%s): the folder keeps its path-named key", exc.errno)
        return
    _keyring_set(account_for(key_id(value)), value)


def key_by_id(identifier: str) -> DatabaseKey | None:
    """The key with this fingerprint, when this computer's credential store holds it."""
    value = _keyring_get(account_for(identifier)) if KEY_ID.fullmatch(identifier or "") else None
    return DatabaseKey(value, KEYRING) if value else None


def matches_folder(folder: DataFolder, key: DatabaseKey) -> bool:
    """True when the folder's key id names this key: a key that then fails means damage."""
    return stored_key_id(folder) == key_id(key.hex)


def store_key(folder: DataFolder, key: DatabaseKey) -> DatabaseKey:
    """File a key (checked by the caller) as this folder's key."""
    return _store(folder, key.hex)


def import_recovery_key(folder: DataFolder, value: str) -> DatabaseKey:
    """Put back a key saved with the recovery sheet; the caller checks it opens the database."""
    value = value.strip().lower()
    if not KEY_HEX.fullmatch(value):
        raise ValidationError(_("A recovery key is 64 characters, digits 0-9 and letters a-f."))
    return _store(folder, value)
