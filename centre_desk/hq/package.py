"""Opening a centre's package safely and checking it: a zip that would write outside its
folder, expand absurdly or hold gigabytes is refused before anything is read from it; then
each file's SHA-256, the manifest's HMAC (with the association key), the schema version and
the period."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _

SCHEMA_VERSION = 1
MAX_ENTRIES = 100
MAX_ENTRY_BYTES = 1 << 30  # 1 GiB: a year of every mark of a large centre is ~70 MB
MAX_TOTAL_BYTES = 2 << 30
MAX_RATIO = 200  # CSV deflates 5 to 30 times; a zip bomb, thousands of times


class PackageRefused(UserError):
    """A package left out, with the reason."""


def _open(path: Path, password: str | None):
    import pyzipper

    try:
        archive = pyzipper.AESZipFile(path)
    except FileNotFoundError:
        raise PackageRefused(_("file not found")) from None
    except (zipfile.BadZipFile, OSError):
        raise PackageRefused(_("not a zip file, or a damaged one")) from None
    if password:
        archive.setpassword(password.encode("utf-8"))
    return archive


def check_safe(archive) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageRefused(_("unsafe zip: {n} files inside").format(n=len(infos)))
    total = 0
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if (name.startswith(("/", "\\")) or ":" in name or ".." in parts or len(parts) != 1
                or info.is_dir()):
            raise PackageRefused(_("unsafe zip: the path {name} leaves the package's folder")
                                 .format(name=name))
        if info.file_size > MAX_ENTRY_BYTES:
            raise PackageRefused(_("unsafe zip: {name} would take {size} MB").format(
                name=name, size=info.file_size >> 20))
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageRefused(_("unsafe zip: {name} expands {ratio} times (a zip bomb)")
                                 .format(name=name, ratio=info.file_size // max(
                                     info.compress_size, 1)))
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise PackageRefused(_("unsafe zip: {size} MB once expanded").format(size=total >> 20))


def read_member(archive, name: str, chunk: int = 1 << 20):
    """The member's bytes in chunks, never more than the size its header declares."""
    info = archive.getinfo(name)
    read = 0
    try:
        with archive.open(info) as handle:
            while data := handle.read(chunk):
                read += len(data)
                if read > info.file_size:
                    raise PackageRefused(_("unsafe zip: {name} is larger than it says").format(
                        name=name))
                yield data
    except RuntimeError as exc:  # zipfile / pyzipper: encrypted without password, bad one
        if "password" in str(exc).lower():
            raise PackageRefused(_("the zip has a password: give it (--password-file), or it "
                                   "is not the right one")) from None
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        if "password" in str(exc).lower():
            raise PackageRefused(_("wrong password")) from None
        raise PackageRefused(_("damaged zip ({detail})").format(detail=exc)) from None


def read_all(archive, name: str) -> bytes:
    return b"".join(read_member(archive, name))


@dataclass(frozen=True)
class Package:
    """What is kept of a checked package: a few words, so that memory does not grow with the
    number of packages (the tables are read again from the zip when copied)."""

    path: Path
    centre: str
    period: tuple[str, str]
    period_label: str
    level: str
    sequence: int
    signature: str
    authenticated: bool


def _canonical(manifest: dict) -> bytes:
    return json.dumps({k: v for k, v in manifest.items() if k != "hmac_sha256"},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _check_manifest(manifest: dict) -> None:
    try:
        version = manifest["schema_version"]
        if version != SCHEMA_VERSION:
            raise PackageRefused(_("schema version {found}, this program reads version "
                                   "{known}").format(found=version, known=SCHEMA_VERSION))
        start = dt.date.fromisoformat(manifest["period"]["start"])
        end = dt.date.fromisoformat(manifest["period"]["end"])
        if end < start:
            raise PackageRefused(_("its period ends before it starts"))
        for name in ("centre_code", "level", "sequence", "files"):
            manifest[name]
    except (KeyError, TypeError, ValueError):
        raise PackageRefused(_("its manifest is incomplete")) from None


def open_package(path: Path, key: str | None, password: str | None = None) -> Package:
    """Checks everything; raises PackageRefused with the reason."""
    with _open(path, password) as archive:
        check_safe(archive)
        names = {info.filename for info in archive.infolist()}
        if "manifest.json" not in names or "datapackage.json" not in names:
            raise PackageRefused(_("not a Centre Desk package (no manifest.json or "
                                   "datapackage.json)"))
        try:
            manifest = json.loads(read_all(archive, "manifest.json"))
        except ValueError:
            raise PackageRefused(_("its manifest is not readable")) from None
        _check_manifest(manifest)
        listed = set(manifest["files"])
        if names - listed - {"manifest.json"}:
            raise PackageRefused(_("{name} is not in the manifest").format(
                name=sorted(names - listed - {"manifest.json"})[0]))
        if listed - names:
            raise PackageRefused(_("{name} is missing").format(name=sorted(listed - names)[0]))
        authenticated = False
        if key is not None:
            expected = hmac.new(bytes.fromhex(key), _canonical(manifest),
                                hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, str(manifest.get("hmac_sha256", ""))):
                raise PackageRefused(_("its signature does not match the association key "
                                       "(another key, or the manifest was altered)"))
            authenticated = True
        for name in sorted(listed):
            digest = hashlib.sha256()
            for data in read_member(archive, name):
                digest.update(data)
            if digest.hexdigest() != manifest["files"][name].get("sha256"):
                raise PackageRefused(_("{name} was altered (its SHA-256 does not match the "
                                       "manifest)").format(name=name))
        try:
            descriptor = json.loads(read_all(archive, "datapackage.json"))
            for resource in descriptor["resources"]:
                if resource["path"] not in listed or not resource["schema"]["fields"]:
                    raise KeyError(resource["path"])
        except (ValueError, KeyError, TypeError):
            raise PackageRefused(_("its datapackage.json is not readable")) from None
        for resource in descriptor["resources"]:  # rows are copied by position: same columns
            first = next(read_member(archive, resource["path"], 4096), b"")
            header = first.decode("utf-8", "replace").lstrip("\ufeff").split("\r\n", 1)[0]
            if header.split(";") != [field["name"] for field in resource["schema"]["fields"]]:
                raise PackageRefused(_("the columns of {name} are not those its "
                                       "datapackage.json describes").format(
                    name=resource["path"]))
    period = manifest["period"]
    return Package(Path(path), str(manifest["centre_code"]), (period["start"], period["end"]),
                   str(period.get("label", "")), str(manifest["level"]),
                   int(manifest["sequence"]), str(manifest.get("hmac_sha256", "")),
                   authenticated)


def open_for_reading(path: Path, password: str | None):
    archive = _open(path, password)
    check_safe(archive)
    return archive
