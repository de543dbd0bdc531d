"""Forms of the public-notice screen (publishing a round's list, withdrawing, handling the
public's comments)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tdkt.portal.enums import CommentState
from tdkt.portal.services import MAX_WORKING_DAYS


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề thông báo"), max_length=255)
    body = forms.CharField(
        label=_("Nội dung thông báo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    working_days = forms.IntegerField(
        label=_("Thời gian công khai (ngày làm việc)"), min_value=1, max_value=MAX_WORKING_DAYS
    )
    nominees = forms.TypedMultipleChoiceField(
        label=_("Đối tượng công khai"), required=False, coerce=int
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"].choices = [(n.pk, n.subject_name) for n in candidates]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CommentMarkForm(forms.Form):
    state = forms.ChoiceField(
        choices=[(CommentState.READ, _("Đã xem")), (CommentState.HANDLED, _("Đã xử lý"))]
    )
    seen = forms.ChoiceField(choices=CommentState.choices)
    note = forms.CharField(label=_("Kết quả xử lý"), required=False, max_length=4000)
