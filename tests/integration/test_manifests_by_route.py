"""A wave's manifests route by route: one PDF per route (one print job each, in route order), the
data read one route at a time, and one joined file for "save as PDF"; read back with pypdf, and
printed through the real sender to a folder printer."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from printers.documents.pdf_join import join_pdfs
from printers.profiles import PrinterProfile
from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.wave import WaveSnapshot
from sorter_app.services.printing import documents
from sorter_app.services.printing.print_queue import jobs
from sorter_app.services.printing.sender import PrintSender
from sorter_app.services.views import document_data
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from tests.factories import EAN_S1, community, order, sku, summary
from tests.integration.test_documents import night_store  # noqa: F401

WAVE = "W20261127-HZ01"
# Route: its communities in stop order (IDs deliberately not in route order).
ROUTES = {"R01": ["C0006", "C0004"], "R02": ["C0005"], "R03": ["C0007", "C0008"]}


@pytest.fixture
def routes_store(sqlite_url: str) -> Store:
    placed = [
        community(6, route="R01", stop=1),
        community(4, route="R01", stop=2),
        community(5, route="R02", stop=1),
        community(7, route="R03", stop=1),
        community(8, route="R03", stop=2),
    ]
    orders = [
        order(n, f"C{n:04d}", [("S00001", n % 3 + 1), ("S00002", 1)]) for n in (4, 5, 6, 7, 8)
    ]
    snapshot = WaveSnapshot(summary(WAVE, orders), placed, [sku(1, barcode=EAN_S1), sku(2)], orders)
    store = Store.open(sqlite_url)
    store_snapshot(store, snapshot, source="api")
    yield store
    store.close()


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def communities_in(pdf: bytes) -> list[str]:
    """Community IDs in the order their manifests start (each starts with its field block)."""
    found: list[str] = []
    for text in texts(pdf):
        for community_id in (c for ids in ROUTES.values() for c in ids):
            if f"（{community_id}）" in text and (not found or found[-1] != community_id):
                found.append(community_id)
    return found


@pytest.mark.parametrize("read", [200, 2])  # all routes in one read, or a few at a time
def test_a_waves_manifests_are_one_pdf_per_route_in_route_order(
    routes_store: Store, monkeypatch: pytest.MonkeyPatch, read: int
) -> None:
    monkeypatch.setattr(document_data, "READ_COMMUNITIES", read)
    doc = documents.manifests(routes_store, WAVE)
    assert [part.description for part in doc.parts] == [f"manifests {WAVE} {r}" for r in ROUTES]
    for part, (route_id, ids) in zip(doc.parts, ROUTES.items(), strict=True):
        assert communities_in(part.pdf) == ids, route_id
        assert [s.split()[0] for s in part.sections] == ids
    # The joined file, for "save as PDF": every route's pages, in route and stop order.
    assert communities_in(doc.pdf) == [c for ids in ROUTES.values() for c in ids]
    assert len(texts(doc.pdf)) == doc.pages == sum(part.pages for part in doc.parts)
    assert pypdf.PdfReader(io.BytesIO(doc.pdf)).metadata.title == f"团长签收单 {WAVE}"


def test_printing_a_waves_manifests_sends_one_job_per_route_in_route_order(
    routes_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "printed"
    printer = PrinterProfile("a4", language="pdf", transport="folder", address=str(folder))
    documents.queue_document(routes_store, "a4", documents.manifests(routes_store, WAVE))
    assert [j.description for j in jobs(routes_store, "a4")] == [
        f"manifests {WAVE} {r}" for r in ROUTES
    ]
    sender = PrintSender.for_profiles(routes_store, [printer])
    try:
        result = sender.run(["a4"], timeout=10)
    finally:
        sender.close()
    assert result.sent == 3
    printed = sorted(folder.glob("*.pdf"))
    assert [communities_in(f.read_bytes()) for f in printed] == list(ROUTES.values())


def test_one_route_and_one_community_are_one_document(routes_store: Store) -> None:
    route = documents.manifests(routes_store, WAVE, route_id="R03")
    assert communities_in(route.pdf) == ["C0007", "C0008"] and route.parts == ()
    one = documents.manifests(routes_store, WAVE, community_id="C0005", route_id="R02")
    assert communities_in(one.pdf) == ["C0005"]
    with pytest.raises(UserFacingError) as wrong:
        documents.manifests(routes_store, WAVE, community_id="C0005", route_id="R01")
    assert wrong.value.code == "unknown_route"
    with pytest.raises(UserFacingError) as unknown:
        documents.manifests(routes_store, WAVE, route_id="R99")
    assert unknown.value.code == "unknown_route"


@pytest.mark.parametrize(("read", "lookup"), [(200, 60), (1, 60), (1, 0)])
def test_route_by_route_data_is_the_whole_waves_after_a_worked_night(
    night_store: Store,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    read: int,
    lookup: int,
) -> None:
    """Reading a few routes at a time (their tasks, puts, plan and shortages; looked up or read
    in a pass) gives each community exactly what the whole-wave read gives it: lines, crates,
    what was put and what is short."""
    monkeypatch.setattr(document_data, "READ_COMMUNITIES", read)
    monkeypatch.setattr(document_data, "LOOKUP_COMMUNITIES", lookup)
    whole = document_data.manifests(night_store, WAVE)
    by_route = [
        m for _, batch in document_data.manifests_by_route(night_store, WAVE) for m in batch
    ]
    assert by_route == whole
    assert any(line.shipped for m in whole for line in m.lines)  # puts were read
    assert any(line.shorts for m in whole for line in m.lines)  # and shortages


def test_joining_keeps_each_parts_pages_and_text(routes_store: Store) -> None:
    parts = [documents.manifests(routes_store, WAVE, route_id=r).pdf for r in ROUTES]
    joined = join_pdfs(iter(parts), title="x")
    assert texts(joined) == [text for part in parts for text in texts(part)]


def test_a_wave_with_no_communities_has_nothing_to_print(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    try:
        store_snapshot(store, WaveSnapshot(summary(WAVE, []), [], [sku(1)], []), source="api")
        with pytest.raises(UserFacingError) as nothing:
            documents.manifests(store, WAVE)
        assert nothing.value.code == "nothing_to_print"
    finally:
        store.close()
