"""What crosses the pipe from the import's child process: errors a user reads keep their class,
code and both messages (plain pickle cannot rebuild them: their __init__ takes other arguments)."""

from __future__ import annotations

import pickle

import pytest

from sorter_app.domain.errors import InvalidRecord, UserFacingError
from sorter_app.platform.errors import PlatformAuthError, PlatformUnavailable
from sorter_app.secrets import SecretMissing
from sorter_app.services.waves.import_process import (
    ImportProcessDied,
    _dumps,
    _loads,
    can_run_in_child,
    database_url_for_child,
)
from sorter_app.services.waves.platform_link import NoPlatformUrl, open_client
from sorter_app.services.waves.wave_import import ImportCancelled, WaveImportResult
from sorter_app.store.database import Store

ERRORS = [
    PlatformAuthError("/hubs/HZ01/waves"),
    PlatformUnavailable("/waves/W1/orders", 2, "truncated body"),
    InvalidRecord("order", "O-1", "qty", "not a number: 两"),
    NoPlatformUrl(),
    ImportCancelled(),
    SecretMissing("没有平台令牌", "No platform token"),
    UserFacingError("波次仍在接单", "Wave still open", code="wave_not_closed"),
    ImportProcessDied(-9),
]


def test_plain_pickle_cannot_rebuild_most_of_them() -> None:
    with pytest.raises(TypeError):
        pickle.loads(pickle.dumps(PlatformUnavailable("/waves/W1/orders", 2, "truncated body")))


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_come_back_as_themselves(error: UserFacingError) -> None:
    back = _loads(_dumps(("failed", error)))[1]
    assert type(back) is type(error)
    assert (back.code, back.message_zh, back.message_en, str(back)) == (
        error.code,
        error.message_zh,
        error.message_en,
        str(error),
    )
    assert vars(back) == vars(error)


def test_a_failed_wave_result_keeps_its_error() -> None:
    result = WaveImportResult("W1", "failed", error=PlatformUnavailable("/w", 2, "drop"))
    back = _loads(_dumps(result))
    assert isinstance(back.error, PlatformUnavailable)
    assert back.error.message_zh == result.error.message_zh  # type: ignore[union-attr]


def test_only_a_database_another_process_can_open_goes_to_a_child(sqlite_url: str) -> None:
    memory = Store.open("sqlite://")
    on_disk = Store.open(sqlite_url)
    try:
        assert database_url_for_child(memory) is None
        assert database_url_for_child(on_disk) == sqlite_url
        assert can_run_in_child(on_disk)
        assert not can_run_in_child(memory)
        assert not can_run_in_child(on_disk, lambda link: open_client(link))  # no pickling
    finally:
        memory.close()
        on_disk.close()
