from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.orders.models import OrderState


class QuantityForm(forms.Form):
    # A text field, not a number one: the service says what is wrong with "0", "-2" or "two" in one sentence.
    quantity = forms.CharField(
        label=_("Quantity"),
        max_length=10,
        initial="1",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class CheckoutForm(forms.Form):
    ship_name = forms.CharField(
        label=_("Name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    ship_street = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    ship_postcode = forms.CharField(
        label=_("Postcode"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    ship_city = forms.CharField(
        label=_("City"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    ship_country = forms.CharField(
        label=_("Country"),
        max_length=2,
        min_length=2,
        help_text=_("Two-letter code: FR, BE, DE…"),
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 2}),
    )
    note = forms.CharField(label=_("Note for the seller"), max_length=500, required=False)
    # Made when the page is drawn: submitting the page twice (a double click, a reload) places the orders once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=OrderState.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)


class PaymentConfirmForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment reference (optional)"),
        max_length=120,
        required=False,
        help_text=_("The bank's reference of the transfer, for your books."),
    )


class RefundForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount to refund"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class SellerFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *OrderState.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
