"""Translation catalogs: extract the strings from the code, update fr.po and ar.po, compile .mo.

    python installer/i18n.py update    # after changing user-visible strings
    python installer/i18n.py compile   # after translating (the .mo files are committed)
    python installer/i18n.py check     # fails if a string lacks a translation

Needs babel (a dependency: dates use its CLDR data); the program reads the .mo files with gettext.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("fr", "ar")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "counted": (1, 2), "translate_in": (2,)}


def extract() -> Catalog:
    template = Catalog(project="Centre Desk", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / "centre_desk", method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",)):
        template.add(message, None, [(f"centre_desk/{filename}", lineno)],
                     auto_comments=comments, context=context)
    return template


def load(language: str) -> Catalog:
    path = FOLDER / f"{language}.po"
    if not path.exists():
        return Catalog(locale=language, project="Centre Desk", charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def save(catalog: Catalog, language: str) -> None:
    output = io.BytesIO()
    # No source locations: they change with every edit and make every merge conflict.
    write_po(output, catalog, width=100, omit_header=False, sort_output=False,
             ignore_obsolete=True, include_previous=False, no_location=True)
    (FOLDER / f"{language}.po").write_bytes(output.getvalue())


def update() -> None:
    template = extract()
    for language in LANGUAGES:
        catalog = load(language)
        created = catalog.creation_date  # kept: a date that moves on every update conflicts
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = created
        save(catalog, language)
        print(f"{language}.po: {len(catalog)} strings")


def compiled(language: str) -> bytes:
    output = io.BytesIO()
    write_mo(output, load(language), use_fuzzy=False)
    return output.getvalue()


def compile_all() -> None:
    for language in LANGUAGES:
        (FOLDER / f"{language}.mo").write_bytes(compiled(language))
        print(f"{language}.mo written")


def missing(language: str) -> list[str]:
    """Strings in the code with no translation in ``language``."""
    catalog = load(language)
    absent = []
    for message in extract():
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = translated.string if translated else None
        if not strings or (isinstance(strings, tuple) and not all(strings)) or \
                (translated and translated.fuzzy):
            absent.append(message.id if isinstance(message.id, str) else message.id[0])
    return absent


def check() -> int:
    status = 0
    for language in LANGUAGES:
        absent = missing(language)
        if absent:
            status = 1
            print(f"{language}: {len(absent)} untranslated", *absent[:20], sep="\n  ")
        if (FOLDER / f"{language}.mo").read_bytes() != compiled(language):
            status = 1
            print(f"{language}.mo is older than {language}.po: run compile")
    return status


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    else:
        raise SystemExit(check())
