"""The dashboard: what the user's scope holds, at a glance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from tdkt.accounts.access import people_for, subject_records_for, units_for
from tdkt.accounts.selectors import user_roles
from tdkt.registry.enums import RecordStatus
from tdkt.registry.models import AwardRecord


@login_required
def home(request):
    user = request.user
    year = timezone.localdate().year
    awards = subject_records_for(AwardRecord, user).filter(status=RecordStatus.VALID)
    by_honour = list(
        awards.filter(year_to=year - 1)
        .values("honour_id", "honour__name")
        .annotate(n=Count("id"))
        .order_by("-n")[:8]
    )
    context = {
        "year": year - 1,
        "unit_count": units_for(user).current().count(),
        "people_count": people_for(user).filter(is_active=True).count(),
        "award_count": awards.filter(year_to=year - 1).count(),
        "by_honour": by_honour,
        "roles": user_roles(user),
        "no_scope": not user_roles(user),
    }
    return render(request, "backoffice/home.html", context)


urlpatterns = [path("", home, name="home")]
