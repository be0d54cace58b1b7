"""Help texts in the user's language.

argparse builds its help when the parser is built, before the arguments are parsed, so the
language is chosen first from the raw argument list (`--lang en` anywhere on the line), then from
`SORTER_LANG`; Chinese is the default. Every `help=` and `description=` goes through `h()`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

_language = "zh"


def choose_language(argv: Sequence[str]) -> str:
    """Pick the help language from the raw arguments and remember it for `h()`."""
    global _language
    chosen = os.environ.get("SORTER_LANG", "zh")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    _language = "en" if chosen.lower().startswith("en") else "zh"
    return _language


def help_language() -> str:
    return _language


def h(zh: str, en: str) -> str:
    """The help text in the chosen language."""
    return en if _language == "en" else zh


# --- argparse in the chosen language ------------------------------------------------------------
# argparse's own words (usage, section titles, -h, its error messages) come from gettext, which
# has no Chinese catalogue here: the parser class below puts them through h() instead.

_ERRORS_ZH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^argument (.+?): (.*)$", re.S), r"参数 \1：\2"),
    (re.compile(r"^the following arguments are required: (.*)$", re.S), r"缺少必需的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$", re.S), r"无法识别的参数：\1"),
    (re.compile(r"^one of the arguments (.*) is required$", re.S), r"以下参数必须给出一个：\1"),
    (re.compile(r"^ambiguous option: (.*) could match (.*)$", re.S), r"选项 \1 有歧义，可能是：\2"),
]
_DETAILS_ZH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"invalid choice: (.*) \(choose from (.*)\)$", re.S), r"无效的取值 \1（可选：\2）"),
    (re.compile(r"invalid int value: (.*)$", re.S), r"应为整数：\1"),
    (re.compile(r"invalid float value: (.*)$", re.S), r"应为数字：\1"),
    (re.compile(r"invalid (\w+) value: (.*)$", re.S), r"无效的值：\2"),
    (re.compile(r"expected one argument$"), "需要一个值"),
    (re.compile(r"expected at least one argument$"), "至少需要一个值"),
    (re.compile(r"expected at most one argument$"), "最多一个值"),
    (re.compile(r"not allowed with argument (.*)$", re.S), r"不能与参数 \1 同时使用"),
    (re.compile(r"ignored explicit argument (.*)$", re.S), r"不接受值：\1"),
]


def argparse_error_zh(message: str) -> str:
    """argparse's English error message in Chinese, where it is one argparse writes."""
    for pattern, replacement in _ERRORS_ZH:
        if pattern.match(message):
            message = pattern.sub(replacement, message, count=1)
            break
    for pattern, replacement in _DETAILS_ZH:
        found = pattern.search(message)
        if found:
            return message[: found.start()] + found.expand(replacement)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with its usage prefix in the chosen language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(
            usage, actions, groups, h("用法：", "usage: ") if prefix is None else prefix
        )


class DefaultsHelpFormatter(HelpFormatter):
    """Also shows each option's default after its help (e.g. the simulator's hub, token, port)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if "%(default)" in text or not action.option_strings:
            return text
        if action.default in (None, "", argparse.SUPPRESS):
            return text
        if isinstance(action.default, bool) or action.nargs == 0:
            return text  # a flag: off unless given
        return text + h("（默认：%(default)s）", " (default: %(default)s)")


class _SubParsersAction(argparse._SubParsersAction):  # type: ignore[type-arg]
    """A command's `help` (its line in the list of commands) is also its `--help` description."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if kwargs.get("description") is None and kwargs.get("help"):
            kwargs["description"] = kwargs["help"]
        parser: argparse.ArgumentParser = super().add_parser(name, **kwargs)
        parser.is_subcommand = True  # type: ignore[attr-defined]
        return parser


class ArgumentParser(argparse.ArgumentParser):
    """argparse in the language chosen by `choose_language`; its subcommands inherit the class.

    Usage errors stay argparse's (status 2), worded in that language."""

    def __init__(
        self,
        *,
        formatter_class: type[argparse.HelpFormatter] = HelpFormatter,
        add_help: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(formatter_class=formatter_class, add_help=False, **kwargs)
        self.register("action", "parsers", _SubParsersAction)
        self._positionals.title = h("位置参数", "positional arguments")
        self._optionals.title = h("选项", "options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=h("显示本帮助并退出", "show this help message and exit"),
            )

    def add_subparsers(self, **kwargs: Any) -> argparse._SubParsersAction:  # type: ignore[type-arg]
        kwargs.setdefault(
            "help",
            h(
                "下列之一；加 --help 查看它的说明",
                "one of the following; add --help for its options",
            ),
        )
        # `sorter-app printers` alone is a usage error; only `sorter-app` alone opens the app.
        kwargs.setdefault("required", getattr(self, "is_subcommand", False))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        if help_language() == "en":
            self.exit(2, f"{self.prog}: error: {message}\n")
        self.exit(2, f"{self.prog}：错误：{argparse_error_zh(message)}\n")
