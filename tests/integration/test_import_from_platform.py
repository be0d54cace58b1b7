"""Importing waves from a platform over real HTTP (the simulator): CLI exit statuses, faults,
atomicity, re-import — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from sorter_app.cli import (
    EXIT_AUTH,
    EXIT_INVALID,
    EXIT_NO_WAVE,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_WAVE_OPEN,
    main,
)
from sorter_app.cli.common import exit_code_for
from sorter_app.platform.errors import PlatformUnavailable
from sorter_app.platform.simulator import DELETE
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.services.waves.wave_import import import_date
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, Platform, running_platform


@pytest.fixture
def platform() -> Iterator[Platform]:
    with running_platform() as p:
        yield p


def cli_import(platform: Platform, db_url: str, *extra: str) -> int:
    return main(
        [
            "import",
            "--date",
            DELIVERY.isoformat(),
            "--api",
            platform.url,
            "--token",
            TOKEN,
            "--db",
            db_url,
            "--hub",
            "HZ01",
            *extra,
        ]
    )


def local_orders(store: Store) -> dict[str, str]:
    with store.read() as s:
        return dict(s.execute(select(tables.Order.order_id, tables.Order.status)).all())


def test_cli_imports_the_closed_wave_of_the_date(
    platform: Platform, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_import(platform, db_url) == EXIT_OK
    assert f"{WAVE}: 已导入" in capsys.readouterr().out
    exported = platform.sim.export_wave(WAVE)
    main(["waves", "--json", "--db", db_url])
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["wave_id"] == WAVE
    assert row["communities"] == len(exported["communities"])
    assert row["skus"] == len(exported["skus"])
    assert row["orders"] == len(exported["orders"])
    active = {s["sku_id"] for s in exported["skus"] if s["status"] == "active"}
    to_sort = sum(
        1
        for o in exported["orders"]
        if o["status"] == "closed"
        for line in o["lines"]
        if line["sku_id"] in active
    )
    assert row["lines_to_sort"] == to_sort
    # Again: nothing changes.
    assert cli_import(platform, db_url) == EXIT_OK
    assert "无变化" in capsys.readouterr().out


def test_a_wrong_token_stops_with_status_3_and_changes_nothing(
    platform: Platform, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "import",
            "--date",
            DELIVERY.isoformat(),
            "--api",
            platform.url,
            "--token",
            "nope",
            "--db",
            sqlite_url,
            "--hub",
            "HZ01",
        ]
    )
    assert code == EXIT_AUTH
    assert "令牌" in capsys.readouterr().err
    assert list_waves(Store.open(sqlite_url)) == []


def test_an_open_wave_is_refused_with_status_4(
    platform: Platform, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    platform.sim.set_wave_status(WAVE, "open")
    assert cli_import(platform, sqlite_url) == EXIT_WAVE_OPEN
    assert "仍在接单" in capsys.readouterr().err


def test_an_invalid_record_is_named_and_nothing_is_half_imported(
    platform: Platform, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    last_order = platform.sim.export_wave(WAVE)["orders"][-1]["order_id"]
    platform.sim.corrupt_record(WAVE, "order", last_order, "placed_at", DELETE)
    assert cli_import(platform, sqlite_url) == EXIT_INVALID
    err = capsys.readouterr().err
    assert last_order in err and "placed_at" in err
    assert list_waves(Store.open(sqlite_url)) == []


def test_no_wave_on_the_date_is_status_7(platform: Platform, sqlite_url: str) -> None:
    platform.sim.set_day_off(DELIVERY)
    assert cli_import(platform, sqlite_url) == EXIT_NO_WAVE


def test_an_unreachable_platform_is_status_6(sqlite_url: str) -> None:
    with running_platform() as gone:
        client = gone.client(max_attempts=3)
    store = Store.open(sqlite_url)
    with pytest.raises(PlatformUnavailable) as caught:
        import_date(store, client, "HZ01", DELIVERY)
    assert exit_code_for(caught.value) == EXIT_UNREACHABLE
    assert caught.value.message_zh


def test_import_through_every_fault_kind_matches_a_clean_import(db_url: str) -> None:
    faults = "500:0.1,503:0.03,429:0.05,timeout:0.02,drop:0.02,truncate:0.02,dup:0.05,short:0.05"
    with running_platform(faults=faults, lines=1500) as noisy:
        store = Store.open(db_url)
        [result] = import_date(store, noisy.client(page_limit=50), "HZ01", DELIVERY).results
        assert result.outcome == "imported", result.error
        exported = noisy.sim.export_wave(WAVE)
    assert result.lines == sum(len(o["lines"]) for o in exported["orders"])
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(tables.OrderLine)) == result.lines
        assert s.scalar(select(func.count()).select_from(tables.Order)) == len(exported["orders"])


def test_a_fault_mid_reimport_leaves_the_database_as_it_was(
    platform: Platform, db_url: str
) -> None:
    store = Store.open(db_url)
    import_date(store, platform.client(), "HZ01", DELIVERY)
    before = local_orders(store)
    orders = platform.sim.export_wave(WAVE)["orders"]
    platform.sim.cancel_order(WAVE, orders[0]["order_id"])
    platform.sim.corrupt_record(WAVE, "order", orders[-1]["order_id"], "lines[0].qty", "two")
    [result] = import_date(store, platform.client(), "HZ01", DELIVERY).results
    assert result.outcome == "failed" and "qty" in result.error.message_en
    assert local_orders(store) == before


def test_reimport_applies_cancelled_and_changed_orders(platform: Platform, db_url: str) -> None:
    store = Store.open(db_url)
    import_date(store, platform.client(), "HZ01", DELIVERY)
    orders = [o for o in platform.sim.export_wave(WAVE)["orders"] if o["status"] == "closed"]
    cancelled, changed = orders[0], orders[1]
    platform.sim.cancel_order(WAVE, cancelled["order_id"])
    line = changed["lines"][0]
    platform.sim.set_line_qty(WAVE, line["line_id"], line["qty"] + 2)
    [result] = import_date(store, platform.client(), "HZ01", DELIVERY).results
    assert result.outcome == "updated" and result.changes >= 2
    assert local_orders(store)[cancelled["order_id"]] == "cancelled"
    with store.read() as s:
        qty = s.scalar(
            select(tables.OrderLine.qty).where(tables.OrderLine.line_id == line["line_id"])
        )
        cancelled_lines = s.scalars(
            select(tables.OrderLine.to_sort)
            .join(tables.Order, tables.Order.id == tables.OrderLine.order_pk)
            .where(tables.Order.order_id == cancelled["order_id"])
        ).all()
    assert qty == line["qty"] + 2
    assert cancelled_lines and not any(cancelled_lines)
