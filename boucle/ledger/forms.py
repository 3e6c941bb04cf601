from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.ledger.models import DEFAULT_WEIGHTS, INFLUENCE_KINDS, MAX_WEIGHT, InfluenceWeights


class InfluenceWeightsForm(forms.Form):
    """One whole number of points per kind of act, 0 to 1000."""

    def __init__(self, *args, weights: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in INFLUENCE_KINDS:
            self.fields[kind] = forms.IntegerField(
                label=InfluenceWeights._meta.get_field(kind).verbose_name,
                min_value=0,
                max_value=MAX_WEIGHT,
                initial=weights[kind],
                help_text=_("Default: %(points)s") % {"points": DEFAULT_WEIGHTS[kind]},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )


class PayoutForm(forms.Form):
    member = forms.ChoiceField(label=_("Member paid"))
    currency = forms.ChoiceField(label=_("Currency"))
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        min_value=0.01,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=100,
        help_text=_("The bank transfer's reference, for instance. A reference can be used once."),
    )

    def __init__(self, *args, members: list, currencies: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—")] + [
            (m.username, f"{m.name} (@{m.username})") for m in members
        ]
        self.fields["currency"].choices = [(c, c) for c in currencies]
