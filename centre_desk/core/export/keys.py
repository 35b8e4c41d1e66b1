"""The association key: made once by headquarters, entered once per centre by an administrator,
kept like the database key (OS credential store, else an owner-only file in the data folder),
never written into an export. It signs the manifests (HMAC-SHA256) and makes the pseudonyms."""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from centre_desk.core import keystore, storage
from centre_desk.core.errors import UserError, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.paths import DataFolder
from centre_desk.core.security import Actor, Permission, require

log = logging.getLogger(__name__)

# Known to everyone on purpose: a demo centre's packages prove nothing about their origin.
DEMO_KEY = hashlib.sha256(b"Centre Desk demo association key").hexdigest()


def new_key() -> str:
    return secrets.token_hex(32)


def parse_key(text: str) -> str:
    """A key typed or read from HQ's file: 64 hexadecimal characters, spaces ignored."""
    value = "".join(text.split()).lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValidationError(_("An association key is 64 characters, digits 0-9 and letters "
                                "a-f."), "association_key")
    return value


def fingerprint(key: str) -> str:
    """What HQ and the centre compare by phone: 4 groups of 4 characters."""
    digest = hashlib.sha256(("fingerprint:" + key).encode("ascii")).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def read_key_file(path: Path) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise storage.read_fault(exc, path) from None
    except UnicodeDecodeError:
        text = ""  # not text: not a key, said as for any other wrong content
    return parse_key(text.splitlines()[0] if text.strip() else "")


def write_key_file(path: Path, key: str) -> Path:
    """HQ's copy of a new key, owner-only."""
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UserError(_("{path} already exists: Centre Desk never overwrites a key.").format(
            path=path)) from None
    except OSError as exc:
        raise storage.os_fault(exc, path.parent) from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return path


def _account(folder: DataFolder) -> str:
    return "association-" + keystore.keyring_account(folder).removeprefix("database-")


def _file(folder: DataFolder) -> Path:
    return folder.root / "association.key"


def store_key(actor: Actor, folder: DataFolder, key: str) -> str:
    """Keep the centre's association key; returns its fingerprint."""
    require(actor, Permission.EDIT_CENTRE)
    key = parse_key(key)
    if not keystore._keyring_set(_account(folder), key):
        path = _file(folder)
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
        os.replace(temporary, path)
        log.warning("no OS credential store: association key kept in an owner-only file")
    from centre_desk.core.models import transaction
    from centre_desk.core.services import audit

    with transaction():
        audit.record(actor, "update", "association_key", None, "fingerprint " + fingerprint(key))
    return fingerprint(key)


def load_key(folder: DataFolder) -> str | None:
    if _file(folder).exists():
        return parse_key(_file(folder).read_text(encoding="ascii"))
    value = keystore._keyring_get(_account(folder))
    if value:
        return parse_key(value)
    if folder.is_demo:
        return DEMO_KEY
    return None


def require_key(folder: DataFolder) -> str:
    key = load_key(folder)
    if key is None:
        raise UserError(_("This centre has no association key yet: an administrator enters the "
                          "key sent by headquarters first (Settings, or the association-key "
                          "command)."))
    return key


def sign(key: str, data: bytes) -> str:
    return hmac.new(bytes.fromhex(key), data, hashlib.sha256).hexdigest()


def pseudonym(key: str, centre_code: str, child_id: int) -> str:
    return sign(key, f"{centre_code}:{child_id}".encode("utf-8"))[:16]
