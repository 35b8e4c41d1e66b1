"""The user guide: both languages have the same chapters, F1's chapters exist, the PDF has them
as bookmarks, and a missing picture is a visible placeholder."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from centre_desk.core.documents import guide

SOURCES = Path(__file__).resolve().parents[2] / "docs" / "guide"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "resources" / "screenshots"
NEEDED = {"first-start", "roll-call", "registering", "certificates", "backups", "export"}


def load(language: str) -> guide.Guide:
    return guide.parse((SOURCES / f"{language}.md").read_text(encoding="utf-8"), language)


def test_french_and_arabic_have_the_same_chapters_and_every_one_f1_needs():
    french, arabic = load("fr"), load("ar")
    keys = [chapter.key for chapter in french.chapters]
    assert keys == [chapter.key for chapter in arabic.chapters]
    assert NEEDED <= set(keys)
    assert all(chapter.blocks for chapter in french.chapters + arabic.chapters)


def test_a_chapter_without_a_key_is_refused():
    with pytest.raises(ValueError, match="key"):
        guide.parse("# Guide\n## Sans clé\ntexte", "fr")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_guide_pdf_has_a_bookmark_per_chapter(tmp_path, language):
    source = load(language)
    path = guide.render(source, tmp_path / "guide.pdf", SCREENSHOTS)
    reader = PdfReader(path)
    assert [item.title for item in reader.outline] == [c.title for c in source.chapters]
    assert len(reader.pages) >= len(source.chapters)


def test_a_chapter_alone_and_a_missing_picture_shown_as_such(tmp_path):
    source = guide.parse("# Guide\n## Appel {#roll-call}\nTapez A pour absent.\n\n"
                         "![L'appel](absent-picture.png)\n- une puce\n", "fr")
    path = guide.render(source, tmp_path / "chapter.pdf", tmp_path, ["roll-call"])
    text = PdfReader(path).pages[0].extract_text()
    assert "Tapez A pour absent." in text
    assert "picture missing: absent-picture.png" in text


def test_build_all_writes_the_whole_guide_and_each_chapter(tmp_path):
    written = guide.build_all(SOURCES, tmp_path, SCREENSHOTS)
    names = {path.name for path in written}
    assert {"guide-fr.pdf", "guide-ar.pdf", "guide-fr-roll-call.pdf",
            "guide-ar-certificates.pdf"} <= names
    assert all(path.read_bytes().startswith(b"%PDF-") for path in written)
