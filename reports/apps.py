import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("documents")

    def ready(self):
        # WeasyPrint logs each stylesheet and page it handles at INFO: noise in request and
        # command logs. Its warnings (a refused URL, a missing glyph) still show.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
