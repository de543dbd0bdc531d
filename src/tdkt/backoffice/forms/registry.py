"""Forms of the registry screens: list filters (shared by the screens and their exports) and the
entry forms of decisions, awards, revocations, ratings, initiatives and discipline.

The forms validate and shape input; objects chosen by id are fetched through the scoped access
helpers, and the writes go through tdkt.registry.services.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tdkt.accounts.access import (
    access_decision,
    access_household,
    access_person,
    access_unit,
    decisions_for,
    people_for,
    units_for,
)
from tdkt.backoffice.forms.fields import UnitChoiceField, VNDateField
from tdkt.catalog.models import AwardType, DisciplineLevel, Honour, InitiativeScope, Rating
from tdkt.common.text import format_vnd, nfc, search_key
from tdkt.people.enums import SubjectKind
from tdkt.registry.enums import DecisionLevel, DisciplineState, InitiativeKind, RecordStatus

# --- shared fields -----------------------------------------------------------------------------


class MoneyField(forms.Field):
    """An amount in đồng typed with or without separators: "2.340.000", "2 340 000 đ"."""

    default_error_messages: ClassVar[dict] = {
        "invalid": _("Số tiền phải là số nguyên đồng, ví dụ 2.340.000."),
        "negative": _("Số tiền không được âm."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            amount = value
        else:
            text = re.sub(r"[\s.,]|đ|vnđ|vnd", "", str(value).strip().lower())
            if not text.lstrip("-").isdigit():
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            amount = int(text)
        if amount < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        return amount

    def prepare_value(self, value):
        return format_vnd(value) if isinstance(value, int) else value


YEAR_ERRORS = {
    "invalid": _("Năm phải là một số, ví dụ 2025."),
    "min_value": _("Năm không được trước %(limit_value)s."),
    "max_value": _("Năm không được sau %(limit_value)s."),
}


def year_field(label, *, required=True, help_text=""):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1945,
        max_value=2100,
        help_text=help_text,
        error_messages={**YEAR_ERRORS, "required": _("Chưa nhập năm.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _search_input(placeholder):
    return forms.TextInput(
        attrs={"type": "search", "autocomplete": "off", "placeholder": placeholder}
    )


# --- attachments -------------------------------------------------------------------------------

#: Accepted scans, recognised by their first bytes (the name of a file proves nothing).
MAGIC = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
EXTENSIONS = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png"}


def sniff(head: bytes) -> tuple[str, str] | None:
    """(extension, content type) of a PDF/JPEG/PNG from its first bytes, else None."""
    for magic, ext, content_type in MAGIC:
        if head.startswith(magic):
            return ext, content_type
    return None


def sniff_file(fileobj) -> tuple[str, str] | None:
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    return sniff(head)


def check_attachment(upload):
    """Refuse anything that is not a real PDF/JPEG/PNG within the size limit (naming the file).

    The stored name gets the extension of the detected content.
    """
    name = Path(upload.name or "").name
    limit = settings.TDKT_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("Tệp “%(name)s” dung lượng %(size)s MB, vượt quá giới hạn %(limit)s MB.")
            % {
                "name": name,
                "size": f"{upload.size / 1048576:.1f}".replace(".", ","),
                "limit": format_vnd(limit // 1048576),
            },
            code="too_big",
        )
    if upload.size == 0:
        raise forms.ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    suffix = Path(name).suffix.lower().lstrip(".")
    detected = sniff_file(upload)
    if suffix not in EXTENSIONS or detected is None:
        raise forms.ValidationError(
            _(
                "Tệp “%(name)s” không phải bản scan PDF, JPEG hoặc PNG hợp lệ (hệ thống kiểm tra "
                "nội dung tệp, không chỉ phần đuôi tên)."
            )
            % {"name": name},
            code="bad_type",
        )
    stem = re.sub(r"[^\w.-]+", "-", Path(name).stem, flags=re.ASCII).strip("-.")[:80] or "scan"
    upload.name = f"{stem}.{detected[0]}"
    return upload


# --- filters -----------------------------------------------------------------------------------


class ListFilterForm(forms.Form):
    """A GET filter form: invalid values are dropped (never a 500), and it describes itself
    for the title block of an export."""

    list_title = ""

    def __init__(self, data=None, *, user, **kwargs):
        self.user = user
        super().__init__(data, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = units_for(user).order_by("path")

    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}

    def describe(self) -> str:
        parts = []
        for name, value in self.values().items():
            if name == "year":
                continue
            field = self.fields[name]
            shown = value
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                shown = dict(field.choices).get(value, value)
            parts.append(f"{field.label}: {shown}")
        return "; ".join(parts)

    def title(self) -> str:
        year = self.values().get("year")
        if not year:
            return str(self.list_title)
        return gettext("%(title)s NĂM %(year)s") % {"title": self.list_title, "year": year}


def unit_q(unit, prefix: str) -> Q:
    return Q(**{f"{prefix}path__gte": unit.path, f"{prefix}path__lt": unit.path + "~"})


def name_words_q(text: str, fields: tuple[str, ...]) -> Q:
    """Each word of `text` (accents and case ignored) starts a word of one of `fields`."""
    q = Q()
    for word in search_key(text).split():
        any_field = Q()
        for f in fields:
            any_field |= Q(**{f"{f}__startswith": word}) | Q(**{f"{f}__contains": " " + word})
        q &= any_field
    return q


STATUS_CHOICES = [("", _("Tất cả")), *RecordStatus.choices]
KIND_CHOICES = [("", _("Tất cả")), *SubjectKind.choices]


class AwardFilterForm(ListFilterForm):
    list_title = _("DANH SÁCH KHEN THƯỞNG")

    q = forms.CharField(
        label=_("Tên đối tượng"),
        required=False,
        max_length=200,
        widget=_search_input(_("Họ tên, tên tập thể (có dấu hoặc không dấu)")),
    )
    year = year_field(_("Năm"), required=False)
    honour = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức"),
        required=False,
        queryset=Honour.objects.all(),
        empty_label=_("Tất cả"),
    )
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=KIND_CHOICES, required=False)
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả đơn vị")
    )
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STATUS_CHOICES, required=False)

    def filter(self, qs: QuerySet) -> QuerySet:
        v = self.values()
        if "year" in v:
            qs = qs.filter(year_from__lte=v["year"], year_to__gte=v["year"])
        if "honour" in v:
            qs = qs.filter(honour=v["honour"])
        if "kind" in v:
            qs = qs.filter(subject_kind=v["kind"])
        return _subject_record_filters(qs, v)


def _subject_record_filters(qs: QuerySet, v: dict) -> QuerySet:
    """Filters shared by the lists of subject records (awards, ratings): unit at the time,
    status, and the subject's name without diacritics."""
    if "unit" in v:
        qs = qs.filter(unit_q(v["unit"], "unit_at_time__"))
    if "status" in v:
        qs = qs.filter(status=v["status"])
    if v.get("q"):
        qs = qs.filter(
            name_words_q(
                v["q"],
                ("person__search_key", "collective__search_key", "household__search_key"),
            )
        )
    return qs


class RatingFilterForm(ListFilterForm):
    list_title = _("DANH SÁCH XẾP LOẠI")

    q = forms.CharField(
        label=_("Tên đối tượng"),
        required=False,
        max_length=200,
        widget=_search_input(_("Họ tên (có dấu hoặc không dấu)")),
    )
    year = year_field(_("Năm"), required=False)
    rating = forms.ModelChoiceField(
        label=_("Xếp loại"), required=False, queryset=Rating.objects.all(), empty_label=_("Tất cả")
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả đơn vị")
    )
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STATUS_CHOICES, required=False)

    def filter(self, qs: QuerySet) -> QuerySet:
        v = self.values()
        if "year" in v:
            qs = qs.filter(year=v["year"])
        if "rating" in v:
            qs = qs.filter(rating=v["rating"])
        return _subject_record_filters(qs, v)


class DecisionFilterForm(ListFilterForm):
    list_title = _("DANH SÁCH QUYẾT ĐỊNH KHEN THƯỞNG")

    q = forms.CharField(
        label=_("Số, trích yếu"),
        required=False,
        max_length=200,
        widget=_search_input(_("Số quyết định hoặc từ trong trích yếu")),
    )
    year = year_field(_("Năm ký"), required=False)
    level = forms.ChoiceField(
        label=_("Cấp khen"), required=False, choices=[("", _("Tất cả")), *DecisionLevel.choices]
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)
    award_type = forms.ModelChoiceField(
        label=_("Loại hình"),
        required=False,
        queryset=AwardType.objects.all(),
        empty_label=_("Tất cả"),
    )

    def filter(self, qs: QuerySet) -> QuerySet:
        v = self.values()
        if "year" in v:
            qs = qs.filter(signed_on__year=v["year"])
        if "level" in v:
            qs = qs.filter(level=v["level"])
        if v.get("issuer"):
            qs = qs.filter(
                Q(issuer_name__icontains=v["issuer"]) | Q(issuer_unit__name__icontains=v["issuer"])
            )
        if "award_type" in v:
            qs = qs.filter(award_type=v["award_type"])
        if v.get("q"):
            qs = qs.filter(Q(number__icontains=v["q"]) | Q(summary__icontains=v["q"]))
        return qs


USED_CHOICES = [("", _("Tất cả")), ("1", _("Đã dùng để khen")), ("0", _("Chưa dùng"))]


class InitiativeFilterForm(ListFilterForm):
    list_title = _("DANH SÁCH SÁNG KIẾN, ĐỀ TÀI")

    q = forms.CharField(
        label=_("Mã, tên"),
        required=False,
        max_length=200,
        widget=_search_input(_("Mã số hoặc từ trong tên sáng kiến")),
    )
    year = year_field(_("Năm công nhận"), required=False)
    scope = forms.ModelChoiceField(
        label=_("Phạm vi"),
        required=False,
        queryset=InitiativeScope.objects.all(),
        empty_label=_("Tất cả"),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả đơn vị")
    )
    used = forms.ChoiceField(label=_("Sử dụng"), choices=USED_CHOICES, required=False)

    def filter(self, qs: QuerySet) -> QuerySet:
        v = self.values()
        if "year" in v:
            qs = qs.filter(year=v["year"])
        if "scope" in v:
            qs = qs.filter(scope=v["scope"])
        if "unit" in v:
            qs = qs.filter(unit_q(v["unit"], "unit__"))
        if "used" in v:
            qs = qs.filter(used_for__isnull=v["used"] == "0")
        if v.get("q"):
            qs = qs.filter(Q(code__icontains=v["q"]) | Q(title__icontains=v["q"]))
        return qs


# --- entry forms -------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    number = forms.CharField(
        label=_("Số quyết định"),
        max_length=60,
        error_messages={"required": _("Chưa nhập số quyết định.")},
    )
    signed_on = VNDateField(label=_("Ngày ký"))
    issuer_name = forms.CharField(
        label=_("Cơ quan ban hành"),
        max_length=255,
        error_messages={"required": _("Chưa nhập cơ quan ban hành.")},
    )
    issuer_unit = UnitChoiceField(
        label=_("Đơn vị ban hành (trong hệ thống)"),
        queryset=None,
        help_text=_("Quyết định được quản lý trong phạm vi của đơn vị này."),
        error_messages={"required": _("Cần chọn đơn vị ban hành.")},
    )
    level = forms.ChoiceField(label=_("Cấp khen"), choices=DecisionLevel.choices)
    award_type = forms.ModelChoiceField(
        label=_("Loại hình khen thưởng"),
        queryset=AwardType.objects.filter(is_active=True),
        initial="cong_trang",
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150, required=False)
    summary = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachment = forms.FileField(
        label=_("Bản scan (PDF, JPEG, PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for(user, write=True).current().order_by("path")
        self.fields["issuer_unit"].queryset = units
        if user.unit_id and "issuer_unit" not in self.initial:
            self.initial["issuer_unit"] = user.unit_id
        self.fields["attachment"].help_text = _("Tối đa %(mb)s MB.") % {
            "mb": settings.TDKT_UPLOAD_MAX_BYTES // 1048576
        }

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        return check_attachment(upload) if upload else None


class SubjectFormMixin:
    """A subject (person, collective, household) chosen by id inside the writer's scope."""

    def _add_subject_fields(self, user):
        self.user = user
        self.fields["subject_kind"] = forms.ChoiceField(
            label=_("Đối tượng"),
            choices=SubjectKind.choices,
            initial=SubjectKind.INDIVIDUAL,
            widget=forms.RadioSelect,
        )
        self.fields["subject_id"] = forms.IntegerField(
            label=_("Cá nhân, tập thể hoặc hộ được khen"),
            min_value=1,
            error_messages={
                "required": _("Cần tìm và chọn đối tượng."),
                "invalid": _("Mã đối tượng không hợp lệ."),
            },
            widget=forms.HiddenInput,
        )

    def clean_subject(self):
        kind = self.cleaned_data.get("subject_kind")
        pk = self.cleaned_data.get("subject_id")
        if not kind or not pk:
            return None
        access = {
            SubjectKind.INDIVIDUAL: access_person,
            SubjectKind.COLLECTIVE: access_unit,
            SubjectKind.HOUSEHOLD: access_household,
        }[kind]
        try:
            subject = access(self.user, pk, write=True)
        except Http404:
            self.add_error(
                "subject_id", _("Không tìm thấy đối tượng này trong phạm vi bạn được ghi dữ liệu.")
            )
            return None
        self.cleaned_data["subject"] = subject
        return subject

    def picked_subject(self):
        """The subject to show as chosen when the form is shown again."""
        if hasattr(self, "cleaned_data") and self.cleaned_data.get("subject"):
            return self.cleaned_data["subject"]
        return getattr(self, "_initial_subject", None)


def _decision_or_error(form, field: str, user, pk):
    if not pk:
        return None
    try:
        return access_decision(user, pk)
    except Http404:
        form.add_error(field, _("Không tìm thấy quyết định này trong phạm vi của bạn."))
        return None


class AwardForm(SubjectFormMixin, forms.Form):
    honour = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức"),
        queryset=Honour.objects.filter(is_active=True),
        error_messages={
            "required": _("Cần chọn danh hiệu, hình thức."),
            "invalid_choice": _("Danh hiệu, hình thức không có trong danh mục."),
        },
    )
    year_to = year_field(_("Năm thành tích"), help_text=_("Khen theo giai đoạn: năm cuối."))
    year_from = year_field(_("Từ năm (khen theo giai đoạn)"), required=False)
    decision_id = forms.IntegerField(
        label=_("Quyết định"), required=False, widget=forms.HiddenInput
    )
    award_type = forms.ModelChoiceField(
        label=_("Loại hình"),
        queryset=AwardType.objects.filter(is_active=True),
        required=False,
        empty_label=_("Theo quyết định"),
    )
    bonus_amount = MoneyField(
        label=_("Tiền thưởng (đồng)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    achievement = forms.CharField(
        label=_("Thành tích"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_subject_fields(user)
        self.order_fields(["subject_kind", "subject_id"])

    def clean(self):
        data = super().clean()
        self.clean_subject()
        data["decision"] = _decision_or_error(
            self, "decision_id", self.user, data.get("decision_id")
        )
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            self.add_error("year_from", _("Năm bắt đầu phải trước hoặc bằng năm thành tích."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "subject": d["subject"],
            "honour_id": d["honour"].pk,
            "year": d["year_to"],
            "year_from": d.get("year_from") or None,
            "decision": d.get("decision"),
            "award_type_id": d["award_type"].pk if d.get("award_type") else None,
            "bonus_amount": d.get("bonus_amount"),
            "achievement": d.get("achievement", ""),
        }


class AwardRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần ghi lý do thu hồi.")},
    )
    decision_id = forms.IntegerField(
        label=_("Quyết định thu hồi"), required=False, widget=forms.HiddenInput
    )
    decision_number = forms.CharField(
        label=_("Hoặc số quyết định thu hồi"),
        max_length=60,
        required=False,
        help_text=_("Quyết định đã có trong sổ, ví dụ 25/QĐ-UBND."),
    )
    decision_date = VNDateField(label=_("Ngày ký quyết định thu hồi"), required=False)
    on = VNDateField(label=_("Ngày thu hồi"), required=False, help_text=_("Để trống: hôm nay."))
    bonus_recovered = MoneyField(
        label=_("Tiền thưởng đã thu hồi (đồng)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Cần ghi lý do thu hồi."))
        return reason

    def clean_on(self):
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError(_("Ngày thu hồi không được sau ngày hôm nay."))
        return on

    def clean(self):
        data = super().clean()
        data["decision"] = _decision_or_error(
            self, "decision_id", self.user, data.get("decision_id")
        )
        if data["decision"] is None and not self.has_error("decision_id"):
            data["decision"] = self._decision_by_number(data)
        return data

    def _decision_by_number(self, data):
        """The revoking decision typed as number (and signing date): one in the user's scope."""
        number = " ".join((data.get("decision_number") or "").split())
        signed_on = data.get("decision_date")
        if not number:
            if signed_on:
                self.add_error("decision_number", _("Cần ghi số quyết định thu hồi."))
            return None
        number = nfc(number)
        # iexact folds ASCII only on SQLite: "qđ" must also find "QĐ".
        qs = decisions_for(self.user).filter(Q(number__iexact=number) | Q(number=number.upper()))
        if signed_on:
            qs = qs.filter(signed_on=signed_on)
        found = list(qs[:2])
        if not found:
            self.add_error(
                "decision_number",
                _(
                    "Không tìm thấy quyết định số %(number)s trong sổ (trong phạm vi của bạn): "
                    "hãy ghi quyết định thu hồi vào sổ trước."
                )
                % {"number": number},
            )
            return None
        if len(found) > 1:
            self.add_error(
                "decision_date",
                _("Có nhiều quyết định số %(number)s: cần ghi thêm ngày ký.") % {"number": number},
            )
            return None
        return found[0]


class RatingForm(SubjectFormMixin, forms.Form):
    year = year_field(_("Năm"))
    rating = forms.ModelChoiceField(
        label=_("Xếp loại"),
        queryset=Rating.objects.all(),
        error_messages={"required": _("Cần chọn mức xếp loại.")},
    )
    months_in_service = forms.IntegerField(
        label=_("Số tháng công tác trong năm"),
        required=False,
        min_value=0,
        max_value=12,
        error_messages={
            "min_value": _("Số tháng công tác phải từ 0 đến 12."),
            "max_value": _("Số tháng công tác phải từ 0 đến 12."),
            "invalid": _("Số tháng công tác phải là một số."),
        },
    )
    decision_ref = forms.CharField(
        label=_("Căn cứ (số quyết định, biên bản)"), max_length=200, required=False
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    replace = forms.BooleanField(
        label=_("Thay thế xếp loại đã có của năm này"),
        required=False,
        help_text=_("Bản cũ được giữ lại ở trạng thái đã hủy, có ghi nhật ký."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_subject_fields(user)
        self.fields["subject_id"].label = _("Cá nhân, tập thể hoặc hộ được xếp loại")
        self.order_fields(["subject_kind", "subject_id"])

    def clean(self):
        data = super().clean()
        self.clean_subject()
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "subject": d["subject"],
            "year": d["year"],
            "rating_id": d["rating"].pk,
            "months_in_service": d.get("months_in_service"),
            "decision_ref": d.get("decision_ref", ""),
            "note": d.get("note", ""),
            "replace": bool(d.get("replace")),
        }


class AuthorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class InitiativeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã số"),
        max_length=40,
        error_messages={"required": _("Chưa nhập mã số sáng kiến.")},
    )
    title = forms.CharField(
        label=_("Tên sáng kiến, đề tài"),
        max_length=500,
        error_messages={"required": _("Chưa nhập tên sáng kiến.")},
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=InitiativeKind.choices)
    year = year_field(_("Năm công nhận"))
    scope = forms.ModelChoiceField(
        label=_("Phạm vi ảnh hưởng"),
        queryset=InitiativeScope.objects.all(),
        error_messages={"required": _("Cần chọn phạm vi ảnh hưởng.")},
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=None, error_messages={"required": _("Cần chọn đơn vị.")}
    )
    authors = AuthorsField(
        label=_("Tác giả"),
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": _("Tác giả không thuộc phạm vi quản lý."),
            "invalid_pk_value": _("Mã tác giả không hợp lệ."),
        },
    )
    recognised_by = forms.CharField(
        label=_("Quyết định công nhận (số, ngày, cơ quan)"), max_length=255, required=False
    )
    recognised_on = VNDateField(label=_("Ngày công nhận"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, write=True).current().order_by("path")
        self.fields["authors"].queryset = people_for(user)
        if user.unit_id and "unit" not in self.initial:
            self.initial["unit"] = user.unit_id

    def picked_authors(self):
        if hasattr(self, "cleaned_data") and self.cleaned_data.get("authors"):
            return list(self.cleaned_data["authors"])
        return []


class DisciplineForm(forms.Form):
    state = forms.ChoiceField(label=_("Tình trạng"), choices=DisciplineState.choices)
    level = forms.ModelChoiceField(
        label=_("Hình thức kỷ luật"),
        required=False,
        queryset=DisciplineLevel.objects.filter(is_active=True),
    )
    start = VNDateField(label=_("Từ ngày"))
    end = VNDateField(label=_("Đến ngày"), required=False)
    decision_ref = forms.CharField(label=_("Quyết định kỷ luật"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data
