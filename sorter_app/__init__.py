"""集单分拣台 Hub Sorter: sorting-hub software for community group-buying platforms."""

from typing import Any


def __getattr__(name: str) -> Any:
    # The version lives in pyproject.toml only (sorter_app.version reads it back).
    if name == "__version__":
        from sorter_app.version import app_version

        return app_version()
    raise AttributeError(name)
