"""Migration 0013 adds the driver and plate to route dispatches: a route that left before the
upgrade keeps its dispatch with neither (NULL, shown as not typed), and the columns go again on
a downgrade."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import insert, inspect, text

from sorter_app.services.views.dispatch_view import route_dispatches
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.store.engine import make_engine
from sorter_app.store.migrate import alembic_config
from sorter_app.store.wave_lookup import wave_pk_of
from tests.factories import small_wave

WAVE = "W20261127-HZ01"


def migrate(engine: object, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with engine.connect() as connection:  # type: ignore[attr-defined]
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
        connection.commit()


def dispatch_columns(engine: object) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("route_dispatches")}


def test_a_route_dispatched_before_0013_has_no_driver_or_plate(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine, "0012")
    assert not {"driver", "plate"} & dispatch_columns(engine)
    store = Store(engine)
    store_snapshot(store, small_wave(WAVE), source="api")
    left_at = datetime(2026, 11, 26, 21, 30, tzinfo=UTC)
    with store.write() as s:
        s.execute(
            insert(tables.RouteDispatch.__table__).values(
                wave_pk=wave_pk_of(s, WAVE),
                route_id="R01",
                dispatch_id="d-before-0013",
                departed_at=left_at,
                forced=False,
                reason="",
                supervisor="",
                missing="[]",
            )
        )

    migrate(engine, "0013")  # just this revision: later ones have downgrades of their own
    assert {"driver", "plate"} <= dispatch_columns(engine)
    left = route_dispatches(store, WAVE)["R01"]
    assert (left.dispatch_id, left.departed_at) == ("d-before-0013", left_at)
    assert (left.driver, left.plate) == (None, None)

    migrate(engine, "0012", down=True)
    assert not {"driver", "plate"} & dispatch_columns(engine)
    with engine.connect() as connection:  # the dispatch itself survives the downgrade
        assert connection.execute(text("SELECT dispatch_id FROM route_dispatches")).all() == [
            ("d-before-0013",)
        ]
