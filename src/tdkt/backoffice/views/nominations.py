"""Rounds and proposals: the submitting unit's screens.

Placeholder: replaced by the module's owner.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _todo(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("dot-xet/", _todo, name="rounds.list"),
    path("dot-xet/<int:pk>/", _todo, name="rounds.detail"),
    path("to-trinh/", _todo, name="proposals.list"),
    path("to-trinh/<int:pk>/", _todo, name="proposals.detail"),
]
