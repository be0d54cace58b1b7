"""Tonight's volume before cutoff: the day's kind (calendar), the forecast (model), its measured
error on past waves (evaluation), what the forecast means in crates, workers and trucks (needs),
and a seeded synthetic history for tests, the simulator and the demo (synthetic).

Pure: plain dataclasses in and out; the only import beyond the standard library is the
`holidays` package, behind `calendar.china_calendar`. The method is in docs/forecast.md.
"""
