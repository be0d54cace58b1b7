"""The loading rules (装车): a crate scanned at a truck is loaded if it belongs to that route."""

from __future__ import annotations

from dataclasses import replace

from sorter_app.domain.barcodes import CrateCode
from sorter_app.domain.decisions import Result, Shown
from sorter_app.domain.scan_facts import ScanFacts
from sorter_app.domain.scan_outcome import LoadCrate, Outcome, ScanContext, Step, answer
from sorter_app.domain.scanned_crate import scanned_crate
from sorter_app.domain.station_state import Pending


def load(ctx: ScanContext, facts: ScanFacts, pending: Pending, code: CrateCode) -> Step:
    """Precedence: unknown or void crate → route dispatched → wrong route → already loaded →
    loaded. A loading station keeps no pending state."""
    crate = scanned_crate(ctx, facts, pending, code)
    if isinstance(crate, Outcome):
        return crate
    route = ctx.route_id or ""
    community = facts.community(crate.community_pk)
    shown = Shown(
        community_name=community.name,
        stop_seq=community.stop_seq,
        crate_seq=crate.seq,
        route_id=route,
        crate_route_id=community.route_id,
        crate_route_name=community.route_name,
    )

    def say(result: Result, shown: Shown = shown) -> Outcome:
        return answer(
            ctx,
            result,
            pending=pending,
            crate=crate,
            community_id=community.community_id,
            shown=shown,
        )

    if facts.route_dispatched(route):
        return say(Result.ROUTE_DISPATCHED)
    if community.route_id != route:
        return say(Result.WRONG_ROUTE)

    def after_loading(done: bool) -> Step:
        if not done:
            return say(Result.ALREADY_LOADED)
        return say(Result.LOADED, replace(shown, missing=facts.crates_to_load(route)))

    return LoadCrate(crate.pk, route, then=after_loading)
