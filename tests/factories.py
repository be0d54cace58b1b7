"""Small hand-made waves for tests: every value visible, nothing random."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from sorter_app.domain.wave import (
    Community,
    Customer,
    Leader,
    Order,
    OrderLine,
    OrderStatus,
    Route,
    Sku,
    SkuStatus,
    Supplier,
    Temperature,
    WaveSnapshot,
    WaveStatus,
    WaveSummary,
)

CST = timezone(timedelta(hours=8))
EAN_S1 = "6923456789012"  # a valid EAN-13 (China prefix 692)
CUTOFF = datetime(2026, 11, 26, 20, 0, tzinfo=CST)


def community(n: int, route: str = "R01", stop: int | None = None) -> Community:
    return Community(
        community_id=f"C{n:04d}",
        name=f"阳光花园{n}期",
        leader=Leader(f"L{n:04d}", f"王秀英{n}", f"138{n:08d}"),
        pickup_address=f"杭州市西湖区文三路 {n} 号",
        route=Route(route, f"西湖 {route[-1]} 线"),
        stop_seq=stop if stop is not None else n,
    )


def sku(
    n: int,
    *,
    units_per_crate: int = 24,
    temperature: Temperature = Temperature.AMBIENT,
    status: SkuStatus = SkuStatus.ACTIVE,
    barcode: str | None = None,
) -> Sku:
    return Sku(
        sku_id=f"S{n:05d}",
        name=f"云南高山娃娃菜{n}",
        spec="500g/袋",
        unit="袋",
        barcodes=(barcode,) if barcode else (),
        category="蔬菜",
        supplier=Supplier("SUP07", "临平绿源农场"),
        temperature=temperature,
        weighed=False,
        units_per_crate=units_per_crate,
        status=status,
    )


def order(
    n: int,
    community_id: str,
    lines: list[tuple[str, int]],
    *,
    minute: int = 0,
    status: OrderStatus = OrderStatus.CLOSED,
) -> Order:
    order_id = f"O2026112600{n:06d}"
    return Order(
        order_id=order_id,
        community_id=community_id,
        customer=Customer(f"小李{n}", f"{n % 10000:04d}"),
        placed_at=CUTOFF - timedelta(hours=10) + timedelta(minutes=minute or n),
        status=status,
        lines=tuple(OrderLine(f"{order_id}-{i + 1}", s, q) for i, (s, q) in enumerate(lines)),
    )


def small_wave(wave_id: str = "W20261127-HZ01") -> WaveSnapshot:
    """3 communities, 3 SKUs (one cancelled below threshold), 5 orders (one cancelled)."""
    communities = [community(1), community(2), community(3)]
    skus = [
        sku(1, barcode=EAN_S1),
        sku(2, units_per_crate=12, temperature=Temperature.CHILLED),
        sku(3, status=SkuStatus.CANCELLED_BELOW_THRESHOLD),
    ]
    orders = [
        order(1, "C0001", [("S00001", 2), ("S00002", 1)]),
        order(2, "C0001", [("S00001", 1)]),
        order(3, "C0002", [("S00001", 3), ("S00003", 1)]),
        order(4, "C0003", [("S00002", 4)]),
        order(5, "C0003", [("S00001", 5)], status=OrderStatus.CANCELLED),
    ]
    return WaveSnapshot(summary(wave_id, orders), communities, skus, orders)


def summary(
    wave_id: str, orders: list[Order], status: WaveStatus = WaveStatus.CLOSED
) -> WaveSummary:
    return WaveSummary(
        wave_id=wave_id,
        hub_id="HZ01",
        delivery_date=date(2026, 11, 27),
        cutoff_at=CUTOFF,
        status=status,
        order_count=len(orders),
        line_count=sum(len(o.lines) for o in orders),
        updated_at=CUTOFF + timedelta(seconds=3),
    )


def with_orders(snapshot: WaveSnapshot, orders: list[Order]) -> WaveSnapshot:
    return WaveSnapshot(replace(snapshot.summary), snapshot.communities, snapshot.skus, orders)
