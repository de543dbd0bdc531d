"""Which targets require a public notice: read from the legal packs (law as data)."""

from __future__ import annotations

import datetime as dt

import pytest

from tdkt.portal.law import notice_required, notice_working_days, required_targets

DATES = [dt.date(2020, 6, 1), dt.date(2024, 6, 1), dt.date(2026, 1, 15)]


@pytest.mark.parametrize("on", DATES)
def test_required_targets_come_from_the_pack_in_force(on):
    codes = required_targets(on)
    huan_chuong = {
        "HCSV", "HCHCM", "HCDL1", "HCDL2", "HCDL3", "HCQC1", "HCQC2", "HCQC3", "HCLD1", "HCLD2",
        "HCLD3", "HCBVTQ1", "HCBVTQ2", "HCBVTQ3", "HCCC1", "HCCC2", "HCCC3", "HCDDK", "HCDC",
        "HCHN",
    }  # fmt: skip
    assert codes == huan_chuong | {"AHLD", "AHLLVT", "CSTDTQ", "CO_CP", "BK_TTG"}


@pytest.mark.parametrize(
    ("code", "required"),
    [
        ("HCLD3", True),
        ("HCSV", True),
        ("AHLD", True),
        ("CSTDTQ", True),
        ("CO_CP", True),
        ("BK_TTG", True),
        ("BK_TINH", False),
        ("CSTD_TINH", False),
        ("LDTT", False),
        ("GK", False),
    ],
)
def test_notice_required(code, required):
    assert notice_required(code, dt.date(2026, 1, 15)) is required


def test_no_regime_before_2017_means_no_obligation():
    assert notice_required("HCLD3", dt.date(2010, 1, 1)) is False


def test_period_setting_overrides_the_pack(settings):
    assert notice_working_days(dt.date(2026, 1, 15)) == 10
    settings.TDKT_PUBLIC_NOTICE_WORKING_DAYS = 7
    assert notice_working_days(dt.date(2026, 1, 15)) == 7


def test_pack_with_unknown_code_is_refused(tmp_path):
    from tdkt.rules.engine.packs import PackError, clear_cache, load_packs

    (tmp_path / "overlay.yaml").write_text(
        "kind: overlay\ncode: tinh_x\nname: Tỉnh X\nvalid_from: 2025-07-01\n"
        "public_notice: {required_targets: [KHONG_CO], working_days: 10, basis: x}\n",
        encoding="utf-8",
    )
    try:
        with pytest.raises(PackError, match=r"public_notice\.required_targets"):
            load_packs([tmp_path])
    finally:
        clear_cache()
