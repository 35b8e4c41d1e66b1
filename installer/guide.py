"""Build the user guide (PDF, French and Arabic) from docs/guide/*.md in one command.

    python installer/guide.py [--pictures DIR] [--out DIR]

Pictures come from DIR, by default build/screens/ (``installer/screens.py build/screens``, which
build.py runs when it exists), else the README's few screenshots in resources/screenshots/; a
missing picture is a visible placeholder in the PDF, named in the output. The PDFs go to resources/guide/ (not committed), which the package ships.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from centre_desk.core.documents import guide  # noqa: E402

SOURCES = ROOT / "docs" / "guide"
OUT = ROOT / "resources" / "guide"


SCREENS = ROOT / "build" / "screens"  # installer/screens.py OUT_DIR, as build.py runs it
# The README's screenshots under the screens command's names, when it has not been run.
README_PICTURES = {"page-home-fr.png": "home-fr.png", "page-settings-ar.png": "settings-ar.png",
                   "child-file-identity-ar.png": "child-file-ar.png",
                   "roll-call-ar.png": "roll-call-ar.png",
                   "certificate-group-fr.png": "certificate-fr.png",
                   "page-children-fr.png": "main-window-fr.png"}


def default_pictures() -> Path:
    if SCREENS.is_dir() and any(SCREENS.glob("*.png")):
        return SCREENS
    readme = ROOT / "resources" / "screenshots"
    aliases = ROOT / "build" / "guide-pictures"
    aliases.mkdir(parents=True, exist_ok=True)
    for name, source in README_PICTURES.items():
        if (readme / source).exists():
            (aliases / name).write_bytes((readme / source).read_bytes())
    return aliases


def missing_pictures(pictures: Path) -> list[str]:
    names = set()
    for source in SOURCES.glob("*.md"):
        names.update(re.findall(r"!\[.*\]\((.+)\)", source.read_text(encoding="utf-8")))
    return sorted(name for name in names if not (pictures / name).exists())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build the user guide PDFs.")
    parser.add_argument("--pictures", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    pictures = args.pictures or default_pictures()
    written = guide.build_all(SOURCES, args.out, pictures)
    print(f"guide: {len(written)} PDF files in {args.out}, pictures from {pictures}")
    for name in missing_pictures(pictures):
        print(f"guide: picture missing (placeholder drawn): {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
