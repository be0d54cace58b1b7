"""Deterministic, realistic waves: the same seed, hub and date always give the same wave.

A wave of 600,000 order lines must be generated in a few seconds and held cheaply by the server,
so orders are kept column-wise in `array`s (`WaveData`) and turned into contract-shaped dicts only
when a page or a caller asks for them. Communities and SKUs are few and kept as ready dicts.

Communities (and their leaders and routes) depend on the seed and hub only: a hub serves the same
pickup points every night. SKUs and orders depend on the delivery date and wave too.

How IDs and names are spelt is the ID style's (id_styles.py); the random draws never depend on it,
so every style gives the same wave under other names, and `default` is what it always was.
"""

from __future__ import annotations

import gc
import random
from array import array
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from itertools import accumulate
from typing import Any, Final

from sorter_app.platform.simulator import catalog
from sorter_app.platform.simulator.id_styles import IdStyle, id_style

CHINA_TZ: Final = timezone(timedelta(hours=8))
MAX_WAVES_PER_DAY: Final = 9
# Orders of a wave are placed in the 14 hours before its cutoff (06:00-20:00 for the night wave).
ORDER_WINDOW: Final = timedelta(hours=14)
# Order numbers of the k-th wave of a day start at (k-1) * 10,000,000: unique across a day's waves.
_ORDER_SEQ_SPAN: Final = 10_000_000

_LINES_PER_ORDER: Final = (1, 2, 3, 4, 5, 6)
_LINES_PER_ORDER_CUM: Final = tuple(accumulate((35, 25, 17, 11, 7, 5)))
_QTYS: Final = (1, 2, 3, 4)
_QTY_CUM: Final = tuple(accumulate((70, 18, 8, 4)))
_THRESHOLDS: Final = (10, 15, 20, 20, 30, 50)


def wave_id_for(hub_id: str, delivery_date: date, wave_seq: int = 1) -> str:
    """`W20261127-HZ01` for a day's first wave, `W20261127-HZ01-2` for its second."""
    base = f"W{delivery_date:%Y%m%d}-{hub_id}"
    return base if wave_seq == 1 else f"{base}-{wave_seq}"


def cutoff_for(delivery_date: date, wave_seq: int = 1) -> datetime:
    """The night wave closes at 20:00 the day before; later waves of a day close in its morning."""
    if wave_seq == 1:
        return datetime.combine(delivery_date - timedelta(days=1), time(20, 0), CHINA_TZ)
    return datetime.combine(delivery_date, time(8 + wave_seq, 0), CHINA_TZ)


def ean13_check_digit(first12: str) -> str:
    """The EAN-13 check digit of 12 digits (weights 1,3,1,3... from the left)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def iso(moment: datetime) -> str:
    """ISO 8601 with offset, to the second: `2026-11-26T20:00:00+08:00`."""
    return moment.isoformat(timespec="seconds")


class WaveData:
    """One generated wave: communities and SKUs as contract dicts, orders column-wise."""

    __slots__ = (
        "communities",
        "community_ids",
        "cutoff_at",
        "delivery_date",
        "hub_id",
        "ids",
        "line_orders",
        "line_qty",
        "line_sku",
        "line_start",
        "order_cancelled",
        "order_community",
        "order_date",
        "order_nick",
        "order_pickup",
        "order_placed",
        "order_positions",
        "seq_base",
        "sku_ids",
        "skus",
        "wave_id",
        "wave_seq",
        "window_start",
    )

    def __init__(
        self,
        *,
        hub_id: str,
        delivery_date: date,
        wave_seq: int,
        communities: list[dict[str, Any]],
        skus: list[dict[str, Any]],
        ids: IdStyle | None = None,
    ) -> None:
        self.hub_id = hub_id
        self.delivery_date = delivery_date
        self.wave_seq = wave_seq
        self.ids = ids or IdStyle(seed=0, hub_id=hub_id)
        self.wave_id = self.ids.wave_id(delivery_date, wave_seq)
        self.cutoff_at = cutoff_for(delivery_date, wave_seq)
        self.window_start = self.cutoff_at - ORDER_WINDOW
        self.order_date = f"{self.cutoff_at:%Y%m%d}"
        self.seq_base = (wave_seq - 1) * _ORDER_SEQ_SPAN
        self.communities = communities
        self.skus = skus
        self.community_ids = [c["community_id"] for c in communities]
        self.sku_ids = [s["sku_id"] for s in skus]
        self.order_community = array("I")
        self.order_nick = array("H")
        self.order_pickup = array("H")
        self.order_placed = array("I")  # seconds after window_start, ascending
        self.order_cancelled = bytearray()
        self.line_start = array("I", [0])  # lines of order i are line_start[i]:line_start[i+1]
        self.line_sku = array("I")
        self.line_qty = array("B")
        # Other styles' IDs carry no position: looked up in maps built on first need.
        self.order_positions: dict[str, int] | None = None
        self.line_orders: dict[str, str] | None = None

    @property
    def order_count(self) -> int:
        return len(self.order_placed)

    @property
    def line_count(self) -> int:
        return self.line_start[-1]

    def order_id(self, index: int) -> str:
        if self.ids.is_default:
            return f"O{self.order_date}{self.seq_base + index + 1:08d}"
        return self.ids.order_id(self.order_date, self.seq_base + index + 1)

    def line_id(self, order_id: str, n: int) -> str:
        """The id of line `n` (1-based) of an order, generated or added later."""
        return self.ids.line_id(order_id, n)

    def next_order_id(self, extra: int) -> str:
        """The id of an order added after generation, the `extra`-th such (0-based)."""
        return self.order_id(self.order_count + extra)

    def order_index(self, order_id: str) -> int | None:
        """The position of a generated order, or None if the id is not one of them."""
        if not self.ids.is_default:
            if self.order_positions is None:
                self.order_positions = {self.order_id(i): i for i in range(self.order_count)}
            return self.order_positions.get(order_id)
        prefix = f"O{self.order_date}"
        digits = order_id[len(prefix) :]
        if not order_id.startswith(prefix) or len(digits) != 8 or not digits.isdigit():
            return None
        index = int(digits) - self.seq_base - 1
        return index if 0 <= index < self.order_count else None

    def order_of_line(self, line_id: str) -> str | None:
        """The id of the generated order a line id would belong to (it may not exist)."""
        if self.ids.is_default:
            return line_id.rpartition("-")[0] or None
        if self.line_orders is None:
            line_id_of = self.ids.line_id
            self.line_orders = {
                line_id_of(order_id, n): order_id
                for order_id, first, last in (
                    (self.order_id(i), self.line_start[i], self.line_start[i + 1])
                    for i in range(self.order_count)
                )
                for n in range(1, last - first + 1)
            }
        return self.line_orders.get(line_id)

    def placed_at(self, index: int) -> datetime:
        return self.window_start + timedelta(seconds=self.order_placed[index])

    def orders_placed_by(self, moment: datetime) -> int:
        """How many generated orders exist at `moment` (orders are numbered in time order)."""
        seconds = (moment - self.window_start).total_seconds()
        if seconds < 0:
            return 0
        return bisect_right(self.order_placed, int(seconds))

    def order_dict(self, index: int) -> dict[str, Any]:
        order_id = self.order_id(index)
        sku_ids = self.sku_ids
        line_sku = self.line_sku
        line_qty = self.line_qty
        first = self.line_start[index]
        last = self.line_start[index + 1]
        if self.ids.is_default:
            lines = [
                {"line_id": f"{order_id}-{n}", "sku_id": sku_ids[line_sku[j]], "qty": line_qty[j]}
                for n, j in enumerate(range(first, last), 1)
            ]
        else:
            line_id = self.ids.line_id
            lines = [
                {
                    "line_id": line_id(order_id, n),
                    "sku_id": sku_ids[line_sku[j]],
                    "qty": line_qty[j],
                }
                for n, j in enumerate(range(first, last), 1)
            ]
        return {
            "order_id": order_id,
            "community_id": self.community_ids[self.order_community[index]],
            "customer": {
                "nickname": catalog.NICKNAMES[self.order_nick[index]],
                "pickup_code": f"{self.order_pickup[index]:04d}",
            },
            "placed_at": iso(self.placed_at(index)),
            "status": "cancelled" if self.order_cancelled[index] else "closed",
            "lines": lines,
        }

    def summary(self) -> dict[str, Any]:
        """The wave as a closed wave's summary; the simulator's state overrides what changes."""
        return {
            "wave_id": self.wave_id,
            "hub_id": self.hub_id,
            "delivery_date": self.delivery_date.isoformat(),
            "cutoff_at": iso(self.cutoff_at),
            "status": "closed",
            "order_count": self.order_count,
            "line_count": self.line_count,
            "updated_at": iso(self.cutoff_at + timedelta(seconds=3)),
        }

    def to_contract(self) -> dict[str, Any]:
        """The whole wave in the contract's JSON shapes (fresh dicts the caller may change)."""
        # Hundreds of thousands of small dicts set off the cyclic GC over and over for nothing.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            orders = [self.order_dict(i) for i in range(self.order_count)]
        finally:
            if was_enabled:
                gc.enable()
        return {
            "wave": self.summary(),
            "communities": [copy_record(c) for c in self.communities],
            "skus": [copy_record(s) for s in self.skus],
            "orders": orders,
            "claims": [],
        }


def copy_record(record: dict[str, Any]) -> dict[str, Any]:
    """A copy deep enough for a record of nested dicts and lists of scalars."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out[key] = copy_record(value)
        elif isinstance(value, list):
            out[key] = list(value)
        else:
            out[key] = value
    return out


def generate_wave(
    *,
    seed: int,
    hub_id: str,
    delivery_date: date,
    communities: int,
    skus: int,
    lines: int,
    wave_seq: int = 1,
    id_style: str = "default",
) -> dict[str, Any]:
    """One wave in contract JSON shape: {"wave", "communities", "skus", "orders", "claims"}."""
    return generate_wave_data(
        seed=seed,
        hub_id=hub_id,
        delivery_date=delivery_date,
        communities=communities,
        skus=skus,
        lines=lines,
        wave_seq=wave_seq,
        id_style=id_style,
    ).to_contract()


def generate_wave_data(
    *,
    seed: int,
    hub_id: str,
    delivery_date: date,
    communities: int,
    skus: int,
    lines: int,
    wave_seq: int = 1,
    id_style: str | IdStyle = "default",
) -> WaveData:
    """The compact form of `generate_wave`, which the simulator serves page by page.

    `id_style` is one of id_styles.ID_STYLES (or an IdStyle made for this seed and hub).
    """
    _check_sizes(communities=communities, skus=skus, lines=lines, wave_seq=wave_seq)
    ids = id_style if isinstance(id_style, IdStyle) else _id_style(id_style, seed, hub_id)
    community_rng = random.Random(f"{seed}:{hub_id}:communities:{communities}")
    day_key = f"{seed}:{hub_id}:{delivery_date.isoformat()}:{wave_seq}"
    data = WaveData(
        hub_id=hub_id,
        delivery_date=delivery_date,
        wave_seq=wave_seq,
        communities=_communities(community_rng, communities, ids),
        skus=_skus(random.Random(f"{day_key}:skus"), skus, ids),
        ids=ids,
    )
    _fill_orders(random.Random(f"{day_key}:orders"), data, lines)
    return data


def _id_style(name: str, seed: int, hub_id: str) -> IdStyle:
    ids = id_style(name, seed=seed, hub_id=hub_id)
    ids.check(MAX_WAVES_PER_DAY)
    return ids


def _check_sizes(*, communities: int, skus: int, lines: int, wave_seq: int) -> None:
    if communities < 1:
        raise ValueError(f"communities must be at least 1, got {communities}")
    if skus < 1:
        raise ValueError(f"skus must be at least 1, got {skus}")
    if lines < 0:
        raise ValueError(f"lines must not be negative, got {lines}")
    if not 1 <= wave_seq <= MAX_WAVES_PER_DAY:
        raise ValueError(f"wave_seq must be 1..{MAX_WAVES_PER_DAY}, got {wave_seq}")
    if lines > _ORDER_SEQ_SPAN:
        raise ValueError(f"lines must be at most {_ORDER_SEQ_SPAN}, got {lines}")


# --- communities, leaders, routes ----------------------------------------------------------------


def _communities(rng: random.Random, count: int, ids: IdStyle) -> list[dict[str, Any]]:
    names = _community_names(rng, count)
    district_weights = [d.weight for d in catalog.DISTRICTS]
    districts = rng.choices(range(len(catalog.DISTRICTS)), weights=district_weights, k=count)
    records: list[dict[str, Any]] = []
    for index in range(count):
        district = catalog.DISTRICTS[districts[index]]
        name = names[index]
        number = rng.randint(1, 999)
        address = (
            f"杭州市{district.name}{rng.choice(district.roads)} {number} 号 {name} "
            f"{rng.choice(catalog.PICKUP_SPOTS)}"
        )
        phone = rng.choice(catalog.MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"
        leader_name = rng.choice(catalog.SURNAMES) + rng.choice(catalog.GIVEN_NAMES)
        no = index + 1
        records.append(
            {
                "community_id": ids.community_id(no),
                "name": ids.name_text("community", name, no),
                "leader": {
                    "leader_id": ids.leader_id(no),
                    "name": ids.name_text("leader", leader_name, no),
                    "phone": phone,
                },
                "pickup_point": {"address": ids.name_text("address", address, no)},
                "route": {},
            }
        )
    _assign_routes(rng, records, districts, ids)
    return records


def _community_names(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    names: list[str] = []
    for _ in range(count):
        name = ""
        for _attempt in range(20):
            name = (
                rng.choice(catalog.NAME_HEADS)
                + rng.choice(catalog.NAME_TAILS)
                + rng.choice(catalog.NAME_PHASES)
            )
            if name not in seen:
                break
        else:  # more communities than the word lists make names for: number the repeats
            base, k = name, 2
            while name in seen:
                name, k = f"{base}{k}号院", k + 1
        seen.add(name)
        names.append(name)
    return names


def _route_sizes(rng: random.Random, count: int) -> list[int]:
    """Stops per route: 15-40 each, the last at least 10 (unless the hub has fewer communities)."""
    sizes: list[int] = []
    left = count
    while left > 40:
        size = rng.randint(15, 40)
        if left - size < 10:
            size = left - 10
        sizes.append(size)
        left -= size
    if left:
        sizes.append(left)
    return sizes


def _assign_routes(
    rng: random.Random, records: list[dict[str, Any]], districts: list[int], ids: IdStyle
) -> None:
    # A route serves one part of town: order stops by district (shuffled within), then cut.
    order = list(range(len(records)))
    rng.shuffle(order)
    order.sort(key=lambda i: districts[i])
    per_district: dict[str, int] = {}
    start = 0
    for route_no, size in enumerate(_route_sizes(rng, len(order)), 1):
        stops = order[start : start + size]
        start += size
        short = catalog.DISTRICTS[districts[stops[0]]].short
        per_district[short] = per_district.get(short, 0) + 1
        route_id = ids.route_id(route_no)
        route_name = ids.name_text("route", f"{short} {per_district[short]} 线", route_no)
        for stop_seq, index in enumerate(stops, 1):
            records[index]["route"] = {
                "route_id": route_id,
                "name": route_name,
                "stop_seq": stop_seq,
            }


# --- SKUs ----------------------------------------------------------------------------------------


def _skus(rng: random.Random, count: int, ids: IdStyle) -> list[dict[str, Any]]:
    category_weights = [c.weight for c in catalog.CATEGORIES]
    categories = rng.choices(catalog.CATEGORIES, weights=category_weights, k=count)
    cancelled = set(rng.sample(range(count), _few(count, 40))) if count >= 3 else set()
    barcodes: set[str] = set()
    plus: set[str] = set()
    names: set[str] = set()
    records = []
    for index, category in enumerate(categories):
        product, name = _pick_product(rng, category, names)
        weighed = product.weighable and rng.random() < 0.6
        record: dict[str, Any] = {
            "sku_id": ids.sku_id(index),
            "name": ids.name_text("sku", name, index + 1),
            "spec": product.spec,
            "unit": product.unit,
            "barcodes": _sku_barcodes(rng, barcodes, weighed),
            "category": category.name,
            "supplier": _supplier(rng.choice(category.suppliers), ids),
            "temperature": product.temperature,
            "weighed": weighed,
            "units_per_crate": product.units_per_crate,
            "unit_weight_g": round(product.unit_weight_g * rng.uniform(0.97, 1.03)),
            "group_threshold": rng.choice(_THRESHOLDS),
            "status": "cancelled_below_threshold" if index in cancelled else "active",
        }
        if weighed:
            record["plu"] = _unique(plus, lambda: f"{rng.randrange(10000, 100000)}")
        if rng.random() < 0.08:  # optional in the contract: some platforms leave it out
            del record["unit_weight_g"]
        records.append(record)
    return records


def _few(count: int, per: int) -> int:
    """'A few' of `count`: about one in `per`, at least one."""
    return max(1, count // per)


def _pick_product(
    rng: random.Random, category: catalog.Category, names: set[str]
) -> tuple[catalog.Product, str]:
    # Prefer unseen names; a big range repeats some (the same item from two suppliers is real).
    product, name = category.products[0], ""
    for _attempt in range(8):
        product = rng.choice(category.products)
        name = rng.choice(category.prefixes) + product.name
        if name not in names:
            break
    names.add(name)
    return product, name


def _sku_barcodes(rng: random.Random, seen: set[str], weighed: bool) -> list[str]:
    if weighed:  # scale-printed labels carry the PLU; many weighed items have no fixed barcode
        return [] if rng.random() < 0.6 else [_unique(seen, lambda: _ean13(rng))]
    codes = [_unique(seen, lambda: _ean13(rng))]
    if rng.random() < 0.05:  # old and new packaging both in circulation
        codes.append(_unique(seen, lambda: _ean13(rng)))
    return codes


def _ean13(rng: random.Random) -> str:
    first12 = f"69{rng.randrange(10)}{rng.randrange(1_000_000_000):09d}"  # GS1 China: 690-699
    return first12 + ean13_check_digit(first12)


def _unique(seen: set[str], draw: Callable[[], str]) -> str:
    value = draw()
    while value in seen:
        value = draw()
    seen.add(value)
    return value


def _supplier(index: int, ids: IdStyle) -> dict[str, str]:
    name = ids.name_text("supplier", catalog.SUPPLIERS[index], index + 1)
    return {"supplier_id": ids.supplier_id(index), "name": name}


# --- orders --------------------------------------------------------------------------------------


def _fill_orders(rng: random.Random, data: WaveData, total_lines: int) -> None:
    sku_count = len(data.skus)
    sizes = _order_sizes(rng, total_lines, max_size=min(6, sku_count))
    order_count = len(sizes)
    data.line_start = array("I", accumulate(sizes, initial=0))

    sku_cum = _sku_popularity(rng, data.skus)
    line_sku = rng.choices(range(sku_count), cum_weights=sku_cum, k=total_lines)
    _distinct_skus_per_order(rng, line_sku, data.line_start, sku_cum)
    data.line_sku = array("I", line_sku)
    data.line_qty = array("B", rng.choices(_QTYS, cum_weights=_QTY_CUM, k=total_lines))

    community_cum = list(
        accumulate(rng.lognormvariate(0, 0.6) for _ in range(len(data.communities)))
    )
    communities = rng.choices(
        range(len(data.communities)), cum_weights=community_cum, k=order_count
    )
    data.order_community = array("I", communities)
    data.order_nick = array("H", rng.choices(range(len(catalog.NICKNAMES)), k=order_count))
    random_ = rng.random
    data.order_pickup = array("H", [int(random_() * 10000) for _ in range(order_count)])
    # Skewed towards the evening, when most people order; strictly before the cutoff.
    span = int(ORDER_WINDOW.total_seconds()) - 1
    data.order_placed = array("I", sorted(int(random_() ** 0.7 * span) for _ in range(order_count)))
    data.order_cancelled = bytearray(order_count)
    if order_count >= 20:
        for index in rng.sample(range(order_count), _few(order_count, 100)):
            data.order_cancelled[index] = 1


def _order_sizes(rng: random.Random, total_lines: int, max_size: int) -> list[int]:
    """Lines per order, 1-6 (mostly 1-2), summing to exactly `total_lines`."""
    sizes: list[int] = []
    left = total_lines
    while left > 0:
        batch = rng.choices(_LINES_PER_ORDER, cum_weights=_LINES_PER_ORDER_CUM, k=left // 2 + 16)
        for size in batch:
            size = min(size, max_size, left)
            sizes.append(size)
            left -= size
            if not left:
                break
    return sizes


def _sku_popularity(rng: random.Random, skus: list[dict[str, Any]]) -> list[float]:
    # A long tail: few SKUs carry most lines. Cancelled SKUs had too few buyers by definition.
    ranks = list(range(len(skus)))
    rng.shuffle(ranks)
    weights = []
    for rank, sku in zip(ranks, skus, strict=True):
        weight = 1.0 / (rank + 5) ** 0.9
        if sku["status"] != "active":
            weight *= 0.05
        weights.append(weight)
    return list(accumulate(weights))


def _distinct_skus_per_order(
    rng: random.Random, line_sku: list[int], line_start: array[int], sku_cum: list[float]
) -> None:
    """Redraw repeats so no order lists the same SKU on two lines."""
    population = range(len(sku_cum))
    for index in range(len(line_start) - 1):
        first, last = line_start[index], line_start[index + 1]
        if last - first < 2 or len(set(line_sku[first:last])) == last - first:
            continue
        seen: set[int] = set()
        for j in range(first, last):
            sku = line_sku[j]
            while sku in seen:
                sku = rng.choices(population, cum_weights=sku_cum)[0]
            seen.add(sku)
            line_sku[j] = sku
