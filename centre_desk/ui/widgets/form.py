"""A form whose fields show their own error message just below them."""
from __future__ import annotations

from typing import Callable, Protocol

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.sizing import fit_window


class Form(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.form_error = QLabel()
        styled(self.form_error, "FormError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        self.rows = QFormLayout()
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.rows)
        outer.addWidget(self.form_error)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, name: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            hint_label = QLabel(hint)
            styled(hint_label, "Hint")
            hint_label.setWordWrap(True)
            column.addWidget(hint_label)
        error = QLabel()
        styled(error, "FieldError")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.rows.addRow(label, cell)
        self._fields[name] = (widget, error)
        return widget

    def set_row_visible(self, name: str, visible: bool) -> None:
        """Show or hide a field with its label (a form used for another purpose)."""
        widget, _error = self._fields[name]
        self.rows.setRowVisible(widget.parentWidget(), visible)

    def at_least(self, width: int) -> None:
        """A minimum width that adds to what the labels and fields need (setMinimumWidth
        would replace it, and the layout would then cut the longest label)."""
        self.layout().addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Fixed,
                                          QSizePolicy.Policy.Minimum))

    def error_label(self, name: str) -> QLabel:
        return self._fields[name][1]

    def clear_errors(self) -> None:
        self.form_error.hide()
        for _widget, error in self._fields.values():
            error.clear()
            error.hide()

    def show_error(self, error: UserError) -> None:
        """The message beside its field when the form has it, else above the buttons."""
        self.clear_errors()
        if error.field in self._fields:
            widget, label = self._fields[error.field]
            label.setText(error.message)
            label.show()
            widget.setFocus()
        else:
            self.form_error.setText(error.message)
            self.form_error.show()
        self._grow_dialog()

    def _grow_dialog(self) -> None:
        """A dialog grows to show the message instead of clipping it (a main window keeps its
        size: its pages scroll)."""
        window = self.window()
        if isinstance(window, QDialog):
            if window.layout() is not None:  # a QWizard manages its own
                window.layout().activate()
            wanted = window.size().expandedTo(window.sizeHint())
            fit_window(window, wanted.width(), wanted.height())


class FormGroup:
    """Several forms side by side that report errors as one: each message goes beside its
    field, whichever column holds it."""

    def __init__(self, *forms: Form):
        self.forms = list(forms)

    def has(self, name: str) -> bool:
        return any(name in form._fields for form in self.forms)

    def clear_errors(self) -> None:
        for form in self.forms:
            form.clear_errors()

    def show_error(self, error: UserError) -> None:
        self.clear_errors()
        for form in self.forms:
            if error.field in form._fields:
                form.show_error(error)
                return
        self.forms[0].show_error(error)


class ShowsErrors(Protocol):
    def clear_errors(self) -> None: ...

    def show_error(self, error: UserError) -> None: ...


def save_form(form: ShowsErrors, saved: QLabel, action: Callable[[], object],
              saved_text: str = "") -> bool:
    """The one way a form is saved: its errors and the last "Saved." go first, then the action
    runs; its UserError goes beside its field (or above the buttons), else ``saved`` says so.
    True when it saved."""
    form.clear_errors()
    saved.clear()
    try:
        action()
    except UserError as error:
        form.show_error(error)
        return False
    saved.setText(saved_text or _("Saved."))
    return True
