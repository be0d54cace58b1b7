"""What the big panel shows for each kind of answer, without widgets."""

from __future__ import annotations

from sorter_app.domain.decisions import LEVELS, Decision, Level, Result, Shown
from sorter_app.ui.station.presentation import GLYPHS, PALETTES, speech_for, view_for


def decision(result: Result, qty: int | None = 3, **details: object) -> Decision:
    shown = Shown.from_dict(details)
    return Decision(
        "ST-01-00000001", "x", result, LEVELS[result], "中文", "English", qty=qty, shown=shown
    )


TARGET = {
    "community_name": "阳光花园7期",
    "stop_seq": 7,
    "crate_seq": 2,
    "crate_count": 3,
    "crate_extra": True,
    "temperature": "frozen",
    "sku_name": "速冻水饺",
    "unit": "袋",
}


def test_a_put_target_shows_stop_quantity_crate_and_zone(qapp) -> None:
    view = view_for(decision(Result.PUT_TARGET, **TARGET), "zh_CN")
    assert (view.stop, view.qty, view.unit, view.title) == ("7", "×3", "袋", "阳光花园7期")
    assert view.crate == "第 2/3 筐（加筐）" and view.temperature == "冷冻"
    assert view.word == "下一步" and view.message == "中文"
    assert view_for(decision(Result.PUT_TARGET, **TARGET), "en").message == "English"
    assert speech_for(decision(Result.PUT_TARGET, **TARGET)) == "7 号站，3 份"


def test_every_level_has_its_own_colour_shape_and_word(qapp) -> None:
    levels = [level.value for level in Level]
    assert len({PALETTES[level].background for level in levels}) == 4
    assert len({GLYPHS[level] for level in levels}) == 4
    words = {view_for(decision(r), "zh_CN").word for r in Result}
    assert words == {"下一步", "完成", "注意", "停！"}


def test_receiving_shows_the_item_and_the_count_so_far(qapp) -> None:
    view = view_for(
        decision(Result.RECEIVED, qty=5, sku_name="娃娃菜", unit="袋", received=5, ordered=6),
        "zh_CN",
    )
    assert (view.qty, view.title, view.crate, view.stop) == ("+5", "娃娃菜", "已收 5 / 应收 6", "")


def test_a_below_threshold_sku_at_receiving_is_amber_and_says_do_not_sort(qapp) -> None:
    from dataclasses import replace

    from sorter_app.domain.decisions import level_for
    from sorter_app.domain.messages import message_for

    zh, en = message_for(
        Result.NOT_TO_SORT, qty=4, sku_name="娃娃菜", below_threshold_received=True
    )
    received = replace(
        decision(Result.NOT_TO_SORT, qty=4, sku_name="娃娃菜"),
        level=level_for(Result.NOT_TO_SORT, "receive"),
        message_zh=zh,
        message_en=en,
    )
    view = view_for(received, "zh_CN")
    assert PALETTES[view.level] == PALETTES[Level.WARNING.value]  # amber, not red
    assert view.word == "注意" and GLYPHS[view.level] == "!"
    assert "该商品未成团，不分拣" in view.headline and view.detail == "娃娃菜"
    assert "Below group threshold: do not sort" in view_for(received, "en").headline
    seeded = decision(Result.NOT_TO_SORT)  # the seeding wall still stops it in red
    assert view_for(seeded, "zh_CN").word == "停！"
