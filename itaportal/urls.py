from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from itaportal import views

admin.site.site_header = _("ITA Portal")
admin.site.site_title = _("ITA Portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reports/", include("reports.urls")),
    path("public/", include("reports.public_urls")),
    path("", include("oit.urls")),
    path("", include("measures.urls")),
]
