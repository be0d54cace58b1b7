"""The supervisor screens: waves, receiving and shortages, crates, exceptions, print centre,
dashboard and settings. The main window's navigation lists them in sorter_app.ui.screens."""
