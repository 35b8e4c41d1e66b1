"""Pictures of every page and dialog, in French and Arabic, at a 1366×768 laptop's size.

    python installer/screens.py OUT_DIR [--language fr] [--only roll-call]

Builds a fresh demonstration centre in a temporary folder (nothing of the user's is touched),
opens each screen of centre_desk.ui.gallery (as the administrator, a few as an educator) and
writes OUT_DIR/<screen>-<language>.png.
The README's screenshots in resources/screenshots/ are copies of some of these.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

# No credential store is needed: the demo's key goes to a key file in the temporary folder.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The README's pictures: its file name → (screen, language).
README = {"main-window-fr": ("page-children", "fr"), "home-fr": ("page-home", "fr"),
          "settings-ar": ("page-settings", "ar"), "child-file-ar": ("child-file-identity", "ar"),
          "roll-call-ar": ("roll-call", "ar"), "certificate-fr": ("certificate-group", "fr")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--language", action="append", choices=["fr", "ar", "en"],
                        help="only this language (repeatable); default fr and ar")
    parser.add_argument("--only", action="append", help="only this screen (repeatable)")
    parser.add_argument("--readme", action="store_true",
                        help="also copy the README's pictures into resources/screenshots/")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from centre_desk.core import db
    from centre_desk.core.demo import DEMO_ADMIN, DEMO_PASSWORD, build_demo
    from centre_desk.core.paths import DataFolder
    from centre_desk.core.services import users
    from centre_desk.ui import gallery
    from centre_desk.ui.language import LanguageSwitcher
    from centre_desk.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_theme(app)
    switcher = LanguageSwitcher(app)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[tuple[str, str], Path] = {}
    with tempfile.TemporaryDirectory(prefix="centre-desk-screens-") as temp:
        folder = DataFolder(Path(temp) / "home").demo
        build_demo(folder.ensure())
        opened = db.open_database(folder)
        try:
            actor = users.authenticate(DEMO_ADMIN, DEMO_PASSWORD)
            for language in args.language or ["fr", "ar"]:
                switcher.apply(language)
                for name, path in gallery.write_pictures(opened, actor, args.out_dir, language,
                                                         args.only).items():
                    written[(name, language)] = path
                    print(path)
        finally:
            opened.close()
    if args.readme:
        target = ROOT / "resources" / "screenshots"
        for readme_name, key in README.items():
            if key in written:
                (target / f"{readme_name}.png").write_bytes(written[key].read_bytes())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
