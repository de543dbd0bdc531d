"""The audit log screens: the history tab of one object and the global log (read-only).

The object is fetched through its scoped access helper first, so a stranger gets 404 for the
history of an object exactly as for the object itself. There is no way to edit or delete entries.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tdkt.accounts import access
from tdkt.accounts.selectors import user_roles
from tdkt.backoffice.forms.fields import VNDateField
from tdkt.common.audit import history_for
from tdkt.common.models import AuditLog
from tdkt.common.text import format_vnd

PAGE_SIZE = 50

#: (app_label, model_name) -> access helper(user, pk)
ACCESS = {
    ("people", "person"): access.access_person,
    ("people", "household"): access.access_household,
    ("orgs", "unit"): access.access_unit,
    ("registry", "decision"): access.access_decision,
    ("registry", "awardrecord"): access.access_award,
    ("registry", "yearlyrating"): access.access_rating,
    ("registry", "initiative"): access.access_initiative,
    ("registry", "disciplinerecord"): access.access_discipline,
}

#: Pages of the objects, when their screens exist: (app_label, model) -> url name.
OBJECT_PAGES = {
    ("people", "person"): "backoffice:people.detail",
    ("people", "household"): "backoffice:households.detail",
    ("orgs", "unit"): "backoffice:units.detail",
    ("registry", "decision"): "backoffice:decisions.detail",
}

AUDIT_ROLES = {"admin", "auditor", "specialist"}

ACTION_LABELS = {
    "accounts.otp.enable": gettext_lazy("Bật xác thực hai lớp"),
    "orgs.unit.create": gettext_lazy("Thêm đơn vị"),
    "orgs.unit.update": gettext_lazy("Sửa thông tin đơn vị"),
    "orgs.unit.move": gettext_lazy("Chuyển đơn vị cấp trên"),
    "orgs.unit.merge": gettext_lazy("Sáp nhập đơn vị"),
    "orgs.unit.absorb": gettext_lazy("Tiếp nhận đơn vị sáp nhập"),
    "people.person.create": gettext_lazy("Thêm cá nhân"),
    "people.person.update": gettext_lazy("Sửa thông tin cá nhân"),
    "people.person.transfer": gettext_lazy("Điều chuyển công tác"),
    "people.person.leave": gettext_lazy("Thôi công tác"),
    "people.household.create": gettext_lazy("Thêm hộ gia đình"),
    "registry.decision.create": gettext_lazy("Ghi quyết định khen thưởng"),
    "registry.award.create": gettext_lazy("Ghi khen thưởng"),
    "registry.award.revoke": gettext_lazy("Thu hồi khen thưởng"),
    "registry.rating.create": gettext_lazy("Ghi xếp loại"),
    "registry.rating.supersede": gettext_lazy("Thay thế xếp loại"),
    "registry.initiative.create": gettext_lazy("Ghi sáng kiến"),
    "registry.initiative.use": gettext_lazy("Dùng sáng kiến để khen"),
    "registry.discipline.create": gettext_lazy("Ghi kỷ luật"),
}

VERB_LABELS = {
    "create": gettext_lazy("Tạo mới"),
    "update": gettext_lazy("Sửa"),
    "delete": gettext_lazy("Xóa"),
    "revoke": gettext_lazy("Thu hồi"),
    "supersede": gettext_lazy("Thay thế"),
    "import": gettext_lazy("Nhập từ Excel"),
    "merge": gettext_lazy("Sáp nhập"),
    "move": gettext_lazy("Di chuyển"),
}

MONEY_FIELDS = {"bonus_amount", "bonus_recovered", "amount"}


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    verb = action.rsplit(".", 1)[-1]
    return str(VERB_LABELS.get(verb, action))


# --- the diff ----------------------------------------------------------------------------------


def _fields_by_key(model) -> dict:
    fields = {}
    if model is None:
        return fields
    for f in model._meta.get_fields():
        if getattr(f, "concrete", False) or f.many_to_many:
            fields[f.name] = f
            if getattr(f, "attname", None):
                fields[f.attname] = f
    return fields


#: Related objects whose names are shown in the diff (their __str__ reads no other table).
RESOLVED = {
    "catalog",
    "orgs.unit",
    "people.person",
    "people.household",
    "registry.decision",
    "accounts.user",
}
HIDDEN_KEYS = {"id"}
EXTRA_LABELS = {"source": gettext_lazy("nguồn dữ liệu"), "authors": gettext_lazy("tác giả")}


def _resolvable(model) -> bool:
    label = model._meta.label_lower
    return model._meta.app_label in RESOLVED or label in RESOLVED


def _display(field, key: str, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if field is not None and field.is_relation:
        name = names.get((field.related_model, str(value)))
        return name if name is not None else _("mã %(id)s") % {"id": value}
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if key in MONEY_FIELDS and isinstance(value, int):
        return f"{format_vnd(value)} đ"
    if isinstance(value, str) and isinstance(field, models.DateField | models.DateTimeField):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if isinstance(field, models.DateTimeField):
            if timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
            return f"{parsed:%d/%m/%Y %H:%M}"
        return f"{parsed:%d/%m/%Y}"
    return str(value)


def _label(field, key: str) -> str:
    if field is not None and hasattr(field, "verbose_name") and field.name not in EXTRA_LABELS:
        label = str(field.verbose_name)
    else:
        label = str(EXTRA_LABELS.get(key, key))
    return label[:1].upper() + label[1:]


def _changes(entry: AuditLog, fields: dict) -> list[tuple[str, object, object, object]]:
    return [
        (key, fields.get(key), before, after)
        for key, before, after in entry.changes
        if key not in HIDDEN_KEYS
    ]


def _names(pending: list) -> dict:
    """Names of the related objects referred to in the diffs: one query per related model."""
    wanted: dict = {}
    for changes in pending:
        for _key, field, before, after in changes:
            if field is not None and field.many_to_one and _resolvable(field.related_model):
                ids = wanted.setdefault(field.related_model, set())
                ids.update(v for v in (before, after) if v not in (None, ""))
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model, str(obj.pk))] = str(obj)
    return names


def _decorate(entries, model=None) -> list[dict]:
    cache: dict = {}
    entries = list(entries)
    pending = []
    for e in entries:
        entry_model = model or e.content_type.model_class()
        if entry_model not in cache:
            cache[entry_model] = _fields_by_key(entry_model)
        pending.append(_changes(e, cache[entry_model]))
    names = _names(pending)
    return [
        {
            "entry": e,
            "action": action_label(e.action),
            "changes": [
                (
                    _label(field, key),
                    _display(field, key, before, names),
                    _display(field, key, after, names),
                )
                for key, field, before, after in changes
            ],
            "is_create": e.before is None,
        }
        for e, changes in zip(entries, pending, strict=True)
    ]


def _object_url(app_label: str, model: str, pk) -> str:
    name = OBJECT_PAGES.get((app_label, model))
    if not name:
        return ""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


# --- views -------------------------------------------------------------------------------------


@login_required
@require_GET
def audit_object(request, app_label: str, model: str, pk: str):
    helper = ACCESS.get((app_label, model))
    if helper is None:
        raise Http404
    obj = helper(request.user, pk)
    entries = history_for(obj).order_by("-timestamp", "-id")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "obj": obj,
        "verbose_name": obj._meta.verbose_name,
        "object_url": _object_url(app_label, model, obj.pk),
        "page_obj": page,
        "rows": _decorate(page, type(obj)),
    }
    return render(request, "backoffice/audit/object.html", context)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Thao tác"), required=False)
    actor = forms.ModelChoiceField(
        label=gettext_lazy("Người thực hiện"),
        required=False,
        queryset=None,
        empty_label=gettext_lazy("Tất cả"),
    )
    date_from = VNDateField(label=gettext_lazy("Từ ngày"), required=False)
    date_to = VNDateField(label=gettext_lazy("Đến ngày"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            ("", _("Tất cả")),
            *[(k, str(v)) for k, v in ACTION_LABELS.items()],
        ]
        self.fields["actor"].queryset = get_user_model().objects.order_by("username")

    def filter(self, qs):
        if not self.is_bound or not self.is_valid():
            return qs
        d = self.cleaned_data
        if d.get("action"):
            qs = qs.filter(action=d["action"])
        if d.get("actor"):
            qs = qs.filter(actor=d["actor"])
        tz = timezone.get_current_timezone()
        if d.get("date_from"):
            start = dt.datetime.combine(d["date_from"], dt.time.min, tzinfo=tz)
            qs = qs.filter(timestamp__gte=start)
        if d.get("date_to"):
            end = dt.datetime.combine(d["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            qs = qs.filter(timestamp__lt=end)
        return qs


def can_read_global_log(user) -> bool:
    return user.is_superuser or bool(set(user_roles(user)) & AUDIT_ROLES)


@login_required
@require_GET
def audit_list(request):
    if not can_read_global_log(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    qs = form.filter(AuditLog.objects.select_related("actor", "content_type"))
    page = Paginator(qs.order_by("-timestamp", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _decorate(page)
    for row in rows:
        e = row["entry"]
        key = (e.content_type.app_label, e.content_type.model)
        row["history_url"] = (
            reverse("backoffice:audit.object", args=[*key, e.object_id]) if key in ACCESS else ""
        )
    return render(
        request, "backoffice/audit/list.html", {"form": form, "page_obj": page, "rows": rows}
    )


urlpatterns = [
    path("nhat-ky/", audit_list, name="audit.list"),
    path("nhat-ky/<str:app_label>/<str:model>/<str:pk>/", audit_object, name="audit.object"),
]
