"""Forms of the council screens: attendance, session state, the member's secret ballot, the
secretary's written opinions and paper counts, a new session, the agenda from a round. The
services do the real checks; these forms only turn the POST into typed values with Vietnamese
messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tdkt.backoffice.forms.fields import VNDateField
from tdkt.council.enums import Choice, SessionState

PRESENT, WRITTEN, ABSENT = "present", "written", "absent"
ATTENDANCE_CHOICES = [
    (PRESENT, _("Có mặt")),
    (WRITTEN, _("Vắng, có phiếu bằng văn bản")),
    (ABSENT, _("Vắng")),
]


def attendance_value(attendance) -> str:
    if attendance is None:
        return ""
    if attendance.present:
        return PRESENT
    return WRITTEN if attendance.written_ballot else ABSENT


class AttendanceForm(forms.Form):
    """One select per member in office: present / absent with written opinion / absent."""

    def __init__(self, *args, members, attendance: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"m_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=[("", _("— chưa điểm danh —")), *ATTENDANCE_CHOICES],
                required=False,
                initial=attendance_value(attendance.get(member.pk)),
            )

    def rows(self):
        """(member, bound field) pairs for the template."""
        return [(m, self[f"m_{m.pk}"]) for m in self.members]

    def changes(self) -> list[tuple[object, bool, bool]]:
        """(member, present, written_ballot) for every member given a status."""
        out = []
        for member in self.members:
            value = self.cleaned_data.get(f"m_{member.pk}")
            if value:
                out.append((member, value == PRESENT, value == WRITTEN))
        return out


class StateForm(forms.Form):
    state = forms.ChoiceField(choices=SessionState.choices)
    seen = forms.ChoiceField(choices=SessionState.choices)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)


class BallotForm(forms.Form):
    """The member's ballot: one optional choice per open case."""

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = list(cases)
        for case in self.cases:
            self.fields[f"case_{case.pk}"] = forms.ChoiceField(
                choices=Choice.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _(
                        "Lựa chọn không hợp lệ: chọn Đồng ý, Không đồng ý hoặc Không biểu quyết."
                    )
                },
            )

    def chosen(self, only: int | None = None) -> list[tuple[object, str]]:
        """(case, choice) for every case given a choice (only case `only` when given)."""
        return [
            (case, self.cleaned_data[f"case_{case.pk}"])
            for case in self.cases
            if (only is None or case.pk == only) and self.cleaned_data.get(f"case_{case.pk}")
        ]


class WrittenBallotForm(forms.Form):
    """The secretary enters the written opinion of an absent member."""

    case = forms.ModelChoiceField(
        label=_("Nội dung biểu quyết"),
        queryset=None,
        empty_label=_("— chọn nội dung —"),
        error_messages={"required": _("Chọn nội dung biểu quyết.")},
    )
    member = forms.ModelChoiceField(
        label=_("Thành viên vắng mặt"),
        queryset=None,
        empty_label=_("— chọn thành viên —"),
        error_messages={"required": _("Chọn thành viên gửi phiếu bằng văn bản.")},
    )
    choice = forms.ChoiceField(
        label=_("Ý kiến"),
        choices=Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Chọn ý kiến ghi trên phiếu.")},
    )

    def __init__(self, *args, cases, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.order}. {c.subject_name}"
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.name


class PaperCountForm(forms.Form):
    """The secretary enters the count of the paper ballots of a case."""

    case = forms.ModelChoiceField(
        label=_("Nội dung biểu quyết"),
        queryset=None,
        empty_label=_("— chọn nội dung —"),
        error_messages={"required": _("Chọn nội dung biểu quyết.")},
    )
    yes = forms.IntegerField(label=_("Đồng ý"), min_value=0)
    no = forms.IntegerField(label=_("Không đồng ý"), min_value=0)
    abstain = forms.IntegerField(label=_("Không biểu quyết"), min_value=0)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.order}. {c.subject_name}"
        for name in ("yes", "no", "abstain"):
            label = self.fields[name].label
            self.fields[name].error_messages.update(
                {
                    "required": _("Chưa nhập số phiếu %(label)s.") % {"label": label},
                    "invalid": _("Số phiếu %(label)s phải là số nguyên.") % {"label": label},
                    "min_value": _("Số phiếu %(label)s không được âm.") % {"label": label},
                }
            )


class SessionCreateForm(forms.Form):
    """A new session of a council (the TĐKT office of the council's unit)."""

    date = VNDateField(label=_("Ngày họp"))
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=255,
        error_messages={"required": _("Chưa nhập tiêu đề phiên họp.")},
    )
    location = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)


class RoundPickForm(forms.Form):
    """The round whose appraised nominees are shown for adding to the agenda."""

    round = forms.ModelChoiceField(
        label=_("Đợt xét"),
        queryset=None,
        empty_label=_("— chọn đợt xét —"),
        error_messages={
            "required": _("Chọn đợt xét."),
            "invalid_choice": _("Đợt xét không thuộc thẩm quyền của hội đồng."),
        },
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].label_from_instance = lambda r: f"{r.code} – {r.name}"


class FromRoundForm(RoundPickForm):
    """The nominees ticked on the session page (the service checks each one)."""

    nominee = forms.TypedMultipleChoiceField(
        label=_("Đối tượng"),
        coerce=int,
        error_messages={
            "required": _("Chọn ít nhất một đối tượng."),
            "invalid_choice": _("Danh sách đối tượng không hợp lệ."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = self.data.getlist("nominee") if hasattr(self.data, "getlist") else []
        self.fields["nominee"].choices = [(v, v) for v in ids if str(v).isdigit()]
