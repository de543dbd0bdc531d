"""Reading generated documents back in tests: DOCX text (python-docx) and PDF text (pypdf or
pdftotext when installed, else a small reader of the ToUnicode maps that fpdf2 and LibreOffice
write)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib


def docx_lines(data: bytes) -> list[str]:
    """Every paragraph of the body, then every table row as "cell | cell" (merged cells once)."""
    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]

    def walk(tables):
        for table in tables:
            for row in table.rows:
                cells = []
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text)
                lines.append(" | ".join(cells))
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(document.tables)
    return lines


def docx_text(data: bytes) -> str:
    return "\n".join(docx_lines(data))


def squash(text: str) -> str:
    return " ".join(text.split())


# --- PDF ---------------------------------------------------------------------------------------

_OBJ = re.compile(rb"(\d+)\s+0\s+obj\b(.*?)\bendobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    out = {}
    for match in _OBJ.finditer(pdf):
        body = match.group(2)
        stream = _STREAM.search(body)
        head = body[: stream.start()] if stream else body
        data = None
        if stream:
            data = stream.group(1)
            if b"/FlateDecode" in head:
                try:
                    data = zlib.decompress(data)
                except zlib.error:
                    data = zlib.decompressobj().decompress(data)
        out[int(match.group(1))] = (head, data)
    return out


def _hex_to_text(hex_value: bytes) -> str:
    raw = bytes.fromhex(hex_value.decode())
    return raw.decode("utf-16-be", "replace")


def _parse_cmap(data: bytes) -> tuple[dict[bytes, str], int]:
    mapping: dict[bytes, str] = {}
    width = 2
    space = re.search(rb"begincodespacerange\s*<([0-9a-fA-F]+)>", data)
    if space:
        width = len(space.group(1)) // 2
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[bytes.fromhex(src.decode())] = _hex_to_text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, rest in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])", block
        ):
            start, end = int(lo, 16), int(hi, 16)
            size = len(lo) // 2
            if rest.startswith(b"["):
                targets = re.findall(rb"<([0-9a-fA-F]*)>", rest)
                for i, dst in enumerate(targets):
                    mapping[(start + i).to_bytes(size, "big")] = _hex_to_text(dst)
            else:
                base = bytes.fromhex(rest[1:-1].decode())
                first = int.from_bytes(base, "big")
                for i in range(end - start + 1):
                    value = (first + i).to_bytes(len(base), "big")
                    mapping[(start + i).to_bytes(size, "big")] = value.decode(
                        "utf-16-be", "replace"
                    )
    return mapping, width


def _literal(data: bytes, i: int) -> tuple[bytes, int]:
    """Parse a PDF literal string starting after "(" at index i."""
    out = bytearray()
    depth = 1
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            n = data[i]
            if n in escapes:
                out.append(escapes[n])
            elif 0x30 <= n <= 0x37:
                digits = data[i : i + 3]
                m = re.match(rb"[0-7]{1,3}", digits)
                out.append(int(m.group(0), 8) & 0xFF)
                i += len(m.group(0)) - 1
            elif n in (0x0D, 0x0A):
                pass
            else:
                out.append(n)
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out.append(c)
        else:
            out.append(c)
        i += 1
    return bytes(out), i


_TOKEN = re.compile(rb"<([0-9a-fA-F\s]*)>|\(|/([^\s/\[\]<>()]+)|(-?\d*\.?\d+)|([A-Za-z*']+)|\[|\]")


def _decode(raw: bytes, cmap: tuple[dict[bytes, str], int] | None) -> str:
    if cmap is None:
        return raw.decode("latin-1")
    mapping, width = cmap
    return "".join(mapping.get(raw[i : i + width], "") for i in range(0, len(raw), width))


def _font_names(objects) -> dict[bytes, tuple[dict[bytes, str], int]]:
    fonts: dict[int, tuple[dict[bytes, str], int]] = {}
    for number, (head, _data) in objects.items():
        if b"/ToUnicode" in head:
            ref = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", head)
            if ref and int(ref.group(1)) in objects:
                cmap_data = objects[int(ref.group(1))][1] or b""
                fonts[number] = _parse_cmap(cmap_data)
    names: dict[bytes, tuple[dict[bytes, str], int]] = {}
    for head, _data in objects.values():
        for block in re.findall(rb"/Font\s*<<(.*?)>>", head, re.S):
            for name, ref in re.findall(rb"/([^\s/]+)\s+(\d+)\s+0\s+R", block):
                if int(ref) in fonts:
                    names.setdefault(name, fonts[int(ref)])
        for ref in re.findall(rb"/Font\s+(\d+)\s+0\s+R", head):
            inner = objects.get(int(ref), (b"", None))[0]
            for name, fref in re.findall(rb"/([^\s/]+)\s+(\d+)\s+0\s+R", inner):
                if int(fref) in fonts:
                    names.setdefault(name, fonts[int(fref)])
    return names


def _content_text(data: bytes, fonts) -> str:
    out: list[str] = []
    font = None
    operands: list = []
    i = 0
    in_array = False
    array: list = []
    while True:
        match = _TOKEN.search(data, i)
        if not match:
            break
        i = match.end()
        token = match.group(0)
        if token == b"(":
            raw, i = _literal(data, i)
            (array if in_array else operands).append(("s", raw))
        elif match.group(1) is not None:
            raw = bytes.fromhex(re.sub(rb"\s", b"", match.group(1)).decode())
            (array if in_array else operands).append(("s", raw))
        elif token == b"[":
            in_array, array = True, []
        elif token == b"]":
            in_array = False
            operands.append(("a", array))
        elif match.group(2) is not None:
            operands.append(("n", match.group(2)))
        elif match.group(3) is not None:
            (array if in_array else operands).append(("f", float(match.group(3))))
        elif match.group(4) is not None:
            op = match.group(4)
            cmap = fonts.get(font) if font else None
            if op == b"Tf":
                names = [v for k, v in operands if k == "n"]
                font = names[-1] if names else font
            elif op in (b"Tj", b"'", b'"'):
                strings = [v for k, v in operands if k == "s"]
                if strings:
                    out.append(_decode(strings[-1], cmap))
            elif op == b"TJ":
                arrays = [v for k, v in operands if k == "a"]
                for kind, value in arrays[-1] if arrays else []:
                    if kind == "s":
                        out.append(_decode(value, cmap))
                    elif kind == "f" and value < -250:
                        out.append(" ")
            elif op in (b"Td", b"TD", b"T*", b"ET", b"Tm"):
                out.append("\n")
            operands = []
    return "".join(out)


def _own_pdf_text(pdf: bytes) -> str:
    objects = _objects(pdf)
    fonts = _font_names(objects)
    parts = []
    for head, data in objects.values():
        if data and b"/Length" in head and b"/Type" not in head and b"BT" in data:
            parts.append(_content_text(data, fonts))
    return "\n".join(parts)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF: pypdf, else poppler's pdftotext, else our ToUnicode reader."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(pdf))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except ImportError:
        pass
    exe = shutil.which("pdftotext")
    if exe:
        result = subprocess.run(  # noqa: S603
            [exe, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        )
        return result.stdout.decode("utf-8")
    return _own_pdf_text(pdf)


def pdf_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def embedded_fonts(pdf: bytes) -> list[bytes]:
    """The embedded TrueType programs (FontFile2 streams), decompressed."""
    objects = _objects(pdf)
    out = []
    for head, _data in objects.values():
        ref = re.search(rb"/FontFile2\s+(\d+)\s+0\s+R", head)
        if ref and int(ref.group(1)) in objects:
            out.append(objects[int(ref.group(1))][1] or b"")
    return out
