"""An in-memory wave for the scan rules: the facts they ask for, from dictionaries, and the
requests they make carried out on the same dictionaries (cosmicpython's fake repository)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sorter_app.domain.crate_codes import crate_id, make_crate_scan_code
from sorter_app.domain.decisions import Decision
from sorter_app.domain.scan_facts import (
    CommunityFacts,
    CrateFacts,
    CrateLine,
    PutFacts,
    ReceiptFacts,
    SkuFacts,
    SkuTotals,
    TaskFacts,
)
from sorter_app.domain.scan_outcome import (
    LoadCrate,
    OpenExtraCrate,
    Outcome,
    RecordPut,
    ScanContext,
    Step,
)

WAVE_PK = 1
WAVE_ID = "W1"


@dataclass
class Task:
    pk: int
    sku_pk: int
    community_pk: int
    ordered: int
    due: int
    put: int = 0


@dataclass
class FakeFacts:
    skus: dict[int, SkuFacts] = field(default_factory=dict)
    barcodes: dict[str, int] = field(default_factory=dict)
    communities: dict[int, CommunityFacts] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)
    crates: dict[int, CrateFacts] = field(default_factory=dict)
    planned: dict[tuple[int, int], int] = field(default_factory=dict)  # (crate, sku) -> units
    received: dict[int, int] = field(default_factory=dict)
    damaged: dict[int, int] = field(default_factory=dict)
    closed: set[int] = field(default_factory=set)
    puts: list[PutFacts] = field(default_factory=list)
    put_stations: dict[int, str] = field(default_factory=dict)
    receipts: list[ReceiptFacts] = field(default_factory=list)  # undone ones removed
    receipt_stations: dict[int, str] = field(default_factory=dict)
    void_codes: set[str] = field(default_factory=set)
    loaded: set[int] = field(default_factory=set)
    dispatched: set[str] = field(default_factory=set)
    wave_pk: int = WAVE_PK

    # --- building the wave -----------------------------------------------------------------

    def add_sku(self, pk: int, barcode: str, *, status: str = "active", upc: int = 10) -> SkuFacts:
        sku = SkuFacts(pk, f"S{pk}", f"商品{pk}", "袋", "ambient", upc, status, False)
        self.skus[pk] = sku
        self.barcodes[barcode] = pk
        return sku

    def add_community(self, pk: int, route: str = "R1") -> CommunityFacts:
        community = CommunityFacts(pk, f"C{pk}", f"小区{pk}", route, f"线路{route}", pk, "团长")
        self.communities[pk] = community
        return community

    def add_task(self, sku_pk: int, community_pk: int, qty: int) -> Task:
        task = Task(len(self.tasks) + 1, sku_pk, community_pk, qty, qty)
        self.tasks.append(task)
        return task

    def add_crate(self, community_pk: int, *, plan: dict[int, int] | None = None) -> CrateFacts:
        pk = len(self.crates) + 1
        seq = 1 + sum(1 for c in self.crates.values() if c.community_pk == community_pk)
        community = self.communities[community_pk]
        crate = CrateFacts(
            pk,
            self.wave_pk,
            community_pk,
            crate_id(WAVE_ID, community.community_id, seq),
            make_crate_scan_code(pk),
            seq,
            "ambient",
            "open",
            False,
        )
        self.crates[pk] = crate
        for sku_pk, qty in (plan or {}).items():
            self.planned[(pk, sku_pk)] = qty
        return crate

    # --- ScanFacts ---------------------------------------------------------------------------

    def sku_by_barcode(self, code: str) -> SkuFacts | None:
        pk = self.barcodes.get(code)
        return self.skus[pk] if pk is not None else None

    def sku_by_plu(self, plu: str) -> SkuFacts | None:
        return None

    def sku(self, sku_pk: int) -> SkuFacts:
        return self.skus[sku_pk]

    def receiving_closed(self, sku_pk: int) -> bool:
        return sku_pk in self.closed

    def has_receipts(self, sku_pk: int) -> bool:
        return bool(self.received.get(sku_pk) or self.damaged.get(sku_pk))

    def received_and_damaged(self, sku_pk: int) -> tuple[int, int]:
        return self.received.get(sku_pk, 0), self.damaged.get(sku_pk, 0)

    def sku_totals(self, sku_pk: int) -> SkuTotals:
        mine = [t for t in self.tasks if t.sku_pk == sku_pk]
        return SkuTotals(
            sum(t.ordered for t in mine), sum(t.due for t in mine), sum(t.put for t in mine)
        )

    def last_receipt(self, station_id: str) -> ReceiptFacts | None:
        mine = [r for r in self.receipts if self.receipt_stations[r.pk] == station_id]
        return mine[-1] if mine else None

    def add_receipt(
        self, sku_pk: int, qty: int, *, age_s: float = 0.0, station_id: str = "ST-01"
    ) -> ReceiptFacts:
        """A count already received at a station, `age_s` seconds ago."""
        pk = len(self.receipt_stations) + 1
        receipt = ReceiptFacts(pk, sku_pk, qty, f"{station_id}-{pk:08d}", age_s)
        self.receipts.append(receipt)
        self.receipt_stations[pk] = station_id
        self.received[sku_pk] = self.received.get(sku_pk, 0) + qty
        return receipt

    def next_task(self, sku_pk: int) -> TaskFacts | None:
        due = [t for t in self.tasks if t.sku_pk == sku_pk and t.put < t.due]
        if not due:
            return None
        task = min(due, key=lambda t: self.communities[t.community_pk].stop_seq)
        return TaskFacts(task.pk, task.due - task.put, self.communities[task.community_pk])

    def task_remaining(self, task_pk: int) -> int:
        task = self.tasks[task_pk - 1]
        return task.due - task.put

    def last_put(self, station_id: str) -> PutFacts | None:
        mine = [p for p in self.puts if self.put_stations[p.pk] == station_id]
        return mine[-1] if mine else None

    def community(self, community_pk: int) -> CommunityFacts:
        return self.communities[community_pk]

    def crate(self, crate_pk: int) -> CrateFacts:
        return self.crates[crate_pk]

    def crate_by_scan_code(self, code: str) -> CrateFacts | None:
        return next((c for c in self.crates.values() if c.scan_code == code), None)

    def crate_by_crate_id(self, crate_id: str) -> CrateFacts | None:
        return next((c for c in self.crates.values() if c.crate_id == crate_id), None)

    def is_void_code(self, code: str) -> bool:
        return code in self.void_codes

    def crate_count(self, community_pk: int) -> int:
        return sum(1 for c in self.crates.values() if c.community_pk == community_pk)

    def crate_contents(self, crate_pk: int) -> list[CrateLine]:
        by_sku: dict[int, int] = {}
        for put in self.puts:
            if put.crate_pk == crate_pk:
                by_sku[put.sku_pk] = by_sku.get(put.sku_pk, 0) + put.qty
        return [
            CrateLine(self.skus[k].sku_id, self.skus[k].name, self.skus[k].units_per_crate, q)
            for k, q in sorted(by_sku.items())
        ]

    def crates_for_put(
        self, community_pk: int, temperature: str, sku_pk: int
    ) -> list[tuple[CrateFacts, int]]:
        result = []
        for crate in sorted(self.crates.values(), key=lambda c: c.seq):
            if crate.community_pk != community_pk or crate.temperature != temperature:
                continue
            in_it = sum(p.qty for p in self.puts if p.crate_pk == crate.pk and p.sku_pk == sku_pk)
            result.append((crate, max(self.planned.get((crate.pk, sku_pk), 0) - in_it, 0)))
        return result

    def route_dispatched(self, route_id: str) -> bool:
        return route_id in self.dispatched

    def crates_to_load(self, route_id: str) -> int:
        return sum(
            1
            for c in self.crates.values()
            if self.communities[c.community_pk].route_id == route_id and c.pk not in self.loaded
        )

    # --- carrying out what the rules ask -------------------------------------------------------

    def carry_out(self, step: Step, ctx: ScanContext) -> Outcome:
        while not isinstance(step, Outcome):
            if isinstance(step, OpenExtraCrate):
                if step.full_crate is not None:
                    full = step.full_crate
                    self.crates[full.pk] = replace(full, status="closed")
                crate = self.add_crate(step.community.pk)
                self.crates[crate.pk] = crate = replace(crate, extra=True)
                step = step.then(crate)
            elif isinstance(step, RecordPut):
                task = self.tasks[step.task_pk - 1]
                if task.put + step.qty > task.due:
                    step = step.then(None)
                    continue
                task.put += step.qty
                put = PutFacts(
                    len(self.puts) + 1,
                    step.task_pk,
                    step.crate_pk,
                    step.community_pk,
                    step.sku_pk,
                    step.qty,
                )
                self.puts.append(put)
                self.put_stations[put.pk] = ctx.station_id
                step = step.then(task.due - task.put)
            else:
                assert isinstance(step, LoadCrate)
                fresh = step.crate_pk not in self.loaded
                self.loaded.add(step.crate_pk)
                step = step.then(fresh)
        return step


def context(
    mode: str = "seed",
    *,
    n: int = 1,
    route: str | None = None,
    supervised_by: str | None = None,
) -> ScanContext:
    return ScanContext(
        scan_id=f"ST-01-{n:08d}",
        raw="x",
        mode=mode,  # type: ignore[arg-type]
        station_id="ST-01",
        wave_id=WAVE_ID,
        route_id=route,
        supervised_by=supervised_by,
    )


def result_of(outcome: Outcome) -> str:
    decision: Decision = outcome.decision
    return decision.result.value
