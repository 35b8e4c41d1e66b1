"""QR codes for certificates and recovery sheets: the same symbols as reportlab's encoder
(level M, mask 0), made about ten times quicker. reportlab rebuilds the fixed patterns, walks
the data positions and divides polynomials object by object for every code; here what depends
only on the version is built once, and the error correction is a table-driven division. The
certificates' verification draws the expected symbol again with this module and compares it
with the one in the PDF (services.verification)."""
from __future__ import annotations

import re
from functools import lru_cache

from reportlab.graphics.barcode.qrencoder import (
    QRAlphaNum,
    QRCode,
    QRErrorCorrectLevel,
    QRMath,
    QRRSBlock,
    QRUtil,
)

ALPHANUMERIC = re.compile(r"^[0-9A-Z $%*+\-./:]*$")
_ALPHABET = {char: value for value, char in
             enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")}
LEVEL = QRErrorCorrectLevel.M
MASK = 0  # any of the eight makes a valid code; choosing the best costs more than the page


def modules(payload: str) -> list[list[bool]]:
    """The symbol's dark modules, row by row (no quiet zone)."""
    if not ALPHANUMERIC.match(payload):  # not on certificates: reportlab's own encoder
        return _reportlab_modules(payload)
    version = _version(len(payload))
    template, positions = _layout(version)
    grid = [row[:] for row in template]
    bits = _codeword_bits(payload, version)
    for (row, column, masked), bit in zip(positions, bits):
        grid[row][column] = bit != masked
    for row, column, masked in positions[len(bits):]:  # remainder bits are zeros
        grid[row][column] = masked
    return grid


def reference_modules(payload: str) -> list[list[bool]]:
    """reportlab's encoder, step by step: what ``modules`` must give (the tests compare)."""
    return _reportlab_modules(payload)


def _reportlab_modules(payload: str) -> list[list[bool]]:
    code = QRCode(None, LEVEL)
    code.addData(QRAlphaNum(payload) if ALPHANUMERIC.match(payload) else payload)
    code.version = code.calculate_version()
    code.makeImpl(False, MASK)
    count = code.getModuleCount()
    return [[bool(code.isDark(row, column)) for column in range(count)]
            for row in range(count)]


@lru_cache(maxsize=64)
def _version(length: int) -> int:
    code = QRCode(None, LEVEL)
    code.addData(QRAlphaNum("0" * length))
    return code.calculate_version()


@lru_cache(maxsize=16)
def _layout(version: int) -> tuple[list[list[bool]], list[tuple[int, int, bool]]]:
    """The fixed patterns (finders, timing, alignment, format and version information) and the
    data positions in placement order, each with its mask bit."""
    code = QRCode(version, LEVEL)
    code.moduleCount = count = version * 4 + 17
    code.modules = [[False] * count for _row in range(count)]
    code.setupPositionProbePattern(0, 0)
    code.setupPositionProbePattern(count - 7, 0)
    code.setupPositionProbePattern(0, count - 7)
    code.setupPositionAdjustPattern()
    code.setupTimingPattern()
    code.setupTypeInfo(False, MASK)
    if version >= 7:
        code.setupTypeNumber(False)
    mask = QRUtil.getMask(MASK)
    positions = [(row, column, bool(mask(row, column)))
                 for column, row in code._dataPosIterator()]
    return [[bool(dark) for dark in row] for row in code.modules], positions


@lru_cache(maxsize=64)
def _generator(length: int) -> tuple[int, ...]:
    """The Reed-Solomon generator polynomial's coefficients as logarithms (leading 1 left out)."""
    return tuple(QRMath.glog(value) for value in
                 QRUtil.getErrorCorrectPolynomial(length).num[1:length + 1])


_EXP = [QRMath.gexp(index) for index in range(255)]


def _error_correction(data: list[int], length: int) -> list[int]:
    generator, remainder = _generator(length), [0] * length
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = remainder[1:] + [0]
        if factor:
            log = QRMath.glog(factor)
            for index, coefficient in enumerate(generator):
                remainder[index] ^= _EXP[(coefficient + log) % 255]
    return remainder


def _codeword_bits(payload: str, version: int) -> list[bool]:
    blocks = QRRSBlock.getRSBlocks(version, LEVEL)
    capacity = sum(block.dataCount for block in blocks) * 8
    value, length = 0b0010, 4  # alphanumeric mode

    def put(number: int, bits: int) -> None:
        nonlocal value, length
        value, length = (value << bits) | number, length + bits

    put(len(payload), 9 if version < 10 else 11 if version < 27 else 13)
    for start in range(0, len(payload) - 1, 2):
        put(_ALPHABET[payload[start]] * 45 + _ALPHABET[payload[start + 1]], 11)
    if len(payload) % 2:
        put(_ALPHABET[payload[-1]], 6)
    put(0, min(4, capacity - length))  # the terminator, as far as it fits
    put(0, -length % 8)
    data = list(value.to_bytes(length // 8, "big"))
    data += [(0xEC, 0x11)[index % 2] for index in range(capacity // 8 - len(data))]
    chunks, corrections, offset = [], [], 0
    for block in blocks:
        chunks.append(data[offset:offset + block.dataCount])
        offset += block.dataCount
        corrections.append(_error_correction(chunks[-1], block.totalCount - block.dataCount))
    codewords = [chunk[index] for group in (chunks, corrections)
                 for index in range(max(map(len, group))) for chunk in group
                 if index < len(chunk)]
    return [bool(byte >> shift & 1) for byte in codewords for shift in range(7, -1, -1)]
