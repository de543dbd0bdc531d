"""Forms of the decision screens (backoffice.views.awarding)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tdkt.backoffice.forms.fields import VNDateField
from tdkt.people.enums import SubjectKind


class DraftCreateForm(forms.Form):
    honour = forms.ChoiceField(label=gettext_lazy("Danh hiệu, hình thức"), required=False)
    subject_kind = forms.ChoiceField(
        label=gettext_lazy("Đối tượng"),
        required=False,
        choices=[("", gettext_lazy("Tất cả")), *SubjectKind.choices],
    )
    planned_on = VNDateField(label=gettext_lazy("Ngày dự kiến ký"), required=False)

    def __init__(self, *args, honours=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honour"].choices = [("", _("Tất cả")), *honours]


class DraftEditForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Trích yếu"), max_length=500)
    basis = forms.CharField(
        label=gettext_lazy("Căn cứ (mỗi căn cứ một dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    planned_on = VNDateField(label=gettext_lazy("Ngày dự kiến ký"))
    signer_authority = forms.CharField(
        label=gettext_lazy("Quyền hạn ký (KT., TM., Q. ...)"), max_length=60, required=False
    )
    signer_title = forms.CharField(label=gettext_lazy("Chức vụ người ký"), max_length=150)
    signer_name = forms.CharField(label=gettext_lazy("Họ tên người ký"), max_length=150)


class SignForm(forms.Form):
    signed_on = VNDateField(label=gettext_lazy("Ngày ký"))
    seen = forms.CharField(widget=forms.HiddenInput)


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do hủy"), max_length=1000)


class ProfileForm(forms.Form):
    issuer_name = forms.CharField(
        label=gettext_lazy("Tên cơ quan ban hành"), max_length=255, required=False
    )
    issuer_parent = forms.CharField(
        label=gettext_lazy("Cơ quan chủ quản"), max_length=255, required=False
    )
    symbol = forms.CharField(
        label=gettext_lazy("Ký hiệu quyết định (ví dụ QĐ-UBND)"), max_length=40, required=False
    )
    place = forms.CharField(label=gettext_lazy("Địa danh"), max_length=100, required=False)
    decider = forms.CharField(
        label=gettext_lazy("Thẩm quyền ban hành"), max_length=255, required=False
    )
    signer_authority = forms.CharField(
        label=gettext_lazy("Quyền hạn ký"), max_length=60, required=False
    )
    signer_title = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"), max_length=150, required=False
    )
    signer_name = forms.CharField(label=gettext_lazy("Người ký"), max_length=150, required=False)
