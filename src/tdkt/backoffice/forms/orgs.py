"""Forms of the organisation-tree screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tdkt.accounts.access import units_for
from tdkt.accounts.selectors import writer_scope
from tdkt.backoffice.forms.fields import UnitChoiceField, UnitMultipleChoiceField, VNDateField
from tdkt.orgs.enums import SuccessionKind, UnitKind

STATUS_CHOICES = [
    ("current", _("Đang hoạt động")),
    ("ended", _("Đã giải thể, sáp nhập")),
    ("all", _("Tất cả")),
]


class UnitFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên hoặc mã"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Tên, mã đơn vị")}),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=STATUS_CHOICES, required=False, initial="current"
    )


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Mã đơn vị"), max_length=40)
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    parent = UnitChoiceField(
        label=_("Đơn vị cấp trên"),
        queryset=None,
        required=False,
        empty_label=_("(Không có – đơn vị cấp cao nhất)"),
    )
    valid_from = VNDateField(label=_("Hiệu lực từ ngày"), required=False)
    valid_to = VNDateField(label=_("Hiệu lực đến ngày"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    reason = forms.CharField(
        label=_("Căn cứ, lý do"),
        max_length=500,
        required=False,
        help_text=_("Số quyết định thành lập, đổi tên ... (ghi vào nhật ký)."),
    )

    def __init__(self, *args, user, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": instance.code,
                "name": instance.name,
                "short_name": instance.short_name,
                "kind": instance.kind,
                "parent": instance.parent_id,
                "valid_from": instance.valid_from,
                "valid_to": instance.valid_to,
                "address": instance.address,
            }
        super().__init__(*args, **kwargs)
        parents = units_for(user, write=True).current().order_by("path")
        if instance is not None:
            parents = parents.exclude(path__gte=instance.path, path__lt=instance.path + "~")
        self.fields["parent"].queryset = parents
        scope = writer_scope(user)
        # Only a province-wide writer may create a top-level unit.
        if not scope.is_global:
            self.fields["parent"].required = True
            self.fields["parent"].empty_label = None
        if instance is not None:
            parent = instance.parent
            if not scope.is_global and (parent is None or not scope.contains_path(parent.path)):
                # The unit hangs under a unit the user may not write: it cannot be moved here.
                del self.fields["parent"]

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
        return data


class MergeForm(forms.Form):
    sources = UnitMultipleChoiceField(
        label=_("Các đơn vị bị sáp nhập"),
        queryset=None,
        help_text=_("Giữ Ctrl để chọn nhiều đơn vị."),
        error_messages={"required": _("Cần chọn ít nhất một đơn vị để sáp nhập.")},
    )
    successor = UnitChoiceField(
        label=_("Đơn vị tiếp nhận (đơn vị mới)"),
        queryset=None,
        error_messages={"required": _("Cần chọn đơn vị tiếp nhận.")},
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=SuccessionKind.choices, initial=SuccessionKind.MERGE
    )
    date = VNDateField(label=_("Ngày hiệu lực"))
    decision_ref = forms.CharField(
        label=_("Căn cứ (số nghị quyết, quyết định)"),
        max_length=200,
        error_messages={"required": _("Cần ghi căn cứ (số nghị quyết, quyết định).")},
    )
    reason = forms.CharField(
        label=_("Lý do, ghi chú"), required=False, max_length=1000, widget=forms.Textarea
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for(user, write=True).current().order_by("path")
        self.fields["sources"].queryset = units
        self.fields["sources"].widget.attrs["size"] = 12
        self.fields["successor"].queryset = units

    def clean(self):
        data = super().clean()
        sources, successor = data.get("sources"), data.get("successor")
        if sources and successor:
            if any(s.pk == successor.pk for s in sources):
                self.add_error(
                    "successor",
                    _("Đơn vị tiếp nhận không được nằm trong danh sách đơn vị bị sáp nhập."),
                )
            for source in sources:
                if successor.path.startswith(source.path) and source.pk != successor.pk:
                    self.add_error(
                        "successor",
                        _(
                            "Đơn vị %(successor)s nằm trong %(source)s: không thể sáp nhập vào "
                            "đơn vị con."
                        )
                        % {"successor": successor, "source": source},
                    )
        return data
