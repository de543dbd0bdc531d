from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("tdkt.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("tdkt.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tdkt.backoffice.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
