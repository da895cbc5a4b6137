from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from measures.forms import EvidenceFilesField
from oit.models import WEB_ADDRESS, EvidenceFile, Status
from oit.services import ItemChange

STATUS_LABELS = dict(Status.choices)
URL_MAX_LENGTH = 500


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def web_address(line: str) -> str:
    """What people paste: "www.po.go.th/x" means https://www.po.go.th/x."""
    line = line.strip()
    return line if "://" in line else "https://" + line


class ItemForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=list(STATUS_LABELS.items()), widget=forms.RadioSelect)
    links = forms.CharField(
        label=_("evidence links"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "https://", "spellcheck": "false"}),
        help_text=_("One web address per line; www.… is completed with https://."),
    )
    files = EvidenceFilesField(
        label=_("Add evidence files"),
        help_text=_("PDF, PNG, JPEG, GIF, WebP, DOCX or XLSX; several files can be chosen at once."),
    )
    remove = forms.ModelMultipleChoiceField(
        queryset=EvidenceFile.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Remove files"),
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    division = forms.ModelChoiceField(
        label=_("responsible division"), queryset=None, required=False, empty_label=_("not assigned"),
    )

    def __init__(self, *args, item, assign: bool, **kwargs):
        kwargs.setdefault("initial", {
            "status": item.status, "note": item.note, "division": item.division_id,
            "links": "\n".join(link.url for link in item.links.all()),
        })
        super().__init__(*args, **kwargs)
        self.item, self.assign = item, assign
        self.fields["remove"].queryset = item.files.all()
        if assign:
            self.fields["division"].queryset = item.workspace.organization.divisions.all()
        else:
            del self.fields["division"]

    def clean_links(self) -> list[str]:
        urls, errors = [], []
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            if not line.strip():
                continue
            url = web_address(line)
            try:
                if len(url) > URL_MAX_LENGTH:
                    raise ValidationError("too long")
                WEB_ADDRESS(url)
            except ValidationError:
                errors.append(ValidationError(
                    _("Line %(line)s, “%(text)s”, is not a web address. Type one address per line, for example "
                      "https://www.example.go.th/ita."),
                    params={"line": number, "text": line.strip()[:80]}, code="invalid_url",
                ))
            else:
                urls.append(url)
        if errors:
            raise ValidationError(errors)
        return urls

    def change(self) -> ItemChange:
        data = self.cleaned_data
        return ItemChange(status=data["status"], note=data["note"].strip(), urls=data["links"],
                          division=data.get("division"), assign=self.assign)
