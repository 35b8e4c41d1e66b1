"""What a forger does to a genuine PDF of Centre Desk, done with pypdf: numbers swapped in
the drawn text of a page, a QR image replaced by another one's pixels."""
from __future__ import annotations

import re

from pypdf import PdfWriter


def rewritten(path, out, change=lambda data: data):
    """The PDF written again by pypdf with its page's decompressed content stream changed."""
    from pypdf.generic import DecodedStreamObject

    writer = PdfWriter(clone_from=str(path))
    page = writer.pages[0]
    stream = DecodedStreamObject()
    stream.set_data(change(page.get_contents().get_data()))
    page.replace_contents(stream)
    with open(out, "wb") as handle:
        writer.write(handle)
    return out


SHOWN = re.compile(rb"\(((?:[^()\\]|\\.)*)\)( ?Tj)", re.S)
ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def unescaped(literal):
    return ESCAPE.sub(lambda m: bytes([int(m.group(1), 8) & 255]) if m.group(1)[:1].isdigit()
                      else ESCAPED.get(m.group(1), m.group(1)), literal)


def swap_last(data, first, second):
    """Swap the last standalone ``first`` with the last standalone ``second`` among the
    strings the page shows (digits are drawn as their ASCII codes: reportlab keeps 32-127
    in its first font subset). In a bilingual page the last ones are the Arabic text's."""
    shown = list(SHOWN.finditer(data))
    codes = [bytearray(unescaped(match.group(1))) for match in shown]
    where = {}
    for number in (first, second):
        pattern = re.compile(rb"(?<![0-9A-Za-z\-])" + number + rb"(?![0-9A-Za-z\-])")
        found = [(index, hit.start()) for index, text in enumerate(codes)
                 for hit in pattern.finditer(bytes(text))]
        assert found, number
        where[number] = found[-1]
    edits = sorted(((*where[number], number, other) for number, other in
                    ((first, second), (second, first))), reverse=True)
    for index, start, number, other in edits:  # from the end: offsets stay right
        codes[index][start:start + len(number)] = other
    out, last = [], 0
    for match, text in zip(shown, codes):
        out += [data[last:match.start()], b"<", bytes(text).hex().encode(), b">",
                match.group(2)]
        last = match.end()
    return b"".join(out) + data[last:]


def qr_object(page):
    """The page's QR image (the logo, in its form, is larger): reportlab's own image object."""
    [found] = [xobject.get_object() for xobject in page["/Resources"]["/XObject"].values()
               if xobject.get_object()["/Subtype"] == "/Image"
               and xobject.get_object()["/Width"] < 100]
    return found


def replace_qr(path, out, pixels, page=0):
    """The file written again with its QR image's pixels replaced, losslessly (re-encoded with
    Flate only), by ``pixels``: what copying the image from another PDF amounts to."""
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=str(path))
    image = qr_object(writer.pages[page])
    image[NameObject("/Filter")] = NameObject("/FlateDecode")
    image.set_data(pixels)
    with open(out, "wb") as handle:
        writer.write(handle)
    return out


def standalone_numbers(data):
    """The numbers drawn on a page (digits as their ASCII codes), in drawing order."""
    return [hit.group() for match in SHOWN.finditer(data)
            for hit in re.finditer(rb"(?<![0-9A-Za-z\-])[0-9]+(?![0-9A-Za-z\-])",
                                   unescaped(match.group(1)))]


def swap_last_two_numbers(data):
    """The last two different numbers of the page swapped (in an Arabic page: its last lines)."""
    numbers = standalone_numbers(data)
    last = numbers[-1]
    before = next(number for number in reversed(numbers) if number != last)
    return swap_last(data, before, last)
