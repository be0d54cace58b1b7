"""Search keys for list filtering: a row matches a query by its IDs, its names, and the pinyin of
its Chinese names, as initials (`dqhy` finds 丁桥花园) or in full (`dingqiao`), case-blind.

Pure Python (pypinyin, no Qt). Converting a name to pinyin is the slow part (pypinyin segments
phrases so that polyphones read right: 重庆 chongqing, 银行 yinhang), so each distinct text is
converted once per process (`_converted`); a row's key is a join of cached pieces. pypinyin is
imported with the first Chinese text (its dictionaries take ~0.5 s to load: not at start-up, and
then on the worker thread that builds the keys).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")
_SEPARATOR = "\x1f"  # never typed: a query cannot match across two texts

# text → its normalised key piece; a plain dict: lookups and stores are atomic under the GIL, so
# a worker thread may warm it while the main thread reads it.
_converted: dict[str, str] = {}
CACHE_LIMIT = 200_000  # distinct texts; beyond this the cache starts again (a week of waves)


def normalise(text: str) -> str:
    """Full-width letters and digits as ASCII, lower case, no spaces (what a search compares)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _piece(text: str) -> str:
    """The text itself, and for Chinese text its pinyin initials and full pinyin."""
    plain = normalise(text)
    if not _HAN.search(plain):
        return plain
    from pypinyin import Style, lazy_pinyin

    initials = "".join(lazy_pinyin(plain, style=Style.FIRST_LETTER))
    full = "".join(lazy_pinyin(plain))
    return _SEPARATOR.join((plain, normalise(initials), normalise(full)))


def text_key(text: str) -> str:
    """The key piece of one text (cached)."""
    piece = _converted.get(text)
    if piece is None:
        if len(_converted) >= CACHE_LIMIT:
            _converted.clear()
        piece = _converted[text] = _piece(text)
    return piece


def row_key(texts: Iterable[object]) -> str:
    """One row's key from its searchable texts (IDs, names); None and empty texts are skipped."""
    return _SEPARATOR.join(text_key(str(t)) for t in texts if t is not None and str(t) != "")


def warm(texts: Iterable[object]) -> None:
    """Convert texts ahead of the first search (run it on a worker thread)."""
    for text in texts:
        if text is not None:
            text_key(str(text))


def query_terms(query: str) -> list[str]:
    """The words of a query; a row matches when every word is found in its key."""
    return [normalise(word) for word in query.split() if normalise(word)]


def matches(key: str, terms: list[str]) -> bool:
    return all(term in key for term in terms)
