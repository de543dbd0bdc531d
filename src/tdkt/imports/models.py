"""Import batches (lô nhập Excel): the uploaded file, the column mapping, the preview of every
row and, once confirmed, what was written. Nothing reaches the registry before confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PEOPLE = "people", _("Danh sách cá nhân")
    RATINGS = "ratings", _("Xếp loại hằng năm")
    AWARDS = "awards", _("Khen thưởng")
    NOMINEES = "nominees", _("Danh sách đề nghị khen thưởng")


#: Kinds chosen on the generic upload screen (a nominee list is imported from its proposal).
REGISTRY_KINDS = (ImportKind.PEOPLE, ImportKind.RATINGS, ImportKind.AWARDS)


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Đang đọc tệp")
    PREVIEW = "preview", _("Chờ xác nhận")
    WRITING = "writing", _("Đang ghi vào sổ")
    CONFIRMED = "confirmed", _("Đã ghi vào sổ")
    FAILED = "failed", _("Thất bại")
    CANCELLED = "cancelled", _("Đã hủy")


class RowStatus(models.TextChoices):
    ERROR = "error", _("Lỗi")
    DUPLICATE = "duplicate", _("Trùng")
    WARNING = "warning", _("Cảnh báo")
    OK = "ok", _("Hợp lệ")


#: Errors first in the preview, then duplicates, warnings and valid rows.
ROW_STATUS_RANK = {
    RowStatus.ERROR: 0,
    RowStatus.DUPLICATE: 1,
    RowStatus.WARNING: 2,
    RowStatus.OK: 3,
}


def upload_to(instance: ImportBatch, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{instance.file_sha256[:2]}/{instance.file_sha256}.{suffix}"


class ImportBatch(models.Model):
    kind = models.CharField(_("loại dữ liệu"), max_length=10, choices=ImportKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    #: For a nominee list: the proposal (tờ trình) the rows are added to.
    proposal = models.ForeignKey(
        "nominations.Proposal",
        verbose_name=_("tờ trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    file = models.FileField(_("tệp"), upload_to=upload_to, max_length=255)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    file_format = models.CharField(max_length=5)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    #: {"create_missing": bool, "default_year": int|None, "skip_errors": bool}
    options = models.JSONField(default=dict, blank=True)
    #: {"sheet": str, "header_row": int, "data_row": int, "columns": [...], "fields": {...},
    #:  "override": bool}
    mapping = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    ok_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    written_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(_("thông báo"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated = models.DateTimeField(_("sửa lúc"), auto_now=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lô nhập Excel")
        verbose_name_plural = _("lô nhập Excel")
        ordering = ("-created", "-id")
        indexes = (models.Index(fields=["user", "-created"], name="import_user_idx"),)

    def __str__(self) -> str:
        return _("Lô nhập #%(id)s – %(name)s") % {"id": self.pk, "name": self.file_name}

    @property
    def is_busy(self) -> bool:
        return self.status in (BatchStatus.PENDING, BatchStatus.WRITING)

    @property
    def can_confirm(self) -> bool:
        return self.status == BatchStatus.PREVIEW and self.writable_count > 0

    @property
    def writable_count(self) -> int:
        return self.ok_count + self.warning_count


class ImportRow(models.Model):
    """The preview of one spreadsheet row: status, problems and the values understood."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("dòng"))
    status = models.CharField(_("kết quả"), max_length=10, choices=RowStatus.choices)
    status_rank = models.PositiveSmallIntegerField(default=3)
    #: the cells as read, keyed by field ("full_name": "Nguyễn Văn An", ...)
    cells = models.JSONField(default=dict)
    #: what the row resolved to, for display ("person": "Nguyễn Văn An (mã 12)", ...)
    resolved = models.JSONField(default=dict)
    #: [{"level": "error"|"warning"|"duplicate", "column": "Ngày sinh", "message": "..."}]
    problems = models.JSONField(default=list)
    #: [{"column": "Họ và tên", "original": "NguyÔn V¨n An", "converted": "Nguyễn Văn An",
    #:   "encoding": "tcvn3"}]
    conversions = models.JSONField(default=list)

    class Meta:
        verbose_name = _("dòng nhập")
        verbose_name_plural = _("dòng nhập")
        ordering = ("batch", "status_rank", "row_number")
        constraints = (
            models.UniqueConstraint(fields=["batch", "row_number"], name="uniq_import_row"),
        )
        indexes = (
            models.Index(fields=["batch", "status_rank", "row_number"], name="import_row_idx"),
        )

    def __str__(self) -> str:
        return gettext("#%(batch)s dòng %(row)s: %(status)s") % {
            "batch": self.batch_id,
            "row": self.row_number,
            "status": self.status,
        }
