from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.challenges.models import PhaseKind


def _dt_field(label):
    return forms.DateTimeField(
        label=label, required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ChallengeForm(forms.Form):
    """Title, brief, rule and the five phases (start and end each, both or neither)."""

    technology = forms.ModelChoiceField(label=_("Technology"), queryset=None, to_field_name="slug")
    title = forms.CharField(label=_("Title"), max_length=160)
    brief = forms.CharField(label=_("Brief"), widget=forms.Textarea(attrs={"rows": 10}), help_text=_("Markdown."))
    support_ladder = forms.CharField(
        label=_("Support ladder"), required=False,
        help_text=_("Tiers as supporters/days, e.g. “100/60, 1000/365”. Leave blank to follow the technology's."),
    )
    is_published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    def __init__(self, *args, technologies, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technology"].queryset = technologies
        if editing:
            del self.fields["technology"]
        for kind in PhaseKind:
            self.fields[f"{kind.value}_starts_at"] = _dt_field(_("%(phase)s starts") % {"phase": kind.label.capitalize()})
            self.fields[f"{kind.value}_ends_at"] = _dt_field(_("%(phase)s ends") % {"phase": kind.label.capitalize()})

    def main_fields(self):
        return [f for f in self if not f.name.endswith(("_starts_at", "_ends_at"))]

    def phase_rows(self):
        return [(kind, self[f"{kind.value}_starts_at"], self[f"{kind.value}_ends_at"]) for kind in PhaseKind]

    def clean(self):
        data = super().clean()
        for kind in PhaseKind:
            start, end = data.get(f"{kind.value}_starts_at"), data.get(f"{kind.value}_ends_at")
            if (start is None) != (end is None) and not self.has_error(f"{kind.value}_starts_at") \
                    and not self.has_error(f"{kind.value}_ends_at"):
                self.add_error(
                    f"{kind.value}_starts_at" if start is None else f"{kind.value}_ends_at",
                    _("Give both the start and the end of this phase, or neither."),
                )
        return data

    def phases(self) -> dict:
        data = self.cleaned_data
        return {
            kind.value: (data[f"{kind.value}_starts_at"], data[f"{kind.value}_ends_at"])
            for kind in PhaseKind
            if data.get(f"{kind.value}_starts_at") and data.get(f"{kind.value}_ends_at")
        }
