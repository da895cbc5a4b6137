from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from measures.models import Evidence, Measure, ProgressReport, filetypes

DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES)


class MeasureForm(forms.ModelForm):
    """Checks the responsible divisions, which the model cannot see before its M2M is saved."""

    class Meta:
        model = Measure
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan") or getattr(self.instance, "plan", None)
        if plan is not None and "divisions" in cleaned:
            self.instance.plan = plan
            self.instance.all_divisions = cleaned.get("all_divisions", False)
            try:
                self.instance.clean_divisions(list(cleaned["divisions"]))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several files at once; each is checked by its content, not by its name."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        checked, errors = [], []
        for upload in uploads:
            if not upload:
                continue
            upload = super().clean(upload, initial)
            if upload.size > evidence_max_bytes():
                errors.append(ValidationError(
                    _("%(name)s is too large (%(size)s); the limit is %(limit)s."),
                    params={"name": upload.name, "size": filesizeformat(upload.size),
                            "limit": filesizeformat(evidence_max_bytes())},
                    code="too_large",
                ))
                continue
            file_type = filetypes.detect(upload)
            if file_type is None:
                errors.append(ValidationError(
                    _("%(name)s is not a PDF, image, Word (DOCX) or Excel (XLSX) file."),
                    params={"name": upload.name}, code="file_type",
                ))
                continue
            checked.append((upload, file_type))
        if errors:
            raise ValidationError(errors)
        return checked


class ProgressReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    files = EvidenceFilesField(
        label=_("Add evidence files"),
        help_text=_("PDF, PNG, JPEG, GIF, WebP, DOCX or XLSX; several files can be chosen at once."),
    )
    remove = forms.ModelMultipleChoiceField(
        queryset=Evidence.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Remove files"),
    )

    class Meta:
        model = ProgressReport
        fields = ["status", "percent", "done", "result", "problems", "links"]
        widgets = {
            "status": forms.RadioSelect,
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
            "done": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 2, "placeholder": "https://"}),
        }

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        if self.instance.pk:
            self.fields["remove"].queryset = self.instance.evidence.all()
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_links(self):
        links = self.cleaned_data["links"]
        validate = URLValidator(schemes=["http", "https"])
        for line in links.splitlines():
            if line.strip():
                try:
                    validate(line.strip())
                except ValidationError:
                    raise ValidationError(
                        _("%(link)s is not a web address (http:// or https://)."),
                        params={"link": line.strip()}, code="link",
                    ) from None
        return "\n".join(line.strip() for line in links.splitlines() if line.strip())

    def clean(self):
        cleaned = super().clean()
        status, percent = cleaned.get("status"), cleaned.get("percent")
        if status == ProgressReport.Status.NOT_STARTED and percent:
            self.add_error("percent", _("A measure not started is 0 percent done."))
        if status == ProgressReport.Status.IN_PROGRESS and percent == 100:
            self.add_error("status", _("A measure that is 100 percent done is done."))
        if self.submitting and status != ProgressReport.Status.NOT_STARTED and not cleaned.get("done", "").strip():
            self.add_error("done", _("Say what was done before submitting."))
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the round reopened?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=_("Kept with the round's history and shown to everyone in the agency."),
        error_messages={"required": _("Say why the round is reopened.")},
    )
