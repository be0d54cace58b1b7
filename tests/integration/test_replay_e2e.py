"""The engine's headless face end to end: a generated wave imported from the simulator, received
short through `replay --mode receive`, receiving closed, then seeded interactively through a
`replay --mode seed` process reading stdin — every community ends with exactly its due."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import func, select

from sorter_app.cli import EXIT_OK, main
from sorter_app.domain.crate_codes import gs1_check_digit
from sorter_app.domain.decisions import REPLAY_KEYS
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, running_platform


def weight_code(plu: str, grams: int) -> str:
    body = f"28{plu}{grams:05d}"
    return body + gs1_check_digit(body)


def scan_code_for(sku: dict) -> str:
    return sku["barcodes"][0] if sku["barcodes"] else weight_code(sku["plu"], 480)


class ReplayProcess:
    def __init__(self, db_url: str, mode: str) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sorter_app.cli",
                "replay",
                "--db",
                db_url,
                "--wave",
                WAVE,
                "--station",
                "ST-07",
                "--mode",
                mode,
                "--worker",
                "W01",
                "-",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def scan(self, raw: str) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(raw + "\n")
        self.proc.stdin.flush()
        decision = json.loads(self.proc.stdout.readline())
        assert list(decision) == list(REPLAY_KEYS)
        return decision

    def close(self) -> int:
        assert self.proc.stdin
        self.proc.stdin.close()
        code = self.proc.wait(timeout=30)
        assert self.proc.stdout and self.proc.stdout.read() == ""
        return code


def test_a_small_wave_received_short_and_seeded_through_replay(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    with running_platform(communities=8, skus=12, lines=150, seed=11) as platform:
        assert (
            main(
                [
                    "import",
                    "--date",
                    DELIVERY.isoformat(),
                    "--api",
                    platform.url,
                    "--token",
                    TOKEN,
                    "--db",
                    db_url,
                    "--hub",
                    "HZ01",
                ]
            )
            == EXIT_OK
        )
        wave = platform.sim.export_wave(WAVE)
    active = {s["sku_id"]: s for s in wave["skus"] if s["status"] == "active"}
    ordered: Counter[str] = Counter()
    for order in wave["orders"]:
        if order["status"] == "closed":
            for line in order["lines"]:
                if line["sku_id"] in active:
                    ordered[line["sku_id"]] += line["qty"]
    # Every third SKU arrives one short; weighed SKUs are received one labelled unit at a time.
    receive_lines, short_by = [], {}
    for i, (sku_id, qty) in enumerate(sorted(ordered.items())):
        arrived = qty - (1 if i % 3 == 0 else 0)
        short_by[sku_id] = qty - arrived
        sku = active[sku_id]
        receive_lines += (
            [scan_code_for(sku)] * arrived
            if sku["weighed"]
            else [f"{scan_code_for(sku)}*{arrived}"]
        )
    receive_file = tmp_path / "receive.txt"
    receive_file.write_text("\n".join(receive_lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sorter_app.cli",
            "replay",
            "--db",
            db_url,
            "--wave",
            WAVE,
            "--station",
            "ST-01",
            "--mode",
            "receive",
            str(receive_file),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    decisions = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(decisions) == len(receive_lines)
    assert {d["result"] for d in decisions} == {"received"}
    assert main(["receiving", "close", "--wave", WAVE, "--db", db_url]) == EXIT_OK
    # replay --worker refuses a worker who does not exist
    assert main(["people", "add-worker", "W01", "张三", "--db", db_url]) == EXIT_OK

    seeder = ReplayProcess(db_url, "seed")
    wrong_crates = 0
    for sku_id in sorted(ordered):
        while True:
            target = seeder.scan(scan_code_for(active[sku_id]))
            if target["result"] == "over_scan":
                break
            assert target["result"] == "put_target", target
            if wrong_crates < 3:  # a few wrong crates on the way: blocked, nothing recorded
                other = next(c for c in all_crate_codes(db_url) if c != target["crate_code"])
                assert seeder.scan(other)["result"] == "wrong_crate"
                wrong_crates += 1
            put = seeder.scan(target["crate_code"])
            assert (put["result"], put["qty"], put["community_id"]) == (
                "put_done",
                target["qty"],
                target["community_id"],
            )
    last = put
    again = seeder.scan(f"@{int(last['scan_id'].rsplit('-', 1)[1])} {last['scan']}")
    assert again == last
    assert seeder.close() == 0

    store = Store.open(db_url)
    with store.read() as s:
        tasks = s.execute(
            select(
                tables.Sku.sku_id,
                tables.SortTask.ordered_qty,
                tables.SortTask.due_qty,
                tables.SortTask.put_qty,
            ).join(tables.Sku, tables.Sku.id == tables.SortTask.sku_pk)
        ).all()
        shortages = dict(
            s.execute(
                select(tables.Sku.sku_id, func.sum(tables.Shortage.qty))
                .join(tables.Sku, tables.Sku.id == tables.Shortage.sku_pk)
                .group_by(tables.Sku.sku_id)
            ).all()
        )
        wrong = s.scalar(
            select(func.count()).select_from(tables.Scan).where(tables.Scan.result == "wrong_crate")
        )
    assert all(put == due for _, _, due, put in tasks), "every community got exactly its due"
    by_sku: dict[str, int] = defaultdict(int)
    for sku_id, o, due, _ in tasks:
        by_sku[sku_id] += o - due
    assert {k: v for k, v in by_sku.items() if v} == {k: v for k, v in short_by.items() if v}
    assert {k: int(v) for k, v in shortages.items()} == {k: v for k, v in short_by.items() if v}
    assert wrong == 3


def all_crate_codes(db_url: str) -> list[str]:
    store = Store.open(db_url, migrate=False)
    with store.read() as s:
        return list(s.scalars(select(tables.Crate.scan_code).order_by(tables.Crate.id)))
