"""The supervisor screens are in the main window's navigation and open once a supervisor has
unlocked them."""

from __future__ import annotations

from typing import Any

from sorter_app.services.people import Person
from sorter_app.ui.screens import registered_screens
from sorter_app.ui.supervisor import SCREENS


def test_the_main_window_opens_every_supervisor_screen(ui: Any) -> None:
    keys = {spec.key: spec for spec in registered_screens()}
    for key, *_ in SCREENS:
        assert keys[key].supervisor_only
    ui.window.set_supervisor(Person("SUP1", "李班长", "supervisor"))
    for key, _title, module, class_name, _order in SCREENS:
        assert ui.window.show_screen(key), key
        page = ui.window.page(key)
        assert type(page).__name__ == class_name
        assert type(page).__module__ == f"sorter_app.ui.supervisor.{module}"
    assert keys["receiving"].title == "收货与缺货"
