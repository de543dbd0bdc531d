from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tdkt.accounts.access import units_for
from tdkt.imports.mapping import Layout, field_choices
from tdkt.imports.models import REGISTRY_KINDS, ImportKind
from tdkt.imports.parsing import EXTENSIONS, extension


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"),
        choices=[(k.value, k.label) for k in REGISTRY_KINDS],
        widget=forms.RadioSelect,
        initial=ImportKind.AWARDS,
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=None,
        help_text=_(
            "Dùng cho các dòng không ghi đơn vị; cá nhân được tìm trong đơn vị này và "
            "các đơn vị trực thuộc."
        ),
    )
    file = forms.FileField(
        label=_("Tệp bảng tính"),
        help_text=_(
            "Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv); một tệp mỗi lần nhập."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )
    create_missing = forms.BooleanField(
        label=_("Tạo mới cá nhân chưa có"),
        required=False,
        help_text=_(
            "Với xếp loại, khen thưởng: người chưa có trong sổ được tạo mới thay vì báo lỗi."
        ),
    )
    default_year = forms.IntegerField(
        label=_("Năm (khi tệp không có cột năm)"),
        required=False,
        min_value=1945,
        widget=forms.NumberInput(attrs={"placeholder": str(timezone.localdate().year - 1)}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = units_for(user, write=True).current().order_by("path")
        self.fields["unit"].queryset = units
        if user.unit_id and units.filter(pk=user.unit_id).exists():
            self.fields["unit"].initial = user.unit_id
        self.fields["default_year"].validators.append(MaxValueValidator(timezone.localdate().year))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if extension(upload.name) not in EXTENSIONS:
            raise forms.ValidationError(
                _("Tệp “%(name)s” không phải bảng tính. Chỉ nhận tệp .xlsx, .xls, .ods hoặc .csv.")
                % {"name": upload.name}
            )
        limit = settings.TDKT_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp “%(name)s” vượt giới hạn %(limit)s MB.")
                % {"name": upload.name, "limit": limit // 1048576}
            )
        return upload


class MappingForm(forms.Form):
    """One select per column of the file: which field it holds."""

    def __init__(self, *args, layout: Layout, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.layout = layout
        choices = field_choices(kind)
        for column in layout.columns:
            self.fields[f"col_{column.index}"] = forms.ChoiceField(
                label=column.label,
                choices=choices,
                required=False,
                initial=column.field,
            )

    def rows(self):
        for column in self.layout.columns:
            yield column, self[f"col_{column.index}"]

    def mapping(self) -> dict[int, str]:
        return {c.index: self.cleaned_data.get(f"col_{c.index}") or "" for c in self.layout.columns}


class ConfirmForm(forms.Form):
    skip_errors = forms.BooleanField(
        label=_("Bỏ qua các dòng lỗi"),
        required=False,
        help_text=_("Chỉ ghi các dòng hợp lệ; việc bỏ qua được ghi vào nhật ký."),
    )


class NomineeUploadForm(forms.Form):
    """The nominee list of one proposal: only the file (unit, year and targets come from the
    proposal and its round)."""

    file = forms.FileField(
        label=_("Tệp danh sách đề nghị"),
        help_text=_(
            "Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv); một tệp mỗi lần nhập. "
            "Tệp có thể có khối tiêu đề phía trên và dòng tiêu đề cột gộp hai dòng."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )

    clean_file = UploadForm.clean_file
