"""Forms of the receiving office's screens: assigning the specialist, the appraisal of one
nominee, re-appraisal, the return of one nominee and the proposal to the higher level. The
services do the real checks; these forms turn the POST into typed values with Vietnamese
messages (the same rules as the services, so the appraiser sees them next to the field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tdkt.common.text.normalize import nfc
from tdkt.nominations.enums import AppraisalDecision, NomineeState

NOTE_MAX = 2000


class _NfcCharField(forms.CharField):
    def to_python(self, value):
        return nfc(super().to_python(value) or "").strip()


class _UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.full_name or obj.username
        return f"{name} ({obj.username})"


class AssignForm(forms.Form):
    specialist = _UserChoiceField(
        label=_("Chuyên viên thẩm định"),
        queryset=None,
        empty_label=_("— chọn chuyên viên —"),
        error_messages={
            "required": _("Chọn chuyên viên thẩm định."),
            "invalid_choice": _("Người được chọn không phải chuyên viên của cơ quan."),
        },
    )

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = specialists


class AppraiseForm(forms.Form):
    """The appraisal of one nominee (prefix ``n<pk>`` so that every nominee has its own)."""

    decision = forms.ChoiceField(
        label=_("Kết quả thẩm định"),
        choices=AppraisalDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Chọn kết quả thẩm định.")},
    )
    lower_target = forms.ChoiceField(
        label=_("Hình thức thấp hơn"),
        required=False,
        error_messages={
            "invalid_choice": _("Hình thức được chọn không thấp hơn hình thức đề nghị.")
        },
    )
    note = _NfcCharField(
        label=_("Ý kiến thẩm định"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    seen = forms.ChoiceField(choices=NomineeState.choices, widget=forms.HiddenInput)

    def __init__(self, *args, nominee, lower_choices, **kwargs):
        kwargs.setdefault("prefix", f"n{nominee.pk}")
        kwargs.setdefault("initial", {"seen": nominee.state})
        super().__init__(*args, **kwargs)
        self.nominee = nominee
        self.lower = {h.pk: h for h in lower_choices}
        self.fields["lower_target"].choices = [
            ("", _("— chọn hình thức thấp hơn —")),
            *((h.pk, h.name) for h in lower_choices),
        ]
        self.has_lower = bool(lower_choices)
        if not lower_choices:
            self.fields["decision"].choices = [
                c for c in AppraisalDecision.choices if c[0] != AppraisalDecision.LOWER
            ]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        missing_lower = not data.get("lower_target") and "lower_target" not in self.errors
        if decision == AppraisalDecision.LOWER and missing_lower:
            self.add_error("lower_target", _("Chọn hình thức khen thấp hơn."))
        data["lower_target"] = (
            self.lower.get(data.get("lower_target") or "")
            if decision == AppraisalDecision.LOWER
            else None
        )
        if decision == AppraisalDecision.REJECT and not data.get("note"):
            self.add_error(
                "note",
                _("Ghi lý do không đồng ý đề nghị %(name)s.") % {"name": self.nominee.subject_name},
            )
        return data


class ReappraiseForm(forms.Form):
    seen = forms.ChoiceField(choices=NomineeState.choices, widget=forms.HiddenInput)
    reason = _NfcCharField(label=_("Lý do thẩm định lại"), required=False, max_length=NOTE_MAX)


class SeenForm(forms.Form):
    seen = forms.ChoiceField(choices=NomineeState.choices, widget=forms.HiddenInput)


class ReturnNomineeForm(forms.Form):
    seen = forms.ChoiceField(choices=NomineeState.choices, widget=forms.HiddenInput)
    reason = _NfcCharField(
        label=_("Lý do trả lại"),
        max_length=NOTE_MAX,
        error_messages={"required": _("Ghi lý do trả lại hồ sơ của đối tượng.")},
    )


class _RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(name)s – %(unit)s (hạn gửi %(deadline)s)") % {
            "name": obj.name,
            "unit": obj.issuing_unit.name,
            "deadline": f"{obj.submit_deadline:%d/%m/%Y}",
        }


class UpwardForm(forms.Form):
    """The escalated nominees to gather and, optionally, the higher-level round."""

    upper_round = _RoundChoiceField(
        label=_("Đợt xét cấp trên"),
        queryset=None,
        required=False,
        empty_label=_("— tự chọn đợt xét cấp trên phù hợp với từng đối tượng —"),
        error_messages={"invalid_choice": _("Đợt xét cấp trên không hợp lệ.")},
    )
    nominees = forms.MultipleChoiceField(
        label=_("Đối tượng đề nghị cấp trên khen"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Chọn ít nhất một đối tượng."),
            "invalid_choice": _("Đối tượng được chọn đã được tổng hợp hoặc không còn hợp lệ."),
        },
    )

    def __init__(self, *args, rounds, pending, **kwargs):
        super().__init__(*args, **kwargs)
        from tdkt.nominations.models import Round

        self.fields["upper_round"].queryset = Round.objects.filter(
            pk__in=[r.pk for r in rounds]
        ).select_related("issuing_unit")
        self.fields["nominees"].choices = [
            (str(n.pk), f"{n.subject_name} – {n.target.name}") for n in pending
        ]
        self.initial.setdefault("nominees", [str(n.pk) for n in pending])
