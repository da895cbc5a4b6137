from django.urls import path

from reports import public

PLAN = "<slug:org_slug>/<int:year>/"

urlpatterns = [
    path(PLAN + "measures.pdf", public.measures_pdf, name="reports-public-measures-pdf"),
    path(PLAN + "progress-<int:months>.pdf", public.progress_pdf, name="reports-public-progress-pdf"),
]
