"""The text of a PDF made by WeasyPrint, for tests that check what a report says (no PDF
library is a dependency of Koers).

WeasyPrint writes text as glyph ids in hexadecimal strings (``[<002b>0<0044>] TJ``) under
subset fonts named ``/ABCDEF 16 Tf``, each with a ToUnicode map (``beginbfchar``); streams are
compressed (FlateDecode), font dictionaries may sit in object streams. This reads just that:
enough to find words and figures, not a general PDF parser.
"""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*stream\r?\n", re.S)
_FONT = re.compile(rb"/BaseFont\s*/([A-Z]{6})\+[^>]*?/ToUnicode\s+(\d+) 0 R", re.S)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9a-fA-F]+)>")
_TOKENS = re.compile(
    rb"/([A-Za-z0-9]+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj|\bET\b"
)


def _streams(pdf: bytes) -> dict[int, bytes]:
    """Every stream's data by object number, inflated where compressed."""
    result = {}
    for match in _OBJECT.finditer(pdf):
        number, head = int(match.group(1)), match.group(2)
        length = re.search(rb"/Length\s+(\d+)(?!\s+0\s+R)", head)
        start = match.end()
        if length:
            data = pdf[start : start + int(length.group(1))]
        else:
            data = pdf[start : pdf.index(b"endstream", start)]
        if b"/FlateDecode" in head:
            try:
                data = zlib.decompress(data)
            except zlib.error:
                continue
        result[number] = data
    return result


def _unicode(hex_value: bytes) -> str:
    raw = bytes.fromhex(hex_value.decode())
    return raw.decode("utf-16-be", errors="replace")


def _cmap(data: bytes) -> dict[str, str]:
    """Glyph id (4 hex digits, lower case) -> text."""
    mapping = {}
    for block in _BFCHAR.findall(data):
        pairs = _HEX.findall(block)
        for glyph, text in zip(pairs[::2], pairs[1::2], strict=False):
            mapping[glyph.decode().lower().zfill(4)] = _unicode(text)
    for block in _BFRANGE.findall(data):
        values = _HEX.findall(block)
        for low, high, first in zip(values[::3], values[1::3], values[2::3], strict=False):
            start, end, base = int(low, 16), int(high, 16), int(first, 16)
            for offset in range(end - start + 1):
                mapping[f"{start + offset:04x}"] = chr(base + offset)
    return mapping


def pdf_text(pdf: bytes) -> str:
    """The text of every page: text objects separated by newlines, runs by a space."""
    streams = _streams(pdf)
    pool = pdf + b"\n".join(streams.values())
    fonts = {
        tag.decode(): _cmap(streams.get(int(number), b"")) for tag, number in _FONT.findall(pool)
    }
    out: list[str] = []
    for data in streams.values():
        if b"BT" not in data or b" Tf" not in data or b"ET" not in data:
            continue  # not a content stream (a font file, a colour profile)
        mapping: dict[str, str] = {}
        for match in _TOKENS.finditer(data):
            font, array, single = match.group(1), match.group(2), match.group(3)
            if font is not None:
                mapping = fonts.get(font.decode(), {})
            elif array is not None or single is not None:
                source = array if array is not None else b"<" + single + b">"
                glyphs = [
                    run.decode().lower()[index : index + 4]
                    for run in _HEX.findall(source)
                    for index in range(0, len(run), 4)
                ]
                out.extend(mapping.get(glyph, "\ufffd") for glyph in glyphs)
                if len(glyphs) > 1:
                    out.append(" ")  # a run of text; single glyphs are placed one by one (SVG)
            else:
                out.append("\n")
    return "".join(out)
