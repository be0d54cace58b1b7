"""The forecast's error on synthetic histories: the 15:00 forecast of each of the last four weeks'
nights (from earlier nights only) against the final count, as MAPE, for several seeds; with the
weekday profile alone for comparison, and the share of nights inside the band. Two windows: ten
weeks up to the end of October 2026 (Mid-Autumn, 国庆 and its make-up workdays inside the last
five weeks) and ten weeks up to early March 2026 (春节 inside).

    .venv/bin/python bench/forecast_backtest.py [--seeds 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sorter_app.domain.forecast.calendar import china_calendar
from sorter_app.domain.forecast.evaluation import Backtest, backtest
from sorter_app.domain.forecast.model import ForecastSettings
from sorter_app.domain.forecast.synthetic import SyntheticSpec, synthetic_history

WINDOWS = {
    "autumn (国庆)": date(2026, 8, 24),
    "winter (春节)": date(2025, 12, 29),
}


def _pct(value: float | None) -> float:
    return 100 * (value or 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    calendar = china_calendar([2025, 2026])
    profile_only = ForecastSettings(use_curves=False)
    for label, start in WINDOWS.items():
        spec = SyntheticSpec(start=start, weeks=10)
        since = start + timedelta(weeks=6)
        print(f"{label}: nights {since} … {start + timedelta(weeks=10, days=-1)}")
        print("  seed  MAPE 15:00  in band  MAPE profile only")
        blends: list[Backtest] = []
        profiles: list[Backtest] = []
        for seed in range(1, args.seeds + 1):
            history = synthetic_history(spec, calendar, seed)
            blend = backtest(history, calendar, since=since)
            alone = backtest(history, calendar, profile_only, since=since)
            blends.append(blend)
            profiles.append(alone)
            print(
                f"  {seed:4d}  {_pct(blend.mape):9.2f} %  {_pct(blend.band_coverage):5.0f} %"
                f"  {_pct(alone.mape):9.2f} %"
            )
        print(
            f"  mean  {statistics.mean(_pct(b.mape) for b in blends):9.2f} %"
            f"  {statistics.mean(_pct(b.band_coverage) for b in blends):5.0f} %"
            f"  {statistics.mean(_pct(p.mape) for p in profiles):9.2f} %"
            f"   worst 15:00: {max(_pct(b.mape) for b in blends):.2f} %"
        )


if __name__ == "__main__":
    main()
