"""`sorter-app demo`: the built-in platform simulator with a generated wave, imported into a
fresh demo database, so that anyone can try the app on one machine.

The simulator's nights follow a weekly and holiday pattern (VolumePattern), and the demo opens
with `HISTORY_NIGHTS` nights of that history in the store, as if the app had polled every open
wave for weeks: each night's snapshots and final count (the contract has no history of
intra-day counts to fetch), so the forecast shows something real at once; and the same nights'
wave aggregates, made up from tonight's wave (sorter_app/demo_history.py: demo data only), so
that the trends screen does too."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime, timedelta

from sorter_app.demo_history import seed_trend_history
from sorter_app.platform.simulator import Simulator, SimulatorServer, VolumePattern
from sorter_app.platform.simulator.generator import cutoff_for
from sorter_app.platform.simulator.server import DEFAULT_TOKEN
from sorter_app.services.forecast.forecasting import NoForecastHistory, make_forecast
from sorter_app.services.forecast.snapshots import (
    CLOSED,
    RecordedWave,
    SnapshotPoint,
    record_snapshots,
)
from sorter_app.services.people.roster import Person, add_person
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.services.waves.platform_link import PlatformLink, import_waves
from sorter_app.services.waves.wave_import import ImportProgress
from sorter_app.settings import Settings, load_settings
from sorter_app.store.database import Store

DEMO_TOKEN = DEFAULT_TOKEN  # the same as `sorter-app simulator`'s, so one token works for both
# Someone to scan in as and someone to unlock the supervisor screens with, so the demo works
# without the first-run set-up: badge cards print as BADGE-W01 / BADGE-S01.
DEMO_WORKER = ("W01", "张三")
DEMO_SUPERVISOR = ("S01", "李班长", "1234")
HISTORY_NIGHTS = 28  # four weeks: the forecast's weekday profile and its measured error


def run_demo(args: argparse.Namespace) -> int:
    if not args.no_ui:
        from sorter_app.app_entry import require_display

        require_display("demo")  # before anything is made: Qt would abort the process later
    settings = load_settings()
    demo_db = settings.paths.data_dir / "demo.sqlite"
    for suffix in ("", "-wal", "-shm"):
        demo_db.with_name(demo_db.name + suffix).unlink(missing_ok=True)
    store = Store.open(f"sqlite:///{demo_db}")
    simulator = Simulator(
        seed=args.seed,
        hub_id=settings.hub_id,
        communities=args.communities,
        skus=args.skus,
        lines=args.lines,
        volume=VolumePattern(args.lines, args.seed),
    )
    server = SimulatorServer(simulator, token=DEMO_TOKEN)
    server.start()
    try:
        delivery = (datetime.now(settings.zone) + timedelta(days=1)).date()
        link = PlatformLink(server.url, settings.hub_id, DEMO_TOKEN)
        report = import_waves(store, link, delivery, progress=_progress)
        print(file=sys.stderr)
        people = _add_demo_people(store)
        started = time.perf_counter()
        past = seed_forecast_history(store, simulator, delivery, HISTORY_NIGHTS)
        wave_id = report.results[0].wave_id
        seed_trend_history(store, wave_id, settings.zone, past)
        took = time.perf_counter() - started
        print(f"  历史 history: {HISTORY_NIGHTS} 晚 nights in {took:.2f} s", file=sys.stderr)
        _print_summary(store, server.url, str(demo_db), wave_id, people)
        _print_forecast(store, settings, delivery, str(demo_db))
        if args.no_ui:
            return 0
        return _open_ui_or_wait(store, server, settings)
    finally:
        server.stop()


def seed_forecast_history(
    store: Store, simulator: Simulator, delivery: date, nights: int
) -> list[tuple[str, date, datetime, int]]:
    """The simulator's nights before `delivery`'s, and that night's own, as the app would have
    polled them: snapshots while open and the final count at cutoff (the same numbers the
    simulator serves). Returns the past nights as (wave ID, delivery date, cutoff, final lines),
    oldest first (each night is worked out once: the trends' history is shaped from them)."""
    volume = simulator.volume
    if volume is None:
        return []
    waves = []
    past = []
    for back in range(nights, -1, -1):
        delivery_date = delivery - timedelta(days=back)
        cutoff = cutoff_for(delivery_date)
        night = volume.night(cutoff.date())
        final = volume.lines_for(cutoff, simulator.waves_per_day)
        points = [
            SnapshotPoint(datetime.combine(night.day, snap.at, cutoff.tzinfo), 0, snap.lines)
            for snap in night.snapshots
            if snap.at < cutoff.time()
        ]
        if back:  # tonight's wave is imported: its final count is the store's own
            points.append(SnapshotPoint(cutoff, 0, final, CLOSED))
        for wave_id in simulator.wave_ids_for(delivery_date)[:1]:
            waves.append(RecordedWave(wave_id, delivery_date, cutoff, tuple(points)))
            if back:
                past.append((wave_id, delivery_date, cutoff, final))
    record_snapshots(store, simulator.hub_id, waves)
    return past


def _print_forecast(store: Store, settings: Settings, delivery: date, db_path: str) -> None:
    try:
        report = make_forecast(store, settings, delivery, now=datetime.now(settings.zone))
    except NoForecastHistory:
        return
    f = report.forecast
    mape = "—" if report.backtest.mape is None else f"{report.backtest.mape:.1%}"
    print(
        f"  预测 forecast {f.rounded} 行 lines（{round(f.low)}–{round(f.high)}），"
        f"历史 {len(report.inputs.history)} 晚 nights，MAPE {mape}  "
        f"sorter-app forecast --db sqlite:///{db_path} --date {delivery} --no-poll"
    )


def _progress(p: ImportProgress) -> None:
    total = p.total or 0
    print(
        f"\r{p.wave_id} {p.stage:<11} {p.done}/{total or '?'}", end="", file=sys.stderr, flush=True
    )


def _add_demo_people(store: Store) -> list[Person]:
    code, name = DEMO_WORKER
    worker = add_person(store, code, name)
    code, name, pin = DEMO_SUPERVISOR
    return [worker, add_person(store, code, name, "supervisor", pin)]


def _print_summary(
    store: Store, url: str, db_path: str, wave_id: str, people: list[Person]
) -> None:
    print("集单分拣台 演示 / Hub Sorter demo")
    print(f"  平台模拟器 platform simulator: {url}  (token {DEMO_TOKEN})")
    print(f"  演示数据库 demo database: {db_path}")
    for row in list_waves(store):
        print(
            f"  波次 wave {row.wave_id}  配送日 {row.delivery_date}  小区 {row.communities}  "
            f"商品 {row.skus}  订单 {row.orders}  待分拣行 {row.lines_to_sort}  件数 {row.units_to_sort}"
        )
    for person in people:
        if person.is_supervisor:
            print(
                f"  班组长 supervisor {person.code} {person.name}  工牌 badge {person.badge}  "
                f"密码 PIN {DEMO_SUPERVISOR[2]}"
            )
        else:
            print(f"  分拣员 worker {person.code} {person.name}  工牌 badge {person.badge}")
    print(
        f"  试一试 try: sorter-app replay --db sqlite:///{db_path} --wave {wave_id} --station ST-01 --mode receive -"
    )


def _open_ui_or_wait(store: Store, server: SimulatorServer, settings: object) -> int:
    try:
        from sorter_app.ui.app import run_ui  # the desktop app, once it exists
    except ImportError:
        print(
            "  （桌面界面尚未提供；演示数据已就绪 / the desktop UI is not built yet; the demo data is ready）"
        )
        return 0
    return int(run_ui(store=store, platform_url=server.url, token=DEMO_TOKEN))
