"""Importing in a child process, so that the desktop app's window never waits for it.

A 600,000-line wave is ~10^6 Python objects: building, writing and freeing them on a thread of the
UI's process holds the interpreter lock in long stretches (up to 80+ ms), and the window freezes.
Here the import and the crate planning run in a process started with `spawn` (the frozen app
supports it: `multiprocessing.freeze_support()` in `sorter_app/__main__.py`). The child opens its
own store from the database URL (SQLite in WAL mode and PostgreSQL both serve several processes)
and sends back only progress, log lines and the small result.

    report = import_waves_in_child(store, link, delivery_date, progress=..., cancel=...)

The caller's thread waits, mostly blocked in `select`/`WaitForMultipleObjects`. What the child
needs is passed explicitly: the platform token is resolved here, as the in-process import would,
and travels through the pipe to the child, never on its command line. A UserFacingError in the
child comes back as the same error (class, code, zh/en messages); a child that dies without a word
gives ImportProcessDied. The CLI imports in-process (`platform_link.import_waves`).
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from dataclasses import dataclass, replace
from datetime import date
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sorter_app.domain.errors import UserFacingError
from sorter_app.gc_pause import gc_paused
from sorter_app.services.waves.platform_link import (
    ClientFactory,
    NoPlatformUrl,
    PlatformLink,
    import_waves,
    open_client,
)
from sorter_app.services.waves.wave_import import (
    DateImportReport,
    ProgressCallback,
    WaveImportResult,
    import_order_file,
)
from sorter_app.store.database import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
_POLL_S = 0.1  # how often the waiting thread looks at the cancel flag
_EXIT_WAIT_S = 10.0  # a child that sent its result but does not exit is killed after this
_CANCEL = b"cancel"


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


class ImportProcessDied(UserFacingError):
    code = "import_process_died"

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        super().__init__(
            f"导入进程意外退出（退出码 {exitcode}），导入没有完成：请重新导入。"
            "未写完的波次不会留在数据库中，已写入的波次重新导入时会补全。",
            f"The import process ended unexpectedly (exit code {exitcode}); the import did not "
            "finish: import again. A wave not fully written is not kept; a written one is "
            "completed by the next import.",
        )


class ImportProcessFailed(RuntimeError):
    """A bug in the child (not a UserFacingError): its traceback is logged here."""


class ChildJob(Protocol[T_co]):
    """Work for the child: picklable, with everything it needs in its fields."""

    def run(self, store: Store, progress: ProgressCallback, cancel: CancelFlag) -> T_co: ...


@dataclass(frozen=True)
class PlatformImport:
    """Import every closed wave of a date from the platform (platform_link.import_waves)."""

    link: PlatformLink
    delivery_date: date
    open_source: ClientFactory = open_client

    def run(self, store: Store, progress: ProgressCallback, cancel: CancelFlag) -> DateImportReport:
        return import_waves(
            store,
            self.link,
            self.delivery_date,
            progress=progress,
            cancel=cancel,  # type: ignore[arg-type]  # duck-typed: is_set() suffices
            open_source=self.open_source,
        )


@dataclass(frozen=True)
class FileImport:
    """Import a platform's Excel/CSV export (wave_import.import_order_file)."""

    path: Path
    hub_id: str
    delivery_date: date
    units_per_crate: int = 20
    tz_name: str = "Asia/Shanghai"
    mapping_path: Path | None = None

    def run(self, store: Store, progress: ProgressCallback, cancel: CancelFlag) -> WaveImportResult:
        return import_order_file(
            store,
            self.path,
            hub_id=self.hub_id,
            delivery_date=self.delivery_date,
            mapping_path=self.mapping_path,
            units_per_crate=self.units_per_crate,
            tz_name=self.tz_name,
        )


def database_url_for_child(store: Store) -> str | None:
    """The URL another process opens the same database with (its password included, as this
    process resolved it); None for an in-memory SQLite database, which no other process sees."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite":
        memory = url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"
        if memory:
            return None
    return url.render_as_string(hide_password=False)


def can_run_in_child(store: Store, open_source: ClientFactory = open_client) -> bool:
    """Whether an import over this store and client factory can go to a child process: the
    database must be reachable from another process and the factory picklable (a test's lambda
    is not: such imports stay on the caller's thread)."""
    if database_url_for_child(store) is None:
        return False
    try:
        pickle.dumps(open_source)
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


def import_waves_in_child(
    store: Store,
    link: PlatformLink,
    delivery_date: date,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
    open_source: ClientFactory = open_client,
) -> DateImportReport:
    """platform_link.import_waves, run in a child process; the same result and errors."""
    if not link.url:
        raise NoPlatformUrl()
    # Resolved here as the in-process import would (SecretMissing the same way), then handed over.
    job = PlatformImport(replace(link, token=link.resolved_token()), delivery_date, open_source)
    return run_in_child(store, job, progress=progress, cancel=cancel)


def import_order_file_in_child(store: Store, job: FileImport) -> WaveImportResult:
    """wave_import.import_order_file, run in a child process."""
    return run_in_child(store, job)


def run_in_child(
    store: Store,
    job: ChildJob[T],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> T:
    """Run `job` in a spawned child over the same database and wait for its result (on the
    caller's thread; never call this on the UI's main thread)."""
    url = database_url_for_child(store)
    if url is None:
        raise ValueError("an in-memory database cannot be shared with a child process")
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=True)
    child = context.Process(
        target=_child_main,
        args=(theirs, url, job),
        name="sorter-import",
        daemon=True,  # closing the app ends the import: its transaction rolls back
    )
    try:
        child.start()
        theirs.close()  # else our copy keeps the pipe open and a dead child is never noticed
        result: T = _wait_for_result(ours, child, progress, cancel)
        return result
    finally:
        ours.close()
        _reap(child)


def _wait_for_result(
    conn: Connection,
    child: multiprocessing.process.BaseProcess,
    progress: ProgressCallback | None,
    cancel: CancelFlag | None,
) -> Any:
    cancel_sent = False
    while True:
        if cancel is not None and not cancel_sent and cancel.is_set():
            try:
                conn.send_bytes(_CANCEL)
                cancel_sent = True
            except OSError:
                pass  # the child is gone: the next wait says so
        ready = wait([conn, child.sentinel], timeout=_POLL_S)
        if not ready:
            continue
        if conn not in ready and not conn.poll():
            raise ImportProcessDied(_exitcode(child))
        try:
            kind, payload = _loads(conn.recv_bytes())
        except (EOFError, OSError):
            raise ImportProcessDied(_exitcode(child)) from None
        if kind == "progress":
            if progress is not None:
                progress(payload)
        elif kind == "log":
            name, level, text = payload
            logging.getLogger(name).log(level, "%s", text)
        elif kind == "done":
            return payload
        elif kind == "failed":
            raise payload
        else:  # "crashed": a bug in the child
            log.error("import process failed:\n%s", payload)
            raise ImportProcessFailed(payload.strip().splitlines()[-1])


def _exitcode(child: multiprocessing.process.BaseProcess) -> int | None:
    child.join(_EXIT_WAIT_S)
    return child.exitcode


def _reap(child: multiprocessing.process.BaseProcess) -> None:
    if child.pid is None:
        return  # never started
    child.join(_EXIT_WAIT_S)
    if child.is_alive():
        log.warning("import process %s did not exit; killing it", child.pid)
        child.kill()
        child.join(_EXIT_WAIT_S)
    child.close()


# --- in the child --------------------------------------------------------------------------------


def _child_main(conn: Connection, database_url: str, job: ChildJob[Any]) -> None:
    """The child's whole life: open the store, run the job, send the outcome, exit."""
    _yield_the_cpu()
    sender = _Sender(conn)
    root = logging.getLogger()
    root.addHandler(_PipeLogHandler(sender))
    root.setLevel(logging.INFO)
    cancel = _CancelRequests(conn)
    try:
        store = Store.open(database_url, migrate=False)  # the app migrated it before
        try:
            # The GC paused once around the whole import (see the waves screen's reason); the
            # child exits right after, so nothing waits for what it frees.
            with gc_paused():
                result = job.run(store, lambda p: sender.send("progress", p), cancel)
        finally:
            store.close()
        sender.send("done", result)
    except UserFacingError as exc:
        sender.send("failed", exc)
    except BaseException as exc:  # a bug: its traceback goes to the parent's log
        sender.send("crashed", "".join(traceback.format_exception(exc)))
    finally:
        conn.close()
    # No interpreter teardown (a second or more after a big wave, on a core the window needs):
    # the store is closed, the outcome sent, the log lines with it; nothing is left to flush.
    os._exit(0)


def _yield_the_cpu() -> None:
    """Below normal priority: on a 2-core hub PC the window and the stations' scans come first;
    the import only waits when they are busy."""
    try:
        if sys.platform == "win32":
            import ctypes

            below_normal = 0x4000  # BELOW_NORMAL_PRIORITY_CLASS
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
        else:
            os.nice(5)
    except (OSError, AttributeError):
        pass  # not allowed here: the import runs at normal priority


class _Sender:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.lock = threading.Lock()  # log lines may come from other threads

    def send(self, kind: str, payload: object) -> None:
        try:
            data = _dumps((kind, payload))
        except Exception as exc:  # an unpicklable result: a bug, said as such
            data = _dumps(("crashed", "".join(traceback.format_exception(exc))))
        with self.lock:
            self.conn.send_bytes(data)


class _PipeLogHandler(logging.Handler):
    """The child's log lines go to the parent, which writes them to the app's one log file."""

    def __init__(self, sender: _Sender) -> None:
        super().__init__(logging.INFO)
        self.sender = sender

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.sender.send("log", (record.name, record.levelno, self.format(record)))
        except Exception:
            self.handleError(record)


class _CancelRequests:
    """The parent's Cancel, read between pages (the importer asks `is_set()`)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.requested = False

    def is_set(self) -> bool:
        if not self.requested and self.conn.poll():
            self.requested = self.conn.recv_bytes() == _CANCEL
        return self.requested


# --- errors across the pipe ----------------------------------------------------------------------


class _Pickler(pickle.Pickler):
    """Pickles UserFacingErrors by class and state: the default (class called with `args`)
    fails for every error whose __init__ takes other arguments than its English message."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, UserFacingError):
            return _rebuild_error, (type(obj), obj.args, dict(obj.__dict__))
        return NotImplemented


def _rebuild_error(
    cls: type[UserFacingError], args: tuple[Any, ...], state: dict[str, Any]
) -> UserFacingError:
    exc = cls.__new__(cls, *args)
    exc.__dict__.update(state)
    return exc


def _dumps(obj: object) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


def _loads(data: bytes) -> Any:
    return pickle.loads(data)  # only ever bytes from our own child
