"""What a supervisor does with a parked outbox entry (one the platform refused for good): send it
again, or give it up. Each needs an unlocked supervisor and writes one audit record in the same
transaction (domain/audit.py)."""

from __future__ import annotations

import logging
from typing import Any

from sorter_app.domain.audit import Action
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.people.supervisor_actions import require_supervisor
from sorter_app.store import outbox_repo
from sorter_app.store.audit_repo import record_audit
from sorter_app.store.database import Store

log = logging.getLogger(__name__)


class NotParked(UserFacingError):
    code = "outbox_not_parked"

    def __init__(self, entry_id: int) -> None:
        super().__init__(
            f"上报 #{entry_id} 已不在搁置中（可能已被处理）",
            f"Report #{entry_id} is no longer parked (someone may have handled it)",
        )


def retry_parked_as(
    store: Store, supervisor: Any, entry_id: int, *, clock: Clock = utc_now
) -> None:
    """Queue a parked entry again, with its Idempotency-Key: the platform counts it once."""
    _act(store, supervisor, entry_id, Action.OUTBOX_RETRY, "", clock)


def dismiss_parked_as(
    store: Store, supervisor: Any, entry_id: int, reason: str, *, clock: Clock = utc_now
) -> None:
    """Give up a parked entry (it is kept, marked dismissed, never sent); the reason is audited."""
    if not reason.strip():
        raise UserFacingError(
            "放弃上报需要填写原因", "Dismissing a report needs a reason", code="reason_required"
        )
    _act(store, supervisor, entry_id, Action.OUTBOX_DISMISS, reason.strip(), clock)


def resume_after_new_token(store: Store) -> int:
    """A new token was entered: the entries the refused token held back are due at once."""
    with store.write() as session:
        return outbox_repo.release_paused(session)


def _act(
    store: Store, supervisor: Any, entry_id: int, action: Action, reason: str, clock: Clock
) -> None:
    code = require_supervisor(supervisor)
    now = clock()
    with store.write() as session:
        about = outbox_repo.entry_wave_and_topic(session, entry_id)
        change = outbox_repo.requeue if action == Action.OUTBOX_RETRY else outbox_repo.dismiss
        if about is None or not change(session, entry_id):
            raise NotParked(entry_id)
        # Last in the unit of work: the audit log's lock is held until commit.
        record_audit(
            session,
            action=action,
            supervisor=code,
            reason=reason,
            at=now,
            wave_id=about[0],
            entry_id=entry_id,
        )
    log.info("outbox entry %d (%s, wave %s): %s by %s", entry_id, about[1], about[0], action, code)
