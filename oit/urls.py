from django.urls import path

from oit import exports, views

WORKSPACE = "<slug:org_slug>/<int:year>/oit/"
PUBLIC = "public/<slug:org_slug>/<int:year>/oit/"

urlpatterns = [
    path(WORKSPACE, views.board, name="oit-board"),
    path(WORKSPACE + "export.<str:fmt>", exports.checklist, name="oit-export"),
    path(WORKSPACE + "open/", views.open_year, name="oit-open"),
    path(WORKSPACE + "<str:code>/", views.item, name="oit-item"),
    path(WORKSPACE + "files/<int:pk>/", views.file, name="oit-file"),
    path(PUBLIC, views.public, name="oit-public"),
    path(PUBLIC + "files/<int:pk>/", views.public_file, name="oit-public-file"),
]
