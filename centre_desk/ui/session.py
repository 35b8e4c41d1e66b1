"""What the screens of a logged-in user share: the open centre and the acting user."""
from __future__ import annotations

from dataclasses import dataclass

from centre_desk.core.db import OpenCentre
from centre_desk.core.security import Actor


@dataclass
class Session:
    opened: OpenCentre
    actor: Actor

    @property
    def folder(self):
        return self.opened.folder

    @property
    def is_demo(self) -> bool:
        return self.opened.folder.is_demo
