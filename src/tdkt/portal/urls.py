"""The public portal (no login): /cong-khai/."""

from django.urls import path

from tdkt.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.notice_detail, name="notice"),
]
