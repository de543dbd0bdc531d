"""Publishing a round's list for public comment (back-office side).

Placeholder: replaced by the module's owner.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _todo(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("dot-xet/<int:pk>/cong-khai/", _todo, name="rounds.notice"),
]
