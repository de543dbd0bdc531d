from django.urls import path

from tdkt.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("tai-len/", views.batch_new, name="new"),
    path("mau/<str:kind>/", views.blank, name="template"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/cot/", views.batch_remap, name="remap"),
    path("<int:pk>/xac-nhan/", views.batch_confirm, name="confirm"),
    path("<int:pk>/huy/", views.batch_cancel, name="cancel"),
    path("<int:pk>/tien-do/", views.batch_progress, name="progress"),
    path("<int:pk>/tep/", views.batch_file, name="file"),
]
