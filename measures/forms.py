from django import forms
from django.core.exceptions import ValidationError

from measures.models import Measure


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
