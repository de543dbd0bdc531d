"""Back-office URLs. Each views module owns its `urlpatterns` (names under `backoffice:`)."""

from tdkt.backoffice.views import (
    appraisal,
    audit,
    awarding,
    certificates,
    council,
    dossier,
    home,
    nominations,
    nominee_import,
    notice,
    orgs,
    people,
    registry,
    rules,
)

app_name = "backoffice"
urlpatterns = [
    *home.urlpatterns,
    *orgs.urlpatterns,
    *people.urlpatterns,
    *registry.urlpatterns,
    *audit.urlpatterns,
    *rules.urlpatterns,
    *council.urlpatterns,
    *nominations.urlpatterns,
    *nominee_import.urlpatterns,
    *dossier.urlpatterns,
    *appraisal.urlpatterns,
    *notice.urlpatterns,
    *awarding.urlpatterns,
    *certificates.urlpatterns,
]
