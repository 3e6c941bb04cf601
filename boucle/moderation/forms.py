from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.moderation.models import ActionKind, ReportReason, TargetKind


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReportReason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is wrong? Required when the reason is \"other\". Only moderators read it."),
    )


class ActionForm(forms.Form):
    """One moderator's decision, posted from the queue."""

    action = forms.ChoiceField(choices=ActionKind.choices)
    type = forms.ChoiceField(choices=TargetKind.choices)
    id = forms.IntegerField(min_value=1, max_value=2**62)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    organization = forms.SlugField(required=False, max_length=120)
    next = forms.CharField(required=False, max_length=2000)


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("all"))] + ActionKind.choices)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all"))] + TargetKind.choices)
    moderator = forms.CharField(label=_("Moderator (username)"), required=False, max_length=150)
    organization = forms.CharField(label=_("Organization (slug)"), required=False, max_length=120)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
