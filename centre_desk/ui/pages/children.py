"""The children list: search as you type, filters, and the keyboard path to a file
(type, ↓, Enter)."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
)

from centre_desk.core.i18n import _, counted
from centre_desk.core.security import Permission
from centre_desk.core.services import activities, child_search
from centre_desk.core.services.child_search import ChildFilter
from centre_desk.core.vocabulary import AGE_BANDS, SCHOOL_STATUS, SEX
from centre_desk.ui.icons import with_icon
from centre_desk.ui.models.child_list import SORTABLE, ChildListModel
from centre_desk.ui.models.table import select_row
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.columns import fit_columns
from centre_desk.ui.widgets.common import label
from centre_desk.ui.widgets.fields import choice_combo

EDUCATOR_COLUMNS = ["file_number", "name", "name_arabic", "status"]


class ChildrenPage(Page):
    def __init__(self, session: Session, open_child, new_child=None):
        super().__init__(session, _("Children"))
        self.open_child = open_child  # callable(child_id)
        self.new_child = new_child  # callable() or None when the role may not register
        self.sort, self.descending = "name", False
        self.searcher = child_search.ChildSearch(session.actor)
        self.rows_state: tuple[int, int] | None = None  # what the listed rows were read from
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("Search")
        self.search.setPlaceholderText(_("Search by name (Latin or Arabic) or file number…"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        if new_child is not None:
            self.new_button = with_icon(QPushButton(_("New child…")), "user-plus")
            styled(self.new_button, "Primary")
            self.new_button.clicked.connect(lambda: self.new_child())
            top.addWidget(self.new_button)
        if session.actor.can(Permission.IMPORT_REGISTER):
            self.import_button = QPushButton(_("Import…"))
            self.import_button.clicked.connect(self.open_import)
            top.addWidget(self.import_button)
        self.column.addLayout(top)

        filters = QHBoxLayout()
        self.status = QComboBox()
        for text, code in ((_("Active"), "active"), (_("Left"), "left"),
                           (_("Archived"), "archived"), (_("All files"), None)):
            self.status.addItem(text, code)
        self.sex = choice_combo(SEX, empty=_("Girls and boys"))
        self.age = choice_combo({key: value[0] for key, value in AGE_BANDS.items()},
                                empty=_("All ages"))
        self.school = choice_combo(SCHOOL_STATUS, empty=_("Any school situation"))
        self.group = QComboBox()
        self.group.addItem(_("All groups"), None)
        for row in activities.list_activities(session.actor):
            self.group.addItem(row.name, row.id)
        full = session.actor.can(Permission.EDIT_CHILDREN)
        for combo in (self.status, self.group, self.sex, self.age, self.school):
            combo.currentIndexChanged.connect(self.refresh)
            combo.setVisible(full or combo in (self.status, self.group))
            filters.addWidget(combo)
        filters.addStretch(1)
        self.count = label("", "Hint")
        filters.addWidget(self.count)
        self.column.addLayout(filters)

        self.model = ChildListModel(partial(child_search.rows_for, session.actor),
                                    None if full else EDUCATOR_COLUMNS, self)
        self.table = QTableView()
        self.table.setObjectName("ChildrenTable")
        self.table.setWordWrap(False)  # one line per child; wrapping costs layout on each paint
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        # Names are never cut; only the rows in view are measured (the list may hold thousands).
        self.fitter = fit_columns(self.table, [self.model.columns.index(column) for column
                                               in self.model.columns
                                               if column[0] in ("name", "name_arabic")],
                                  sample=0)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self._sort_by)
        header.setSortIndicator(self.model.columns.index(
            next(c for c in self.model.columns if c[0] == "name")), Qt.SortOrder.AscendingOrder)
        self.column.addWidget(self.table, 1)
        self.column.addWidget(label(_("Type to search, ↓ to go to the list, Enter to open a "
                                      "file."), "Hint"))

        # A keystroke costs one indexed query; a short pause still spares the fastest typists.
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(120)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.search.returnPressed.connect(self._open_first)
        self.table.activated.connect(self._open_index)
        self.search.installEventFilter(self)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)

    # --- searching ---

    def open_import(self):
        """The register import; the list shows the new files when it closes."""
        from centre_desk.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.session, self, self.open_child)
        dialog.finished.connect(lambda _code: self.refresh())
        dialog.open()
        return dialog

    def current_filter(self) -> ChildFilter:
        return ChildFilter(text=self.search.text(), status=self.status.currentData(),
                           sex=self.sex.currentData(), age_band=self.age.currentData(),
                           school_status=self.school.currentData(),
                           activity_id=self.group.currentData(), sort=self.sort,
                           descending=self.descending)

    def refresh(self) -> None:
        """The list for what is typed and chosen; the rows already read are kept while
        nothing was written (the next keystroke reads only rows it has not seen)."""
        self.timer.stop()
        selected = self.selected_id()
        ids = self.searcher.ids(self.current_filter())
        state = self.searcher.state  # read by the search: one look at the database, not two
        self.model.set_ids(ids, keep_rows=state == self.rows_state)
        self.rows_state = state
        self.count.setText(counted("{n} child", "{n} children", len(ids)))
        if selected in ids:
            select_row(self.table, ids.index(selected))

    def _sort_by(self, column: int) -> None:
        key = SORTABLE.get(self.model.column_key(column))
        if key is None:
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            return
        self.descending = not self.descending if key == self.sort else False
        self.sort = key
        self.table.horizontalHeader().setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder)
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- opening ---

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.ids[rows[0].row()] if rows else None

    def _open_index(self, index) -> None:
        self.open_child(self.model.ids[index.row()])

    def _open_first(self) -> None:
        if self.timer.isActive():
            self.refresh()
        if self.model.ids:
            select_row(self.table, 0)
            self.open_child(self.model.ids[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down):
            if self.timer.isActive():
                self.refresh()
            if self.model.ids:
                self.table.setFocus()
                select_row(self.table, 0)
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.search.setFocus()
