"""`sorter-app --self-test`: does this installation work, without a display and without touching
the hub's data? Each step is a small function over one shared `Run` (a temp folder, the store,
the simulator); it returns what it saw or raises, and prints one line: `ok` or `FAILED: why`.
The exit status is non-zero when any step failed, so IT (and the Windows workflow) can script it.

`sorter-app --self-test-window` opens the real desktop app and exits 0 once the station's login
screen has been painted: the packaged window really comes up (a frozen build's missing Qt plugin
shows here and nowhere else).
"""

from __future__ import annotations

import io
import logging
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from sorter_app.domain.errors import UserFacingError
from sorter_app.logging_setup import FILE_ONLY

log = logging.getLogger(__name__)

HUB = "HZ01"
STATION = "ST-SELFTEST"
TOKEN = "self-test-token"
SOUND_LEVELS = ("prompt", "confirm", "warning", "intercept")
ZPL_NEEDS = (b"^XA", b"^PW", b"^GFA", b"^BC", b"^BQ", b"^FD", b"^XZ")  # Chinese bitmap, codes
TSPL_NEEDS = ("SIZE", "CLS", "BITMAP", "BARCODE", "QRCODE", "PRINT")
# Qt modules the app loads, some only when a screen or device needs them (speech, charts).
QT_MODULES = tuple(
    f"PySide6.Qt{m}" for m in ("Widgets", "Charts", "Multimedia", "TextToSpeech", "PrintSupport")
)
WINDOW_TIMEOUT_S = 60
LOGIN_SHOWN = "login-screen-shown"  # the line --self-test-window prints (bench/frozen.py reads it)


class StepFailed(Exception):
    """A step's own verdict, in words for the person reading the list."""


@dataclass
class Run:
    """What the steps share; each step leaves what later ones need."""

    folder: Path
    store: Any = None  # sorter_app.store.database.Store
    server: Any = None  # SimulatorServer
    simulator: Any = None  # Simulator
    wave_id: str = ""


# --- the steps ------------------------------------------------------------------------------


def check_database(run: Run) -> str:
    from sorter_app.doctor import schema_revisions
    from sorter_app.store.database import Store

    path = run.folder / "self-test.sqlite"
    run.store = Store.open(f"sqlite:///{path}")  # creates and migrates to head
    current, head = schema_revisions(run.store.engine)
    if current != head:
        raise StepFailed(f"migrated to {current}, but the app's head is {head}")
    return f"created and migrated to {head}"


def check_translations(run: Run) -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from sorter_app.ui.i18n import CATALOGUE
    from sorter_app.ui.resources import resource

    ours = QTranslator()
    folder = resource("i18n")
    if not ours.load(f"{CATALOGUE}_en", folder.as_posix()):
        raise StepFailed(f"{CATALOGUE}_en.qm not found or unreadable in {folder}")
    english = ours.translate("MainWindow", "集单分拣台")
    if english != "Hub Sorter":
        raise StepFailed(f"the English catalogue translates 集单分拣台 as {english!r}")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load("qtbase_zh_CN", qt_dir):
        raise StepFailed(f"Qt's own Chinese catalogue qtbase_zh_CN.qm is missing from {qt_dir}")
    return "English catalogue and Qt's Chinese catalogue load"


def check_sounds(run: Run) -> str:
    from sorter_app.ui.resources import resource

    for level in SOUND_LEVELS:
        path = resource("sounds", f"{level}.wav")
        try:
            with wave.open(str(path), "rb") as f:
                if f.getnframes() == 0:
                    raise StepFailed(f"{path} has no sound in it")
        except (OSError, wave.Error) as exc:
            raise StepFailed(f"{path}: {exc}") from exc
    try:
        from PySide6.QtMultimedia import QSoundEffect  # noqa: F401  (the player the station uses)
    except ImportError as exc:
        raise StepFailed(
            f"QtMultimedia does not load ({exc}): the station would be silent (on Linux it also "
            "needs libpulse0)"
        ) from exc
    return f"{len(SOUND_LEVELS)} WAV files read, QtMultimedia loads"


def check_screens(run: Run) -> str:
    """Every module of the desktop app imports: a screen the login does not show (the dashboard's
    charts, the print centre) would otherwise find a module missing from a bundle only when a
    supervisor opens it."""
    import importlib
    import pkgutil

    import sorter_app.ui

    names = [m.name for m in pkgutil.walk_packages(sorter_app.ui.__path__, "sorter_app.ui.")]
    if len(names) < 10:  # a bundle whose importer lists nothing would pass by importing nothing
        raise StepFailed(f"only {len(names)} modules of the desktop app found")
    for name in (*QT_MODULES, *names):
        importlib.import_module(name)
    return f"{len(names)} modules of the desktop app and {len(QT_MODULES)} Qt modules import"


def check_calendar(run: Run) -> str:
    """China's holidays for the forecast: the `holidays` package finds its country module by name
    at run time, which a bundle misses unless it was told."""
    from sorter_app.domain.forecast.calendar import DayKind, china_calendar

    year = date.today().year
    calendar = china_calendar([year])
    national_day = calendar.info(date(year, 10, 1))
    if national_day.kind is not DayKind.HOLIDAY:
        raise StepFailed(f"{year}-10-01 is not a holiday in the calendar ({national_day.kind})")
    return f"{year}: {len(calendar.public_holidays)} public holidays, 10-01 {national_day.holiday_name}"


def check_fonts(run: Run) -> str:
    from PIL import Image, ImageDraw, ImageFont

    from printers.fonts import FontMissing, find_cjk_font

    try:
        font = find_cjk_font()
    except FontMissing as exc:
        raise StepFailed(exc.message_zh + " / " + exc.message_en) from exc
    face = ImageFont.truetype(str(font.path), 32, index=font.subfont_index)
    image = Image.new("1", (40, 40), 1)
    ImageDraw.Draw(image).text((2, 2), "集", font=face, fill=0)
    inverted = Image.eval(image.convert("L"), lambda p: 255 - p)
    if inverted.getbbox() is None:
        raise StepFailed(f"{font.path} draws nothing for 集 (not a CJK font?)")
    return f"CJK font {font.path}"


def check_labels(run: Run) -> str:
    from printers.model import media
    from printers.render import render_labels

    label = _sample_label()
    size = media("100x100", 203)
    zpl = render_labels([label], size, "zpl")[0]
    missing = [n.decode() for n in ZPL_NEEDS if n not in zpl]
    if missing or not zpl.rstrip().endswith(b"^XZ"):
        raise StepFailed(f"ZPL without {', '.join(missing) or 'its ^XZ at the end'}")
    tspl = render_labels([label], size, "tspl")[0].decode("latin-1")
    commands = {line.split(" ", 1)[0] for line in tspl.split("\r\n") if line}
    missing = [n for n in TSPL_NEEDS if n not in commands]
    if missing or not tspl.rstrip().endswith("PRINT 1,1"):
        raise StepFailed(f"TSPL without {', '.join(missing) or 'PRINT at the end'}")
    pdf = render_labels([label], size, "pdf")[0]
    if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-64:]:
        raise StepFailed("the PDF label is not a complete PDF")
    from printers.documents.page_preview import page_picture

    preview = page_picture(pdf, 0, width_px=300)  # the print centre's preview: PDFium bundled
    if not preview.png.startswith(b"\x89PNG") or preview.width != 300:
        raise StepFailed("the PDF label could not be drawn for a preview")
    png = render_labels([label], size, "png")[0]
    from PIL import Image

    with Image.open(io.BytesIO(png)) as picture:  # a whole picture at the label's size
        picture.load()
        if picture.size != (size.width_dots, size.height_dots):
            raise StepFailed(f"the PNG label is {picture.size}, not the label's size")
    read = _decoded_codes(png)
    if read is not None and label.scan_code not in read:
        raise StepFailed(f"the PNG label's barcode reads {sorted(read)}, not {label.scan_code}")
    decoded = "PNG decoded by zxing-cpp" if read is not None else "PNG (zxing-cpp not installed)"
    return f"ZPL {len(zpl)} B, TSPL {len(tspl)} B, PDF {len(pdf)} B (previewed), {decoded}"


def start_simulator(run: Run) -> str:
    from sorter_app.platform.simulator import Simulator, SimulatorServer

    run.simulator = Simulator(seed=13, hub_id=HUB, communities=3, skus=4, lines=12)
    run.server = SimulatorServer(run.simulator, host="127.0.0.1", port=0, token=TOKEN)
    run.server.start()
    return f"listening on {run.server.url}"


def import_wave(run: Run) -> str:
    """As the desktop app imports: in a child process (which, frozen, is this executable again
    and needs `multiprocessing.freeze_support()` in sorter_app/__main__.py)."""
    from sorter_app.services.waves.import_process import import_waves_in_child
    from sorter_app.services.waves.platform_link import PlatformLink

    _need(run.store, "the database")
    _need(run.server, "the simulator")
    delivery = date.today() + timedelta(days=1)
    link = PlatformLink(run.server.url, HUB, TOKEN)
    report = import_waves_in_child(run.store, link, delivery)
    if not report.results:
        raise StepFailed(f"the simulator offered no wave for {delivery}")
    run.wave_id = report.results[0].wave_id
    return f"wave {run.wave_id} imported in a child process"


def receive_and_sort(run: Run) -> str:
    from sorter_app.domain.decisions import Result
    from sorter_app.services.sorting.scanning import ScanStation

    _need(run.wave_id, "an imported wave")
    code, qty = _first_ordered_barcode(run)
    station = ScanStation(run.store, wave_id=run.wave_id, station_id=STATION)
    received = station.scan(f"{code}*{qty}", mode="receive", worker="SELFTEST")
    if received.result is not Result.RECEIVED:
        raise StepFailed(f"receiving {code}*{qty} answered {received.result.value}")
    sorted_units = 0
    for _ in range(qty + 1):
        target = station.scan(code, mode="seed", worker="SELFTEST")
        if target.result is Result.OVER_SCAN:
            break
        if target.result is not Result.PUT_TARGET or not target.crate_code:
            raise StepFailed(f"scanning {code} to sort answered {target.result.value}")
        put = station.scan(target.crate_code, mode="seed", worker="SELFTEST")
        if put.result is not Result.PUT_DONE:
            raise StepFailed(f"scanning crate {target.crate_code} answered {put.result.value}")
        sorted_units += put.qty or 0
    if sorted_units != qty:
        raise StepFailed(f"{qty} units received but {sorted_units} sorted")
    return f"{qty} units of {code} received and sorted into their crates"


def stop_simulator(run: Run) -> str:
    _need(run.server, "the simulator")
    run.server.stop()
    run.server = None
    return "stopped"


STEPS: tuple[tuple[str, Callable[[Run], str]], ...] = (
    ("database 数据库", check_database),
    ("translations 翻译", check_translations),
    ("sounds 声音", check_sounds),
    ("fonts 字体", check_fonts),
    ("screens 界面", check_screens),
    ("holiday calendar 节假日", check_calendar),
    ("labels 标签", check_labels),
    ("simulator start 模拟器启动", start_simulator),
    ("wave import 波次导入", import_wave),
    ("receive and sort 收货分拣", receive_and_sort),
    ("simulator stop 模拟器停止", stop_simulator),
)


# --- running them ---------------------------------------------------------------------------


def run_self_test(out: TextIO | None = None) -> int:
    """Every step in order, one line each; 0 when all passed, 1 otherwise."""
    from sorter_app.version import app_version

    out = out if out is not None else (sys.stdout or io.StringIO())  # windowed: the log only
    failed = 0
    _say(out, f"Hub Sorter {app_version()} self-test 自检")
    with tempfile.TemporaryDirectory(prefix="hub-sorter-self-test-") as folder:
        run = Run(Path(folder))
        try:
            for name, step in STEPS:
                started = time.perf_counter()
                try:
                    detail = step(run)
                except Exception as exc:  # a step's failure is its line; the next steps still run
                    failed += 1
                    log.warning("self-test step %s failed", name, exc_info=True, extra=FILE_ONLY)
                    _say(out, f"{name}: FAILED: {_reason(exc)}")
                    continue
                took = time.perf_counter() - started
                _say(out, f"{name}: ok ({detail}; {took:.2f} s)")
        finally:
            if run.server is not None:
                run.server.stop()
            if run.store is not None:
                run.store.close()
    _say(out, "self-test passed 自检通过" if not failed else f"self-test: {failed} step(s) FAILED")
    return 0 if not failed else 1


def _say(out: TextIO, line: str) -> None:
    log.info("self-test: %s", line)
    print(line, file=out, flush=True)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UserFacingError):
        return f"{exc.message_zh} / {exc.message_en}"
    if isinstance(exc, StepFailed):
        return str(exc)
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:300]


def _need(value: object, what: str) -> None:
    if not value:
        raise StepFailed(f"skipped: needs {what}, which an earlier step did not give")


def _sample_label() -> Any:
    from printers.model import CrateLabel, Zone
    from sorter_app.domain.crate_codes import crate_id, make_crate_scan_code, qr_payload

    wave_id, community = "W20261127-HZ01", "C0017"
    long_id = crate_id(wave_id, community, 1)
    return CrateLabel(
        crate_id=long_id,
        scan_code=make_crate_scan_code(1017),
        qr_payload=qr_payload(long_id, wave_id, community, 1, 2, 14),
        wave_id=wave_id,
        delivery_date=date(2026, 11, 27),
        community_id=community,
        community_name="幸福里小区东门",
        leader_name="张三",
        leader_phone_masked="138****5678",
        pickup_address="杭州市西湖区文三路 100 号",
        route_id="R03",
        route_name="西湖3号线",
        stop_seq=7,
        crate_seq=1,
        crate_count=2,
        extra=False,
        zone=Zone.CHILLED,
        units=14,
        lines=3,
        label_version=1,
    )


def _decoded_codes(png: bytes) -> set[str] | None:
    """The texts zxing-cpp reads in the PNG, or None when zxing-cpp is not installed (it is a
    test-only dependency; a frozen build does not ship it)."""
    try:
        import zxingcpp
    except ImportError:
        return None
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return {r.text for r in zxingcpp.read_barcodes(image.convert("L"))}


def _first_ordered_barcode(run: Run) -> tuple[str, int]:
    """A SKU with a barcode that closed orders ask for, and how many units they ask for."""
    exported = run.simulator.export_wave(run.wave_id)
    ordered: dict[str, int] = {}
    for order in exported["orders"]:
        if order["status"] == "closed":
            for line in order["lines"]:
                ordered[line["sku_id"]] = ordered.get(line["sku_id"], 0) + line["qty"]
    for sku in exported["skus"]:
        if sku["status"] == "active" and sku["barcodes"] and not sku["weighed"]:
            qty = ordered.get(sku["sku_id"], 0)
            if qty:
                return str(sku["barcodes"][0]), min(qty, 3)
    raise StepFailed("the simulated wave has no barcoded SKU with orders")


# --- the window ---------------------------------------------------------------------------


def run_window_check() -> int:
    """Open the desktop app; exit 0 once the login screen is painted, 1 if it is not within
    WINDOW_TIMEOUT_S or the first-run set-up wizard opens instead (no settings or supervisor)."""
    from sorter_app.app_entry import require_display

    require_display("app")
    from PySide6.QtCore import QTimer

    from sorter_app.ui.app import make_application, run_ui

    app = make_application()
    watcher = _login_watcher(app)
    app.installEventFilter(watcher)
    QTimer.singleShot(WINDOW_TIMEOUT_S * 1000, lambda: app.exit(1))
    code = run_ui(windowed=True)
    if not getattr(watcher, "seen", False):
        log.error("self-test-window: the login screen was not shown (exit %s)", code)
        return 1
    return int(code)


def _login_watcher(app: Any) -> Any:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class LoginWatcher(QObject):
        seen = False
        wizard = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() != QEvent.Type.Paint or self.seen or self.wizard:
                return False
            if _is_setup_wizard(obj):  # first run: no login screen will come
                self.wizard = True
                log.error("self-test-window: the set-up wizard opened (no settings or supervisor)")
                QTimer.singleShot(0, lambda: app.exit(1))
            elif _is_login_screen(obj):
                self.seen = True
                line = f"{LOGIN_SHOWN} {time.time():.3f}"
                log.info("self-test-window: %s", line)
                if sys.stdout is not None:
                    print(line, flush=True)
                QTimer.singleShot(0, lambda: app.exit(0))
            return False

    return LoginWatcher(app)


def _is_setup_wizard(obj: object) -> bool:
    from PySide6.QtWidgets import QWidget

    from sorter_app.ui.setup_wizard import SetupWizard

    return isinstance(obj, QWidget) and isinstance(obj.window(), SetupWizard)


def _is_login_screen(obj: object) -> bool:
    from PySide6.QtWidgets import QWidget

    from sorter_app.ui.main_window import MainWindow
    from sorter_app.ui.station.presentation import login_view

    if not isinstance(obj, QWidget):
        return False
    window = obj.window()
    if not isinstance(window, MainWindow) or not window.isVisible():
        return False
    station = window.station
    return bool(station.isVisible() and station.view == login_view())
