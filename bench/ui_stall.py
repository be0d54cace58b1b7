"""How long the desktop app's main thread stops answering during long work: the real MainWindow
(offscreen), a 5 ms QTimer recording when each tick arrives, and the longest gap between ticks
while (a) the Waves screen imports a 3,000-community, 1,500-SKU, 600,000-line wave from the
simulator (own process) through ctx.ops (the import itself runs in a child process the screen
spawns), and (b) 5,000 crate labels are queued and sent to a folder printer through ctx.ops,
with the print centre on screen. Target: longest gap <= 50 ms.

    .venv/bin/python bench/ui_stall.py [--communities 3000 --skus 1500 --lines 600000 --labels 5000]
    .venv/bin/python bench/ui_stall.py --profile   # also: the event the main thread was in, the
                                                   # threads' stacks during stalls, the heap
    .venv/bin/python bench/ui_stall.py --import-only   # phase (a) only
    .venv/bin/python bench/ui_stall.py --dashboard     # the route board on screen in (a) and (b)

First the floor: the same timer for 20 s with nothing running (on a shared machine other
processes delay it too). A gap includes the timer's own 5 ms; during it nothing on the main
thread could run (a key press from a scanner would wait as long). Each gap over 50 ms is listed
with what happened then: the import's stage, a screen's load applied, a garbage collection of
10 ms or more and its thread.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import os
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from printers.profiles import PrinterProfile
    from sorter_app.store.database import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

TICK_MS = 5
TARGET_MS = 50.0
SETTLE_S = 1.5  # after the work: the screens' refreshes that follow it count too
IDLE_S = 20.0  # the floor measured first, with nothing running
DELIVERY = date(2026, 11, 27)


class Ticks:
    """Timestamps of a 5 ms timer on the main thread, notes of what happened meanwhile (long
    garbage collections among them); with `profile_after_ms`, also every event the main thread
    handled and a watchdog thread that samples the threads' stacks while no tick has come."""

    def __init__(self, profile_after_ms: float | None = None) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.profile_after = None if profile_after_ms is None else profile_after_ms / 1000
        self.stalls: Counter[str] = Counter()
        self.events: list[tuple[float, str]] = []
        self.delivered: list[tuple[float, str]] = []  # (when, event) the main thread handled
        self._gc_started = 0.0
        if profile_after_ms is not None:
            from PySide6.QtCore import QCoreApplication, QObject

            ticks = self

            class Deliveries(QObject):
                def eventFilter(self, watched: Any, event: Any) -> bool:
                    if watched is not ticks.timer:
                        name = watched.objectName() or type(watched).__name__
                        ticks.delivered.append(
                            (time.perf_counter(), f"{event.type().name} to {name}")
                        )
                    return False

            self._filter = Deliveries()
            app = QCoreApplication.instance()
            assert app is not None
            app.installEventFilter(self._filter)
        self._stop = threading.Event()
        self._main = threading.main_thread().ident
        # How long the main thread was runnable but had no CPU (Linux): the share of a gap that
        # other processes on the machine caused, not this one.
        self.queued: list[float] = []
        try:
            self._schedstat: int | None = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        except OSError:
            self._schedstat = None

    def _tick(self) -> None:
        self.times.append(time.perf_counter())
        self.queued.append(_cpu_wait_s(self._schedstat))

    def start(self) -> None:
        self.times = [time.perf_counter()]
        self.queued = [_cpu_wait_s(self._schedstat)]
        self.events = []
        self.timer.start()
        gc.callbacks.append(self._gc)  # cheap: long collections are named in the gap list
        if self.profile_after is not None:
            self._stop.clear()
            threading.Thread(target=self._watch, daemon=True).start()

    def note(self, what: str) -> None:
        """Something that happened, for the stall list."""
        self.events.append((time.perf_counter(), what))

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        # Collections run in whichever thread allocates; all threads wait for them.
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif time.perf_counter() - self._gc_started > 0.01:
            took = (time.perf_counter() - self._gc_started) * 1000
            self.events.append(
                (
                    self._gc_started,
                    f"gc gen{info['generation']} {took:.0f} ms in "
                    f"{threading.current_thread().name}",
                )
            )

    def stalls_over(self, ms: float) -> list[str]:
        """The long gaps, each with what was noted during it or just before, and the last event
        the main thread began to handle in it (the one that kept it busy)."""
        lines = []
        delivered = [t for t, _ in self.delivered]
        for a, b in zip(self.times, self.times[1:], strict=False):
            if (b - a) * 1000 <= ms:
                continue
            near = [w for t, w in self.events if a - 0.05 <= t <= b]
            last = bisect.bisect_right(delivered, b) - 1
            if last >= 0 and delivered[last] >= a:
                near.append(f"main thread in: {self.delivered[last][1]}")
            i = bisect.bisect_left(self.times, a)
            waited = (self.queued[i + 1] - self.queued[i]) * 1000
            cpu = f" ({waited:.0f} ms waiting for a CPU)" if self._schedstat is not None else ""
            lines.append(
                f"{(a - self.times[0]):7.2f} s: {(b - a) * 1000:5.0f} ms{cpu}  {'; '.join(near)}"
            )
        return lines

    def longest_own(self) -> float | None:
        """The longest gap less the time the main thread waited for a CPU in it (ms): what this
        process did itself; None where the kernel does not say."""
        if self._schedstat is None or len(self.times) < 2:
            return None
        return max(
            (b - a - (qb - qa)) * 1000
            for a, b, qa, qb in zip(
                self.times, self.times[1:], self.queued, self.queued[1:], strict=False
            )
        )

    def stop(self) -> tuple[float, float, int]:
        """(longest gap, p99 gap) in ms and the number of ticks."""
        self.timer.stop()
        self._stop.set()
        if self._gc in gc.callbacks:
            gc.callbacks.remove(self._gc)
        gaps = sorted((b - a) * 1000 for a, b in zip(self.times, self.times[1:], strict=False))
        if not gaps:
            return 0.0, 0.0, 0
        p99 = gaps[min(len(gaps) - 1, round(0.99 * (len(gaps) - 1)))]
        return gaps[-1], p99, len(gaps)

    def _watch(self) -> None:
        assert self.profile_after is not None
        while not self._stop.wait(0.002):
            if time.perf_counter() - self.times[-1] < self.profile_after:
                continue
            frames = sys._current_frames()
            for ident, frame in frames.items():
                if ident == threading.get_ident():
                    continue
                who = "main" if ident == self._main else "worker"
                stack = traceback.extract_stack(frame)[-5:]
                where = " <- ".join(
                    f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack)
                )
                self.stalls[f"{who}: {where}"] += 1


def _cpu_wait_s(fd: int | None) -> float:
    """The calling thread's time runnable but not running, in s (schedstat's second field)."""
    if fd is None:
        return 0.0
    return int(os.pread(fd, 100, 0).split()[1]) / 1e9


def run_until(done: Callable[[], bool], timeout_s: float) -> None:
    """Run the event loop until `done()` (checked every 10 ms) or the timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    check = QTimer()
    check.setInterval(10)
    check.timeout.connect(lambda: loop.quit() if done() or time.monotonic() > deadline else None)
    check.start()
    loop.exec()
    check.stop()
    if not done():
        raise TimeoutError(f"not done after {timeout_s:.0f} s")


def settle(seconds: float) -> None:
    end = time.monotonic() + seconds
    run_until(lambda: time.monotonic() >= end, seconds + 5)


def report(name: str, ticks: Ticks, elapsed: float) -> None:
    longest, p99, count = ticks.stop()
    verdict = "OK" if longest <= TARGET_MS else f"over the {TARGET_MS:.0f} ms target"
    print(
        f"{name}: {elapsed:.1f} s of work + {SETTLE_S} s after; {count:,} ticks; "
        f"longest gap {longest:.1f} ms, p99 gap {p99:.1f} ms ({verdict})"
    )
    own = ticks.longest_own()
    if own is not None:
        print(f"    longest gap less the main thread's wait for a CPU: {own:.1f} ms")
    for line in ticks.stalls_over(TARGET_MS):
        print(f"    gap at {line}")
    if ticks.profile_after is not None:
        print(
            "    timeline: " + "; ".join(f"{t - ticks.times[0]:.2f} s {w}" for t, w in ticks.events)
        )
    for where, samples in ticks.stalls.most_common(25):
        print(f"    {samples * 2:>5} ms stalled at {where}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=3000)
    parser.add_argument("--skus", type=int, default=1500)
    parser.add_argument("--lines", type=int, default=600_000)
    parser.add_argument("--labels", type=int, default=5000)
    parser.add_argument("--profile", action="store_true", help="sample the main thread in stalls")
    parser.add_argument("--import-only", action="store_true", help="phase (a) only")
    parser.add_argument(
        "--dashboard",
        action="store_true",
        help="the dashboard on screen during both phases (its live route board reloading)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SORTER_HOME"] = str(Path(tmp) / "home")  # no real settings, logs or secrets
        _bench(Path(tmp), args)


def _bench(tmp: Path, args: argparse.Namespace) -> None:
    from PySide6.QtCore import QDate

    from bench._common import simulator_process
    from printers.profiles import PrinterProfile
    from sorter_app.platform.client import PlatformClient
    from sorter_app.services.people.roster import Person
    from sorter_app.settings import load_settings
    from sorter_app.store.database import Store
    from sorter_app.ui.app import keep_main_thread_responsive, make_application
    from sorter_app.ui.context import UiContext
    from sorter_app.ui.events import AppEvents
    from sorter_app.ui.i18n import Translations
    from sorter_app.ui.main_window import MainWindow
    from sorter_app.ui.operations import Operations
    from sorter_app.ui.supervisor.waves import WavesScreen
    from tests.doubles import FakeSound, FakeSpeech

    app = make_application()
    printer = PrinterProfile(
        "bench", language="zpl", transport="folder", address=str(tmp / "printed")
    )
    store = Store.open(f"sqlite:///{tmp / 'hub.sqlite'}")
    with simulator_process(communities=args.communities, skus=args.skus, lines=args.lines) as url:
        PlatformClient(url, "bench").waves("HZ01", DELIVERY)  # the simulator generates its wave
        translations = Translations()
        translations.set_language("zh_CN")
        settings = replace(
            load_settings(), hub_id="HZ01", printers=(printer,), label_printer=printer.name
        )
        ctx = UiContext(
            store=store,
            settings=settings,
            events=AppEvents(),
            ops=Operations(),
            platform_url=url,
            platform_token="bench",
        )
        window = MainWindow(
            ctx,
            translations=translations,
            sound=FakeSound(),
            speech=FakeSpeech(),
            start_serial=False,
        )
        keep_main_thread_responsive()  # as run_ui does once the window is built
        window.resize(1600, 900)
        window.show()
        window.set_supervisor(Person("S01", "李班长", "supervisor"))
        settle(0.5)
        ticks = Ticks(profile_after_ms=30 if args.profile else None)

        # (0) the floor: the same window doing nothing; on a shared machine other processes
        # alone delay the timer (compare (a) and (b) with it)
        ticks.start()
        settle(IDLE_S)
        longest, p99, count = ticks.stop()
        own = ticks.longest_own()
        print(
            f"(0) idle {IDLE_S:.0f} s: {count:,} ticks; longest gap {longest:.1f} ms, "
            f"p99 {p99:.1f} ms" + ("" if own is None else f"; less CPU wait {own:.1f} ms")
        )

        # (a) the import, as the supervisor starts it on the Waves screen
        assert window.show_screen("waves")
        waves = window.page("waves")
        assert isinstance(waves, WavesScreen)
        waves.date_edit.setDate(QDate(DELIVERY.year, DELIVERY.month, DELIVERY.day))
        _note_what_happens(ticks, window, ctx)
        if args.dashboard:  # the supervisor watches the route board while the wave comes in
            assert window.show_screen("dashboard")
            _note_loads(ticks, window, "dashboard")
        settle(0.5)
        ticks.start()
        started = time.perf_counter()
        waves.import_button.click()
        run_until(lambda: not waves.importing and not ctx.ops.busy, 900)
        elapsed = time.perf_counter() - started
        settle(SETTLE_S)
        results = waves.results
        report(f"(a) import {_describe(results)}", ticks, elapsed)
        if args.profile:
            _heap_note()
        if args.import_only:
            window.shutdown()
            window.close()
            app.processEvents()
            store.close()
            return

        # (b) a batch of crate labels queued and sent, the print centre on screen
        wave_id = results[0].wave_id
        watched = "dashboard" if args.dashboard else "print_centre"
        assert window.show_screen(watched)
        _note_loads(ticks, window, watched)
        settle(0.5)
        done: list[object] = []

        def printed(result: str) -> None:
            done.append(result)
            ctx.events.print_queue_changed.emit()

        def failed(exc: BaseException) -> bool:
            done.append(exc)
            return True

        ticks.start()
        started = time.perf_counter()
        ctx.ops.run(
            lambda progress: _print_labels(store, printer, wave_id, args.labels, progress),
            on_success=printed,
            on_failure=failed,
        )
        run_until(lambda: bool(done) and not ctx.ops.busy, 900)
        elapsed = time.perf_counter() - started
        settle(SETTLE_S)
        if isinstance(done[0], BaseException):
            raise done[0]
        report(f"(b) print {done[0]}", ticks, elapsed)
        if args.profile:
            _heap_note()
        window.shutdown()
        window.close()
        app.processEvents()
    store.close()


def _note_what_happens(ticks: Ticks, window: Any, ctx: Any) -> None:
    """Mark the import's stages (as the screen hears of them), the app's events and the screens'
    loads. The import runs in a child process, so its stages are noted from the progress the
    screen receives, in this process."""
    waves = window.page("waves")
    shown = waves._progress
    seen: set[str] = set()

    def progress(done: int, total: int | None, text: str) -> None:
        if text not in seen:
            seen.add(text)
            ticks.note(f"import stage {text.partition('|')[2]}")
        shown(done, total, text)

    waves._progress = progress  # the screen hands its `_progress` to ctx.ops at each import
    done = waves._platform_done

    def returned(report: Any) -> None:
        ticks.note("import returned")
        done(report)

    waves._platform_done = returned
    ctx.events.wave_imported.connect(lambda w: ticks.note("wave_imported"))
    ctx.events.wave_selected.connect(lambda w: ticks.note("wave_selected"))
    ctx.events.print_queue_changed.connect(lambda: ticks.note("print_queue_changed"))
    _note_loads(ticks, window, "waves")


def _note_loads(ticks: Ticks, window: Any, key: str) -> None:
    """Mark each load a screen applies on the main thread."""
    refreshed = getattr(window.page(key), "refreshed", None)
    if refreshed is not None:
        refreshed.connect(lambda kind: ticks.note(f"{key} loaded {kind}"))


def _heap_note() -> None:
    objects = gc.get_objects()
    kinds = Counter(type(o).__name__ for o in objects).most_common(6)
    started = time.perf_counter()
    gc.collect()
    print(
        f"    heap: {len(objects):,} tracked objects outside the frozen start-up ({kinds}); "
        f"a full collection takes {(time.perf_counter() - started) * 1000:.0f} ms"
    )


def _describe(results: list) -> str:  # type: ignore[type-arg]
    return ", ".join(f"{r.wave_id} {r.outcome} {r.lines:,} lines" for r in results)


def _print_labels(
    store: Store,
    printer: PrinterProfile,
    wave_id: str,
    count: int,
    progress: Callable[[int, int | None, str], None],
) -> str:
    """Queue the labels of the wave's communities, in route order, until `count` are queued, and
    send them to the printer: what printing a batch of communities does."""
    from sorter_app.services.printing.print_queue import queue_wave_labels
    from sorter_app.services.printing.sender import PrintSender
    from sorter_app.services.views.crates_view import community_crates

    started = time.perf_counter()
    job_ids: list[int] = []
    for community in community_crates(store, wave_id):
        job_ids += queue_wave_labels(store, printer, wave_id, community.community_id).job_ids
        progress(len(job_ids), count, "queued")
        if len(job_ids) >= count:
            break
    queued = time.perf_counter() - started
    sender = PrintSender.for_profiles(store, [printer])
    try:
        result = sender.run([printer.name], timeout=600)
    finally:
        sender.close()
    sent = time.perf_counter() - started - queued
    return (
        f"{len(job_ids):,} labels: queued in {queued:.1f} s, {result.sent:,} sent in {sent:.1f} s"
    )


if __name__ == "__main__":
    main()
