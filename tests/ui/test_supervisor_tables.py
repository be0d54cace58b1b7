"""Supervisor tables stay quick with a big wave: showing 3,000 communities computes the cells of
the rows on screen (and a few to size the columns), not of every row."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from sorter_app.services.views.crates_view import CommunityCrates
from sorter_app.ui.supervisor._base import RowsModel, table_view


def test_a_big_table_computes_only_what_it_shows(qtbot: QtBot) -> None:
    computed: list[str] = []

    def cells(row: CommunityCrates) -> list[object]:
        computed.append(row.community_id)
        return [row.community_id, row.name, row.crates, row.put]

    model = RowsModel(cells)
    model.set_headers(["社区", "社区名称", "筐数", "已分件数"])
    view = table_view(model)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    rows = [
        CommunityCrates(f"C{i:05d}", f"阳光花园{i}期", "R01", "西湖 1 线", i, 3, 2, 1, 0, 60, 30)
        for i in range(3000)
    ]
    model.set_rows(rows)
    qtbot.wait(20)  # let the view lay out and paint
    on_screen = view.rowAt(view.viewport().height() - 1) + 1 or 3000
    assert len(set(computed)) <= on_screen + 100
    assert len(computed) == len(set(computed))  # each row's cells computed once
    assert model.text(2999, 0) == "C02999"


def test_columns_are_sized_on_the_first_rows_and_new_headers_not_on_every_refresh(
    qtbot: QtBot,
) -> None:
    # Sizing reads cells through Python, which waits for the GIL while a worker runs: a queue
    # refreshed every few seconds during a print job must not size its columns each time.
    model = RowsModel(lambda row: row)
    model.set_headers(["社区", "名称"])
    view = table_view(model)
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.show()
    qtbot.waitExposed(view)

    model.set_rows([("C00001", "阳光花园")])
    qtbot.wait(20)
    fitted = view.columnWidth(0)
    assert fitted >= view.fontMetrics().horizontalAdvance("C00001")

    model.set_rows([("C00001" * 8, "阳光花园")])  # a refresh: the widths stay as they were
    qtbot.wait(20)
    assert view.columnWidth(0) == fitted

    model.set_headers(["Community (the community's code on the platform)", "Name"])
    qtbot.wait(20)  # another language: the columns fit again
    assert view.columnWidth(0) > fitted
