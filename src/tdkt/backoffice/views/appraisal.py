"""The receiving office: work dashboard, appraisal, escalation.

Placeholder: replaced by the module's owner.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _todo(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("viec-can-lam/", _todo, name="work.dashboard"),
    path("to-trinh/<int:pk>/tham-dinh/", _todo, name="proposals.appraise"),
]
