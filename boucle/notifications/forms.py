from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from boucle.notifications.enums import Channel, Kind


class PreferencesForm(forms.Form):
    """One radio group per kind (its channel) and the language of the e-mails."""

    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, channels: dict, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Channel.choices, widget=forms.RadioSelect, initial=channels[kind]
            )

    def rows(self):
        """[(kind, label, chosen channel, errors)] for the table, in the order of Kind."""
        return [(kind, label, self[kind].value(), self[kind].errors) for kind, label in Kind.choices]

    def channels(self) -> dict:
        return {kind: self.cleaned_data[kind] for kind in Kind.values}
