"""What a hub without a screen looks up: `skus`, `crates list` and `routes` of a wave."""

from __future__ import annotations

import argparse

from sorter_app.cli.common import (
    EXIT_OK,
    Subparsers,
    add_store_options,
    lang,
    open_store,
    settings_from,
)
from sorter_app.cli.help_text import h
from sorter_app.cli.tables import print_json, print_table


def register(sub: Subparsers) -> None:
    _add_skus(sub)
    _add_routes(sub)


def add_crates_list(actions: Subparsers) -> None:
    """`crates list`, added to the `crates` group (reporting_commands)."""
    p = actions.add_parser(
        "list",
        help=h(
            "列出波次的筐：筐号、筐码、小区、线路/站点、第几筐、温层、状态",
            "list a wave's crates: crate ID, scan code, community, route/stop, n/m, "
            "temperature, status",
        ),
        description=h(
            "列出波次的每个筐（按线路、站点、筐序），可只列一个小区。",
            "Every crate of a wave in route, stop and crate order, or one community's.",
        ),
    )
    add_store_options(p)
    _wave_option(p)
    p.add_argument(
        "--community",
        help=h("只列这个小区的筐（小区 ID）", "only this community's crates (its ID)"),
    )
    _json_option(p)
    p.set_defaults(run=_run_crates_list)


def _add_skus(sub: Subparsers) -> None:
    p = sub.add_parser(
        "skus",
        help=h(
            "列出波次的商品：条码、PLU、状态、应分、已收",
            "list a wave's SKUs: barcodes, PLU, status, due, received",
        ),
        description=h(
            "列出波次的每个商品（含未成团的）：条码和称重 PLU（扫码用），订购、应分（缺货分配后）、"
            "已收件数和收货状态。",
            "Every SKU of a wave (also those below their group threshold): its barcodes and "
            "scale PLU (what to scan), units ordered, due (after the shortage allocation), "
            "received, and where its receiving stands.",
        ),
    )
    add_store_options(p)
    _wave_option(p)
    _json_option(p)
    p.set_defaults(run=_run_skus)


def _add_routes(sub: Subparsers) -> None:
    p = sub.add_parser(
        "routes",
        help=h(
            "列出波次的线路：站点数、筐数、已装车、是否发车",
            "list a wave's routes: stops, crates, loaded, dispatched",
        ),
        description=h(
            "列出波次的每条线路：站点（小区）数、筐数、有货的筐、已装车的筐、是否已发车。",
            "Every route of a wave: its stops (communities), crates, crates holding units, "
            "crates loaded, and whether it was dispatched.",
        ),
    )
    add_store_options(p)
    _wave_option(p)
    _json_option(p)
    p.set_defaults(run=_run_routes)


def _wave_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wave", required=True, help=h("波次 ID", "wave ID"))


def _json_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--json",
        action="store_true",
        help=h("输出一个 JSON 数组（英文字段名）", "print one JSON array (English keys)"),
    )


# --- running -----------------------------------------------------------------------------------

_TEMPERATURE = {
    "zh": {"ambient": "常温", "chilled": "冷藏", "frozen": "冷冻"},
    "en": {"ambient": "ambient", "chilled": "chilled", "frozen": "frozen"},
}
_SKU_STATUS = {
    "zh": {"active": "成团", "cancelled_below_threshold": "未成团（不分拣）"},
    "en": {"active": "active", "cancelled_below_threshold": "below threshold (not sorted)"},
}
_RECEIVING = {
    "zh": {"waiting": "待到货", "receiving": "收货中", "closed": "已结束", "none": "-"},
    "en": {"waiting": "waiting", "receiving": "receiving", "closed": "closed", "none": "-"},
}
_CRATE_STATUS = {
    "zh": {"open": "未封筐", "closed": "已封筐", "loaded": "已装车", "extra": "加筐"},
    "en": {"open": "open", "closed": "closed", "loaded": "loaded", "extra": "extra"},
}


def _run_skus(args: argparse.Namespace) -> int:
    from sorter_app.services.views.lookup_views import sku_listing

    rows = sku_listing(open_store(settings_from(args)), args.wave)
    if args.json:
        print_json(row.as_json() for row in rows)
        return EXIT_OK
    language = lang(args)
    zh = language == "zh"
    header = (
        ("商品", "名称", "条码", "PLU", "状态", "订购", "应分", "已收", "收货")
        if zh
        else ("SKU", "name", "barcodes", "PLU", "status", "ordered", "due", "received", "receiving")
    )
    print_table(
        header,
        (
            (
                r.sku_id,
                r.name,
                ",".join(r.barcodes) or "-",
                r.plu,
                _SKU_STATUS[language].get(r.status, r.status),
                r.ordered,
                r.due,
                r.received,
                _RECEIVING[language].get(r.receiving, r.receiving),
            )
            for r in rows
        ),
        right=(5, 6, 7),
    )
    return EXIT_OK


def _run_crates_list(args: argparse.Namespace) -> int:
    from sorter_app.services.views.lookup_views import crate_listing

    rows = crate_listing(open_store(settings_from(args)), args.wave, args.community)
    if args.json:
        print_json(row.as_json() for row in rows)
        return EXIT_OK
    language = lang(args)
    words = _CRATE_STATUS[language]
    header = (
        ("筐号", "筐码", "小区", "线路/站点", "第几筐", "温层", "已放/计划", "状态")
        if language == "zh"
        else (
            "crate ID",
            "scan code",
            "community",
            "route/stop",
            "n/m",
            "temperature",
            "put/planned",
            "status",
        )
    )
    print_table(
        header,
        (
            (
                r.crate_id,
                r.scan_code,
                f"{r.community_id} {r.community_name}",
                f"{r.route_id}/{r.stop_seq}",
                r.n_of_m,
                _TEMPERATURE[language].get(r.temperature, r.temperature),
                f"{r.put}/{r.planned}",
                words["loaded" if r.loaded else r.status]
                + (f" · {words['extra']}" if r.extra else ""),
            )
            for r in rows
        ),
        right=(4, 6),
    )
    return EXIT_OK


def _run_routes(args: argparse.Namespace) -> int:
    from sorter_app.services.views.lookup_views import route_listing

    settings = settings_from(args)
    rows = route_listing(open_store(settings), args.wave, settings.zone)
    if args.json:
        print_json(row.as_json() for row in rows)
        return EXIT_OK
    zh = lang(args) == "zh"
    header = (
        ("线路", "名称", "站点", "筐数", "有货筐", "已装车", "发车")
        if zh
        else ("route", "name", "stops", "crates", "with units", "loaded", "dispatched")
    )

    def dispatched(departed: object, forced: bool) -> str:
        if departed is None:
            return "未发车" if zh else "no"
        at = f"{departed:%H:%M}"
        if forced:
            return f"{at} 缺筐放行" if zh else f"{at} (forced)"
        return at

    print_table(
        header,
        (
            (
                r.route_id,
                r.route_name,
                r.stops,
                r.crates,
                r.crates_with_units,
                r.loaded,
                dispatched(r.departed_at, r.forced),
            )
            for r in rows
        ),
        right=(2, 3, 4, 5),
    )
    return EXIT_OK
