"""Render the main screens with demo data to PNG files, offscreen.

    .venv/bin/python tools/screenshots.py --out docs/screenshots [--lang zh_CN|en] [--size 1920x1080]

A generated wave is imported from the built-in platform simulator (on 127.0.0.1) into a throwaway
database; a worker logs in by badge, receives one item and seeds it: the station screen is saved
in its login, received, put_target, wrong_crate and put_done states, then a receipt corrected on
the keypad (receiving_count) and the crate loaded onto its route's truck (loading), then every
registered supervisor screen (unlocked) once its data has loaded. Chinese needs a CJK font on the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--station-only", action="store_true", help="only the station screen's states"
    )
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="hub-sorter-shots-") as home:
        os.environ["SORTER_HOME"] = home  # never the real settings, database or credentials
        for var in ("SORTER_DB_URL", "SORTER_CONFIG", "SORTER_API_URL"):
            os.environ.pop(var, None)
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        shooter = Shooter(args.out, args.lang, (width, height), args.seed)
        shooter.station_only = args.station_only
        return shooter.run()


class Shooter:
    def __init__(self, out: Path, language: str, size: tuple[int, int], seed: int) -> None:
        self.out = out
        self.language = language
        self.size = size
        self.seed = seed
        self.saved: list[Path] = []
        self.station_only = False

    def run(self) -> int:
        from sorter_app.store.database import Store
        from sorter_app.ui.app import make_application

        self.app = make_application([sys.argv[0]])
        self.out.mkdir(parents=True, exist_ok=True)
        from sorter_app.settings import load_settings

        settings = load_settings()
        store = Store.open(settings.database_url)
        try:
            wave_id = self.demo_wave(store, settings)
            self.people(store)
            self.window = self.open_window(store, settings, wave_id)
            self.station_states(store, wave_id)
            if not self.station_only:
                self.supervisor_screens()
            self.window.shutdown()
            self.settle()
        finally:
            store.close()
        for path in self.saved:
            print(path)
        return 0

    # --- data -------------------------------------------------------------------------------

    def demo_wave(self, store: Any, settings: Any) -> str:
        from sorter_app.platform.client import PlatformClient
        from sorter_app.platform.simulator import Simulator, SimulatorServer
        from sorter_app.services.waves.wave_import import import_date

        simulator = Simulator(
            seed=self.seed, hub_id=settings.hub_id, communities=24, skus=40, lines=600
        )
        server = SimulatorServer(simulator, token="shots")
        server.start()
        try:
            delivery = (datetime.now(settings.zone) + timedelta(days=1)).date()
            report = import_date(
                store, PlatformClient(server.url, "shots"), settings.hub_id, delivery
            )
        finally:
            server.stop()
        return str(report.results[0].wave_id)

    def people(self, store: Any) -> None:
        from sorter_app.services.people.roster import add_person

        add_person(store, "W01", "张三")
        add_person(store, "SUP1", "李班长", "supervisor", "2468")

    def target_sku(self, store: Any) -> tuple[str, int]:
        """A barcoded SKU ordered by several communities: (barcode, units ordered)."""
        from sqlalchemy import func, select

        from sorter_app.store import tables

        with store.read() as s:
            row = s.execute(
                select(tables.SkuBarcode.barcode, func.sum(tables.SortTask.ordered_qty))
                .join(tables.Sku, tables.Sku.id == tables.SkuBarcode.sku_pk)
                .join(tables.SortTask, tables.SortTask.sku_pk == tables.Sku.id)
                .where(tables.Sku.status == "active", tables.Sku.weighed.is_(False))
                .group_by(tables.SkuBarcode.barcode)
                .having(func.count(func.distinct(tables.SortTask.community_pk)) >= 2)
                .order_by(func.sum(tables.SortTask.ordered_qty).desc())
            ).first()
        if row is None:
            raise SystemExit("the demo wave has no barcoded SKU for several communities")
        return str(row[0]), int(row[1])

    def other_crate(self, store: Any, community_id: str) -> str:
        from sqlalchemy import select

        from sorter_app.store import tables

        with store.read() as s:
            return str(
                s.scalar(
                    select(tables.Crate.scan_code)
                    .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
                    .where(tables.Community.community_id != community_id)
                    .limit(1)
                )
            )

    # --- window -----------------------------------------------------------------------------

    def open_window(self, store: Any, settings: Any, wave_id: str) -> Any:
        from sorter_app.ui.context import UiContext
        from sorter_app.ui.events import AppEvents
        from sorter_app.ui.i18n import Translations
        from sorter_app.ui.main_window import MainWindow
        from sorter_app.ui.operations import Operations
        from tests.doubles import FakeSound, FakeSpeech

        translations = Translations()
        translations.set_language(self.language)
        ctx = UiContext(store, settings, AppEvents(), Operations(), wave_id=wave_id)
        window = MainWindow(ctx, translations=translations, sound=FakeSound(), speech=FakeSpeech())
        window.resize(*self.size)
        window.show()
        self.settle()
        return window

    def scan(self, text: str) -> Any:
        from sorter_app.ui.scanner import ScanRead

        self.window.router.deliver(ScanRead(text, "wedge", (5.0,) * len(text), "Enter"))
        self.settle()
        return self.window.station

    def settle(self, at_least: float = 0.2, limit: float = 8.0) -> None:
        """Let background reads finish and the screen repaint."""
        start = time.monotonic()
        ctx = getattr(getattr(self, "window", None), "ctx", None)
        while time.monotonic() - start < limit:
            self.app.processEvents()
            busy = ctx is not None and ctx.ops.busy
            if not busy and time.monotonic() - start >= at_least:
                break
            time.sleep(0.02)
        self.app.processEvents()

    def save(self, name: str) -> None:
        suffix = "" if self.language == "zh_CN" else "_en"
        path = self.out / f"{name}{suffix}.png"
        self.window.grab().save(str(path))
        self.saved.append(path)

    # --- screens ----------------------------------------------------------------------------

    def station_states(self, store: Any, wave_id: str) -> None:
        decisions: list[Any] = []
        self.window.ctx.events.scan_committed.connect(decisions.append)
        self.save("station_login")
        self.scan("BADGE-W01")
        barcode, ordered = self.target_sku(store)
        self.window.station.set_mode("receive")
        self.scan(f"{barcode}*{ordered}")
        self.save("station_received")
        self.window.station.set_mode("seed")
        self.scan(barcode)
        target = decisions[-1]
        assert target.result.value == "put_target", target
        self.save("station_put_target")
        self.scan(self.other_crate(store, target.community_id))
        self.save("station_wrong_crate")
        self.scan(target.crate_code)
        self.save("station_put_done")
        # Receiving with a count typed on the keypad: the scan counts one, the keypad makes it 3.
        self.window.station.set_mode("receive")
        self.scan(barcode)
        self.scan("CMD-COUNT-3")
        self.save("receiving_count")
        # Loading: the route chosen by its card, the crate just filled put on the truck.
        self.window.station.set_mode("load")
        self.scan(f"ROUTE-{target.shown.route_id}")
        self.scan(target.crate_code)
        self.save("loading")

    def supervisor_screens(self) -> None:
        from sorter_app.services.people.roster import Person
        from sorter_app.ui.screens import STATION, registered_screens

        self.window.set_supervisor(Person("SUP1", "李班长", "supervisor"))
        for spec in registered_screens():
            if spec.key == STATION:
                continue
            try:
                shown = self.window.show_screen(spec.key)
            except Exception as exc:  # a screen that fails is reported, the others still shot
                print(f"{spec.key}: {exc}", file=sys.stderr)
                continue
            if shown:
                self.settle(at_least=1.0)
                self.save(spec.key)
        self.documents()

    def documents(self) -> None:
        """The print centre's documents box with the first community's pickup list previewed."""
        from sorter_app.services.printing.documents import DocumentKind

        if not self.window.show_screen("print_centre"):
            return
        self.settle(at_least=1.0)
        box = self.window.page("print_centre").documents
        communities = [s for s in box.scopes() if s[0] == "community"]
        box.choose(DocumentKind.PICKUP_LIST, communities[0] if communities else ("wave", None))
        box.preview()
        self.settle(at_least=1.5)
        self.save("documents")


if __name__ == "__main__":
    raise SystemExit(main())
