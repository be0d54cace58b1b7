"""Render the main screens with demo data to PNG files, offscreen.

    .venv/bin/python tools/screenshots.py --out docs/screenshots [--lang zh_CN|en] [--size 1920x1080]

A generated wave (56 communities on three routes, delivered today) is imported from the built-in
platform simulator (on 127.0.0.1) into a throwaway database, with four weeks of the demo's history
for the trends and the forecast. A night half sorted is staged through the services (StagedNight),
at times over the last two hours on a staged clock (the window itself reads the real one, so the
board's 30-minute rates and countdowns are real): every SKU received but one, which is short and
closed by the supervisor; three workers sort, a few wrong-crate scans among them; the first route
sorted, labelled, loaded and dispatched; departures set so that the second route is at risk and
the third on track; one label printer working (to a folder) and one on a closed loopback port, in
error with labels queued. Then a worker logs in by badge at the station screen, receives one SKU
the night left alone and seeds it: the screen is saved in its login, received, put_target,
wrong_crate and put_done states, then a receipt corrected on the keypad (receiving_count) and the
crate loaded onto its route's truck (loading). Then every registered supervisor screen (unlocked)
is saved once its data has loaded; the dashboard twice, its route cards with the route at risk
opened (route_board) and its charts (dashboard); receiving with the short SKU selected; the outbox
on its pending tab. Chinese needs a CJK font. `--station-only` skips the night and the supervisor
screens.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
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
    parser.add_argument("--seed", type=int, default=1)  # 56 communities on three routes
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
        self.at_risk = ""  # the route the staged night puts at risk
        self.short_sku = ""  # and the SKU it leaves short

    def run(self) -> int:
        from sorter_app.store.database import Store
        from sorter_app.ui.app import make_application

        self.app = make_application([sys.argv[0]])
        self.out.mkdir(parents=True, exist_ok=True)
        from sorter_app.settings import load_settings

        settings = load_settings()
        store = Store.open(settings.database_url)
        try:
            started = time.monotonic()
            now = datetime.now(settings.zone)
            wave_id = self.demo_wave(store, settings, now)
            self.people(store)
            settings = self.night_settings(store, settings, wave_id, now)
            night = StagedNight(store, settings, wave_id, now)
            # The station screen's SKU is none of the first route's (that route is gone by
            # then), and the staged night leaves it to the station screen.
            first = None if self.station_only else night.routes()[0]
            barcode, ordered, sku_id = self.target_sku(store, first)
            if not self.station_only:
                counts = night.stage(skip={sku_id})
                self.at_risk, self.short_sku = night.routes()[1], night.short_sku
                took = time.monotonic() - started
                print(f"staged in {took:.0f} s: {counts}", file=sys.stderr)
            self.window = self.open_window(store, settings, wave_id)
            self.station_states(store, barcode, ordered)
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

    def demo_wave(self, store: Any, settings: Any, now: datetime) -> str:
        """Tonight's wave, delivered today (its departures are times of today), and the demo's
        four weeks of history before it for the trends and the forecast."""
        from sorter_app.demo import HISTORY_NIGHTS, seed_forecast_history
        from sorter_app.demo_history import seed_trend_history
        from sorter_app.platform.client import PlatformClient
        from sorter_app.platform.simulator import Simulator, SimulatorServer, VolumePattern
        from sorter_app.services.waves.wave_import import import_date

        simulator = Simulator(
            seed=self.seed,
            hub_id=settings.hub_id,
            communities=COMMUNITIES,
            skus=SKUS,
            lines=LINES,
            volume=VolumePattern(LINES, self.seed),
        )
        server = SimulatorServer(simulator, token="shots")
        server.start()
        try:
            report = import_date(
                store,
                PlatformClient(server.url, "shots"),
                settings.hub_id,
                now.date(),
                clock=StagedClock(now - timedelta(minutes=135)),  # before the staged night
            )
        finally:
            server.stop()
        wave_id = str(report.results[0].wave_id)
        past = seed_forecast_history(store, simulator, now.date(), HISTORY_NIGHTS)
        seed_trend_history(store, wave_id, settings.zone, past)
        return wave_id

    def people(self, store: Any) -> None:
        from sorter_app.services.people.roster import add_person

        for code, name in WORKERS:
            add_person(store, code, name)
        add_person(store, *SUPERVISOR[:2], "supervisor", SUPERVISOR[2])

    def night_settings(self, store: Any, settings: Any, wave_id: str, now: datetime) -> Any:
        """Departures for tonight's routes, a working label printer (to a folder) and a broken
        one (a loopback port nothing listens on), saved where the app reads its settings."""
        import socket

        from printers.profiles import PrinterProfile
        from sorter_app.services.views.route_board import wave_routes
        from sorter_app.settings import RouteSettings, save_settings

        with socket.socket() as probe:  # a free port, closed again: connections are refused
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        spool = settings.paths.data_dir / LABEL_PRINTER
        spool.mkdir(parents=True, exist_ok=True)
        routes = [route_id for route_id, _name in wave_routes(store, wave_id)]
        settings = replace(
            settings,
            printers=(
                PrinterProfile(LABEL_PRINTER, transport="folder", address=str(spool)),
                PrinterProfile(
                    BROKEN_PRINTER, language="tspl", address=f"127.0.0.1:{port}", timeout_s=1.0
                ),
            ),
            label_printer=LABEL_PRINTER,
            routes=RouteSettings(20, departures(routes, now)),
        )
        save_settings(settings)
        return settings

    def target_sku(self, store: Any, not_on_route: str | None) -> tuple[str, int, str]:
        """A barcoded SKU ordered by several communities, none of them on `not_on_route`:
        (barcode, units ordered, SKU ID)."""
        from sqlalchemy import func, select

        from sorter_app.store import tables

        on_route = (
            select(tables.SortTask.sku_pk)
            .join(tables.Community, tables.Community.id == tables.SortTask.community_pk)
            .where(tables.Community.route_id == not_on_route)
        )
        with store.read() as s:
            row = s.execute(
                select(
                    tables.SkuBarcode.barcode,
                    func.sum(tables.SortTask.ordered_qty),
                    func.min(tables.Sku.sku_id),
                )
                .join(tables.Sku, tables.Sku.id == tables.SkuBarcode.sku_pk)
                .join(tables.SortTask, tables.SortTask.sku_pk == tables.Sku.id)
                .where(
                    tables.Sku.status == "active",
                    tables.Sku.weighed.is_(False),
                    tables.Sku.id.not_in(on_route),
                )
                .group_by(tables.SkuBarcode.barcode)
                .having(func.count(func.distinct(tables.SortTask.community_pk)) >= 2)
                .order_by(func.sum(tables.SortTask.ordered_qty).desc())
            ).first()
        if row is None:
            raise SystemExit("the demo wave has no barcoded SKU for several communities")
        return str(row[0]), int(row[1]), str(row[2])

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

    def station_states(self, store: Any, barcode: str, ordered: int) -> None:
        """The station screen's states, receiving and seeding the SKU with this barcode."""
        decisions: list[Any] = []
        self.window.ctx.events.scan_committed.connect(decisions.append)
        self.save("station_login")
        self.scan("BADGE-W01")
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

        self.window.set_supervisor(Person(*SUPERVISOR[:2], "supervisor"))
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
                if spec.key == "dashboard":
                    self.dashboard()
                elif spec.key == "receiving":
                    self.receiving()
                elif spec.key == "outbox":
                    self.outbox()
                else:
                    self.save(spec.key)
        self.documents()

    def dashboard(self) -> None:
        """The route cards with the route at risk opened beside them (route_board), and the
        charts (dashboard)."""
        from sorter_app.ui.supervisor.dashboard import BOARD, CHARTS

        page = self.window.page("dashboard")
        page.tabs.setCurrentIndex(BOARD)
        page.open_route(self.at_risk)
        width = page.split.width()  # room for the stops' "missing" column beside two cards
        page.split.setSizes([width * 2 // 5, width - width * 2 // 5])
        self.settle(at_least=1.0)
        self.save("route_board")
        page.tabs.setCurrentIndex(CHARTS)
        self.settle(at_least=1.5)
        self.save("dashboard")

    def receiving(self) -> None:
        """The receiving list with the short SKU selected: its shortage line by line below."""
        view = self.window.page("receiving").sku_view
        model = view.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data() == self.short_sku:
                view.selectRow(row)
                break
        self.settle(at_least=1.0)
        self.save("receiving")

    def outbox(self) -> None:
        """The outbox on its pending tab: nothing is parked tonight, the reports wait."""
        self.window.page("outbox").tabs.setCurrentIndex(1)
        self.settle(at_least=0.5)
        self.save("outbox")

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


# --- the staged night ---------------------------------------------------------------------------

COMMUNITIES, SKUS, LINES = 56, 40, 800
WORKERS = (("W01", "张三"), ("W02", "王芳"), ("W03", "赵磊"))
WRONG_CRATE_EVERY = {"W01": 40, "W02": 25, "W03": 9}  # one put in N starts at a wrong crate
SUPERVISOR = ("SUP1", "李班长", "2468")
SCALE_FLAG = "20"  # the contract's scale labels: 20 + PLU (5) + grams (5) + check
LABEL_PRINTER, BROKEN_PRINTER = "wall-zebra", "dock-tsc"


class StagedClock:
    """'Now' as the staging says: the services record each scan at the time it is set to."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@dataclass(frozen=True)
class SkuToSort:
    sku_id: str
    barcode: str  # a weighed SKU's units are scanned by their scale labels instead
    plu: str
    ordered: int

    def code(self, unit: int) -> str:
        """What a worker scans for the `unit`th unit: each weighed unit has its own label."""
        return scale_label(self.plu, 380 + (unit * 37) % 260) if self.plu else self.barcode


def departures(routes: list[str], now: datetime) -> tuple[tuple[str, str], ...]:
    """The first route left a quarter of an hour ago, the second leaves in 45 minutes (at risk
    at its rate), the others in three and a half hours (on track); all on today's date (a time
    past midnight is held at 23:59, the departures being times of the delivery date)."""
    offsets = [timedelta(minutes=-15), timedelta(minutes=45)]
    times = []
    for index, route in enumerate(routes):
        at = now + (offsets[index] if index < len(offsets) else timedelta(hours=3, minutes=30))
        times.append((route, "23:59" if at.date() > now.date() else at.strftime("%H:%M")))
    return tuple(times)


def scale_label(plu: str, grams: int) -> str:
    from sorter_app.domain.crate_codes import gs1_check_digit

    body = f"{SCALE_FLAG}{plu[-5:]:0>5}{grams:05d}"
    return body + gs1_check_digit(body)


class StagedNight:
    """A night half sorted, staged through the services at times before `now`: receiving two
    hours ago (one SKU short and closed), the first route sorted, labelled, loaded and gone, the
    others sorted for over the last hour, a third of their SKUs done; one printer in error."""

    def __init__(self, store: Any, settings: Any, wave_id: str, now: datetime) -> None:
        self.store = store
        self.settings = settings
        self.wave_id = wave_id
        self.now = now
        self.clock = StagedClock(now - timedelta(hours=2))
        self.counts: dict[str, int] = {}
        self.short_sku = ""
        self._crates: dict[str, str] = {}  # community → its first crate's scan code

    def routes(self) -> list[str]:
        from sorter_app.services.views.route_board import wave_routes

        return [route_id for route_id, _name in wave_routes(self.store, self.wave_id)]

    def stage(self, skip: set[str]) -> dict[str, int]:
        """Stage the night, leaving the SKUs in `skip` to the station screen."""
        routes = self.routes()
        skus = [sku for sku in self.skus() if sku.sku_id not in skip]
        # Short: a SKU near the top of the receiving list (by ID), so that it shows there.
        self.short_sku = sorted(sku.sku_id for sku in skus)[2]
        self.receive(skus, self.short_sku)
        first, later = routes[:1], routes[1:]
        self.sort(skus, first, self.now - timedelta(minutes=110), self.now - timedelta(minutes=62))
        self.print_labels(first)
        self.load_and_dispatch(first[0])
        done_later = skus[::3]  # a third of the SKUs sorted for the other routes too
        self.sort(done_later, later, self.now - timedelta(minutes=60), self.now)
        self.printer_in_error(later)
        return self.counts

    # --- reads -------------------------------------------------------------------------------

    def skus(self) -> list[SkuToSort]:
        """The wave's active SKUs a station can scan, most ordered first."""
        from sqlalchemy import func, select

        from sorter_app.store import tables

        t = tables
        barcode = (
            select(func.min(t.SkuBarcode.barcode))
            .where(t.SkuBarcode.sku_pk == t.Sku.id)
            .scalar_subquery()
        )
        with self.store.read() as s:
            rows = s.execute(
                select(
                    t.Sku.sku_id,
                    t.Sku.weighed,
                    t.Sku.plu,
                    barcode,
                    func.sum(t.SortTask.ordered_qty),
                )
                .join(t.SortTask, t.SortTask.sku_pk == t.Sku.id)
                .where(t.Sku.status == "active")
                .group_by(t.Sku.id, t.Sku.sku_id, t.Sku.weighed, t.Sku.plu)
                .order_by(func.sum(t.SortTask.ordered_qty).desc(), t.Sku.sku_id)
            ).all()
        skus = []
        for sku_id, weighed, plu, barcode, ordered in rows:
            plu = plu if weighed else ""
            if (barcode and not weighed) or plu:
                skus.append(SkuToSort(sku_id, barcode or "", plu or "", int(ordered or 0)))
        return skus

    def left(self, sku_id: str, routes: list[str]) -> tuple[int, int]:
        """Units of the SKU still due to these routes' communities, and to how many."""
        from sqlalchemy import func, select

        from sorter_app.store import tables

        t = tables
        with self.store.read() as s:
            units, tasks = s.execute(
                select(func.sum(t.SortTask.due_qty - t.SortTask.put_qty), func.count())
                .join(t.Sku, t.Sku.id == t.SortTask.sku_pk)
                .join(t.Community, t.Community.id == t.SortTask.community_pk)
                .where(
                    t.Sku.sku_id == sku_id,
                    t.Community.route_id.in_(routes),
                    t.SortTask.due_qty > t.SortTask.put_qty,
                )
            ).one()
        return int(units or 0), int(tasks or 0)

    def crate_codes(self, route_id: str) -> list[str]:
        from sorter_app.services.loading.dispatch import missing_crates
        from sorter_app.services.views.crates_view import crate_view

        codes = []
        for crate in missing_crates(self.store, self.wave_id, route_id):
            view = crate_view(self.store, crate.crate_id)
            if view is not None:
                codes.append(view.scan_code)
        return codes

    # --- the night ---------------------------------------------------------------------------

    def station(self, station_id: str) -> Any:
        from sorter_app.services.sorting.scanning import ScanStation

        return ScanStation(
            self.store, wave_id=self.wave_id, station_id=station_id, clock=self.clock
        )

    def tick(self, start: datetime, end: datetime, steps: int) -> Iterator[None]:
        """Set the clock to `steps` times spread evenly from `start` to `end`."""
        for i in range(steps):
            self.clock.at = start + (end - start) * (i / max(steps - 1, 1))
            yield

    def receive(self, skus: list[SkuToSort], short_sku: str) -> None:
        """Everything arrives two hours before now, but a quarter of the short SKU (closed)."""
        from sorter_app.services.receiving.shortages import close_receiving

        receiver = self.station("RCV-01")
        start = self.now - timedelta(minutes=125)
        for sku, _ in zip(
            skus, self.tick(start, start + timedelta(minutes=8), len(skus)), strict=True
        ):
            qty = sku.ordered - sku.ordered // 4 if sku.sku_id == short_sku else sku.ordered
            if sku.plu:  # a scale label is one unit of its own weight: one scan each
                for unit in range(qty):
                    self.count(receiver.scan(sku.code(unit), mode="receive", worker="W01"))
            else:
                self.count(receiver.scan(f"{sku.barcode}*{qty}", mode="receive", worker="W01"))
        self.clock.at = start + timedelta(minutes=10)
        close_receiving(
            self.store,
            self.wave_id,
            sku_id=short_sku,
            closed_by=SUPERVISOR[0],
            reason="供应商少送 / supplier sent less",
            clock=self.clock,
        )

    def sort(
        self, skus: list[SkuToSort], routes: list[str], start: datetime, end: datetime
    ) -> None:
        """Three workers at their stations sort these SKUs for these routes, in the order the
        wall offers them, taking turns; now and then a put starts with a wrong crate (W03's
        one in nine, W02's one in 25, W01's one in 40)."""
        work = [(sku, *self.left(sku.sku_id, routes)) for sku in skus]
        puts = sum(tasks for _sku, _left, tasks in work)  # one put a community, crates allowing
        stations = [self.station(f"ST-1{i + 1}") for i in range(len(WORKERS))]
        ticks = self.tick(start, end, max(puts, 1))
        n = 0
        for sku, left, _tasks in work:
            while left > 0:
                next(ticks, None)
                worker = WORKERS[n % len(WORKERS)][0]
                station = stations[n % len(stations)]
                turn = n // len(WORKERS)  # the worker's own put count
                n += 1
                target = self.count(station.scan(sku.code(n), mode="seed", worker=worker))
                if target.result.value != "put_target" or target.shown.route_id not in routes:
                    break
                if turn % WRONG_CRATE_EVERY[worker] == WRONG_CRATE_EVERY[worker] - 1:
                    self.count(station.scan(self.other_crate(target), mode="seed", worker=worker))
                done = self.count(station.scan(target.crate_code or "", mode="seed", worker=worker))
                if done.result.value != "put_done" or not done.qty:
                    break
                left -= done.qty

    def other_crate(self, target: Any) -> str:
        """A crate of the next community on the wall (by ID): the wrong one beside the right."""
        from sorter_app.services.views.crates_view import wave_crates

        if not self._crates:
            for crate in wave_crates(self.store, self.wave_id):
                if crate.seq == 1:
                    self._crates[crate.community_id] = crate.scan_code
        communities = sorted(self._crates)
        at = communities.index(target.community_id) if target.community_id in communities else 0
        return self._crates[communities[(at + 1) % len(communities)]]

    def print_labels(self, routes: list[str]) -> None:
        """The first route's labels printed on the working printer."""
        from sorter_app.services.printing.print_queue import queue_wave_labels
        from sorter_app.services.printing.sender import PrintSender

        profile = next(p for p in self.settings.printers if p.name == LABEL_PRINTER)
        self.clock.at = self.now - timedelta(minutes=58)
        for community in self.communities(routes):
            queue_wave_labels(self.store, profile, self.wave_id, community, clock=self.clock)
        sender = PrintSender.for_profiles(self.store, self.settings.printers, clock=self.clock)
        try:
            sender.send_due([LABEL_PRINTER])
        finally:
            sender.close()

    def printer_in_error(self, routes: list[str]) -> None:
        """Labels of the next route's first stops go to the printer whose port is closed: the
        sender finds it unavailable and keeps them queued with its error."""
        from sorter_app.services.printing.print_queue import queue_wave_labels
        from sorter_app.services.printing.sender import PrintSender

        profile = next(p for p in self.settings.printers if p.name == BROKEN_PRINTER)
        self.clock.at = self.now - timedelta(minutes=4)
        for community in self.communities(routes[:1])[:3]:
            queue_wave_labels(self.store, profile, self.wave_id, community, clock=self.clock)
        sender = PrintSender.for_profiles(self.store, self.settings.printers, clock=self.clock)
        try:
            sender.send_due([BROKEN_PRINTER])
        finally:
            sender.close()

    def communities(self, routes: list[str]) -> list[str]:
        from sqlalchemy import select

        from sorter_app.store import tables

        t = tables
        with self.store.read() as s:
            return list(
                s.scalars(
                    select(t.Community.community_id)
                    .where(t.Community.route_id.in_(routes))
                    .order_by(t.Community.route_id, t.Community.stop_seq)
                )
            )

    def load_and_dispatch(self, route_id: str) -> None:
        """The first route's crates loaded on its truck, then dispatched at its departure."""
        from sorter_app.services.loading.dispatch import dispatch_route

        loader = self.station("LOAD-01")
        codes = self.crate_codes(route_id)
        start = self.now - timedelta(minutes=45)
        for code, _ in zip(
            codes, self.tick(start, start + timedelta(minutes=20), len(codes)), strict=True
        ):
            self.count(loader.scan(code, mode="load", worker="W02", route=route_id))
        self.clock.at = self.now - timedelta(minutes=16)
        dispatch_route(
            self.store,
            self.wave_id,
            route_id,
            driver="王师傅",
            plate="浙A·D5821",
            settings=self.settings,
            clock=self.clock,
        )

    def count(self, decision: Any) -> Any:
        key = decision.result.value
        self.counts[key] = self.counts.get(key, 0) + 1
        return decision


if __name__ == "__main__":
    raise SystemExit(main())
