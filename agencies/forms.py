from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Membership, Role


class MembershipAdminForm(forms.ModelForm):
    """Making someone an admin gives their account access to this admin site: an agency admin may do that
    only for people who belong to no other agency."""

    managed_users = None  # set by the admin for the person using it

    class Meta:
        model = Membership
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user") or (self.instance.user if self.instance.user_id else None)
        if (cleaned.get("role") == Role.ADMIN and user is not None and self.managed_users is not None
                and not self.managed_users.filter(pk=user.pk).exists()):
            self.add_error("role", _("This person also belongs to another agency: only the platform's "
                                     "administrators can make them an admin."))
        return cleaned
