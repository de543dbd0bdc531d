"""Load the shipped catalogue (data/*.yaml) into the database. Used by the data migration and
by `tdkt catalog_sync` after a law change; existing rows are updated, never deleted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> Any:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_catalog(apps: Any = None) -> None:
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    get = apps.get_model
    catalog, extra, coeffs = (
        _read("catalog.yaml"),
        _read("honours.yaml"),
        _read("coefficients.yaml"),
    )
    Regime, Rating = get("catalog", "Regime"), get("catalog", "Rating")
    AwardType, Honour = get("catalog", "AwardType"), get("catalog", "Honour")
    InitiativeScope = get("catalog", "InitiativeScope")
    DisciplineLevel = get("catalog", "DisciplineLevel")
    BaseSalary, BonusCoefficient = get("catalog", "BaseSalary"), get("catalog", "BonusCoefficient")

    multipliers = extra["regime_multipliers"]
    for i, regime in enumerate(catalog["regimes"]):
        mult = multipliers.get(regime["code"], {})
        Regime.objects.update_or_create(
            code=regime["code"],
            defaults={
                "name": f"Luật TĐKT – Nghị định {regime['decree']}",
                "law": regime["law"],
                "decree": regime["decree"],
                "circulars": regime.get("circulars", []),
                "valid_from": _date(regime["from"]),
                "valid_to": _date(regime.get("to")),
                "legal_basis": f"{regime['law']}; Nghị định {regime['decree']}",
                "order": i,
                "collective_multiplier": Decimal(str(mult.get("collective", 2))),
                "household_multiplier": (
                    Decimal(str(mult["household"])) if mult.get("household") else None
                ),
            },
        )
    for row in catalog["base_salary_vnd"]:
        BaseSalary.objects.update_or_create(
            valid_from=_date(row["from"]),
            defaults={"amount": row["amount"], "instrument": row["instrument"]},
        )
    for rating in catalog["ratings"]:
        Rating.objects.update_or_create(
            code=rating["code"],
            defaults={
                "name": rating["vi"],
                "rank": rating["rank"],
                "legal_basis": extra["ratings_basis"],
            },
        )
    in_chain = set(extra["award_types_in_chain"])
    for i, item in enumerate(catalog["award_types"]):
        AwardType.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["vi"],
                "order": i,
                "counts_in_chain": item["code"] in in_chain,
                "legal_basis": "Điều 8 Luật TĐKT 2022",
            },
        )
    order = 0
    for subject, titles in catalog["titles"].items():
        for title in titles:
            attrs = extra["titles"][title["code"]]
            order += 1
            Honour.objects.update_or_create(
                code=title["code"],
                defaults={
                    "name": title["vi"],
                    "category": "title",
                    "subject_kinds": attrs.get("subjects", [subject]),
                    "level": attrs["level"],
                    "rank": attrs["rank"],
                    "legal_basis": attrs["basis"],
                    "valid_from": _date(attrs.get("from")),
                    "order": order,
                },
            )
    for form in catalog["forms"]:
        attrs = extra["forms"][form["code"]]
        order += 1
        Honour.objects.update_or_create(
            code=form["code"],
            defaults={
                "name": form["vi"],
                "category": "form",
                "subject_kinds": ["individual", "collective", "household"],
                "level": attrs["level"],
                "rank": attrs["rank"],
                "legal_basis": attrs["basis"],
                "order": order,
            },
        )
    ranks = extra["initiative_scope_rank"]
    for i, scope in enumerate(catalog["evidence"]["initiative_scopes"]):
        InitiativeScope.objects.update_or_create(
            code=scope["code"],
            defaults={"name": scope["vi"], "rank": ranks[scope["code"]], "order": i},
        )
    for i, level in enumerate(catalog["evidence"]["discipline_levels"]):
        DisciplineLevel.objects.update_or_create(
            code=level["code"], defaults={"name": level["vi"], "order": i}
        )
    for regime_code, block in coeffs.items():
        for code, subject_kind, issuer_level, value, status in block["rows"]:
            BonusCoefficient.objects.update_or_create(
                regime_id=regime_code,
                honour_id=code,
                subject_kind=subject_kind,
                issuer_level=issuer_level,
                defaults={
                    "coefficient": Decimal(str(value)),
                    "status": status,
                    "legal_basis": block["basis"],
                },
            )
