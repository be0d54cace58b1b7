"""Render the example crate labels shown in docs/labels.md into docs/labels/*.png.

Each size at the given resolution: an ordinary first print (chilled) and a reprinted extra
crate in the frozen zone with names too long to fit, so the page shows how fields shorten.
Deterministic: the same bytes on every run with the same font.

    .venv/bin/python tools/render_label_examples.py [--out docs/labels] [--dpi 203]
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from printers.model import CrateLabel, Zone, media
from printers.render.png import render_png
from sorter_app.domain.crate_codes import crate_id, make_crate_scan_code, qr_payload

WAVE = "W20261127-HZ01"


def example(
    *,
    community_id: str,
    serial: int,
    n: int,
    m: int,
    units: int,
    lines: int,
    **fields: object,
) -> CrateLabel:
    long_id = crate_id(WAVE, community_id, n)
    base: dict[str, object] = {
        "crate_id": long_id,
        "scan_code": make_crate_scan_code(serial),
        "qr_payload": qr_payload(long_id, WAVE, community_id, n, m, units),
        "wave_id": WAVE,
        "delivery_date": date(2026, 11, 27),
        "community_id": community_id,
        "crate_seq": n,
        "crate_count": m,
        "units": units,
        "lines": lines,
        "leader_phone_masked": "138****5678",
        "route_id": "R03",
        "extra": False,
        "label_version": 1,
    }
    base.update(fields)
    return CrateLabel(**base)  # type: ignore[arg-type]


EXAMPLES = {
    "ordinary": example(
        community_id="C0017",
        serial=1017,
        n=2,
        m=3,
        units=14,
        lines=3,
        community_name="幸福里小区东门",
        leader_name="张三",
        pickup_address="杭州市西湖区文三路 100 号 幸福里小区东门 菜鸟驿站旁",
        route_name="西湖3号线",
        stop_seq=7,
        zone=Zone.CHILLED,
    ),
    "reprint-extra-frozen": example(
        community_id="C0231",
        serial=2231,
        n=4,
        m=4,
        units=6,
        lines=2,
        community_name="金色家园三期北苑锦绣华庭翠苑新村小区东南门自提点（原阳光花园）",
        leader_name="欧阳娜娜",
        pickup_address="杭州市滨江区长河街道江虹路 1888 号 金色家园三期北苑 12 幢 1 单元楼下"
        "便利店（晚上九点后请放门卫室，联系电话见群公告）",
        route_name="滨江2号线（长河方向）",
        stop_seq=23,
        zone=Zone.FROZEN,
        extra=True,
        label_version=2,
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/labels"))
    parser.add_argument("--dpi", type=int, default=203, choices=(203, 300))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for size in ("100x100", "60x40"):
        for name, label in EXAMPLES.items():
            path = args.out / f"crate-{size}-{args.dpi}dpi-{name}.png"
            path.write_bytes(render_png(label, media(size, args.dpi)))
            print(path)


if __name__ == "__main__":
    main()
