"""Help that helps: every command and option described, in Chinese by default and in English with
`--lang en`; argparse's own words and usage errors in the same language; a malformed date says
the expected form; the simulator shows its defaults and shares its token with the demo."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from sorter_app.cli import _build_parser, main
from sorter_app.cli.help_text import choose_language

CJK = re.compile(r"[\u4e00-\u9fff]")


def _parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _texts(language: str) -> dict[tuple[str, ...], str]:
    """Every description and help text of the whole command tree, keyed by where it is."""
    choose_language(["--lang", language])
    try:
        parser = _build_parser()
    finally:
        choose_language([])
    texts: dict[tuple[str, ...], str] = {}
    for path, p in _parsers(parser):
        texts[(*path, "<description>")] = p.description or ""
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                texts[(*path, "<commands>")] = action.help or ""
                for choice in action._choices_actions:
                    texts[(*path, choice.dest, "<help>")] = choice.help or ""
                continue
            name = action.option_strings[-1] if action.option_strings else action.dest
            help_text = "" if action.help in (None, argparse.SUPPRESS) else str(action.help)
            texts[(*path, name)] = help_text
    return texts


def test_every_command_and_option_has_a_description_in_chinese_and_in_english() -> None:
    zh, en = _texts("zh"), _texts("en")
    assert zh.keys() == en.keys()
    missing = sorted(" ".join(k) for k, text in {**zh, **en}.items() if not text.strip())
    assert not missing, "no help text: " + ", ".join(missing)
    not_chinese = sorted(" ".join(k) for k, text in zh.items() if not CJK.search(text))
    assert not not_chinese, "not in Chinese: " + ", ".join(not_chinese)
    untranslated = sorted(" ".join(k) for k in zh if zh[k] == en[k])
    assert not untranslated, "the same in both languages: " + ", ".join(untranslated)
    # Some subcommands exist whatever else is added later.
    for command in ("import", "replay", "sync", "labels", "simulator", "demo"):
        assert ((command, "<description>")) in zh


def test_help_is_in_chinese_by_default_and_in_english_with_lang_en(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["import", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "用法" in out and "选项" in out and "配送日" in out and "显示本帮助" in out
    assert "usage:" not in out

    with pytest.raises(SystemExit):
        main(["--lang", "en", "import", "--help"])
    out = capsys.readouterr().out
    assert "usage:" in out and "delivery date" in out and "show this help" in out
    assert not CJK.search(out)

    with pytest.raises(SystemExit):
        main(["import", "--help", "--lang", "en"])  # after the command too
    assert "delivery date" in capsys.readouterr().out


def test_usage_errors_stay_argparse_s_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["replay", "--mode", "dance"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "错误" in err and "无效的取值 'dance'" in err and "用法" in err

    with pytest.raises(SystemExit) as done:
        main(["--lang", "en", "import"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "the following arguments are required: --date" in err

    with pytest.raises(SystemExit) as done:
        main(["printers"])  # a command that needs an action is not the desktop app
    assert done.value.code == 2
    assert "缺少必需的参数：ACTION" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["2026/11/27", "27.11.2026", "2026-13-01", "tomorrow"])
def test_a_malformed_date_says_the_expected_form(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["import", "--date", bad])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "YYYY-MM-DD" in err and "2026-11-27" in err and "日期" in err
    assert "fromisoformat" not in err and "Traceback" not in err

    with pytest.raises(SystemExit):
        main(["import-file", "x.csv", "--date", bad, "--lang", "en"])
    err = capsys.readouterr().err
    assert "expected YYYY-MM-DD, e.g. 2026-11-27" in err and "fromisoformat" not in err


def test_simulator_help_shows_its_defaults_and_the_demo_uses_its_token(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sorter_app.demo import DEMO_TOKEN
    from sorter_app.platform.simulator.server import DEFAULT_TOKEN

    assert DEMO_TOKEN == DEFAULT_TOKEN
    for argv, default_word in (
        (["simulator", "--help"], "默认"),
        (["simulator", "--help", "--lang", "en"], "default"),
    ):
        with pytest.raises(SystemExit):
            main(argv)
        out = " ".join(capsys.readouterr().out.split())
        for default in ("8765", "HZ01", DEFAULT_TOKEN):
            assert f"{default_word}：{default}" in out or f"{default_word}: {default}" in out, out

    from sorter_app.platform.simulator import cli as simulator_cli

    with pytest.raises(SystemExit):
        simulator_cli.main(["--help", "--lang", "en"])
    out = capsys.readouterr().out
    assert "(default: 8765)" in out and f"(default: {DEFAULT_TOKEN})" in out


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_help_page_renders(language: str) -> None:
    # argparse %-formats help texts: a stray % would break --help for that command only.
    choose_language(["--lang", language])
    try:
        for path, parser in _parsers(_build_parser()):
            page = parser.format_help()
            assert page.strip() and "Traceback" not in page, path
    finally:
        choose_language([])
