"""`sorter-app` with no command: the desktop app."""

from __future__ import annotations

import sys


def run_app() -> int:
    try:
        from sorter_app.ui.app import run_ui
    except ImportError:
        print(
            "桌面界面尚未提供，请使用命令行：sorter-app --help\n"
            "The desktop UI is not built yet; use the command line: sorter-app --help",
            file=sys.stderr,
        )
        return 1
    return int(run_ui())
