"""The banner over the supervisor screens while the platform refuses the token: the outbox sender
is paused (nothing is lost: the reports wait in the outbox). It says what happened and takes the
new token, saved in the OS credential store (services.waves.platform_link.replace_token). When
SORTER_API_TOKEN is set on this PC it wins over a saved token, and the banner says so.

The banner goes once the next send with the new token succeeds: the background outbox job clears
`ctx.jobs.token_refused` (sorter_app.ui.background), not the act of saving.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from sorter_app.domain.errors import UserFacingError
from sorter_app.secrets import token_from_environment
from sorter_app.services.reporting.outbox_actions import resume_after_new_token
from sorter_app.services.waves.platform_link import PlatformLink, replace_token
from sorter_app.ui.context import UiContext
from sorter_app.ui.i18n import current_language


class TokenBanner(QFrame):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._on_supervisor_screen = False
        self._saved = False  # a new token was saved: waiting for a send to prove it
        self._error: BaseException | None = None
        self.setObjectName("tokenBanner")
        self.setStyleSheet(
            "#tokenBanner { background: #E65100; } #tokenBanner QLabel { color: white;"
            " font-size: 18px; font-weight: bold; }"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        self.text = QLabel(self)
        self.text.setObjectName("tokenBannerText")
        self.text.setWordWrap(True)
        self.enter_button = QPushButton(self)
        self.enter_button.clicked.connect(self.enter_token)
        row.addWidget(self.text, 1)
        row.addWidget(self.enter_button)
        # A bound method: the news comes from the jobs' threads, queued to this one.
        ctx.events.jobs_changed.connect(self._job_ran)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.enter_button.setText(self.tr("输入新令牌"))
        self.text.setText(self.explanation())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def explanation(self) -> str:
        parts = [self.tr("平台拒绝了访问令牌：上报已暂停，待发送的上报都留在本机，不会丢失。")]
        if token_from_environment():
            parts.append(
                self.tr(
                    "本机设置了环境变量 SORTER_API_TOKEN，它优先于这里保存的令牌："
                    "请更新该变量并重启程序。"
                )
            )
        elif self._saved:
            parts.append(self.tr("新令牌已保存，正在等待下一次发送确认…"))
        else:
            parts.append(self.tr("请输入平台提供的新令牌。"))
        if self._error is not None:
            error = self._error
            parts.append(
                error.message(current_language())
                if isinstance(error, UserFacingError)
                else self.tr("保存失败：{0}").format(error)
            )
        return " ".join(parts)

    def show_for_screen(self, supervisor_screen: bool) -> None:
        """The main window made a screen current: the banner is shown over supervisor screens."""
        self._on_supervisor_screen = supervisor_screen
        self.update_state()

    def _job_ran(self, _job: str) -> None:
        self.update_state()

    def update_state(self) -> None:
        refused = self.ctx.jobs.token_refused
        if not refused:
            self._saved = False
            self._error = None
        self.text.setText(self.explanation())
        self.setVisible(refused and self._on_supervisor_screen)

    # Asked through a method so tests can answer without a modal dialog.
    def ask_token(self) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("输入新令牌"),
            self.tr("平台提供的新访问令牌（保存在系统凭据库中）："),
            QLineEdit.EchoMode.Password,
        )
        return text.strip() if ok and text.strip() else None

    def enter_token(self) -> None:
        token = self.ask_token()
        if token is None:
            return
        link = self.ctx.platform
        self.ctx.ops.run(
            lambda _report: replace_token(link, token),
            on_success=self._token_saved,
            on_failure=self._not_saved,
        )

    def _token_saved(self, link: PlatformLink) -> None:
        if link.token and not token_from_environment():
            self.ctx.platform_token = link.token  # the sender's next round uses it
        self._saved, self._error = True, None
        self.update_state()
        # Only now, with the new token in place: the reports the refused one held back are due
        # at the next round instead of after their backoff.
        store = self.ctx.store
        self.ctx.ops.run(lambda _report: resume_after_new_token(store), on_failure=self._not_saved)

    def _not_saved(self, exc: BaseException) -> bool:
        self._error = exc
        self.update_state()
        return True
