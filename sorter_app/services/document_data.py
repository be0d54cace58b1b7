"""The A4 documents' data from the store: manifests, pickup lists, load sheets and supplier
shortage lists, at any stage of the night (ordered, due after shortages, put so far).

Each function reads the wave with a handful of set-based queries (one per table involved, never
one per community) and assembles the plain models of printers.documents in Python: a batch of
3,000 community manifests is a few queries, not 3,000 round trips.

Which crates a stop gets: the crates holding units; while a community is not fully sorted yet,
also the crates the plan has for what is still to come (so a sheet printed before the shift
already lists them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from printers.documents.models import (
    PENDING_SHORT_ZH,
    LoadSheet,
    LoadStop,
    Manifest,
    ManifestCrate,
    ManifestLine,
    PickupCustomer,
    PickupItem,
    PickupList,
    ShortNote,
    SupplierShortage,
    SupplierShortageLine,
    short_reason_zh,
)
from printers.model import Zone, mask_phone
from sorter_app.domain.errors import UserFacingError
from sorter_app.store import tables as t
from sorter_app.store.database import Store

_ZONE_ORDER = {Zone.AMBIENT: 0, Zone.CHILLED: 1, Zone.FROZEN: 2}


class UnknownRoute(UserFacingError):
    code = "unknown_route"


class UnknownCommunity(UserFacingError):
    code = "unknown_community"


def manifests(store: Store, wave_id: str, community_id: str | None = None) -> list[Manifest]:
    """Every community's 团长签收单 in route and stop order (one community's if given)."""
    with store.read() as session:
        wave = _wave(session, wave_id)
        communities = _communities(session, wave, community_id=community_id)
        scope = _Scope(wave.pk, community_id and communities[0].pk)
        tasks = _tasks(session, scope)
        shorts = _shortages_by_task(session, scope)
        crates = _crates(session, scope)
        contents = _crate_contents(session, scope)
    lines_of: dict[int, list[ManifestLine]] = defaultdict(list)
    for task in tasks:
        key = (task.community_pk, task.sku_pk)
        notes = _short_notes(shorts.get(key, {}), task.ordered - task.due)
        seqs = contents.crate_seqs(key, complete=task.put >= task.due)
        lines_of[task.community_pk].append(
            ManifestLine(
                sku_id=task.sku_id,
                name=task.name,
                spec=task.spec,
                unit=task.unit,
                ordered=task.ordered,
                due=task.due,
                shipped=task.put,
                shorts=notes,
                crate_seqs=tuple(crates[pk].seq for pk in seqs),
            )
        )
    progress = _progress(tasks)
    result = []
    for c in communities:
        lines = lines_of.get(c.pk, [])
        lines.sort(key=lambda line: line.sku_id)
        result.append(
            Manifest(
                wave_id=wave_id,
                delivery_date=wave.delivery_date,
                community_id=c.community_id,
                community_name=c.name,
                leader_name=c.leader_name,
                leader_phone_masked=mask_phone(c.leader_phone),
                pickup_address=c.pickup_address,
                route_id=c.route_id,
                route_name=c.route_name,
                stop_seq=c.stop_seq,
                crates=tuple(
                    ManifestCrate(crates[pk].crate_id, crates[pk].seq, crates[pk].zone, crates[pk].extra)
                    for pk in contents.stop_crates(c.pk, crates, complete=progress.complete(c.pk))
                ),
                lines=tuple(sorted(lines, key=lambda line: _line_order(line, lines_zone(tasks)))),
            )
        )
    return result
