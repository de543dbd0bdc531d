"""Forms of the people and household screens."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tdkt.accounts.access import units_for
from tdkt.backoffice.forms.fields import UnitChoiceField, VNDateField
from tdkt.people.enums import Sex

ORDER_CHOICES = [("given", _("Sắp xếp theo tên")), ("family", _("Sắp xếp theo họ"))]
ACTIVE_CHOICES = [("1", _("Đang công tác")), ("0", _("Đã thôi công tác")), ("", _("Tất cả"))]


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("Họ tên (có dấu hoặc không dấu), số CCCD, năm sinh"),
            }
        ),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả đơn vị")
    )
    order = forms.ChoiceField(label=_("Thứ tự"), choices=ORDER_CHOICES, required=False)
    active = forms.ChoiceField(label=_("Trạng thái"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units_for(user).only("id", "name", "code", "depth").order_by("path")
        )

    def filters(self) -> dict:
        """Arguments for person_search from the valid part of the input."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        active = data.get("active", "1") if "active" in self.data else "1"
        return {
            "text": data.get("q", ""),
            "unit": data.get("unit"),
            "order": data.get("order") or "given",
            "active": None if active == "" else active == "1",
        }


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth_date = VNDateField(label=_("Ngày sinh"), required=False)
    birth_year = forms.IntegerField(
        label=_("Năm sinh"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Chỉ cần khi không rõ ngày sinh."),
        error_messages={"invalid": _("Năm sinh phải là một số, ví dụ 1985.")},
    )
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False)
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=50, required=False, initial="Kinh")
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"), max_length=12, required=False
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    employment_start = VNDateField(label=_("Ngày bắt đầu công tác"), required=False)
    direct_worker = forms.BooleanField(label=_("Người lao động trực tiếp"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea)

    #: Fields passed to person_create / person_update.
    PERSON_FIELDS = (
        "full_name",
        "birth_date",
        "birth_year",
        "sex",
        "ethnicity",
        "citizen_id",
        "position",
        "employment_start",
        "direct_worker",
        "phone",
        "email",
        "note",
    )

    def __init__(self, *args, user, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(instance, f) for f in self.PERSON_FIELDS}
        super().__init__(*args, **kwargs)
        if instance is None:
            self.fields["unit"] = UnitChoiceField(
                label=_("Đơn vị"),
                queryset=units_for(user, write=True).current().order_by("path"),
                error_messages={"required": _("Cần chọn đơn vị công tác.")},
            )
            self.order_fields(["full_name", "unit"])
        else:
            self.fields["reason"] = forms.CharField(
                label=_("Lý do thay đổi"),
                max_length=500,
                help_text=_("Bắt buộc: được ghi vào nhật ký thay đổi."),
                error_messages={"required": _("Cần ghi lý do thay đổi.")},
            )

    def clean_citizen_id(self):
        value = "".join(self.cleaned_data.get("citizen_id", "").split())
        return value or None

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Ngày sinh không được sau ngày hôm nay."))
        return value

    def person_data(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in self.PERSON_FIELDS}
        for key in ("sex", "ethnicity", "position", "phone", "email", "note", "full_name"):
            data[key] = data[key] or ""
        return data


class TransferForm(forms.Form):
    to_unit = UnitChoiceField(
        label=_("Chuyển đến đơn vị"),
        queryset=None,
        error_messages={"required": _("Cần chọn đơn vị chuyển đến.")},
    )
    on = VNDateField(label=_("Từ ngày"))
    position = forms.CharField(
        label=_("Chức vụ tại đơn vị mới"),
        max_length=200,
        required=False,
        help_text=_("Để trống nếu giữ nguyên chức vụ."),
    )
    reason = forms.CharField(
        label=_("Căn cứ, lý do"),
        max_length=255,
        error_messages={"required": _("Cần ghi căn cứ, lý do điều chuyển.")},
    )

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = (
            units_for(user, write=True).current().exclude(pk=person.unit_id).order_by("path")
        )


class LeaveForm(forms.Form):
    on = VNDateField(label=_("Ngày thôi công tác"))
    reason = forms.CharField(
        label=_("Lý do (nghỉ hưu, chuyển công tác ngoài tỉnh ...)"),
        max_length=500,
        error_messages={"required": _("Cần ghi lý do thôi công tác.")},
    )


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tên chủ hộ"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("Tên chủ hộ, có dấu hoặc không dấu"),
            }
        ),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả đơn vị")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units_for(user).only("id", "name", "code", "depth").order_by("path")
        )


class HouseholdForm(forms.Form):
    head_name = forms.CharField(label=_("Họ và tên chủ hộ"), max_length=150)
    unit = UnitChoiceField(
        label=_("Thôn, tổ dân phố hoặc xã"),
        queryset=None,
        error_messages={"required": _("Cần chọn đơn vị.")},
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, write=True).current().order_by("path")
