"""Run a slow core call off the UI thread and report back on it (Anki's CollectionOp)."""
from __future__ import annotations

import sys
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from centre_desk.core.errors import UserError


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    crashed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals):
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except UserError as error:
            self.signals.failed.emit(error)
        except Exception:
            self.signals.crashed.emit(sys.exc_info())
        else:
            self.signals.succeeded.emit(result)


_running: set[_Signals] = set()


def run_in_background(work: Callable[[], Any], on_success: Callable[[Any], None],
                      on_user_error: Callable[[UserError], None]) -> None:
    """``work`` runs on a pool thread; exactly one callback runs on the UI thread after it.

    A bug in ``work`` goes to the crash handler, like any other bug."""
    signals = _Signals()
    _running.add(signals)

    def finish(callback: Callable, value) -> None:
        _running.discard(signals)
        callback(value)

    def crash(exc_info) -> None:
        _running.discard(signals)
        sys.excepthook(*exc_info)

    signals.succeeded.connect(lambda value: finish(on_success, value))
    signals.failed.connect(lambda error: finish(on_user_error, error))
    signals.crashed.connect(crash)
    QThreadPool.globalInstance().start(_Task(work, signals))


def run_on_the_centre(work: Callable[[], Any], on_success: Callable[[Any], None],
                      on_user_error: Callable[[UserError], None]) -> None:
    """``run_in_background`` for work through the models: peewee gives the pool thread its
    own connection to the centre, closed here when the work ends (else it stays open there)."""
    def work_then_close() -> Any:
        from centre_desk.core.models import Child  # bound to the open centre (BaseModel is not)

        try:
            return work()
        finally:
            Child._meta.database.close()  # this thread's own connection

    run_in_background(work_then_close, on_success, on_user_error)
