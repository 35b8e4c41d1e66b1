"""What a PDF page draws, read from its content stream: each string in drawing order (a text
object's glyph codes turned back to characters through the font's ToUnicode map, no
reordering, no guessing of spaces) and each image with where it is placed. A text extractor
rearranges right-to-left lines in its own way, so two numbers swapped in an Arabic sentence
extract much the same; read this way, a page of Centre Desk is compared string for string
with what the program draws (services.verification)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_SHOW = {b"Tj", b"'", b'"', b"TJ"}


@dataclass(frozen=True)
class PlacedImage:
    """An image and the matrix that maps its unit square onto the page."""

    matrix: Matrix
    width: int
    height: int
    xobject: object = field(repr=False, compare=False)

    def dark(self) -> tuple[tuple[bool, ...], ...] | None:
        """Per pixel, is it dark? None for a format that is not read (8-bit grey or RGB are,
        as reportlab writes them) or an image too large to be a QR code."""
        return _dark_pixels(self.xobject, self.width, self.height)


@dataclass
class DrawnPage:
    strings: list[str] = field(default_factory=list)
    images: list[PlacedImage] = field(default_factory=list)
    extracted: str = ""  # a text extractor's reading, kept where no serial was drawn

    @property
    def text(self) -> str:
        return "\n".join([*self.strings, self.extracted])


def read_page(page, reader) -> DrawnPage:
    drawn = DrawnPage()
    _walk(page.get_contents(), page.get("/Resources"), IDENTITY, reader, drawn, {}, 0)
    return drawn


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


def _walk(contents, resources, ctm: Matrix, reader, drawn: DrawnPage, maps: dict,
          depth: int) -> None:
    from pypdf.generic import ContentStream

    if contents is None or depth > 4:  # forms inside forms: ours nest one deep
        return
    resources = resources.get_object() if resources is not None else {}
    fonts = resources.get("/Font") or {}
    xobjects = resources.get("/XObject") or {}
    stack, text, code_map = [], None, {}
    for operands, operator in ContentStream(contents, reader).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop() if stack else ctm
        elif operator == b"cm":
            ctm = _multiply(tuple(float(value) for value in operands), ctm)
        elif operator == b"BT":
            text = []
        elif operator == b"ET":
            if text:
                drawn.strings.append("".join(text))
            text = None
        elif operator == b"Tf":
            code_map = _code_map(fonts.get(operands[0]), maps)
        elif operator in _SHOW and text is not None:
            pieces = operands[-1] if operator == b"TJ" else [operands[-1]]
            text.extend(_decode(piece, code_map) for piece in pieces
                        if not isinstance(piece, (int, float)))
        elif operator == b"Do":
            _place(xobjects.get(operands[0]), ctm, reader, drawn, maps, depth)


def _place(xobject, ctm: Matrix, reader, drawn: DrawnPage, maps: dict, depth: int) -> None:
    if xobject is None:
        return
    xobject = xobject.get_object()
    if xobject.get("/Subtype") == "/Image":
        drawn.images.append(_image(xobject, ctm))
    elif xobject.get("/Subtype") == "/Form":
        matrix = tuple(float(value) for value in xobject.get("/Matrix", IDENTITY))
        _walk(xobject, xobject.get("/Resources"), _multiply(matrix, ctm), reader, drawn,
              maps, depth + 1)


def _raw(piece) -> bytes:
    """The string's bytes as written. pypdf makes text of a string that is not valid
    PDFDocEncoding (glyph 0, for one) and its get_original_bytes() then adds a byte order mark;
    original_bytes keeps what was read."""
    if isinstance(piece, bytes):
        return bytes(piece)
    return piece.original_bytes


def _decode(piece, code_map: dict[int, str]) -> str:
    raw = _raw(piece)
    if not code_map:
        return raw.decode("latin-1")
    return "".join(code_map.get(code, "\ufffd") for code in raw)


def _code_map(font, maps: dict) -> dict[int, str]:
    """One byte a glyph, as reportlab writes its font subsets, through the ToUnicode map."""
    if font is None:
        return {}
    key = getattr(font, "idnum", None) or id(font)
    if key not in maps:
        stream = font.get_object().get("/ToUnicode")
        result = {}
        if stream is not None:
            for block in _BFCHAR.findall(stream.get_object().get_data()):
                for code, value in _PAIR.findall(block):
                    result[int(code, 16)] = bytes.fromhex(value.decode()).decode(
                        "utf-16-be", "replace")
        maps[key] = result
    return maps[key]


def _image(xobject, ctm: Matrix) -> PlacedImage:
    return PlacedImage(ctm, int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0)),
                       xobject)


def _dark_pixels(xobject, width: int, height: int):
    channels = {"/DeviceRGB": 3, "/DeviceGray": 1}.get(xobject.get("/ColorSpace"))
    if not channels or int(xobject.get("/BitsPerComponent", 0)) != 8 \
            or not 0 < width * height <= 40_000:
        return None
    data = xobject.get_data()
    if len(data) < width * height * channels:
        return None
    return tuple(tuple(data[(row * width + column) * channels] < 128
                       for column in range(width)) for row in range(height))
