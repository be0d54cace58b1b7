"""The A4 documents as PDF bytes: which document, for what, into bytes. One function per kind;
`sorter-app manifest / pickup-list / load-sheet / receiving-sheet / summary` and the print
centre's documents section both call these (the faces reach printers/ through services).

Each returns a `Document`: the PDF, a one-line description (for the print queue and file names)
and the sections in it (one per community, route or supplier), which the print centre shows as
its preview together with the page count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from printers.documents import (
    render_load_sheet,
    render_manifests,
    render_night_summary,
    render_pickup_lists,
    render_supplier_shortages,
)
from printers.documents.models import Manifest
from printers.documents.pdf_join import join_pdfs
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.printing.print_queue import enqueue
from sorter_app.services.printing.receiving_sheets import receiving_sheet_pdf
from sorter_app.services.views import document_data
from sorter_app.services.views.dispatch_view import route_dispatches
from sorter_app.services.views.night_summary import night_summary as summary_of
from sorter_app.services.views.night_summary import summary_sheet
from sorter_app.store.database import Store
from sorter_app.store.print_jobs_repo import NewJob

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class DocumentKind(StrEnum):
    MANIFESTS = "manifests"
    PICKUP_LIST = "pickup_list"
    LOAD_SHEET = "load_sheet"
    SUPPLIER_SHORTAGES = "supplier_shortages"
    RECEIVING_SHEET = "receiving_sheet"
    NIGHT_SUMMARY = "night_summary"


class NothingToPrint(UserFacingError):
    code = "nothing_to_print"


class WavePurged(UserFacingError):
    code = "wave_purged"


class NoDocumentPrinter(UserFacingError):
    code = "no_document_printer"


@dataclass(frozen=True)
class Document:
    kind: DocumentKind
    pdf: bytes
    description: str  # e.g. "pickup list W1 C0001": the print queue's job text, a file name
    sections: tuple[str, ...]  # one line per section: "C0001 阳光花园1期", "R01", "S01 鲜果行"
    # Print jobs of their own, in order (a wave's manifests: one per route); `pdf` joins them.
    parts: tuple[Document, ...] = ()

    @property
    def pages(self) -> int:
        return len(_PAGE.findall(self.pdf))


def manifests(
    store: Store, wave_id: str, community_id: str | None = None, route_id: str | None = None
) -> Document:
    """Leader receipts and packing manifests: one community's, one route's or the whole wave's.

    The whole wave's is made route by route (`manifests_by_route`): one PDF per route, which
    print as one job each in route order, and one file joining them to save."""
    if community_id is None and route_id is None:
        routes = tuple(manifests_by_route(store, wave_id))
        if not routes:
            raise NothingToPrint(f"波次 {wave_id} 没有小区", f"Wave {wave_id} has no communities")
        return Document(
            DocumentKind.MANIFESTS,
            join_pdfs((r.pdf for r in routes), title=f"团长签收单 {wave_id}"),
            f"manifests {wave_id}",
            tuple(section for r in routes for section in r.sections),
            routes,
        )
    if community_id is not None:
        batch = document_data.manifests(store, wave_id, community_id)
        if route_id is not None and batch[0].route_id != route_id:
            raise document_data.UnknownRoute(
                f"小区 {community_id} 不在线路 {route_id} 上",
                f"Community {community_id} is not on route {route_id}",
            )
    else:
        batch = document_data.manifests(store, wave_id, route_id=route_id)
    return _manifests_document(wave_id, community_id or route_id, batch)


def manifests_by_route(store: Store, wave_id: str) -> Iterator[Document]:
    """The wave's manifests as one document per route, in route order, each made only when
    asked for: the memory of one route's pages, not of the wave's 12,000."""
    for route_id, batch in document_data.manifests_by_route(store, wave_id):
        yield _manifests_document(wave_id, route_id, batch)


def _manifests_document(wave_id: str, scope: str | None, batch: list[Manifest]) -> Document:
    return Document(
        DocumentKind.MANIFESTS,
        render_manifests(batch),
        f"manifests {wave_id}" + (f" {scope}" if scope else ""),
        tuple(f"{m.community_id} {m.community_name}" for m in batch),
    )


def pickup_list(store: Store, wave_id: str, community_id: str | None = None) -> Document:
    """团长分拣单: each customer's nickname, pickup code (in full: this is the leader's list, the
    only document that prints it) and items. Refused once the wave's customer data is purged."""
    if document_data.wave_purged(store, wave_id):
        raise WavePurged(
            f"波次 {wave_id} 的顾客资料已按保留期限清除，不能再打印团长分拣单",
            f"Wave {wave_id}'s customer data was purged (retention): its pickup lists can no "
            "longer be printed",
        )
    lists = document_data.pickup_lists(store, wave_id, community_id)
    if not lists:
        raise NothingToPrint(f"波次 {wave_id} 没有小区", f"Wave {wave_id} has no communities")
    return Document(
        DocumentKind.PICKUP_LIST,
        render_pickup_lists(lists),
        f"pickup list {wave_id}" + (f" {community_id}" if community_id else ""),
        tuple(f"{p.community_id} {p.community_name}" for p in lists),
    )


def load_sheet(store: Store, wave_id: str, route_id: str) -> Document:
    """One route's load sheet (装车单), with the driver and plate recorded at its dispatch."""
    left = route_dispatches(store, wave_id).get(route_id)
    sheet = document_data.load_sheet(
        store,
        wave_id,
        route_id,
        driver_name=(left.driver or "") if left else "",
        plate=(left.plate or "") if left else "",
    )
    return Document(
        DocumentKind.LOAD_SHEET,
        render_load_sheet(sheet),
        f"load sheet {wave_id} {route_id}",
        (f"{sheet.route_id} {sheet.route_name}",),
    )


def supplier_shortages(store: Store, wave_id: str) -> Document:
    """The supplier shortage list (供应商缺货单): suppliers with something short or damaged."""
    shortages = document_data.supplier_shortages(store, wave_id)
    if not shortages:
        raise NothingToPrint(
            f"波次 {wave_id} 没有短缺或破损的商品", f"Wave {wave_id} has nothing short or damaged"
        )
    return Document(
        DocumentKind.SUPPLIER_SHORTAGES,
        render_supplier_shortages(shortages),
        f"supplier shortages {wave_id}",
        tuple(f"{s.supplier_id} {s.supplier_name}" for s in shortages),
    )


def receiving_sheet(store: Store, wave_id: str, supplier_id: str | None = None) -> Document:
    """The supplier receiving sheet (到货核对单): one supplier's or every supplier's."""
    sheets = receiving_sheet_pdf(store, wave_id, supplier_id)
    if not sheets.suppliers:
        raise NothingToPrint(
            f"波次 {wave_id} 没有订购的商品", f"Wave {wave_id} has nothing ordered"
        )
    names = dict(document_data.suppliers(store, wave_id))
    ids = [supplier_id] if supplier_id else list(names)
    return Document(
        DocumentKind.RECEIVING_SHEET,
        sheets.pdf,
        f"receiving sheet {wave_id}" + (f" {supplier_id}" if supplier_id else ""),
        tuple(f"{s} {names.get(s, '')}".strip() for s in ids),
    )


def night_summary(
    store: Store, wave_id: str, zone: ZoneInfo, *, clock: Clock = utc_now
) -> Document:
    """The end-of-night summary (日结) of a wave, printed now."""
    summary = summary_of(store, wave_id)
    return Document(
        DocumentKind.NIGHT_SUMMARY,
        render_night_summary(summary_sheet(summary, zone, clock())),
        f"night summary {wave_id}",
        (f"{wave_id} {summary.hub_name or summary.hub_id}".strip(),),
    )


def queue_document(store: Store, printer: str, document: Document) -> int:
    """Queue the document's PDF for `printer` (the document printer of the settings,
    `[documents] printer = NAME`), one document job per part (a wave's manifests: one per route,
    in route order) in one transaction; the print sender sends them. Returns the last job ID."""
    if not printer:
        raise NoDocumentPrinter(
            "没有设置单据打印机：请在设置文件中填写 [documents] printer = 名称，或另存为 PDF",
            "No document printer is set: add [documents] printer = NAME to the settings, or "
            "save as PDF",
        )
    jobs = [
        NewJob(kind="document", description=part.description, payload=part.pdf)
        for part in document.parts or (document,)
    ]
    return enqueue(store, printer, jobs)[-1]
