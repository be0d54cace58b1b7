"""A station in the middle of a put when the app is upgraded keeps its target: migration 0010
rewrites the first release's positional pending target by field name, and the crate scan that
follows records the put."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import text

from sorter_app.domain.decisions import Result
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from sorter_app.store.engine import make_engine
from sorter_app.store.migrate import alembic_config
from tests.factories import EAN_S1, small_wave
from tests.store_reads import crate_code, put_totals

WAVE = "W20261127-HZ01"


def first_release_pending(new_format: str) -> str:
    """The same target as the first release stored it: positional lists and a details dict."""
    put = json.loads(new_format)["put"]
    return json.dumps(
        {
            "put": {
                "task_pk": put["task_pk"],
                "qty": put["qty"],
                "grams": put["grams"],
                "sku": list(put["sku"].values()),
                "crate": list(put["crate"].values()),
                "community": list(put["community"].values()),
                "details": {
                    "crate_count": put["crate_count"],
                    "remaining_for_community": put["remaining"],
                    "community_name": put["community"]["name"],
                },
            }
        },
        ensure_ascii=False,
    )


def test_a_pending_target_survives_the_upgrade(db_url: str) -> None:
    # The database as the release before 0010 left it, a station in the middle of a put.
    engine = make_engine(db_url)
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
        connection.commit()
    store = Store(engine)
    store_snapshot(store, small_wave(WAVE), source="api")
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*6", mode="receive")
    target = station.scan(EAN_S1, mode="seed")
    assert target.result is Result.PUT_TARGET
    with store.write() as s:
        stored = s.execute(text("SELECT pending FROM stations WHERE station_id = 'ST-01'")).scalar()
        s.execute(
            text("UPDATE stations SET pending = :p WHERE station_id = 'ST-01'"),
            {"p": first_release_pending(stored)},
        )
    store.close()

    store = Store.open(db_url)  # migrates to the head
    with store.read() as s:
        migrated = s.execute(
            text("SELECT pending FROM stations WHERE station_id = 'ST-01'")
        ).scalar()
    assert json.loads(migrated) == json.loads(stored)

    done = ScanStation(store, wave_id=WAVE, station_id="ST-01").scan(
        crate_code(store, target.community_id or ""), mode="seed"
    )
    assert (done.result, done.qty) == (Result.PUT_DONE, target.qty)
    assert put_totals(store) == {(target.community_id, "S00001"): target.qty}
    store.close()
