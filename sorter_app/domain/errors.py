"""Errors a user can see: a stable code and a message in Chinese and English."""

from __future__ import annotations


class UserFacingError(Exception):
    """Base of errors shown on screen; `code` is stable, messages are for people."""

    code: str = "error"

    def __init__(self, message_zh: str, message_en: str, *, code: str | None = None) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        if code is not None:
            self.code = code

    def message(self, language: str = "zh") -> str:
        return self.message_zh if language.startswith("zh") else self.message_en


class InvalidRecord(UserFacingError):
    """A record from the platform or a file that breaks the contract: which record, which field."""

    code = "invalid_record"

    def __init__(self, kind: str, record_id: str, field: str, problem: str) -> None:
        self.kind = kind
        self.record_id = record_id
        self.field = field
        self.problem = problem
        super().__init__(
            f"数据无效：{kind} {record_id} 的字段 {field}：{problem}",
            f"Invalid record: {kind} {record_id}, field {field}: {problem}",
        )
