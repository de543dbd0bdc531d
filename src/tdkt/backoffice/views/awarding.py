"""Decision drafting, signing, payment lists.

Placeholder: replaced by the module's owner.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _todo(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("dot-xet/<int:pk>/quyet-dinh/", _todo, name="awarding.round"),
]
