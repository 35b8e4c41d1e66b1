"""The command line: the same core as the windows, no Qt.

Exit codes: 0 success, 2 a user error (one translated line on stderr), 1 an unexpected
failure (with a crash log). Each family of verbs is a module with ``register(verbs)``."""
from __future__ import annotations

import argparse
import logging
import os
import sys

from centre_desk import APP_NAME, __version__
from centre_desk.cli import (argparse_words, backups, centre, certificates, export, imports,
                             reports)
from centre_desk.cli import users as user_verbs
from centre_desk.cli.common import Parser, Verbs, add_common
from centre_desk.core import storage
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, set_language
from centre_desk.core.logs import setup_logging, write_crash_log
from centre_desk.core.paths import DataFolder, resolve_home

VERB_FAMILIES = (centre, certificates, reports, backups, export, imports, user_verbs)


def build_parser() -> argparse.ArgumentParser:
    argparse_words.install()
    parser = Parser(prog="centre-desk", description=_("{app}: runs one social centre.").format(
        app=APP_NAME))
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    add_common(parser, default=None)
    common = Parser(add_help=False)
    add_common(common, default=argparse.SUPPRESS)  # after the verb too, without resetting
    verbs = Verbs(parser.add_subparsers(dest="verb", parser_class=Parser), common)
    for family in VERB_FAMILIES:
        family.register(verbs)
    return parser


def _message_language(argv: list[str]) -> str:
    language = os.environ.get("CENTRE_DESK_LANG", DEFAULT_LANGUAGE)
    for index, word in enumerate(argv[:-1]):  # before parsing, so its errors are translated too
        if word == "--lang":
            language = argv[index + 1]
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _logs_if_writable(folder: DataFolder):
    """Logging when the folder takes it; a read-only folder can still be read (check, backup
    --to elsewhere), and what fails to write there says so itself."""
    try:
        setup_logging(folder.logs)
    except OSError:
        return None
    return folder.logs


def main(argv: list[str]) -> int:
    set_language(_message_language(argv))
    # Before the data folder's log exists (a new computer), a warning is not printed in English
    # beside the verb's one line: Python does that when no handler is set at all.
    logging.getLogger().addHandler(logging.NullHandler())
    logs = folder = None
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "run", None) is None:
            raise UserError(_("Invalid command line: {detail}. See --help.").format(
                detail=_("no command given")))
        folder = (centre.demo_home(args.home) if args.verb == "demo"
                  else DataFolder(resolve_home(args.home)))
        if folder.root.exists() and not folder.root.is_dir():
            raise storage.not_a_folder_fault(folder.root)
        if args.verb == "demo" or folder.root.exists():  # a mistyped --home creates nothing
            logs = _logs_if_writable(folder)
        return args.run(args)
    except UserError as error:
        print(f"{APP_NAME}: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # "centre-desk check | head": the reader stopped, nothing failed
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        fault = storage.as_user_error(exc, folder)
        if fault is not None:  # the disk, not a bug: one sentence, no crash log
            print(f"{APP_NAME}: {fault.message}", file=sys.stderr)
            return 2
        logs = logs or DataFolder(resolve_home()).logs
        try:
            path = write_crash_log(logs, *sys.exc_info())
        except OSError:
            path = _("(the log could not be written)")
        print(_("{app}: unexpected error; details in {path}").format(app=APP_NAME, path=path),
              file=sys.stderr)
        return 1
