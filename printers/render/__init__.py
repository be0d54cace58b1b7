"""Crate labels in a printer language or picture format, all from one layout (printers.layout).

`render_labels(labels, media, "zpl" | "tspl" | "png")` gives one item per label; "pdf" gives a
single item, one PDF with a page per label (printers.render.pdf_label, loaded only when asked:
reportlab's font set-up is not needed for thermal printing).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from printers.model import CrateLabel, LabelMedia
from printers.render.options import TsplOptions, ZplOptions
from printers.render.png import render_png
from printers.render.tspl import render_tspl
from printers.render.zpl import render_zpl

LabelFormat = Literal["zpl", "tspl", "png", "pdf"]
FORMATS: tuple[LabelFormat, ...] = ("zpl", "tspl", "png", "pdf")
EXTENSIONS: dict[str, str] = {"zpl": "zpl", "tspl": "prn", "png": "png", "pdf": "pdf"}


def render_labels(
    labels: Sequence[CrateLabel],
    media: LabelMedia,
    fmt: str,
    *,
    zpl: ZplOptions | None = None,
    tspl: TsplOptions | None = None,
) -> list[bytes]:
    """The labels in `fmt`: one item per label for zpl, tspl and png; one PDF for pdf."""
    if fmt == "zpl":
        options = zpl or ZplOptions()
        return [render_zpl(label, media, options) for label in labels]
    if fmt == "tspl":
        tspl_options = tspl or TsplOptions()
        return [render_tspl(label, media, tspl_options) for label in labels]
    if fmt == "png":
        return [render_png(label, media) for label in labels]
    if fmt == "pdf":
        from printers.render.pdf_label import render_pdf_labels

        return [render_pdf_labels(list(labels), media)]
    raise ValueError(f"unknown label format {fmt!r}; choose one of {', '.join(FORMATS)}")
