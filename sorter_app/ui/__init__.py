"""The PySide6 desktop app: a thin shell over sorter_app.services. No business rule lives here."""

from sorter_app.ui.pyside_fixes import keep_bools_alive

# Before any signal is emitted: see pyside_fixes (PySide6 6.12.0 drops a reference to True per emit,
# and to None per call of a method that returns nothing).
keep_bools_alive()
