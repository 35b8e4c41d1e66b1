"""HQ's consolidation: every valid package into one Data Package (a ``centre`` and a ``period``
column in front of every table) and one workbook. Packages are read twice, as streams: once to
check them all, once to copy their rows, so memory does not grow with their number and a
failing package writes nothing."""
from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from centre_desk.core.documents.files import write_atomically
from centre_desk.core import storage
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, ngettext
from centre_desk.hq.package import Package, PackageRefused, open_for_reading, open_package

log = logging.getLogger(__name__)
CENTRE_FIELDS = [{"name": "centre", "type": "string", "constraints": {"required": True}},
                 {"name": "period", "type": "string", "constraints": {"required": True}}]


@dataclass
class MergeResult:
    out: Path
    used: list[Package] = field(default_factory=list)
    replaced: list[tuple[Path, str]] = field(default_factory=list)  # (path, why)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    authenticated: bool = False
    rows: dict[str, int] = field(default_factory=dict)

    def report_text(self) -> str:
        lines = [ngettext("{n} package consolidated in {out}.",
                          "{n} packages consolidated in {out}.", len(self.used)).format(
            n=len(self.used), out=self.out)]
        lines.append(_("Origin checked with the association key.") if self.authenticated else
                     _("Origin NOT authenticated: no association key was given, only the files' "
                       "hashes were checked."))
        for path, why in self.replaced:
            lines.append(_("Left out, {name}: {reason}").format(name=path.name, reason=why))
        for path, why in self.failed:
            lines.append(_("Refused, {name}: {reason}").format(name=path.name, reason=why))
        for table, count in sorted(self.rows.items()):
            lines.append(f"{table}.csv: {count}")
        return "\n".join(lines)


def _choose(packages: list[Package], result: MergeResult) -> list[Package]:
    """A later export of the same centre, period and level replaces the earlier; the same
    export given twice counts once."""
    chosen: dict[tuple, Package] = {}
    for package in sorted(packages, key=lambda p: (p.centre, p.period, p.level, p.sequence,
                                                   p.path.name)):
        key = (package.centre, package.period, package.level)
        earlier = chosen.get(key)
        if earlier is not None:
            if earlier.sequence == package.sequence and earlier.signature == package.signature:
                result.replaced.append((package.path, _("the same export as {name}").format(
                    name=earlier.path.name)))
                continue
            result.replaced.append((earlier.path, _("replaced by the later export {n}").format(
                n=package.sequence)))
        chosen[key] = package
    return sorted(chosen.values(), key=lambda p: (p.centre, p.period, p.level, p.sequence))


class _Tables:
    """One output CSV per table, open while the packages are copied."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.handles: dict[str, io.TextIOWrapper] = {}
        self.resources: dict[str, dict] = {}
        self.rows: dict[str, int] = {}

    def add_resource(self, resource: dict) -> str:
        name = resource["name"]
        if name not in self.resources:
            merged = json.loads(json.dumps(resource))
            schema = merged["schema"]
            schema["fields"] = CENTRE_FIELDS + schema["fields"]
            if schema.get("primaryKey"):
                schema["primaryKey"] = ["centre", "period"] + schema["primaryKey"]
            for key in schema.get("foreignKeys", []):
                key["fields"] = ["centre", "period"] + key["fields"]
                key["reference"]["fields"] = ["centre", "period"] + key["reference"]["fields"]
            self.resources[name] = merged
            handle = open(self.folder / f"{name}.csv", "w", encoding="utf-8", newline="")
            handle.write("\ufeff" + ";".join(f["name"] for f in schema["fields"]) + "\r\n")
            self.handles[name], self.rows[name] = handle, 0
        else:  # the same table sent suppressed by one centre, in full by another
            known = {f["name"]: f for f in self.resources[name]["schema"]["fields"]}
            for described in resource["schema"]["fields"]:
                if known[described["name"]]["type"] != described["type"]:
                    known[described["name"]].update(type="string")
                    known[described["name"]].pop("decimalChar", None)
                    known[described["name"]].get("constraints", {}).pop("minimum", None)
        return name

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def _copy(package: Package, tables: _Tables, password: str | None) -> None:
    prefix = f"{package.centre};{package.period_label};"
    with open_for_reading(package.path, password) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        for resource in descriptor["resources"]:
            name = tables.add_resource(resource)
            handle = tables.handles[name]
            with archive.open(resource["path"]) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                text.readline()
                count = 0
                for line in text:
                    handle.write(prefix + line)
                    count += 1
            tables.rows[name] += count


def consolidate(paths: list[Path], out: Path, key: str | None, password: str | None = None,
                strict: bool = False, language: str = "fr", progress=None) -> MergeResult:
    result = MergeResult(Path(out), authenticated=key is not None)
    packages = []
    for index, path in enumerate(sorted(set(Path(p) for p in paths), key=lambda p: p.name)):
        try:
            packages.append(open_package(path, key, password))
        except PackageRefused as refused:
            result.failed.append((path, refused.message))
            log.info("package refused: %s", refused.message)
        if progress:
            progress(index + 1, 2 * len(paths))
    if strict and result.failed:
        raise UserError(_("Nothing consolidated (--strict): {name}: {reason}").format(
            name=result.failed[0][0].name, reason=result.failed[0][1]))
    if not packages:
        raise UserError(_("No valid package to consolidate.") + "\n" + result.report_text())
    result.used = _choose(packages, result)
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage.os_fault(exc, out) from None
    scratch = out / ".consolidating"
    scratch.mkdir(exist_ok=True)
    tables = _Tables(scratch)
    try:
        for index, package in enumerate(result.used):
            _copy(package, tables, password)
            if progress:
                progress(len(paths) + index + 1, len(paths) + len(result.used))
    finally:
        tables.close()
    result.rows = dict(tables.rows)
    resources = [tables.resources[name] for name in sorted(tables.resources)]
    for resource in resources:
        (scratch / resource["path"]).replace(out / resource["path"])
    scratch.rmdir()
    _write(out / "datapackage.json", json.dumps({
        "profile": "tabular-data-package", "name": "consolidation",
        "title": "Consolidation", "resources": resources}, ensure_ascii=False,
        indent=2).encode("utf-8"))
    _write(out / "consolidation.txt", _report_file(result).encode("utf-8"))
    from centre_desk.hq import workbook

    write_atomically(out / "consolidation.xlsx",
                     lambda temporary: workbook.write(temporary, out, resources, language))
    return result


def _write(path: Path, data: bytes) -> None:
    write_atomically(path, lambda temporary: temporary.write_bytes(data))


def _report_file(result: MergeResult) -> str:
    """What was consolidated, without the folder's name (the same inputs give the same file)."""
    lines = ["\ufeff" + ("authenticated" if result.authenticated else "NOT authenticated")]
    for package in result.used:
        lines.append(f"used;{package.path.name};{package.centre};{package.period_label};"
                     f"{package.level};{package.sequence}")
    for path, why in result.replaced:
        lines.append(f"left out;{path.name};{why}")
    for path, why in result.failed:
        lines.append(f"refused;{path.name};{why}")
    return "\r\n".join(lines) + "\r\n"
