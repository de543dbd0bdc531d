"""Forms of the certificate screens (print batches, layout editor) and of document templates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tdkt.backoffice.forms.fields import VNDateField
from tdkt.common.text import nfc
from tdkt.documents.certificates import CERTIFICATE_FIELDS, DEFAULT_LAYOUTS
from tdkt.documents.models import CertificateLayout, PageOrientation

ALIGN_CHOICES = [
    ("L", _("Trái")),
    ("C", _("Giữa")),
    ("R", _("Phải")),
    ("J", _("Đều hai bên")),
]
NUMBERS = ("x", "y", "w", "size")


def layout_choices() -> list[tuple[str, str]]:
    """Every usable layout: the defaults and the saved active ones (a saved one wins)."""
    choices = {code: str(spec["name"]) for code, spec in DEFAULT_LAYOUTS.items()}
    for code, name in CertificateLayout.objects.filter(is_active=True).values_list("code", "name"):
        choices[code] = name
    return sorted(choices.items())


class BatchForm(forms.Form):
    layout = forms.ChoiceField(label=_("Bố cục in"), required=False)
    honour = forms.ChoiceField(label=_("Chỉ in danh hiệu, hình thức"), required=False)

    def __init__(self, *args, honours: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = [("", _("Tự chọn theo hình thức khen")), *layout_choices()]
        self.fields["honour"].choices = [("", _("Tất cả")), *honours]


def _number(raw: str) -> str:
    """Accept "12,5" as well as "12.5"; validate_layout_fields says what is wrong."""
    return nfc(raw or "").replace(" ", "").replace(",", ".")


class LayoutForm(forms.Form):
    """Name, paper and, per certificate field, x/y/width (mm), font size (pt), style, alignment,
    colour and whether it is printed (fields named "<field>__<attr>")."""

    name = forms.CharField(label=_("Tên bố cục"), max_length=255)
    page_format = forms.CharField(
        label=_("Khổ giấy"),
        max_length=20,
        help_text=_("A3, A4, A5 hoặc rộng x cao (mm), ví dụ 300x215."),
    )
    orientation = forms.ChoiceField(label=_("Hướng giấy"), choices=PageOrientation.choices)
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=500, required=False)

    def __init__(self, *args, layout, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        initial.update(
            name=layout.name, page_format=layout.page_format, orientation=layout.orientation
        )
        for key in CERTIFICATE_FIELDS:
            spec = layout.fields.get(key) or {}
            for attr in NUMBERS:
                value = spec.get(attr)
                initial[f"{key}__{attr}"] = "" if value is None else f"{float(value):g}"
            initial[f"{key}__bold"] = bool(spec.get("bold", False))
            initial[f"{key}__italic"] = bool(spec.get("italic", False))
            initial[f"{key}__align"] = spec.get("align", "C")
            initial[f"{key}__color"] = spec.get("color", "#000000")
            initial[f"{key}__show"] = bool(spec) and bool(spec.get("show", True))
        super().__init__(*args, initial=initial, **kwargs)
        labels = {"x": _("Lề trái (mm)"), "y": _("Lề trên (mm)"), "w": _("Rộng (mm)")}
        labels["size"] = _("Cỡ chữ (pt)")
        for key in CERTIFICATE_FIELDS:
            for attr in NUMBERS:
                self.fields[f"{key}__{attr}"] = forms.CharField(
                    label=labels[attr],
                    required=False,
                    max_length=12,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
                )
            self.fields[f"{key}__bold"] = forms.BooleanField(label=_("Đậm"), required=False)
            self.fields[f"{key}__italic"] = forms.BooleanField(label=_("Nghiêng"), required=False)
            self.fields[f"{key}__align"] = forms.ChoiceField(
                label=_("Căn lề"), choices=ALIGN_CHOICES, required=False
            )
            self.fields[f"{key}__color"] = forms.CharField(
                label=_("Màu"),
                max_length=7,
                required=False,
                widget=forms.TextInput(attrs={"type": "color"}),
            )
            self.fields[f"{key}__show"] = forms.BooleanField(label=_("In"), required=False)

    def rows(self):
        """One row per certificate field with its bound sub-fields, for the template."""
        for key, label in CERTIFICATE_FIELDS.items():
            yield {
                "key": key,
                "label": label,
                "cells": [self[f"{key}__{attr}"] for attr in NUMBERS],
                "align": self[f"{key}__align"],
                "bold": self[f"{key}__bold"],
                "italic": self[f"{key}__italic"],
                "color": self[f"{key}__color"],
                "show": self[f"{key}__show"],
            }

    def layout_fields(self) -> dict[str, dict]:
        """The field positions as typed (numbers as strings, checked by the service)."""
        data = self.cleaned_data
        out: dict[str, dict] = {}
        for key in CERTIFICATE_FIELDS:
            raw = {attr: _number(data.get(f"{key}__{attr}", "")) for attr in NUMBERS}
            show = bool(data.get(f"{key}__show"))
            if not show and not any(raw.values()):
                continue
            out[key] = {
                **{attr: (value or "0") for attr, value in raw.items()},
                "bold": bool(data.get(f"{key}__bold")),
                "italic": bool(data.get(f"{key}__italic")),
                "align": data.get(f"{key}__align") or "C",
                "color": data.get(f"{key}__color") or "#000000",
                "show": show,
            }
        return out


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp mẫu (.docx)"),
        error_messages={"required": _("Chưa chọn tệp mẫu .docx."), "empty": _("Tệp rỗng.")},
    )
    name = forms.CharField(label=_("Tên mẫu"), max_length=255, required=False)
    valid_from = VNDateField(
        label=_("Hiệu lực từ"), required=False, help_text=_("Để trống: từ hôm nay.")
    )
    reason = forms.CharField(label=_("Lý do, căn cứ thay mẫu"), max_length=500, required=False)


class TemplateDeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do ngừng dùng"),
        max_length=500,
        error_messages={"required": _("Cần ghi lý do ngừng dùng mẫu.")},
    )
