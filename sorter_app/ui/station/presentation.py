"""What the station screen shows for a decision: level (colour, shape, word, sound) and the target
fields. Pure functions over `Decision`, no widgets, so the mapping is tested on its own.

Texts are Chinese source strings for Qt's translator (context "Station"); data (community and
SKU names, units) is shown as it comes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from sorter_app.domain.decisions import Decision, Level, Result, Shown
from sorter_app.ui.i18n import is_english

translate = QCoreApplication.translate

IDLE = "idle"  # not a decision level: waiting for a badge, or nothing to do


@dataclass(frozen=True)
class Palette:
    background: str
    foreground: str


PALETTES: dict[str, Palette] = {
    IDLE: Palette("#37474F", "#FFFFFF"),
    Level.PROMPT.value: Palette("#1565C0", "#FFFFFF"),
    Level.CONFIRM.value: Palette("#2E7D32", "#FFFFFF"),
    Level.WARNING.value: Palette("#FFB300", "#000000"),
    Level.INTERCEPT.value: Palette("#C62828", "#FFFFFF"),
}

# One glyph per level for places too small for the drawn shape (the last-scans list).
GLYPHS = {
    IDLE: "●",
    Level.PROMPT.value: "➜",
    Level.CONFIRM.value: "✓",
    Level.WARNING.value: "!",
    Level.INTERCEPT.value: "✕",
}

_LEVEL_WORDS = {
    IDLE: str(QT_TRANSLATE_NOOP("Station", "登录")),
    Level.PROMPT.value: str(QT_TRANSLATE_NOOP("Station", "下一步")),
    Level.CONFIRM.value: str(QT_TRANSLATE_NOOP("Station", "完成")),
    Level.WARNING.value: str(QT_TRANSLATE_NOOP("Station", "注意")),
    Level.INTERCEPT.value: str(QT_TRANSLATE_NOOP("Station", "停！")),
}

_TEMPERATURES = {
    "ambient": str(QT_TRANSLATE_NOOP("Station", "常温")),
    "chilled": str(QT_TRANSLATE_NOOP("Station", "冷藏")),
    "frozen": str(QT_TRANSLATE_NOOP("Station", "冷冻")),
}

_MODES = {
    "receive": str(QT_TRANSLATE_NOOP("Station", "收货")),
    "seed": str(QT_TRANSLATE_NOOP("Station", "分拣")),
    "load": str(QT_TRANSLATE_NOOP("Station", "装车")),
}

_LOAD_RESULTS = {
    Result.LOADED,
    Result.WRONG_ROUTE,
    Result.ALREADY_LOADED,
    Result.ROUTE_DISPATCHED,
}

_TARGET_RESULTS = {
    Result.PUT_TARGET,
    Result.PUT_DONE,
    Result.WRONG_CRATE,
    Result.CRATE_OPENED,
}


def level_word(level: str) -> str:
    return translate("Station", _LEVEL_WORDS[level])


def mode_name(mode: str) -> str:
    return translate("Station", _MODES[mode])


def temperature_name(value: object) -> str:
    source = _TEMPERATURES.get(str(value or ""))
    return translate("Station", source) if source else ""


@dataclass(frozen=True)
class View:
    """Everything the big panel shows; empty strings are hidden."""

    level: str
    headline: str = ""  # what must be read first when something is wrong
    stop: str = ""
    stop_caption: str = ""
    qty: str = ""
    qty_caption: str = ""
    unit: str = ""
    title: str = ""  # community name, or the SKU when receiving (data)
    crate: str = ""
    temperature: str = ""
    detail: str = ""  # SKU name under a target (data)
    message: str = ""  # one line that says what happened / what to do

    @property
    def word(self) -> str:
        return level_word(self.level)


def crate_text(shown: Shown) -> str:
    n, m = shown.crate_seq, shown.crate_count
    if n is None:
        return ""
    if m is None:
        text = translate("Station", "第 {n} 筐").format(n=n)
    else:
        text = translate("Station", "第 {n}/{m} 筐").format(n=n, m=m)
    if shown.crate_extra:
        text += translate("Station", "（加筐）")
    return text


def received_text(shown: Shown) -> str:
    """Received / expected of the SKU at receiving."""
    return translate("Station", "已收 {received} / 应收 {ordered}").format(
        received=shown.received, ordered=shown.ordered
    )


def short_over_text(shown: Shown) -> str:
    """What is short or over of good units, and the damage, or "" when it all matches."""
    parts = []
    if shown.short:
        parts.append(translate("Station", "缺 {n}").format(n=shown.short))
    if shown.over:
        parts.append(translate("Station", "多 {n}").format(n=shown.over))
    if shown.damaged:
        parts.append(translate("Station", "破损 {n}").format(n=shown.damaged))
    return "  ".join(parts)


def count_entry_text(digits: str) -> str:
    """The count being typed on the keypad, before Enter."""
    return translate("Station", "输入数量：{digits}（回车确认，Esc 取消）").format(digits=digits)


def decision_message(decision: Decision, language: str) -> str:
    return decision.message_en if is_english(language) else decision.message_zh


def view_for(decision: Decision, language: str) -> View:
    """The panel for one decision of the engine."""
    d = decision.shown
    level = decision.level.value
    message = decision_message(decision, language)
    sku = str(d.sku_name or "")
    unit = str(d.unit or "")
    qty = "" if decision.qty is None else str(decision.qty)
    result = decision.result
    if result in _TARGET_RESULTS:
        wrong = result is Result.WRONG_CRATE
        return View(
            level,
            headline=translate("Station", "错筐！不要放") if wrong else "",
            stop=str(d.stop_seq or ""),
            stop_caption=(
                translate("Station", "应放站号") if wrong else translate("Station", "站号")
            ),
            # "×3" beside stop "7": two bare numbers side by side are easy to swap at a glance.
            qty=f"×{qty}" if qty else "",
            qty_caption=translate("Station", "数量"),
            unit=unit,
            title=str(d.community_name or ""),
            crate=crate_text(d),
            temperature=temperature_name(d.temperature),
            detail=sku,
            message=message,
        )
    if result in _LOAD_RESULTS:
        return load_view(decision, message)
    if result is Result.CRATE_INFO:
        return View(
            level,
            stop=str(d.stop_seq or ""),
            stop_caption=translate("Station", "站号"),
            qty=qty,
            qty_caption=translate("Station", "筐内件数"),
            title=str(d.community_name or ""),
            crate=crate_text(d),
            message=message,
        )
    if result in (Result.RECEIVED, Result.DAMAGED):
        caption = (
            translate("Station", "收货")
            if result is Result.RECEIVED
            else translate("Station", "破损")
        )
        progress = ""
        if result is Result.RECEIVED and d.ordered is not None:
            progress = received_text(d)
        elif result is Result.DAMAGED:
            progress = translate("Station", "破损共 {damaged}").format(damaged=d.damaged)
        return View(
            level,
            qty=f"+{qty}" if result is Result.RECEIVED and qty else qty,
            qty_caption=caption,
            unit=unit,
            title=sku,
            crate=progress,
            detail=short_over_text(d) if result is Result.RECEIVED else "",
            message=message,
        )
    if result is Result.COUNT_SET or (result is Result.UNDONE and d.received is not None):
        undone = result is Result.UNDONE
        return View(
            level,
            qty=f"-{qty}" if undone else qty,
            qty_caption=(
                translate("Station", "撤销收货") if undone else translate("Station", "本次收货")
            ),
            unit=unit,
            title=sku,
            crate=received_text(d),
            detail=short_over_text(d),
            message=message,
        )
    if result is Result.COUNT_ARMED:
        return View(
            level,
            qty=f"×{qty}",
            qty_caption=translate("Station", "下一件数量"),
            title=translate("Station", "请扫商品"),
            message=message,
        )
    if result is Result.UNDONE:
        return View(
            level,
            qty=qty,
            qty_caption=translate("Station", "取回"),
            unit=unit,
            title=str(d.community_name or ""),
            crate=crate_text(d),
            detail=sku,
            message=message,
        )
    # Everything else is a sentence: it becomes the headline, big enough to read from afar.
    return View(level, headline=message, detail=sku)


def load_view(decision: Decision, message: str) -> View:
    """A crate scanned at the truck: the stop number big, the community, crate n; for a crate of
    another route, the route it belongs to."""
    d = decision.shown
    level = decision.level.value
    result = decision.result
    if result is Result.ROUTE_DISPATCHED:
        return View(
            level,
            headline=translate("Station", "线路已发车！不要装"),
            title=str(d.route_id or ""),
            message=message,
        )
    wrong = result is Result.WRONG_ROUTE
    headline = ""
    detail = ""
    qty = ""
    if wrong:
        headline = translate("Station", "错线路！不要装")
        detail = translate("Station", "此筐属于 {name}（{route}）").format(
            name=d.crate_route_name or "", route=d.crate_route_id or ""
        )
    elif result is Result.ALREADY_LOADED:
        headline = translate("Station", "已装过")
    elif d.missing is not None:
        qty = str(d.missing)
    return View(
        level,
        headline=headline,
        stop=str(d.stop_seq or ""),
        stop_caption=translate("Station", "站号"),
        qty=qty,
        qty_caption=translate("Station", "本线还差") if qty else "",
        unit=translate("Station", "筐") if qty else "",
        title=str(d.community_name or ""),
        crate=crate_text(d),
        detail=detail,
        message=message,
    )


def route_view(route_id: str, route_name: str) -> View:
    """A route chosen for loading: scan its crates next."""
    return View(
        Level.PROMPT.value,
        headline=translate("Station", "装车线路"),
        title=f"{route_name}（{route_id}）" if route_name else route_id,
        message=translate("Station", "请扫描这条线路的筐"),
    )


# --- states that are not engine decisions -------------------------------------------------------


def login_view() -> View:
    return View(
        IDLE,
        title=translate("Station", "请扫描工牌登录"),
        message=translate("Station", "把工牌上的条码对准扫码枪"),
    )


def welcome_view(name: str, mode: str) -> View:
    if mode == "receive":
        message = translate("Station", "收货：请扫描到货商品")
    elif mode == "load":
        message = translate("Station", "装车：请选择线路或扫描线路卡，然后扫描筐")
    else:
        message = translate("Station", "分拣：请扫描商品，然后扫描筐")
    return View(
        Level.PROMPT.value,
        title=translate("Station", "你好，{name}").format(name=name),
        message=message,
    )


def text_view(level: str, title: str, message: str = "") -> View:
    return View(level, title=title, message=message)


def speech_for(decision: Decision) -> str:
    """A short spoken prompt, or "" for decisions that need none."""
    d = decision.shown
    if decision.result in (Result.PUT_TARGET, Result.CRATE_OPENED) and d.stop_seq:
        return translate("Station", "{stop} 号站，{qty} 份").format(
            stop=d.stop_seq, qty=decision.qty
        )
    if decision.result is Result.WRONG_CRATE:
        return translate("Station", "错筐，不要放")
    if decision.result is Result.WRONG_ROUTE:
        return translate("Station", "错线路，不要装")
    if decision.result is Result.LOADED and d.stop_seq:
        return translate("Station", "{stop} 号站").format(stop=d.stop_seq)
    return ""
