"""The platform client: typed calls over the HTTP contract in shared/platform-api.md.

    client = PlatformClient("https://platform.example/api/v1", token)
    for summary in client.waves("HZ01", date(2026, 11, 27)): ...
    snapshot = client.fetch_wave("W20261127-HZ01", progress=print)

Lists are iterators over all pages. Errors are one hierarchy (sorter_app.platform.errors) plus
InvalidRecord for data that breaks the contract. One client per thread: it holds one HTTP session.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import quote

from sorter_app.domain.claims import Claim
from sorter_app.domain.errors import InvalidRecord
from sorter_app.domain.validation import check_wave
from sorter_app.domain.wave import Community, Order, Sku, WaveSnapshot, WaveStatus, WaveSummary
from sorter_app.gc_pause import gc_paused
from sorter_app.platform.errors import WaveNotClosed
from sorter_app.platform.http import Transport
from sorter_app.platform.records import (
    parse_claim,
    parse_community,
    parse_order,
    parse_sku,
    parse_wave_summary,
)

T = TypeVar("T")

MAX_PAGE_LIMIT: Final = 1000
HUB_STAGES: Final = frozenset({"imported", "receiving", "sorting", "sorted", "dispatched"})

Progress = Callable[[str, int, int | None], None]
"""Called after each page with (stage, items so far, expected total or None)."""


class PostResult(dict[str, Any]):
    """The platform's answer body to a report or dispatch.

    `replayed` is True when the platform already had this idempotency key (200), False when the
    post created something (201): both mean the platform has it.
    """

    __slots__ = ("replayed",)

    def __init__(self, body: dict[str, Any], *, replayed: bool) -> None:
        super().__init__(body)
        self.replayed = replayed


def _segment(value: str) -> str:
    """An id as one URL path segment (ids are the platform's, so never trusted to be URL-safe)."""
    return quote(value, safe="")


class PlatformClient:
    """Typed access to one platform, retrying transient failures (see sorter_app.platform.http)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        connect_timeout: float = 5,
        read_timeout: float = 30,
        ca_bundle: str | Path | None = None,
        max_attempts: int = 10,
        page_limit: int = 1000,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        if not 1 <= page_limit <= MAX_PAGE_LIMIT:
            raise ValueError(f"page_limit must be 1..{MAX_PAGE_LIMIT}, got {page_limit}")
        self._page_limit = page_limit
        self._transport = Transport(
            base_url,
            token,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            ca_bundle=ca_bundle,
            max_attempts=max_attempts,
            sleep=sleep,
        )

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> PlatformClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # Waves

    def waves(self, hub_id: str, delivery_date: date) -> list[WaveSummary]:
        """Every wave of a hub delivering on that date (there may be several, or none)."""
        path = f"/hubs/{_segment(hub_id)}/waves"
        extra = {"delivery_date": delivery_date.isoformat()}
        return list(self._list(path, parse_wave_summary, "wave_id", extra))

    def wave(self, wave_id: str) -> WaveSummary:
        """One wave's summary; while it is open its counts still grow."""
        body = self._transport.get(f"/waves/{_segment(wave_id)}")
        summary = parse_wave_summary(body)
        if summary.wave_id != wave_id:
            raise InvalidRecord("wave", summary.wave_id, "wave_id", f"请求的是 asked for {wave_id}")
        return summary

    # Lists of a closed wave (409 wave_not_closed → WaveNotClosed while it is open)

    def communities(self, wave_id: str) -> Iterator[Community]:
        return self._list(
            f"/waves/{_segment(wave_id)}/communities", parse_community, "community_id"
        )

    def skus(self, wave_id: str) -> Iterator[Sku]:
        return self._list(f"/waves/{_segment(wave_id)}/skus", parse_sku, "sku_id")

    def orders(self, wave_id: str) -> Iterator[Order]:
        return self._list(f"/waves/{_segment(wave_id)}/orders", parse_order, "order_id")

    def claims(self, wave_id: str) -> Iterator[Claim]:
        return self._list(f"/waves/{_segment(wave_id)}/claims", parse_claim, "claim_id")

    def fetch_wave(self, wave_id: str, progress: Progress | None = None) -> WaveSnapshot:
        """The whole closed wave, checked as a whole.

        Any invalid record or broken reference raises InvalidRecord, so a caller never stores half
        a wave; `progress` is called after each page.
        """
        summary = self.wave(wave_id)
        if summary.status is WaveStatus.OPEN:
            raise WaveNotClosed(f"/waves/{wave_id}")

        def reporter(stage: str, expected: int | None) -> Callable[[int], None] | None:
            if progress is None:
                return None
            return lambda count: progress(stage, count, expected)

        segment = _segment(wave_id)
        with gc_paused():
            snapshot = WaveSnapshot(
                summary=summary,
                communities=list(
                    self._list(
                        f"/waves/{segment}/communities",
                        parse_community,
                        "community_id",
                        on_page=reporter("communities", None),
                    )
                ),
                skus=list(
                    self._list(
                        f"/waves/{segment}/skus",
                        parse_sku,
                        "sku_id",
                        on_page=reporter("skus", None),
                    )
                ),
                orders=list(
                    self._list(
                        f"/waves/{segment}/orders",
                        parse_order,
                        "order_id",
                        on_page=reporter("orders", summary.order_count),
                    )
                ),
            )
        check_wave(snapshot)
        return snapshot

    # Posts from the hub

    def post_report(self, wave_id: str, body: dict[str, Any], idempotency_key: str) -> PostResult:
        """Send one report (shortage, damage, missort...); the key makes it count once."""
        return self._post(f"/waves/{_segment(wave_id)}/reports", body, idempotency_key)

    def post_dispatch(self, wave_id: str, body: dict[str, Any], idempotency_key: str) -> PostResult:
        """Send one route's dispatch exactly once (by its key)."""
        return self._post(f"/waves/{_segment(wave_id)}/dispatches", body, idempotency_key)

    def put_hub_status(self, wave_id: str, stage: str, at: datetime) -> None:
        """Tell the platform a milestone was reached; repeating a stage is harmless."""
        if stage not in HUB_STAGES:
            raise ValueError(f"unknown hub stage {stage!r}; expected one of {sorted(HUB_STAGES)}")
        if at.tzinfo is None:
            raise ValueError("hub status time must be timezone-aware")
        self._transport.request(
            "PUT",
            f"/waves/{_segment(wave_id)}/hub-status",
            json_body={"stage": stage, "at": at.isoformat()},
            want_json=False,
        )

    # Plumbing

    def _post(self, path: str, body: dict[str, Any], idempotency_key: str) -> PostResult:
        if not idempotency_key:
            raise ValueError("an idempotency key is required: the platform must see each post once")
        reply = self._transport.request(
            "POST", path, json_body=body, idempotency_key=idempotency_key
        )
        assert reply.body is not None
        # 200 is the platform answering a key it already has: the first send reached it.
        return PostResult(reply.body, replayed=reply.status == 200)

    def _list(
        self,
        path: str,
        parse: Callable[[object, int], T],
        id_key: str,
        extra_params: dict[str, str] | None = None,
        on_page: Callable[[int], None] | None = None,
    ) -> Iterator[T]:
        """Every item of a paged list, each id once (a server may repeat an item across pages)."""
        seen_ids: set[str] = set()
        seen_cursors: set[str] = set()
        cursor: str | None = None
        count = 0
        while True:
            params = dict(extra_params or {})
            params["limit"] = str(self._page_limit)
            if cursor is not None:
                params["cursor"] = cursor
            items, cursor = _page(self._transport.get(path, params), path)
            for index, item in enumerate(items):
                item_id = item.get(id_key) if type(item) is dict else None
                if type(item_id) is str and item_id in seen_ids:
                    continue
                record = parse(item, index)
                if type(item_id) is str:  # always, once parse accepted the item
                    seen_ids.add(item_id)
                count += 1
                yield record
            if on_page is not None:
                on_page(count)
            if cursor is None:
                return
            if cursor in seen_cursors:
                # A cursor handed out twice would page forever.
                raise InvalidRecord(
                    "page", path, "next_cursor", f"游标重复 cursor repeats: {cursor[:60]}"
                )
            seen_cursors.add(cursor)


def _page(body: dict[str, Any], path: str) -> tuple[list[Any], str | None]:
    """A list page's items and next cursor; a page of another shape would silently cut the list."""
    items = body.get("items")
    if type(items) is not list:
        raise InvalidRecord("page", path, "items", "缺少或不是列表 missing or not a list")
    if "next_cursor" not in body:
        raise InvalidRecord("page", path, "next_cursor", "缺少 missing")
    cursor = body["next_cursor"]
    if cursor is not None and type(cursor) is not str:
        raise InvalidRecord(
            "page", path, "next_cursor", f"应为文本或 null expected a string or null: {cursor!r}"
        )
    return items, cursor
