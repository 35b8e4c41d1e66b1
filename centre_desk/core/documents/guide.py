"""The user guide as PDF, from its sources docs/guide/{fr,ar}.md (a small Markdown subset).

Sources: ``# Title`` once, ``## Chapter {#key}`` per chapter, paragraphs, ``- `` bullets and
``![caption](picture.png)`` pictures taken from a folder of screenshots; a missing picture is
drawn as a visible placeholder naming the file. Each chapter can also be rendered alone, so F1
opens the chapter of the screen in any PDF viewer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from centre_desk.core.documents.text import BOLD, REGULAR, has_arabic, register_fonts, visual, \
    wrap

MARGIN = 56
TEXT_SIZE, TITLE_SIZE, CHAPTER_SIZE = 11, 22, 16
LEADING = 16
TEAL = (0.05, 0.29, 0.36)
_CHAPTER = re.compile(r"^##\s+(.*?)\s*\{#([a-z0-9-]+)\}\s*$")
_PICTURE = re.compile(r"^!\[(.*)\]\((.+)\)\s*$")


@dataclass
class Block:
    kind: str  # "para", "bullet", "picture"
    text: str
    source: str = ""


@dataclass
class Chapter:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Guide:
    language: str
    title: str
    chapters: list[Chapter]

    def chapter(self, key: str) -> Chapter:
        for chapter in self.chapters:
            if chapter.key == key:
                return chapter
        raise KeyError(key)


def parse(source: str, language: str) -> Guide:
    title, chapters, paragraph = "", [], []

    def flush():
        if paragraph and chapters:
            chapters[-1].blocks.append(Block("para", " ".join(paragraph)))
        paragraph.clear()

    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            found = _CHAPTER.match(line)
            if not found:
                raise ValueError(f"a chapter needs a key, like '## Title {{#key}}': {line}")
            chapters.append(Chapter(found.group(2), found.group(1)))
        elif line.startswith("# "):
            title = line[2:].strip()
        elif chapters and _PICTURE.match(line):
            flush()
            caption, picture = _PICTURE.match(line).groups()
            chapters[-1].blocks.append(Block("picture", caption, picture))
        elif chapters and line.startswith("- "):
            flush()
            chapters[-1].blocks.append(Block("bullet", line[2:]))
        else:
            paragraph.append(line)
    flush()
    return Guide(language, title, chapters)


class _Writer:
    """Lays blocks down the page, right-aligned in Arabic, a new page when one is full."""

    def __init__(self, canvas: Canvas, rtl: bool, pictures: Path | None, footer: str):
        self.canvas, self.rtl, self.pictures, self.footer = canvas, rtl, pictures, footer
        self.width, self.height = A4
        self.room = self.width - 2 * MARGIN
        self.page = 1
        self.y = self.height - MARGIN

    def need(self, points: float) -> None:
        if self.y - points < MARGIN + 20:
            self.new_page()

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - MARGIN

    def _footer(self) -> None:
        self.canvas.setFont(REGULAR, 8)
        self.canvas.setFillColorRGB(0.4, 0.4, 0.4)
        self.canvas.drawCentredString(self.width / 2, MARGIN / 2,
                                      visual(f"{self.footer} — {self.page}"))
        self.canvas.setFillColorRGB(0, 0, 0)

    def line(self, text: str, font: str, size: float, indent: float = 0) -> None:
        self.canvas.setFont(font, size)
        drawn = visual(text, rtl=self.rtl) if has_arabic(text) or self.rtl else visual(text)
        if self.rtl:
            self.canvas.drawRightString(self.width - MARGIN - indent, self.y, drawn)
        else:
            self.canvas.drawString(MARGIN + indent, self.y, drawn)

    def text(self, text: str, font: str = REGULAR, size: float = TEXT_SIZE,
             indent: float = 0, bullet: bool = False) -> None:
        leading = size * 1.45
        for number, part in enumerate(wrap(text, font, size, self.room - indent)):
            self.need(leading)
            self.y -= leading
            if bullet and number == 0:
                self.canvas.setFont(font, size)
                x = self.width - MARGIN - indent + 10 if self.rtl else MARGIN + indent - 10
                self.canvas.drawCentredString(x, self.y, "•")
            self.line(part, font, size, indent)
        self.y -= size * 0.5

    def heading(self, text: str, size: float) -> None:
        self.need(size * 3)
        self.y -= size * 0.8
        self.canvas.setFillColorRGB(*TEAL)
        self.text(text, BOLD, size)
        self.canvas.setFillColorRGB(0, 0, 0)

    def picture(self, block: Block) -> None:
        path = (self.pictures / block.source) if self.pictures else None
        if path is not None and path.exists():
            image = ImageReader(str(path))
            wide, high = image.getSize()
            scale = min(self.room / wide, 300 / high, 1.0)
            draw_w, draw_h = wide * scale, high * scale
            self.need(draw_h + 30)
            self.y -= draw_h + 6
            x = MARGIN + (self.room - draw_w) / 2
            self.canvas.drawImage(image, x, self.y, draw_w, draw_h)
            self.canvas.setStrokeColorRGB(0.8, 0.8, 0.8)
            self.canvas.rect(x, self.y, draw_w, draw_h)
        else:  # visible, so a missing screenshot is noticed before the guide ships
            self.need(70)
            self.y -= 60
            self.canvas.setStrokeColorRGB(0.7, 0.3, 0.2)
            self.canvas.setDash(4, 3)
            self.canvas.rect(MARGIN, self.y, self.room, 54)
            self.canvas.setDash()
            self.canvas.setFont(REGULAR, 9)
            self.canvas.drawCentredString(self.width / 2, self.y + 23,
                                          f"[ picture missing: {block.source} ]")
        self.canvas.setFont(REGULAR, 9)
        self.canvas.setFillColorRGB(0.35, 0.35, 0.35)
        self.y -= 13
        caption = visual(block.text, rtl=self.rtl)
        self.canvas.drawCentredString(self.width / 2, self.y, caption)
        self.canvas.setFillColorRGB(0, 0, 0)
        self.y -= 10

    def finish(self) -> None:
        self._footer()
        self.canvas.save()


def render(guide: Guide, path: Path, pictures: Path | None = None,
           chapters: list[str] | None = None) -> Path:
    """The guide (or only the chapters named) as one PDF at ``path``, with bookmarks."""
    register_fonts()
    rtl = guide.language == "ar"
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1)
    canvas.setTitle(guide.title)
    canvas.setAuthor("Centre Desk")
    writer = _Writer(canvas, rtl, pictures, guide.title)
    writer.heading(guide.title, TITLE_SIZE)
    chosen = [c for c in guide.chapters if chapters is None or c.key in chapters]
    for index, chapter in enumerate(chosen):
        if index:
            writer.new_page()
        canvas.bookmarkPage(chapter.key)
        canvas.addOutlineEntry(chapter.title, chapter.key, level=0)
        writer.heading(chapter.title, CHAPTER_SIZE)
        for block in chapter.blocks:
            if block.kind == "picture":
                writer.picture(block)
            elif block.kind == "bullet":
                writer.text(block.text, indent=18, bullet=True)
            else:
                writer.text(block.text)
    writer.finish()
    return path



GUIDE_LANGUAGES = ("fr", "ar")


def file_name(language: str, chapter: str | None = None) -> str:
    return f"guide-{language}.pdf" if chapter is None else f"guide-{language}-{chapter}.pdf"


def build_all(sources: Path, out: Path, pictures: Path | None = None) -> list[Path]:
    """Every language's whole guide and each chapter alone (what F1 opens), written whole."""
    from centre_desk.core.documents.files import write_atomically

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for language in GUIDE_LANGUAGES:
        guide = parse((sources / f"{language}.md").read_text(encoding="utf-8"), language)
        targets = [(None, file_name(language))]
        targets += [([chapter.key], file_name(language, chapter.key))
                    for chapter in guide.chapters]
        for chosen, name in targets:
            written.append(write_atomically(out / name, lambda temporary, chosen=chosen:
                                            render(guide, temporary, pictures, chosen)))
    return written
