"""A proposal's dossier: checklist, uploads, generated reports and minutes.

Placeholder: replaced by the module's owner.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _todo(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("to-trinh/<int:pk>/ho-so/", _todo, name="proposals.dossier"),
]
