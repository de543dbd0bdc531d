"""Writing the audit log: every service that changes data calls `audit_log`."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from tdkt.common.models import AuditLog


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` as JSON-safe data (foreign keys as ids)."""
    result: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"created", "updated", "search_key", "sort_key", "family_sort_key"}:
            continue
        result[field.attname if field.is_relation else field.name] = _plain(
            getattr(obj, field.attname)
        )
    return result


def audit_log(
    obj: models.Model,
    *,
    action: str,
    actor: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditLog:
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        actor=actor_obj,
        before=before,
        after=after,
        reason=reason or "",
    )


def audit_log_many(
    objs: list[models.Model], *, action: str, actor: Any = None, reason: str = ""
) -> None:
    """One bulk insert for an import or a merge: one entry per created object."""
    if not objs:
        return
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    ct_cache: dict[type, ContentType] = {}
    entries = []
    for obj in objs:
        ct = ct_cache.get(type(obj))
        if ct is None:
            ct = ct_cache[type(obj)] = ContentType.objects.get_for_model(obj)
        entries.append(
            AuditLog(
                content_type=ct,
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                action=action,
                actor=actor_obj,
                after=snapshot(obj),
                reason=reason,
            )
        )
    AuditLog.objects.bulk_create(entries, batch_size=1000)


def history_for(obj: models.Model):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
