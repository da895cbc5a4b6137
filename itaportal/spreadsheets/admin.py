"""Import and export in Django admin, on top of django-import-export's views.

The import form asks which assessment, plan or round the file is for, from the objects the user may
manage (and the confirm step checks it again); the check shows every bad row in the person's terms,
or the changes an import would make; nothing is saved until the person confirms, and a file with a
bad row saves nothing even then. Each admin page also offers blank templates with Thai headers.
"""
from __future__ import annotations

import datetime

import tablib
from django import forms
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.signals import post_import
from import_export.tmp_storages import CacheStorage

from itaportal.spreadsheets.formats import FORMATS, SheetCSV, SheetReadError, SheetXLSX, check_size

# django-import-export has no Thai catalogue: its action's label, which our changelists show. (Its
# buttons are overridden in templates/admin/import_export/, and an empty file is refused by our formats.)
LIBRARY_MESSAGES = (gettext_noop("Export selected %(verbose_name_plural)s"),)


class UploadCache(CacheStorage):
    """The file between the check and the confirm step, in the cache every app server shares, under a
    name the server chose; it is removed by the confirm step, or by the cache an hour later."""

    CACHE_LIFETIME = 60 * 60
    CACHE_PREFIX = "spreadsheet-upload-"

    def read(self):
        data = super().read()
        if data is None:  # expired since the confirm form was checked
            raise SheetReadError(gettext("This upload has expired: upload the file again."))
        return data


UPLOAD_SALT = "itaportal.spreadsheets.upload"


def signed_upload(name: str, user, target) -> str:
    """What the confirm form carries: the upload's name, signed for the person who uploaded it and for what
    they checked it against."""
    return signing.dumps({"name": name, "user": user.pk, "target": target.pk}, salt=UPLOAD_SALT)


class TargetImportForm(ImportForm):
    target = forms.ModelChoiceField(queryset=None)
    field_order = ["target", "resource", "import_file", "format"]

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("File (XLSX or CSV)")
        self.fields["format"].label = _("File format")

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)  # before the file is read into memory
        except SheetReadError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class TargetConfirmForm(ConfirmImportForm):
    target = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    user = None  # set by the admin: an upload is confirmed only by whoever uploaded it

    def clean_import_file_name(self):
        try:
            signed = signing.loads(self.cleaned_data["import_file_name"], salt=UPLOAD_SALT,
                                   max_age=UploadCache.CACHE_LIFETIME)
        except signing.BadSignature:
            signed = None
        if not signed or signed.get("user") != getattr(self.user, "pk", None):
            raise forms.ValidationError(_("This upload is not yours or has expired: upload the file again."))
        if cache.get(UploadCache.CACHE_PREFIX + signed["name"]) is None:
            raise forms.ValidationError(_("This upload has expired: upload the file again."))
        self.signed_target = signed.get("target")
        return signed["name"]

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target is not None and getattr(self, "signed_target", None) not in (None, target.pk):
            raise forms.ValidationError(_("This upload was checked against something else: upload the file again."))
        return cleaned


class SheetExportForm(ExportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = _("File format")


def blank_template(resource, file_format) -> bytes:
    """Headers (Thai, with the English key in brackets), any pre-filled rows, and an explanation."""
    with translation.override("th"):
        dataset = tablib.Dataset(*resource.template_rows(), headers=resource.template_headers())
        return file_format.export_data(dataset, notes=resource.column_notes())


class SpreadsheetAdminMixin(ImportMixin, ExportActionMixin):
    """Subclasses set `resource_classes`, `import_target_model` and `import_target_kwarg`."""

    formats = [SheetXLSX, SheetCSV]
    import_form_class = TargetImportForm
    confirm_form_class = TargetConfirmForm
    export_form_class = SheetExportForm
    import_template_name = "admin/spreadsheets/import.html"
    export_template_name = "admin/spreadsheets/export.html"
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    show_change_form_export = False  # its button saves the change form first; export from the list
    import_target_model = None
    import_target_kwarg = ""
    tmp_storage_class = UploadCache

    def import_targets(self, request):
        """What the user may import into: the target's rows as its own admin shows them to the user."""
        return self.admin_site._registry[self.import_target_model].get_queryset(request)

    def has_import_permission(self, request):
        return self.has_change_permission(request) and self.has_add_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    # -- the import form and its confirm step carry the target, checked against the user's scope

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.fields["target"].queryset = self.import_targets(request)
        form.fields["target"].label = self.import_target_model._meta.verbose_name.capitalize()
        return form

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        form.fields["target"].queryset = self.import_targets(request)
        form.user = request.user
        return form

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["target"] = import_form.cleaned_data["target"].pk
            initial["import_file_name"] = signed_upload(initial["import_file_name"], request.user,
                                                        import_form.cleaned_data["target"])
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        cleaned = getattr(kwargs.get("form"), "cleaned_data", None) or {}
        target = cleaned.get("target")
        return {self.import_target_kwarg: target} if target is not None else {}

    def get_import_context_data(self, **kwargs):
        resource = self.get_import_resource_classes(None)[0]()
        with translation.override("th"):
            headers = resource.template_headers()
        return {"sheet_headers": headers, "template_links": self.template_links()}

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, SheetReadError):
            form.add_error("import_file", str(error))
        else:
            form.add_error("import_file", _("The file could not be read: check that its format is the one chosen."))

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except SheetReadError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            problems = getattr(result, "problems", [])
            messages.error(request, gettext("Import stopped by %(n)s errors; first error: %(text)s") % {
                "n": len(problems), "text": problems[0] if problems else "–"})
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        self.log_change(request, result.target, self.summary(result))
        messages.success(request, self.summary(result))
        post_import.send(sender=None, model=self.model)
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    @staticmethod
    def summary(result) -> str:
        return gettext("Summary for %(where)s — added %(a)s, changed %(b)s, kept %(c)s.") % {
            "where": result.target, "a": result.totals["new"], "b": result.totals["update"], "c": result.totals["skip"],
        }

    # -- export ------------------------------------------------------------------------------

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        kwargs.pop("encoding", None)
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.native_types, **kwargs)
        return file_format.export_data(data)

    def get_valid_export_item_pks(self, request):
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.opts.model_name}-{datetime.date.today():%Y-%m-%d}.{file_format.get_extension()}"

    # -- blank templates ---------------------------------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_template"
        return [path("import-template/", self.admin_site.admin_view(self.template_view), name=name),
                *super().get_urls()]

    def template_resource(self, request):
        return self.get_import_resource_classes(request)[0]()

    def template_filename(self, request) -> str:
        return f"{self.opts.model_name}-template"

    def template_links(self) -> list[tuple[str, str]]:
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template")
        return [(name.upper(), f"{url}?format={name}") for name in FORMATS]

    def template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        format_class = FORMATS.get(request.GET.get("format", "xlsx"))
        if format_class is None:
            raise Http404
        file_format = format_class()
        response = HttpResponse(blank_template(self.template_resource(request), file_format),
                                content_type=file_format.get_content_type())
        filename = f"{self.template_filename(request)}.{file_format.get_extension()}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
