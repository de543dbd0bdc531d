"""Back-office URLs. Each views module owns its `urlpatterns` (names under `backoffice:`)."""

from tdkt.backoffice.views import audit, council, home, orgs, people, registry, rules

app_name = "backoffice"
urlpatterns = [
    *home.urlpatterns,
    *orgs.urlpatterns,
    *people.urlpatterns,
    *registry.urlpatterns,
    *audit.urlpatterns,
    *rules.urlpatterns,
    *council.urlpatterns,
]
