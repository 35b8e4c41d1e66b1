"""A plain document of headed sections (the access dossier, the register of processing): the
text is already in words and in one language; Arabic is drawn right to left."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from centre_desk.core.documents.files import write_atomically
from centre_desk.core.documents.text import BOLD, REGULAR, register_fonts, visual, wrap

MARGIN = 50
INK = (0.1, 0.16, 0.2)
ACCENT = (0.07, 0.41, 0.51)
WARNING = (0.62, 0.16, 0.1)


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]
    flagged: bool = False  # drawn in the warning colour (e.g. needs the CNDP's authorisation)


@dataclass(frozen=True)
class SectionedDocument:
    title: str
    subtitle: str
    rtl: bool
    sections: tuple[Section, ...]
    footer: str = ""
    author: str = ""
    notes: tuple[str, ...] = field(default=())


class _Writer:
    def __init__(self, canvas: Canvas, document: SectionedDocument):
        self.canvas = canvas
        self.document = document
        self.width, self.height = A4
        self.room = self.width - 2 * MARGIN
        self.page = 1
        self.y = self.height - MARGIN

    def line(self, text: str, font: str = REGULAR, size: float = 10, colour=INK,
             gap: float = 4) -> None:
        for part in wrap(text, font, size, self.room):
            if self.y < MARGIN + 30:
                self.new_page()
            self.canvas.setFont(font, size)
            self.canvas.setFillColorRGB(*colour)
            drawn = visual(part, self.document.rtl)
            if self.document.rtl:
                self.canvas.drawRightString(self.width - MARGIN, self.y, drawn)
            else:
                self.canvas.drawString(MARGIN, self.y, drawn)
            self.y -= size + gap

    def new_page(self) -> None:
        self.footer()
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - MARGIN

    def footer(self) -> None:
        self.canvas.setFont(REGULAR, 8)
        self.canvas.setFillColorRGB(*INK)
        text = visual(f"{self.document.footer} — {self.page}", self.document.rtl)
        self.canvas.drawCentredString(self.width / 2, MARGIN / 2, text)


def render(document: SectionedDocument, path: Path) -> Path:
    register_fonts()

    def write(temporary: Path) -> None:
        canvas = Canvas(str(temporary), pagesize=A4, pageCompression=1)
        canvas.setTitle(document.title)
        canvas.setAuthor(document.author)
        writer = _Writer(canvas, document)
        writer.line(document.title, BOLD, 16, ACCENT, gap=6)
        writer.line(document.subtitle, REGULAR, 10, INK)
        writer.y -= 6
        for note in document.notes:
            writer.line(note, BOLD, 10, WARNING)
        for section in document.sections:
            writer.y -= 6
            writer.line(section.heading, BOLD, 12, WARNING if section.flagged else ACCENT)
            for text in section.lines or ("—",):
                writer.line(text, REGULAR, 10, WARNING if section.flagged else INK)
        writer.footer()
        canvas.save()

    return write_atomically(path, write)
