"""The English catalogue the app loads is complete and current: every tr() text of the desktop
app has a finished translation, and the shipped .ts and .qm are what tools/build_translations.py
makes from today's sources (a text added without a translation, or a .ts edited without
rebuilding the .qm, fails here rather than as Chinese on an English screen)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build() -> ModuleType:
    if not (Path(sys.executable).parent / "pyside6-lupdate").exists():
        pytest.skip("pyside6-lupdate not installed beside this Python")
    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "tools" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_text_of_the_app_has_an_english_translation(
    build: ModuleType, tmp_path: Path
) -> None:
    ts = tmp_path / "hub_sorter_en.ts"
    shutil.copy(build.TS, ts)
    build.collect(ts)  # today's tr() texts, into a copy
    assert build.untranslated(ts) == []
    assert ts.read_text(encoding="utf-8") == build.TS.read_text(encoding="utf-8"), (
        "resources/i18n/hub_sorter_en.ts is out of date: run tools/build_translations.py"
    )
    assert sorted(p.name for p in build.TS.parent.glob("*.ts")) == ["hub_sorter_en.ts"]


def test_the_shipped_qm_is_compiled_from_the_ts(build: ModuleType, tmp_path: Path) -> None:
    qm = build.compile_qm(build.TS, tmp_path / "hub_sorter_en.qm")
    assert qm.read_bytes() == build.TS.with_suffix(".qm").read_bytes(), (
        "resources/i18n/hub_sorter_en.qm is stale: run tools/build_translations.py"
    )
