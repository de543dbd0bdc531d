"""Form helpers shared by the back-office forms: dd/mm/yyyy dates, scoped unit choices and
mapping of a service's ValidationError onto the form."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tdkt.common.text import parse_date_vn


class VNDateInput(forms.TextInput):
    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


class VNDateField(forms.Field):
    """A date typed as dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, yyyy-mm-dd)."""

    widget = VNDateInput
    default_error_messages: ClassVar[dict] = {"required": _("Chưa nhập ngày.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date_vn(str(value))
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return value


class UnitSelect(forms.Select):
    """The unit <select>, rendered from plain tuples in one pass: a province has ~1,000 units,
    and Django's per-option templates (or even model instances per option) cost ~60 ms on
    every list page. Needs `queryset` and `empty_label`, set by UnitChoiceField."""

    queryset = None
    empty_label = None

    def render(self, name, value, attrs=None, renderer=None):
        chosen = str(value) if value not in (None, "") else ""
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        parts = [f"<select{flatatt(final)}>"]
        if self.empty_label is not None:
            parts.append(f'<option value="">{escape(str(self.empty_label))}</option>')
        for pk, unit_name, code, depth in self.queryset.values_list("pk", "name", "code", "depth"):
            key = str(pk)
            selected = " selected" if key == chosen else ""
            label = escape(f"{'· ' * depth}{unit_name} ({code})")
            parts.append(f'<option value="{key}"{selected}>{label}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 -- every value escaped above


class UnitChoiceField(forms.ModelChoiceField):
    """A unit of the user's scope, shown indented by depth with its code."""

    widget = UnitSelect

    def label_from_instance(self, obj):
        return f"{'· ' * obj.depth}{obj.name} ({obj.code})"

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        if isinstance(self.widget, UnitSelect):
            self.widget.queryset = self.queryset
            self.widget.empty_label = self.empty_label

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{'· ' * obj.depth}{obj.name} ({obj.code})"


def apply_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the matching fields (others: form-wide)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            if field == NON_FIELD_ERRORS:
                target = None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
