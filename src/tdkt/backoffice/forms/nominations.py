"""Forms of the rounds and proposals screens. They shape input only: objects chosen by id are
looked up inside the user's scope (the round's targets, the proposal unit's subtree) and every
write goes through tdkt.nominations.services, whose ValidationError is put back on the form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tdkt.backoffice.forms.fields import UnitChoiceField, UnitMultipleChoiceField, VNDateField
from tdkt.catalog.models import AwardType, Honour
from tdkt.common.text.normalize import nfc
from tdkt.nominations.enums import DEFAULT_APPRAISAL_WORKING_DAYS, ProposalState, RoundState
from tdkt.people.enums import SubjectKind


def appraisal_defaults() -> dict[str, int]:
    return dict(getattr(settings, "TDKT_APPRAISAL_WORKING_DAYS", DEFAULT_APPRAISAL_WORKING_DAYS))


def _year(label, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1945,
        max_value=2100,
        error_messages={
            "required": _("Nhập năm."),
            "invalid": _("Năm phải là số, ví dụ 2025."),
            "min_value": _("Năm không hợp lệ."),
            "max_value": _("Năm không hợp lệ."),
        },
    )


class NfcCharField(forms.CharField):
    def to_python(self, value):
        return nfc(super().to_python(value) or "")


class RoundForm(forms.Form):
    code = NfcCharField(
        label=_("Mã đợt"),
        max_length=40,
        error_messages={"required": _("Nhập mã đợt xét.")},
    )
    name = NfcCharField(
        label=_("Tên đợt xét"),
        max_length=255,
        error_messages={"required": _("Nhập tên đợt xét.")},
    )
    year = _year(_("Năm thành tích"))
    issuing_unit = UnitChoiceField(
        label=_("Cấp quyết định"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Chọn cấp quyết định."),
            "invalid_choice": _("Đơn vị không thuộc phạm vi của bạn."),
        },
    )
    award_type = forms.ModelChoiceField(
        label=_("Loại hình khen thưởng"),
        queryset=AwardType.objects.filter(is_active=True),
        empty_label=None,
        error_messages={
            "required": _("Chọn loại hình khen thưởng."),
            "invalid_choice": _("Loại hình khen thưởng không có trong danh mục."),
        },
    )
    simplified = forms.BooleanField(label=_("Thủ tục đơn giản"), required=False)
    targets = forms.ModelMultipleChoiceField(
        label=_("Danh hiệu, hình thức được đề nghị"),
        queryset=Honour.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Chọn ít nhất một danh hiệu, hình thức được đề nghị."),
            "invalid_choice": _("Danh hiệu, hình thức %(value)s không có trong danh mục."),
            "invalid_pk_value": _("Danh hiệu, hình thức %(pk)s không hợp lệ."),
        },
    )
    submitting_units = UnitMultipleChoiceField(
        label=_("Đơn vị được đề nghị"),
        queryset=None,
        required=False,
        help_text=_("Để trống: mọi đơn vị trực thuộc cấp quyết định."),
        error_messages={
            "invalid_choice": _("Đơn vị không thuộc phạm vi của bạn."),
            "invalid_pk_value": _("Mã đơn vị không hợp lệ."),
        },
    )
    opens_on = VNDateField(label=_("Ngày bắt đầu nhận hồ sơ"))
    submit_deadline = VNDateField(label=_("Hạn gửi hồ sơ"))
    appraisal_working_days = forms.IntegerField(
        label=_("Thời hạn thẩm định (ngày làm việc)"),
        required=False,
        min_value=1,
        max_value=365,
        error_messages={
            "invalid": _("Thời hạn thẩm định phải là số ngày làm việc."),
            "min_value": _("Thời hạn thẩm định phải từ 1 đến 365 ngày làm việc."),
            "max_value": _("Thời hạn thẩm định phải từ 1 đến 365 ngày làm việc."),
        },
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = appraisal_defaults()
        self.fields["issuing_unit"].queryset = units
        self.fields["submitting_units"].queryset = units
        self.fields["appraisal_working_days"].initial = defaults["standard"]
        self.fields["appraisal_working_days"].help_text = _(
            "Mặc định %(standard)s ngày (thủ tục thông thường), %(simplified)s ngày (thủ tục "
            "đơn giản); giữ nguyên để dùng mặc định của thủ tục đã chọn."
        ) % {"standard": defaults["standard"], "simplified": defaults["simplified"]}

    def clean(self):
        data = super().clean()
        opens, deadline = data.get("opens_on"), data.get("submit_deadline")
        if opens and deadline and deadline < opens:
            self.add_error(
                "submit_deadline",
                _("Hạn gửi hồ sơ (%(deadline)s) không được trước ngày bắt đầu (%(opens)s).")
                % {"deadline": f"{deadline:%d/%m/%Y}", "opens": f"{opens:%d/%m/%Y}"},
            )
        if "appraisal_working_days" not in self.changed_data:
            # Untouched pre-fill: the service applies the default of the chosen procedure.
            data["appraisal_working_days"] = None
        return data


class RoundStateForm(forms.Form):
    state = forms.ChoiceField(choices=RoundState.choices)
    seen = forms.ChoiceField(choices=RoundState.choices)
    reason = NfcCharField(required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("state") == RoundState.CANCELLED and not data.get("reason"):
            self.add_error("reason", _("Ghi lý do hủy đợt xét."))
        return data


class ProposalCreateForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Đơn vị đề nghị"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Chọn đơn vị đề nghị."),
            "invalid_choice": _("Đơn vị này không được lập tờ trình trong đợt xét."),
        },
    )
    number = NfcCharField(label=_("Số tờ trình"), max_length=60, required=False)
    note = NfcCharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ProposalEditForm(forms.Form):
    number = NfcCharField(label=_("Số tờ trình"), max_length=60, required=False)
    note = NfcCharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SeenForm(forms.Form):
    """The state (and version) the page showed: a later click of someone else's change is
    told who acted first instead of acting twice."""

    seen = forms.ChoiceField(choices=ProposalState.choices, required=False)
    version = forms.IntegerField(min_value=1, required=False)


class ReasonForm(SeenForm):
    reason = NfcCharField(
        label=_("Lý do"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi lý do.")},
    )


class OverrideForm(forms.Form):
    reason = NfcCharField(
        label=_("Lý do đề nghị khi chưa đủ điều kiện"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi rõ lý do lãnh đạo đơn vị quyết định đề nghị.")},
    )


class NomineeForm(forms.Form):
    """A subject of the proposal unit's subtree, one of the round's targets, the years."""

    subject_kind = forms.ChoiceField(
        label=_("Đối tượng"),
        choices=SubjectKind.choices,
        initial=SubjectKind.INDIVIDUAL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Loại đối tượng không hợp lệ.")},
    )
    subject_id = forms.IntegerField(
        label=_("Cá nhân, tập thể hoặc hộ gia đình được đề nghị"),
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Cần tìm và chọn đối tượng."),
            "invalid": _("Mã đối tượng không hợp lệ."),
            "min_value": _("Mã đối tượng không hợp lệ."),
        },
    )
    target = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức đề nghị"),
        queryset=Honour.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Chọn danh hiệu, hình thức đề nghị."),
            "invalid_choice": _("Danh hiệu, hình thức này không thuộc đợt xét."),
        },
    )
    year_from = _year(_("Thành tích từ năm"), required=False)
    year_to = _year(_("Đến năm"), required=False)
    achievement_summary = NfcCharField(
        label=_("Tóm tắt thành tích"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["target"].queryset = proposal.round.targets.order_by("category", "rank", "pk")
        self.fields["year_to"].initial = proposal.round.year
        self.fields["year_from"].help_text = _("Để trống: bằng năm kết thúc.")

    def clean(self):
        data = super().clean()
        kind, pk = data.get("subject_kind"), data.get("subject_id")
        if kind and pk:
            subject = find_subject(self.proposal.unit, kind, pk)
            if subject is None:
                self.add_error(
                    "subject_id",
                    _("Không tìm thấy đối tượng này trong %(unit)s.")
                    % {"unit": self.proposal.unit.name},
                )
            data["subject"] = subject
        year_to = data.get("year_to") or self.proposal.round.year
        data["year_to"] = year_to
        data["year_from"] = data.get("year_from") or year_to
        return data

    def picked_subject(self):
        return getattr(self, "cleaned_data", {}).get("subject")


class NomineeEditForm(forms.Form):
    year_from = _year(_("Thành tích từ năm"))
    year_to = _year(_("Đến năm"))
    achievement_summary = NfcCharField(
        label=_("Tóm tắt thành tích"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def find_subject(unit, kind: str, pk: int):
    """The person, collective (unit) or household `pk` inside `unit`'s subtree, else None."""
    from tdkt.orgs.models import Unit, subtree_lookup
    from tdkt.people.models import Household, Person

    if kind == SubjectKind.INDIVIDUAL:
        qs = Person.objects.select_related("unit").filter(**subtree_lookup(unit.path, "unit__"))
    elif kind == SubjectKind.COLLECTIVE:
        qs = Unit.objects.filter(**subtree_lookup(unit.path))
    elif kind == SubjectKind.HOUSEHOLD:
        qs = Household.objects.select_related("unit").filter(**subtree_lookup(unit.path, "unit__"))
    else:
        return None
    return qs.filter(pk=pk).first()


class ProposalFilterForm(forms.Form):
    round = forms.TypedChoiceField(label=_("Đợt xét"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), *ProposalState.choices],
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [
            ("", _("Tất cả")),
            *(
                (pk, f"{code} – {name}")
                for pk, code, name in rounds.values_list("pk", "code", "name")
            ),
        ]

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("round"):
            qs = qs.filter(round_id=data["round"])
        if data.get("state"):
            qs = qs.filter(state=data["state"])
        return qs
