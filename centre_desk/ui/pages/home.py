"""The home screen: who is logged in, which centre, today's date."""
from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtWidgets import QHBoxLayout, QLabel

from centre_desk.core.i18n import _, format_date
from centre_desk.core.services.centre import get_identity
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.widgets.common import card, label, logo_pixmap


class HomePage(Page):
    def __init__(self, session: Session):
        super().__init__(session, _("Home"))
        self.greeting = label("", "SectionTitle", wrap=True)
        self.today = label("", "Hint")
        self.logo = QLabel()
        self.identity = label("", wrap=True)
        row = QHBoxLayout()
        row.addWidget(self.logo)
        row.addWidget(self.identity, 1)
        identity_card = card(label(_("Centre"), "SectionTitle"))
        identity_card.layout().addLayout(row)
        self.column.addWidget(self.greeting)
        self.column.addWidget(self.today)
        self.column.addWidget(identity_card)
        if session.is_demo:
            self.column.addWidget(label(_("This is the demonstration centre: everything in it is "
                                          "invented and kept apart from your real data."),
                                        "Warning", wrap=True))
        self.column.addStretch(1)

    def refresh(self) -> None:
        actor = self.session.actor
        identity = get_identity()
        self.greeting.setText(_("Hello, {name}").format(name=actor.full_name))
        self.today.setText(_("Today: {date} · your role: {role}").format(
            date=format_date(dt.date.today(), long=True), role=actor.role.label))
        pixmap = logo_pixmap(identity.logo_png, 88)
        if pixmap is not None:
            self.logo.setPixmap(pixmap)
        lines = [f"<b>{escape(identity.name)}</b>", escape(identity.city)]
        if identity.association:
            lines.append(escape(identity.association))
        self.identity.setText("<br>".join(lines))
