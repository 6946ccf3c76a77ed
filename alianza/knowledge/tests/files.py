"""Files made in the test: a real PDF with a given text, one with JavaScript, a DOCX, an
XLSX, a macro-enabled workbook, a program pretending to be a PDF."""

from __future__ import annotations

import io
import zipfile


def pdf_bytes(text: str, *, javascript: bool = False) -> bytes:
    """A one-page PDF showing `text` (WinAnsi: accents allowed), optionally with an
    OpenAction running JavaScript."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("cp1252")
    action = b" /OpenAction 6 0 R" if javascript else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + action + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if javascript:
        objects.append(b"<< /S /JavaScript /JS (app.alert\\('x'\\)) >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def macro_xlsx_bytes() -> bytes:
    """A workbook carrying a VBA project (as .xlsm files do), named .xlsx."""
    source = io.BytesIO(xlsx_bytes([["a"]]))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as copy:
        for item in original.infolist():
            copy.writestr(item, original.read(item.filename))
        copy.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    return out.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows program (MZ header)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
