"""The children list after files were written by another connection (an import, an undo,
both run on a worker thread with a connection of their own): the list shows them."""
from __future__ import annotations

import threading

import pytest

from tests.child_helpers import register


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_files_written_on_another_thread_appear_in_the_list_and_its_search(flow, centre,
                                                                          language):
    from centre_desk.core.models import Child

    flow.languages.apply(language)
    flow.opened = centre[0]
    window = flow.show_main(centre[1])
    admin = window.session.actor
    register(admin, first="Salma", last="Benali")
    page = window.show_page("children")
    page.refresh()
    page.search.setText("Sal")
    page.refresh()
    assert page.model.rowCount() == 1
    texts_before = page.model.display_texts(0)

    def elsewhere():
        try:
            register(admin, first="Salim", last="Ouardi")  # as an import would
            Child.update(first_name_latin="Salma-Rose").where(
                Child.first_name_latin == "Salma").execute()
        finally:
            Child._meta.database.close()  # the thread's own connection

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    page.refresh()  # the next keystroke
    assert page.model.rowCount() == 2
    names = {page.model.display_texts(row)[1] for row in range(2)} | {
        page.model.display_texts(row)[0] for row in range(2)}
    assert any("Salma-Rose" in name for name in names), (texts_before, names)
    page.search.setText("")
    page.refresh()
    assert page.model.rowCount() == 2
