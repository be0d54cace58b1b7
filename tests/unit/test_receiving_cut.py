from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from sorter_app.domain.receiving_cut import cut_moment, parse_cut_time

SH = ZoneInfo("Asia/Shanghai")
CUTOFF = datetime(2026, 11, 26, 20, 0, tzinfo=SH)


@pytest.mark.parametrize(
    ("cut", "expected"),
    [
        (time(23, 30), datetime(2026, 11, 26, 23, 30, tzinfo=SH)),
        (time(2, 0), datetime(2026, 11, 27, 2, 0, tzinfo=SH)),
        (time(20, 0), datetime(2026, 11, 27, 20, 0, tzinfo=SH)),
    ],
)
def test_the_cut_is_the_first_such_hour_after_the_order_cutoff(
    cut: time, expected: datetime
) -> None:
    assert cut_moment(CUTOFF, cut, SH) == expected


def test_parse() -> None:
    assert parse_cut_time("") is None
    assert parse_cut_time("02:30") == time(2, 30)
    with pytest.raises(ValueError):
        parse_cut_time("25:00")
