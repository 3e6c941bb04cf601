"""Forms of the realization pages. They read input; the services check the rules, the numbers and permissions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.realization.models import OfferKind, RunStatus

NUMBER = {"inputmode": "decimal", "autocomplete": "off"}
WHOLE = {"inputmode": "numeric", "autocomplete": "off"}


class AdoptForm(forms.Form):
    organization = forms.ChoiceField(label=_("Organization that produces it"))
    revision = forms.ChoiceField(label=_("Design revision to freeze"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown. What you plan: materials, dates, where it will be sold."),
    )

    def __init__(self, *args, organizations, revisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.slug, o.name) for o in organizations]
        self.fields["revision"].choices = [
            (str(r.pk), _("%(design)s — revision %(n)d") % {"design": r.design.title, "n": r.number})
            for r in revisions
        ]


class SellerSettingsForm(forms.Form):
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        help_text=_(
            "ISO 4217 code, like EUR, USD or CHF. Every offer of the organization is in this currency."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "size": 4}),
    )
    royalty_percent = forms.CharField(
        label=_("Royalty percent"),
        max_length=10,
        help_text=_("Share of net revenue (price paid less refunds) credited to the contributors, 0 to 100."),
        widget=forms.TextInput(attrs=NUMBER),
    )


class GrantForm(forms.Form):
    organization = forms.ChoiceField(label=_("Organization"))
    project = forms.ChoiceField(label=_("For"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, organizations, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.slug, o.name) for o in organizations]
        self.fields["project"].choices = [("", _("All my projects"))] + [(p.slug, p.title) for p in projects]


class RunForm(forms.Form):
    quantity = forms.CharField(label=_("Units"), max_length=12, widget=forms.TextInput(attrs=WHOLE))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class RunStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RunStatus.choices)


class OfferForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    kind = forms.ChoiceField(
        label=_("What is sold"),
        choices=[(OfferKind.PRODUCT, _("The product, made")), (OfferKind.KIT, _("The kit, to build"))],
        widget=forms.RadioSelect,
        initial=OfferKind.PRODUCT,
    )
    price = forms.CharField(label=_("Price"), max_length=20, widget=forms.TextInput(attrs=NUMBER))
    stock = forms.CharField(
        label=_("Units for sale now"), max_length=12, initial="0", widget=forms.TextInput(attrs=WHOLE)
    )
    lead_time_days = forms.CharField(
        label=_("Lead time (days)"), max_length=6, initial="0", widget=forms.TextInput(attrs=WHOLE)
    )
    shipping_regions = forms.CharField(
        label=_("Shipping regions"),
        required=False,
        max_length=2000,
        help_text=_("Separated by commas, like FR, BE, EU."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )


class OfferEditForm(OfferForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        del self.fields["stock"]


class StockForm(forms.Form):
    delta = forms.CharField(
        label=_("Units to add (a minus sign removes)"), max_length=12, widget=forms.TextInput(attrs=WHOLE)
    )
