"""The icons bundled in resources/icons/: the few Tabler Icons (MIT) the screens use, copied from
an unpacked set, and Centre Desk's own icon drawn from one of them (app.svg, app.png, app.ico
for the .exe and the Windows installer).

    pip download pytablericons==1.0.1 --no-deps -d /tmp/t && unzip /tmp/t/*.whl -d /tmp/t
    python installer/icons.py /tmp/t/pytablericons/icons/outline

Only what is listed here is copied: the program does not depend on the package.
"""
from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "icons"
sys.path.insert(0, str(ROOT))

USED = sorted({
    # navigation (centre_desk/ui/icons.py NAVIGATION)
    "home", "mood-kid", "users-group", "calendar-event", "certificate", "chart-bar", "user-cog",
    "history", "settings",
    # main actions
    "logout", "checklist", "user-plus", "file-certificate", "copy", "file-x", "shield-check",
    "writing", "checks", "printer", "calendar-week", "keyboard", "lock", "file-export",
    "calendar-plus",
    # the application's own icon is drawn from this one
    "heart-handshake",
})
TEAL, ACCENT = "#126882", "#f7b239"


def _paths(svg: str) -> str:
    return "\n".join(re.findall(r"<path[^>]*/>", svg))


def app_svg(glyph: str) -> str:
    """A teal rounded square with the glyph in white and an accent underline."""
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 24 24">
  <rect x="0.5" y="0.5" width="23" height="23" rx="5" fill="{TEAL}"/>
  <g transform="translate(3.3 2.6) scale(0.725)" fill="none" stroke="#ffffff" stroke-width="2.1"
     stroke-linecap="round" stroke-linejoin="round">
{_paths(glyph)}
  </g>
  <rect x="7" y="19.6" width="10" height="1.4" rx="0.7" fill="{ACCENT}"/>
</svg>
"""


def copy_icons(source: Path) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in USED:
        text = (source / f"{name}.svg").read_text(encoding="utf-8")
        text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.S)  # the set's own metadata
        (TARGET / f"{name}.svg").write_text(text, encoding="utf-8")
    (TARGET / "app.svg").write_text(app_svg((source / "heart-handshake.svg").read_text()),
                                    encoding="utf-8")


def draw_app_icon() -> None:
    """app.png (256 px) and app.ico (16 to 256 px), drawn by Qt from app.svg."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtWidgets import QApplication

    from centre_desk.ui.icons import _render

    app = QApplication.instance() or QApplication([])  # noqa: F841 (QPixmap needs one)
    svg = (TARGET / "app.svg").read_bytes()
    images = []
    for size in (256, 128, 64, 48, 32, 24, 16):
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        _render(svg, size).save(buffer, "PNG")
        images.append(Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA"))
    images[0].save(TARGET / "app.png")
    images[0].save(TARGET / "app.ico", format="ICO",
                   sizes=[image.size for image in images], append_images=images[1:])


if __name__ == "__main__":
    if len(sys.argv) > 1:
        copy_icons(Path(sys.argv[1]))
    draw_app_icon()
    print(f"{len(USED)} icons and the application icon in {TARGET}")
