"""A4 documents (reportlab, CJK TrueType font embedded): the leader receipt and packing manifest,
the leader's pickup list, the route load sheet, the supplier shortage list, the supplier
receiving sheet and the end-of-night summary (日结)."""

from printers.documents.load_sheet import render_load_sheet, render_load_sheets
from printers.documents.manifest import render_manifests
from printers.documents.night_summary import render_night_summary
from printers.documents.pickup_list import render_pickup_lists
from printers.documents.receiving_sheet import render_receiving_sheets
from printers.documents.supplier_shortages import render_supplier_shortages

__all__ = [
    "render_load_sheet",
    "render_load_sheets",
    "render_manifests",
    "render_night_summary",
    "render_pickup_lists",
    "render_receiving_sheets",
    "render_supplier_shortages",
]
