"""The words on the station screen for each scan result, in Chinese and English.

Short: a worker glances at them from a metre away. The UI's big target fields come from the
decision's details; these lines are the caption and what the replay prints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sorter_app.domain.decisions import Result

Builder = Callable[[int | None, dict[str, Any]], tuple[str, str]]

_TEMPERATURE_ZH = {"ambient": "常温", "chilled": "冷藏", "frozen": "冷冻"}


def message_for(result: Result, *, qty: int | None = None, **d: Any) -> tuple[str, str]:
    """(Chinese, English) for one decision; `d` holds the decision's details."""
    build = _BUILDERS.get(result)
    if build is None:
        return result.value, result.value
    return build(qty, dict(d))


def _crate(d: dict[str, Any]) -> tuple[str, str]:
    n, m = d.get("crate_seq"), d.get("crate_count")
    extra_zh = "（加筐）" if d.get("crate_extra") else ""
    extra_en = " (extra)" if d.get("crate_extra") else ""
    return f"{n}/{m} 号筐{extra_zh}", f"crate {n}/{m}{extra_en}"


def _put_target(qty: int | None, d: dict[str, Any]) -> tuple[str, str]:
    crate_zh, crate_en = _crate(d)
    temp = _TEMPERATURE_ZH.get(str(d.get("temperature")), "")
    where = f"{d.get('stop_seq')} 号站 {d.get('community_name')}"
    return (
        f"{where}：放 {qty} {d.get('unit', '')} 入 {crate_zh} {temp}，然后扫筐",
        f"Stop {d.get('stop_seq')} {d.get('community_name')}: put {qty} into {crate_en}, then scan the crate",
    )


def _put_done(qty: int | None, d: dict[str, Any]) -> tuple[str, str]:
    crate_zh, crate_en = _crate(d)
    return (
        f"已放入 {qty} {d.get('unit', '')} → {d.get('community_name')} {crate_zh}",
        f"Put {qty} into {d.get('community_name')} {crate_en}",
    )


def _wrong_crate(qty: int | None, d: dict[str, Any]) -> tuple[str, str]:
    crate_zh, crate_en = _crate(d)
    return (
        f"错筐！不要放。应放 {d.get('stop_seq')} 号站 {d.get('community_name')} {crate_zh}",
        f"WRONG CRATE! Do not put. It goes to stop {d.get('stop_seq')} {d.get('community_name')} {crate_en}",
    )


def _crate_opened(qty: int | None, d: dict[str, Any]) -> tuple[str, str]:
    crate_zh, crate_en = _crate(d)
    return (
        f"已开新筐 {crate_zh}：放 {qty} {d.get('unit', '')}，然后扫新筐",
        f"New crate opened, {crate_en}: put {qty}, then scan the new crate",
    )


def _crate_info(qty: int | None, d: dict[str, Any]) -> tuple[str, str]:
    crate_zh, crate_en = _crate(d)
    return (
        f"{d.get('community_name')} {crate_zh}：已装 {qty} 件",
        f"{d.get('community_name')} {crate_en}: {qty} units in it",
    )


def _not_to_sort(qty: int | None, d: dict[str, Any]) -> tuple[str, str]:
    name = d.get("sku_name", "")
    if d.get("below_threshold_received"):
        # At receiving the units are counted (they become overage), so say so: the worker
        # must not look for a mistake, only keep them off the seeding wall.
        return (
            f"该商品未成团，不分拣：{name} 已登记 {qty}，请放到异常区",
            f"Below group threshold: do not sort. {name}: {qty} recorded; "
            "put it in the exception area",
        )
    return (
        f"不分拣！{name} 已取消（未成团或订单取消），请放到异常区",
        f"Do not sort! {name} is cancelled; put it in the exception area",
    )


def _undone(qty: int | None, d: dict[str, Any]) -> tuple[str, str]:
    if "received" in d:  # a receipt taken back, at receiving
        return (
            f"已撤销收货 {d.get('sku_name', '')} {qty}（已收 {d['received']}/{d.get('ordered', '')}）",
            f"Receipt undone: {d.get('sku_name', '')} {qty} "
            f"({d['received']}/{d.get('ordered', '')})",
        )
    return (
        f"已撤销：从 {d.get('community_name', '')} {d.get('crate_seq', '')} 号筐取回 {qty} "
        f"{d.get('unit', '')}",
        f"Undone: take {qty} back out of {d.get('community_name', '')} crate "
        f"{d.get('crate_seq', '')}",
    )


class _MissingAsEmpty(dict[str, Any]):
    """A detail the decision lacks prints as nothing rather than failing the scan."""

    def __missing__(self, key: str) -> str:
        return ""


def _fixed(zh: str, en: str) -> Builder:
    def build(qty: int | None, d: dict[str, Any]) -> tuple[str, str]:
        values = _MissingAsEmpty(d, qty=qty)
        return zh.format_map(values), en.format_map(values)

    return build


_BUILDERS: dict[Result, Builder] = {
    Result.PUT_TARGET: _put_target,
    Result.PUT_DONE: _put_done,
    Result.WRONG_CRATE: _wrong_crate,
    Result.CRATE_OPENED: _crate_opened,
    Result.CRATE_INFO: _crate_info,
    Result.OVER_SCAN: _fixed(
        "多出的货！{sku_name} 已全部分完，请放到异常区",
        "Extra unit! {sku_name} is fully sorted; put it in the exception area",
    ),
    Result.NOT_TO_SORT: _not_to_sort,
    Result.NOT_RECEIVED: _fixed(
        "{sku_name} 还没有收货登记，请先到收货台扫描",
        "{sku_name} has not been received yet; receive it first",
    ),
    Result.VOID_LABEL: _fixed(
        "作废的筐贴！这张标签已重打，请换用新标签",
        "VOID LABEL! This label was reprinted; use the new label",
    ),
    Result.UNKNOWN_CRATE: _fixed("不认识的筐码：{code}", "Unknown crate code: {code}"),
    Result.CRATE_CLOSED: _fixed("此筐已封，不能再放", "This crate is closed; nothing more goes in"),
    Result.RECEIVED: _fixed(
        "收货 {sku_name} +{qty}（已收 {received}/{ordered}）",
        "Received {sku_name} +{qty} ({received}/{ordered})",
    ),
    Result.DAMAGED: _fixed(
        "登记破损 {sku_name} {qty}（共 {damaged}）", "Damaged {sku_name}: {qty} (total {damaged})"
    ),
    Result.DAMAGE_EXCEEDS_STOCK: _fixed(
        "破损数量 {qty} 超过在库数量 {on_hand}，未登记",
        "Damaged {qty} is more than the {on_hand} on hand; not recorded",
    ),
    Result.RECEIVING_CLOSED: _fixed("{sku_name} 已结束收货", "Receiving of {sku_name} is closed"),
    Result.COUNT_ARMED: _fixed(
        "数量 {qty}：请扫商品，按 {qty} 件收货", "Count {qty}: scan the product to receive {qty}"
    ),
    Result.COUNT_ASKED: _fixed(
        "请在键盘输入数量，按回车确认", "Type the count on the keypad, then press Enter"
    ),
    Result.COUNT_SET: _fixed(
        "本次收货 {sku_name} 改为 {qty}（已收 {received}/{ordered}）",
        "This receipt of {sku_name} is now {qty} ({received}/{ordered})",
    ),
    Result.NOTHING_TO_COUNT: _fixed(
        "请先扫商品，再输入数量", "Scan the product first, then type the count"
    ),
    Result.UNDO_NEEDS_SUPERVISOR: _fixed(
        "收货已超过 {undo_grace_s} 秒：撤销 {sku_name} {qty} 需要班组长",
        "More than {undo_grace_s} s since the receipt: undoing {sku_name} {qty} needs a supervisor",
    ),
    Result.LOADED: _fixed(
        "已装车：{stop_seq} 号站 {community_name} {crate_seq} 号筐（本线还差 {missing} 筐）",
        "Loaded: stop {stop_seq} {community_name} crate {crate_seq} ({missing} still to load on this route)",
    ),
    Result.WRONG_ROUTE: _fixed(
        "不是这条线路！此筐属于 {crate_route_name}（{crate_route_id}），不要装",
        "WRONG ROUTE! This crate belongs to {crate_route_name} ({crate_route_id}); do not load it",
    ),
    Result.ALREADY_LOADED: _fixed("此筐已经装车", "This crate is already loaded"),
    Result.ROUTE_DISPATCHED: _fixed(
        "线路 {route_id} 已发车，不能再装", "Route {route_id} has left; nothing more loads"
    ),
    Result.REJECTED: _fixed("无法识别：{reason_zh}", "Not recognised: {reason_en}"),
    Result.UNKNOWN_BARCODE: _fixed(
        "不是本波次的商品：{code}，请放到异常区",
        "Not in this wave: {code}; put it in the exception area",
    ),
    Result.PRICE_LABEL: _fixed(
        "这是计价标签，请把电子秤设为重量模式",
        "This is a price label; set the scale to weight mode",
    ),
    Result.DAMAGED_ARMED: _fixed("破损登记：请扫破损商品", "Damage: scan the damaged item"),
    Result.CANCELLED: _fixed("已取消", "Cancelled"),
    Result.UNDONE: _undone,
    Result.NOTHING_TO_UNDO: _fixed("没有可撤销的操作", "Nothing to undo"),
    Result.LOGGED_OUT: _fixed("已退出", "Logged out"),
    Result.NOT_APPLICABLE: _fixed(
        "此处不能用这个码（{what}）", "That code does not apply here ({what})"
    ),
}
