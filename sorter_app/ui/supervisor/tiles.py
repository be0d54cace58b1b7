"""The dashboard's tiles: the night's few numbers, each large, coloured by its level (the
service's, from the `[dashboard]` thresholds) with the level's icon, and its change over the
last 30 minutes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sorter_app.services.views.route_board import BAD, OK, WARN, Tile
from sorter_app.ui.widgets.palette import COLOURS, ICONS, Tone

TILE_KEYS = ("sorted", "shortage", "wrong_crate", "undelivered", "printers")
LEVEL_TONES = {OK: Tone.OK, WARN: Tone.WARN, BAD: Tone.BAD}


def tile_caption(key: str) -> str:
    return {
        "sorted": QCoreApplication.translate("Tiles", "已分 / 应分（件）"),
        "shortage": QCoreApplication.translate("Tiles", "缺货（件）"),
        "wrong_crate": QCoreApplication.translate("Tiles", "错筐率（每万件）"),
        "undelivered": QCoreApplication.translate("Tiles", "未送达上报"),
        "printers": QCoreApplication.translate("Tiles", "打印机故障"),
    }[key]


def _number(value: float, key: str) -> str:
    return f"{value:.1f}" if key == "wrong_crate" else f"{value:.0f}"


class TileWidget(QFrame):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.level = OK
        self.setObjectName("tile")
        self.caption = QLabel()
        self.caption.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.value = QLabel("—")
        self.value.setObjectName("tileValue")
        self.value.setStyleSheet("font-size: 30px; font-weight: bold;")
        self.change = QLabel()
        self.change.setObjectName("tileChange")
        self.change.setStyleSheet("font-size: 14px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.change)
        self._paint(Tone.NEUTRAL)
        self._painted = False  # neutral until the first numbers come
        self.retranslate()

    def retranslate(self) -> None:
        tone = LEVEL_TONES.get(self.level, Tone.NEUTRAL)
        self.caption.setText(f"{ICONS[tone]} {tile_caption(self.key)}")

    def show_tile(self, tile: Tile) -> None:
        if tile.level != self.level or not self._painted:
            self._paint(LEVEL_TONES[tile.level])  # a sheet is parsed: only when it changes
            self._painted = True
        self.level = tile.level
        self.retranslate()
        if tile.key == "sorted":
            self.value.setText(f"{tile.value:.0f} / {tile.total or 0:.0f}")
        else:
            self.value.setText(_number(tile.value, tile.key))
        change = tile.change
        if change is None:
            moved = QCoreApplication.translate("Tiles", "30 分钟前：无记录")
        else:
            sign = "+" if change > 0 else ""
            moved = QCoreApplication.translate("Tiles", "30 分钟内 {0}").format(
                f"{sign}{_number(change, tile.key)}"
            )
        if tile.key == "sorted" and tile.rate_per_hour is not None:
            moved = QCoreApplication.translate("Tiles", "每小时 {0:.0f} 件 · {1}").format(
                tile.rate_per_hour, moved
            )
        self.change.setText(moved)

    def _paint(self, tone: Tone) -> None:
        colours = COLOURS[tone]
        self.setStyleSheet(
            f"QFrame#tile {{ background: {colours.fill}; border: 2px solid {colours.edge};"
            f" border-radius: 6px; }} QLabel {{ color: {colours.text}; }}"
        )


class TilesRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = {key: TileWidget(key, self) for key in TILE_KEYS}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for tile in self.tiles.values():
            layout.addWidget(tile, 1)

    def retranslate(self) -> None:
        for tile in self.tiles.values():
            tile.retranslate()

    def show_tiles(self, tiles: list[Tile]) -> None:
        for tile in tiles:
            widget = self.tiles.get(tile.key)
            if widget is not None:
                widget.show_tile(tile)
