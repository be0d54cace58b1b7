"""Settings: hub ID, time zone, platform URL and token, shortage policy, sorting before receiving,
receiving cut time and language; and the route board's departures (route → HH:MM on the delivery
date) with the loading buffer. The token goes to the OS credential store, never the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sorter_app.secrets import keyring_available, store_token
from sorter_app.services.views.route_board import wave_routes
from sorter_app.settings import RouteSettings, Settings, change_settings, settings_path
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import SupervisorScreen

POLICIES = ("latest_first", "spread", "fewest_communities")
# Names of languages are shown in their own language, whatever the UI's.
LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))
TIME_ZONES = (
    "Asia/Shanghai",
    "Asia/Urumqi",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "UTC",
)
# What the form edits; the rest of the file (printers, scanners, station UI ...) stays as it is.
FORM_FIELDS = (
    "hub_id",
    "tz",
    "api_url",
    "shortage_policy",
    "allow_sort_before_receiving",
    "receiving_cut_time",
    "language",
    "routes",
)


def save_form(path: Path, edited: Settings) -> Settings:
    """Write the form's fields into the settings file at `path`, every other section kept (the
    one save refuses invalid values and leaves the file as it was); returns the settings the app
    now runs with."""
    return change_settings(
        path, lambda on_file: replace(on_file, **{f: getattr(edited, f) for f in FORM_FIELDS})
    )


class SettingsScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.hub_id = QLineEdit()
        self.hub_id.setMaxLength(16)
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.addItems(TIME_ZONES)
        self.api_url = QLineEdit()
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_note = QLabel()
        self.token_note.setWordWrap(True)
        self.policy = QComboBox()
        for value in POLICIES:
            self.policy.addItem("", value)
        self.sort_before_receiving = QCheckBox()
        self.cut_time = QLineEdit()
        self.language = QComboBox()
        # Each language named in itself, as on the main window's language button.
        self.language.setObjectName("data_language")
        for value, name in LANGUAGES:
            self.language.addItem(name, value)
        self.departures_box = QGroupBox()
        self.buffer = QSpinBox()
        self.buffer.setRange(0, 24 * 60)
        self.buffer_caption = QLabel()
        self.departures = QTableWidget(0, 3)
        self.departures.setObjectName("departures")
        self.departures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.departures.verticalHeader().setVisible(False)
        self.departures.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.departures.setMinimumHeight(180)
        self.add_route_button = QPushButton()
        self.remove_route_button = QPushButton()
        self.wave_routes_button = QPushButton()
        self.save_button = QPushButton()
        self.reset_button = QPushButton()
        self.credential_store: bool | None = None  # unknown until looked up

        self.form = QFormLayout()
        self.captions = [QLabel() for _ in range(8)]
        fields: list[QWidget] = [
            self.hub_id,
            self.time_zone,
            self.api_url,
            self.token,
            self.policy,
            self.sort_before_receiving,
            self.cut_time,
            self.language,
        ]
        for caption, field in zip(self.captions, fields, strict=True):
            self.form.addRow(caption, field)
        self.form.insertRow(4, "", self.token_note)
        buffer_row = QHBoxLayout()
        buffer_row.addWidget(self.buffer_caption)
        buffer_row.addWidget(self.buffer)
        buffer_row.addStretch(1)
        route_buttons = QHBoxLayout()
        route_buttons.addWidget(self.add_route_button)
        route_buttons.addWidget(self.remove_route_button)
        route_buttons.addWidget(self.wave_routes_button)
        route_buttons.addStretch(1)
        box = QVBoxLayout(self.departures_box)
        box.addLayout(buffer_row)
        box.addWidget(self.departures)
        box.addLayout(route_buttons)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.departures_box)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.show_settings)
        self.add_route_button.clicked.connect(lambda: self.add_departure("", "", ""))
        self.remove_route_button.clicked.connect(self._remove_departures)
        self.wave_routes_button.clicked.connect(self._add_wave_routes)
        self.show_settings()
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        captions = (
            self.tr("仓库编号"),
            self.tr("时区"),
            self.tr("平台地址"),
            self.tr("平台令牌"),
            self.tr("缺货分配策略"),
            self.tr("到货前允许分拣"),
            self.tr("收货截止时间"),
            self.tr("界面语言"),
        )
        for label, text in zip(self.captions, captions, strict=True):
            label.setText(text)
        names = {
            "latest_first": self.tr("后下单先缺（默认）"),
            "spread": self.tr("分摊到各订单"),
            "fewest_communities": self.tr("集中到最少社区"),
        }
        for index in range(self.policy.count()):
            self.policy.setItemText(index, names[self.policy.itemData(index)])
        self.sort_before_receiving.setText(self.tr("商品未到货时也可按订购数分拣"))
        self.hub_id.setPlaceholderText(self.tr("大写字母或数字，如 HZ01"))
        self.api_url.setPlaceholderText("https://platform.example/api/v1")
        self.token.setPlaceholderText(self.tr("留空则不修改已保存的令牌"))
        self.cut_time.setPlaceholderText(self.tr("HH:MM，留空则由班组长关闭收货"))
        self._show_token_note()
        self.departures_box.setTitle(self.tr("线路发车时间（线路看板据此判断是否赶得上）"))
        self.buffer_caption.setText(self.tr("装车预留（分钟）"))
        self.departures.setHorizontalHeaderLabels(
            [self.tr("线路编号"), self.tr("线路名称"), self.tr("发车时间 HH:MM（送达日当天）")]
        )
        self.add_route_button.setText(self.tr("添加线路"))
        self.remove_route_button.setText(self.tr("删除所选"))
        self.wave_routes_button.setText(self.tr("填入当前波次的线路"))
        self.save_button.setText(self.tr("保存"))
        self.reset_button.setText(self.tr("还原"))

    def _show_token_note(self) -> None:
        if self.credential_store is None:
            self.token_note.setText("")
        elif self.credential_store:
            self.token_note.setText(self.tr("令牌保存在系统凭据库中，不写入设置文件。"))
        else:
            self.token_note.setText(
                self.tr("本机没有系统凭据库：令牌请用环境变量 SORTER_API_TOKEN 提供。")
            )

    def live_version(self) -> None:
        """No live poll: the page shows the settings file and the credential store, which scans
        never change (polling the store's data version would be wasted work)."""
        return None

    def refresh(self) -> None:
        super().refresh()
        # Finding the OS credential store may probe D-Bus or the Windows vault: off this thread.
        self.load("keyring", keyring_available, self._keyring_found)

    def _keyring_found(self, available: bool) -> None:
        self.credential_store = available
        self._show_token_note()

    # --- the form -------------------------------------------------------------------------------

    def show_settings(self) -> None:
        s = self.ctx.settings
        self.hub_id.setText(s.hub_id)
        self.time_zone.setCurrentText(s.tz)
        self.api_url.setText(s.api_url)
        self.token.clear()
        self.policy.setCurrentIndex(max(self.policy.findData(s.shortage_policy), 0))
        self.sort_before_receiving.setChecked(s.allow_sort_before_receiving)
        self.cut_time.setText(s.receiving_cut_time)
        self.language.setCurrentIndex(1 if s.language.lower().startswith("en") else 0)
        self.buffer.setValue(s.routes.loading_buffer_min)
        self.departures.setRowCount(0)
        for route_id, at in s.routes.departures:
            self.add_departure(route_id, "", at)

    # --- departures -------------------------------------------------------------------------

    def add_departure(self, route_id: str, name: str, at: str) -> None:
        row = self.departures.rowCount()
        self.departures.insertRow(row)
        for column, text in enumerate((route_id, name, at)):
            item = QTableWidgetItem(text)
            if column == 1:  # the platform's name, shown to recognise the route; not saved
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.departures.setItem(row, column, item)

    def departure_rows(self) -> tuple[tuple[str, str], ...]:
        """(route ID, HH:MM) as typed; a row without a route ID or a time sets nothing (the
        route shows 未设发车时间 on the board)."""
        rows = []
        for row in range(self.departures.rowCount()):
            route = self.departures.item(row, 0)
            at = self.departures.item(row, 2)
            # Route IDs are kept exactly (opaque: spaces inside belong to the ID); only the
            # edges are trimmed, as for every typed field.
            route_id = route.text().strip() if route else ""
            time_text = at.text().strip() if at else ""
            if route_id and time_text:
                rows.append((route_id, time_text))
        return tuple(rows)

    def _remove_departures(self) -> None:
        for row in sorted({i.row() for i in self.departures.selectedIndexes()}, reverse=True):
            self.departures.removeRow(row)

    def _add_wave_routes(self) -> None:
        wave_id = self.ctx.wave_id
        if wave_id is None:
            self.show_error(self.tr("请先在波次页面选择波次"))
            return
        store = self.ctx.store
        self.load("routes", lambda: wave_routes(store, wave_id), self._wave_routes_found)

    def _wave_routes_found(self, routes: list[tuple[str, str]]) -> None:
        names = dict(routes)
        listed = set()
        for row in range(self.departures.rowCount()):
            route, shown = self.departures.item(row, 0), self.departures.item(row, 1)
            route_id = route.text().strip() if route else ""
            listed.add(route_id)
            if shown is not None and names.get(route_id):
                shown.setText(names[route_id])
        for route_id, name in routes:
            if route_id not in listed:
                self.add_departure(route_id, name, "")

    def edited(self) -> Settings:
        """The settings as the form has them (not yet validated)."""
        return replace(
            self.ctx.settings,
            hub_id=self.hub_id.text().strip(),
            tz=self.time_zone.currentText().strip(),
            api_url=self.api_url.text().strip(),
            shortage_policy=str(self.policy.currentData()),
            allow_sort_before_receiving=self.sort_before_receiving.isChecked(),
            receiving_cut_time=self.cut_time.text().strip(),
            language=str(self.language.currentData()),
            routes=RouteSettings(self.buffer.value(), self.departure_rows()),
        )

    def save(self) -> None:
        supervisor = self.supervisor()
        if supervisor is None:
            return
        edited, token = self.edited(), self.token.text().strip()
        path = settings_path(self.ctx.settings.paths)

        def work() -> Settings:
            saved = save_form(path, edited)
            if token:
                store_token(saved.hub_id, token)
            return saved

        self.act(work, lambda saved: self._saved(saved, token))

    def _saved(self, saved: Settings, token: str) -> None:
        before = self.ctx.settings
        self.ctx.settings = saved
        if self.ctx.platform_url in (None, "", before.api_url):
            self.ctx.platform_url = saved.api_url or None
        if token:
            self.ctx.platform_token = token
        self.token.clear()
        self.show_info(self.tr("设置已保存：{0}").format(settings_path(saved.paths)))
        if saved.language != before.language:
            self.ctx.events.language_changed.emit(saved.language)
