"""Form helpers shared by the back-office forms: dd/mm/yyyy dates, scoped unit choices and
mapping of a service's ValidationError onto the form."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


class UnitChoiceField(forms.ModelChoiceField):
    """A unit of the user's scope, shown indented by depth with its code."""

    def label_from_instance(self, obj):
        return f"{'· ' * obj.depth}{obj.name} ({obj.code})"


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
