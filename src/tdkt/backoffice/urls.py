"""Back-office URLs. Each views module owns its `urlpatterns` (names under `backoffice:`)."""

from importlib import import_module

from tdkt.backoffice.views import home

app_name = "backoffice"
urlpatterns = list(home.urlpatterns)

for _module in ("orgs", "people", "registry", "audit", "rules"):
    try:
        urlpatterns += import_module(f"tdkt.backoffice.views.{_module}").urlpatterns
    except ModuleNotFoundError as exc:  # pragma: no cover -- only while a module is being built
        if exc.name != f"tdkt.backoffice.views.{_module}":
            raise
