from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("integrity measures")

    def ready(self):
        from measures import revisions, scoping  # noqa: PLC0415 (models are loaded only now)

        scoping.declare_outside_models()
        revisions.connect()
