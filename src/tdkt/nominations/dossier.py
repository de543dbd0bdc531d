"""A proposal's dossier (hồ sơ, Law Art. 84): the checklist of required documents, the uploaded
files, the unit's own vote (biên bản bình xét) and the generated DOCX documents.

Reads
  ``dossier_checklist(proposal)``: what the rule pack requires for every nominee's target (the
  regime in force on the round's decision date), merged into documents of the whole proposal
  (tờ trình, biên bản ...) and documents of each nominee (báo cáo thành tích, văn bản công nhận
  sáng kiến ...), each with its files and legal basis.
  ``dossier_status(proposal)``: ``{"complete": bool, "missing": [Vietnamese lines]}`` for the
  appraisal page and the warning before submitting.

Writes (keyword-only, one transaction, audit log)
  ``dossier_upload``, ``dossier_file_revoke``, ``unit_vote_record``.

Documents
  ``achievement_report_docx(nominee)``, ``unit_minutes_docx(proposal)``.

Simplified procedure (``round.simplified``, Law Art. 85 [R]): the dossier is only the tờ trình
and a short achievement report (báo cáo tóm tắt thành tích) per nominee, whatever the target;
the pack's fuller lists do not apply. The legal digest marks this rule as recalled, not verified
(legal-rules §7.5), so it lives here in one place (`SIMPLIFIED_DOCUMENTS`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.common.audit import audit_log, snapshot
from tdkt.common.text.normalize import nfc
from tdkt.nominations import rules as perms
from tdkt.nominations.enums import NOMINEE_INACTIVE, PROPOSAL_EDITABLE, RoundState
from tdkt.nominations.models import DOSSIER_EXTENSIONS, DossierFile, Nominee, Proposal
from tdkt.people.enums import SubjectKind

#: Documents of the whole proposal; every other code is a document of each nominee.
PROPOSAL_DOCUMENTS = (
    "to_trinh",
    "bien_ban_binh_xet",
    "bien_ban_xet_khen_thuong",
    "ket_qua_bo_phieu_kin",
    "ket_qua_cum_khoi",
)
#: Documents of one nominee (per-subject evidence).
NOMINEE_DOCUMENTS = ("bao_cao_thanh_tich", "chung_nhan_sang_kien", "chung_nhan_thanh_tich")
#: Optional documents a unit may add for a nominee even when the pack does not require them.
OPTIONAL_NOMINEE_DOCUMENTS = ("chung_nhan_thanh_tich",)
#: The simplified procedure's dossier (see the module docstring).
SIMPLIFIED_DOCUMENTS = ("to_trinh", "bao_cao_thanh_tich")
SIMPLIFIED_BASIS = "Điều 85 Luật TĐKT 2022 (thủ tục đơn giản)"
DEFAULT_BASIS = "Điều 84 Luật TĐKT 2022"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Accepted uploads, recognised by their first bytes (DOCX further checked as a Word zip).
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"PK\x03\x04", DOCX_TYPE),
)
#: File name extensions accepted, with the content type they must hold.
EXTENSIONS = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": DOCX_TYPE,
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_FILES_PER_DOCUMENT = 5
DEFAULT_MAX_FILES_PER_REQUEST = 10


def max_bytes() -> int:
    return int(getattr(settings, "TDKT_DOSSIER_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_files_per_document() -> int:
    return int(getattr(settings, "TDKT_DOSSIER_MAX_FILES", DEFAULT_MAX_FILES_PER_DOCUMENT))


def max_files_per_request() -> int:
    return int(
        getattr(settings, "TDKT_DOSSIER_MAX_FILES_PER_REQUEST", DEFAULT_MAX_FILES_PER_REQUEST)
    )


def _today() -> dt.date:
    from tdkt.nominations import services

    return services._today()


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# --------------------------------------------------------------------------- checklist


@dataclass
class ChecklistItem:
    """One required (or optional) document, for the proposal (`nominee` None) or one nominee."""

    code: str
    name: str
    basis: str
    nominee: Nominee | None = None
    targets: list[str] = field(default_factory=list)
    target_names: list[str] = field(default_factory=list)
    files: list[DossierFile] = field(default_factory=list)
    required: bool = True

    @property
    def present(self) -> bool:
        return bool(self.files)

    @property
    def key(self) -> str:
        return f"{self.code}:{self.nominee.pk if self.nominee else ''}"


@dataclass
class NomineeDossier:
    nominee: Nominee
    items: list[ChecklistItem]


@dataclass
class Checklist:
    proposal: Proposal
    decision_date: dt.date
    simplified: bool
    proposal_items: list[ChecklistItem]
    nominees: list[NomineeDossier]

    @property
    def items(self) -> list[ChecklistItem]:
        return self.proposal_items + [i for n in self.nominees for i in n.items]

    @property
    def complete(self) -> bool:
        return all(i.present for i in self.items if i.required)


def decision_date(round) -> dt.date:
    """The date whose regime decides the dossier: the day the round was decided, else the later
    of today and the usual decision date of the round's year (20 January of the next year)."""
    from tdkt.rules.engine.contract import default_decision_date

    if round.state == RoundState.DECIDED and round.state_changed_at:
        return timezone.localdate(round.state_changed_at)
    return max(_today(), default_decision_date(round.year))


def _required(target: str, on: dt.date) -> dict[str, Any]:
    from tdkt.rules.engine import ContractError
    from tdkt.rules.engine.dossier import required_documents

    try:
        return required_documents(target, on)
    except ContractError:
        return {
            "target": target,
            "basis": DEFAULT_BASIS,
            "documents": [
                {"code": "to_trinh", "name": _("Tờ trình (văn bản) đề nghị khen thưởng")},
                {"code": "bao_cao_thanh_tich", "name": _("Báo cáo thành tích")},
            ],
        }


def active_nominees(proposal: Proposal) -> list[Nominee]:
    return list(
        proposal.nominees.exclude(state__in=sorted(NOMINEE_INACTIVE))
        .select_related("person", "collective", "household", "target")
        .order_by("order", "pk")
    )


def dossier_checklist(proposal: Proposal, *, nominees: list[Nominee] | None = None) -> Checklist:
    """Every document the proposal's dossier needs, with its files in force (a fixed number of
    queries). Proposal-level documents first (in the pack's order), then each nominee's."""
    round = proposal.round
    on = decision_date(round)
    nominees = active_nominees(proposal) if nominees is None else nominees
    files: dict[tuple[str, int | None], list[DossierFile]] = defaultdict(list)
    for f in (
        DossierFile.objects.active()
        .filter(proposal=proposal)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    ):
        files[(f.document, f.nominee_id)].append(f)

    proposal_items: dict[str, ChecklistItem] = {}
    per_nominee: list[NomineeDossier] = []
    cache: dict[str, dict[str, Any]] = {}
    for nominee in nominees:
        if round.simplified:
            spec = {
                "basis": SIMPLIFIED_BASIS,
                "documents": [
                    {"code": "to_trinh", "name": _("Tờ trình (văn bản) đề nghị khen thưởng")},
                    {"code": "bao_cao_thanh_tich", "name": _("Báo cáo tóm tắt thành tích")},
                ],
            }
        else:
            spec = cache.get(nominee.target_id) or _required(nominee.target_id, on)
            cache[nominee.target_id] = spec
        basis = str(spec.get("basis") or DEFAULT_BASIS)
        items: list[ChecklistItem] = []
        for doc in spec["documents"]:
            code = doc["code"]
            if code in NOMINEE_DOCUMENTS:
                items.append(
                    ChecklistItem(
                        code=code,
                        name=doc["name"],
                        basis=basis,
                        nominee=nominee,
                        targets=[nominee.target_id],
                        files=files.get((code, nominee.pk), []),
                    )
                )
                continue
            item = proposal_items.get(code)
            if item is None:
                item = proposal_items[code] = ChecklistItem(
                    code=code, name=doc["name"], basis=basis, files=files.get((code, None), [])
                )
            if nominee.target_id not in item.targets:
                item.targets.append(nominee.target_id)
                item.target_names.append(nominee.target.name)
            if basis not in item.basis.split("; "):
                item.basis = f"{item.basis}; {basis}"
        present = {i.code for i in items}
        for code in OPTIONAL_NOMINEE_DOCUMENTS:
            if code not in present and not round.simplified:
                items.append(
                    ChecklistItem(
                        code=code,
                        name=_document_name(code, on),
                        basis=basis,
                        nominee=nominee,
                        files=files.get((code, nominee.pk), []),
                        required=False,
                    )
                )
        per_nominee.append(NomineeDossier(nominee=nominee, items=items))
    if "to_trinh" not in proposal_items:
        # A proposal without nominees still starts with its tờ trình.
        proposal_items = {
            "to_trinh": ChecklistItem(
                code="to_trinh",
                name=_document_name("to_trinh", on),
                basis=SIMPLIFIED_BASIS if round.simplified else DEFAULT_BASIS,
                files=files.get(("to_trinh", None), []),
            ),
            **proposal_items,
        }
    return Checklist(
        proposal=proposal,
        decision_date=on,
        simplified=bool(round.simplified),
        proposal_items=list(proposal_items.values()),
        nominees=per_nominee,
    )


def _document_name(code: str, on: dt.date) -> str:
    from tdkt.rules.engine.eligibility import pack_for
    from tdkt.rules.engine.packs import load_packs

    try:
        pack = pack_for(load_packs(), on, None, "decision_date")
        return str((pack.dossier.get("documents") or {}).get(code, code))
    except Exception:  # a date outside every pack: the code is still meaningful
        return code


def dossier_status(proposal: Proposal) -> dict[str, Any]:
    """``{"complete": bool, "missing": [Vietnamese lines]}``: the required documents without a
    file in force (one line per missing document, naming the nominee for per-nominee ones)."""
    checklist = dossier_checklist(proposal)
    missing = []
    for item in checklist.items:
        if not item.required or item.present:
            continue
        if item.nominee is None:
            missing.append(_("Thiếu %(document)s.") % {"document": item.name})
        else:
            missing.append(
                _("%(subject)s: thiếu %(document)s.")
                % {"subject": item.nominee.subject_name, "document": item.name}
            )
    return {"complete": not missing, "missing": missing}


# --------------------------------------------------------------------------- uploads


def sniff(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def _is_word(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "word/document.xml" in names and not any(
        n.lower().endswith("vbaproject.bin") for n in names
    )


def _read(upload) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes() + 1)
    return data


def check_upload(upload) -> tuple[str, str, bytes]:
    """(original name, detected content type, bytes) of an accepted file, else a Vietnamese
    ValidationError naming the file (size, emptiness, content by its first bytes)."""
    name = nfc(Path(getattr(upload, "name", "") or "").name) or _("(không tên)")
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(_too_big(name, size, limit), code="too_big")
    data = _read(upload)
    if len(data) > limit:
        raise ValidationError(_too_big(name, len(data), limit), code="too_big")
    if not data:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    detected = sniff(data[:16])
    if detected == DOCX_TYPE and not _is_word(data):
        detected = None
    suffix = Path(name).suffix.lower().lstrip(".")
    expected = EXTENSIONS.get(suffix)
    if detected is None or expected is None:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải tệp PDF, JPEG, PNG hoặc Word (.docx) hợp lệ (hệ thống "
                "kiểm tra nội dung tệp, không dựa vào tên tệp)."
            )
            % {"name": name},
            code="bad_type",
        )
    if detected != expected:
        raise ValidationError(
            _(
                "Tệp “%(name)s” có đuôi .%(suffix)s nhưng nội dung là tệp %(kind)s: hãy đổi tên "
                "tệp cho đúng rồi tải lên lại."
            )
            % {"name": name, "suffix": suffix, "kind": DOSSIER_EXTENSIONS[detected].upper()},
            code="mismatch",
        )
    return name, detected, data


def _too_big(name: str, size: int, limit: int) -> str:
    return _("Tệp “%(name)s” dung lượng %(size)s MB, vượt quá giới hạn %(limit)s MB.") % {
        "name": name,
        "size": f"{size / 1048576:.1f}".replace(".", ","),
        "limit": f"{limit / 1048576:g}".replace(".", ","),
    }


def _require_unit(proposal: Proposal, actor) -> None:
    if not perms.is_unit_submitter(actor, proposal):
        raise PermissionDenied(
            _("Chỉ cán bộ thi đua – khen thưởng của %(unit)s mới được sửa hồ sơ.")
            % {"unit": proposal.unit.name}
        )


def _require_editable(proposal: Proposal) -> None:
    if proposal.state not in PROPOSAL_EDITABLE:
        raise ValidationError(
            {
                "proposal": _(
                    "%(proposal)s đang ở trạng thái «%(state)s»: chỉ bổ sung, sửa hồ sơ khi tờ "
                    "trình đang soạn hoặc bị trả lại."
                )
                % {"proposal": str(proposal), "state": proposal.get_state_display()}
            }
        )


def _lock(proposal: Proposal) -> Proposal:
    """Re-read the proposal under a row lock (uploads and votes of one proposal queue up)."""
    locked = (
        Proposal.objects.select_for_update().select_related("unit", "round").get(pk=proposal.pk)
    )
    proposal.state = locked.state
    return locked


def allowed_documents(checklist: Checklist, nominee: Nominee | None) -> dict[str, str]:
    """Codes (with names) a file may be uploaded under, for the proposal or one nominee."""
    if nominee is None:
        return {i.code: i.name for i in checklist.proposal_items}
    for entry in checklist.nominees:
        if entry.nominee.pk == nominee.pk:
            return {i.code: i.name for i in entry.items}
    return {}


@transaction.atomic
def dossier_upload(
    *,
    proposal: Proposal,
    document: str,
    files: list,
    actor,
    nominee: Nominee | None = None,
    replace: DossierFile | None = None,
) -> list[DossierFile]:
    """Store signed scans or Word files under one dossier document, all or nothing.

    Checked: the unit's right and the proposal being editable (draft, returned); the document
    belongs to the checklist of the proposal or of the nominee; each file by content (PDF, JPEG,
    PNG, DOCX by their first bytes; DOCX must be a Word zip), size (TDKT_DOSSIER_MAX_BYTES) and
    count (TDKT_DOSSIER_MAX_FILES per document in force, TDKT_DOSSIER_MAX_FILES_PER_REQUEST).
    With `replace` (one file), the old row is kept and points to the new one (superseded)."""
    _require_unit(proposal, actor)
    locked = _lock(proposal)
    _require_editable(locked)
    if nominee is not None and nominee.proposal_id != proposal.pk:
        raise ValidationError({"nominee": _("Đối tượng không thuộc tờ trình này.")})
    files = [f for f in files or [] if f is not None]
    if not files:
        raise ValidationError({"files": _("Chọn ít nhất một tệp để tải lên.")})
    if len(files) > max_files_per_request():
        raise ValidationError(
            {
                "files": _("Mỗi lần chỉ tải lên tối đa %(n)s tệp (đã chọn %(count)s tệp).")
                % {"n": max_files_per_request(), "count": len(files)}
            }
        )
    checklist = dossier_checklist(locked)
    allowed = allowed_documents(checklist, nominee)
    if document not in allowed:
        raise ValidationError(
            {
                "document": _("Thành phần hồ sơ “%(code)s” không có trong danh mục.")
                % {"code": document}
            }
        )
    if replace is not None:
        if (
            replace.proposal_id != proposal.pk
            or replace.document != document
            or replace.nominee_id != (nominee.pk if nominee else None)
        ):
            raise ValidationError({"replace": _("Tệp cần thay không thuộc thành phần hồ sơ này.")})
        if not DossierFile.objects.active().filter(pk=replace.pk).exists():
            raise ValidationError(
                {
                    "replace": _("Tệp “%(name)s” đã được thay hoặc rút trước đó.")
                    % {"name": replace.original_name}
                }
            )
        if len(files) != 1:
            raise ValidationError({"files": _("Thay một tệp bằng đúng một tệp mới.")})
    in_force = DossierFile.objects.active().filter(
        proposal=proposal, document=document, nominee=nominee
    )
    count = in_force.count() - (1 if replace is not None else 0) + len(files)
    if count > max_files_per_document():
        raise ValidationError(
            {
                "files": _(
                    "“%(document)s” chỉ được có tối đa %(n)s tệp; hiện có %(current)s tệp, "
                    "thêm %(adding)s tệp sẽ vượt giới hạn."
                )
                % {
                    "document": allowed[document],
                    "n": max_files_per_document(),
                    "current": in_force.count(),
                    "adding": len(files),
                }
            }
        )
    errors, checked = [], []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})

    from django.core.files.base import ContentFile

    now = timezone.now()
    created = []
    for name, content_type, data in checked:
        row = DossierFile(
            proposal=proposal,
            nominee=nominee,
            document=document,
            original_name=name[:255],
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=_user(actor),
            uploaded_at=now,
        )
        row.file.save(name, ContentFile(data), save=False)
        row.save()
        audit_log(row, action="nominations.dossier.upload", actor=actor, after=snapshot(row))
        created.append(row)
    if replace is not None:
        before = snapshot(replace, ["superseded_by"])
        DossierFile.objects.filter(pk=replace.pk).update(superseded_by=created[0])
        replace.superseded_by = created[0]
        audit_log(
            replace,
            action="nominations.dossier.supersede",
            actor=actor,
            before=before,
            after=snapshot(replace, ["superseded_by"]),
            reason=_("Thay bằng tệp “%(name)s”") % {"name": created[0].original_name},
        )
    return created


@transaction.atomic
def dossier_file_revoke(*, file: DossierFile, actor, reason: str) -> DossierFile:
    """Withdraw a file from the dossier (kept for the record), with a reason."""
    proposal = file.proposal
    _require_unit(proposal, actor)
    locked = _lock(proposal)
    _require_editable(locked)
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Ghi lý do rút tệp khỏi hồ sơ.")})
    before = snapshot(file, ["revoked_at", "revoked_by", "revoke_reason"])
    changed = (
        DossierFile.objects.active()
        .filter(pk=file.pk)
        .update(revoked_at=timezone.now(), revoked_by=_user(actor), revoke_reason=reason)
    )
    if not changed:
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” đã được thay hoặc rút trước đó.")
                % {"name": file.original_name}
            }
        )
    file.refresh_from_db()
    audit_log(
        file,
        action="nominations.dossier.revoke",
        actor=actor,
        before=before,
        after=snapshot(file, ["revoked_at", "revoked_by", "revoke_reason"]),
        reason=reason,
    )
    return file


# --------------------------------------------------------------------------- unit vote


@transaction.atomic
def unit_vote_record(
    *,
    proposal: Proposal,
    actor,
    meeting_on: dt.date,
    members_total: int,
    members_present: int,
    votes: dict[int, int | None],
) -> Proposal:
    """Record the unit's own meeting (bình xét): date, members total and present, and the yes
    votes of each nominee (`votes`: nominee id -> yes votes, None to clear)."""
    _require_unit(proposal, actor)
    locked = _lock(proposal)
    _require_editable(locked)
    errors: dict[str, list[str]] = defaultdict(list)
    if not isinstance(meeting_on, dt.date):
        errors["meeting_on"].append(_("Nhập ngày họp bình xét (dd/mm/yyyy)."))
    elif meeting_on > _today():
        errors["meeting_on"].append(
            _("Ngày họp %(date)s chưa đến.") % {"date": f"{meeting_on:%d/%m/%Y}"}
        )
    if not isinstance(members_total, int) or members_total < 1:
        errors["members_total"].append(_("Tổng số thành viên phải từ 1 trở lên."))
    if not isinstance(members_present, int) or members_present < 0:
        errors["members_present"].append(_("Số thành viên có mặt không hợp lệ."))
    elif isinstance(members_total, int) and members_present > members_total:
        errors["members_present"].append(
            _("Số thành viên có mặt (%(present)s) lớn hơn tổng số thành viên (%(total)s).")
            % {"present": members_present, "total": members_total}
        )
    nominees = {n.pk: n for n in active_nominees(proposal)}
    for nominee_id, yes in votes.items():
        nominee = nominees.get(nominee_id)
        if nominee is None:
            errors["votes"].append(
                _("Đối tượng #%(id)s không thuộc tờ trình.") % {"id": nominee_id}
            )
        elif yes is not None and (not isinstance(yes, int) or yes < 0):
            errors["votes"].append(
                _("%(subject)s: số phiếu đồng ý không hợp lệ.") % {"subject": nominee.subject_name}
            )
        elif yes is not None and isinstance(members_present, int) and yes > members_present:
            errors["votes"].append(
                _(
                    "%(subject)s: số phiếu đồng ý (%(yes)s) lớn hơn số thành viên có mặt "
                    "(%(present)s)."
                )
                % {"subject": nominee.subject_name, "yes": yes, "present": members_present}
            )
    if errors:
        raise ValidationError(dict(errors))
    before = snapshot(locked, ["unit_meeting_on", "unit_members_total", "unit_members_present"])
    Proposal.objects.filter(pk=proposal.pk).update(
        unit_meeting_on=meeting_on,
        unit_members_total=members_total,
        unit_members_present=members_present,
        updated=timezone.now(),
    )
    for attr, value in (
        ("unit_meeting_on", meeting_on),
        ("unit_members_total", members_total),
        ("unit_members_present", members_present),
    ):
        setattr(proposal, attr, value)
    before["votes"] = {str(pk): n.unit_votes_yes for pk, n in nominees.items() if pk in votes}
    for nominee_id, yes in votes.items():
        if nominees[nominee_id].unit_votes_yes != yes:
            Nominee.objects.filter(pk=nominee_id).update(unit_votes_yes=yes)
    audit_log(
        proposal,
        action="nominations.dossier.unit_vote",
        actor=actor,
        before=before,
        after={
            "unit_meeting_on": meeting_on.isoformat(),
            "unit_members_total": members_total,
            "unit_members_present": members_present,
            "votes": {str(k): v for k, v in votes.items()},
        },
    )
    return proposal


def percent(part: int | None, whole: int | None) -> str:
    """ "85,71" (two decimals, trailing zeros dropped, Vietnamese comma); "" when unknown."""
    if part is None or not whole:
        return ""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --------------------------------------------------------------------------- documents


def _unit_parent_name(unit) -> str:
    parent = getattr(unit, "parent", None)
    return parent.name if parent is not None else ""


def _decision_ref(decision, fallback: str = "") -> str:
    if decision is None:
        return fallback
    return _("Quyết định số %(number)s ngày %(date)s của %(issuer)s") % {
        "number": decision.number,
        "date": f"{decision.signed_on:%d/%m/%Y}",
        "issuer": decision.issuer_name,
    }


def achievement_context(nominee: Nominee) -> dict[str, Any]:
    """The registry's facts for a nominee's achievement report (Mẫu báo cáo thành tích)."""
    from tdkt.orgs.selectors import unit_lineage_ids
    from tdkt.registry.selectors import subject_history

    subject = nominee.subject
    kind = nominee.subject_kind
    proposal = nominee.proposal
    unit = proposal.unit
    ids = unit_lineage_ids(subject) if kind == SubjectKind.COLLECTIVE else [subject.pk]
    history = subject_history(kind, ids)
    ratings, titles, forms, initiatives = [], [], [], []
    first, last = nominee.year_from, nominee.year_to
    for e in history.entries:
        if not e.valid:
            continue
        if e.kind == "rating" and first - 5 <= e.year <= last:
            ratings.append({"year": e.year, "rating": e.label})
        elif e.kind in ("title", "form"):
            row = {
                "year": e.detail.split(" · ")[-1] if e.detail else e.year,
                "name": e.label,
                "decision": _decision_ref(e.decision, _("(chưa ghi số quyết định)")),
            }
            (titles if e.kind == "title" else forms).append(row)
        elif e.kind == "initiative":
            obj = e.obj
            initiatives.append(
                {
                    "year": e.year,
                    "title": obj.title,
                    "scope": obj.scope.name,
                    "recognised_by": obj.recognised_by,
                }
            )
    for rows in (ratings, titles, forms, initiatives):
        rows.sort(key=lambda r: str(r["year"]))
    context: dict[str, Any] = {
        "unit_parent": _unit_parent_name(unit),
        "unit_name": unit.name,
        "place": "",
        "target_name": nominee.target.name,
        "year_from": first,
        "year_to": last,
        "period": str(last) if first == last else f"{first} - {last}",
        "achievement_summary": nominee.achievement_summary,
        "ratings": ratings,
        "titles": titles,
        "forms": forms,
        "initiatives": initiatives,
    }
    if kind == SubjectKind.INDIVIDUAL:
        person = subject
        if person.birth_date:
            birth = f"{person.birth_date:%d/%m/%Y}"
        else:
            birth = str(person.birth_year or "")
        context.update(
            full_name=person.full_name,
            birth=birth,
            sex=person.get_sex_display() if person.sex else "",
            ethnicity=person.ethnicity,
            position=person.position,
            work_unit=person.unit.name if person.unit_id else "",
            employment_start=(
                f"{person.employment_start:%d/%m/%Y}" if person.employment_start else ""
            ),
        )
    else:
        if kind == SubjectKind.COLLECTIVE:
            name, parent = subject.name, _unit_parent_name(subject)
        else:
            name = _("Hộ gia đình ông (bà) %(name)s") % {"name": subject.head_name}
            parent = subject.unit.name if subject.unit_id else ""
        context.update(collective_name=name, collective_parent=parent)
    return context


def achievement_report_docx(nominee: Nominee) -> tuple[str, bytes]:
    """(file name, DOCX) of the pre-filled achievement report of an individual or a collective
    (households use the collective form), for the unit to complete in Word."""
    from tdkt.common.text import search_key
    from tdkt.documents.default_templates import ACHIEVEMENT_COLLECTIVE, ACHIEVEMENT_INDIVIDUAL
    from tdkt.documents.services import render_docx

    code = (
        ACHIEVEMENT_INDIVIDUAL
        if nominee.subject_kind == SubjectKind.INDIVIDUAL
        else ACHIEVEMENT_COLLECTIVE
    )
    data = render_docx(code, achievement_context(nominee), on=_today())
    slug = search_key(nominee.subject_name).replace(" ", "-")[:60] or str(nominee.pk)
    return f"bao-cao-thanh-tich-{slug}.docx", data


def unit_minutes_context(proposal: Proposal) -> dict[str, Any]:
    total, present = proposal.unit_members_total, proposal.unit_members_present
    rows = []
    for stt, nominee in enumerate(active_nominees(proposal), start=1):
        rows.append(
            {
                "stt": stt,
                "name": nominee.subject_name,
                "target_name": nominee.target.name,
                "votes_yes": "" if nominee.unit_votes_yes is None else nominee.unit_votes_yes,
                "percent_present": percent(nominee.unit_votes_yes, present),
                "percent_total": percent(nominee.unit_votes_yes, total),
            }
        )
    return {
        "unit_parent": _unit_parent_name(proposal.unit),
        "unit_name": proposal.unit.name,
        "number": "",
        "place": "",
        "meeting_date": proposal.unit_meeting_on,
        "round_name": proposal.round.name,
        "members_total": total,
        "members_present": present,
        "members_absent": (total - present) if total is not None and present is not None else "",
        "rows": rows,
    }


def unit_minutes_docx(proposal: Proposal) -> tuple[str, bytes]:
    """(file name, DOCX) of the unit's minutes (Biên bản họp bình xét thi đua, khen thưởng) from
    the recorded vote. ValidationError while the vote is not recorded."""
    from tdkt.documents.default_templates import UNIT_MINUTES
    from tdkt.documents.services import render_docx

    if proposal.unit_members_total is None or proposal.unit_meeting_on is None:
        raise ValidationError(
            _("Chưa nhập kết quả họp bình xét của đơn vị (ngày họp, số thành viên, số phiếu).")
        )
    data = render_docx(UNIT_MINUTES, unit_minutes_context(proposal), on=_today())
    return f"bien-ban-binh-xet-to-trinh-{proposal.pk}.docx", data
