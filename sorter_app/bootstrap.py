"""The one wiring (after cosmicpython's `bootstrap`): from the typed settings to the parts the
services run on, built in one place. The desktop app (sorter_app.ui.app) and the CLI start here;
neither opens a store, builds a platform client or picks printers on its own.

    core = bootstrap(load_settings())
    core.store                      # opened once, closed with core.close()
    core.platform                   # PlatformLink: the platform's URL, this hub, its token
    core.send_outbox()              # one round of the outbox
    core.print_sender().send_due(core.printer_names)

The platform client and the senders are built from `core` for each round: the desktop app's
background work (sorter_app.ui.background) takes `ctx.core`, the context's settings and token as
they are now (a supervisor may have saved new ones), over the one store.
"""

from __future__ import annotations

from dataclasses import dataclass

from printers.profiles import PrinterProfile
from sorter_app.secrets import SecretMissing, resolve_token
from sorter_app.services.printing.sender import PrintSender
from sorter_app.services.reporting.outbox_sender import OutboxSender, SyncResult
from sorter_app.services.reporting.report_export import FolderExporter
from sorter_app.services.waves.platform_link import PlatformLink, client_if_configured
from sorter_app.settings import Settings, load_settings
from sorter_app.store.database import Store


@dataclass(frozen=True)
class Core:
    """What the app runs on: its settings, its store, and how it reaches the platform."""

    settings: Settings
    store: Store
    platform: PlatformLink

    @property
    def printers(self) -> tuple[PrinterProfile, ...]:
        return self.settings.printers

    @property
    def printer_names(self) -> list[str]:
        return [p.name for p in self.settings.printers]

    def send_outbox(self) -> SyncResult:
        """One round of the outbox: to the platform when URL and token are there (else entries
        of platform waves wait in the outbox); file-imported waves' reports go to the exports
        folder."""
        exports = FolderExporter(self.settings.paths.data_dir / "exports")
        client = client_if_configured(self.platform)
        try:
            return OutboxSender(self.store, client, export_file=exports).send_due()
        finally:
            if client is not None:
                client.close()

    def print_sender(self) -> PrintSender:
        """The print queue's sender to the configured printers."""
        return PrintSender.for_profiles(self.store, self.settings.printers)

    def close(self) -> None:
        self.store.close()


def bootstrap(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    platform_url: str | None = None,
    token: str | None = None,
) -> Core:
    """The app's parts from the settings (loaded from the file when not given). A `store` given
    (the demo's, a test's) is used as it is; `platform_url` overrides the settings' (the demo's
    simulator). Without a `token` the stored one is looked up; none is no error here: the
    platform is asked for it only when it is used."""
    settings = settings if settings is not None else load_settings()
    if store is None:
        store = Store.open(settings.database_url)
    link = PlatformLink.from_settings(settings, url=platform_url, token=token)
    if link.url and link.token is None:
        link = PlatformLink.from_settings(settings, url=link.url, token=_stored_token(settings))
    return Core(settings, store, link)


def _stored_token(settings: Settings) -> str | None:
    try:
        return resolve_token(settings.hub_id)
    except SecretMissing:
        return None  # the waves screen asks for it when an import needs it
