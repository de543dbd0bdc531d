from django.urls import path

from tdkt.api.main import api

urlpatterns = [path("", api.urls)]
