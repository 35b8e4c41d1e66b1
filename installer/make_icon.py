"""Draw the application icon (resources/icons/centre-desk.ico and .png) when it is absent.

    python installer/make_icon.py [--force]

A placeholder until a designed icon replaces it: a house on the centre's teal disc. The files are
committed; build.py runs this only when they are missing.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
ICO = ICONS / "centre-desk.ico"
PNG = ICONS / "centre-desk.png"


def draw(size: int = 256):
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    scale = size / 256
    draw.ellipse((4 * scale, 4 * scale, 252 * scale, 252 * scale), fill=(18, 104, 130, 255))
    draw.polygon([(128 * scale, 52 * scale), (204 * scale, 124 * scale),
                  (52 * scale, 124 * scale)], fill=(247, 178, 57, 255))
    draw.rectangle((76 * scale, 124 * scale, 180 * scale, 196 * scale), fill=(255, 255, 255, 255))
    draw.rectangle((114 * scale, 150 * scale, 142 * scale, 196 * scale), fill=(13, 74, 92, 255))
    return image


def make(force: bool = False) -> list[Path]:
    if ICO.exists() and PNG.exists() and not force:
        return []
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw(256)
    image.save(PNG)
    image.save(ICO, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128),
                           (256, 256)])
    return [ICO, PNG]


if __name__ == "__main__":
    for path in make(force="--force" in sys.argv):
        print(f"wrote {path}")
