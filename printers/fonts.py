"""Finding a TrueType CJK font that both reportlab and Pillow can use.

reportlab cannot load CFF-outline .otf fonts (Noto Sans CJK ships those), so only TrueType
(.ttf/.ttc) fonts are candidates. A configured path wins; otherwise the usual places on Windows
and Linux are searched.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from sorter_app.domain.errors import UserFacingError

# (file name, subfont index in a .ttc)
_CANDIDATES = (
    ("msyh.ttc", 0),  # Microsoft YaHei (Windows)
    ("msyh.ttf", 0),
    ("simhei.ttf", 0),  # SimHei (Windows)
    ("simsun.ttc", 0),
    ("wqy-microhei.ttc", 0),  # WenQuanYi Micro Hei (Debian fonts-wqy-microhei)
    ("wqy-zenhei.ttc", 0),
    ("DroidSansFallbackFull.ttf", 0),
)
_LINUX_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


class FontMissing(UserFacingError):
    code = "cjk_font_missing"


@dataclass(frozen=True)
class CjkFont:
    path: Path
    subfont_index: int = 0

    @property
    def name(self) -> str:
        return self.path.stem


def find_cjk_font(configured: str | None = None) -> CjkFont:
    """The CJK TrueType font to print with, or FontMissing saying what to install."""
    configured = configured or os.environ.get("SORTER_CJK_FONT")
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise FontMissing(
                f"配置的中文字体不存在：{path}", f"The configured CJK font does not exist: {path}"
            )
        if path.suffix.lower() not in (".ttf", ".ttc"):
            raise FontMissing(
                f"中文字体必须是 TrueType（.ttf/.ttc）：{path}",
                f"The CJK font must be TrueType (.ttf/.ttc), not {path.suffix}: {path}",
            )
        return CjkFont(path)
    for directory in _search_dirs():
        for name, index in _CANDIDATES:
            for found in _find(directory, name):
                return CjkFont(found, index)
    raise FontMissing(
        "找不到中文 TrueType 字体：Windows 请确认有微软雅黑或黑体；Linux 请安装 fonts-wqy-microhei；"
        "或在设置中指定字体文件",
        "No CJK TrueType font found: on Windows make sure Microsoft YaHei or SimHei is installed; "
        "on Linux install fonts-wqy-microhei; or set the font file in settings (SORTER_CJK_FONT)",
    )


def _search_dirs() -> list[Path]:
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\\Windows")
        local = os.environ.get("LOCALAPPDATA", "")
        dirs = [Path(windir) / "Fonts"]
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    return [Path(d).expanduser() for d in _LINUX_DIRS]


def _find(directory: Path, name: str) -> list[Path]:
    if not directory.is_dir():
        return []
    direct = directory / name
    if direct.is_file():
        return [direct]
    return sorted(directory.rglob(name))[:1]
