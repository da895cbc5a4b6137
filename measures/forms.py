from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
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


def check_upload(upload) -> filetypes.FileType:
    """The type of an uploaded evidence file, read from its content; refuses large and unknown files."""
    if upload.size > evidence_max_bytes():
        raise ValidationError(
            _("%(name)s is too large (%(size)s); the limit is %(limit)s."),
            params={"name": upload.name, "size": filesizeformat(upload.size),
                    "limit": filesizeformat(evidence_max_bytes())},
            code="too_large",
        )
    file_type = filetypes.detect(upload)
    if file_type is None:
        raise ValidationError(
            _("%(name)s is not a PDF, image, Word (DOCX) or Excel (XLSX) file."),
            params={"name": upload.name}, code="file_type",
        )
    return file_type


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
            try:
                checked.append((upload, check_upload(upload)))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked


class EvidenceAdminForm(forms.ModelForm):
    """An evidence file added in admin gets the portal's checks: its content decides its type and name."""

    class Meta:
        model = Evidence
        fields = ["file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            file_type = check_upload(upload)
            self.instance.original_name = upload.name[:255]
            self.instance.size = upload.size
            upload.name = f"evidence{file_type.extension}"
        return upload


class SubmissionRules:
    """The model's rules see whether this save submits the report (they ask more of a submitted one); the
    service stamps the real time. A form that fails leaves the report as it was."""

    def submits(self) -> bool:
        raise NotImplementedError

    def _post_clean(self):
        stored = self.instance.submitted_at
        self.instance.submitted_at = timezone.now() if self.submits() else None
        super()._post_clean()
        if self.errors:
            self.instance.submitted_at = stored


class ProgressReportForm(SubmissionRules, forms.ModelForm):
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
        return "\n".join(line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip())

    def submits(self) -> bool:
        return self.submitting


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the round reopened?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=_("Kept with the round's history and shown to everyone in the agency."),
        error_messages={"required": _("Say why the round is reopened.")},
    )


class ProgressReportAdminForm(SubmissionRules, forms.ModelForm):
    """Admin's change page for a report: the same rules and version check as the portal's form."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    submit = forms.BooleanField(
        label=_("submitted"), required=False,
        help_text=_("Ticked: the report counts as submitted by you; unticked: it is a draft."),
    )

    class Meta:
        model = ProgressReport
        fields = ["round", "measure", "division", "status", "percent", "done", "result", "problems", "links"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A revert shows an old copy of the row: what it must not overwrite is the row as stored now.
        stored = ProgressReport.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        self.initial["opened_version"] = stored or 0
        self.initial.setdefault("submit", self.instance.is_submitted())

    def clean(self):
        cleaned = super().clean()
        progress_round = cleaned.get("round") or (self.instance.round if self.instance.round_id else None)
        if progress_round is not None and progress_round.is_locked():
            raise ValidationError(_("The round is approved: its reports are a record until it is reopened."),
                                  code="locked")
        stored = ProgressReport.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first() or 0
        if self.instance.pk and cleaned.get("opened_version") != stored:
            raise ValidationError(
                _("Someone saved this report after you opened it. Open it again to see their changes."),
                code="stale",
            )
        return cleaned

    def submits(self) -> bool:
        return bool(self.cleaned_data.get("submit"))


class RoundActionForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason (for reopening)"), required=False, max_length=2000,
        widget=forms.TextInput(attrs={"size": 40}),
    )


class RolloverActionForm(ActionForm):
    # Text, checked by the action: a bad value here would make the admin report "no action selected".
    to_year = forms.CharField(
        label=_("to fiscal year (empty: the next one)"), required=False, max_length=10,
        widget=forms.TextInput(attrs={"size": 6, "inputmode": "numeric"}),
    )

    @staticmethod
    def year(value: str) -> int | None:
        value = (value or "").strip()
        if not value:
            return None
        if not value.isdigit() or not 2500 <= int(value) <= 2800:
            raise forms.ValidationError(_("Type the fiscal year in the Buddhist era, for example 2570."))
        return int(value)
