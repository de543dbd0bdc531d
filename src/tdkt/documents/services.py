"""Generated documents: versioned DOCX templates (docxtpl), rendering, conversion to PDF with
LibreOffice, and the context builders for the built-in templates.

- ``template_upload``: a new version of a template, checked (a real DOCX that renders with the
  sample context) before it is stored; the previous versions stay, closed the day before.
- ``template_for``: the version valid on a date, else the built-in default (default_templates).
- ``render_docx``: fill a template; every string is normalised to NFC, dates become dd/mm/yyyy.
- ``docx_to_pdf``: LibreOffice headless with a private profile per run (conversions sharing one
  profile at the same time silently lose files).
- ``award_list_context`` / ``payment_list_context``: rows -> STT, amounts with dot separators,
  per-unit subtotals, total and total in words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.common.audit import audit_log, snapshot
from tdkt.common.text import amount_in_words, format_vnd, nfc
from tdkt.documents import default_templates
from tdkt.documents.models import DocumentTemplate

__all__ = [
    "BuiltinTemplate",
    "DocumentError",
    "award_list_context",
    "date_parts",
    "docx_to_pdf",
    "jinja_env",
    "libreoffice_path",
    "nfc_text",
    "ngay_thang_nam",
    "payment_list_context",
    "prepare_context",
    "render_docx",
    "render_template_bytes",
    "template_deactivate",
    "template_for",
    "template_upload",
    "validate_docx",
]

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
_CODE_RE = re.compile(r"^[a-z0-9_]{2,60}$")
_DMY_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class DocumentError(ValidationError):
    """A document could not be produced; the message is Vietnamese and can be shown as is."""


@dataclass(frozen=True)
class BuiltinTemplate:
    """The built-in default of a template code (version 0), same interface as DocumentTemplate."""

    code: str
    name: str
    version: int = 0
    is_builtin: bool = True

    def read_bytes(self) -> bytes:
        return default_templates.build_template(self.code)

    def __str__(self) -> str:
        return _("%(name)s (mẫu mặc định)") % {"name": self.name}


# --- context ---------------------------------------------------------------------------------


def date_parts(d: dt.date) -> dict[str, str]:
    """Day and month as Decree 30 writes them: days below 10 and months 1 and 2 get a zero."""
    return {
        "day": f"{d.day:02d}",
        "month": f"{d.month:02d}" if d.month < 3 else str(d.month),
        "year": str(d.year),
    }


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DMY_RE.match(value.strip())
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def ngay_thang_nam(value: Any) -> str:
    """Jinja filter: "20/01/2026" or a date -> "ngày 20 tháng 01 năm 2026"."""
    d = _as_date(value)
    if d is None:
        return "ngày ... tháng ... năm ..." if not value else str(value)
    parts = date_parts(d)
    return f"ngày {parts['day']} tháng {parts['month']} năm {parts['year']}"


def _vnd(value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        return value
    return format_vnd(value)


def _words(value: Any) -> str:
    if value in (None, ""):
        return ""
    return amount_in_words(int(value))


@functools.cache
def jinja_env():
    """The Jinja environment of every template: our filters, no access to Python internals."""
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=False)  # docxtpl escapes the XML itself
    env.filters.update({"ngay_thang_nam": ngay_thang_nam, "vnd": _vnd, "bang_chu": _words})
    return env


def nfc_text(value: str | None) -> str:
    """NFC like common.text.nfc (spaces collapsed, ends stripped) but keeping line breaks."""
    if value is None:
        return ""
    lines = [nfc(line) for line in str(value).splitlines()]
    return "\n".join(lines).strip("\n")


def _prepare(value: Any) -> Any:
    if isinstance(value, str):
        return nfc_text(value)
    if isinstance(value, dt.datetime):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, Mapping):
        return {str(k): _prepare(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v) for v in value]
    return value


def prepare_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """NFC strings, dates as dd/mm/yyyy (recursively). A ``date`` key (a date) also fills
    ``day``, ``month`` and ``year`` for the "ngày ... tháng ... năm ..." line."""
    result = _prepare(dict(context))
    d = _as_date(context.get("date"))
    if d is not None:
        for key, value in date_parts(d).items():
            result.setdefault(key, value)
    return result


# --- rendering -------------------------------------------------------------------------------


def _jinja_error_message(exc: Exception, data: bytes | None = None) -> str:
    from jinja2 import TemplateSyntaxError, UndefinedError

    if isinstance(exc, TemplateSyntaxError):
        suspect = _suspect_paragraph(data) if data else None
        if suspect:
            return _("Mẫu có lỗi cú pháp Jinja: %(error)s. Đoạn nghi có lỗi: “%(text)s”.") % {
                "error": exc.message,
                "text": suspect,
            }
        return _("Mẫu có lỗi cú pháp Jinja: %(error)s.") % {"error": exc.message}
    if isinstance(exc, UndefinedError):
        return _("Mẫu dùng một biến không có trong dữ liệu: %(error)s.") % {"error": exc.message}
    return _("Không điền được dữ liệu vào mẫu: %(error)s.") % {"error": exc}


def _suspect_paragraph(data: bytes) -> str | None:
    """The first paragraph whose Jinja delimiters do not pair up (a typo such as "{{ name }")."""
    try:
        from docx import Document

        document = Document(io.BytesIO(data))
    except Exception:
        return None
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for paragraph in paragraphs:
        text = paragraph.text
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            return text[:120]
    return None


def render_template_bytes(data: bytes, context: Mapping[str, Any]) -> bytes:
    """Fill the DOCX template ``data`` with ``context``; DocumentError on a template error."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    template = DocxTemplate(io.BytesIO(data))
    try:
        template.render(prepare_context(context), jinja_env=jinja_env(), autoescape=True)
    except TemplateError as exc:
        raise DocumentError(_jinja_error_message(exc, data)) from exc
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def render_docx(
    code: str, context: Mapping[str, Any], *, on: dt.date | None = None, regime=None
) -> bytes:
    """The document ``code`` filled with ``context``, from the template valid on ``on``."""
    template = template_for(code, on=on, regime=regime)
    return render_template_bytes(template.read_bytes(), context)


# --- templates: choosing and uploading -------------------------------------------------------


def template_for(code: str, *, on: dt.date | None = None, regime=None):
    """The active uploaded version of ``code`` valid on ``on`` (today by default), for the legal
    regime in force that day (or ``regime``); else the built-in default. DocumentError if none."""
    from tdkt.catalog.models import Regime

    on = on or timezone.localdate()
    if regime is None:
        regime = Regime.objects.valid_on(on).order_by("-valid_from").first()
    regime_q = Q(regime__isnull=True) | Q(regime=regime) if regime else Q(regime__isnull=True)
    found = (
        DocumentTemplate.objects.filter(code=code, is_active=True)
        .valid_on(on)
        .filter(regime_q)
        .order_by("-version")
        .first()
    )
    if found is not None:
        return found
    if code in default_templates.BUILTIN_NAMES:
        return BuiltinTemplate(code=code, name=str(default_templates.BUILTIN_NAMES[code]))
    raise DocumentError(
        _("Chưa có mẫu văn bản “%(code)s”: hãy tải mẫu lên trước.") % {"code": code}
    )


def _read_upload(file: Any) -> tuple[bytes, str]:
    if isinstance(file, bytes | bytearray):
        return bytes(file), ""
    name = Path(getattr(file, "name", "") or "").name
    size = getattr(file, "size", None)
    if size is not None and size > MAX_TEMPLATE_BYTES:
        raise DocumentError({"file": _("Tệp mẫu quá lớn (tối đa 10 MB).")})
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_TEMPLATE_BYTES + 1)
    return data, name


def validate_docx(data: bytes) -> None:
    """A real Word document (.docx): a zip with word/document.xml, without macros."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise DocumentError({"file": _("Tệp mẫu quá lớn (tối đa 10 MB).")})
    if not data.startswith(b"PK\x03\x04"):
        raise DocumentError(
            {"file": _("Tệp tải lên không phải tài liệu Word .docx (có thể là .doc cũ hoặc PDF).")}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DocumentError({"file": _("Tệp .docx bị hỏng, không đọc được.")}) from exc
    if "word/document.xml" not in names:
        raise DocumentError(
            {"file": _("Tệp tải lên không phải tài liệu Word .docx (thiếu word/document.xml).")}
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise DocumentError({"file": _("Tệp mẫu có macro (.docm): hãy lưu lại dạng .docx.")})
    if total > MAX_UNCOMPRESSED_BYTES:
        raise DocumentError({"file": _("Tệp mẫu giải nén ra quá lớn.")})


def _sample_context(code: str) -> dict[str, Any]:
    if code in default_templates.SAMPLE_CONTEXTS:
        return default_templates.SAMPLE_CONTEXTS[code]
    merged: dict[str, Any] = {}
    for context in default_templates.SAMPLE_CONTEXTS.values():
        merged.update(context)
    return merged


def template_upload(
    *,
    code: str,
    file: Any,
    actor=None,
    reason: str = "",
    name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    regime=None,
) -> DocumentTemplate:
    """Store a new version of template ``code`` (valid from ``valid_from``, today by default).

    The upload must be a DOCX that renders with the sample context of its code. Older versions
    that were open on that date are closed the day before; none is ever deleted.
    """
    code = nfc(code or "").strip()
    if not _CODE_RE.match(code):
        raise DocumentError(
            {
                "code": _(
                    "Mã mẫu chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới (2–60 ký tự)."
                )
            }
        )
    data, original_name = _read_upload(file)
    validate_docx(data)
    valid_from = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < valid_from:
        raise DocumentError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})
    try:
        render_template_bytes(data, _sample_context(code))
    except DocumentError as exc:
        raise DocumentError({"file": exc.messages}) from exc
    except Exception as exc:
        raise DocumentError(
            {
                "file": _("Không dùng được tệp mẫu: %(error)s")
                % {"error": f"{type(exc).__name__}: {exc}"}
            }
        ) from exc
    name = nfc(name or "").strip() or str(default_templates.BUILTIN_NAMES.get(code, code))

    try:
        return _store_version(
            code=code,
            data=data,
            name=name,
            original_name=original_name,
            valid_from=valid_from,
            valid_to=valid_to,
            regime=regime,
            actor=actor,
            reason=reason,
        )
    except IntegrityError as exc:  # two uploads of the same code at the same moment
        raise DocumentError(
            {"file": _("Vừa có người tải lên một phiên bản khác của mẫu này, hãy thử lại.")}
        ) from exc


def _store_version(
    *, code, data, name, original_name, valid_from, valid_to, regime, actor, reason
) -> DocumentTemplate:
    with transaction.atomic():
        existing = list(DocumentTemplate.objects.select_for_update().filter(code=code))
        version = (max((t.version for t in existing), default=0)) + 1
        template = DocumentTemplate(
            code=code,
            name=name[:255],
            version=version,
            file_sha256=hashlib.sha256(data).hexdigest(),
            original_name=original_name[:255],
            valid_from=valid_from,
            valid_to=valid_to,
            regime=regime,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            reason=nfc(reason or "")[:500],
        )
        template.file.save(f"{code}.docx", ContentFile(data), save=False)
        template.save()
        audit_log(template, action="create", actor=actor, after=snapshot(template), reason=reason)
        day_before = valid_from - dt.timedelta(days=1)
        for old in existing:
            if old.regime_id != template.regime_id or not old.is_active:
                continue
            starts_before = old.valid_from is None or old.valid_from < valid_from
            open_then = old.valid_to is None or old.valid_to >= valid_from
            if starts_before and open_then:
                before = snapshot(old, ["valid_to"])
                old.valid_to = day_before
                old.save(update_fields=["valid_to"])
                audit_log(
                    old,
                    action="update",
                    actor=actor,
                    before=before,
                    after=snapshot(old, ["valid_to"]),
                    reason=f"Thay bằng phiên bản {version}",
                )
    return template


def template_deactivate(*, template: DocumentTemplate, actor=None, reason: str = ""):
    """Stop using one version (kept for the record); the previous rules choose another."""
    if not (reason or "").strip():
        raise DocumentError({"reason": _("Cần ghi lý do ngừng dùng mẫu.")})
    with transaction.atomic():
        before = snapshot(template, ["is_active"])
        template.is_active = False
        template.save(update_fields=["is_active"])
        audit_log(
            template,
            action="update",
            actor=actor,
            before=before,
            after=snapshot(template, ["is_active"]),
            reason=nfc(reason),
        )
    return template


def template_versions(code: str):
    """Every version of ``code``, newest first (for a history screen)."""
    return DocumentTemplate.objects.filter(code=code).order_by("-version")


def next_version(code: str) -> int:
    current = DocumentTemplate.objects.filter(code=code).aggregate(v=Max("version"))["v"]
    return (current or 0) + 1


# --- context builders for the built-in lists -------------------------------------------------

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _amount(value: Any) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, Decimal | float):
        return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return int(value)


def award_list_context(rows: Iterable[Mapping[str, Any]], **header: Any) -> dict[str, Any]:
    """Context of "danh_sach_kem_theo": rows of {name, position_unit, honour, amount}."""
    out_rows = []
    total = 0
    for i, row in enumerate(rows, start=1):
        amount = _amount(row.get("amount"))
        total += amount
        out_rows.append(
            {
                "stt": i,
                "name": row.get("name", ""),
                "position_unit": row.get("position_unit", ""),
                "honour": row.get("honour", ""),
                "amount": format_vnd(amount) if amount else "",
            }
        )
    context = {"unit_noun": "cá nhân, tập thể", **header}
    context.update(
        rows=out_rows,
        total=format_vnd(total),
        total_words=amount_in_words(total),
    )
    return context


def payment_list_context(rows: Iterable[Mapping[str, Any]], **header: Any) -> dict[str, Any]:
    """Context of "danh_sach_chi_tien_thuong": rows of {unit, name, honour, amount}, grouped by
    unit in the order units first appear, numbered I, II, ... with a subtotal per unit."""
    groups: dict[str, dict[str, Any]] = {}
    total = 0
    for row in rows:
        unit = nfc(str(row.get("unit") or "")) or "Khác"
        group = groups.get(unit)
        if group is None:
            group = groups[unit] = {
                "label": roman(len(groups) + 1),
                "unit": unit,
                "rows": [],
                "_sum": 0,
            }
        amount = _amount(row.get("amount"))
        group["rows"].append(
            {
                "stt": 0,
                "name": row.get("name", ""),
                "honour": row.get("honour", ""),
                "amount": format_vnd(amount),
            }
        )
        group["_sum"] += amount
        total += amount
    out_groups = []
    stt = 0
    for group in groups.values():
        for row in group["rows"]:  # numbered in printed order, across units
            stt += 1
            row["stt"] = stt
        subtotal = group.pop("_sum")
        out_groups.append({**group, "subtotal": format_vnd(subtotal)})
    context = dict(header)
    context.update(
        groups=out_groups,
        total=format_vnd(total),
        total_words=amount_in_words(total),
    )
    return context


# --- LibreOffice -----------------------------------------------------------------------------

_LIBREOFFICE_CANDIDATES = (
    "libreoffice",
    "soffice",
    "/usr/bin/libreoffice",
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)


def libreoffice_path() -> str | None:
    for candidate in _LIBREOFFICE_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def docx_to_pdf(docx_bytes: bytes, *, timeout: float = 120) -> bytes:
    """Convert a DOCX to PDF with LibreOffice (headless, private profile, time limit)."""
    exe = libreoffice_path()
    if exe is None:
        raise DocumentError(
            _(
                "Máy chủ chưa cài LibreOffice nên chưa chuyển được văn bản sang PDF. Hãy cài gói "
                "Debian libreoffice-writer-nogui (apt-get install --no-install-recommends "
                "libreoffice-writer-nogui) hoặc tải tệp DOCX về."
            )
        )
    with tempfile.TemporaryDirectory(prefix="tdkt-lo-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx_bytes)
        outdir = work / "out"
        command = [
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work), "LANG": "C.UTF-8"}
        process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=work,
            start_new_session=True,
        )
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise DocumentError(
                _("LibreOffice không chuyển xong văn bản sang PDF trong %(seconds)s giây.")
                % {"seconds": f"{timeout:g}".replace(".", ",")}
            ) from exc
        result = outdir / "document.pdf"
        if process.returncode != 0 or not result.is_file():
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            if detail[0]:
                message = _(
                    "LibreOffice không chuyển được văn bản sang PDF (mã lỗi %(code)s: %(detail)s)."
                ) % {"code": process.returncode, "detail": detail[0]}
            else:
                message = _("LibreOffice không chuyển được văn bản sang PDF (mã lỗi %(code)s).") % {
                    "code": process.returncode
                }
            raise DocumentError(message)
        return result.read_bytes()
