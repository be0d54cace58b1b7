"""Several of our PDFs as one file, one part at a time.

A wave's manifests are rendered route by route (reportlab keeps every page of a document in
memory until it saves, which for a whole wave's 12,000 pages was a gigabyte); where one file is
wanted, the route PDFs are joined here: each part's objects are renumbered and copied as they
are (streams untouched), its page tree hung under one new root. Only what reportlab writes is
read: one classic xref table, no object streams, no incremental updates.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

_HEADER = b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n"
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_ROOT = re.compile(rb"/Root (\d+) 0 R")
_INFO = re.compile(rb"/Info (\d+) 0 R")
_PAGES = re.compile(rb"/Pages (\d+) 0 R")
_COUNT = re.compile(rb"/Count (\d+)")
_REF = re.compile(rb"(\d+) 0 R\b")
_OBJ_HEAD = re.compile(rb"\d+ 0 obj")
_CATALOG, _PAGE_TREE = 1, 2  # the joined file's own two objects


class PdfJoinError(ValueError):
    """A part is not a PDF as reportlab writes them."""


def join_pdfs(parts: Iterable[bytes], *, title: str = "") -> bytes:
    """One PDF with the pages of every part, in order. `parts` may be a generator: each part is
    copied and dropped before the next is asked for."""
    out = io.BytesIO()
    out.write(_HEADER)
    offsets: dict[int, int] = {}
    kids: list[int] = []
    total_pages = 0
    next_number = 3
    for part in parts:
        objects, root, info = _objects(part)
        catalog = objects.pop(root)
        objects.pop(info, None)  # each part's title and dates; the joined file gets its own
        match = _PAGES.search(catalog)
        if match is None:
            raise PdfJoinError("catalog without /Pages")
        tree = int(match[1])
        renumber = {old: next_number + i for i, old in enumerate(sorted(objects))}
        next_number += len(objects)
        for old, body in sorted(objects.items()):
            if old == tree:
                counted = _COUNT.search(body)
                total_pages += int(counted[1]) if counted else 0
                body = body.replace(b"<<", f"<< /Parent {_PAGE_TREE} 0 R".encode(), 1)
            offsets[renumber[old]] = out.tell()
            out.write(f"{renumber[old]} 0 obj\n".encode())
            out.write(_renumbered(body, renumber))
            out.write(b"\nendobj\n")
        kids.append(renumber[tree])
    offsets[_CATALOG] = out.tell()
    out.write(f"{_CATALOG} 0 obj\n<< /Type /Catalog /Pages {_PAGE_TREE} 0 R >>\nendobj\n".encode())
    offsets[_PAGE_TREE] = out.tell()
    refs = " ".join(f"{kid} 0 R" for kid in kids)
    out.write(
        f"{_PAGE_TREE} 0 obj\n<< /Type /Pages /Kids [ {refs} ] /Count {total_pages} >>\n"
        "endobj\n".encode()
    )
    info_number = next_number
    offsets[info_number] = out.tell()
    out.write(
        f"{info_number} 0 obj\n<< /Title {_pdf_text(title)} /Creator (Hub Sorter) >>\n"
        "endobj\n".encode()
    )
    xref = out.tell()
    size = info_number + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offsets[n]:010d} 00000 n \n".encode() for n in range(1, size)))
    out.write(
        f"trailer\n<< /Size {size} /Root {_CATALOG} 0 R /Info {info_number} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _objects(pdf: bytes) -> tuple[dict[int, bytes], int, int]:
    """Each object's body (between `N 0 obj` and `endobj`) by number, the catalog's number and
    the info dictionary's (0 if none), from the part's xref table."""
    end = _STARTXREF.search(pdf[-64:])
    if end is None:
        raise PdfJoinError("no startxref")
    xref = int(end[1])
    trailer_at = pdf.index(b"trailer", xref)
    table = pdf[xref:trailer_at]
    trailer = pdf[trailer_at:]
    root, info = _ROOT.search(trailer), _INFO.search(trailer)
    if not table.startswith(b"xref") or root is None:
        raise PdfJoinError("not a classic xref table")
    lines = table.split(b"\n", 2)
    first = int(lines[1].split()[0])
    starts = {
        first + i: int(entry[1])
        for i, entry in enumerate(_XREF_ENTRY.finditer(lines[2]))
        if entry[3] == b"n"
    }
    ordered = sorted(starts.items(), key=lambda item: item[1])
    bounds = [offset for _, offset in ordered[1:]] + [xref]
    objects: dict[int, bytes] = {}
    for (number, start), stop in zip(ordered, bounds, strict=True):
        chunk = pdf[start:stop]
        head = _OBJ_HEAD.match(chunk)
        tail = chunk.rfind(b"endobj")
        if head is None or tail < 0:
            raise PdfJoinError(f"object {number} is not where the xref says")
        objects[number] = chunk[head.end() : tail].strip(b"\r\n")
    return objects, int(root[1]), int(info[1]) if info else 0


def _renumbered(body: bytes, renumber: dict[int, int]) -> bytes:
    """References rewritten in the object's dictionary; a stream's data is copied as it is. A
    reference to the part's own catalog or info (not copied) becomes null."""

    def new_ref(match: re.Match[bytes]) -> bytes:
        number = renumber.get(int(match[1]))
        return b"null" if number is None else f"{number} 0 R".encode()

    cut = body.find(b"stream")
    head, rest = (body, b"") if cut < 0 else (body[:cut], body[cut:])
    return _REF.sub(new_ref, head) + rest


def _pdf_text(text: str) -> str:
    """A PDF text string: UTF-16BE with its byte order mark, as hex (any characters)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"
