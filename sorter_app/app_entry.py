"""`sorter-app` with no command: the desktop app.

Without a display Qt aborts the whole process with a message about `xcb-cursor0` (even when that
library is installed), so the display is checked first and the user is told what to do instead.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping

from sorter_app.domain.errors import UserFacingError
from sorter_app.logging_setup import FILE_ONLY

# QT_QPA_PLATFORM values that draw without a window system (tests, kiosks on a framebuffer).
_HEADLESS_PLATFORMS = {
    "offscreen",
    "minimal",
    "minimalegl",
    "vnc",
    "eglfs",
    "linuxfb",
    "vkkhrdisplay",
}


class NoDisplay(UserFacingError):
    code = "no_display"


def has_display(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt can open a window here. Windows and macOS always can; elsewhere it needs an X
    server (DISPLAY) or Wayland (WAYLAND_DISPLAY), unless QT_QPA_PLATFORM names a platform that
    draws without one (offscreen, minimal, vnc, eglfs, linuxfb ...)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return True
    qpa = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0].strip().lower()
    if qpa in _HEADLESS_PLATFORMS:
        return True
    if qpa == "xcb":
        return bool(env.get("DISPLAY"))
    if qpa.startswith("wayland"):
        return bool(env.get("WAYLAND_DISPLAY"))
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def require_display(command: str) -> None:
    """NoDisplay, saying what to run instead, when there is no display for the desktop app."""
    if has_display():
        return
    if command == "demo":
        raise NoDisplay(
            "没有图形显示（DISPLAY 和 WAYLAND_DISPLAY 均未设置），无法打开桌面界面：只准备演示数据请用 "
            "sorter-app demo --no-ui，或在虚拟显示中运行 xvfb-run sorter-app demo",
            "No display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop app cannot "
            "open: for the demo data only run sorter-app demo --no-ui, or use a virtual display: "
            "xvfb-run sorter-app demo",
        )
    raise NoDisplay(
        "没有图形显示（DISPLAY 和 WAYLAND_DISPLAY 均未设置），无法打开桌面界面：请在虚拟显示中运行 "
        "xvfb-run sorter-app，或使用命令行（sorter-app --help；演示数据：sorter-app demo --no-ui）",
        "No display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop app cannot open: "
        "use a virtual display (xvfb-run sorter-app) or the command line (sorter-app --help; demo "
        "data: sorter-app demo --no-ui)",
    )


def run_app() -> int:
    require_display("app")
    try:
        from sorter_app.ui.app import run_ui
    except ImportError as exc:  # Qt or one of its system libraries is missing
        logging.getLogger(__name__).error(
            "cannot load the desktop app", exc_info=True, extra=FILE_ONLY
        )
        raise UserFacingError(
            f"无法加载桌面界面（{exc}）：请使用命令行 sorter-app --help",
            f"The desktop app cannot be loaded ({exc}): use the command line, sorter-app --help",
            code="no_ui",
        ) from exc
    return int(run_ui())
