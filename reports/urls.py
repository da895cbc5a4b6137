from django.urls import path

from reports import views

PLAN = "<slug:org_slug>/<int:year>/"

urlpatterns = [
    path(PLAN + "measures.pdf", views.measures_pdf, name="reports-measures-pdf"),
    path(PLAN + "measures.html", views.measures_html, name="reports-measures-html"),
    path(PLAN + "progress-<int:months>.pdf", views.progress_pdf, name="reports-progress-pdf"),
    path(PLAN + "progress-<int:months>.html", views.progress_html, name="reports-progress-html"),
]
