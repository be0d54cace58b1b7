"""`sorter-app demo`: the built-in platform simulator with a generated wave, imported into a
fresh demo database, so that anyone can try the app on one machine."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta

from sorter_app.platform.simulator import Simulator, SimulatorServer
from sorter_app.platform.simulator.server import DEFAULT_TOKEN
from sorter_app.services.people.roster import Person, add_person
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.services.waves.platform_link import PlatformLink, import_waves
from sorter_app.services.waves.wave_import import ImportProgress
from sorter_app.settings import load_settings
from sorter_app.store.database import Store

DEMO_TOKEN = DEFAULT_TOKEN  # the same as `sorter-app simulator`'s, so one token works for both
# Someone to scan in as and someone to unlock the supervisor screens with, so the demo works
# without the first-run set-up: badge cards print as BADGE-W01 / BADGE-S01.
DEMO_WORKER = ("W01", "张三")
DEMO_SUPERVISOR = ("S01", "李班长", "1234")


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
    )
    server = SimulatorServer(simulator, token=DEMO_TOKEN)
    server.start()
    try:
        delivery = (datetime.now(settings.zone) + timedelta(days=1)).date()
        link = PlatformLink(server.url, settings.hub_id, DEMO_TOKEN)
        report = import_waves(store, link, delivery, progress=_progress)
        print(file=sys.stderr)
        people = _add_demo_people(store)
        _print_summary(store, server.url, str(demo_db), report.results[0].wave_id, people)
        if args.no_ui:
            return 0
        return _open_ui_or_wait(store, server, settings)
    finally:
        server.stop()


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
