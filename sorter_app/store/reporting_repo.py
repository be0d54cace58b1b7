"""The facts the platform's reports are built from: a SKU's ordered, received and damaged units,
the barcodes receiving did not know, and whether every unit due is sorted. Services call these
inside the unit of work of the event reported."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sorter_app.store import tables


def sku_id_and_name(session: Session, sku_pk: int) -> tuple[str, str]:
    sku_id, name = session.execute(
        select(tables.Sku.sku_id, tables.Sku.name).where(tables.Sku.id == sku_pk)
    ).one()
    return sku_id, name


def ordered_units(session: Session, sku_pk: int) -> int:
    """Units of the SKU ordered, over all communities."""
    st = tables.SortTask
    return int(
        session.scalar(
            select(func.coalesce(func.sum(st.ordered_qty), 0)).where(st.sku_pk == sku_pk)
        )
        or 0
    )


def received_and_damaged(session: Session, sku_pk: int) -> tuple[int, int]:
    """Units of the SKU received, and of those damaged."""
    kinds = {
        kind: qty
        for kind, qty in session.execute(
            select(tables.Receipt.kind, func.sum(tables.Receipt.qty))
            .where(tables.Receipt.sku_pk == sku_pk)
            .group_by(tables.Receipt.kind)
        )
    }
    return int(kinds.get("received") or 0), int(kinds.get("damaged") or 0)


def unknown_barcode_decisions(session: Session, wave_pk: int) -> list[str]:
    """The stored decisions (JSON) of the wave's receiving scans that found no SKU."""
    return list(
        session.scalars(
            select(tables.Scan.decision).where(
                tables.Scan.wave_pk == wave_pk,
                tables.Scan.mode == "receive",
                tables.Scan.result == "unknown_barcode",
            )
        )
    )


def all_due_sorted(session: Session, wave_pk: int, sku_pk: int | None = None) -> bool:
    """Every unit due is put or shorted: nothing left to put, and receiving closed for the wave
    (or for each SKU ordered). With `sku_pk` (after a put), the common case, that SKU is not
    finished, stops at one indexed look-up."""
    st = tables.SortTask
    if sku_pk is not None and session.scalar(
        select(st.id).where(st.sku_pk == sku_pk, st.put_qty < st.due_qty).limit(1)
    ):
        return False
    # EXISTS-style: stops at the first task still due (this runs after many puts; a full SUM over
    # a 600,000-line wave's tasks cost 10 ms a scan).
    left = session.scalar(
        select(st.id).where(st.wave_pk == wave_pk, st.put_qty < st.due_qty).limit(1)
    )
    if left is not None:
        return False
    wave_closed = session.scalar(
        select(tables.ReceivingClosure.id)
        .where(tables.ReceivingClosure.wave_pk == wave_pk, tables.ReceivingClosure.sku_pk.is_(None))
        .limit(1)
    )
    if wave_closed is None:
        open_skus = session.scalar(
            select(func.count(func.distinct(st.sku_pk))).where(
                st.wave_pk == wave_pk,
                st.ordered_qty > 0,
                st.sku_pk.not_in(
                    select(tables.ReceivingClosure.sku_pk).where(
                        tables.ReceivingClosure.wave_pk == wave_pk,
                        tables.ReceivingClosure.sku_pk.is_not(None),
                    )
                ),
            )
        )
        if open_skus:
            return False
    return True
