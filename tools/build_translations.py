"""Collect every tr() text of the desktop app into resources/i18n/hub_sorter_en.ts (lupdate) and
compile it to hub_sorter_en.qm (lrelease), which the app loads for English.

Simplified Chinese is the source language of the tr() calls; the English translations live in the
.ts file (edit them there, or with pyside6-linguist); lupdate keeps them when texts are collected
again and drops texts that are gone.

    .venv/bin/python tools/build_translations.py          # collect + compile
    .venv/bin/python tools/build_translations.py --check  # also fail on untranslated texts
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sorter_app" / "ui"
TS = ROOT / "resources" / "i18n" / "hub_sorter_en.ts"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from the venv this script runs in, else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 into the venv")
    return found


def collect(ts: Path = TS) -> None:
    """Update `ts` with the tr() texts of the sources (translations of kept texts stay)."""
    sources = sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))
    ts.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *sources,
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            "-no-obsolete",
            "-locations",
            "none",  # no line numbers: the .ts changes only when texts change
            "-ts",
            str(ts.resolve()),
        ],
        cwd=ROOT,
        check=True,
    )


def compile_qm(ts: Path = TS, qm: Path | None = None) -> Path:
    qm = qm or ts.with_suffix(".qm")
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


def untranslated(ts: Path = TS) -> list[tuple[str, str]]:
    """(context, source) of every text without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if (
                translation is None
                or not (translation.text or "").strip()
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
            ):
                missing.append((name, message.findtext("source", "")))
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a text has no translation")
    parser.add_argument("--no-collect", action="store_true", help="only compile the .ts as it is")
    args = parser.parse_args()
    if not args.no_collect:
        collect()
    missing = untranslated()
    for context, source in missing:
        print(f"untranslated: [{context}] {source}", file=sys.stderr)
    qm = compile_qm()
    print(f"{qm.relative_to(ROOT)}: {len(missing)} untranslated")
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
