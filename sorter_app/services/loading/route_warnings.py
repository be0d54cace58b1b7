"""The route board's at-risk warnings, remembered: the first moment each route of a wave was
shown at risk, so that the trends can say how early the warning came before a late departure.

Called with each route board the dashboard loads (`note_at_risk`): one read when some route is
at risk, a write only the first time a route is (a unique key keeps two PCs from writing it
twice)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from sorter_app.domain.route_risk import RouteState
from sorter_app.services.views.route_board import RouteBoard
from sorter_app.store import aggregates_repo
from sorter_app.store.database import Store
from sorter_app.store.wave_lookup import wave_pk_of


def note_at_risk(store: Store, board: RouteBoard) -> list[str]:
    """Store the board's moment as the first warning of each route it shows at risk that had
    none yet in this wave; returns those routes."""
    at_risk = [r.route_id for r in board.routes if r.state is RouteState.AT_RISK]
    if not at_risk:
        return []
    with store.read() as s:
        wave_pk = wave_pk_of(s, board.wave_id)
        known = aggregates_repo.warned_routes(s, wave_pk)
    if not set(at_risk) - known:
        return []
    try:
        with store.write() as s:
            new = [r for r in at_risk if r not in aggregates_repo.warned_routes(s, wave_pk)]
            aggregates_repo.add_warnings(s, wave_pk, new, board.as_of)
    except IntegrityError:
        return []  # another PC noted them first: theirs is the first moment
    return new
