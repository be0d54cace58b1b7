"""One word for a wave's crate: 筐 (筐码, 筐号, 筐贴, 加筐, 封筐, 错筐) on labels, screens, documents,
messages and in the docs. 周转箱 names the hub's reusable box only where it goes out and comes
back (the crate ledger and returns); 箱 alone is never the crate.

A grep over the texts people read: Python sources of the app, the label printers and tools, the
Qt translation sources (.ts) and the docs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The platform's catalogue data (products sold by the 箱) is not the hub's wording.
SKIPPED = ("sorter_app/platform/simulator/",)

# Where 周转箱 may stand: the ledger module, or a line that speaks of the ledger or of returns.
LEDGER_FILES = ("sorter_app/services/loading/crate_ledger.py",)
LEDGER_WORDS = re.compile(r"台账|收回|退回|回收|归还|手上|在外|ledger|return|reusable", re.I)

# 箱 in words that are not the wave's crate: the outbox, a speaker, the packing-list document,
# a product's case (整箱条码) and the column names of a platform's order export.
OTHER_XIANG = re.compile(r"发件箱|音箱|装箱单|装箱清单|整箱|每箱数量|装箱数|箱规|周转箱")


def texts() -> list[tuple[str, int, str]]:
    files = [
        *ROOT.glob("sorter_app/**/*.py"),
        *ROOT.glob("printers/**/*.py"),
        *ROOT.glob("tools/*.py"),
        *ROOT.glob("resources/i18n/*.ts"),
        *ROOT.glob("docs/*.md"),
        ROOT / "README.md",
    ]
    found = []
    for path in sorted(files):
        name = path.relative_to(ROOT).as_posix()
        if name.startswith(SKIPPED):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "箱" in line:
                found.append((name, number, line.strip()))
    return found


def test_the_reusable_box_word_only_in_the_ledger_and_returns() -> None:
    wrong = [
        (name, number, line)
        for name, number, line in texts()
        if "周转箱" in line and name not in LEDGER_FILES and not LEDGER_WORDS.search(line)
    ]
    assert wrong == [], "a wave's crate is 筐; 周转箱 only for the ledger and returns"


def test_no_xiang_alone_stands_for_a_wave_s_crate() -> None:
    wrong = [
        (name, number, line) for name, number, line in texts() if "箱" in OTHER_XIANG.sub("", line)
    ]
    assert wrong == [], "a wave's crate is 筐 (加筐, 封筐, 筐号, 错筐, 筐码, 筐贴)"


def test_the_grep_sees_what_it_checks() -> None:
    """The allowed uses are found, so an empty list above means clean, not blind."""
    lines = texts()
    assert any(name == "sorter_app/services/loading/crate_ledger.py" for name, _, _ in lines)
    assert any("装箱单" in line for name, _, line in lines if name.startswith("printers/"))
    assert any(name.endswith(".ts") for name, _, _ in lines)  # 音箱 on the station check
