"""The printer test: one sample crate label printed at once, outside the queue's order, so a dead
or misconfigured printer is found before the shift rather than at the first crate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from printers.model import CrateLabel, Zone
from printers.profiles import PrinterProfile
from printers.transports import PrinterConfigError, PrinterUnavailable, Transport, open_transport
from sorter_app.domain.crate_codes import crate_id as make_crate_id
from sorter_app.domain.crate_codes import make_crate_scan_code, qr_payload
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.printing.print_queue import render_for_printer, stored_error
from sorter_app.store import print_jobs_repo
from sorter_app.store.database import Store
from sorter_app.store.print_jobs_repo import NewJob


@dataclass(frozen=True, slots=True)
class PrinterTestResult:
    ok: bool
    job_id: int
    printer: str
    where: str
    error: UserFacingError | None = None


TEST_WAVE = "TEST"
TEST_COMMUNITY = "TEST"


def sample_label(profile: PrinterProfile, today: datetime) -> CrateLabel:
    """A full crate label with made-up data: shows layout, Chinese text and both barcodes.
    Its scan code (serial 0) belongs to no crate: scanned, it answers unknown crate."""
    crate = make_crate_id(TEST_WAVE, TEST_COMMUNITY, 1)
    return CrateLabel(
        crate_id=crate,
        scan_code=make_crate_scan_code(0),
        qr_payload=qr_payload(crate, TEST_WAVE, TEST_COMMUNITY, 1, 1, 0),
        wave_id=TEST_WAVE,
        delivery_date=today.date(),
        community_id=TEST_COMMUNITY,
        community_name=f"打印测试 {profile.name}",
        leader_name="测试 TEST",
        leader_phone_masked="138****0000",
        pickup_address=f"{profile.language.upper()} {profile.dpi}dpi {profile.size} mm",
        route_id="TEST",
        route_name="测试线路",
        stop_seq=1,
        crate_seq=1,
        crate_count=1,
        extra=False,
        zone=Zone.AMBIENT,
        units=0,
        lines=0,
    )


def print_test_label(
    store: Store,
    profile: PrinterProfile,
    *,
    transport: Transport | None = None,
    clock: Clock = utc_now,
) -> PrinterTestResult:
    """Print one test label now, outside the queue's order, and say whether the printer took it.
    A test that failed is not retried later: a test label hours later would only confuse."""
    now = clock()
    payload = render_for_printer(profile, [sample_label(profile, now)])[0]
    test_job = NewJob(kind="test", description=f"test label {profile.name}", payload=payload)
    with store.write() as session:
        [job_id] = print_jobs_repo.add_jobs(session, profile.name, [test_job], now)
        print_jobs_repo.mark_sending(session, job_id, now)
    transport = transport or open_transport(profile)
    error: UserFacingError | None = None
    try:
        transport.send(payload, title=test_job.description)
    except (PrinterUnavailable, PrinterConfigError) as exc:
        error = exc
    finally:
        transport.close()
    done = clock()
    with store.write() as session:
        print_jobs_repo.record_test_outcome(
            session, job_id, payload, stored_error(error) if error else None, done
        )
    return PrinterTestResult(error is None, job_id, profile.name, transport.describe(), error)
