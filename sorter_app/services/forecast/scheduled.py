"""The forecast's two background steps, for the app's job runner (sorter_app.ui.background):
a snapshot of each open wave every `[forecast] poll_minutes`, and the night's forecast once a
day at `[forecast] forecast_at`. Each returns the run for the job board, or None when not due.

Several PCs may run them: a snapshot of the same wave and slot is stored once (the unique key),
and the forecast is skipped when another PC already made it after `forecast_at`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sorter_app.domain.route_risk import parse_departure
from sorter_app.services import jobs
from sorter_app.services.forecast.forecasting import forecast_is_due, make_forecast
from sorter_app.services.forecast.snapshots import poll_open_waves
from sorter_app.services.jobs import JobRun, daily_is_due, is_due, succeeded
from sorter_app.services.waves.platform_link import PlatformLink, client_if_configured
from sorter_app.settings import Settings
from sorter_app.store.database import Store


def poll_step(
    store: Store, link: PlatformLink, settings: Settings, at: datetime, last: JobRun | None
) -> JobRun | None:
    """Snapshot the open waves when the poll interval has passed since the last run."""
    if not is_due(last, at, timedelta(minutes=settings.forecast.poll_minutes)):
        return None
    platform = client_if_configured(link)
    if platform is None:
        return succeeded(
            jobs.FORECAST_POLL, at, "未配置平台，未轮询", "No platform configured: nothing polled"
        )
    with platform:
        result = poll_open_waves(
            store,
            platform,
            link.hub_id,
            now=at,
            zone=settings.zone,
            poll_minutes=settings.forecast.poll_minutes,
        )
    waves = ", ".join(result.open_waves) or "—"
    return succeeded(
        jobs.FORECAST_POLL,
        at,
        f"未截单波次 {waves}：新快照 {result.stored}，最终量 {result.finals}",
        f"open waves {waves}: {result.stored} new snapshots, {result.finals} final counts",
    )


def forecast_step(
    store: Store, settings: Settings, at: datetime, last: JobRun | None
) -> JobRun | None:
    """Make tonight's forecast once `forecast_at` has passed, unless it was made already."""
    local = at.astimezone(settings.zone)
    due_at = datetime.combine(
        local.date(), parse_departure(settings.forecast.forecast_at), settings.zone
    )
    if not daily_is_due(last, at, due_at):
        return None
    delivery = forecast_is_due(store, settings, at)
    if delivery is None:
        return succeeded(
            jobs.FORECAST, at, "今日预测已由其他电脑生成", "Today's forecast was already made"
        )
    report = make_forecast(store, settings, delivery, now=at)
    f = report.forecast
    return succeeded(
        jobs.FORECAST,
        at,
        f"{delivery} 预测 {f.rounded} 行（{round(f.low)}–{round(f.high)}）",
        f"{delivery}: forecast {f.rounded} lines ({round(f.low)}-{round(f.high)})",
    )
