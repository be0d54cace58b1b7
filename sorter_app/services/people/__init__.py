"""People: workers with badges, supervisors with PINs, and what only supervisors do."""
