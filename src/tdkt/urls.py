from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("tdkt.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("tdkt.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("nhap-excel/", include("tdkt.imports.urls")),
    path("thong-bao/", include("tdkt.notifications.urls")),
    path("cong-khai/", include("tdkt.portal.urls")),
    path("", include("tdkt.backoffice.urls")),
]

# Uploaded files (decision scans, import files) are never served publicly: each has a
# scope-checked download view.
