"""The supplier receiving sheet (到货核对单) as PDF bytes, for `sorter-app receiving-sheet` and for
a screen that prints or previews documents (the faces reach printers/ through services)."""

from __future__ import annotations

from dataclasses import dataclass

from printers.documents import render_receiving_sheets
from sorter_app.services.views.document_data import receiving_sheets
from sorter_app.store.database import Store


@dataclass(frozen=True)
class ReceivingSheetPdf:
    pdf: bytes
    suppliers: int  # sections in it (one per supplier; 0 when the wave has nothing ordered)


def receiving_sheet_pdf(
    store: Store, wave_id: str, supplier_id: str | None = None
) -> ReceivingSheetPdf:
    """The wave's receiving sheets (one supplier's when `supplier_id` is given; UnknownWave,
    UnknownSupplier otherwise)."""
    sheets = receiving_sheets(store, wave_id, supplier_id)
    return ReceivingSheetPdf(render_receiving_sheets(sheets) if sheets else b"", len(sheets))
