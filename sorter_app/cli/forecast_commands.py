"""`sorter-app forecast`: tonight's volume before cutoff, with its band, what it means in crates,
workers and trucks, and its measured error; `sorter-app forecast events add|list|remove`: the
supervisor's local events on the forecast's calendar."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sorter_app.cli.common import (
    EXIT_OK,
    Subparsers,
    add_api_options,
    add_store_options,
    date_argument,
    lang,
    open_store,
    settings_from,
)
from sorter_app.cli.help_text import h
from sorter_app.domain.errors import UserFacingError

# The factor codes of domain/forecast/model.py, worded for people.
_FACTOR_WORDS = {
    "weekday_median": ("同星期中位数", "weekday median"),
    "kind_factor": ("节假日系数", "day-kind factor"),
    "event_factor": ("本地事件系数", "event factor"),
    "profile": ("星期规律估计", "weekday profile"),
    "count_so_far": ("目前行数", "count so far"),
    "curve_fraction": ("历史同时刻完成比例", "past share by this time"),
    "curve": ("日内曲线估计", "intra-day curve"),
    "curve_weight": ("曲线权重", "curve weight"),
}

_KIND_WORDS = {
    "normal": ("平常日", "a normal day"),
    "holiday": ("节假日", "a holiday"),
    "holiday_eve": ("节前", "a holiday's eve"),
    "makeup_workday": ("调休上班日", "a make-up workday"),
}


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "forecast",
        help=h(
            "预测今晚截单时的订单行数（含区间），以及所需周转筐、人手和车辆，并显示历史误差",
            "forecast tonight's final line count (with its band), the crates, workers and trucks "
            "it needs, and the forecast's error on past waves",
        ),
    )
    add_store_options(p)
    add_api_options(p)
    p.add_argument(
        "--date",
        type=date_argument,
        help=h(
            "配送日期 YYYY-MM-DD（默认明天，即今晚截单的波次）",
            "delivery date YYYY-MM-DD (default: tomorrow, tonight's wave)",
        ),
    )
    p.add_argument(
        "--json", action="store_true", help=h("输出 JSON（时间为 UTC）", "print JSON (times UTC)")
    )
    p.add_argument(
        "--no-poll",
        action="store_true",
        help=h(
            "不先向平台轮询未截单波次的汇总", "do not poll the platform for the open wave's summary"
        ),
    )
    p.set_defaults(run=_run_forecast)
    actions = p.add_subparsers(metavar="ACTION", title=h("操作", "actions"), required=False)
    events = actions.add_parser(
        "events",
        help=h(
            "本地事件（集市、促销、天气等）：添加、列出、删除",
            "local events (a market day, a promotion, the weather): add, list, remove",
        ),
    )
    event_actions = events.add_subparsers(metavar="ACTION", title=h("操作", "actions"))
    add = event_actions.add_parser(
        "add",
        help=h("添加某天的事件（同一天已有则替换）", "add a day's event (replaces one there)"),
    )
    add_store_options(add)
    add.add_argument("--date", type=date_argument, required=True, help=h("日期", "the date"))
    add.add_argument("--name", required=True, help=h("事件名称", "the event's name"))
    add.add_argument(
        "--factor",
        type=float,
        help=h(
            "行数系数，如 1.2 表示多两成（不填：从历史同类事件学习）",
            "line factor, e.g. 1.2 for a fifth more (none: learned from past events)",
        ),
    )
    add.add_argument("--note", default="", help=h("备注", "a note"))
    add.set_defaults(run=_run_events_add)
    listing = event_actions.add_parser("list", help=h("列出本地事件", "list the local events"))
    add_store_options(listing)
    listing.add_argument("--json", action="store_true", help=h("输出 JSON", "print JSON"))
    listing.set_defaults(run=_run_events_list)
    remove = event_actions.add_parser("remove", help=h("删除某天的事件", "remove a day's event"))
    add_store_options(remove)
    remove.add_argument("--date", type=date_argument, required=True, help=h("日期", "the date"))
    remove.set_defaults(run=_run_events_remove)


def _run_forecast(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from sorter_app.platform.errors import PlatformError
    from sorter_app.services.clock import utc_now
    from sorter_app.services.forecast.forecasting import make_forecast
    from sorter_app.services.waves.platform_link import PlatformLink, open_client

    settings = settings_from(args)
    now = utc_now()
    delivery = args.date or (now.astimezone(settings.zone).date() + timedelta(days=1))
    store = open_store(settings)
    link = PlatformLink.from_settings(settings, token=args.token)
    client = None
    try:
        if link.url and not args.no_poll:
            try:
                # One look at the wave list: a platform that is down costs seconds, not minutes.
                client = open_client(link, max_attempts=2, read_timeout=10)
            except UserFacingError as exc:
                _warn(exc, args)
        try:
            report = make_forecast(store, settings, delivery, now=now, platform=client)
        except PlatformError as exc:
            # The store still has what was polled before: forecast from that, and say so.
            _warn(exc, args)
            report = make_forecast(store, settings, delivery, now=now)
    finally:
        if client is not None:
            client.close()
        store.close()
    data = report.to_json()
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_report(data, lang(args) == "zh")
    return EXIT_OK


def _warn(exc: UserFacingError, args: argparse.Namespace) -> None:
    print(
        h(
            f"警告：未能轮询平台（{exc.message('zh')}），按已存数据预测",
            f"warning: the platform was not polled ({exc.message('en')}); forecast from the store",
        ),
        file=sys.stderr,
    )


def _print_report(d: dict[str, Any], zh: bool) -> None:
    def say(zh_text: str, en_text: str) -> str:
        return zh_text if zh else en_text

    f = d["forecast"]
    kind = say(*_KIND_WORDS.get(d["day_kind"], (d["day_kind"], d["day_kind"])))
    kind += f" {d['holiday']}" if d["holiday"] else ""
    if d["event"]:
        kind += f" + {d['event']}"
    print(
        say(
            f"{d['hub_id']} 配送日 {d['delivery_date']}（{d['night']} 截单，{kind}）",
            f"{d['hub_id']} delivery {d['delivery_date']} (cut off {d['night']}, {kind})",
        )
    )
    print(
        say(
            f"  预测 {f['lines']} 行（区间 {f['low']}–{f['high']}），方法 {f['method']}",
            f"  forecast {f['lines']} lines (band {f['low']}-{f['high']}), method {f['method']}",
        )
    )
    for factor in f["factors"]:
        words = _FACTOR_WORDS.get(factor["code"], (factor["code"], factor["code"]))
        value = factor["value"]
        shown = f"{value:.3f}" if abs(value) < 10 else f"{value:.0f}"
        detail = f" ({factor['detail']})" if factor["detail"] else ""
        print(f"    {say(*words)}: {shown}{detail}")
    y = d["yesterday"]
    if y is not None:
        was = (
            ""
            if y["forecast"] is None
            else say(f"，当时预测 {y['forecast']}", f", forecast {y['forecast']}")
        )
        print(
            say(
                f"  上一晚 {y['night']}：实际 {y['lines']} 行{was}",
                f"  last night {y['night']}: {y['lines']} lines{was}",
            )
        )
    c = d["crates"]
    zones = ", ".join(f"{z['zone']} {z['needed']}" for z in c["zones"])
    on_hand = say("未设置", "not set") if c["on_hand"] is None else str(c["on_hand"])
    short = "" if not c["short"] else say(f"，缺 {c['short']}", f", short {c['short']}")
    print(
        say(
            f"  周转筐 需要 {c['needed']}（{zones}），现有 {on_hand}{short}",
            f"  crates needed {c['needed']} ({zones}), on hand {on_hand}{short}",
        )
    )
    if not d["routes"]:
        print(
            say(
                "  人手：没有线路（导入过的波次或 [routes.departures] 设置）",
                "  workers: no routes known (from imported waves or [routes.departures])",
            )
        )
    else:
        workers = "—" if d["workers"] is None else d["workers"]
        print(say(f"  人手（全仓一组）{workers}", f"  workers (one crew) {workers}"))
    for r in d["routes"]:
        mark = "" if r["departure_set"] else say("（默认发车时间）", " (default departure)")
        crew = "—" if r["workers"] is None else r["workers"]
        print(
            say(
                f"    线路 {r['name']} [{r['route_id']}] {r['lines']:.0f} 行，人手 {crew}，"
                f"筐 {r['crates']}，车 {r['trucks']}{mark}",
                f"    route {r['name']} [{r['route_id']}] {r['lines']:.0f} lines, workers {crew}, "
                f"crates {r['crates']}, trucks {r['trucks']}{mark}",
            )
        )
    if d["mape"] is None:
        print(
            say("  历史误差：历史不足，尚未测量", "  error on past waves: too little history yet")
        )
    else:
        print(
            say(
                f"  15:00 预测的平均绝对百分比误差 MAPE {d['mape']:.1%}（{d['backtest_nights']} 晚）",
                f"  MAPE of the {d['backtest_nights']} past nights' forecasts: {d['mape']:.1%}",
            )
        )
    defaults = [k for k, v in d["rates"]["sources"].items() if v == "default"]
    if defaults:
        print(
            say(f"  使用默认值：{', '.join(defaults)}", f"  defaults used: {', '.join(defaults)}")
        )
    if d["weather_note"]:
        print(say(f"  天气：{d['weather_note']}", f"  weather: {d['weather_note']}"))


def _run_events_add(args: argparse.Namespace) -> int:
    from sorter_app.services.clock import utc_now
    from sorter_app.services.forecast.forecasting import add_event

    store = open_store(settings_from(args))
    try:
        row = add_event(
            store, args.date, args.name, factor=args.factor, note=args.note, now=utc_now()
        )
    finally:
        store.close()
    factor = "" if row.factor is None else f" ×{row.factor}"
    print(f"{row.day} {row.name}{factor}")
    return EXIT_OK


def _run_events_list(args: argparse.Namespace) -> int:
    from sorter_app.services.forecast.forecasting import list_events

    store = open_store(settings_from(args))
    try:
        rows = list_events(store)
    finally:
        store.close()
    if args.json:
        items = [
            {"date": r.day.isoformat(), "name": r.name, "factor": r.factor, "note": r.note}
            for r in rows
        ]
        json.dump(items, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    for r in rows:
        factor = "" if r.factor is None else f" ×{r.factor}"
        note = f"  {r.note}" if r.note else ""
        print(f"{r.day} {r.name}{factor}{note}")
    return EXIT_OK


def _run_events_remove(args: argparse.Namespace) -> int:
    from sorter_app.services.forecast.forecasting import remove_event

    store = open_store(settings_from(args))
    try:
        remove_event(store, args.date)
    finally:
        store.close()
    print(h(f"已删除 {args.date} 的事件", f"removed the event of {args.date}"))
    return EXIT_OK
