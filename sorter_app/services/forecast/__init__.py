"""Tonight's volume before cutoff, from the store: open waves' summaries polled into snapshots
(snapshots.py), the forecast built from the store's history and kept (forecasting.py), and the
two background steps that run them on their schedule (scheduled.py)."""
