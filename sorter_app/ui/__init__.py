"""The PySide6 desktop app: a thin shell over sorter_app.services. No business rule lives here."""
