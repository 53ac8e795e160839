from django.urls import path

from . import views

app_name = "kam"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_edit, name="create"),
    path("<int:pk>/", views.account_detail, name="account"),
    path("<int:pk>/edit/", views.account_edit, name="edit"),
    path("board/", views.board, name="board"),
    path("import/", views.upload, name="import"),
]
