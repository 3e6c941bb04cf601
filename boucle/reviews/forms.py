from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.reviews.models import Decision
from boucle.reviews.selectors import SCORE_MAX, SCORE_MIN

SCORE_CHOICES = [(n, str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class ReviewWindowForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, help_text=_("For example: Spring review 2027."))
    starts_at = forms.DateTimeField(
        label=_("Opens on"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("Supported projects waiting for review enter review on this date."),
    )


class ScorecardForm(forms.Form):
    """One radio group from 1 to 5 per published criterion, then an optional note."""

    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown. Other reviewers of the organization read it."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        note = self.fields.pop("note")
        for criterion in criteria:
            self.fields[f"score_{criterion.key}"] = forms.TypedChoiceField(
                label=criterion.label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score-choices"}),
                help_text=_("1: %(low)s · 5: %(high)s") % {"low": criterion.low, "high": criterion.high},
            )
        self.fields["note"] = note

    def scores(self) -> dict:
        return {c.key: self.cleaned_data[f"score_{c.key}"] for c in self.criteria}

    def score_fields(self):
        return [self[f"score_{c.key}"] for c in self.criteria]

    @classmethod
    def initial_for(cls, review) -> dict:
        if review is None:
            return {}
        initial = {f"score_{k}": v for k, v in (review.scores or {}).items()}
        initial["note"] = review.note
        return initial


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect(attrs={"class": "score-choices"})
    )
    reason = forms.CharField(
        label=_("Public reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Markdown, at least 20 characters. Everyone reads it, starting with the team."),
        # The service checks the reason (length, blank); the form lets it through so the message is the same
        # in the browser and in the API.
        required=False,
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("The team's answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("Markdown. The team may answer once; the answer is public."),
    )
