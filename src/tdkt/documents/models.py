"""Document templates (mẫu văn bản, versioned, never deleted) and certificate layouts (bố cục in
Bằng khen / Giấy khen on pre-printed blanks)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def template_upload_to(instance: DocumentTemplate, filename: str) -> str:
    return (
        f"documents/templates/{instance.code}/v{instance.version}-{instance.file_sha256[:12]}.docx"
    )


class DocumentTemplateQuerySet(models.QuerySet):
    def valid_on(self, on):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on),
        )


class DocumentTemplate(models.Model):
    """One version of an uploaded DOCX template. A new version supersedes the previous ones from
    its ``valid_from``; older versions stay for documents dated before it."""

    code = models.CharField(_("mã mẫu"), max_length=60, db_index=True)
    name = models.CharField(_("tên mẫu"), max_length=255)
    version = models.PositiveIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp DOCX"), upload_to=template_upload_to, max_length=255)
    file_sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    regime = models.ForeignKey(
        "catalog.Regime",
        verbose_name=_("chế độ pháp lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_templates",
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_templates",
    )
    created = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    objects = DocumentTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="documents_template_version")
        ]

    def __str__(self) -> str:
        return _("%(name)s (phiên bản %(version)s)") % {"name": self.name, "version": self.version}

    is_builtin = False

    def read_bytes(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()


class PageOrientation(models.TextChoices):
    LANDSCAPE = "L", _("Khổ ngang")
    PORTRAIT = "P", _("Khổ dọc")


class CertificateLayout(models.Model):
    """Where each text goes on a certificate page, in millimetres from the top left corner.

    ``fields`` maps a field name (see services.CERTIFICATE_FIELDS) to
    {"x", "y", "w" (mm), "size" (pt), "bold", "italic", "align" (L/C/R/J), "color" ("#rrggbb"),
    "show"}; a field missing from the layout or with "show": false is not printed (the blank
    has it pre-printed).
    """

    code = models.CharField(_("mã bố cục"), max_length=60, unique=True)
    name = models.CharField(_("tên bố cục"), max_length=255)
    page_format = models.CharField(_("khổ giấy"), max_length=10, default="A4")
    orientation = models.CharField(
        _("hướng giấy"),
        max_length=1,
        choices=PageOrientation.choices,
        default=PageOrientation.LANDSCAPE,
    )
    fields = models.JSONField(_("vị trí các trường"), default=dict)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate_layouts",
    )
    created = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bố cục in bằng khen, giấy khen")
        verbose_name_plural = _("bố cục in bằng khen, giấy khen")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


def certificate_batch_upload_to(instance: CertificateBatch, filename: str) -> str:
    """Kept under MEDIA_ROOT, which is never served publicly: downloads go through a
    scope-checked view."""
    return f"documents/certificates/{instance.created:%Y}/batch-{instance.pk}.pdf"


class BatchState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ in")
    RUNNING = "running", _("Đang in")
    DONE = "done", _("Đã in xong")
    FAILED = "failed", _("Lỗi")


class CertificateBatch(models.Model):
    """One print run of certificates (Bằng khen / Giấy khen) for the awardees of a decision:
    one PDF page per valid award, rendered in the background with its progress kept here."""

    decision = models.ForeignKey(
        "registry.Decision",
        verbose_name=_("quyết định"),
        on_delete=models.PROTECT,
        related_name="certificate_batches",
    )
    honour = models.ForeignKey(
        "catalog.Honour",
        verbose_name=_("danh hiệu, hình thức"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate_batches",
    )
    layout_code = models.CharField(_("bố cục in"), max_length=60)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=BatchState.choices, default=BatchState.QUEUED
    )
    award_ids = models.JSONField(_("các khen thưởng được in"), default=list)
    total = models.PositiveIntegerField(_("tổng số trang"), default=0)
    done = models.PositiveIntegerField(_("số trang đã in"), default=0)
    result = models.FileField(
        _("tệp PDF"), upload_to=certificate_batch_upload_to, max_length=255, blank=True
    )
    error = models.TextField(_("lỗi"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate_batches",
    )
    created = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt in bằng khen, giấy khen")
        verbose_name_plural = _("lượt in bằng khen, giấy khen")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["unit", "-created"], name="cert_batch_unit_idx")]

    def __str__(self) -> str:
        return _("Lượt in #%(pk)s") % {"pk": self.pk}

    @property
    def is_busy(self) -> bool:
        return self.state in (BatchState.QUEUED, BatchState.RUNNING)

    @property
    def progress(self) -> int:
        if self.state == BatchState.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
