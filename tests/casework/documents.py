"""Small documents of every kind, made in memory, for the documents' tests."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40) + b"\xff\xd9"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(part: str, *extra: str) -> bytes:
    return zipped(
        {"[Content_Types].xml": b"<Types/>", part: b"<x/>", **{name: b"x" for name in extra}}
    )


def opendocument(mimetype: str) -> bytes:
    return zipped({"mimetype": mimetype.encode(), "content.xml": b"<x/>"})


DOCX = ooxml("word/document.xml")
XLSX = ooxml("xl/workbook.xml")
PPTX = ooxml("ppt/presentation.xml")
ODT = opendocument("application/vnd.oasis.opendocument.text")
ODS = opendocument("application/vnd.oasis.opendocument.spreadsheet")

REFUSED = {
    "executable": b"MZ\x90\x00" + bytes(60),
    "html": b"<!DOCTYPE html><script>alert(1)</script>",
    "plain text": b"Gewoon tekst, geen document.",
    "zip without markers": zipped({"readme.txt": b"hallo"}),
    "word with macros": ooxml("word/document.xml", "word/vbaProject.bin"),
    "opendocument drawing": opendocument("application/vnd.oasis.opendocument.graphics"),
    "broken zip": b"PK\x03\x04" + bytes(30),
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
}
