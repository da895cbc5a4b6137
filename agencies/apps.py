from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("agencies")

    def ready(self):
        from agencies import scoping  # noqa: PLC0415 (models are loaded only now)

        scoping.declare_outside_models()
