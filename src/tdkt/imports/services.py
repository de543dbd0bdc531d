"""The life of an import batch: upload → preview (parse + validate, nothing written) → the user
corrects the mapping or the file → confirm (re-validate, then one all-or-nothing transaction
with bulk inserts and one audit entry per created object) or cancel.

Files above INLINE_MAX_ROWS rows are parsed and written by a django-tasks background task;
the batch's `progress` (0–100) is what the progress page polls.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.common.audit import audit_log, audit_log_many
from tdkt.common.text import search_key
from tdkt.imports.mapping import (
    FIELD_LABELS,
    IGNORE,
    KIND_FIELDS,
    Layout,
    detect_layout,
    missing_required,
)
from tdkt.imports.models import ROW_STATUS_RANK, BatchStatus, ImportBatch, ImportKind, ImportRow
from tdkt.imports.parsing import FileRejected, Sheet, is_blank, read_workbook, sniff
from tdkt.imports.validation import Context, Preview, RowResult, validate_rows
from tdkt.people.models import Assignment, Person
from tdkt.people.services import person_tokens_sync, prepare_person
from tdkt.registry.enums import RecordSource
from tdkt.registry.models import AwardRecord, YearlyRating
from tdkt.registry.services import decision_create, prepare_award, prepare_rating

logger = logging.getLogger(__name__)

#: Files with more data rows than this are handled by a background task.
INLINE_MAX_ROWS = 2000
#: Nominee lists run the rules engine on every row: a lower threshold.
INLINE_MAX_NOMINEES = 300
BULK_BATCH = 500
_TITLE_YEAR = re.compile(r"\bnam (\d{4})\b")
BATCH_RELATED = ("unit", "user", "proposal", "proposal__round", "proposal__unit")


# --- reading a file -----------------------------------------------------------------------------


def _find_layout(
    sheets: list[Sheet], kind: str, sheet_name: str | None = None
) -> tuple[Sheet, Layout] | None:
    for sheet in sheets:
        if sheet_name and sheet.name != sheet_name:
            continue
        layout = detect_layout(sheet.rows, sheet.name, kind)
        if layout is not None:
            return sheet, layout
    return None


def count_data_rows(rows: list[list], layout: Layout) -> int:
    return sum(1 for row in rows[layout.data_row :] if any(not is_blank(v) for v in row))


def inspect_file(data: bytes, file_name: str, kind: str) -> tuple[str, Layout, int]:
    """Check an upload by content, size and row count: (format, layout, data rows)."""
    limit = settings.TDKT_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise FileRejected(
            _(
                "Tệp “%(name)s” có dung lượng %(size)s MB, vượt giới hạn %(limit)s MB. Hãy chia "
                "thành nhiều tệp nhỏ hơn."
            )
            % {
                "name": file_name,
                "size": f"{len(data) / 1048576:.1f}".replace(".", ","),
                "limit": limit // 1048576,
            }
        )
    fmt = sniff(data, file_name)
    sheets = read_workbook(data, fmt)
    found = _find_layout(sheets, kind)
    if found is None:
        raise FileRejected(
            _(
                "Không tìm thấy dòng tiêu đề cột trong tệp “%(name)s” (30 dòng đầu của mỗi trang "
                "tính). Dòng tiêu đề cần có các cột như “Họ và tên”, “Ngày sinh”, “%(key)s”. Hãy "
                "dùng tệp mẫu."
            )
            % {
                "name": file_name,
                "key": {"people": "Chức vụ", "ratings": "Xếp loại"}.get(kind, "Danh hiệu"),
            }
        )
    sheet, layout = found
    count = count_data_rows(sheet.rows, layout)
    if count == 0:
        raise FileRejected(
            _("Tệp “%(name)s” không có dòng dữ liệu nào dưới dòng tiêu đề (dòng %(row)s).")
            % {"name": file_name, "row": layout.header_row + 1}
        )
    max_rows = settings.TDKT_IMPORT_MAX_ROWS
    if count > max_rows:
        raise FileRejected(
            _(
                "Tệp “%(name)s” có %(count)s dòng dữ liệu, vượt giới hạn %(max)s dòng mỗi lần "
                "nhập. "
                "Hãy chia thành nhiều tệp."
            )
            % {
                "name": file_name,
                "count": f"{count:,}".replace(",", "."),
                "max": f"{max_rows:,}".replace(",", "."),
            }
        )
    return fmt, layout, count


# --- creating and previewing --------------------------------------------------------------------


def batch_create(
    *,
    user,
    kind: str,
    unit,
    file_name: str,
    data: bytes,
    create_missing: bool = False,
    default_year: int | None = None,
    run: bool = True,
    proposal=None,
) -> ImportBatch:
    """Store the upload and start its preview (inline for small files, else a task). A nominee
    list (kind "nominees") needs its `proposal`; use `nominee_batch_create`."""
    if (kind == ImportKind.NOMINEES) != (proposal is not None):
        raise ValueError("a nominee list, and only a nominee list, belongs to a proposal")
    fmt, layout, count = inspect_file(data, file_name, kind)
    digest = hashlib.sha256(data).hexdigest()
    if proposal is not None:
        unit, create_missing = proposal.unit, False
        default_year = default_year or proposal.round.year
    batch = ImportBatch(
        kind=kind,
        user=user,
        unit=unit,
        proposal=proposal,
        file_name=file_name[:255],
        file_sha256=digest,
        file_format=fmt,
        total_rows=count,
        mapping=layout.as_dict(),
        options={"create_missing": bool(create_missing), "default_year": default_year},
    )
    batch.file.save(file_name, ContentFile(data), save=False)
    batch.save()
    if run:
        start_preview(batch)
    return batch


def nominee_batch_create(*, user, proposal, file_name: str, data: bytes) -> ImportBatch:
    """Upload a proposal's nominee list (danh sách đề nghị khen thưởng) and preview it. The
    caller has checked that `user` may edit `proposal` (scope + `nominations.edit_proposal`);
    raises FileRejected (wrong type, too big, no header) or ValidationError (not editable)."""
    from tdkt.imports.nominees import proposal_not_editable
    from tdkt.nominations.enums import PROPOSAL_EDITABLE

    if proposal.state not in PROPOSAL_EDITABLE:
        raise ValidationError(proposal_not_editable(proposal))
    return batch_create(
        user=user,
        kind=ImportKind.NOMINEES,
        unit=proposal.unit,
        file_name=file_name,
        data=data,
        proposal=proposal,
    )


def inline_limit(batch: ImportBatch) -> int:
    return INLINE_MAX_NOMINEES if batch.kind == ImportKind.NOMINEES else INLINE_MAX_ROWS


def start_preview(batch: ImportBatch) -> None:
    if batch.total_rows > inline_limit(batch):
        from tdkt.imports.tasks import preview_task

        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.PENDING, progress=0)
        result = preview_task.enqueue(batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])
        batch.refresh_from_db()
    else:
        run_preview(batch.pk)
        batch.refresh_from_db()


def _progress_setter(batch_id: int, low: int, high: int) -> Callable[[int], None]:
    def set_progress(pct: int) -> None:
        value = low + (high - low) * max(0, min(pct, 100)) // 100
        ImportBatch.objects.filter(pk=batch_id).update(progress=value)

    return set_progress


def _read_batch(batch: ImportBatch) -> bytes:
    with batch.file.open("rb") as handle:
        return handle.read()


def _context(batch: ImportBatch, user=None) -> Context:
    options = batch.options or {}
    return Context(
        kind=batch.kind,
        user=user or batch.user,
        default_unit=batch.unit,
        create_missing=bool(options.get("create_missing")),
        default_year=options.get("default_year"),
        proposal=batch.proposal if batch.proposal_id else None,
    )


def _layout_and_rows(batch: ImportBatch, data: bytes) -> tuple[Layout, list[list], list[str]]:
    sheets = read_workbook(data, batch.file_format)
    mapping = batch.mapping or {}
    notes: list[str] = []
    if mapping.get("override") and mapping.get("columns"):
        layout = Layout.from_dict(mapping)
        sheet = next((s for s in sheets if s.name == layout.sheet), sheets[0])
    else:
        found = _find_layout(sheets, batch.kind, mapping.get("sheet")) or _find_layout(
            sheets, batch.kind
        )
        if found is None:
            raise FileRejected(_("Không tìm thấy dòng tiêu đề cột trong tệp."))
        sheet, layout = found
    if len(sheets) > 1:
        notes.append(
            _("Đọc trang tính “%(sheet)s” (tệp có %(n)s trang tính).")
            % {"sheet": sheet.name, "n": len(sheets)}
        )
    return layout, sheet.rows, notes


def _title_year(rows: list[list], layout: Layout) -> tuple[int, str] | None:
    for row in rows[: layout.header_row]:
        for value in row:
            if isinstance(value, str) and value.strip():
                match = _TITLE_YEAR.search(search_key(value))
                if match and 1945 <= int(match.group(1)) <= timezone.localdate().year:
                    return int(match.group(1)), value.strip()
    return None


def _validate(
    batch: ImportBatch, data: bytes, *, user=None, progress: Callable[[int], None] | None = None
) -> tuple[Preview, list[str], list[str]]:
    layout, rows, notes = _layout_and_rows(batch, data)
    ctx = _context(batch, user)
    kind = batch.kind
    if kind != ImportKind.PEOPLE and "year" not in layout.fields.values() and not ctx.default_year:
        found = _title_year(rows, layout)
        if found:
            ctx.default_year = found[0]
            notes.append(
                _("Tệp không có cột “Năm”: dùng năm %(year)s theo tiêu đề “%(title)s”.")
                % {"year": found[0], "title": found[1]}
            )
    preview = validate_rows(ctx, layout, rows, progress)
    errors = [
        _(
            "Chưa xác định được cột %(fields)s. Chọn lại cột tương ứng ở bảng “Cột trong tệp” "
            "rồi bấm “Xem trước lại”."
        )
        % {"fields": label}
        for label in missing_required(layout, kind)
    ]
    return preview, errors, notes + preview.notes


def _row_models(batch: ImportBatch, preview: Preview) -> list[ImportRow]:
    return [
        ImportRow(
            batch=batch,
            row_number=r.row_number,
            status=r.status,
            status_rank=ROW_STATUS_RANK[r.status],
            cells=r.cells,
            resolved=r.resolved,
            problems=[p.as_dict() for p in r.problems],
            conversions=r.conversions,
        )
        for r in preview.rows
    ]


def _store_preview(
    batch: ImportBatch, preview: Preview, errors: list[str], notes: list[str]
) -> None:
    counts = preview.counts()
    with transaction.atomic():
        ImportRow.objects.filter(batch=batch).delete()
        ImportRow.objects.bulk_create(_row_models(batch, preview), batch_size=1000)
        batch.mapping = {
            **preview.layout.as_dict(),
            "override": bool((batch.mapping or {}).get("override")),
            "errors": errors,
            "notes": notes,
        }
        batch.total_rows = len(preview.rows)
        batch.ok_count = counts["ok"]
        batch.warning_count = counts["warning"]
        batch.error_count = counts["error"]
        batch.duplicate_count = counts["duplicate"]
        batch.status = BatchStatus.PREVIEW
        batch.progress = 100
        batch.save()


def run_preview(batch_id: int) -> ImportBatch:
    """Parse and validate the stored file; store one ImportRow per data row."""
    batch = ImportBatch.objects.select_related(*BATCH_RELATED).get(pk=batch_id)
    if batch.status not in (BatchStatus.PENDING, BatchStatus.PREVIEW):
        return batch
    try:
        data = _read_batch(batch)
        preview, errors, notes = _validate(batch, data, progress=_progress_setter(batch.pk, 0, 95))
        _store_preview(batch, preview, errors, notes)
    except FileRejected as exc:
        _fail(batch, str(exc))
    except Exception as exc:
        logger.exception("import preview %s failed", batch_id)
        _fail(batch, _("Lỗi khi đọc tệp: %(error)s") % {"error": exc})
        raise
    return batch


def _fail(batch: ImportBatch, message: str) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.FAILED, message=message, progress=100, updated=timezone.now()
    )
    batch.status, batch.message = BatchStatus.FAILED, message


def remap(*, batch: ImportBatch, fields: dict[int, str]) -> ImportBatch:
    """Apply the user's column mapping and re-run the preview."""
    if batch.status != BatchStatus.PREVIEW:
        raise ValidationError(_("Chỉ sửa cách hiểu cột khi lô đang chờ xác nhận."))
    allowed = set(KIND_FIELDS[batch.kind]) | {IGNORE}
    chosen: dict[str, int] = {}
    layout = Layout.from_dict(batch.mapping)
    for column in layout.columns:
        value = fields.get(column.index, column.field)
        if value not in allowed:
            raise ValidationError(
                _("Trường “%(f)s” không dùng cho loại dữ liệu này.") % {"f": value}
            )
        if value and value in chosen:
            raise ValidationError(
                _(
                    "“%(field)s” được chọn cho hai cột (“%(a)s” và “%(b)s”). Mỗi trường chỉ chọn "
                    "cho một cột."
                )
                % {
                    "field": FIELD_LABELS[value],
                    "a": next(c.label for c in layout.columns if c.index == chosen[value]),
                    "b": column.label,
                }
            )
        if value:
            chosen[value] = column.index
        column.field = value
    batch.mapping = {**layout.as_dict(), "override": True}
    batch.status = BatchStatus.PENDING
    batch.progress = 0
    batch.save(update_fields=["mapping", "status", "progress", "updated"])
    start_preview(batch)
    return batch


def batch_cancel(*, batch: ImportBatch, actor) -> ImportBatch:
    updated = ImportBatch.objects.filter(
        pk=batch.pk, status__in=[BatchStatus.PREVIEW, BatchStatus.FAILED]
    ).update(status=BatchStatus.CANCELLED, updated=timezone.now())
    if not updated:
        raise ValidationError(_("Lô này không thể hủy (đã ghi vào sổ hoặc đang xử lý)."))
    batch.refresh_from_db()
    audit_log(
        batch,
        action="imports.batch.cancel",
        actor=actor,
        after={"status": batch.status},
        reason=_("Hủy lô nhập Excel"),
    )
    return batch


# --- confirming ---------------------------------------------------------------------------------


def batch_confirm(*, batch: ImportBatch, actor, skip_errors: bool = False) -> ImportBatch:
    """Refuse while there are errors (unless the user explicitly skips those rows), then write
    (inline or in a background task)."""
    if batch.status != BatchStatus.PREVIEW:
        raise ValidationError(_("Lô này không ở trạng thái chờ xác nhận."))
    if batch.kind == ImportKind.NOMINEES:
        _check_nominee_confirm(batch, actor)
        skip_errors = False
    if (batch.mapping or {}).get("errors"):
        raise ValidationError(
            _("Chưa thể ghi: tệp còn thiếu cột bắt buộc. Sửa cách hiểu cột rồi xem trước lại.")
        )
    if batch.error_count and not skip_errors:
        raise ValidationError(
            _(
                "Chưa thể ghi: còn %(n)s dòng lỗi. Sửa tệp rồi tải lên lại, hoặc đánh dấu “Bỏ qua "
                "các dòng lỗi” để chỉ ghi các dòng hợp lệ."
            )
            % {"n": batch.error_count}
        )
    if batch.writable_count == 0:
        raise ValidationError(_("Không có dòng hợp lệ nào để ghi."))
    updated = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.PREVIEW).update(
        status=BatchStatus.WRITING,
        progress=0,
        message="",
        options={**(batch.options or {}), "skip_errors": bool(skip_errors)},
        updated=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("Lô này đang được xử lý."))
    if batch.total_rows > inline_limit(batch):
        from tdkt.imports.tasks import confirm_task

        result = confirm_task.enqueue(batch.pk, actor.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])
    else:
        run_confirm(batch.pk, actor.pk)
    batch.refresh_from_db()
    return batch


def _check_nominee_confirm(batch: ImportBatch, actor) -> None:
    """All or nothing, into a proposal the actor may still edit."""
    from tdkt.imports.nominees import proposal_not_editable
    from tdkt.nominations import rules as perms
    from tdkt.nominations.enums import PROPOSAL_EDITABLE
    from tdkt.nominations.models import Proposal

    proposal = Proposal.objects.select_related("round", "unit").get(pk=batch.proposal_id)
    if not perms.is_unit_submitter(actor, proposal):
        raise ValidationError(
            _("Bạn không có quyền sửa tờ trình của %(unit)s.") % {"unit": proposal.unit.name}
        )
    if proposal.state not in PROPOSAL_EDITABLE:
        raise ValidationError(proposal_not_editable(proposal))
    if batch.error_count:
        raise ValidationError(
            _(
                "Chưa thể thêm vào tờ trình: còn %(n)s dòng lỗi. Danh sách được thêm một lần cho "
                "tất cả các dòng (có lỗi thì không thêm dòng nào): sửa tệp theo hướng dẫn ở "
                "từng dòng rồi tải lên lại."
            )
            % {"n": batch.error_count}
        )


def _signatures(rows: list[RowResult]) -> dict[int, tuple]:
    return {
        r.row_number: (
            str(r.status),
            tuple(p.message for p in r.problems),
            tuple(sorted(r.resolved.items())),
        )
        for r in rows
    }


def _stored_signatures(batch: ImportBatch) -> dict[int, tuple]:
    out = {}
    for number, status, problems, resolved in ImportRow.objects.filter(batch=batch).values_list(
        "row_number", "status", "problems", "resolved"
    ):
        out[number] = (
            status,
            tuple(p["message"] for p in problems),
            tuple(sorted(resolved.items())),
        )
    return out


def run_confirm(batch_id: int, actor_id: int) -> ImportBatch:
    from django.contrib.auth import get_user_model

    batch = ImportBatch.objects.select_related(*BATCH_RELATED).get(pk=batch_id)
    if batch.status != BatchStatus.WRITING:
        return batch
    actor = get_user_model().objects.get(pk=actor_id)
    skip_errors = bool((batch.options or {}).get("skip_errors"))
    try:
        data = _read_batch(batch)
        preview, errors, notes = _validate(
            batch, data, user=actor, progress=_progress_setter(batch.pk, 0, 50)
        )
        fresh = _signatures(preview.rows)
        stored = _stored_signatures(batch)
        if fresh != stored or errors:
            changed = sorted(n for n in set(fresh) | set(stored) if fresh.get(n) != stored.get(n))
            _store_preview(batch, preview, errors, notes)
            shown = ", ".join(str(n) for n in changed[:10]) + ("…" if len(changed) > 10 else "")
            message = _(
                "Chưa ghi gì: dữ liệu trong sổ đã thay đổi từ lúc xem trước (các dòng %(rows)s). "
                "Bản xem trước đã được cập nhật, hãy kiểm tra lại rồi xác nhận."
            ) % {"rows": shown}
            ImportBatch.objects.filter(pk=batch.pk).update(message=message)
            batch.refresh_from_db()
            return batch
        ImportBatch.objects.filter(pk=batch.pk).update(progress=60)
        written = write_preview(batch=batch, preview=preview, actor=actor, skip_errors=skip_errors)
    except Exception as exc:
        logger.exception("import confirm %s failed", batch_id)
        if batch.kind == ImportKind.NOMINEES:
            text = _("Không thêm được, chưa có dòng nào được thêm vào tờ trình: %(error)s")
        else:
            text = _("Không ghi được, chưa có dòng nào được ghi vào sổ: %(error)s")
        _fail(batch, text % {"error": _error_text(exc)})
        return batch
    skipped = len(preview.rows) - written
    if batch.kind == ImportKind.NOMINEES:
        message = _("Đã thêm %(n)s đối tượng vào %(proposal)s.") % {
            "n": written,
            "proposal": str(batch.proposal),
        }
    else:
        message = _("Đã ghi %(n)s dòng vào sổ.") % {"n": written} + (
            _(" Bỏ qua %(m)s dòng (trùng hoặc lỗi).") % {"m": skipped} if skipped else ""
        )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.CONFIRMED,
        confirmed_at=timezone.now(),
        progress=100,
        written_count=written,
        skipped_count=skipped,
        updated=timezone.now(),
        message=message,
    )
    batch.refresh_from_db()
    return batch


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


def _reason(batch: ImportBatch, skipped_errors: int) -> str:
    reason = _("Nhập từ Excel: lô #%(id)s (%(name)s)") % {"id": batch.pk, "name": batch.file_name}
    if skipped_errors:
        reason += _("; người nhập chọn bỏ qua %(n)s dòng lỗi") % {"n": skipped_errors}
    return reason


def _create_people(people: list[Person], actor, reason: str) -> None:
    if not people:
        return
    Person.objects.bulk_create(people, batch_size=BULK_BATCH)
    person_tokens_sync([p.pk for p in people])
    Assignment.objects.bulk_create(
        [
            Assignment(person=p, unit=p.unit, position=p.position, start=p.employment_start)
            for p in people
        ],
        batch_size=BULK_BATCH,
    )
    audit_log_many(people, action="people.person.create", actor=actor, reason=reason)


@transaction.atomic
def write_preview(*, batch: ImportBatch, preview: Preview, actor, skip_errors: bool) -> int:
    """All-or-nothing: every writable row, or nothing (any exception rolls everything back)."""
    rows = [r for r in preview.rows if r.writable]
    errors = sum(1 for r in preview.rows if r.status == "error")
    if errors and not skip_errors:
        raise ValidationError(_("Còn dòng lỗi."))
    reason = _reason(batch, errors)
    if batch.kind == ImportKind.NOMINEES:
        from tdkt.imports.nominees import write_nominees

        if errors:
            raise ValidationError(_("Còn dòng lỗi."))
        write_nominees(batch=batch, preview=preview, actor=actor)
    elif batch.kind == ImportKind.PEOPLE:
        people = [prepare_person(unit=r.values["unit"], **r.values["fields"]) for r in rows]
        _create_people(people, actor, reason)
    else:
        keys = list(
            dict.fromkeys(
                r.values["new_person"] for r in rows if r.values.get("new_person") is not None
            )
        )
        people = [
            prepare_person(unit=preview.new_people[k]["unit"], **preview.new_people[k]["fields"])
            for k in keys
        ]
        _create_people(people, actor, reason)
        new_people = dict(zip(keys, people, strict=True))

        def subject(row: RowResult) -> Person:
            return row.values["person"] or new_people[row.values["new_person"]]

        if batch.kind == ImportKind.AWARDS:
            decisions = {}
            for key in dict.fromkeys(
                r.values["decision_key"] for r in rows if r.values.get("decision_key")
            ):
                entry = preview.new_decisions[key]
                decisions[key] = decision_create(
                    number=entry["number"],
                    signed_on=entry["signed_on"],
                    issuer_name=entry["issuer_name"],
                    level=entry["level"],
                    source=RecordSource.IMPORT,
                    actor=actor,
                    reason=reason,
                )
            created_by = actor if getattr(actor, "is_authenticated", False) else None
            honours = preview.catalogue.honours
            records = []
            for r in rows:
                v = r.values
                record = prepare_award(
                    subject=subject(r),
                    honour_id=v["honour_id"],
                    year=v["year"],
                    year_from=v["year_from"],
                    decision=v.get("decision") or decisions.get(v.get("decision_key")),
                    unit_at_time=v["unit"],
                    achievement=v.get("achievement", ""),
                    source=RecordSource.IMPORT,
                    honour=honours.get(v["honour_id"]),
                )
                record.created_by = created_by
                records.append(record)
            AwardRecord.objects.bulk_create(records, batch_size=BULK_BATCH)
            audit_log_many(records, action="registry.award.create", actor=actor, reason=reason)
        else:
            ratings = [
                prepare_rating(
                    subject=subject(r),
                    year=r.values["year"],
                    rating_id=r.values["rating_id"],
                    unit_at_time=r.values["unit"],
                    decision_ref=r.values.get("decision_ref", ""),
                    note=r.values.get("note", ""),
                    source=RecordSource.IMPORT,
                    rating_codes=frozenset(preview.catalogue.ratings),
                )
                for r in rows
            ]
            YearlyRating.objects.bulk_create(ratings, batch_size=BULK_BATCH)
            audit_log_many(ratings, action="registry.rating.create", actor=actor, reason=reason)
    audit_log(
        batch,
        action="imports.batch.confirm",
        actor=actor,
        reason=reason,
        after={
            "kind": batch.kind,
            "proposal": batch.proposal_id,
            "file": batch.file_name,
            "sha256": batch.file_sha256,
            "written": len(rows),
            "skipped_errors": errors,
            "skipped_duplicates": sum(1 for r in preview.rows if r.status == "duplicate"),
        },
    )
    return len(rows)
