from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("integrity measures")

    def ready(self):
        from measures import revisions  # noqa: PLC0415 (models are loaded only now)

        revisions.connect()
