"""Certificate batches: print one Bằng khen / Giấy khen page per valid award of a decision.

``batch_create`` records which awards are printed (the decision's valid awards within the
writer scope of the actor, optionally one honour only) and runs the batch inline when it is
small (``settings.TDKT_CERTIFICATE_INLINE_MAX``, 50 by default), else enqueues
``tasks.certificate_batch_task`` (django-tasks). ``run_batch`` renders the pages, moving
``done`` forward every ``CHUNK`` pages so that the progress page can poll it, then stores the
PDF (never served publicly: the download view checks the scope).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.common.audit import audit_log, snapshot
from tdkt.common.text import nfc
from tdkt.documents.models import BatchState, CertificateBatch
from tdkt.orgs.selectors import place_name

__all__ = [
    "CHUNK",
    "access_batch",
    "award_certificate_texts",
    "batch_create",
    "batches_for",
    "decision_common",
    "default_layout_code",
    "run_batch",
    "sample_awardee",
]

logger = logging.getLogger(__name__)

#: Pages rendered between two progress updates.
CHUNK = 25
#: Fields kept in the audit log (not the list of award ids).
AUDITED = ["decision", "honour", "unit", "layout_code", "state", "total", "created_by"]


def inline_max() -> int:
    return int(getattr(settings, "TDKT_CERTIFICATE_INLINE_MAX", 50))


def default_layout_code(honour_id: str | None) -> str:
    """Giấy khen (code GK…) prints on the giay_khen layout, everything else on bang_khen."""
    return "giay_khen" if (honour_id or "").upper().startswith("GK") else "bang_khen"


# --- scope -------------------------------------------------------------------------------------


def batches_for(user) -> QuerySet:
    """Batches of a unit in the user's scope, for a decision the user may see."""
    from tdkt.accounts.access import decisions_for
    from tdkt.accounts.selectors import user_scope

    scope = user_scope(user)
    qs = CertificateBatch.objects.all()
    if scope.is_global:
        return qs
    if scope.is_empty:
        return qs.none()
    visible = decisions_for(user).filter(pk=OuterRef("decision_id"))
    return qs.filter(scope.q("unit__")).filter(Exists(visible))


def access_batch(user, pk) -> CertificateBatch:
    try:
        return (
            batches_for(user).select_related("decision", "honour", "unit", "created_by").get(pk=pk)
        )
    except (CertificateBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def printable_awards(decision, actor, *, honour=None) -> QuerySet:
    """The decision's valid awards that ``actor`` may write (unit at the time in scope)."""
    from tdkt.accounts.access import subject_records_for
    from tdkt.registry.enums import RecordStatus
    from tdkt.registry.models import AwardRecord

    qs = subject_records_for(AwardRecord, actor, write=True).filter(
        decision=decision, status=RecordStatus.VALID
    )
    if honour is not None:
        qs = qs.filter(honour=honour)
    return qs


# --- texts -------------------------------------------------------------------------------------


def decision_common(decision, honour=None) -> dict[str, Any]:
    """What every page of a decision shares: issuer, title, decision line, date, signer."""
    issuer = nfc(decision.issuer_name or "")
    signer_title = nfc(decision.signer_title or "")
    if signer_title and not issuer.upper().startswith(signer_title.upper()):
        issuer_line = f"{signer_title} {issuer}".upper()
    else:
        issuer_line = issuer.upper()
    common: dict[str, Any] = {
        "issuer": f"{issuer_line}\nTẶNG" if issuer_line else "",
        "decision_number": decision.number,
        "decision_date": decision.signed_on,
        "date": decision.signed_on,
        "place": nfc(place_name(decision.issuer_unit)),
        "signer_title": signer_title.upper(),
        "signer_name": nfc(decision.signer_name or ""),
    }
    if honour is not None:
        common["title"] = _title_of(honour)
    return common


def _title_of(honour) -> str:
    name = nfc(getattr(honour, "name", "") or str(honour))
    if name.lower().startswith("giấy khen"):
        return "GIẤY KHEN"
    if name.lower().startswith("bằng khen"):
        return "BẰNG KHEN"
    return name.upper()


def award_certificate_texts(award) -> dict[str, Any]:
    """The per-page fields of one award: name, position and unit, achievement, title."""
    subject = award.subject
    unit_name = nfc(award.unit_at_time.name) if award.unit_at_time_id else ""
    if award.person_id:
        name = nfc(subject.full_name)
        position = nfc(subject.position or "")
        position_unit = ", ".join(p for p in (position, unit_name) if p)
    elif award.collective_id:
        name = nfc(subject.name)
        parent = getattr(subject, "parent", None)
        position_unit = nfc(parent.name) if parent is not None else ""
    else:
        name = nfc(str(subject))
        position_unit = unit_name
    return {
        "name": name,
        "position_unit": position_unit,
        "achievement": nfc(award.achievement or ""),
        "title": _title_of(award.honour),
    }


def _awards_in_order(ids: list[int]) -> list:
    from tdkt.registry.models import AwardRecord

    found = AwardRecord.objects.select_related(
        "person", "collective__parent", "household", "honour", "unit_at_time"
    ).in_bulk(ids)
    return [found[i] for i in ids if i in found]


def sample_awardee(user) -> tuple[dict[str, Any], dict[str, Any]]:
    """(awardee, common) of one award the user may see, or made-up texts for a preview."""
    from tdkt.accounts.access import subject_records_for
    from tdkt.registry.models import AwardRecord

    award = (
        subject_records_for(AwardRecord, user)
        .filter(decision__isnull=False)
        .select_related(
            "person", "collective__parent", "household", "honour", "unit_at_time", "decision"
        )
        .order_by("-id")
        .first()
    )
    if award is not None:
        return award_certificate_texts(award), decision_common(award.decision, award.honour)
    today = timezone.localdate()
    return (
        {
            "name": "Nguyễn Thị Hằng",
            "position_unit": "Giáo viên, Trường Tiểu học An Lạc",
            "achievement": "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm học",
            "title": "BẰNG KHEN",
        },
        {
            "issuer": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nTẶNG",
            "decision_number": "15/QĐ-UBND",
            "decision_date": today,
            "date": today,
            "place": "",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Lê Văn Sơn",
        },
    )


# --- creating and running ----------------------------------------------------------------------


def _batch_unit(decision, actor):
    from tdkt.accounts.selectors import writer_scope

    scope = writer_scope(actor)
    issuer = decision.issuer_unit
    if issuer is not None and scope.contains_path(issuer.path):
        return issuer
    return getattr(actor, "unit", None)


def batch_create(
    *, decision, actor, layout: str | None = None, honour=None, run: bool = True
) -> CertificateBatch:
    """Record a print run of the decision's awardees and start it (inline when small)."""
    from tdkt.documents.certificates import layout_for
    from tdkt.registry.enums import RecordStatus

    if decision.status != RecordStatus.VALID:
        raise ValidationError(_("Quyết định này đã bị hủy bỏ, không in bằng khen được."))
    ids = list(
        printable_awards(decision, actor, honour=honour).order_by("id").values_list("id", flat=True)
    )
    if not ids:
        raise ValidationError(
            _("Quyết định này không có khen thưởng còn hiệu lực nào trong phạm vi của bạn để in.")
        )
    if not layout:
        first = honour.pk if honour is not None else None
        if first is None:
            from tdkt.registry.models import AwardRecord

            first = AwardRecord.objects.filter(pk=ids[0]).values_list("honour_id", flat=True)[0]
        layout = default_layout_code(first)
    try:
        layout_for(layout)
    except ValidationError as exc:
        raise ValidationError({"layout": exc.messages}) from exc
    with transaction.atomic():
        batch = CertificateBatch.objects.create(
            decision=decision,
            honour=honour,
            unit=_batch_unit(decision, actor),
            layout_code=layout,
            award_ids=ids,
            total=len(ids),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            batch,
            action="documents.certificates.create",
            actor=actor,
            after=snapshot(batch, AUDITED),
        )
    # Rendering happens outside the transaction: a long batch must not hold it open.
    if run:
        start_batch(batch)
    return batch


def start_batch(batch: CertificateBatch) -> None:
    if batch.total > inline_max():
        from tdkt.documents.tasks import certificate_batch_task

        result = certificate_batch_task.enqueue(batch.pk)
        CertificateBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])
    else:
        run_batch(batch.pk)
    batch.refresh_from_db()


def _counting(
    batch_id: int, pages: Iterable[Mapping[str, Any]], chunk: int
) -> Iterator[Mapping[str, Any]]:
    """Yield the pages, writing the count done every ``chunk`` pages."""
    for done, page in enumerate(pages, start=1):
        yield page
        if done % chunk == 0:
            CertificateBatch.objects.filter(pk=batch_id).update(done=done)


def _failure_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return _("Không in được bằng khen, giấy khen (%(error)s). Hãy thử lại hoặc báo quản trị.") % {
        "error": type(exc).__name__
    }


def run_batch(batch_id: int, *, chunk: int = CHUNK) -> CertificateBatch:
    """Render the batch (the task body). A batch already taken by another worker is left alone."""
    from tdkt.documents.certificates import certificates_pdf, layout_for

    taken = CertificateBatch.objects.filter(pk=batch_id, state=BatchState.QUEUED).update(
        state=BatchState.RUNNING, done=0, error=""
    )
    batch = CertificateBatch.objects.select_related("decision", "honour").get(pk=batch_id)
    if not taken:
        return batch
    try:
        spec = layout_for(batch.layout_code)
        awards = _awards_in_order(list(batch.award_ids))
        if not awards:
            raise ValidationError(_("Không có ai trong danh sách để in bằng khen, giấy khen."))
        common = decision_common(batch.decision, batch.honour)
        pages = (award_certificate_texts(a) for a in awards)
        data = certificates_pdf(_counting(batch.pk, pages, chunk), spec, common=common)
        batch.result.save(f"batch-{batch.pk}.pdf", ContentFile(data), save=False)
        CertificateBatch.objects.filter(pk=batch.pk).update(
            state=BatchState.DONE,
            done=len(awards),
            total=len(awards),
            result=batch.result.name,
            finished_at=timezone.now(),
        )
    except Exception as exc:  # stored for the officer, the batch never stays "running"
        logger.exception("certificate batch %s failed", batch_id)
        CertificateBatch.objects.filter(pk=batch.pk).update(
            state=BatchState.FAILED, error=_failure_message(exc), finished_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch
