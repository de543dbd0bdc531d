"""A proposal's nominee list (danh sách đề nghị khen thưởng) imported from the Excel sheet units
use today: each row is matched to the registry (a person by CCCD, else by name and birth year
within the proposal unit's subtree; a collective by unit name), its target to the round's targets,
checked for duplicates (in the file, in the proposal, in the round) and judged by the rules
engine (a warning: drafting is allowed, submission needs the head's override).

Never creates people: a row naming someone not in the registry is an error that says to add the
person first. Confirming calls `nominations.services.nominee_add` for every row in ONE
transaction (all or nothing).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tdkt.common.text import search_key
from tdkt.imports.parsing import cell_int, is_blank
from tdkt.imports.validation import (
    CHUNK,
    PERSON_ONLY,
    Preview,
    RowReader,
    Validator,
    match_key,
    quote,
)
from tdkt.people.enums import SubjectKind
from tdkt.people.models import Person

#: Cells that only a nominee row (never a section heading "I. CÁ NHÂN") carries.
_ROW_ONLY = {
    "honour",
    "birth_date",
    "birth_year",
    "citizen_id",
    "sex",
    "male_mark",
    "female_mark",
    "achievement",
    "year",
}
_PERSONAL = ("birth_date", "birth_year", "citizen_id", "sex")
_COLLECTIVE_PREFIXES = ("tap the ", "don vi ")


def _born(values: dict) -> str:
    if values.get("birth_date"):
        return values["birth_date"].strftime("%d/%m/%Y")
    return str(values.get("birth_year") or "")


def missing_text(judgement: dict) -> str:
    """What a stored judgement says is lacking, in one sentence (as `nominations.lacking`)."""
    missing = [str(m) for m in judgement.get("missing") or [] if m]
    if not missing:
        missing = [
            str(c.get("message", ""))
            for c in judgement.get("checks") or []
            if not c.get("ok") and c.get("message")
        ]
    return "; ".join(missing) or _("chưa đáp ứng điều kiện")


class NomineeValidator(Validator):
    """Validates the rows of a nominee list against `ctx.proposal`."""

    def __init__(self, ctx, layout, rows, progress=None) -> None:
        super().__init__(ctx, layout, rows, progress)
        self.proposal = ctx.proposal
        self.round = self.proposal.round
        self.root = self.proposal.unit
        self.targets = {h.code: h for h in self.round.targets.all().order_by("order", "code")}
        self.target_index: dict[str, str] = {}
        for code, honour in self.targets.items():
            for key in (match_key(code), match_key(code).replace(" ", ""), match_key(honour.name)):
                self.target_index.setdefault(key, code)
        self.seen_subjects: dict[tuple, int] = {}

    # rows ------------------------------------------------------------------------------------

    def _data_rows(self) -> Iterable[tuple[int, dict[str, Any]]]:
        """Section headings ("I. CÁ NHÂN", "II. TẬP THỂ", "A | Khối trường học") are skipped:
        no target, no personal data, no number in the STT column."""
        headings = 0
        for row_number, raw in super()._data_rows():
            filled = {f for f, v in raw.items() if not is_blank(v)}
            stt = raw.get("stt")
            if not filled & _ROW_ONLY and (is_blank(stt) or cell_int(stt) is None):
                headings += 1
                continue
            yield row_number, raw
        if headings:
            self.preview.notes.append(
                _("Đã bỏ qua %(n)s dòng tiêu đề nhóm (ví dụ “I. Cá nhân”, “II. Tập thể”).")
                % {"n": headings}
            )

    def _load_people(self, readers) -> None:
        """The people of the proposal unit's subtree named in the file, and the owners of the
        citizen IDs in the file (anywhere: an ID is unique nationwide)."""
        path = self.root.path
        names = sorted({search_key(v["full_name"]) for _r, v in readers if v.get("full_name")})
        self.by_cid: dict[str, Person] = {}
        self.scope_ids: set[int] = set()
        self.by_name: dict[str, list[Person]] = {}
        inside = (
            Person.objects.filter(unit__path__startswith=path)
            .select_related("unit")
            .only(*PERSON_ONLY)
        )
        for start in range(0, len(names), CHUNK):
            for person in inside.filter(search_key__in=names[start : start + CHUNK]).order_by("pk"):
                self.by_name.setdefault(person.search_key, []).append(person)
                self.scope_ids.add(person.pk)
                if person.citizen_id:
                    self.by_cid[person.citizen_id] = person
        cids = sorted(
            {v["citizen_id"] for _r, v in readers if v.get("citizen_id")} - set(self.by_cid)
        )
        everyone = Person.objects.select_related("unit").only(*PERSON_ONLY)
        for start in range(0, len(cids), CHUNK):
            for person in everyone.filter(citizen_id__in=cids[start : start + CHUNK]):
                self.by_cid[person.citizen_id] = person
                if person.unit.path.startswith(path):
                    self.scope_ids.add(person.pk)

    def validate(self) -> Preview:
        readers = self.read()
        self.progress(10)
        self._load_people(readers)
        self.progress(20)
        if "year" not in self.layout.fields.values():
            self.preview.notes.append(
                _("Tệp không có cột “Năm thành tích”: dùng năm %(year)s của đợt xét.")
                % {"year": self.round.year}
            )
        total = max(len(readers), 1)
        for i, (reader, values) in enumerate(readers):
            self._nominee_row(reader, values)
            if i % 200 == 199:
                self.progress(20 + int(30 * i / total))
        self.progress(50)
        unknown = sum(1 for r, _v in readers if r.result.values.get("unknown_person"))
        if unknown:
            self.preview.notes.append(
                _(
                    "%(n)s dòng nêu cá nhân chưa có trong sổ. Không tạo mới người từ danh sách đề "
                    "nghị: thêm họ vào danh sách cá nhân trước (hoặc nhập danh sách cá nhân từ "
                    "Excel), rồi tải lại tệp này."
                )
                % {"n": unknown}
            )
        self._existing(readers)
        self._judge(readers, total)
        self.preview.rows = [r.result for r, _v in readers]
        self.progress(90)
        return self.preview

    # one row ---------------------------------------------------------------------------------

    def _target(self, reader: RowReader, values: dict):
        text = values.get("honour", "")
        offered = ", ".join(f"{h.name} ({code})" for code, h in self.targets.items())
        if not text:
            reader.error(
                "honour",
                _("thiếu danh hiệu, hình thức đề nghị. Nhập tên hoặc mã, đợt xét nhận: %(list)s.")
                % {"list": offered},
            )
            return None
        key = match_key(text)
        code = self.target_index.get(key) or self.target_index.get(key.replace(" ", ""))
        if code is None:
            code = self.ctx.catalogue.honour(text)
        if code is None:
            names = {match_key(h.name): h.name for h in self.targets.values()}
            close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.7)
            reader.error(
                "honour",
                _(
                    "%(value)s không có trong danh mục danh hiệu, hình thức. %(hint)sĐợt xét "
                    "nhận: %(list)s."
                )
                % {
                    "value": quote(text),
                    "hint": _("Có phải là %(name)s? ") % {"name": quote(names[close[0]])}
                    if close
                    else "",
                    "list": offered,
                },
            )
            return None
        if code not in self.targets:
            name = (
                self.ctx.catalogue.honours[code].name
                if code in self.ctx.catalogue.honours
                else code
            )
            reader.error(
                "honour",
                _(
                    "%(name)s không thuộc các danh hiệu, hình thức của đợt xét %(round)s. Đợt xét "
                    "nhận: %(list)s."
                )
                % {"name": quote(name), "round": quote(self.round.name), "list": offered},
            )
            return None
        honour = self.targets[code]
        reader.result.resolved["target"] = f"{honour.name} ({code})"
        return honour

    def _subject_kind(self, values: dict, target) -> str:
        """A collective when only "Tên tập thể" is filled, or the name is a unit of the subtree
        (and nobody there bears it); else what the target is for; else an individual."""
        if values.get("collective") and not values.get("full_name"):
            return SubjectKind.COLLECTIVE
        if any(values.get(f) for f in _PERSONAL):
            return SubjectKind.INDIVIDUAL
        name = values.get("full_name", "")
        if name and not self.by_name.get(search_key(name)) and self._find_units(name):
            return SubjectKind.COLLECTIVE
        kinds = set(target.subject_kinds or []) if target is not None else set()
        if SubjectKind.COLLECTIVE in kinds and SubjectKind.INDIVIDUAL not in kinds:
            return SubjectKind.COLLECTIVE
        if SubjectKind.INDIVIDUAL not in kinds and match_key(name).startswith(_COLLECTIVE_PREFIXES):
            return SubjectKind.COLLECTIVE
        return SubjectKind.INDIVIDUAL

    def _find_units(self, text: str) -> list:
        found = self.ctx.find_unit(text)
        if not found:
            key = match_key(text)
            for prefix in _COLLECTIVE_PREFIXES:
                if key.startswith(prefix):
                    found = self.ctx.find_unit(key[len(prefix) :])
                    break
        return found

    def _unit_hint(self, values: dict):
        text = values.get("unit", "")
        found = self._find_units(text) if text else []
        return found[0] if len(found) == 1 else None

    def _person(self, reader: RowReader, values: dict):
        cid = values.get("citizen_id")
        name = values.get("full_name", "")
        scope = quote(self.root.name)
        if cid and cid in self.by_cid:
            person = self.by_cid[cid]
            if person.pk not in self.scope_ids:
                reader.error(
                    "citizen_id",
                    _(
                        "số định danh %(cid)s thuộc một cá nhân ngoài %(unit)s và các đơn vị "
                        "trực thuộc. Kiểm tra lại số định danh: chỉ đề nghị người của đơn vị mình."
                    )
                    % {"cid": cid, "unit": scope},
                )
                return None
            if name and search_key(name) != person.search_key:
                reader.warn(
                    "full_name",
                    _(
                        "họ tên %(file)s khác với họ tên trong sổ %(registry)s (cùng số định danh "
                        "%(cid)s). Dòng này được đề nghị cho %(registry)s."
                    )
                    % {"file": quote(name), "registry": quote(person.full_name), "cid": cid},
                )
            reader.result.resolved["subject"] = self._describe(person)
            return person
        if not name:
            reader.error(
                "full_name",
                _("thiếu họ và tên. Nhập họ và tên đầy đủ, ví dụ Nguyễn Văn An, hoặc số CCCD."),
            )
            return None
        candidates = self._candidates(values, self._unit_hint(values))
        born = _born(values)
        born_text = _(" (sinh %(born)s)") % {"born": born} if born else ""
        if len(candidates) == 1:
            person = candidates[0]
            reader.result.resolved["subject"] = self._describe(person)
            return person
        if len(candidates) > 1:
            reader.error(
                "full_name",
                _(
                    "có %(n)s cá nhân cùng họ tên %(name)s%(born)s trong %(unit)s: %(list)s. "
                    "Nhập số định danh (CCCD) của người được đề nghị để chọn đúng người."
                )
                % {
                    "n": len(candidates),
                    "name": quote(name),
                    "born": born_text,
                    "unit": scope,
                    "list": "; ".join(self._describe(p) for p in candidates[:5]),
                },
            )
            return None
        reader.error(
            "full_name",
            _(
                "không tìm thấy cá nhân %(name)s%(born)s trong %(unit)s và các đơn vị trực "
                "thuộc. Kiểm tra lại họ tên, năm sinh, số định danh; nếu người này chưa có trong "
                "sổ, hãy thêm vào danh sách cá nhân trước (hoặc nhập danh sách cá nhân từ Excel) "
                "rồi tải lại tệp này."
            )
            % {"name": quote(name), "born": born_text, "unit": scope},
        )
        reader.result.values["unknown_person"] = True
        return None

    def _collective(self, reader: RowReader, values: dict):
        field_name = "collective" if values.get("collective") else "full_name"
        # as typed (the person-name clean-up would write "Trường Tiểu Học")
        text = reader.result.cells.get(field_name) or values.get(field_name, "")
        if not text:
            reader.error(field_name, _("thiếu tên tập thể. Nhập tên hoặc mã đơn vị."))
            return None
        found = self._find_units(text)
        scope = quote(self.root.name)
        if len(found) == 1:
            unit = found[0]
            reader.result.resolved["subject"] = _("Tập thể %(name)s (mã %(code)s)") % {
                "name": unit.name,
                "code": unit.code,
            }
            return unit
        if found:
            reader.error(
                field_name,
                _("có %(n)s đơn vị cùng tên %(value)s (%(codes)s). Ghi mã đơn vị thay cho tên.")
                % {
                    "n": len(found),
                    "value": quote(text),
                    "codes": ", ".join(u.code for u in found),
                },
            )
            return None
        names = {match_key(u.name): u.name for u in self.ctx.units}
        close = difflib.get_close_matches(match_key(text), list(names), n=1, cutoff=0.75)
        reader.error(
            field_name,
            _(
                "không tìm thấy tập thể %(value)s trong %(unit)s và các đơn vị trực thuộc%(hint)s. "
                "Ghi đúng tên hoặc mã đơn vị như trong danh mục đơn vị."
            )
            % {
                "value": quote(text),
                "unit": scope,
                "hint": _("; có phải là %(name)s?") % {"name": quote(names[close[0]])}
                if close
                else "",
            },
        )
        return None

    def _nominee_row(self, reader: RowReader, values: dict) -> None:
        if values.get("collective") and values.get("full_name"):
            reader.error(
                "collective",
                _(
                    "dòng ghi cả họ tên cá nhân và tên tập thể. Mỗi dòng chỉ đề nghị một đối "
                    "tượng: tách thành hai dòng."
                ),
            )
        unreadable = reader.result.status == "error"  # a bad birth date or ID: fix it first
        target = self._target(reader, values)
        kind = self._subject_kind(values, target)
        subject = None
        if not unreadable:
            if kind == SubjectKind.COLLECTIVE:
                subject = self._collective(reader, values)
            else:
                subject = self._person(reader, values)
        if target is not None and target.subject_kinds and kind not in target.subject_kinds:
            reader.error(
                "honour",
                _("%(target)s không xét cho %(kind)s.")
                % {"target": target.name, "kind": str(SubjectKind(kind).label).lower()},
            )
            target = None
        year_from, year_to = self._year(reader, values, 1945)
        if year_to is not None and year_to > self.round.year:
            reader.error(
                "year",
                _("năm thành tích %(year)s sau năm %(round)s của đợt xét. Kiểm tra lại.")
                % {"year": year_to, "round": self.round.year},
            )
            year_to = None
        if subject is None or target is None or year_to is None:
            return
        key = (str(kind), subject.pk, target.code)
        first = self.seen_subjects.get(key)
        if first is not None:
            reader.error(
                None,
                _(
                    "trùng với dòng %(first)s (cùng đối tượng, cùng %(target)s). Mỗi đối tượng "
                    "chỉ đề nghị một lần cho một danh hiệu: xóa một trong hai dòng."
                )
                % {"first": first, "target": target.name},
            )
            return
        self.seen_subjects[key] = reader.result.row_number
        reader.result.values.update(
            kind=str(kind),
            subject=subject,
            target=target,
            year_from=year_from,
            year_to=year_to,
            achievement=values.get("achievement", ""),
        )

    # set-based checks ------------------------------------------------------------------------

    def _existing(self, readers) -> None:
        """Rows whose subject is already proposed for the same target in this round."""
        from tdkt.nominations.enums import NOMINEE_INACTIVE
        from tdkt.nominations.models import Nominee

        wanted = [r for r, _v in readers if r.result.values.get("subject") is not None]
        if not wanted:
            return
        people = sorted(
            {
                r.result.values["subject"].pk
                for r in wanted
                if r.result.values["kind"] == SubjectKind.INDIVIDUAL
            }
        )
        units = sorted(
            {
                r.result.values["subject"].pk
                for r in wanted
                if r.result.values["kind"] == SubjectKind.COLLECTIVE
            }
        )
        taken: dict[tuple, Nominee] = {}
        base = (
            Nominee.objects.filter(round=self.round)
            .exclude(state__in=sorted(NOMINEE_INACTIVE))
            .select_related("proposal", "proposal__unit")
        )
        for ids, field_name, kind in (
            (people, "person_id", SubjectKind.INDIVIDUAL),
            (units, "collective_id", SubjectKind.COLLECTIVE),
        ):
            for start in range(0, len(ids), CHUNK):
                for nominee in base.filter(**{f"{field_name}__in": ids[start : start + CHUNK]}):
                    taken[(str(kind), getattr(nominee, field_name), nominee.target_id)] = nominee
        for reader in wanted:
            v = reader.result.values
            nominee = taken.get((v["kind"], v["subject"].pk, v["target"].code))
            if nominee is None:
                continue
            if nominee.proposal_id == self.proposal.pk:
                message = _(
                    "đã có trong tờ trình này với %(target)s. Xóa dòng này khỏi tệp (muốn sửa, "
                    "sửa trực tiếp trên tờ trình)."
                ) % {"target": v["target"].name}
            else:
                message = _(
                    "đã được đề nghị %(target)s trong đợt xét này (%(proposal)s của %(unit)s). "
                    "Mỗi đối tượng chỉ được đề nghị một lần cho một danh hiệu trong một đợt xét."
                ) % {
                    "target": v["target"].name,
                    "proposal": str(nominee.proposal),
                    "unit": nominee.proposal.unit.name,
                }
            reader.error("honour", message)
            v.pop("subject")

    def _judge(self, readers, total: int) -> None:
        """The rules engine's judgement of every valid row: a warning when not eligible."""
        from tdkt.nominations.services import judge

        for i, (reader, _values) in enumerate(readers):
            v = reader.result.values
            if v.get("subject") is None or reader.result.status == "error":
                continue
            judgement = judge(v["kind"], v["subject"], v["target"].code, v["year_to"])
            if judgement["eligible"]:
                reader.result.resolved["eligibility"] = _("Đủ điều kiện %(target)s") % {
                    "target": v["target"].name
                }
            else:
                reader.result.resolved["eligibility"] = _("Chưa đủ điều kiện %(target)s") % {
                    "target": v["target"].name
                }
                reader.warn(
                    "honour",
                    _(
                        "chưa đủ điều kiện %(target)s năm %(year)s: %(missing)s. Vẫn thêm được "
                        "vào tờ trình; khi gửi, lãnh đạo đơn vị phải quyết định đề nghị và ghi rõ "
                        "lý do."
                    )
                    % {
                        "target": v["target"].name,
                        "year": v["year_to"],
                        "missing": missing_text(judgement),
                    },
                )
            if i % 100 == 99:
                self.progress(50 + int(40 * i / total))


def write_nominees(*, batch, preview: Preview, actor) -> list:
    """Add every row to the batch's proposal through `nominee_add` (the caller's transaction
    makes it all or nothing). The proposal is re-read and must still be editable."""
    from tdkt.nominations.enums import PROPOSAL_EDITABLE
    from tdkt.nominations.models import Proposal
    from tdkt.nominations.services import nominee_add

    proposal = (
        Proposal.objects.select_for_update()
        .select_related("round", "unit")
        .get(pk=batch.proposal_id)
    )
    if proposal.state not in PROPOSAL_EDITABLE:
        raise ValidationError(proposal_not_editable(proposal))
    nominees = []
    for row in preview.rows:
        if not row.writable:
            continue
        v = row.values
        try:
            nominees.append(
                nominee_add(
                    proposal=proposal,
                    subject=v["subject"],
                    target=v["target"].code,
                    actor=actor,
                    year_from=v["year_from"],
                    year_to=v["year_to"],
                    achievement_summary=v.get("achievement", ""),
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Dòng %(row)s: %(error)s")
                % {"row": row.row_number, "error": " ".join(exc.messages)}
            ) from exc
    return nominees


def proposal_not_editable(proposal) -> str:
    return _(
        "%(proposal)s đang ở trạng thái «%(state)s»: không thêm được đối tượng đề nghị. Chỉ nhập "
        "danh sách khi tờ trình đang soạn hoặc bị trả lại để bổ sung."
    ) % {"proposal": str(proposal), "state": proposal.get_state_display()}
