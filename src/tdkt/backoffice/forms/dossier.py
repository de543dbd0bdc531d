"""Forms of the dossier screen (backoffice.views.dossier)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class UnitVoteForm(forms.Form):
    meeting_on = forms.DateField(
        label=gettext_lazy("Ngày họp bình xét"),
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={
            "required": gettext_lazy("Nhập ngày họp bình xét."),
            "invalid": gettext_lazy("Ngày họp phải có dạng dd/mm/yyyy."),
        },
    )
    members_total = forms.IntegerField(
        label=gettext_lazy("Tổng số thành viên"),
        min_value=1,
        max_value=10000,
        error_messages={"required": gettext_lazy("Nhập tổng số thành viên.")},
    )
    members_present = forms.IntegerField(
        label=gettext_lazy("Số thành viên có mặt"),
        min_value=0,
        max_value=10000,
        error_messages={"required": gettext_lazy("Nhập số thành viên có mặt.")},
    )

    def __init__(self, *args, nominees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.nominees = list(nominees)
        for nominee in self.nominees:
            self.fields[f"yes_{nominee.pk}"] = forms.IntegerField(
                label=nominee.subject_name,
                required=False,
                min_value=0,
                max_value=10000,
                initial=nominee.unit_votes_yes,
            )

    def votes(self) -> dict[int, int | None]:
        return {n.pk: self.cleaned_data.get(f"yes_{n.pk}") for n in self.nominees}
