"""The public portal: no login (placeholder: replaced by the module's owner)."""

from django.http import Http404
from django.urls import path

app_name = "portal"


def _todo(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("", _todo, name="index"),
]
