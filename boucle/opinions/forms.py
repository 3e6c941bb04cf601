"""Forms of the opinions pages: opening a conversation and importing a Pol.is export."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.opinions.models import WhoMayWrite


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ConversationForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown."),
    )
    seeds = forms.CharField(
        label=_("Seed statements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One per line: short statements people agree or disagree with, to start the conversation."
        ),
    )
    who_may_write = forms.ChoiceField(
        label=_("Who may write statements"), choices=WhoMayWrite.choices, initial=WhoMayWrite.MEMBERS
    )
    moderated_first = forms.BooleanField(label=_("Moderate statements before they show"), required=False)
    opens_at = _datetime_field(_("Opens at"))
    closes_at = _datetime_field(_("Closes at"))
    moderators = forms.CharField(
        label=_("Other moderators"),
        required=False,
        max_length=1000,
        help_text=_("Usernames, separated by commas or spaces."),
    )

    def seed_lines(self) -> list[str]:
        return self.cleaned_data["seeds"].splitlines()

    def moderator_names(self) -> list[str]:
        return [n for n in re.split(r"[\s,;]+", self.cleaned_data["moderators"]) if n]


class PolisImportForm(forms.Form):
    archive = forms.FileField(
        label=_("A zip of the export"),
        required=False,
        help_text=_("Or give the files one by one below."),
    )
    comments = forms.FileField(label="comments.csv", required=False)
    votes = forms.FileField(label="votes.csv", required=False)
    summary = forms.FileField(label=_("summary.csv (optional)"), required=False)
