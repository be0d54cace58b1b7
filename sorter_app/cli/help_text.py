"""Help texts in the user's language.

argparse builds its help when the parser is built, before the arguments are parsed, so the
language is chosen first from the raw argument list (`--lang en` anywhere on the line), then from
`SORTER_LANG`; Chinese is the default. Every `help=` and `description=` goes through `h()`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

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
