"""The public comment form (no login): name, optional contact, text, the entry it is about, and
a honeypot field that people never see."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tdkt.common.text.normalize import nfc
from tdkt.portal.models import COMMENT_MAX_LENGTH, PublicComment

HONEYPOT = "website"


class CommentForm(forms.Form):
    entry = forms.TypedChoiceField(
        label=_("Góp ý về"), required=False, coerce=int, empty_value=None
    )
    author_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=PublicComment._meta.get_field("author_name").max_length,
    )
    contact = forms.CharField(
        label=_("Địa chỉ, điện thoại hoặc thư điện tử (không bắt buộc)"),
        required=False,
        max_length=PublicComment._meta.get_field("contact").max_length,
    )
    text = forms.CharField(
        label=_("Nội dung góp ý"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tối đa %(max)s ký tự.") % {"max": COMMENT_MAX_LENGTH},
    )
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("Cả danh sách"))] + [
            (e.pk, f"{e.display_name} – {e.target_name}") for e in entries
        ]
        self.fields[HONEYPOT].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self):
        data = super().clean()
        for name in ("author_name", "contact", "text"):
            if isinstance(data.get(name), str):
                data[name] = nfc(data[name]).strip()
        return data

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())
