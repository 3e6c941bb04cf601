from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.orgs.models import Role


class OrganizationCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italic*, [links](https://example.org), lists."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class OrganizationEditForm(OrganizationCreateForm):
    logo = forms.ImageField(label=_("Logo"), required=False, help_text=_("JPEG, PNG, GIF or WebP."))
    support_ladder = forms.CharField(
        label=_("Support ladder"), required=False,
        help_text=_("Tiers as supporters/days, e.g. “100/60, 1000/365, 5000/182, 10000/182”. "
                    "Leave blank for the platform default."),
    )
    review_criteria = forms.CharField(
        label=_("Review criteria"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, as “key: label”, e.g. “design: Design”. Leave blank for the platform default."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
